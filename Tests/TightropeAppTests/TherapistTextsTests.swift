import Foundation
import Logging
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail
@testable import TightropeRendering

/// Every language a therapist may read has every word the code puts into their mail: each key
/// of the English texts with its placeholders, a name for every concept of the safety screen,
/// and a translation of every review reason the code can write (found in the sources, so a new
/// reason without its translation fails here, not in a German digest).
@Suite struct TherapistTextsTests {
    static let sources = LocaleTests.repo.appendingPathComponent("Sources")

    /// The review reasons (and the descriptions of unverified messages) the code writes, as
    /// patterns: each literal, a `\(…)` interpolation as `{x}`, and an operand that is not a
    /// literal (`"a reply to the digest, not applied: " + reason`) as `{reason}`.
    static func reasonPatterns() throws -> [(file: String, pattern: String)] {
        let triggers = ["reviewReason = ", "hold(&d, reason: ", "try hold(", ".quarantined(reason: ", "what: "]
        var out: [(String, String)] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for trigger in triggers {
                var rest = text[...]
                while let hit = rest.range(of: trigger) {
                    for pattern in Self.expression(text[hit.upperBound...]) { out.append((file.lastPathComponent, pattern)) }
                    rest = text[hit.upperBound...]
                }
            }
        }
        return out
    }

    /// The string alternatives of the expression at the start of `source`, up to the `,` or `)`
    /// that ends it: literals joined by `+` are one text; `a ? "x" : "y"` gives two.
    static func expression(_ source: Substring) -> [String] {
        var alternatives: [String] = [], current = "", hasLiteral = false, operand = ""
        var i = source.startIndex, depth = 0
        func closeOperand() {
            let word = operand.trimmingCharacters(in: .whitespacesAndNewlines)
            if !word.isEmpty, hasLiteral || !current.isEmpty { current += "{reason}" }
            operand = ""
        }
        func finish() {
            closeOperand()
            if hasLiteral { alternatives.append(current) }
            current = ""
            hasLiteral = false
        }
        while i < source.endIndex {
            let c = source[i]
            if c == "\"" {
                operand = ""
                hasLiteral = true
                i = source.index(after: i)
                while i < source.endIndex, source[i] != "\"" {
                    if source[i] == "\\", source.index(after: i) < source.endIndex, source[source.index(after: i)] == "(" {
                        var d = 0
                        i = source.index(after: i)
                        repeat {
                            if source[i] == "(" { d += 1 } else if source[i] == ")" { d -= 1 }
                            i = source.index(after: i)
                        } while d > 0 && i < source.endIndex
                        current += "{x}"
                        continue
                    }
                    current.append(source[i])
                    i = source.index(after: i)
                }
                i = source.index(after: i)
                continue
            }
            if c == "(" || c == "[" { depth += 1 }
            if c == ")" || c == "]" {
                if depth == 0 { break }
                depth -= 1
            }
            if depth == 0 {
                if c == "," || c == "{" || c == "}" || (c == "\n" && !source[source.index(after: i)...].drop { $0 == " " }.hasPrefix("+")) { break }
                if c == "+" { closeOperand() } else if c == "?" || c == ":" {
                    finish()
                } else if c != " " { operand.append(c) }
            } else {
                operand.append(c)
            }
            i = source.index(after: i)
        }
        finish()
        return alternatives.filter { !$0.isEmpty && $0 != "{reason}" }
    }

    /// A pattern made into a reason as the store keeps it: `{x}` a number, `{reason}` a known reason.
    static func instance(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "{x}", with: "7")
            .replacingOccurrences(of: "{reason}", with: "the token in the reply address fails its check")
    }

    @Test func theSourcesReasonsAreFoundByTheScan() throws {
        let patterns = try Self.reasonPatterns().map(\.pattern)
        #expect(patterns.count >= 25, "\(patterns)")
        for known in ["the token in the reply address fails its check", "unknown sender, no token", "no token or thread from a known sender",
                      "a reply to the digest, not applied: {reason}", "held for review ({x})",
                      "could not be read: reading it failed or stopped the poll {x} times; it is stored whole (review show prints its headers and the start of its text)"] {
            #expect(patterns.contains(known), "\(known) not found in \(patterns)")
        }
        #expect(Self.expression("\"a\" + b, c") == ["a{reason}"])
        #expect(Self.expression("x == nil ? \"one\" : \"two\", coupleID: nil)") == ["one", "two"])
    }

    @Test func everyTherapistLanguageHasEveryTextConceptAndReason() throws {
        let practice = try TestPractice.make()
        let lexicon = try TestLexicon.installed()
        let patterns = try Self.reasonPatterns()
        let therapistLanguages = practice.languages.filter {
            FileManager.default.fileExists(atPath: LocaleTests.repo.appendingPathComponent("Templates/locales/\($0)/therapist_texts.toml").path)
        }
        #expect(therapistLanguages.contains("de"))
        for tag in therapistLanguages {
            let locale = try practice.therapistLocale(tag)
            for concept in lexicon.categories {
                #expect(locale.texts.concepts[concept.id] != nil, "\(tag): no name for the concept \(concept.id)")
            }
            for (file, pattern) in patterns {
                #expect(locale.texts.translated(Self.instance(pattern)) != nil, "\(tag): no translation of the reason in \(file): \(pattern)")
            }
            // A reason from an older wording is shown as English, labelled, never passed off as translated.
            #expect(locale.texts.reason("a wording no translation knows").contains("„a wording no translation knows“"))
        }
    }

    /// Counted words take the form ICU's plural rules choose: one and other in English and
    /// German, and Polish's one, few and many where a language needs them.
    @Test func countsTakeThePluralFormTheLanguagesRulesChoose() throws {
        let practice = try TestPractice.make()
        let en = practice.therapistTexts, de = try practice.therapistLocale("de").texts
        #expect(en.count(.alerts, 1) == "1 safety alert" && en.count(.alerts, 3) == "3 safety alerts")
        #expect(de.count(.hours, 1) == "1 Stunde" && de.count(.hours, 48) == "48 Stunden")
        #expect(LocaleSupport.pluralCategory(2, language: "pl") == "few" && LocaleSupport.pluralCategory(5, language: "pl") == "many")
        #expect(LocaleSupport.pluralCategory(2, language: "he") == "two" && LocaleSupport.pluralCategory(7, language: "ja") == "other")
        #expect(LocaleSupport.pluralCategories(language: "pl") == ["one", "few", "many"], "whole numbers; \"other\" is for fractions")
    }

    @Test func aLanguagesTextsMustHaveEveryKeyAndItsPlaceholders() throws {
        let english = try TestPractice.make().therapistTexts
        let full = try String(contentsOf: LocaleTests.repo.appendingPathComponent("Templates/locales/de/therapist_texts.toml"), encoding: .utf8)
        _ = try TherapistTexts.parse(full, file: "de", language: "de", english: english)
        #expect(throws: TOMLFileError.self) {
            try TherapistTexts.parse(full.replacingOccurrences(of: "signalBothDeclining =", with: "# signalBothDeclining ="),
                                     file: "de", language: "de", english: english)
        }
        #expect(throws: TOMLFileError.self) {
            try TherapistTexts.parse(full.replacingOccurrences(of: "Ihre Notiz vom {date}: {text}", with: "Ihre Notiz: {text}"),
                                     file: "de", language: "de", english: english)
        }
        // A plural form the language's rules use must be there (German: one and other).
        #expect(throws: TOMLFileError.self) {
            try TherapistTexts.parse(full.replacingOccurrences(of: "one = \"{n} Stunde\"\n", with: ""), file: "de", language: "de", english: english)
        }
        // A therapist whose language has no therapist texts: the configuration is refused, by name.
        var config = TestPractice.configuration()
        config.therapists[0].language = "ja"
        #expect(throws: AppError.self) { try TestPractice.make(config: config) }
    }
}

