import Foundation
import TightropeCore
import TightropeMail
import TightropeRendering

/// Everything the jobs need that does not change during a run: configuration, the checked
/// templates, the question bank and the token key.
package struct Practice: Sendable {
    package let config: Configuration
    package let templates: TemplateSet
    package let bank: QuestionBank
    package let hmacKey: [UInt8]
    /// The monthly measure asked with the check-in (the CSI-4), unless the practice turned it off.
    package let measure: Measure?
    /// Each installed language other than English: its partner templates and question bank.
    package let locales: [String: (templates: TemplateSet, bank: QuestionBank)]

    /// The templates a partner who writes in `language` reads (English for `en`).
    package func templates(for language: String) -> TemplateSet { locales[language]?.templates ?? templates }

    /// The question bank in `language` (English for `en`).
    package func bank(for language: String) -> QuestionBank { locales[language]?.bank ?? bank }

    /// A round's questions as a partner who writes in `language` reads them: the same scales,
    /// theme and prompt (by id) in their language. The monthly measure is asked only in the
    /// language its validated wording is in (English).
    package func questions(_ questions: RoundQuestions, for language: String) -> RoundQuestions {
        guard language != "en", let local = locales[language]?.bank else { return questions }
        var q = questions
        q.scales = questions.scales.map { scale in local.scales.first { $0.id == scale.id } ?? scale }
        q.themeTitle = local.themeTitles[questions.theme] ?? questions.themeTitle
        if let prompt = local.prompts[questions.theme]?.first(where: { $0.id == questions.prompt.id }) { q.prompt = prompt }
        q.measure = nil
        return q
    }

    package init(config: Configuration, templates: TemplateSet, bank: QuestionBank, hmacKey: [UInt8], measure: Measure? = nil,
                 locales: [String: (templates: TemplateSet, bank: QuestionBank)] = [:]) {
        self.config = config
        self.templates = templates
        self.bank = bank
        self.hmacKey = hmacKey
        self.measure = measure
        self.locales = locales
    }

    /// Loads templates and questions from where the configuration (or install) says.
    package static func load(config: Configuration, hmacKey: [UInt8]) throws(AppError) -> Practice {
        let templates: TemplateSet
        do {
            templates = try TemplateSet(directory: ResourceLocator.templatesDirectory(configured: config.templatesDirectory))
        } catch {
            throw .configuration(error.description)
        }
        let bank: QuestionBank
        do {
            bank = try QuestionBankLoader.load(path: ResourceLocator.questionsFile(configured: config.questionsFile).path)
        } catch {
            throw .configuration(error.description)
        }
        var measure: Measure?
        if config.csi4 {
            do { measure = try MeasureLoader.csi4() } catch { throw .configuration(error.description) }
        }
        // Every installed language, checked as strictly as English: all partner templates, and a
        // question bank with every scale and prompt id of the English one.
        let templatesDir = ResourceLocator.templatesDirectory(configured: config.templatesDirectory)
        let seedsDir = ResourceLocator.questionsFile(configured: config.questionsFile).deletingLastPathComponent()
        var locales: [String: (templates: TemplateSet, bank: QuestionBank)] = [:]
        for tag in LocaleSupport.available(templates: templatesDir, seeds: seedsDir) where tag != "en" {
            do {
                let set = try TemplateSet(directory: templatesDir.appendingPathComponent("locales/\(tag)"), required: TemplateSet.partnerTemplates)
                let local = try QuestionBankLoader.load(path: seedsDir.appendingPathComponent("questions.\(tag).toml").path)
                try LocaleSupport.checkSameIDs(local, as: bank, language: tag)
                locales[tag] = (set, local)
            } catch let error as RenderingError {
                throw .configuration("language \(tag): \(error.description)")
            } catch let error as TOMLFileError {
                throw .configuration(error.description)
            } catch let error as AppError {
                throw error
            } catch {
                throw .configuration("language \(tag): \(error)")
            }
        }
        return Practice(config: config, templates: templates, bank: bank, hmacKey: hmacKey, measure: measure, locales: locales)
    }
}
