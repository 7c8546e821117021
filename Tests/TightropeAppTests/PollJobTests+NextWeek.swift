import Foundation
import Logging
import Testing
import TightropeStore
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail
@testable import TightropeStore
@testable import TightropeTransport

/// The poller and the next week: recaps, theme choice, reminders, and mail too large to read.
extension PollJobTests {
    /// Both partners answer; next week's check-ins are rendered. Returns them by recipient.
    static func nextWeek(sharing: Bool) throws -> [String: String] {
        let f = try Fixture(couples: [TestPractice.couple(sharing: sharing)])
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "maya@mail.example").bytes,
                                         text: "1) 2\n2) 4\n3) MAYA-SECRET we argued about money", from: "maya@mail.example"))
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "tom@mail.example").bytes,
                                         text: "1) 5\n2) 1\n3) TOM-SECRET I felt close", from: "tom@mail.example"))
        try f.poll()
        var outgoing = RecordingSender()
        _ = try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-08T18:00:00Z")),
                        logger: Logger(label: "t")).run(sender: &outgoing)
        var bodies: [String: String] = [:]
        for sent in outgoing.sent {
            let m = MIMEMessage(sent.bytes)
            var defects: [MIMEDefect] = []
            bodies[sent.to] = m.parts.indices.filter { m.parts[$0].mainType == "text" }.map { m.text($0, defects: &defects) }
                .joined(separator: "\n").replacingOccurrences(of: "\r\n", with: "\n")
        }
        return bodies
    }

    @Test func theNextEmailRecallsTheirOwnAnswersAndNeverThePartnersWithoutSharing() throws {
        let bodies = try Self.nextWeek(sharing: false)
        let maya = try #require(bodies["maya@mail.example"]), tom = try #require(bodies["tom@mail.example"])
        #expect(maya.contains("Last week you rated your connection 2 and your room for\nyourself 4."))
        #expect(maya.contains("MAYA-SECRET we argued about money"))
        #expect(tom.contains("TOM-SECRET I felt close"))
        // Neither the other's words nor their scales, in text or HTML.
        #expect(!maya.contains("TOM-SECRET") && !tom.contains("MAYA-SECRET"))
        #expect(!maya.contains("As you both agreed to share") && !tom.contains("As you both agreed to share"))
        #expect(!maya.contains("rated their connection"))
    }

    @Test func withSharingOnTheNextEmailAlsoShowsThePartnersAnswers() throws {
        let bodies = try Self.nextWeek(sharing: true)
        let maya = try #require(bodies["maya@mail.example"])
        #expect(maya.contains("MAYA-SECRET"))
        #expect(maya.contains("Tom rated their connection\n5 and their room for themselves 1."))
        #expect(maya.contains("TOM-SECRET I felt close"))
        #expect(try #require(bodies["tom@mail.example"]).contains("Maya rated their connection"))
    }

    @Test(arguments: [true, false])
    func divergentAnswersSteerTheThemeOfTheWeekAfter(_ diverge: Bool) throws {
        let f = try Fixture()
        let weeks = ["2026-12-01T18:00:00Z", "2026-12-08T18:00:00Z", "2026-12-15T18:00:00Z"]
        var subjects: [String] = []
        for (i, week) in weeks.enumerated() {
            var outgoing = RecordingSender()
            if i > 0 {
                _ = try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate(week)),
                                logger: Logger(label: "t")).run(sender: &outgoing)
            }
            let rows = try f.store.outbox().filter { $0.kind == .checkin }.suffix(2)
            subjects.append(MIMEMessage(try #require(rows.first).bytes).header("Subject") ?? "")
            guard i < 2 else { break }
            for row in rows {
                let value = row.envelopeTo.hasPrefix("maya") ? 2 : (diverge ? 5 : 3)
                try f.deliver(ReplyFactory.plain(to: row.bytes, text: "1) \(value)\n2) 3\n3) fine", from: row.envelopeTo))
            }
            try f.poll()
        }
        #expect(subjects[0].hasSuffix("saying what you need"))
        #expect(subjects[1].hasSuffix("boundaries that protect the relationship"))
        // After two divergent weeks the two themes for it alternate; otherwise the rotation goes on.
        #expect(subjects[2].hasSuffix(diverge ? "saying what you need" : "supporting each other's growth"), "\(subjects[2])")
    }

    @Test func oneReminderOnTheReminderDayInTheThreadOnlyToThoseWhoHaveNotAnswered() throws {
        let f = try Fixture(couples: [TestPractice.couple(),
                                      TestPractice.couple(id: "c2", emails: ("ann@mail.example", "ben@mail.example"))])
        try f.deliver(try ReplyFactory.reply(to: try f.checkIn(to: "tom@mail.example").bytes, seed: "gmail-web", from: "tom@mail.example"))
        try f.poll()
        // Ben pauses after getting his check-in.
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "ben@mail.example").bytes, text: "PAUSE 3 weeks", from: "ben@mail.example"))
        try f.poll()

        func run(_ iso: String) throws -> (SendReport, RecordingSender) {
            var sender = RecordingSender()
            let report = try #require(try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate(iso)),
                                                  logger: f.capture.logger()).run(sender: &sender))
            return (report, sender)
        }
        // Sent Tuesday 1 Dec 18:00 London; the couples' reminder day is Friday.
        #expect(try run("2026-12-04T17:59:00Z").0.reminders == 0)
        let (friday, sent) = try run("2026-12-04T18:00:00Z")
        #expect(friday.reminders == 2)
        #expect(Set(sent.sent.map(\.to)) == ["maya@mail.example", "ann@mail.example"])
        let reminder = MIMEMessage(try #require(sent.sent.first { $0.to == "maya@mail.example" }).bytes)
        let checkIn = try f.checkIn(to: "maya@mail.example")
        #expect(reminder.header("In-Reply-To") == "<\(checkIn.messageID)>")
        #expect(reminder.header("Subject") == "Re: " + (MIMEMessage(checkIn.bytes).header("Subject") ?? ""))
        #expect(reminder.headers("Reply-To") == MIMEMessage(checkIn.bytes).headers("Reply-To"))
        #expect((reminder.bestText()?.text ?? "").contains("A gentle reminder"))
        // Never two, however often the timer runs.
        for iso in ["2026-12-04T19:00:00Z", "2026-12-05T10:00:00Z", "2026-12-07T18:00:00Z"] { #expect(try run(iso).0.reminders == 0) }
        #expect(try f.store.outbox().filter { $0.kind == .reminder }.count == 2)
    }

    @Test func noReminderAfterAReplyEvenARecentOne() throws {
        let f = try Fixture()
        for email in ["maya@mail.example", "tom@mail.example"] {
            try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: email).bytes, text: "1) 3\n2) 3\n3) ok", from: email))
        }
        try f.poll()
        var sender = RecordingSender()
        let report = try #require(try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-04T18:00:00Z")),
                                              logger: Logger(label: "t")).run(sender: &sender))
        #expect(report.reminders == 0)
        #expect(sender.sent.isEmpty)
    }

    /// A mailbox whose server refuses to hand over messages above a size (as the IMAP fetch does).
    struct SizeLimitedMailbox: InboundMailbox {
        var inner: MaildirReplies
        let limit: Int
        var name: String { inner.name }
        mutating func open() throws(TransportError) -> Int64 { try inner.open() }
        mutating func uids() throws(TransportError) -> [Int64] { inner.uids() }
        mutating func fetch(uid: Int64) throws(TransportError) -> [UInt8] {
            let bytes = try inner.fetch(uid: uid)
            if bytes.count > limit { throw .tooLarge(limit: limit) }
            return bytes
        }
        mutating func moveToProcessed(uids: [Int64]) throws(TransportError) -> MovedMessages { try inner.moveToProcessed(uids: uids) }
        mutating func erase(_ items: [ServerErasure]) throws(TransportError) -> ServerErasureResult { try inner.erase(items) }
    }

    @Test func aMessageTooLargeToReadGoesToReviewAndDoesNotBlockTheRest() throws {
        let f = try Fixture()
        let big = Array("From: x@else.example\r\nSubject: big\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 4 << 20)
        try f.deliver(big)
        try f.deliver(try ReplyFactory.reply(to: try f.checkIn(to: "maya@mail.example").bytes, seed: "gmail-web", from: "maya@mail.example"))
        var mailbox = SizeLimitedMailbox(inner: MaildirReplies(inbox: f.inbox), limit: 1 << 20)
        let job = PollJob(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(), clock: f.clock,
                          logger: f.capture.logger())
        let report = try #require(try job.run(mailbox: &mailbox, sender: &f.sender))
        #expect(report.checkIns == 1)
        #expect(report.toReview == 1)
        #expect(f.inbox.uids().isEmpty, "both left the inbox; the big one is in the processed folder")
        #expect(try f.store.reviews().map(\.reason) == ["larger than 1 MB, so not read; it is in the processed folder on the mail server"])
        // The next poll does not trip over it again.
        var again = SizeLimitedMailbox(inner: MaildirReplies(inbox: f.inbox), limit: 1 << 20)
        #expect(try job.run(mailbox: &again, sender: &f.sender)?.toReview == 0)
    }

    /// A delivery status notification as Postfix writes it.
    static func deliveryReport(originalMessageID: String, recipient: String) -> [UInt8] {
        let text = """
            From: MAILER-DAEMON@mail.example (Mail Delivery System)
            To: checkins@harbourlane.example
            Subject: Undelivered Mail Returned to Sender
            Auto-Submitted: auto-replied
            Message-ID: <\(UUID().uuidString)@mail.example>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

            --B1
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.

            --B1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mail.example

            Final-Recipient: rfc822; \(recipient)
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 User unknown

            --B1
            Content-Type: text/rfc822-headers

            From: checkins@harbourlane.example
            To: \(recipient)
            Message-ID: <\(originalMessageID)>
            Subject: Your weekly check-in

            --B1--
            """
        return Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
}
