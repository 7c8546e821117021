import Foundation
import Logging
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeStore
@testable import TightropeTransport
@testable import TightropeMail

@Suite struct SendJobTests {
    /// When the test couples were added: before every clock the tests set (never the real
    /// clock, or the tests would stop passing once the real date passed their fixed dates).
    static let addedAt = fixedDate("2026-11-01T00:00:00Z")

    static func job(_ store: TightropeStore, at iso: String, logger: Logger = Logger(label: "test")) throws -> SendJob {
        SendJob(practice: try TestPractice.make(), store: store, clock: FixedTime(now: fixedDate(iso)), logger: logger)
    }

    @Test func opensOneRoundPerDueCoupleAndWeek() throws {
        let store = try TightropeStore()
        try store.addCouples([TestPractice.couple(id: "c1"),
                              TestPractice.couple(id: "c2", emails: ("x@mail.example", "y@mail.example"), sendDay: .friday)], at: Self.addedAt)
        var sender = RecordingSender()
        // Tuesday 1 Dec 2026 18:00 London: c1 is due, c2 (Friday) is not.
        let report = try Self.job(store, at: "2026-12-01T18:00:00Z").run(sender: &sender)!
        #expect(report.roundsOpened == 1)
        #expect(report.sent == 2)
        #expect(sender.sent.map(\.to).sorted() == ["maya@mail.example", "tom@mail.example"])
        // Every later hourly run that week does nothing.
        for hour in 1...80 {
            let again = try SendJob(practice: try TestPractice.make(), store: store,
                                    clock: FixedTime(now: fixedDate("2026-12-01T18:00:00Z").addingTimeInterval(Double(hour * 3600))),
                                    logger: Logger(label: "t")).run(sender: &sender)!
            #expect(again.roundsOpened <= 1)
        }
        // By Friday 18:00 c2 had its round too: four check-ins in all, each partner once (and, c1
        // not having answered, c1's reminders on Friday).
        let checkIns = sender.sent.filter { !(MIMEMessage($0.bytes).header("Subject") ?? "").hasPrefix("Re: ") }
        #expect(checkIns.count == 4)
        #expect(Set(checkIns.map(\.to)).count == 4)
        #expect(sender.sent.count - checkIns.count == 2)
    }

    @Test func partnersWithoutConsentAreSkippedAndListed() throws {
        let store = try TightropeStore()
        try store.addCouple(TestPractice.couple(consent: (true, false)), at: Self.addedAt)
        var sender = RecordingSender()
        let report = try Self.job(store, at: "2026-12-01T18:00:00Z").run(sender: &sender)!
        #expect(report.skippedWithoutConsent == ["c1/b"])
        #expect(sender.sent.map(\.to) == ["maya@mail.example"])
    }

    @Test func pausedCouplesGetNothing() throws {
        let store = try TightropeStore()
        try store.addCouple(TestPractice.couple(), at: Self.addedAt)
        try store.setStatus(.paused, coupleID: "c1")
        var sender = RecordingSender()
        let report = try Self.job(store, at: "2026-12-01T18:00:00Z").run(sender: &sender)!
        #expect(report.roundsOpened == 0)
        #expect(sender.sent.isEmpty)
    }

    @Test func deferredMessagesWaitAndThenGoOutWithTheSameMessageID() throws {
        let store = try TightropeStore()
        try store.addCouple(TestPractice.couple(), at: Self.addedAt)
        var failing = RecordingSender(outcome: .deferred("smtp 451"))
        let first = try Self.job(store, at: "2026-12-01T18:00:00Z").run(sender: &failing)!
        #expect(first.deferred == 2)
        #expect(first.exitCode == 75)
        let ids = try store.outbox().map(\.messageID)
        var working = RecordingSender()
        // Too early for a retry.
        #expect(try Self.job(store, at: "2026-12-01T18:01:00Z").run(sender: &working)!.sent == 0)
        let later = try Self.job(store, at: "2026-12-01T19:00:00Z").run(sender: &working)!
        #expect(later.sent == 2)
        #expect(later.exitCode == 0)
        #expect(try store.outbox().map(\.messageID) == ids)
        for (message, id) in zip(working.sent, ids) {
            #expect(String(decoding: message.bytes, as: UTF8.self).contains("Message-ID: <\(id)>"))
        }
    }

