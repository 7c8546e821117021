import Foundation
import Logging
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail
@testable import TightropeRendering
@testable import TightropeStore

/// A pseudo-locale run: every word of the English partner templates and question bank is
/// rewritten letter by letter into accented look-alikes ("check-in" → "çĥéçķ-íñ") and installed
/// as a language (`qps`, a private-use tag). A couple in it goes through the loop — check-in,
/// reply, confirmation, next week's check-in with the recap, reminder, a pause and its
/// confirmation. Any plain ASCII word left in what they read came from the code, not from the
/// texts, and would be English in a German email: the test names it.
@Suite struct PseudoLocaleTests {
    static let tag = "qps"
    static let letters: [Character: Character] = {
        let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let accented = Array("áƀçďéƒĝĥíĵķĺɱñóþǫŕśţúṽŵẋýžÁƁÇĎÉƑĜĤÍĴĶĹṀÑÓṔǪŔŚŢÚṼŴẊÝŽ")
        return Dictionary(uniqueKeysWithValues: zip(plain, accented))
    }()

    static func pseudo(_ text: Substring) -> String { String(text.map { letters[$0] ?? $0 }) }

    /// Rewrites the literal text of a template; Mustache tags, HTML tags, entities and style
    /// sheets stay as they are.
    static func pseudoTemplate(_ text: String, html: Bool = true) -> String {
        let keep = try! Regex(html ? #"\{\{\{?[^}]*\}?\}\}|<style[\s\S]*?</style>|<[^>]*>|&[a-z]+;|&#[0-9]+;"# : #"\{\{\{?[^}]*\}?\}\}"#)
        var out = "", rest = text[...]
        while let match = rest.firstMatch(of: keep) {
            out += pseudo(rest[..<match.range.lowerBound]) + String(match.output[0].substring ?? "")
            rest = rest[match.range.upperBound...]
        }
        return out + pseudo(rest)
    }

    /// Rewrites the texts of a question bank (questions, anchors, titles, prompts), not its ids.
    static func pseudoBank(_ toml: String) -> String {
        toml.components(separatedBy: "\n").map { line in
            guard !line.hasPrefix("#") else { return line }
            var out = line
            for key in ["question", "low", "high", "title", "text"] {
                let pattern = try! Regex("\\b\(key) = \"([^\"]*)\"")
                if let m = out.firstMatch(of: pattern), let value = m.output[1].substring {
                    out.replaceSubrange(value.startIndex..<value.endIndex, with: pseudo(value))
                }
            }
            return out
        }.joined(separator: "\n")
    }

    /// A copy of the installed texts with the pseudo-locale added.
    static func install() throws -> URL {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("tightrope-pseudo-\(UUID().uuidString)")
        try fm.createDirectory(at: root.appendingPathComponent("seeds"), withIntermediateDirectories: true)
        try fm.copyItem(at: LocaleTests.repo.appendingPathComponent("Templates"), to: root.appendingPathComponent("Templates"))
        let dir = root.appendingPathComponent("Templates/locales/\(tag)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in TemplateSet.partnerTemplates {
            let english = try String(contentsOf: root.appendingPathComponent("Templates/\(name).mustache"), encoding: .utf8)
            try pseudoTemplate(english).write(to: dir.appendingPathComponent("\(name).mustache"), atomically: true, encoding: .utf8)
        }
        let bank = try String(contentsOf: LocaleTests.repo.appendingPathComponent("seeds/questions.toml"), encoding: .utf8)
        try bank.write(to: root.appendingPathComponent("seeds/questions.toml"), atomically: true, encoding: .utf8)
        try pseudoBank(bank).write(to: root.appendingPathComponent("seeds/questions.\(tag).toml"), atomically: true, encoding: .utf8)
        return root
    }

    /// Rewrites a text but not its `{placeholders}`.
    static func pseudoKeepingPlaceholders(_ text: String) -> String {
        var out = "", rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += pseudo(rest[..<open]) + rest[open...close]
            rest = rest[rest.index(after: close)...]
        }
        return out + pseudo(rest)
    }

