import Foundation
import Testing
import TightropeApp
import TightropeAppTesting
import TightropeCore
import TightropeTesting
@testable import TightropeMail
@testable import TightropeStore

/// The therapist acts on the digest by replying to it, on the real Postfix and Dovecot: the
/// digest goes out over SMTP to the therapist's mailbox, the therapist's replies (three mail
/// clients' styles) are submitted through Postfix to the digest's reply address, and the built
/// executable's `poll` reads them over IMAPS, applies them, and mails the confirmations back.
/// The "Authentication-Results" a practice's own server would add is added by the test (this
/// stack has no DKIM/DMARC milter); the checks of its absence or failure are the same code.
@Suite(.serialized) struct DigestReplyIntegrationTests {
    let stack: MailStack

    init() throws { stack = try MailStack() }

    static let monday = "2030-01-07T09:00:00Z"
    static let authserv = "mx.example.test"
    static let verified = "Authentication-Results: mx.example.test; dkim=pass header.d=example.test; dmarc=pass header.from=example.test"

    /// The practice u976 with couples c-u977 (u977, u978) and c-u979 (u979, u980), therapist u981;
    /// a low-confidence reply, an unverified STOP, and a crisis reply read.
    func scene() throws -> (box: CLISandbox, store: TightropeStore, low: Int64, held: Int64, alert: Int64, digest: [UInt8]) {
        let users = ["u977", "u978", "u979", "u980"]
        try stack.clear(["u976", "u981"] + users)
        let stack = self.stack
        let box = try CLISandbox(environment: stack.credentials) {
            stack.configure($0, practice: "u976", therapist: "u981")
                .replacingOccurrences(of: "# authserv_id = \"mail.harbourlane.example\"", with: "authserv_id = \"\(Self.authserv)\"")
        }
        for (a, b) in [("u977", "u978"), ("u979", "u980")] {
            let add = try box.addCouple("c-\(a)", a: ("Zoë \(a)", "\(a)@example.test"), b: ("Kenji \(b)", "\(b)@example.test"),
                                        extra: ["--time-zone", "UTC", "--send-day", "monday", "--send-time", "08:00"])
            try #require(add.status == 0, "\(add.stderr)")
            for label in ["a", "b"] { try #require(try box.run(["consent", "c-\(a)/\(label)", "--method", "test"]).status == 0) }
        }
        try #require(try box.run(["send", "--now", Self.monday]).status == 0)
        try stack.waitForQueue()
        let passing = "Authentication-Results: \(Self.authserv); dkim=pass header.d=example.test"
        try stack.submit([
            envelope(ReplyFactory.plain(to: try checkIn(box, to: "u977"), text: "1) 3 or 4 2) 2", from: "u977@example.test",
                                        extraHeaders: [passing]), from: "u977@example.test"),
            envelope(ReplyFactory.plain(to: try checkIn(box, to: "u980"), text: "STOP", from: "u980@example.test"), from: "u980@example.test"),
            envelope(ReplyFactory.plain(to: try checkIn(box, to: "u978"), text: "1) 2 2) 2\nI keep thinking about killing myself.",
                                        from: "u978@example.test", extraHeaders: [passing]), from: "u978@example.test"),
        ])
        let first = try pollChecked(box, at: "2030-01-07T12:00:00Z")
        try #require(first.status == 0, "\(first.stderr)")
        let store = try TightropeStore(path: box.database.path)
        let reviews = try store.reviews()
        let low = try #require(reviews.first { $0.checkInID != nil }).id
        let held = try #require(reviews.first { $0.checkInID == nil && $0.coupleID == "c-u979" }).id
        let alert = try #require(try store.flaggedCheckIns(since: .distantPast).first).inboundID
        // Monday a week later: the digest, over SMTP into the therapist's mailbox.
        let digestRun = try box.run(["digest", "--now", "2030-01-14T07:00:00Z"])
        try #require(digestRun.status == 0, "\(digestRun.stderr)")
        try stack.waitForQueue()
        let arrived = try stack.fetch("u981").first { $0.subject?.hasPrefix("Check-in digest") == true }
        // The digest as it arrived (the practice keeps no copy of a sent digest).
        let digest = try #require(try stack.rawMessages("u981").first { MIMEMessage($0).header("Subject")?.hasPrefix("Check-in digest") == true })
        #expect(arrived?.reply_to.first?.address.contains("+d") == true)
        #expect(MIMEMessage(digest).readableText().text.contains("R\(low),"))
        return (box, store, low, held, alert, digest)
    }

    func reply(_ digest: [UInt8], _ style: DigestReplyWriter.Style, _ lines: [(String, String?)], from: String = "u981@example.test",
               headers: [String] = [verified], to: String? = nil, at date: String = "2030-01-14T08:00:00Z") -> (from: String, to: String, bytes: [UInt8]) {
        let bytes = DigestReplyWriter.reply(to: digest, style: style, instructions: lines.map { .init($0.0, under: $0.1) }, from: from,
                                            name: "Robin Okafor", signature: "-- \nRobin Okafor\nHarbour Lane Practice",
                                            extraHeaders: headers, to: to, date: fixedDate(date))
        return envelope(bytes, from: from)
    }

    @Test func repliesInThreeClientsStylesAreAppliedConfirmedAndShowInTheNextWeek() throws {
        let (box, store, low, held, alert, digest) = try scene()
        try stack.clear(["u981"])
        try stack.submit([
            reply(digest, .gmail, [("R\(low) 1) 4 2) 2", nil), ("A\(alert) seen", nil)], at: "2030-01-14T08:00:00Z"),
            reply(digest, .outlook, [("R\(held) accept", nil), ("theme c-u977 boundaries", nil)], at: "2030-01-14T08:05:00Z"),
            reply(digest, .thunderbirdInline, [("pause c-u979 2 weeks", "COUPLE c-u979 ("), ("note c-u977: ask about the new job", "COUPLE c-u977 (")],
                  at: "2030-01-14T08:10:00Z"),
        ])
        let run = try pollChecked(box, at: "2030-01-14T09:00:00Z")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("digest replies applied 3"), "\(run.stdout)")
        #expect(run.stdout.contains("to review 0"), "\(run.stdout)")
        #expect(!run.stderr.contains("new job"), "a note's text is never logged")
        // Applied.
        #expect(try store.review(id: low)?.state == .accepted && store.review(id: held)?.state == .accepted)
        let u977 = try #require(try store.partnerID(email: "u977@example.test"))
        #expect(try store.allCheckIns().last { $0.partnerID == u977 && $0.rejectedAt == nil }?.scales == [.connection: 4, .room: 2])
        #expect(try store.couple(id: "c-u979")?.partner(.b)?.status == .stopped)
        #expect(try store.isAlertAcknowledged(inboundID: alert))
        #expect(try store.couple(id: "c-u977")?.nextTheme == "boundaries")
        #expect(try store.couple(id: "c-u979")?.status == .paused)
        // Three confirmations in the therapist's mailbox, each listing what was done.
        try stack.waitForQueue()
        let confirmations = try stack.fetch("u981").filter { $0.subject?.hasPrefix("Your reply to the digest") == true }
        #expect(confirmations.count == 3)
        let texts = confirmations.compactMap(\.text).joined(separator: "\n")
        #expect(texts.contains("R\(low) accepted with the values 1) 4 2) 2"))
        #expect(texts.contains("R\(held) accepted"))
        #expect(texts.contains("couple c-u979: paused until 28 January 2030"))
        #expect(!texts.contains("not understood"), "every client's quote and signature was left out: \(texts)")
        // The next week: c-u977's check-ins ask about boundaries; c-u979 gets none; the digest shows the note.
        try stack.clear(["u977", "u978", "u979", "u980", "u981"])
        let send = try box.run(["send", "--now", "2030-01-14T09:30:00Z"])
        #expect(send.status == 0, "\(send.stderr)")
        try stack.waitForQueue()
        #expect(try store.rounds(coupleID: "c-u977").last?.theme == .boundaries)
        #expect(try stack.fetch("u977").contains { $0.subject?.contains("heck-in") == true })
        #expect(try stack.fetch("u979").isEmpty, "a paused couple gets nothing")
        let next = try box.run(["digest", "--now", "2030-01-21T07:00:00Z"])
        #expect(next.status == 0, "\(next.stderr)")
        try stack.waitForQueue()
        let nextDigest = try #require(try stack.rawMessages("u981").first { MIMEMessage($0).header("Subject")?.hasPrefix("Check-in digest") == true })
        let shown = MIMEMessage(nextDigest).readableText().text
        #expect(shown.contains("ask about the new job") && shown.contains("COUPLE c-u979 (paused until 28 January 2030"), "\(shown)")
        #expect(!shown.contains("A\(alert) "), "an alert marked seen is not repeated")
    }