    @Test func themesRotateAcrossWeeks() throws {
        let store = try TightropeStore()
        try store.addCouple(TestPractice.couple(), at: Self.addedAt)
        var sender = RecordingSender()
        for week in 0..<3 {
            _ = try SendJob(practice: try TestPractice.make(), store: store,
                            clock: FixedTime(now: fixedDate("2026-12-01T18:00:00Z").addingTimeInterval(Double(week * 7 * 86_400))),
                            logger: Logger(label: "t")).run(sender: &sender)!
        }
        #expect(try store.rounds(coupleID: "c1").map(\.theme) == [.communicatingNeeds, .boundaries, .supportingGrowth])
        let questions = try #require(try store.rounds(coupleID: "c1")[0].questions)
        #expect(questions.scales.map(\.id) == ["connection", "room"])
        #expect(questions.prompt.theme == .communicatingNeeds)
    }

    @Test func logsCarryNoPersonalData() throws {
        let canaries = ["Canaryname Zqx", "canary.addr@mail.example", "Otherpartner Wvy", "other.canary@mail.example"]
        let capture = LogCapture()
        let store = try TightropeStore()
        try store.addCouple(TestPractice.couple(names: (canaries[0], canaries[2]), emails: (canaries[1], canaries[3])), at: Self.addedAt)
        var sender = RecordingSender()
        _ = try Self.job(store, at: "2026-12-01T18:00:00Z", logger: capture.logger()).run(sender: &sender)!
        var deferring = RecordingSender(outcome: .deferred("smtp 451"))
        try store.addCouple(TestPractice.couple(id: "c2", names: (canaries[0], canaries[2]),
                                                emails: ("c2" + canaries[1], "c2" + canaries[3])), at: Self.addedAt)
        _ = try Self.job(store, at: "2026-12-01T18:30:00Z", logger: capture.logger()).run(sender: &deferring)!
        let logs = capture.text
        #expect(logs.contains("send finished"))
        #expect(logs.contains("round opened"))
        for canary in canaries + ["Ashford", "Your weekly check-in", "connected"] {
            #expect(!logs.localizedCaseInsensitiveContains(canary), "log leaks \(canary)")
        }
    }

    /// A sender that counts what it delivered, shared by several connections.
    final class CountingSink: @unchecked Sendable {
        private let lock = NSLock()
        private var delivered: [String: Int] = [:]
        var counts: [String: Int] { lock.withLock { delivered } }

        struct Sender: MailSending {
            let sink: CountingSink
            mutating func send(from: String, to: String, bytes: [UInt8]) -> DeliveryOutcome {
                let id = MIMEMessage(bytes).header("Message-ID") ?? ""
                sink.lock.withLock { sink.delivered[id, default: 0] += 1 }
                return .sent
            }
        }
    }

    @Test func severalConnectionsDeliverEveryMessageExactlyOnce() throws {
        let store = try TightropeStore()
        let couples = (0..<150).map { i in
            TestPractice.couple(id: String(format: "c%03d", i), emails: ("a\(i)@mail.example", "b\(i)@mail.example"))
        }
        try store.addCouples(couples, at: Self.addedAt)
        let sink = CountingSink()
        let report = try #require(try Self.job(store, at: "2026-12-01T18:00:00Z").run(connections: 4, makeSender: { CountingSink.Sender(sink: sink) }))
        #expect(report.roundsOpened == 150)
        #expect(report.sent == 300)
        #expect(sink.counts.count == 300)
        #expect(sink.counts.values.allSatisfy { $0 == 1 })
        #expect(try store.outbox().allSatisfy { $0.state == .sent })
    }

    @Test func aConnectionThatCannotBeOpenedLosesNothing() throws {
        let store = try TightropeStore()
        try store.addCouples([TestPractice.couple()], at: Self.addedAt)
        let report = try #require(try Self.job(store, at: "2026-12-01T18:00:00Z").run(connections: 2, makeSender: { () throws(TransportError) -> any MailSending in
            throw TransportError.connection(curlCode: 7, detail: "refused")
        }))
        #expect(report.sent == 0)
        #expect(report.deferred >= 1)
        // Both check-ins wait in the outbox, and the next run with a working server sends them.
        #expect(try store.outbox().allSatisfy { $0.state == .queued || $0.state == .deferred })
        let sink = CountingSink()
        let later = try #require(try Self.job(store, at: "2026-12-01T19:00:00Z").run(connections: 2, makeSender: { CountingSink.Sender(sink: sink) }))
        #expect(later.sent == 2)
    }

    @Test func aRefusedLoginIsAConfigurationErrorAndMarksNothingSent() throws {
        let store = try TightropeStore()
        try store.addCouples([TestPractice.couple()], at: Self.addedAt)
        #expect(throws: AppError.self) {
            try Self.job(store, at: "2026-12-01T18:00:00Z").run(connections: 2, makeSender: { () throws(TransportError) -> any MailSending in
                throw TransportError.authentication(curlCode: 67, replyCode: 535)
            })
        }
        #expect(try store.outbox().allSatisfy { $0.state == .queued })
    }
}
