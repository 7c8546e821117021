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

/// The poller's logic with the file transport (a Maildir inbox); the same job against real
/// Dovecot is in TightropeIntegrationTests/PollIntegrationTests.
@Suite struct PollJobTests {
    /// A practice with couples whose round has been sent, and an inbox to drop replies into.
    final class Fixture {
        let dir: URL
        let store: TightropeStore
        let practice: Practice
        let inbox: MaildirInbox
        let writer: MaildirWriter
        var sender = RecordingSender()
        let capture = LogCapture()
        var clock = FixedTime(now: fixedDate("2026-12-02T09:00:00Z"))

        init(couples: [Couple] = [TestPractice.couple()], config: (inout Configuration) -> Void = { _ in }) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-poll-\(UUID().uuidString)")
            var configuration = TestPractice.configuration(databasePath: dir.appendingPathComponent("t.sqlite").path)
            config(&configuration)
            store = try TightropeStore(path: configuration.databasePath)
            practice = try TestPractice.make(config: configuration)
            try store.addCouples(couples, at: fixedDate("2026-11-20T12:00:00Z"))
            var outgoing = RecordingSender()
            _ = try SendJob(practice: practice, store: store, clock: FixedTime(now: fixedDate("2026-12-01T18:00:00Z")),
                            logger: Logger(label: "t")).run(sender: &outgoing)
            inbox = try MaildirInbox(root: dir.appendingPathComponent("Inbox"), processedFolder: "Tightrope/Processed")
            writer = try MaildirWriter(root: dir.appendingPathComponent("Inbox"))
        }

        deinit { try? FileManager.default.removeItem(at: dir) }

        /// The check-in sent to a partner.
        func checkIn(to email: String) throws -> OutboxEntry {
            try #require(try store.outbox().first { $0.kind == .checkin && $0.envelopeTo == email })
        }

        func deliver(_ bytes: [UInt8]) throws { try writer.deliver(bytes, uniqueHint: "r") }

        @discardableResult
        func poll(readingFault: (@Sendable ([UInt8]) -> AppError?)? = nil) throws -> PollReport {
            var mailbox = MaildirReplies(inbox: inbox)
            var job = PollJob(practice: practice, store: store, lexicon: try TestLexicon.installed(), clock: clock,
                              logger: capture.logger())
            job.readingFault = readingFault
            return try #require(try job.run(mailbox: &mailbox, sender: &sender))
        }

        func currentCheckIns() throws -> [StoredCheckIn] { try store.allCheckIns().filter { $0.supersededBy == nil } }

