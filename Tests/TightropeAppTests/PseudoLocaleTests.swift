import Foundation
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
    static func pseudoTemplate(_ text: String) -> String {
        let keep = try! Regex(#"\{\{\{?[^}]*\}?\}\}|<style[\s\S]*?</style>|<[^>]*>|&[a-z]+;|&#[0-9]+;"#)
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