    @Test func forgedRepliesChangeNothingAndLandInReview() throws {
        let (box, store, _, _, _, digest) = try scene()
        try stack.clear(["u981"])
        let replyTo = try #require(MIMEMessage(digest).headers("Reply-To").flatMap(HeaderValues.addresses).first)
        // The token with its therapist changed (the tag no longer matches).
        let badToken = replyTo.replacingOccurrences(of: "-robin-", with: "-sam-")
        #expect(badToken != replyTo)
        let line = [("pause c-u977", Optional<String>.none)]
        try stack.submit([
            reply(digest, .gmail, line, from: "u982@example.test"),                     // wrong sender
            reply(digest, .outlook, line, to: badToken),                                // bad token
            reply(digest, .thunderbirdInline, line, headers: []),                       // no verification
            reply(digest, .gmail, line, headers: ["Authentication-Results: \(Self.authserv); dmarc=fail header.from=example.test"]),
        ])
        let run = try pollChecked(box, at: "2030-01-14T09:00:00Z")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("digest replies applied 0") && run.stdout.contains("to review 4"), "\(run.stdout)")
        // An expired token: a reply sent more than reply_days after the digest.
        try stack.submit([reply(digest, .gmail, line, at: "2030-02-01T08:00:00Z")])
        let late = try pollChecked(box, at: "2030-02-01T09:00:00Z")
        #expect(late.stdout.contains("to review 1"), "\(late.stdout)")
        let reasons = try store.reviews().map(\.reason).filter { $0.hasPrefix("a reply to the digest") }
        #expect(reasons.count == 5)
        for expected in ["the sender is not the therapist", "fails its check", "did not verify the sender", "expired"] {
            #expect(reasons.contains { $0.contains(expected) }, "\(expected)")
        }
        #expect(try store.couple(id: "c-u977")?.status == .active)
        try stack.waitForQueue()
        #expect(try stack.fetch("u981").allSatisfy { $0.subject?.hasPrefix("Your reply") != true }, "no confirmation")
        #expect(try stack.fetch("u982").isEmpty, "nothing to the forger")
    }
}
