import Foundation
import TightropeCore
import TightropeMail
import TightropeRendering

/// What a therapist reads their mail in: templates, the code's words, and theme titles.
package struct TherapistLocale: Sendable {
    package let templates: TemplateSet
    package let texts: TherapistTexts
    package let bank: QuestionBank
}

/// Everything the jobs need that does not change during a run: configuration, the checked
/// templates, the question bank and the token key.
package struct Practice: Sendable {
    package let config: Configuration
    package let templates: TemplateSet
    package let bank: QuestionBank
    package let hmacKey: [UInt8]
    /// The monthly measure asked with the check-in (the CSI-4), unless the practice turned it off.
    package let measure: Measure?
    /// The installed languages other than English, each loaded (and checked) the first time a
    /// partner who writes in it is written to or read: a run that meets only English partners
    /// parses no other language's files.
    package let locales: LocaleCatalog
    /// The words of a therapist's mail the code puts together, in English (`Templates/therapist_texts.toml`).
    package let therapistTexts: TherapistTexts

    /// What a therapist who reads `language` gets their digest, alerts and confirmations in:
    /// that language's therapist templates and texts, and its question bank (for theme titles).
    /// A language without them is an error (the configuration names it; `doctor` checks it).
    package func therapistLocale(_ language: String) throws(AppError) -> TherapistLocale {
        guard language != "en" else { return TherapistLocale(templates: templates, texts: therapistTexts, bank: bank) }
        return try locales.therapistLocale(language)
    }

    /// The installed languages other than English (nothing is loaded to list them).
    package var languages: [String] { locales.tags }

    /// The templates a partner who writes in `language` reads. A language not installed, or one
    /// whose files are broken, is an error: never English in its place.
    package func templates(for language: String) throws(AppError) -> TemplateSet {
        language == "en" ? templates : try locales.locale(language).templates
    }

    /// A round's questions as a partner who writes in `language` reads them: the same scales,
    /// theme and prompt (by id) in their language. The monthly measure is asked only in the
    /// language its validated wording is in (English).
    package func questions(_ questions: RoundQuestions, for language: String) throws(AppError) -> RoundQuestions {
        guard language != "en" else { return questions }
        let local = try locales.locale(language).bank
        var q = questions
        q.scales = questions.scales.map { scale in local.scales.first { $0.id == scale.id } ?? scale }
        q.themeTitle = local.themeTitles[questions.theme] ?? questions.themeTitle
        if let prompt = local.prompts[questions.theme]?.first(where: { $0.id == questions.prompt.id }) { q.prompt = prompt }
        q.measure = nil
        return q
    }

    package init(config: Configuration, templates: TemplateSet, bank: QuestionBank, hmacKey: [UInt8], measure: Measure? = nil,
                 locales: LocaleCatalog? = nil, therapistTexts: TherapistTexts) {
        self.config = config
        self.templates = templates
        self.bank = bank
        self.hmacKey = hmacKey
        self.measure = measure
        self.therapistTexts = therapistTexts
        self.locales = locales ?? LocaleCatalog(tags: [], templates: URL(fileURLWithPath: "/nonexistent"),
                                                seeds: URL(fileURLWithPath: "/nonexistent"), english: bank, therapistTexts: therapistTexts)
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
        // The installed languages: listed now, each parsed and checked on first use (LocaleCatalog).
        let templatesDir = ResourceLocator.templatesDirectory(configured: config.templatesDirectory)
        let seedsDir = ResourceLocator.questionsFile(configured: config.questionsFile).deletingLastPathComponent()
        let therapistTexts: TherapistTexts
        do {
            therapistTexts = try TherapistTexts.load(path: templatesDir.appendingPathComponent("therapist_texts.toml").path, language: "en",
                                                     english: nil)
        } catch {
            throw .configuration(error.description)
        }
        let locales = LocaleCatalog(tags: LocaleSupport.available(templates: templatesDir, seeds: seedsDir).filter { $0 != "en" },
                                    templates: templatesDir, seeds: seedsDir, english: bank, therapistTexts: therapistTexts)
        let practice = Practice(config: config, templates: templates, bank: bank, hmacKey: hmacKey, measure: measure, locales: locales,
                                therapistTexts: therapistTexts)
        // Every therapist's language is there before anything is sent to them.
        for therapist in config.therapists where therapist.language != "en" {
            do throws(AppError) { _ = try practice.therapistLocale(therapist.language) } catch {
                throw .configuration("[[therapists]] \(therapist.id): language \(therapist.language): \(error.description)")
            }
        }
        return practice
    }
}