        func scales(_ c: StoredCheckIn) throws -> ScaleValues {
            c.scales
        }
    }

    @Test func repliesInEveryClientStyleBecomeOneCheckInEachAndASecondPollDoesNothing() throws {
        let styles = try ReplyFactory.styles()
        #expect(styles.count >= 6)
        let couples = (0..<styles.count).map { i in
            TestPractice.couple(id: "c\(i)", names: ("Zoë Ångström", "Tom"), emails: ("a\(i)@mail.example", "b\(i)@mail.example"))
        }
        let f = try Fixture(couples: couples)
        for (i, style) in styles.enumerated() {
            let email = "a\(i)@mail.example"
            try f.deliver(try ReplyFactory.reply(to: try f.checkIn(to: email).bytes, seed: style, name: "Zoë Ångström", from: email,
                                                 connection: 1 + i % 5, room: 5 - i % 5))
        }
        let report = try f.poll()
        #expect(report.fetched == styles.count)
        #expect(report.checkIns == styles.count)
        #expect(report.toReview == 0, "every style is read with confidence")
        #expect(report.delivery.sent == styles.count)
        let checkIns = try f.store.allCheckIns()
        #expect(checkIns.count == styles.count)
        for (i, style) in styles.enumerated() {
            let partnerID = try #require(try f.store.partnerID(email: "a\(i)@mail.example"))
            let c = try #require(checkIns.first { $0.partnerID == partnerID }, "\(style)")
            #expect(try f.scales(c) == ["connection": 1 + i % 5, "room": 5 - i % 5], "\(style)")
            #expect(c.reflection?.isEmpty == false, "\(style)")
            #expect(c.confidence >= InboundProcessor.reviewBelowConfidence, "\(style)")
            #expect(!(c.reflection ?? "").contains("wrote"), "\(style): the quoted original leaked in")
        }
        // Confirmations: to the partner on record, in the reply's thread, echoing what was read.
        let confirmation = try #require(f.sender.sent.first { $0.to == "a0@mail.example" })
        let parsed = MIMEMessage(confirmation.bytes)
        #expect(parsed.header("Auto-Submitted") == "auto-replied")
        #expect(parsed.header("In-Reply-To")?.hasPrefix("<") == true)
        #expect(parsed.header("Subject")?.hasPrefix("Re: ") == true)
        let text = parsed.bestText()?.text ?? ""
        #expect(text.contains("1 out of 5") && text.contains("5 out of 5"))
        #expect(text.contains("If we read something wrong"))

        // Everything left the inbox; a second poll fetches nothing and changes nothing.
        #expect(f.inbox.uids().isEmpty)
        let again = try f.poll()
        #expect(again.fetched == 0 && again.checkIns == 0 && again.delivery.sent == 0)
        #expect(try f.store.allCheckIns().count == styles.count)
        // The journal: counts only.
        for leak in ["mail.example", "Zoë", "Ångström", "budget", "pancakes"] { #expect(!f.capture.text.contains(leak), "\(leak)") }
        #expect(f.capture.text.contains("poll finished"))
    }

    @Test func aLaterReplySupersedesTheEarlierOneAndBothAreKept() throws {
        let f = try Fixture()
        let checkIn = try f.checkIn(to: "maya@mail.example").bytes
        try f.deliver(try ReplyFactory.reply(to: checkIn, seed: "gmail-web", from: "maya@mail.example", connection: 2, room: 2))
        try f.poll()
        try f.deliver(try ReplyFactory.reply(to: checkIn, seed: "outlook-desktop", from: "maya@mail.example", connection: 4, room: 5))
        try f.poll()
        let all = try f.store.allCheckIns()
        #expect(all.count == 2)
        #expect(all[0].supersededBy == all[1].id)
        #expect(try f.currentCheckIns().map { try f.scales($0) } == [["connection": 4, "room": 5]])
    }

    @Test func theSameMessageDeliveredTwiceIsStoredOnce() throws {
        let f = try Fixture()
        let reply = try ReplyFactory.reply(to: try f.checkIn(to: "maya@mail.example").bytes, seed: "gmail-web", from: "maya@mail.example")
        try f.deliver(reply)
        try f.deliver(reply)
        let report = try f.poll()
        #expect(report.fetched == 2)
        #expect(report.duplicates == 1)
        #expect(try f.store.allCheckIns().count == 1)
        #expect(f.sender.sent.count == 1)
    }

    @Test func quarantineWhenTheSenderOrTheTokenIsWrong() throws {
        let f = try Fixture()
        let maya = try f.checkIn(to: "maya@mail.example").bytes
        // A valid token, from someone else.
        try f.deliver(try ReplyFactory.reply(to: maya, seed: "gmail-web", from: "mallory@evil.example"))
        // Maya's own address, a token whose tag was altered.
        let token = try #require(ReplyToken.token(inAddress: MIMEMessage(maya).headers("Reply-To").flatMap(HeaderValues.addresses)[0],
                                                  localPart: "checkins", domain: "harbourlane.example"))
        let forged = String(token.dropLast()) + (token.last == "a" ? "b" : "a")
        try f.deliver(try ReplyFactory.reply(to: maya, seed: "gmail-web", from: "maya@mail.example",
                                             to: "checkins+\(forged)@harbourlane.example"))
        // A well-formed token for another partner, signed with another key.
        let other = ReplyToken(roundID: 1, partnerID: 2).encoded(key: Array("another-key-0123456789abcdefghijklmnopq".utf8))
        try f.deliver(try ReplyFactory.reply(to: maya, seed: "gmail-web", from: "maya@mail.example",
                                             to: "checkins+\(other)@harbourlane.example"))
        // Nothing links it to a round: a fresh message from a stranger.
        try f.deliver(Array("From: someone@else.example\r\nTo: checkins@harbourlane.example\r\nSubject: hello\r\nMessage-ID: <s1@else.example>\r\n\r\nHi there\r\n".utf8))
        let report = try f.poll()
        #expect(report.quarantined == 4)
        #expect(report.checkIns == 0)
        #expect(f.sender.sent.isEmpty, "no confirmation to anyone unverified")
        let reasons = try f.store.reviews().map(\.reason)
        #expect(reasons.contains("the sender is not the partner the token names"))
        // Mallory's message is filed under no couple: Maya's token alone does not make it Maya's couple's.
        let mallory = try #require(try f.store.reviews().first { $0.reason == "the sender is not the partner the token names" })
        #expect(mallory.coupleID == nil)
        #expect(reasons.filter { $0 == "the token in the reply address fails its check" }.count == 2)
        #expect(reasons.contains("unknown sender, no token"))
    }

    @Test func failingAuthenticationResultsFromThePracticesServerQuarantine() throws {
        let f = try Fixture { $0.authservID = "mx.harbourlane.example" }
        let maya = try f.checkIn(to: "maya@mail.example").bytes
        let reply = try ReplyFactory.reply(to: maya, seed: "gmail-web", from: "maya@mail.example")
        let stamped = Array("Authentication-Results: mx.harbourlane.example; spf=fail smtp.mailfrom=mail.example; dmarc=fail\r\n".utf8) + reply
        // Someone else's header claiming a pass changes nothing.
        let foreign = Array("Authentication-Results: other.example; dmarc=fail\r\n".utf8)
            + (try ReplyFactory.reply(to: try f.checkIn(to: "tom@mail.example").bytes, seed: "gmail-web", from: "tom@mail.example"))
        try f.deliver(stamped)
        try f.deliver(foreign)
        let report = try f.poll()
        #expect(report.quarantined == 1)
        #expect(report.checkIns == 1)
        #expect(try f.store.reviews().first?.reason == "the practice's mail server marked it as failing authentication")
    }

    @Test func autoRepliesAreRecordedAndNeverAnswered() throws {
        let f = try Fixture()
        let maya = try f.checkIn(to: "maya@mail.example").bytes
        try f.deliver(ReplyFactory.plain(to: maya, text: "I am away until Monday.", from: "maya@mail.example",
                                         extraHeaders: ["Auto-Submitted: auto-replied"]))
        try f.deliver(ReplyFactory.plain(to: maya, text: "Ich bin nicht im Büro.", from: "maya@mail.example",
                                         subject: "Abwesenheitsnotiz: Ihr Check-in"))
        try f.deliver(ReplyFactory.plain(to: maya, text: "Away", from: "maya@mail.example", extraHeaders: ["X-Autoreply: yes"]))
        try f.deliver(ReplyFactory.plain(to: maya, text: "Away", from: "maya@mail.example", extraHeaders: ["Precedence: auto_reply"]))
        try f.deliver(ReplyFactory.plain(to: maya, text: "Away", from: "maya@mail.example", subject: "Automatic reply: Your weekly check-in"))
        let report = try f.poll()
        #expect(report.autoReplies == 5)
        #expect(report.checkIns == 0)
        #expect(f.sender.sent.isEmpty)
        #expect(try f.store.inboundEntries().allSatisfy { $0.kind == .autoReply && $0.coupleID == "c1" })
    }

    @Test func stopPauseAndResumeChangeThePartnerAndAreConfirmed() throws {
        let f = try Fixture()
        let maya = try f.checkIn(to: "maya@mail.example").bytes
        let tom = try f.checkIn(to: "tom@mail.example").bytes
        try f.deliver(ReplyFactory.plain(to: maya, text: "stop\n\n-- \nMaya", from: "maya@mail.example"))
        try f.deliver(ReplyFactory.plain(to: tom, text: "Pause for two weeks please", from: "tom@mail.example"))
        var report = try f.poll()
        #expect(report.commands == 2)
        var couple = try #require(try f.store.couple(id: "c1"))
        #expect(couple.partner(.a)?.status == .stopped)
        #expect(couple.partner(.b)?.status == .paused)
        #expect(couple.partner(.b)?.pausedUntil == f.clock.now.addingTimeInterval(14 * 86_400))
        let texts = f.sender.sent.map { MIMEMessage($0.bytes).bestText()?.text ?? "" }
        #expect(texts.contains { $0.contains("You will not get any more weekly check-ins") })
        #expect(texts.contains { $0.contains("paused until 16 December 2026") })
        #expect(try f.store.allCheckIns().isEmpty)

        // Next week's round skips both; RESUME brings Maya back.
        try f.deliver(ReplyFactory.plain(to: maya, text: "RESUME", from: "maya@mail.example"))
        report = try f.poll()
        #expect(report.commands == 1)
        couple = try #require(try f.store.couple(id: "c1"))
        #expect(couple.partner(.a)?.status == .active)
        var outgoing = RecordingSender()
        let next = try #require(try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-08T18:00:00Z")),
                                            logger: Logger(label: "t")).run(sender: &outgoing))
        #expect(next.skippedPaused == ["c1/b"])
        #expect(outgoing.sent.filter { MIMEMessage($0.bytes).header("Auto-Submitted") == "auto-generated" }.map(\.to) == ["maya@mail.example"])
    }

    @Test func lowConfidenceGoesToReviewAndTheTherapistSettlesIt() throws {
        let f = try Fixture()
        let maya = try f.checkIn(to: "maya@mail.example").bytes
        try f.deliver(ReplyFactory.plain(to: maya, text: "1) 2\n1) 5\n3) Hard to say.", from: "maya@mail.example"))
        try f.deliver(try ReplyFactory.reply(to: maya, seed: "gmail-web", from: "stranger@else.example"))
        let report = try f.poll()
        #expect(report.toReview == 2)
        let service = ReviewService(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(), clock: f.clock)
        let items = try service.list()
        #expect(items.count == 2)
        let low = try #require(items.first { $0.checkInID != nil })
        // The therapist sees why: the two answers for question 1, with the lines they came from.
        let detail = try service.show(id: low.id)
        #expect(detail.notes.contains("contradictory answers for connection"))
        #expect(detail.evidence.filter { $0.field == "connection" }.map(\.line) == ["1) 2", "1) 5"])
        let confirmation = try #require(f.sender.sent.first)
        #expect((MIMEMessage(confirmation.bytes).bestText()?.text ?? "").contains("Robin Okafor will look at it"))
        try service.reject(id: low.id)
        #expect(try f.store.allCheckIns().first?.rejectedAt != nil)
        #expect(throws: AppError.self) { try service.reject(id: low.id) }

        // The stranger's message was Maya's after all (a new address): attributed on review.
        let stranger = try #require(items.first { $0.checkInID == nil })
        #expect(try service.show(id: stranger.id).from == ["stranger@else.example"])
        #expect(throws: AppError.self) { try service.accept(id: stranger.id, partner: nil, roundID: nil) }
        try service.accept(id: stranger.id, partner: PartnerRef(coupleID: "c1", label: .a), roundID: nil)
        #expect(try service.list().isEmpty)
        let current = try f.store.allCheckIns().last
        #expect(try current.map { try f.scales($0) } == ["connection": 4, "room": 3])
        #expect(try f.store.auditLog(coupleID: "c1").map(\.action).filter { $0.hasPrefix("review") } == ["review rejected", "review accepted"])
    }

    @Test func aBounceMarksTheMessageAndRepeatedHardBouncesStopSending() throws {
        let f = try Fixture()
        let tom = try f.checkIn(to: "tom@mail.example")
        let dsn = Self.deliveryReport(originalMessageID: tom.messageID, recipient: "tom@mail.example")
        try f.deliver(dsn)
        var report = try f.poll()
        #expect(report.bounces == 1)
        #expect(try f.store.outbox().first { $0.id == tom.id }?.state == .bounced)
        #expect(try f.store.addressHealth(partnerID: tom.partnerID!).hardBounces == 1)
        #expect(try f.store.addressHealth(partnerID: tom.partnerID!).failingSince == nil)
        #expect(f.sender.sent.isEmpty, "bounces are never answered")

        // The next week's check-in bounces too: the address is now failing and skipped.
        var outgoing = RecordingSender()
        let nextWeek = FixedTime(now: fixedDate("2026-12-08T18:00:00Z"))
        _ = try SendJob(practice: f.practice, store: f.store, clock: nextWeek, logger: Logger(label: "t")).run(sender: &outgoing)
        let second = try #require(try f.store.outbox().last { $0.envelopeTo == "tom@mail.example" && $0.kind == .checkin })
        try f.deliver(Self.deliveryReport(originalMessageID: second.messageID, recipient: "tom@mail.example"))
        report = try f.poll()
        #expect(report.bounces == 1)
        #expect(try f.store.addressHealth(partnerID: tom.partnerID!).failingSince != nil)
        let third = try #require(try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-15T18:00:00Z")),
                                             logger: Logger(label: "t")).run(sender: &outgoing))
        #expect(third.skippedFailingAddress == ["c1/b"])
    }

    @Test func aMessageStoredBeforeACrashIsProcessedByTheNextRun() throws {
        let f = try Fixture()
        let reply = try ReplyFactory.reply(to: try f.checkIn(to: "maya@mail.example").bytes, seed: "gmail-web", from: "maya@mail.example")
        try f.deliver(reply)
        // As if the poller died right after committing the raw bytes of UID 1.
        let validity = try f.inbox.open()
        try f.store.resetMailbox("maildir:inbox", uidValidity: validity)
        _ = try f.store.storeInbound(mailbox: "maildir:inbox", uidValidity: validity, uid: try #require(f.inbox.uids().first),
                                     dedupeKey: InboundProcessor.dedupeKey(reply), bytes: reply, at: f.clock.now)
        let report = try f.poll()
        #expect(report.fetched == 0, "UID 1 is stored already: moved without fetching again")
        #expect(report.checkIns == 1)
        #expect(report.moved == 1)
        #expect(try f.store.allCheckIns().count == 1)
        #expect(f.inbox.uids().isEmpty)
    }

    @Test func aNewUIDValidityRescansAndDeduplicates() throws {
        let f = try Fixture()
        let reply = try ReplyFactory.reply(to: try f.checkIn(to: "maya@mail.example").bytes, seed: "gmail-web", from: "maya@mail.example")
        try f.deliver(reply)
        try f.poll()
        // The server renumbered everything, and an old message reappears in the inbox.
        try f.store.resetMailbox("maildir:inbox", uidValidity: 42)
        try f.deliver(reply)
        let report = try f.poll()
        #expect(report.uidValidityChanged)
        #expect(report.duplicates == 1)
        #expect(try f.store.allCheckIns().count == 1)
    }

    @Test func rawMessagesArePurgedAfterTheRetentionPeriodButCheckInsStay() throws {
        let f = try Fixture { $0.rawRetentionDays = 7 }
        try f.deliver(try ReplyFactory.reply(to: try f.checkIn(to: "maya@mail.example").bytes, seed: "gmail-web", from: "maya@mail.example"))
        try f.poll()
        let id = try #require(try f.store.inboundEntries().first?.id)
        #expect(try f.store.inbound(id: id)?.bytes != nil)
        f.clock = FixedTime(now: f.clock.now.addingTimeInterval(6 * 86_400))
        #expect(try f.poll().purged == 0)
        f.clock = FixedTime(now: f.clock.now.addingTimeInterval(2 * 86_400))
        #expect(try f.poll().purged == 1)
        #expect(try f.store.inbound(id: id)?.bytes == nil)
        #expect(try f.store.allCheckIns().count == 1)
        #expect(try f.store.auditLog().contains { $0.action == "raw messages purged" })
    }

    @Test func crisisLanguageIsFlaggedAndTheConfirmationRepeatsTheResources() throws {
        let f = try Fixture()
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "maya@mail.example").bytes,
                                         text: "1) 2\n2) 1\n3) Some days I just want to end it all.", from: "maya@mail.example"))
        let report = try f.poll()
        #expect(report.safetyFlagged == 1)
        #expect(try f.store.allCheckIns().first?.safetyFlags.contains { $0.category == "suicide-thoughts" } == true)
        #expect(report.alerts == 1)
        // The therapist is alerted first; the subject names the couple, never the partner's words.
        let alert = try #require(f.sender.sent.first)
        #expect(alert.to == "robin@harbourlane.example")
        let alertMessage = MIMEMessage(alert.bytes)
        #expect(alertMessage.header("Subject") == "Safety alert: couple c1 (a reply needs your attention)")
        let alertText = alertMessage.bestText()?.text ?? ""
        #expect(alertText.contains("couple c1 (partner a, Maya Ashford)"))
        #expect(alertText.contains("end it all"))
        // The partner's confirmation repeats the crisis resources.
        let confirmation = try #require(f.sender.sent.first { $0.to == "maya@mail.example" })
        let text = MIMEMessage(confirmation.bytes).bestText()?.text ?? ""
        #expect(text.contains("Samaritans"))
        #expect(text.contains("please do not wait"))
        // An ordinary idiom alerts nobody.
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "tom@mail.example").bytes,
                                         text: "1) 4\n2) 3\n3) This week killed me, work was endless.", from: "tom@mail.example"))
        #expect(try f.poll().alerts == 0)
    }

    @Test func aHostileMessageIsStoredAndDoesNotStopThePoll() throws {
        let f = try Fixture()
        try f.deliver(Array(repeating: 0xFF, count: 5000))
        try f.deliver(Array("Content-Type: multipart/mixed; boundary=x\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "-"), count: 10000))
        try f.deliver(try ReplyFactory.reply(to: try f.checkIn(to: "maya@mail.example").bytes, seed: "gmail-web", from: "maya@mail.example"))
        let report = try f.poll()
        #expect(report.fetched == 3)
        #expect(report.checkIns == 1)
        #expect(report.quarantined == 2)
        #expect(f.inbox.uids().isEmpty)
    }
}
