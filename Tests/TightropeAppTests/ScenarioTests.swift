import Foundation
import Logging
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail
@testable import TightropeStore
@testable import TightropeTransport

/// Four weeks of the whole loop on a fixed clock with the file transport: one couple drifting
/// apart, one partner falling silent, one reply with a safety phrase. Every email (check-ins
/// with their recaps, confirmations, the reminder, the alert) and the digest are checked
/// against golden files (`TIGHTROPE_RECORD=1 swift test --filter Scenario` re-records).
@Suite(.serialized) struct ScenarioTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    final class World {
        let dir: URL
        let store: TightropeStore
        let practice: Practice
        let inbox: MaildirInbox
        let inWriter: MaildirWriter
        var sender: MaildirSender
        let outbox: URL
        let logger: Logger

        init(couples: [Couple]) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-scenario-\(UUID().uuidString)")
            let config = TestPractice.configuration(databasePath: dir.appendingPathComponent("t.sqlite").path)
            store = try TightropeStore(path: config.databasePath)
            practice = try TestPractice.make(config: config)
            try store.addCouples(couples, at: fixedDate("2026-11-20T12:00:00Z"))
            inbox = try MaildirInbox(root: dir.appendingPathComponent("in"), processedFolder: "Processed")
            inWriter = try MaildirWriter(root: dir.appendingPathComponent("in"))
            outbox = dir.appendingPathComponent("out")
            sender = MaildirSender(writer: try MaildirWriter(root: outbox))
            logger = Logger(label: "scenario")
        }

        deinit { try? FileManager.default.removeItem(at: dir) }

        func send(_ iso: String) throws {
            _ = try SendJob(practice: practice, store: store, clock: FixedTime(now: fixedDate(iso)), logger: logger).run(sender: &sender)
        }

        func poll(_ iso: String) throws -> PollReport {
            var mailbox = MaildirReplies(inbox: inbox)
            return try #require(try PollJob(practice: practice, store: store, lexicon: try TestLexicon.installed(),
                                            clock: FixedTime(now: fixedDate(iso)), logger: logger).run(mailbox: &mailbox, sender: &sender))
        }

        func digest(_ iso: String) -> DigestJob {
            DigestJob(practice: practice, store: store, lexicon: try! TestLexicon.installed(), clock: FixedTime(now: fixedDate(iso)),
                      logger: logger)
        }

        /// This week's check-in of a partner.
        func checkIn(to email: String, roundWeek: Int) throws -> OutboxEntry {
            try #require(try store.outbox().filter { $0.kind == .checkin && $0.envelopeTo == email }.dropFirst(roundWeek).first)
        }

        func reply(week: Int, _ email: String, _ text: String) throws {
            try inWriter.deliver(ReplyFactory.plain(to: try checkIn(to: email, roundWeek: week).bytes, text: text, from: email),
                                 uniqueHint: "r")
        }

        /// Every message sent, in outbox order, as a readable transcript (deterministic parts only).
        func transcript() throws -> String {
            var out = ""
            for entry in try store.outbox() where entry.kind != .digest {
                let m = MIMEMessage(entry.bytes)
                var defects: [MIMEDefect] = []
                let text = m.parts.indices.first { m.parts[$0].contentType == "text/plain" }.map { m.text($0, defects: &defects) } ?? ""
                out += "=== \(entry.kind) to \(entry.envelopeTo): \(m.header("Subject") ?? "")\n"
                out += "threaded: \(m.header("In-Reply-To") != nil)\n"
                out += text.replacingOccurrences(of: "\r\n", with: "\n") + "\n"
            }
            return out
        }
    }

    static func couples() -> [Couple] {
        [
            TestPractice.couple(id: "drift", names: ("Maya Ashford", "Tom Ashford"), emails: ("maya@mail.example", "tom@mail.example")),
            TestPractice.couple(id: "quiet", names: ("Ada Okoye", "Wei Lin"), emails: ("ada@mail.example", "wei@mail.example"),
                                sharing: true),
            TestPractice.couple(id: "care", names: ("Zoë Ångström", "José Núñez"), emails: ("zoe@mail.example", "jose@mail.example")),
        ]
    }

    /// Tuesdays 18:00 London: the round; Wednesday: replies, polled; Friday 18:00: reminders.
    static let weeks = [("2026-12-01", "2026-12-02", "2026-12-04"), ("2026-12-08", "2026-12-09", "2026-12-11"),
                        ("2026-12-15", "2026-12-16", "2026-12-18"), ("2026-12-22", "2026-12-23", "2026-12-25")]

    static func run() throws -> World {
        let w = try World(couples: couples())
        let drift = [(4, 4, 3, 3), (4, 3, 5, 3), (3, 2, 5, 4), (2, 2, 5, 4)]  // Maya's connection falls, Tom's rises
        for (i, (tuesday, wednesday, friday)) in weeks.enumerated() {
            try w.send("\(tuesday)T18:00:00Z")
            let (mc, mr, tc, tr) = drift[i]
            try w.reply(week: i, "maya@mail.example", "1) \(mc)\n2) \(mr)\n3) Week \(i + 1): I keep waiting for him to notice.")
            try w.reply(week: i, "tom@mail.example", "1) \(tc)\n2) \(tr)\n3) Week \(i + 1): things feel good to me.")
            try w.reply(week: i, "ada@mail.example", "1) 3\n2) 4\n3) Week \(i + 1): we cooked together twice.")
            if i < 2 { try w.reply(week: i, "wei@mail.example", "1) 3\n2) 3\n3) Week \(i + 1): busy but fine.") }
            try w.reply(week: i, "zoe@mail.example", i == 3
                        ? "1) 1\n2) 1\n3) Honestly some nights I think everyone would be better off without me."
                        : "1) 3\n2) 3\n3) Week \(i + 1): ordinary week.")
            try w.reply(week: i, "jose@mail.example", "1) 4\n2) 3\n3) Week \(i + 1): we laughed a lot.")
            _ = try w.poll("\(wednesday)T20:00:00Z")
            try w.send("\(friday)T18:00:00Z")
        }
        return w
    }

    @Test func fourWeeksOfTheLoopMatchTheGoldenFiles() throws {
        let w = try Self.run()
        let transcript = try w.transcript()
        #expect(Golden.compare(Array(transcript.utf8), file: Self.goldenDir.appendingPathComponent("scenario-emails.txt")) == .matches)

        // The reminder: only Wei, only in weeks 3 and 4, one each.
        let reminders = try w.store.outbox().filter { $0.kind == .reminder }
        #expect(reminders.map(\.envelopeTo) == ["wei@mail.example", "wei@mail.example"])
        // The alert: to the therapist, once, for couple "care".
        let alerts = try w.store.outbox().filter { $0.kind == .alert }
        #expect(alerts.count == 1)
        #expect(MIMEMessage(try #require(alerts.first).bytes).header("Subject") == "Safety alert: couple care (a reply needs your attention)")

        // The digest the Monday after: alerts first, then the couples with their signals.
        let job = w.digest("2026-12-28T07:00:00Z")
        let therapist = try #require(w.practice.config.therapists.first)
        let message = try job.message(for: therapist)
        #expect(Golden.compare(Array(message.textBody.utf8), file: Self.goldenDir.appendingPathComponent("scenario-digest.txt")) == .matches)
        let html = try job.html(for: therapist)
        #expect(Golden.compare(Array(html.utf8), file: Self.goldenDir.appendingPathComponent("scenario-digest.html")) == .matches)
        let text = message.textBody
        let alertAt = try #require(text.range(of: "SAFETY ALERTS")), firstCouple = try #require(text.range(of: "COUPLE "))
        #expect(alertAt.lowerBound < firstCouple.lowerBound)
        #expect(text.contains("The partners are 3 points apart on a scale."))
        #expect(text.contains("A partner has not replied two weeks running."))
        #expect(text.contains("No reply from: Wei"))
        #expect(text.contains("Maya · connection: 4 4 3 2"))
        #expect(message.subject == "Check-in digest, 22 December 2026 to 28 December 2026: 1 safety alert")

        // Sent once a week: a second run the same week queues nothing.
        var sender = RecordingSender()
        #expect(try job.run(sender: &sender).queued == 1)
        #expect(try job.run(sender: &sender).queued == 0)
        #expect(sender.sent.count == 1)
        // Once sent, the digest's bytes are not kept.
        #expect(try w.store.outbox().first { $0.kind == .digest }?.bytes.isEmpty == true)

        // Every message written parses cleanly.
        let files = try FileManager.default.contentsOfDirectory(at: w.outbox.appendingPathComponent("new"), includingPropertiesForKeys: nil)
        let readings = try PythonMailCheck.read(files)
        #expect(readings.count == files.count)
        for reading in readings { #expect(reading.defects == [], "\(reading.file)") }
    }

    @Test func hostileNamesAndRepliesNeverReachTheDigestLive() throws {
        let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>"
        let w = try World(couples: [TestPractice.couple(id: "evil", names: ("Eve \(hostile)", "Mallory \"</td></tr></table>"))])
        try w.send("2026-12-01T18:00:00Z")
        try w.reply(week: 0, "maya@mail.example", "1) 2\n2) 5\n3) \(hostile) <a href=\"javascript:alert(3)\">click</a> I want to die")
        try w.reply(week: 0, "tom@mail.example", "1) 5\n2) 1\n3) <style>body{display:none}</style><iframe src=//evil.example>")
        _ = try w.poll("2026-12-02T20:00:00Z")
        let html = try w.digest("2026-12-07T07:00:00Z").html(for: try #require(w.practice.config.therapists.first))
        for live in ["<script", "<img", "<iframe", "<style>body", "<a href", "</td></tr></table>\""] {
            #expect(!html.contains(live), "live markup in the digest: \(live)")
        }
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("Eve &lt;script&gt;"))
    }

    @Test func anAlertIsNotLostWhenAWeeksDigestWasMissed() throws {
        let w = try World(couples: [TestPractice.couple(id: "care")])
        var sender = RecordingSender()
        try w.send("2026-12-01T18:00:00Z")
        #expect(try w.digest("2026-12-07T07:00:00Z").run(sender: &sender).queued == 1)
        try w.send("2026-12-08T18:00:00Z")
        try w.reply(week: 1, "maya@mail.example", "1) 1\n2) 1\n3) I don't want to be alive anymore.")
        _ = try w.poll("2026-12-08T20:00:00Z")
        // The server was down on Monday 14 December: no digest that week. The next one still heads with the alert.
        let text = try w.digest("2026-12-21T07:00:00Z").message(for: try #require(w.practice.config.therapists.first)).textBody
        #expect(text.contains("SAFETY ALERTS"))
        #expect(text.contains("Couple care, a (Maya Ashford), 8 December 2026"))
        #expect(text.contains("digest for 8 December 2026 to 21 December 2026"))
    }
}
