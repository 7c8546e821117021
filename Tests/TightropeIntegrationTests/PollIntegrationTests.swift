import Foundation
import Testing
import TightropeCore
import TightropeAppTesting
import TightropeTesting
@testable import TightropeMail
@testable import TightropeStore

/// `tightrope poll` against the real Postfix and Dovecot on loopback: replies are submitted
/// through Postfix to the practice's plus-addresses, delivered by LMTP into Dovecot, and read
/// back over IMAPS by the built executable. Each test has its own practice mailbox.
@Suite(.serialized) struct PollIntegrationTests {
    let stack: MailStack

    init() throws { stack = try MailStack() }

    static let monday = "2030-01-07T09:00:00Z"
    static let mondayLater = "2030-01-07T12:00:00Z"

    func practice(_ practice: String, users: [String], therapist: String = "therapist") throws -> CLISandbox {
        try stack.practice(practice, users: users, therapist: therapist, sendAt: Self.monday)
    }

    func poll(_ box: CLISandbox, at now: String = mondayLater) throws -> CLIRun { try pollChecked(box, at: now) }

    @Test func repliesInEveryClientStyleAreReadOnceAndFiledInTheProcessedFolder() throws {
        let styles = try ReplyFactory.styles()
        let users = (0..<(styles.count + styles.count % 2)).map { String(format: "u%03d", 811 + $0) }
        let box = try practice("u810", users: users)
        var replies: [(from: String, to: String, bytes: [UInt8])] = []
        for (i, style) in styles.enumerated() {
            let from = "\(users[i])@example.test"
            replies.append(envelope(try ReplyFactory.reply(to: try checkIn(box, to: users[i]), seed: style, name: "Zoë Ångström",
                                                           from: from, connection: 1 + i % 5, room: 5 - i % 5), from: from))
        }
        try stack.submit(replies)

        let first = try poll(box)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("fetched \(styles.count) (0 already stored); check-ins \(styles.count)"), "\(first.stdout)")
        #expect(first.stdout.contains("to review 0"))
        let store = try TightropeStore(path: box.database.path)
        let checkIns = try store.allCheckIns()
        #expect(checkIns.count == styles.count)
        for (i, style) in styles.enumerated() {
            let partnerID = try #require(try store.partnerID(email: "\(users[i])@example.test"))
            let c = try #require(checkIns.first { $0.partnerID == partnerID }, "\(style)")
            #expect(try scales(c) == ["connection": 1 + i % 5, "room": 5 - i % 5], "\(style)")
            #expect(c.reflection?.isEmpty == false, "\(style)")
        }
        // The therapist sees what counts for each partner.
        let shown = try box.run(["couple", "show", "c-\(users[0])"])
        #expect(shown.stdout.contains("  a: connection 1, room 5, confidence 1.00"), "\(shown.stdout)")
        // A second poll does nothing; the inbox is empty and the replies sit in the processed folder.
        let second = try poll(box)
        #expect(second.stdout.contains("fetched 0 (0 already stored); check-ins 0"))
        #expect(try store.allCheckIns().count == styles.count)
        #expect(try stack.messageIDs(["u810"])["u810"] == [])
        let processed = try stack.imapTool(["ids:Tightrope/Processed", "u810"])
        #expect(replies.allSatisfy { r in processed.contains(MIMEMessage(r.bytes).header("Message-ID") ?? "?") })
        // Each partner who replied has the check-in and a confirmation in the same thread.
        try stack.waitForQueue()
        let fetched = try stack.fetch(users[0])
        #expect(fetched.count == 2)
        let confirmation = try #require(fetched.first { $0.subject?.hasPrefix("Re: ") == true })
        #expect(confirmation.text?.contains("This is\nwhat we read from it") == true || confirmation.text?.contains("what we read") == true)
    }

    @Test func autoRepliesBouncesCommandsAndImpostorsAreEachHandled() throws {
        // c-u821: u821 and u822. c-u823: u823 and an address Dovecot does not have.
        let box = try practice("u820", users: ["u821", "u822", "u823", "nosuchpartner"])
        let store = try TightropeStore(path: box.database.path)
        let u821 = try checkIn(box, to: "u821"), u822 = try checkIn(box, to: "u822")
        let token821 = MIMEMessage(u821).headers("Reply-To").flatMap(HeaderValues.addresses)[0]
        let forged = token821.replacingOccurrences(of: "-", with: "-x").prefix { $0 != "@" } + "@example.test"
        try stack.submit([
            envelope(ReplyFactory.plain(to: u821, text: "I am out of the office until Monday.", from: "u821@example.test",
                                        extraHeaders: ["Auto-Submitted: auto-replied"]), from: "u821@example.test"),
            envelope(ReplyFactory.plain(to: u822, text: "STOP", from: "u822@example.test"), from: "u822@example.test"),
            // A valid token, sent by someone else.
            envelope(try ReplyFactory.reply(to: u821, seed: "gmail-web", from: "u825@example.test"), from: "u825@example.test"),
            // The partner's own address, a token that fails its check.
            envelope(try ReplyFactory.reply(to: u821, seed: "gmail-web", from: "u821@example.test", to: String(forged)),
                     from: "u821@example.test"),
        ])
        // Postfix has bounced the check-in to the unknown partner by now: a DSN in the practice's inbox.
        let run = try poll(box)
        #expect(run.status == 0, "\(run.stderr)")
        let kinds = try store.inboundEntries().map { $0.kind?.rawValue ?? "-" }.sorted()
        // The impostor's message (a valid token, another sender) belongs to no couple: "unknown".
        #expect(kinds == ["auto-reply", "bounce", "command", "reply", "unknown"], "\(kinds)")
        #expect(try store.allCheckIns().isEmpty)
        // The bounce marked the outbox row; the impostors are in the review queue.
        #expect(try store.outbox().first { $0.envelopeTo == "nosuchpartner@example.test" }?.state == .bounced)
        let reasons = try store.reviews().map(\.reason).sorted()
        #expect(reasons == ["the sender is not the partner the token names", "the token in the reply address fails its check"])
        // STOP applied and confirmed.
        #expect(try store.couple(id: "c-u821")?.partner(.b)?.status == .stopped)
        try stack.waitForQueue()
        #expect(try stack.fetch("u822").contains { $0.text?.contains("You will not get any more weekly check-ins") == true })
        // Nothing was sent to the impostor, and no confirmation answers the auto-reply.
        #expect(try stack.messageIDs(["u825"])["u825"] == [])
        #expect(try stack.fetch("u821").count == 1)

        // PAUSE, then RESUME, a poll apart (LMTP may reorder messages delivered together).
        try stack.submit([envelope(ReplyFactory.plain(to: u821, text: "pause 2 weeks", from: "u821@example.test"), from: "u821@example.test")])
        let paused = try poll(box)
        #expect(paused.stdout.contains("commands 1"))
        #expect(try store.couple(id: "c-u821")?.partner(.a)?.status == .paused)
        try stack.submit([envelope(ReplyFactory.plain(to: u821, text: "Resume", from: "u821@example.test"), from: "u821@example.test")])
        _ = try poll(box)
        #expect(try store.couple(id: "c-u821")?.partner(.a)?.status == .active)
        #expect(try stack.messageIDs(["u820"])["u820"] == [])

        // The therapist settles the queue from the command line.
        let list = try box.run(["review", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("the sender is not the partner the token names"))
        let firstID = try #require(list.stdout.split(separator: "\n").first?.split(separator: "\t").first.map(String.init))
        let shown = try box.run(["review", "show", firstID])
        #expect(shown.status == 0 && shown.stdout.contains("from: "))
        #expect(try box.run(["review", "reject", firstID]).status == 0)
        #expect(try box.run(["review", "reject", firstID]).status == 65)
        #expect(try box.run(["review", "list"]).stdout.split(separator: "\n").count == 1)
    }

    @Test func aCrisisReplyAlertsTheTherapistAndTheDigestArrives() throws {
        let box = try practice("u830", users: ["u831", "u832"], therapist: "u839")
        let u831 = try checkIn(box, to: "u831")
        try stack.submit([envelope(ReplyFactory.plain(to: u831, text: "1) 1\n2) 1\n3) I keep thinking about killing myself.",
                                                      from: "u831@example.test"), from: "u831@example.test")])
        let run = try poll(box)
        #expect(run.stdout.contains("safety alerts 1"), "\(run.stdout)")
        try stack.waitForQueue()
        // The alert reaches the therapist's mailbox; its subject names the couple, not the words.
        let alert = try #require(try stack.fetch("u839").first)
        #expect(alert.subject == "Safety alert: couple c-u831 (a reply needs your attention)")
        #expect(alert.text?.contains("killing myself") == true)
        // The partner's confirmation repeats the crisis resources.
        #expect(try stack.fetch("u831").contains { $0.text?.contains("please do not wait") == true })

        // Monday's digest: mailed once (a second run the same week sends nothing), and as a page.
        let digest = try box.run(["digest", "--now", "2030-01-14T07:00:00Z"])
        #expect(digest.status == 0, "\(digest.stderr)")
        #expect(digest.stdout.contains("digests queued 1; sent 1"))
        #expect(try box.run(["digest", "--now", "2030-01-14T08:00:00Z"]).stdout.contains("digests queued 0"))
        try stack.waitForQueue()
        let mails = try stack.fetch("u839")
        #expect(mails.count == 2)
        let mailed = try #require(mails.first { $0.subject?.hasPrefix("Check-in digest") == true })
        #expect(mailed.multipart && mailed.subtype?.lowercased() == "alternative")
        #expect(mailed.text?.contains("SAFETY ALERTS") == true)
        let page = box.dir.appendingPathComponent("digest.html")
        #expect(try box.run(["digest", "--html", page.path, "--now", "2030-01-14T07:00:00Z"]).status == 0)
        #expect(try String(contentsOf: page, encoding: .utf8).contains("Couple c-u831"))
        #expect((try FileManager.default.attributesOfItem(atPath: page.path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func aMessageOverTheSizeLimitIsFiledUnreadAndThePollGoesOn() throws {
        let box = try practice("u840", users: ["u841", "u842"])
        _ = try stack.imapTool(["big:33", "u840"])
        try stack.submit([envelope(try ReplyFactory.reply(to: try checkIn(box, to: "u841"), seed: "gmail-web", from: "u841@example.test"),
                                   from: "u841@example.test")])
        let run = try poll(box)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("check-ins 1"))
        #expect(run.stdout.contains("to review 1"))
        #expect(try stack.messageIDs(["u840"])["u840"] == [])
        #expect(try stack.imapTool(["ids:Tightrope/Processed", "u840"]).contains("big-"))
        #expect(try box.run(["review", "list"]).stdout.contains("larger than 32 MB"))
    }

    @Test func killingThePollerAtRandomLosesNothingAndDuplicatesNothing() throws {
        let users = (600..<800).map { String(format: "u%03d", $0) }
        let box = try practice("u599", users: users)
        var replies: [(from: String, to: String, bytes: [UInt8])] = []
        let styles = try ReplyFactory.styles()
        let outbox = try TightropeStore(path: box.database.path).outbox()
        for (i, user) in users.enumerated() {
            let from = "\(user)@example.test"
            let sent = try #require(outbox.first { $0.envelopeTo == from })
            replies.append(envelope(try ReplyFactory.reply(to: sent.bytes, seed: styles[i % styles.count], from: from,
                                                           connection: 1 + i % 5, room: 1 + (i / 5) % 5), from: from))
        }
        try stack.submit(replies)
        #expect(try stack.messageIDs(["u599"])["u599"]?.count == 200)

        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for _ in 0..<20 {
            let process = try box.start(["poll", "--now", Self.mondayLater])
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.6, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
        }
        let last = try poll(box)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(killed >= 5, "the trials should interrupt the poller; only \(killed) of 20 did")

        let store = try TightropeStore(path: box.database.path)
        let inbound = try store.inboundEntries()
        #expect(inbound.count == 200, "every reply stored exactly once")
        #expect(inbound.allSatisfy { $0.state == .processed })
        let checkIns = try store.allCheckIns()
        #expect(checkIns.count == 200, "no check-in duplicated")
        #expect(Set(checkIns.map(\.partnerID)).count == 200)
        #expect(Set(checkIns.map(\.inboundID)).count == 200)
        for (i, user) in users.enumerated() {
            let id = try #require(try store.partnerID(email: "\(user)@example.test"))
            let want: ScaleValues = [.connection: 1 + i % 5, .room: 1 + (i / 5) % 5]
            #expect(try checkIns.first { $0.partnerID == id }.map(scales) == want, "\(user)")
        }
        #expect(try stack.messageIDs(["u599"])["u599"] == [], "the inbox is empty")
        // One confirmation per reply in the outbox; none queued twice.
        #expect(try store.outbox().filter { $0.kind == .confirmation }.count == 200)
    }
}
