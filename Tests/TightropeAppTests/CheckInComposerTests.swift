import Foundation
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail
@testable import TightropeRendering

@Suite struct CheckInComposerTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The check-in for a couple's first round, fully fixed (date, ids, key).
    static func render(_ couple: Couple, label: PartnerLabel = .a, recap: CheckInView.RecapView? = nil,
                       partnerRecap: CheckInView.RecapView? = nil) throws -> OutgoingMessage {
        let practice = try TestPractice.make()
        var couple = couple
        couple.partners[0].id = 11
        couple.partners[1].id = 12
        let composer = CheckInComposer(practice: practice)
        let questions = composer.questions(history: [])
        return try composer.compose(couple: couple, partner: couple.partner(label)!, roundID: 5, week: ISOWeek(year: 2026, week: 49),
                                    questions: questions, recap: recap, partnerRecap: partnerRecap, date: fixedDate("2026-12-01T18:00:00Z"),
                                    messageID: "golden.1@harbourlane.example")
    }

    static let cases: [(String, Couple, CheckInView.RecapView?)] = [
        ("checkin-plain", TestPractice.couple(), nil),
        ("checkin-non-ascii-sharing", TestPractice.couple(names: ("Zoë Ångström", "José Núñez-Łukasik"), sharing: true),
         CheckInView.RecapView(connection: 3, room: 2, reflection: "We walked after dinner & it helped <a little>.")),
    ]

    @Test(arguments: cases.map(\.0))
    func checkInMatchesGoldenFile(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.0 == name })
        let bytes = try Self.render(c.1, recap: c.2, partnerRecap: Self.otherRecap).render()
        #expect(Golden.compare(bytes, file: Self.goldenDir.appendingPathComponent("\(name).eml")) == .matches)
    }

    static let otherRecap = CheckInView.RecapView(name: "José", connection: 4, room: 3, reflection: "OTHER-WORDS about the weekend")

    @Test func thePartnersAnswersAppearOnlyWhenTheCoupleShares() throws {
        let shared = try Self.render(TestPractice.couple(sharing: true), partnerRecap: Self.otherRecap)
        #expect(shared.textBody.contains("OTHER-WORDS") && shared.htmlBody?.contains("OTHER-WORDS") == true)
        // Whatever the caller passes, without sharing the other partner's answers are dropped.
        let private_ = try Self.render(TestPractice.couple(sharing: false), partnerRecap: Self.otherRecap)
        #expect(!private_.textBody.contains("OTHER-WORDS") && private_.htmlBody?.contains("OTHER-WORDS") == false)
        #expect(!private_.textBody.contains("rated their connection"))
    }

    @Test func goldenCheckInsParseCleanlyInPython() throws {
        let files = Self.cases.map { Self.goldenDir.appendingPathComponent("\($0.0).eml") }
        let readings = try PythonMailCheck.read(files)
        #expect(readings.count == files.count)
        for (reading, c) in zip(readings, Self.cases) {
            #expect(reading.defects == [], "\(c.0)")
            #expect(reading.subject == "Your weekly check-in: saying what you need")
            #expect(reading.to_name == [c.1.partners[0].name])
            #expect(reading.from == ["checkins@harbourlane.example"])
            #expect(reading.reply_to?.first?.hasPrefix("checkins+r5p11-") == true)
            #expect(reading.content_type == "multipart/alternative")
            #expect(reading.auto_submitted == "auto-generated")
            #expect(reading.list_unsubscribe.map { $0.contains("mailto:checkins+r5p11-") && $0.contains("subject=STOP") } == true)
            let text = try #require(reading.text)
            #expect(text.contains("Hello \(c.1.partners[0].greetingName),"))
            #expect(text.contains("How connected did you feel to your partner this week?"))
            #expect(text.contains("Replies are not read in real time"))
            #expect(text.contains("PAUSE 2 weeks"))
        }
    }

    @Test func replyAddressCarriesAVerifiableToken() throws {
        let message = try Self.render(TestPractice.couple())
        let replyTo = try #require(message.replyTo?.address)
        let token = try #require(ReplyToken.token(inAddress: replyTo, localPart: "checkins", domain: "harbourlane.example"))
        #expect(ReplyToken.verify(token, key: TestPractice.key) == ReplyToken(roundID: 5, partnerID: 11))
    }

    @Test func textIsNotEscapedAndHTMLIs() throws {
        let hostile = "<script>alert(1)</script> & \"Bob\""
        let message = try Self.render(TestPractice.couple(names: (hostile, "B")),
                                      recap: CheckInView.RecapView(connection: 2, room: 4, reflection: "<b>bold</b> & more"))
        #expect(message.textBody.contains("Hello <script>alert(1)</script>,"), "greeted by the name's first word, not escaped in text")
        #expect(message.textBody.contains("\"<b>bold</b> & more\""))
        let html = try #require(message.htmlBody)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>bold"))
        #expect(html.contains("&lt;script&gt;"))
    }

    @Test func partnersAreToldWhoSeesTheirAnswers() throws {
        #expect(try Self.render(TestPractice.couple(sharing: false)).textBody.contains("only, not to your partner"))
        #expect(try Self.render(TestPractice.couple(sharing: true)).textBody.contains("your partner\nalso sees"))
    }
}


/// The digest's subject tells the therapist, before opening it, what waits: alerts and review items.
@Suite struct DigestSubjectTests {
    static func subject(alerts: Int, reviews: Int) throws -> String {
        let practice = try TestPractice.make()
        var view = DigestView(
            therapistName: "Robin", practiceName: "Harbour Lane", periodLabel: "1 to 7 December 2026",
            alerts: (0..<alerts).map { _ in DigestView.AlertItem(coupleID: "c1", partner: "a", dateLabel: "2 December", categories: "x", quote: "") },
            reviews: (0..<reviews).map { DigestView.ReviewItem(id: "\($0)", dateLabel: "2 December", coupleID: "c1", reason: "r") },
            couples: [])
        view.alertsLabel = practice.therapistTexts.count(.alerts, alerts)
        return try practice.templates.render("digest_subject_text", view).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theSubjectCountsAlertsAndReviewItems() throws {
        #expect(try Self.subject(alerts: 2, reviews: 3) == "Check-in digest, 1 to 7 December 2026: 2 safety alerts, 3 to review")
        #expect(try Self.subject(alerts: 1, reviews: 0) == "Check-in digest, 1 to 7 December 2026: 1 safety alert", "the plural form ICU chooses")
        #expect(try Self.subject(alerts: 0, reviews: 4) == "Check-in digest, 1 to 7 December 2026: 4 to review")
        #expect(try Self.subject(alerts: 0, reviews: 0) == "Check-in digest, 1 to 7 December 2026")
    }
}
