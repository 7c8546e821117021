import Foundation
import Logging
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail
@testable import TightropeStore

/// The monthly measure (CSI-4): asked in the couple's first round and every four weeks, read
/// from replies in several clients' styles (top-posted, bottom-posted, inline under each
/// item), scored in the digest with its trend and the published threshold.
@Suite struct MeasureTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func measureLines(_ check: [UInt8]) -> Bool { MIMEMessage(check).readableText().text.contains("A) Please indicate the degree of happiness") }

    @Test(arguments: DigestReplyWriter.Style.allCases)
    func theMeasureIsReadFromARepliesInEachStyleAndKeptOutOfTheCheckIn(style: DigestReplyWriter.Style) throws {
        let f = try PollJobTests.Fixture()
        let checkIn = try f.checkIn(to: "maya@mail.example").bytes
        #expect(measureLines(checkIn), "the first round asks it")
        let lines: [DigestReplyWriter.Instruction] = style == .thunderbirdInline
            ? [.init("4", under: "1) How"), .init("2", under: "2) How"), .init("We talked about the move, calmly.", under: "3) This week"),
               .init("4", under: "A) Please"), .init("Mostly true", under: "B) I have"), .init("3", under: "C) How rewarding"),
               .init("4", under: "D) In general")]
            : [.init("1) 4"), .init("2) 2"), .init("3) We talked about the move, calmly."), .init(""), .init("A) 4"), .init("B) 3"),
               .init("C) 3"), .init("D) 4")]
        try f.deliver(DigestReplyWriter.reply(to: checkIn, style: style, instructions: lines, from: "maya@mail.example", name: "Maya Ashford",
                                              date: f.clock.now))
        let report = try f.poll()
        #expect(report.checkIns == 1 && report.toReview == 0, "\(report)")
        let c = try #require(try f.currentCheckIns().first)
        #expect(c.scales == [.connection: 4, .room: 2])
        #expect(c.measure == [4, 3, 3, 4])
        #expect(c.reflection?.contains("A)") == false && c.reflection?.contains("move") == true)
        let confirmation = MIMEMessage(try #require(f.sender.sent.last { $0.to == "maya@mail.example" }).bytes).readableText().text
        #expect(confirmation.contains("The monthly questions: A) 4 (Very Happy), B) 3 (Mostly True), C) 3 (Mostly), D) 4 (Almost Completely)"))
    }

    @Test func aPracticeCanTurnTheMeasureOff() throws {
        let f = try PollJobTests.Fixture { $0.csi4 = false }
        #expect(!measureLines(try f.checkIn(to: "maya@mail.example").bytes))
    }

    /// Six months of weekly rounds: the measure is asked every fourth week; one partner's
    /// satisfaction falls below the threshold, one answer is incomplete; the digest shows it.
    @Test func sixMonthsOfTheMeasureInTheDigestMatchTheGoldenFile() throws {
        let f = try PollJobTests.Fixture(couples: [TestPractice.couple(id: "c1", names: ("Maya Ashford", "Tom Ashford"))])
        var asked = 0
        let mayaScores = [[5, 4, 4, 4], [4, 4, 4, 3], [4, 3, 3, 3], [3, 3, 2, 3], [3, 2, 2, 2], [2, 2, 2, 2], [2, 2, 1, 2]]
        let tomScores: [[Int?]] = [[4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 5, 4], [4, nil, 4, 4], [5, 4, 4, 4], [5, 5, 4, 4], [5, 5, 5, 4]]
        for week in 0..<26 {
            let tuesday = fixedDate("2026-12-01T18:00:00Z").addingTimeInterval(Double(week) * 7 * 86_400)
            if week > 0 {
                _ = try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: tuesday), logger: Logger(label: "t")).run(sender: &f.sender)
            }
            let round = try #require(try f.store.rounds(coupleID: "c1").last)
            let hasMeasure = round.questions?.measure != nil
            for (email, name, scores) in [("maya@mail.example", "Maya", mayaScores), ("tom@mail.example", "Tom", tomScores.map { $0 })] {
                let checkIn = try #require(try f.store.outbox().last { $0.kind == .checkin && $0.envelopeTo == email }).bytes
                var text = "1) \(3 + week % 2)\n2) 3\n3) Week \(week + 1), \(name): an ordinary week."
                if hasMeasure {
                    let v = scores[min(asked, scores.count - 1)]
                    text += "\n" + zip(["A", "B", "C", "D"], v).compactMap { l, x in x.map { "\(l)) \($0)" } }.joined(separator: "\n")
                }
                try f.deliver(ReplyFactory.plain(to: checkIn, text: text, from: email))
            }
            if hasMeasure { asked += 1 }
            f.clock.now = tuesday.addingTimeInterval(20 * 3_600)
            try f.poll()
        }
        #expect(asked == 7, "weeks 1, 5, 9, … 25")
        f.clock.now = fixedDate("2027-06-07T07:00:00Z")
        let view = try DigestJob(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(), clock: f.clock,
                                 logger: Logger(label: "t")).view(for: try #require(f.practice.config.therapist(id: "robin")))
        let text = try f.practice.templates.render("digest_text", view)
        #expect(text.contains("CSI-4, Maya: "), "\(text)")
        #expect(text.contains("below 13.5, the published threshold"))
        #expect(text.contains("incomplete answers (not scored)"))
        #expect(Golden.compare(Array(text.utf8), file: Self.goldenDir.appendingPathComponent("digest-csi4-6-months.txt")) == .matches)
    }
}
