import Foundation
import Logging
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail
@testable import TightropeStore

/// Hostile and broken mail never stops the practice (issue #16): the poison-message policy,
/// bounded reading inside a poll, fail-closed requests, old rounds, forged bounces, look-alikes.
extension PollJobTests {
    static let couples = (0..<5).map { i in
        TestPractice.couple(id: "h\(i)", emails: ("a\(i)@mail.example", "b\(i)@mail.example"))
    }

    @Test func theThirdOfFiveMessagesFailsToReadTheOthersBecomeCheckInsAndItGoesToReviewAfterThreeAttempts() throws {
        let f = try Fixture(couples: Self.couples)
        for i in 0..<5 {
            let email = "a\(i)@mail.example"
            try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: email).bytes, text: "1) \(i + 1)\n2) 3\nA calm week.", from: email))
        }
        let poison: @Sendable ([UInt8]) -> AppError? = { bytes in
            String(decoding: bytes, as: UTF8.self).contains("a2@mail.example") ? .failure("reader failed") : nil
        }
        let first = try f.poll(readingFault: poison)
        #expect(first.checkIns == 4)
        #expect(first.errors == 2, "the failing message is tried again at the end of the same run")
        #expect(f.inbox.uids().isEmpty, "every message is stored and moved, the failing one too")
        #expect(try f.store.reviews().isEmpty)
        let second = try f.poll(readingFault: poison)
        #expect(second.unreadable == 1 && second.toReview == 1)
        let review = try #require(try f.store.reviews().first)
        #expect(review.reason.hasPrefix("could not be read"))
        #expect(try f.currentCheckIns().count == 4)
        // Set aside, it is never read again, and the next poll is clean.
        let third = try f.poll(readingFault: poison)
        #expect(third.errors == 0 && third.unreadable == 0)
        // The therapist sees its headers and start without parsing it; accepting it is refused.
        let service = ReviewService(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(), clock: f.clock)
        let detail = try service.show(id: review.id)
        #expect(detail.from == ["a2@mail.example"])
        #expect(detail.text.contains("A calm week."))
        #expect(throws: AppError.self) { try service.accept(id: review.id, partner: nil, roundID: nil) }
    }

    @Test func aMessageThatStoppedThePollThreeTimesIsSetAsideUnreadAndNewMailIsReadFirst() throws {
        let f = try Fixture(couples: Self.couples)
        // What three crashes while reading a message leave behind: it is stored, its attempts counted, unfinished.
        let stuck = ReplyFactory.plain(to: try f.checkIn(to: "a0@mail.example").bytes, text: "1) 4\n2) 4", from: "a0@mail.example")
        let id = try #require(try f.store.storeInbound(mailbox: "INBOX", uidValidity: 1, uid: 999, dedupeKey: InboundProcessor.dedupeKey(stuck),
                                                       bytes: stuck, at: f.clock.now, readingNow: true))
        #expect(try f.store.beginReadingAttempt(id: id) == 2)
        #expect(try f.store.beginReadingAttempt(id: id) == 3)
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "a1@mail.example").bytes, text: "1) 2\n2) 2", from: "a1@mail.example"))
        let read = ReadLog()
        let report = try f.poll(readingFault: { bytes in read.add(bytes); return nil })
        #expect(report.checkIns == 1 && report.unreadable == 1)
        #expect(read.count == 1, "the stuck message is not read a fourth time")
        #expect(try f.store.inbound(id: id)?.outcome == "unreadable after 3 attempts")
    }

    final class ReadLog: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [[UInt8]] = []
        func add(_ bytes: [UInt8]) { lock.withLock { seen.append(bytes) } }
        var count: Int { lock.withLock { seen.count } }
    }

    @Test func theNestedBlockquoteMessageIsReadWithinItsLimitsAndTheReplyAfterItToo() throws {
        let f = try Fixture(couples: Self.couples)
        let checkIn = MIMEMessage(try f.checkIn(to: "a0@mail.example").bytes)
        let replyTo = try #require(checkIn.headers("Reply-To").flatMap(HeaderValues.addresses).first)
        let html = "<p>1) 4 2) 3</p>" + String(repeating: "<blockquote>level<br>\n", count: 8_000)
        let hostile = Array(("From: <a0@mail.example>\r\nTo: <\(replyTo)>\r\nSubject: Re: check-in\r\nMessage-ID: <deep@mail.example>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html).utf8)
        try f.deliver(hostile)
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "a1@mail.example").bytes, text: "I can't go on, I want to end my life.",
                                         from: "a1@mail.example"))
        let report = try f.poll()
        #expect(report.errors == 0)
        #expect(report.alerts == 1, "the crisis reply after the hostile one is read and alerts")
        // The hostile reply was read within its limits: its text is bounded and it waits in review.
        let stored = try f.store.allCheckIns()
        let a0 = try f.store.partnerID(email: "a0@mail.example")
        let deep = try #require(stored.first { $0.partnerID == a0 })
        #expect(deep.replyText.utf8.count <= ReadingLimits.standard.maxTextBytes)
        #expect(deep.confidence < InboundProcessor.reviewBelowConfidence)
    }

    @Test func aStopFromAnUnverifiedSenderIsHeldForReviewWhenTheServerIsConfiguredToVerify() throws {
        let f = try Fixture(couples: Self.couples) { $0.authservID = "mx.practice.example" }
        let checkIn = try f.checkIn(to: "a0@mail.example").bytes
        // No Authentication-Results of the practice's server; then one with `none`; then a forged one of another server.
        try f.deliver(ReplyFactory.plain(to: checkIn, text: "STOP", from: "a0@mail.example"))
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "a1@mail.example").bytes, text: "STOP", from: "a1@mail.example",
                                         extraHeaders: ["Authentication-Results: mx.practice.example; dkim=none; spf=none"]))
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "a2@mail.example").bytes, text: "STOP", from: "a2@mail.example",
                                         extraHeaders: ["Authentication-Results: mx.other.example; dmarc=pass header.from=mail.example"]))
        // Verified: DKIM pass for the sender's domain from the practice's own server.
        try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "a3@mail.example").bytes, text: "STOP", from: "a3@mail.example",
                                         extraHeaders: ["Authentication-Results: mx.practice.example; dkim=pass header.d=mail.example"]))
        let report = try f.poll()
        #expect(report.commands == 4 && report.toReview == 3, "four requests read, three held for the therapist")
        #expect(try f.store.reviews().count == 3)
        for i in 0..<3 { #expect(try Self.status(f, "a\(i)@mail.example") == .active, "a\(i): not stopped") }
        #expect(try Self.status(f, "a3@mail.example") == .stopped)
        // The therapist accepts one: then it is applied.
        let service = ReviewService(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(), clock: f.clock)
        let item = try #require(try f.store.reviews().first)
        try service.accept(id: item.id, partner: nil, roundID: nil)
        #expect(try Self.status(f, "a0@mail.example") == .stopped)
    }

    static func status(_ f: Fixture, _ email: String) throws -> PartnerStatus? {
        guard let id = try f.store.partnerID(email: email), let (_, partner) = try f.store.partner(id: id) else { return nil }
        return partner.status
    }

    @Test func aLookAlikeSenderAddressIsNeverAttributedToThePartnerItImitates() throws {
        let f = try Fixture(couples: [TestPractice.couple(id: "k1", emails: ("kim@mail.example", "lee@mail.example"))])
        let checkIn = try f.checkIn(to: "kim@mail.example").bytes
        // KELVIN SIGN for the k, and a Cyrillic "е" in the domain.
        for lookAlike in ["\u{212A}im@mail.example", "kim@mail.\u{0435}xample"] {
            try f.deliver(ReplyFactory.plain(to: checkIn, text: "1) 5\n2) 5", from: lookAlike))
        }
        let report = try f.poll()
        #expect(report.checkIns == 0)
        #expect(report.quarantined == 2)
    }

    @Test func aForgedBounceNamingAnotherRecipientMarksNobodysAddress() throws {
        let f = try Fixture()
        let tom = try f.checkIn(to: "tom@mail.example")
        try f.deliver(Self.deliveryReport(originalMessageID: tom.messageID, recipient: "someone-else@mail.example"))
        let report = try f.poll()
        #expect(report.bounces == 1)
        #expect(try f.store.outbox().first { $0.id == tom.id }?.state != .bounced)
        #expect(try f.store.addressHealth(partnerID: tom.partnerID!).hardBounces == 0)
    }

    @Test func aLateReplyToAnEarlierRoundGoesToReviewAndIsStoredInThatRoundOnlyWhenAccepted() throws {
        let f = try Fixture()
        let firstRound = try f.checkIn(to: "maya@mail.example")
        try f.deliver(ReplyFactory.plain(to: firstRound.bytes, text: "1) 4\n2) 4\nGood week.", from: "maya@mail.example"))
        try f.poll()
        let original = try #require(try f.currentCheckIns().first)
        // The next round opens; then a late second reply to the first round arrives.
        var outgoing = RecordingSender()
        _ = try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-08T18:00:00Z")),
                        logger: Logger(label: "t")).run(sender: &outgoing)
        try f.deliver(ReplyFactory.plain(to: firstRound.bytes, text: "1) 1\n2) 1\nActually it was awful.", from: "maya@mail.example"))
        let report = try f.poll()
        #expect(report.checkIns == 0 && report.toReview == 1)
        let current = try f.currentCheckIns()
        #expect(current.count == 1 && current.first?.id == original.id, "the first round's check-in is not rewritten")
        let item = try #require(try f.store.reviews().first)
        #expect(item.reason.contains("earlier round"))
        let service = ReviewService(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(), clock: f.clock)
        try service.accept(id: item.id, partner: nil, roundID: nil)
        let after = try f.currentCheckIns()
        #expect(after.count == 1 && after.first?.roundID == original.roundID)
        #expect(try after.first.map { try f.scales($0) } == ["connection": 1, "room": 1])
    }
}
