import Foundation
import Logging
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail
@testable import TightropeStore

/// The therapist acts on the digest by replying to it: the poller authenticates the reply
/// (token, sender, the practice server's verification), applies its instructions in one
/// transaction, and confirms what was and was not applied. The same on the real mail stack is
/// in TightropeIntegrationTests/DigestReplyIntegrationTests.
@Suite struct TherapistReplyTests {
    static let authserv = "mx.practice.example"
    static let verified = "Authentication-Results: mx.practice.example; dkim=pass header.d=harbourlane.example; dmarc=pass header.from=harbourlane.example"
    static let robin = "robin@harbourlane.example"

    /// The digest line an inline reply puts an instruction under: its item's or couple's line.
    static func anchor(_ instruction: String) -> String? {
        let words = instruction.split(separator: " ").map(String.init)
        guard let first = words.first else { return nil }
        if first.hasPrefix("R"), first.dropFirst().allSatisfy(\.isNumber) { return "- \(first)," }
        if first.hasPrefix("A"), first.dropFirst().allSatisfy(\.isNumber) { return "- \(first) " }
        if words.count > 1, ["theme", "pause", "share", "note", "resume"].contains(first) {
            return "COUPLE \(words[1].trimmingCharacters(in: CharacterSet(charactersIn: ":"))) ("
        }
        return nil
    }

    /// Three couples (two of Robin's, one of Sam's), a review item of each kind, an alert, and
    /// Robin's digest mailed.
    final class Scene {
        let f: PollJobTests.Fixture
        var lowConfidence: Int64 = 0, heldStop: Int64 = 0, alert: Int64 = 0
        var digest: [UInt8] = []
        /// The immediate alert Robin got about the crisis reply.
        var alertMail: [UInt8] = []