    static func toml(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The therapist's side of the pseudo-locale: their templates, and a texts file with every
    /// text, concept and review reason rewritten (placeholders kept).
    static func installTherapist(_ root: URL) throws {
        let dir = root.appendingPathComponent("Templates/locales/\(tag)")
        for name in TemplateSet.therapistTemplates {
            let english = try String(contentsOf: root.appendingPathComponent("Templates/\(name).mustache"), encoding: .utf8)
            try pseudoTemplate(english, html: !name.hasSuffix("_text")).write(to: dir.appendingPathComponent("\(name).mustache"),
                                                                             atomically: true, encoding: .utf8)
        }
        let line = try Regex(#"^(\w+) = "(.*)"$"#)
        // The English file line by line (its [texts] and [plurals.*] tables), each text rewritten.
        var out = ""
        let english = try String(contentsOf: root.appendingPathComponent("Templates/therapist_texts.toml"), encoding: .utf8)
        for l in english.components(separatedBy: "\n") {
            guard let m = l.firstMatch(of: line), let key = m.output[1].substring, let value = m.output[2].substring else {
                out += l + "\n"
                continue
            }
            out += "\(key) = \(toml(pseudoKeepingPlaceholders(String(value))))\n"
        }
        out += "\n[concepts]\n"
        for concept in try TestLexicon.installed().categories {
            out += "\(toml(concept.id)) = \(toml(pseudo(concept.title[...])))\n"
        }
        // The reasons: the English wordings a translation must know (the German file lists them).
        let german = try String(contentsOf: LocaleTests.repo.appendingPathComponent("Templates/locales/de/therapist_texts.toml"), encoding: .utf8)
        for l in german.components(separatedBy: "\n") where l.hasPrefix("en = \"") {
            let en = String(l.dropFirst(6).dropLast())
            out += "\n[[reasons]]\nen = \(toml(en))\ntext = \(toml(pseudoKeepingPlaceholders(en)))\n"
        }
        try out.write(to: dir.appendingPathComponent("therapist_texts.toml"), atomically: true, encoding: .utf8)
    }

    /// A therapist who reads the pseudo-locale: the alert, the digest (text and HTML), the
    /// reminder of an alert not marked seen, and the confirmation of a reply to the digest with
    /// applied, refused and not understood lines. What they read beyond the practice's data
    /// (names, addresses, the partners' words, their own lines, rule ids) and ICU's dates and
    /// language names must come from their language's texts.
    @Test func noWordATherapistReadsComesFromTheCodeInsteadOfTheirLanguagesTexts() throws {
        let root = try Self.install()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.installTherapist(root)
        let s = try TherapistReplyTests.Scene(resendHours: 24) { config in
            config.templatesDirectory = root.appendingPathComponent("Templates").path
            config.questionsFile = root.appendingPathComponent("seeds/questions.toml").path
            config.therapists[0].language = Self.tag
        }
        let lines = ["R\(s.lowConfidence) reject", "A\(s.alert) seen", "theme c1 boundaries", "pause c2 2 weeks", "resume c1",
                     "R999 accept", "bogus line"]
        try s.f.poll()  // the alert's reminder comes due
        let reminder = try #require(s.f.sender.sent.first { $0.to == TherapistReplyTests.robin }).bytes
        try s.reply(lines)
        try s.f.poll()
        let echo = try #require(s.f.sender.sent.last { $0.to == TherapistReplyTests.robin }).bytes
        var read: [(String, String)] = []
        for (what, bytes) in [("alert", s.alertMail), ("digest", s.digest), ("reminder", reminder), ("confirmation", echo)] {
            let message = MIMEMessage(bytes)
            #expect(message.header("Content-Language") == Self.tag, "\(what)")
            read.append((what + " subject", message.header("Subject") ?? ""))
            read.append((what, message.readableText().text))
        }
        let html = try DigestJob(practice: s.f.practice, store: s.f.store, lexicon: try TestLexicon.installed(), clock: s.f.clock,
                                 logger: Logger(label: "t")).html(for: s.f.practice.config.therapists[0])
        let visible = html.replacingOccurrences(of: #"<style[\s\S]*?</style>|<[^>]*>|&[a-z]+;"#, with: " ", options: .regularExpression)
        read.append(("digest HTML", visible))

        let config = s.f.practice.config
        var data = Self.asciiWords(([config.practiceName, config.crisisText] + config.therapists.flatMap { [$0.name, $0.email] })
            .joined(separator: " "))
        for couple in try s.f.store.couples() {
            for p in couple.partners { data.formUnion(Self.asciiWords(p.name + " " + p.email)) }
        }
        for c in try s.f.store.allCheckIns() {
            data.formUnion(Self.asciiWords(c.replyText))
            for flag in c.safetyFlags { data.formUnion(Self.asciiWords(flag.pattern)) }
        }
        data.formUnion(Self.asciiWords(lines.joined(separator: " ") + " STOP 1) 3 or 4 2) 2"))
        data.formUnion(Self.asciiWords(s.f.practice.measure?.title ?? ""))
        data.formUnion(["Re", "CSI"])
        // ICU's words for the pseudo-locale (it has none of its own): dates, months, language names.
        var icu = (0..<120).map { day in
            LocaleSupport.longDate(fixedDate("2026-10-01T12:00:00Z").addingTimeInterval(Double(day) * 86_400), language: Self.tag,
                                   timeZoneID: "Europe/London")
        }
        icu.append(LocaleSupport.languageName("en", in: Self.tag))
        for (what, text) in read {
            var rest = text
            for phrase in icu { rest = rest.replacingOccurrences(of: phrase, with: "") }
            let leaked = Self.asciiWords(rest).subtracting(data)
            #expect(leaked.isEmpty, "\(what): English from the code: \(leaked.sorted()) in\n\(text)")
        }
    }

    /// The plain ASCII words of a text (two letters or more).
    static func asciiWords(_ text: String) -> Set<String> {
        Set(text.matches(of: try! Regex("[A-Za-z]{2,}")).map { String(text[$0.range]) })
    }

    @Test func noWordAPartnerReadsComesFromTheCodeInsteadOfTheirLanguagesTexts() throws {
        #expect(Self.pseudoTemplate("Hi {{name}}, <b>see</b> &amp; go") == "Ĥí {{name}}, <b>śéé</b> &amp; ĝó")
        let root = try Self.install()
        defer { try? FileManager.default.removeItem(at: root) }
        var couple = TestPractice.couple(id: "q1", names: ("Ńóŕá Ŋáŝ", "Ĺéó Ŋáŝ"), emails: ("q1a@mail.example", "q1b@mail.example"),
                                         sharing: true)
        couple.partners[0].language = Self.tag
        couple.partners[1].language = Self.tag
        let f = try PollJobTests.Fixture(couples: [couple]) { config in
            config.templatesDirectory = root.appendingPathComponent("Templates").path
            config.questionsFile = root.appendingPathComponent("seeds/questions.toml").path
            config.crisisTexts[Self.tag] = "Çáĺĺ 112"
        }
        #expect(f.practice.languages.contains(Self.tag))
        var read: [(String, String)] = []
        func collect(_ what: String, _ bytes: [UInt8]) {
            let message = MIMEMessage(bytes)
            read.append((what + " subject", message.header("Subject") ?? ""))
            read.append((what, message.readableText().text))
        }
        // Week 1: the check-in; both reply; their confirmations.
        for email in ["q1a@mail.example", "q1b@mail.example"] {
            let checkIn = try f.checkIn(to: email)
            collect("check-in", checkIn.bytes)
            // Partner b's client sends no subject at all.
            let subject = email.hasPrefix("q1a") ? "Re: " + (MIMEMessage(checkIn.bytes).header("Subject") ?? "") : ""
            try f.deliver(ReplyFactory.plain(to: checkIn.bytes, text: "1) 4\n2) 2\n3) Ŵé ţáĺķéď óñ Śúñďáý.", from: email, subject: subject))
        }
        try f.poll()
        for email in ["q1a@mail.example", "q1b@mail.example"] {
            collect("confirmation", try #require(f.sender.sent.last { $0.to == email }).bytes)
        }
        // Week 2: the check-in with last week's recap and follow-up, then its reminder.
        var sender = RecordingSender()
        _ = try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-08T18:00:00Z")),
                        logger: f.capture.logger()).run(sender: &sender)
        _ = try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-11T18:00:00Z")),
                        logger: f.capture.logger()).run(sender: &sender)
        let week2 = sender.sent.filter { $0.to == "q1a@mail.example" }
        #expect(week2.count == 2, "a check-in and a reminder")
        for (i, mail) in week2.enumerated() { collect(i == 0 ? "week 2 check-in" : "reminder", mail.bytes) }
        // A pause and its confirmation.
        try f.deliver(ReplyFactory.plain(to: try #require(week2.first).bytes, text: "PAUSE 2 weeks", from: "q1a@mail.example",
                                         subject: "Re: " + (MIMEMessage(try #require(week2.first).bytes).header("Subject") ?? "")))
        f.clock = FixedTime(now: fixedDate("2026-12-09T09:00:00Z"))
        try f.poll()
        collect("pause confirmation", try #require(f.sender.sent.last { $0.to == "q1a@mail.example" }).bytes)
        #expect(read.count == 14)

        // What ICU writes for the pseudo-locale (it knows no month names in it): the dates, not the code's.
        let dates = (0..<60).map { day in
            LocaleSupport.longDate(fixedDate("2026-11-25T12:00:00Z").addingTimeInterval(Double(day) * 86_400), language: Self.tag,
                                   timeZoneID: "Europe/London")
        }
        // The practice's own data (its name, the therapist's) and the universal English commands
        // a footer names beside the local ones are not the code's words either, nor "Re:" in a
        // reply's subject (RFC 5322 3.6.5: Latin "in re", the same in every language).
        let data = Self.asciiWords(f.practice.config.practiceName + " " + f.practice.config.therapists.map(\.name).joined(separator: " "))
            .union(["PAUSE", "weeks", "STOP", "RESUME", "Re"])
        for (what, text) in read {
            var rest = text
            for date in dates { rest = rest.replacingOccurrences(of: date, with: "") }
            let leaked = Self.asciiWords(rest).subtracting(data)
            #expect(leaked.isEmpty, "\(what): English from the code: \(leaked.sorted()) in\n\(text)")
        }
    }
}
