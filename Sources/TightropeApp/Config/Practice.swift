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

    package init(config: Configuration, templates: TemplateSet, bank: QuestionBank, hmacKey: [UInt8], measure: Measure? = nil) {
        self.config = config
        self.templates = templates
        self.bank = bank
        self.hmacKey = hmacKey
        self.measure = measure
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
        return Practice(config: config, templates: templates, bank: bank, hmacKey: hmacKey, measure: measure)
    }
}
