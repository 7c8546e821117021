import Foundation
#if canImport(_FoundationICU)
import _FoundationICU
#endif
import TightropeCore
import TightropeRendering

/// The languages partners can be written to: English (the templates and the question bank
/// themselves), and every `Templates/locales/<tag>/` that holds all the templates a partner
/// reads with a question bank `seeds/questions.<tag>.toml` beside it. A language without
/// both is refused when a couple is added, never filled in with English.
package enum LocaleSupport {
    /// A BCP 47 tag as partners' languages are written here: a 2–3 letter language, then
    /// optional subtags of 2–8 letters or digits (`de`, `pt-BR`, `zh-Hant`, `sr-Latn-RS`).
    package static func isWellFormed(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// The installed languages, English first.
    package static func available(templates: URL = ResourceLocator.templatesDirectory(configured: nil),
                                  seeds: URL = ResourceLocator.seedsDirectory) -> [String] {
        let dir = templates.appendingPathComponent("locales")
        let tags = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return ["en"] + tags.filter { tag in
            isWellFormed(tag) && TemplateSet.partnerTemplates.allSatisfy {
                FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(tag)/\($0).mustache").path)
            } && FileManager.default.fileExists(atPath: seeds.appendingPathComponent("questions.\(tag).toml").path)
        }.sorted()
    }

    /// A language's question bank must ask the same things: every scale id, theme and prompt id
    /// of the English bank, and nothing else.
    package static func checkSameIDs(_ local: QuestionBank, as english: QuestionBank, language: String) throws(AppError) {
        guard local.scales.map(\.id) == english.scales.map(\.id) else {
            throw .configuration("questions.\(language).toml: its scales are not the English bank's (\(english.scales.map(\.id.rawValue)))")
        }
        for theme in Theme.allCases {
            let ids = Set((english.prompts[theme] ?? []).map(\.id)), localIDs = Set((local.prompts[theme] ?? []).map(\.id))
            guard ids == localIDs else {
                let missing = ids.subtracting(localIDs).sorted(), extra = localIDs.subtracting(ids).sorted()
                throw .configuration("questions.\(language).toml: theme \(theme.rawValue) differs from the English bank"
                                     + (missing.isEmpty ? "" : "; missing \(missing.joined(separator: ", "))")
                                     + (extra.isEmpty ? "" : "; unknown \(extra.joined(separator: ", "))"))
            }
        }
    }

    /// A date as ICU writes it in `language`'s long style, in `timeZoneID`.
    /// CLDR's plural category of `n` in `language` ("one", "few", "many", "other"…), by ICU's
    /// plural rules as Foundation ships them: "1 Warnung" / "2 Warnungen", Polish "2 alerty" /
    /// "5 alertów". Never a hand-written rule; "other" when ICU cannot say.
    package static func pluralCategory(_ n: Int, language: String) -> String {
        pluralCategories(of: [n], language: language)[0]
    }

    /// The plural categories `language` uses for whole numbers (as ICU sees them for 0…1000).
    package static func pluralCategories(language: String) -> Set<String> {
        Set(pluralCategories(of: Array(0...1000), language: language))
    }

    /// Each number's category, with the language's rules opened once.
    private static func pluralCategories(of numbers: [Int], language: String) -> [String] {
        #if canImport(_FoundationICU)
        var status = U_ZERO_ERROR
        guard let rules = swift_uplrules_open(language, &status), status.rawValue <= U_ZERO_ERROR.rawValue else {
            return numbers.map { _ in "other" }
        }
        defer { swift_uplrules_close(rules) }
        var buffer = [UChar](repeating: 0, count: 16)
        return numbers.map { n in
            var status = U_ZERO_ERROR
            let length = swift_uplrules_select(rules, Double(n), &buffer, Int32(buffer.count), &status)
            guard status.rawValue <= U_ZERO_ERROR.rawValue, length > 0 else { return "other" }
            return String(decoding: buffer[0..<Int(length)], as: UTF16.self)
        }
        #else
        return numbers.map { _ in "other" }
        #endif
    }

    /// A language's name in another language, by ICU ("Japanisch" for ja in de, "Japanese" in en).
    package static func languageName(_ tag: String, in language: String) -> String {
        Locale(identifier: language).localizedString(forIdentifier: tag) ?? tag
    }

    package static func longDate(_ date: Date, language: String, timeZoneID: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: language)
        f.timeZone = TimeZone(identifier: timeZoneID) ?? TimeZone(identifier: "UTC")
        f.dateStyle = .long
        f.timeStyle = .none
        return f.string(from: date)
    }
}