        init(authserv: String? = TherapistReplyTests.authserv, resendHours: Int = 0,
             configure: (inout Configuration) -> Void = { _ in }) throws {
            f = try PollJobTests.Fixture(couples: [
                TestPractice.couple(id: "c1"),
                TestPractice.couple(id: "c2", names: ("Ana Reyes", "Ben Reyes"), emails: ("ana@mail.example", "ben@mail.example")),
                { var c = TestPractice.couple(id: "c3", names: ("Cy Ng", "Di Ng"), emails: ("cy@mail.example", "di@mail.example"))
                  c.therapistID = "sam"; return c }(),
            ]) { config in
                config.authservID = authserv
                config.alertResendHours = resendHours
                config.therapists.append(Therapist(id: "sam", name: "Sam Lee", email: "sam@harbourlane.example"))
                configure(&config)
            }
            // A reply read with low confidence; a STOP the practice's server did not verify; a crisis reply.
            try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "maya@mail.example").bytes, text: "1) 3 or 4 2) 2",
                                             from: "maya@mail.example", extraHeaders: ["Authentication-Results: \(TherapistReplyTests.authserv); dkim=pass header.d=mail.example"]))
            try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "ben@mail.example").bytes, text: "STOP", from: "ben@mail.example"))
            try f.deliver(ReplyFactory.plain(to: try f.checkIn(to: "tom@mail.example").bytes,
                                             text: "1) 2 2) 2\nI have been thinking about killing myself.", from: "tom@mail.example",
                                             extraHeaders: ["Authentication-Results: \(TherapistReplyTests.authserv); dkim=pass header.d=mail.example"]))
            let report = try f.poll()
            #expect(report.toReview == (authserv == nil ? 1 : 2) && report.alerts == 1)
            let reviews = try f.store.reviews()
            lowConfidence = try #require(reviews.first { $0.checkInID != nil }).id
            if authserv != nil { heldStop = try #require(reviews.first { $0.checkInID == nil && $0.coupleID == "c2" }).id }
            alert = try #require(try f.store.flaggedCheckIns(since: .distantPast).first).inboundID
            alertMail = try #require(f.sender.sent.first { $0.to == TherapistReplyTests.robin }).bytes
            f.sender.sent.removeAll()
            f.clock.now = fixedDate("2026-12-07T08:00:00Z")
            _ = try DigestJob(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(), clock: f.clock,
                              logger: Logger(label: "t")).run(sender: &f.sender)
            digest = try #require(f.sender.sent.first { $0.to == TherapistReplyTests.robin }).bytes
            f.sender.sent.removeAll()
        }

        func reply(_ lines: [String], style: DigestReplyWriter.Style = .gmail, from: String = TherapistReplyTests.robin,
                   headers: [String] = [TherapistReplyTests.verified], to: String? = nil) throws {
            try f.deliver(DigestReplyWriter.reply(to: digest, style: style, instructions: lines.map { .init($0, under: TherapistReplyTests.anchor($0)) }, from: from,
                                                  name: "Robin Okafor", signature: "-- \nRobin", extraHeaders: headers, to: to, date: f.clock.now))
        }

        /// The confirmation sent to the therapist after the last poll.
        func echo() throws -> String {
            let sent = try #require(f.sender.sent.last { $0.to == TherapistReplyTests.robin })
            return MIMEMessage(sent.bytes).readableText().text
        }

        var couple1: Couple { get throws { try #require(try f.store.couple(id: "c1")) } }
        var couple2: Couple { get throws { try #require(try f.store.couple(id: "c2")) } }
    }

    @Test func theDigestNamesWhatToReplyWithAndCarriesASignedReplyAddress() throws {
        let s = try Scene()
        let digest = MIMEMessage(s.digest)
        let text = digest.readableText().text
        #expect(text.contains("R\(s.lowConfidence),") && text.contains("R\(s.heldStop),") && text.contains("A\(s.alert) Couple c1"))
        #expect(text.contains("REPLY TO ACT ON THIS DIGEST"))
        let replyTo = try #require(digest.headers("Reply-To").flatMap(HeaderValues.addresses).first)
        let token = try #require(ReplyToken.token(inAddress: replyTo, localPart: s.f.practice.config.replyLocalPart,
                                                  domain: s.f.practice.config.replyDomain))
        #expect(DigestReplyToken.verify(token, key: s.f.practice.hmacKey) == DigestReplyToken(therapistID: "robin", issuedAt: s.f.clock.now))
        // A partner's token never passes as a digest's, nor the reverse.
        #expect(ReplyToken.verify(token, key: s.f.practice.hmacKey) == nil)
        #expect(DigestReplyToken.verify(ReplyToken(roundID: 1, partnerID: 1).encoded(key: s.f.practice.hmacKey), key: s.f.practice.hmacKey) == nil)
    }

    @Test(arguments: DigestReplyWriter.Style.allCases)
    func aVerifiedReplyAppliesEveryInstructionAndConfirmsIt(style: DigestReplyWriter.Style) throws {
        let s = try Scene()
        try s.reply(["R\(s.lowConfidence) 1) 4 2) 2", "R\(s.heldStop) accept", "A\(s.alert) seen", "theme c1 boundaries",
                     "pause c2 2 weeks", "share c1 on", "note c1: ask about the move", "R999 accept", "theme c3 rituals",
                     "Thanks, all good"], style: style)
        let report = try s.f.poll()
        #expect(report.therapistReplies == 1 && report.toReview == 0, "\(report) \(s.f.capture.text)")
        // Applied, each.
        let reviews = try s.f.store.reviews(all: true)
        #expect(reviews.first { $0.id == s.lowConfidence }?.state == .accepted)
        #expect(reviews.first { $0.id == s.heldStop }?.state == .accepted)
        let maya = try #require(try s.f.store.partnerID(email: "maya@mail.example"))
        let current = try s.f.currentCheckIns().filter { $0.partnerID == maya && $0.rejectedAt == nil }.last
        #expect(current?.scales == [.connection: 4, .room: 2] && current?.confidence == 1)
        #expect(try s.couple2.partner(.b)?.status == .stopped, "the held STOP, accepted, is applied")
        #expect(try s.f.store.isAlertAcknowledged(inboundID: s.alert))
        #expect(try s.couple1.nextTheme == Theme.boundaries.rawValue && s.couple1.sharing)
        #expect(try s.couple2.status == .paused)
        #expect(try s.couple2.pausedUntil == s.f.clock.now.addingTimeInterval(14 * 86_400))
        #expect(try s.f.store.notes(coupleIDs: ["c1"], since: .distantPast).map(\.text) == ["ask about the move"])
        // One confirmation, to the therapist: what was done, and every line that was not, with why.
        let echo = try s.echo()
        #expect(echo.contains("R\(s.lowConfidence) accepted with the values 1) 4 2) 2"))
        #expect(echo.contains("A\(s.alert) marked seen") && echo.contains("couple c2: paused until 21 December 2026"))
        #expect(echo.contains("\"R999 accept\": no review item R999 among yours"))
        #expect(echo.contains("\"theme c3 rituals\": no couple c3 among yours"), "another therapist's couple is not named as existing")
        #expect(echo.contains("\"Thanks, all good\": not understood"))
        #expect(!echo.contains("Robin\": not understood"), "the signature is not read as an instruction")
        #expect(try s.f.store.couple(id: "c3")?.nextTheme == nil)
        // The audit log says what was done, never the note's text.
        let audit = try s.f.store.auditLog()
        #expect(audit.contains { $0.action == "digest reply: note added" })
        #expect(!audit.contains { $0.detail?.contains("move") == true })
        // A second poll does nothing more.
        #expect(try s.f.poll().therapistReplies == 0)
    }

    @Test func theNextWeekAndTheNextDigestShowWhatTheTherapistChose() throws {
        let s = try Scene()
        try s.reply(["theme c1 growth", "pause c2 1 week", "note c1: ask about the move"])
        try s.f.poll()
        // The next send: c1's round has the chosen theme; c2 gets nothing while paused.
        s.f.sender.sent.removeAll()
        let sendClock = FixedTime(now: fixedDate("2026-12-08T18:00:00Z"))
        _ = try SendJob(practice: s.f.practice, store: s.f.store, clock: sendClock, logger: Logger(label: "t")).run(sender: &s.f.sender)
        let rounds = try s.f.store.rounds(coupleID: "c1")
        #expect(rounds.last?.theme == .supportingGrowth)
        #expect(try s.couple1.nextTheme == nil, "the choice is used once")
        #expect(try s.f.store.rounds(coupleID: "c2").count == 1)
        #expect(!s.f.sender.sent.contains { $0.to == "ana@mail.example" })
        // The next digest: the note, c2 paused until, the alert repeated (not marked seen).
        s.f.clock.now = fixedDate("2026-12-13T08:00:00Z")
        let view = try DigestJob(practice: s.f.practice, store: s.f.store, lexicon: try TestLexicon.installed(), clock: s.f.clock,
                                 logger: Logger(label: "t")).view(for: try #require(s.f.practice.config.therapist(id: "robin")))
        #expect(view.couples.first { $0.id == "c1" }?.notes.map(\.text) == ["Your note of 7 December 2026: ask about the move"])
        #expect(view.couples.first { $0.id == "c2" }?.status.hasPrefix("paused until 14 December 2026") == true)
        #expect(view.alerts.first { $0.ref == "A\(s.alert)" }?.repeated == true)
        // After the pause's end the couple is sent to again, with no resume needed.
        s.f.sender.sent.removeAll()
        _ = try SendJob(practice: s.f.practice, store: s.f.store, clock: FixedTime(now: fixedDate("2026-12-15T18:00:00Z")),
                        logger: Logger(label: "t")).run(sender: &s.f.sender)
        #expect(s.f.sender.sent.contains { $0.to == "ana@mail.example" })
    }

    @Test func undoTakesBackThePreviousReplyOnly() throws {
        let s = try Scene()
        try s.reply(["R\(s.lowConfidence) reject", "A\(s.alert) seen", "theme c1 boundaries", "pause c2", "note c1: x"])
        try s.f.poll()
        #expect(try s.couple2.status == .paused)
        // "undo", replying to the confirmation (its own fresh token).
        let echo = try #require(s.f.sender.sent.last { $0.to == Self.robin }).bytes
        s.f.clock.now = s.f.clock.now.addingTimeInterval(3_600)
        try s.f.deliver(DigestReplyWriter.reply(to: echo, style: .gmail, instructions: [.init("undo")], from: Self.robin, name: "Robin",
                                                extraHeaders: [Self.verified], date: s.f.clock.now))
        try s.f.poll()
        #expect(try s.f.store.review(id: s.lowConfidence)?.state == .open)
        let maya = try #require(try s.f.store.partnerID(email: "maya@mail.example"))
        #expect(try s.f.currentCheckIns().contains { $0.partnerID == maya && $0.rejectedAt == nil }, "the rejected check-in is back")
        #expect(try !s.f.store.isAlertAcknowledged(inboundID: s.alert))
        #expect(try s.couple1.nextTheme == nil && s.couple2.status == .active)
        #expect(try s.f.store.notes(coupleIDs: ["c1"], since: .distantPast).isEmpty)
        #expect(try s.echo().contains("undone: the 5 changes of your previous reply"))
        // A second undo has nothing to take back.
        try s.f.deliver(DigestReplyWriter.reply(to: echo, style: .gmail, instructions: [.init("undo")], from: Self.robin, name: "Robin",
                                                extraHeaders: [Self.verified], date: s.f.clock.now.addingTimeInterval(60)))
        try s.f.poll()
        #expect(try s.echo().contains("nothing to undo"))
    }

    /// Anything that fails a check changes nothing, goes to review with the reason, and no
    /// confirmation goes to anyone.
    @Test func forgedOrUnverifiedRepliesChangeNothingAndLandInReview() throws {
        let s = try Scene()
        let replyTo = try #require(MIMEMessage(s.digest).headers("Reply-To").flatMap(HeaderValues.addresses).first)
        let tampered = replyTo.replacingOccurrences(of: "-robin-", with: "-sam-")
        let cases: [(String, () throws -> Void)] = [
            ("the sender is not the therapist", { try s.reply(["pause c1"], from: "robin@evil.example") }),
            ("another therapist", { try s.reply(["pause c1"], from: "sam@harbourlane.example") }),
            ("no verification", { try s.reply(["pause c1"], headers: []) }),
            ("verification failed", { try s.reply(["pause c1"], headers: ["Authentication-Results: \(Self.authserv); dmarc=fail header.from=harbourlane.example"]) }),
            ("another server's verification", { try s.reply(["pause c1"], headers: ["Authentication-Results: mx.evil.example; dmarc=pass header.from=harbourlane.example"]) }),
            ("a token changed", { try s.reply(["pause c1"], to: tampered) }),
        ]
        for (_, deliver) in cases { try deliver() }
        let report = try s.f.poll()
        #expect(report.therapistReplies == 0 && report.toReview == cases.count)
        let reasons = try s.f.store.reviews().map(\.reason).filter { $0.hasPrefix("a reply to the digest") }
        #expect(reasons.count == cases.count)
        #expect(reasons.contains { $0.contains("the sender is not the therapist") })
        #expect(reasons.contains { $0.contains("did not verify the sender") })
        #expect(reasons.contains { $0.contains("fails its check") })
        #expect(try s.couple1.status == .active)
        #expect(s.f.sender.sent.isEmpty, "no confirmation to anyone")
        // Accepting such an item from the mailbox never applies it.
        let held = try #require(try s.f.store.reviews().first { $0.reason.hasPrefix("a reply to the digest") }).id
        try s.reply(["R\(held) accept"])
        try s.f.poll()
        #expect(try s.echo().contains("it is never applied"))
        #expect(try s.couple1.status == .active)
    }

    @Test func anExpiredTokenOrAPracticeThatCannotVerifySendersAppliesNothing() throws {
        let s = try Scene()
        s.f.clock.now = s.f.clock.now.addingTimeInterval(16 * 86_400)
        try s.reply(["pause c1"])
        #expect(try s.f.poll().toReview == 1)
        #expect(try s.f.store.reviews().contains { $0.reason.contains("expired") })

        let u = try Scene(authserv: nil)
        #expect(MIMEMessage(u.digest).readableText().text.contains("Replies to this digest are not applied"))
        try u.reply(["pause c1"])
        #expect(try u.f.poll().toReview == 1)
        #expect(try u.f.store.reviews().contains { $0.reason.contains("authserv_id is not set") })
        #expect(try u.couple1.status == .active)
    }

    @Test func aHeldReplyToTheDigestIsErasedWithTheCouplesItQuotes() throws {
        let s = try Scene()
        try s.reply(["pause c1"], headers: [])
        try s.f.poll()
        let held = try #require(try s.f.store.reviews().first { $0.reason.hasPrefix("a reply to the digest") })
        _ = try s.f.store.forget(coupleID: "c1", processedFolder: "Tightrope/Processed", by: "test", at: s.f.clock.now)
        #expect(try s.f.store.inbound(id: held.inboundID) == nil)
    }

    @Test func anAlertCarriesItsReferenceAndASeenReplyToItAcknowledgesIt() throws {
        let s = try Scene()
        // The alert as sent when the crisis reply was read (the scene's first poll).
        let alert = try #require(try s.f.store.outbox().first { $0.kind == .alert })
        let message = MIMEMessage(alert.bytes)
        #expect(message.readableText().text.contains("A\(s.alert) seen"))
        let replyTo = try #require(message.headers("Reply-To").flatMap(HeaderValues.addresses).first)
        #expect(replyTo.contains("+d"))
        try s.f.deliver(DigestReplyWriter.reply(to: alert.bytes, style: .outlook, instructions: [.init("A\(s.alert) seen")], from: Self.robin,
                                                name: "Robin", extraHeaders: [Self.verified], date: s.f.clock.now))
        #expect(try s.f.poll().therapistReplies == 1)
        #expect(try s.f.store.isAlertAcknowledged(inboundID: s.alert))
    }

    @Test func anAlertNotMarkedSeenIsSentAgainOnceAndNeverWithThePartnersWords() throws {
        let s = try Scene(resendHours: 24)
        // The scene's digest (five days after the alert) came after the reminder was due: the
        // reminder went with the scene's polls? No poll ran since; the next one sends it, once.
        try s.f.poll()
        let reminders = s.f.sender.sent.filter { MIMEMessage($0.bytes).header("Subject")?.hasPrefix("Reminder: safety alert A\(s.alert)") == true }
        #expect(reminders.count == 1 && reminders.first?.to == Self.robin)
        let text = MIMEMessage(try #require(reminders.first).bytes).readableText().text
        #expect(text.contains("A\(s.alert) seen") && !text.contains("killing"))
        s.f.sender.sent.removeAll()
        try s.f.poll()
        #expect(s.f.sender.sent.isEmpty, "once")

        // Marked seen in time: no reminder. Too old when reminders come due: left to the digest.
        let t = try Scene(resendHours: 200)
        try t.reply(["A\(t.alert) seen"])
        t.f.clock.now = t.f.clock.now.addingTimeInterval(4 * 86_400)
        try t.f.poll()
        #expect(!t.f.sender.sent.contains { MIMEMessage($0.bytes).header("Subject")?.hasPrefix("Reminder") == true })
        let u = try Scene(resendHours: 24)
        u.f.clock.now = u.f.clock.now.addingTimeInterval(3 * 86_400)  // ten days after the alert
        try u.f.poll()
        #expect(!u.f.sender.sent.contains { MIMEMessage($0.bytes).header("Subject")?.hasPrefix("Reminder") == true })
    }

    /// What the practice itself writes (the digest, the confirmation, the alert and its reminder),
    /// if it reached the reader unquoted, holds no instruction: the examples are placeholders.
    @Test func nothingThePracticeWritesReadsAsAnInstruction() throws {
        let s = try Scene(resendHours: 24)
        try s.reply(["R\(s.lowConfidence) reject", "pause c2 2 weeks", "note c1: x", "bogus line"])
        try s.f.poll()
        let alert = try #require(try s.f.store.outbox().first { $0.kind == .alert }).bytes
        let reminder = try #require(s.f.sender.sent.first { MIMEMessage($0.bytes).header("Subject")?.hasPrefix("Reminder") == true }).bytes
        for bytes in [s.digest, try #require(s.f.sender.sent.last { $0.to == Self.robin }).bytes, alert, reminder] {
            let text = MIMEMessage(bytes).readableText().text
            let commands = TherapistCommandReader.read(text).filter { if case .commands = $0 { return true } else { return false } }
            #expect(commands.isEmpty, "\(commands)")
        }
        // Nothing written above the quoted digest (a reply sent empty, or written inside the quote): held.
        try s.f.deliver(DigestReplyWriter.reply(to: s.digest, style: .outlook, instructions: [], from: Self.robin, name: "Robin",
                                                extraHeaders: [Self.verified], date: s.f.clock.now.addingTimeInterval(600)))
        #expect(try s.f.poll().toReview == 1)
        #expect(try s.f.store.reviews().contains { $0.reason.contains("nothing was written above") })
    }

    @Test func aCopyOfAnAppliedReplySentAgainIsNotAppliedTwice() throws {
        let s = try Scene()
        try s.reply(["share c1 on"])
        try s.f.poll()
        _ = try s.f.store.write { db in try db.execute(sql: "UPDATE couples SET sharing = 0 WHERE id = 'c1'") }
        // The same reply (same Date), with a new Message-ID: a replay.
        try s.reply(["share c1 on"])
        let report = try s.f.poll()
        #expect(report.therapistReplies == 0 && report.toReview == 1)
        #expect(try !s.couple1.sharing)
        #expect(try s.f.store.reviews().contains { $0.reason.contains("a copy of a reply of yours already applied") })
    }

    /// Undo puts back only what is still as the reply left it, and never takes back what was
    /// applied for a partner.
    @Test func undoLeavesLaterChangesAndWhatWasAppliedForAPartner() throws {
        let s = try Scene()
        try s.reply(["R\(s.heldStop) accept", "pause c1 2 weeks"])
        try s.f.poll()
        #expect(try s.echo().contains("applied for the partner, so undo will not take it back"))
        try s.f.store.setStatus(.ended, coupleID: "c1")  // ended on the server since
        let echo = try #require(s.f.sender.sent.last { $0.to == Self.robin }).bytes
        try s.f.deliver(DigestReplyWriter.reply(to: echo, style: .gmail, instructions: [.init("undo")], from: Self.robin, name: "Robin",
                                                extraHeaders: [Self.verified], date: s.f.clock.now.addingTimeInterval(60)))
        try s.f.poll()
        #expect(try s.couple1.status == .ended, "a later change is not overwritten")
        #expect(try s.f.store.review(id: s.heldStop)?.state == .accepted)
        #expect(try s.couple2.partner(.b)?.status == .stopped)
    }
}