/// A therapist who reads German: the alert, the digest (text and HTML), the reminder and the
/// confirmation of a reply to the digest, as golden files read once by a person; no English
/// sentence of the therapist templates in any of them; instructions (English words) still work.
@Suite struct GermanTherapistTests {
    /// The English sentences of the therapist templates, as literal runs of four or more words.
    static func englishSentences() throws -> [String] {
        var out: [String] = []
        for name in TemplateSet.therapistTemplates {
            let text = try String(contentsOf: LocaleTests.repo.appendingPathComponent("Templates/\(name).mustache"), encoding: .utf8)
            let literal = text.replacingOccurrences(of: #"\{\{[^}]*\}\}|<[^>]*>|&[a-z]+;"#, with: "\n", options: .regularExpression)
            for run in literal.components(separatedBy: CharacterSet(charactersIn: "\n.:;!?\"()“”„,")) {
                let words = run.split(whereSeparator: \.isWhitespace)
                if words.count >= 4 { out.append(words.joined(separator: " ")) }
            }
        }
        return out
    }

    @Test func aGermanTherapistReadsEveryMailInGerman() throws {
        let s = try TherapistReplyTests.Scene(resendHours: 24) { $0.therapists[0].language = "de" }
        try s.f.poll()
        let reminder = try #require(s.f.sender.sent.first { $0.to == TherapistReplyTests.robin }).bytes
        try s.reply(["R\(s.lowConfidence) 1) 4 2) 2", "A\(s.alert) seen", "theme c1 Grenzen", "pause c2 2 weeks",
                     "R999 accept", "bogus line"])
        try s.f.poll()
        let echo = try #require(s.f.sender.sent.last { $0.to == TherapistReplyTests.robin }).bytes
        #expect(try s.f.store.couple(id: "c1")?.nextTheme == "boundaries", "a theme named by its German title")
        #expect(try s.f.store.couple(id: "c2")?.status == .paused)
        let html = try DigestJob(practice: s.f.practice, store: s.f.store, lexicon: try TestLexicon.installed(),
                                 clock: FixedTime(now: fixedDate("2026-12-07T08:00:00Z")), logger: Logger(label: "t"))
            .html(for: s.f.practice.config.therapists[0])
        let english = try Self.englishSentences()
        #expect(english.count > 30)
        var files: [(String, String)] = []
        for (name, bytes) in [("alert", s.alertMail), ("digest", s.digest), ("alert-reminder", reminder), ("digest-reply-confirmation", echo)] {
            let message = MIMEMessage(bytes)
            #expect(message.header("Content-Language") == "de", "\(name)")
            let text = "Subject: \(message.header("Subject") ?? "")\n\n" + message.readableText().text
            let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for sentence in english { #expect(!flat.contains(sentence), "\(name): \(sentence)") }
            files.append(("de-therapist-\(name).txt", text))
        }
        #expect(html.contains("<html lang=\"de\">"))
        files.append(("de-therapist-digest-after-reply.html", html))
        for (name, text) in files {
            #expect(Golden.compare(Array(text.utf8), file: LocaleTests.goldenDir.appendingPathComponent("locales/\(name)")) == .matches, "\(name)")
        }
    }
}
