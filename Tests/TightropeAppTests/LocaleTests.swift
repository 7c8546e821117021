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

/// Each partner reads and writes in their own language: the installed languages are complete
/// (every template, every question), a partner's mail is in their language with ICU's dates and
/// `Content-Language`, no English sentence leaks into it, and their replies are read in it.
@Suite struct LocaleTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One couple per language: partner a (`a<i>@mail.example`) writes in it, partner b in English.
    static func onePartnerPerLanguage(_ tags: [String], prefix: String) -> [Couple] {
        tags.enumerated().map { i, tag in
            var c = TestPractice.couple(id: "\(prefix)\(i)", names: ("Ana Lopes", "Ben Lopes"), emails: ("a\(i)@mail.example", "b\(i)@mail.example"))
            c.partners[0].language = tag
            return c
        }
    }

    static func mixedCouple() -> Couple {
        var c = TestPractice.couple(id: "c1", names: ("Lena Bauer", "Sam Bauer"), emails: ("lena@mail.example", "sam@mail.example"))
        c.partners[0].language = "de"
        return c
    }

    static func japaneseCouple() -> Couple {
        var c = TestPractice.couple(id: "c2", names: ("佐藤 花子", "Kenji Sato"), emails: ("hanako@mail.example", "kenji@mail.example"))
        c.partners[0].language = "ja"
        c.partners[0].preferredName = "花子"
        return c
    }

    @Test func everyInstalledLanguageHasEveryTemplateAndAsksEveryQuestion() throws {
        #expect(LocaleSupport.available() == ["en", "de", "es", "fr", "he", "it", "ja", "nl", "pl", "pt", "sv"])
        let practice = try TestPractice.make()
        let locales = try practice.locales.all()
        #expect(Set(locales.keys) == ["de", "es", "fr", "he", "it", "ja", "nl", "pl", "pt", "sv"])
        for (tag, locale) in locales {
            try LocaleSupport.checkSameIDs(locale.bank, as: practice.bank, language: tag)
            for theme in Theme.allCases { #expect(locale.bank.themeTitles[theme]?.isEmpty == false, "\(tag) \(theme)") }
        }
        // A language whose bank lacks a prompt is refused, not filled in with English.
        var broken = try #require(locales["de"]).bank
        broken = try QuestionBank(scales: broken.scales, themeTitles: broken.themeTitles,
                                  prompts: Theme.allCases.flatMap { broken.prompts[$0] ?? [] }.filter { $0.id != "cn-1" })
        #expect(throws: AppError.self) { try LocaleSupport.checkSameIDs(broken, as: practice.bank, language: "de") }
        #expect(!LocaleSupport.isWellFormed("de_DE") && LocaleSupport.isWellFormed("pt-BR") && !LocaleSupport.isWellFormed("x"))
    }

    @Test func aLanguageWithoutTextsIsRefusedWhenACoupleIsAdded() throws {
        let f = try PollJobTests.Fixture(couples: [])
        var c = Self.mixedCouple()
        c.partners[1].language = "xx"
        let service = CoupleService(config: f.practice.config, store: f.store, clock: f.clock)
        #expect(throws: AppError.self) { try service.add(c) }
        // An installed language the practice gave no crisis text in: refused too.
        var config = f.practice.config
        config.crisisTexts = [:]
        #expect(throws: AppError.self) { try CoupleService(config: config, store: f.store, clock: f.clock).add(Self.mixedCouple()) }
        try CoupleService(config: f.practice.config, store: f.store, clock: f.clock).add(Self.mixedCouple())
    }

    /// The English sentences of the partner templates, as literal runs of four or more words.
    static func englishSentences() throws -> [String] {
        var out: [String] = []
        for name in TemplateSet.partnerTemplates {
            let text = try String(contentsOf: repo.appendingPathComponent("Templates/\(name).mustache"), encoding: .utf8)
            let literal = text.replacingOccurrences(of: #"\{\{[^}]*\}\}|<[^>]*>|&[a-z]+;"#, with: "\n", options: .regularExpression)
            for run in literal.components(separatedBy: CharacterSet(charactersIn: "\n.:;!?\"()")) {
                let words = run.split(whereSeparator: \.isWhitespace)
                if words.count >= 4, !run.contains("PAUSE 2 weeks") { out.append(words.joined(separator: " ")) }
            }
        }
        return out
    }

    /// Every installed language, one partner each: their check-in carries no English sentence.
    @Test func noEnglishSentenceLeaksIntoAnyInstalledLanguage() throws {
        let practice = try TestPractice.make()
        let tags = practice.languages
        let couples = Self.onePartnerPerLanguage(tags, prefix: "l")
        let f = try PollJobTests.Fixture(couples: couples)
        let english = try Self.englishSentences()
        for (i, tag) in tags.enumerated() {
            let message = MIMEMessage(try f.checkIn(to: "a\(i)@mail.example").bytes)
            #expect(message.header("Content-Language") == tag)
            for part in [message.readableText().text] {
                let text = part.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                for sentence in english { #expect(!text.contains(sentence), "\(tag): \(sentence)") }
            }
            #expect(f.practice.config.crisisText(for: tag) != nil, "\(tag): a crisis text in the demo configuration")
        }
    }

    @Test func eachPartnerReadsTheirOwnLanguageAndNoEnglishSentenceLeaks() throws {
        let f = try PollJobTests.Fixture(couples: [Self.mixedCouple(), Self.japaneseCouple()])
        let english = try Self.englishSentences()
        #expect(english.count > 20)
        for (email, tag) in [("lena@mail.example", "de"), ("hanako@mail.example", "ja")] {
            let message = MIMEMessage(try f.checkIn(to: email).bytes)
            #expect(message.header("Content-Language") == tag)
            let text = message.readableText().text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for sentence in english { #expect(!text.contains(sentence), "\(tag): \(sentence)") }
            let round = try #require(try f.store.rounds(coupleID: tag == "de" ? "c1" : "c2").last)
            let local = try f.practice.questions(try #require(round.questions), for: tag)
            #expect(text.contains(local.prompt.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")), "\(tag): the prompt in \(tag)")
            #expect(!text.contains("Couples Satisfaction Index"), "the measure is asked only in its validated language")
        }
        let german = MIMEMessage(try f.checkIn(to: "lena@mail.example").bytes)
        #expect(german.readableText().text.contains("30. November 2026"), "ICU's German date")
        #expect(MIMEMessage(try f.checkIn(to: "hanako@mail.example").bytes).readableText().text.contains("2026年11月30日"))
        // The English partner of the mixed couple reads English.
        let sam = MIMEMessage(try f.checkIn(to: "sam@mail.example").bytes)
        #expect(sam.header("Content-Language") == "en" && sam.readableText().text.contains("Here is this week's check-in"))
        // Golden files, read once by a person: the German and Japanese check-ins.
        for (email, file) in [("lena@mail.example", "checkin-de.txt"), ("hanako@mail.example", "checkin-ja.txt")] {
            let text = MIMEMessage(try f.checkIn(to: email).bytes).readableText().text
            #expect(Golden.compare(Array(text.utf8), file: Self.goldenDir.appendingPathComponent(file)) == .matches, "\(file)")
        }
    }

    @Test func repliesInThePartnersLanguageAreReadAndConfirmedInIt() throws {
        let f = try PollJobTests.Fixture(couples: [Self.mixedCouple(), Self.japaneseCouple()])
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "lena@mail.example").bytes,
                                         text: "1) vier\n2) 3\n3) Wir haben am Sonntag lange geredet.", from: "lena@mail.example"))
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "hanako@mail.example").bytes,
                                         text: "1) 4\n2) 2\n3) 日曜日にゆっくり話せました。", from: "hanako@mail.example"))
        let report = try f.poll()
        #expect(report.checkIns == 2 && report.toReview == 0, "\(report)")
        let lena = try #require(try f.store.partnerID(email: "lena@mail.example"))
        #expect(try f.currentCheckIns().first { $0.partnerID == lena }?.scales == [.connection: 4, .room: 3])
        let confirmation = MIMEMessage(try #require(f.sender.sent.last { $0.to == "lena@mail.example" }).bytes)
        #expect(confirmation.header("Content-Language") == "de")
        let text = confirmation.readableText().text
        for sentence in try Self.englishSentences() { #expect(!text.contains(sentence), "de confirmation: \(sentence)") }
        // Commands in the partner's words, and the localized footer pasted back is not one.
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "lena@mail.example").bytes, text: "STOPP", from: "lena@mail.example"))
        let footer = try String(contentsOf: Self.repo.appendingPathComponent("Templates/locales/ja/footer_text.mustache"), encoding: .utf8)
            .components(separatedBy: "\n").dropFirst(2).joined(separator: "\n")
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "hanako@mail.example").bytes, text: "1) 5\n2) 3\n\n" + footer,
                                         from: "hanako@mail.example"))
        let second = try f.poll()
        #expect(second.commands == 1, "\(second)")
        #expect(try f.store.couple(id: "c1")?.partner(.a)?.status == .stopped)
        #expect(try f.store.couple(id: "c2")?.partner(.a)?.status == .active, "a pasted footer is no request")
    }

    /// Each language's footer names the commands; pasted back into a reply unquoted (as some
    /// clients and people do), it is never a request.
    @Test func noLanguagesFooterPastedIntoAReplyIsARequest() throws {
        let practice = try TestPractice.make()
        let tags = practice.languages
        let couples = Self.onePartnerPerLanguage(tags, prefix: "p")
        let f = try PollJobTests.Fixture(couples: couples)
        for (i, tag) in tags.enumerated() {
            let footer = MIMEMessage(try f.checkIn(to: "a\(i)@mail.example").bytes).readableText().text
                .components(separatedBy: "\n-- \n").last ?? ""
            #expect(footer.count > 40, "\(tag): the footer")
            try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "a\(i)@mail.example").bytes, text: "1) 4\n2) 3\n\n" + footer,
                                             from: "a\(i)@mail.example"))
        }
        let report = try f.poll()
        #expect(report.commands == 0, "\(report)")
        #expect(report.checkIns == tags.count)
        for i in tags.indices { #expect(try f.store.couple(id: "p\(i)")?.partner(.a)?.status == .active, "\(tags[i])") }
    }

    /// Golden files of what a partner reads in every installed language and English: the
    /// check-in (text and HTML), the reminder and the confirmation. Read once by a person;
    /// any change to a language's texts shows up here.
    @Test func everyLanguagesMailMatchesItsGoldenFiles() throws {
        let practice = try TestPractice.make()
        let tags = ["en"] + practice.languages
        let couples = Self.onePartnerPerLanguage(tags, prefix: "g")
        let f = try PollJobTests.Fixture(couples: couples)
        let dir = Self.goldenDir.appendingPathComponent("locales")
        for (i, tag) in tags.enumerated() {
            let entry = try f.checkIn(to: "a\(i)@mail.example")
            let couple = try #require(try f.store.couple(id: "g\(i)"))
            let partner = try #require(couple.partner(.a))
            let round = try #require(try f.store.rounds(coupleID: couple.id).last)
            let checkIn = try CheckInComposer(practice: f.practice).compose(
                couple: couple, partner: partner, roundID: round.id, week: round.week, questions: try #require(round.questions),
                recap: nil, date: f.clock.now, messageID: "golden@harbourlane.example")
            let reminder = try OutgoingMail(practice: f.practice, clock: f.clock).reminder(couple: couple, partner: partner, round: round,
                                                                                            checkIn: entry)
            try f.deliver(ReplyFactory.plain(to: entry.bytes, text: "1) 4\n2) 3\n3) A calm week.", from: "a\(i)@mail.example"))
            try f.poll()
            let confirmation = try #require(f.sender.sent.last { $0.to == "a\(i)@mail.example" }).bytes
            let files: [(String, String)] = [
                ("\(tag)-checkin.txt", checkIn.textBody), ("\(tag)-checkin.html", checkIn.htmlBody ?? ""),
                ("\(tag)-reminder.txt", MIMEMessage(reminder.bytes).readableText().text),
                ("\(tag)-confirmation.txt", MIMEMessage(confirmation).readableText().text),
            ]
            for (name, text) in files {
                #expect(Golden.compare(Array(text.utf8), file: dir.appendingPathComponent(name)) == .matches, "\(name)")
            }
        }
    }
}
