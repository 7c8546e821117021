import Foundation
import Logging
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail
@testable import TightropeStore

/// Every inbound text is screened, whatever the poller makes of it: a crisis message that is
/// quarantined, an auto-reply, a delivery report with a human note, a reply to an old round.
extension PollJobTests {
    static let crisis = "Some days I just want to end it all."

    /// The alert sent to the therapist (the only alert of the run).
    static func alert(_ f: Fixture) throws -> (subject: String, text: String) {
        let alert = try #require(f.sender.sent.first { $0.to == "robin@harbourlane.example" })
        let message = MIMEMessage(alert.bytes)
        return (message.header("Subject") ?? "", message.bestText()?.text ?? "")
    }

    @Test func aCrisisMessageFromAnAddressNotOnFileIsAlertedAsUnverified() throws {
        let f = try Fixture()
        let maya = try f.checkIn(to: "maya@mail.example").bytes
        try f.deliver(ReplyFactory.plain(to: maya, text: "This is Maya from my work address. \(Self.crisis)", from: "m.ashford@work.example"))
        let report = try f.poll()
        #expect(report.quarantined == 1)
        #expect(report.alerts == 1)
        #expect(report.safetyFlagged == 1)
        let (subject, text) = try Self.alert(f)
        #expect(subject == "Safety alert: a message from an address not on file (sender not verified)")
        #expect(text.contains("The sender is not verified"))
        #expect(text.contains("m.ashford@work.example"))
        // The concept and the sentence that raised it.
        #expect(text.contains(": \"Some days I just want to end it all.\""))
        #expect(text.contains("end it all"))
        #expect(text.contains("Samaritans"))
        // Nothing goes to the unverified sender; the message waits in review with its flags on record.
        #expect(!f.sender.sent.contains { $0.to == "m.ashford@work.example" })
        #expect(try f.store.reviews().count == 1)
        #expect(try f.store.flaggedMessages(since: .distantPast).first?.flags.isEmpty == false)
        // The digest lists it, labelled as unverified.
        let digest = try DigestJob(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(),
                                   clock: FixedTime(now: fixedDate("2026-12-04T09:00:00Z")), logger: Logger(label: "t"))
            .view(for: try #require(f.practice.config.therapists.first))
        #expect(digest.alerts.contains { $0.partner.contains("sender not verified") })
    }

    @Test func anAutoReplyWithCrisisLanguageAlerts() throws {
        let f = try Fixture()
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "maya@mail.example").bytes, text: "I am away. \(Self.crisis)",
                                         from: "maya@mail.example", extraHeaders: ["Auto-Submitted: auto-replied"]))
        let report = try f.poll()
        #expect(report.autoReplies == 1)
        #expect(report.alerts == 1)
        let (subject, text) = try Self.alert(f)
        #expect(subject == "Safety alert: couple c1 (a reply needs your attention)")
        #expect(text.contains("Maya Ashford"))
        #expect(!f.sender.sent.contains { $0.to == "maya@mail.example" }, "an auto-reply is never answered")
    }

    @Test func aDeliveryReportWithAHumanNoteIsScreened() throws {
        let f = try Fixture()
        let tom = try f.checkIn(to: "tom@mail.example")
        let dsn = String(decoding: Self.deliveryReport(originalMessageID: tom.messageID, recipient: "tom@mail.example"), as: UTF8.self)
            .replacingOccurrences(of: "I'm sorry to have to inform you that your message could not be delivered.",
                                  with: "Note from the postmaster's desk, forwarded from Tom: \(Self.crisis)")
        try f.deliver(Array(dsn.utf8))
        let report = try f.poll()
        #expect(report.bounces == 1)
        #expect(report.alerts == 1)
        #expect(try Self.alert(f).text.contains("end it all"))
    }

    @Test func aReplyToAnOldRoundIsScreened() throws {
        let f = try Fixture()
        let oldCheckIn = try f.checkIn(to: "maya@mail.example").bytes
        // The next week's round goes out; then Maya answers last week's email.
        var outgoing = RecordingSender()
        _ = try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-08T18:00:00Z")),
                        logger: Logger(label: "t")).run(sender: &outgoing)
        f.clock = FixedTime(now: fixedDate("2026-12-09T09:00:00Z"))
        try f.deliver(ReplyFactory.plain(to: oldCheckIn, text: "1) 1\n2) 1\n3) \(Self.crisis)", from: "maya@mail.example"))
        let report = try f.poll()
        #expect(report.alerts == 1)
        #expect(try Self.alert(f).subject == "Safety alert: couple c1 (a reply needs your attention)")
    }
}

extension PollJobTests {
    @Test func aCommandIsScreenedAndAnswersGivenWithItAreKept() throws {
        let f = try Fixture()
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "maya@mail.example").bytes,
                                         text: "STOP. \(Self.crisis)", from: "maya@mail.example"))
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "tom@mail.example").bytes,
                                         text: "1) 4\n2) 3\n3) Busy but good.\n\nPlease pause these for two weeks, we are travelling.",
                                         from: "tom@mail.example"))
        let report = try f.poll()
        #expect(report.commands == 2)
        #expect(report.alerts == 1, "the stop with crisis language alerts")
        #expect(try Self.alert(f).text.contains("end it all"))
        let tom = try #require(try f.store.partnerID(email: "tom@mail.example"))
        #expect(try f.store.allCheckIns().first { $0.partnerID == tom }?.scales == [.connection: 4, .room: 3])
    }
}