/// The installed languages' templates and question banks, each read and checked as strictly as
/// English (all partner templates; a bank with every scale and prompt id of the English one) the
/// first time it is asked for, then kept. Shared by every copy of a `Practice`.
package final class LocaleCatalog: @unchecked Sendable {  // `loaded` and `therapists` are guarded by `lock`
    package typealias Locale = (templates: TemplateSet, bank: QuestionBank)
    package let tags: [String]
    private let templatesDir: URL, seedsDir: URL, english: QuestionBank, englishTherapistTexts: TherapistTexts
    private let lock = NSLock()
    private var loaded: [String: Locale] = [:]
    private var therapists: [String: TherapistLocale] = [:]

    package init(tags: [String], templates: URL, seeds: URL, english: QuestionBank, therapistTexts: TherapistTexts) {
        self.tags = tags.sorted()
        self.templatesDir = templates
        self.seedsDir = seeds
        self.english = english
        self.englishTherapistTexts = therapistTexts
    }

    /// A language's therapist side (digest, alerts, confirmations), loaded on first use: its
    /// therapist templates and `therapist_texts.toml`, checked against English.
    package func therapistLocale(_ tag: String) throws(AppError) -> TherapistLocale {
        let base = try locale(tag)
        lock.lock()
        defer { lock.unlock() }
        if let known = therapists[tag] { return known }
        if let missing = TemplateSet.therapistTemplates.first(where: { !base.templates.names.contains($0) }) {
            throw .configuration("language \(tag): no texts for therapists are installed for it (\(missing).mustache is missing "
                                 + "in Templates/locales/\(tag)); a therapist's language can be en or one that has them")
        }
        let texts: TherapistTexts
        do {
            texts = try TherapistTexts.load(path: templatesDir.appendingPathComponent("locales/\(tag)/therapist_texts.toml").path,
                                            language: tag, english: englishTherapistTexts)
        } catch {
            throw .configuration("language \(tag): \(error.description)")
        }
        let locale = TherapistLocale(templates: base.templates, texts: texts, bank: base.bank)
        therapists[tag] = locale
        return locale
    }

    /// One language, loaded on first use.
    package func locale(_ tag: String) throws(AppError) -> Locale {
        lock.lock()
        defer { lock.unlock() }
        if let known = loaded[tag] { return known }
        guard tags.contains(tag) else {
            throw .configuration("language \(tag): no check-in texts are installed for it (installed: en, \(tags.joined(separator: ", ")))")
        }
        let locale: Locale
        do {
            let set = try TemplateSet(directory: templatesDir.appendingPathComponent("locales/\(tag)"), required: TemplateSet.partnerTemplates)
            let bank = try QuestionBankLoader.load(path: seedsDir.appendingPathComponent("questions.\(tag).toml").path)
            try LocaleSupport.checkSameIDs(bank, as: english, language: tag)
            locale = (set, bank)
        } catch let error as RenderingError {
            throw .configuration("language \(tag): \(error.description)")
        } catch let error as TOMLFileError {
            throw .configuration(error.description)
        } catch let error as AppError {
            throw error
        } catch {
            throw .configuration("language \(tag): \(error)")
        }
        loaded[tag] = locale
        return locale
    }

    /// Every installed language, loaded (`doctor` checks them all; tests compare them).
    package func all() throws(AppError) -> [String: Locale] {
        var out: [String: Locale] = [:]
        for tag in tags { out[tag] = try locale(tag) }
        return out
    }
}
