import Foundation
import Testing
import TightropeCore
import TightropeAppTesting
import TightropeTesting
@testable import TightropeMail
@testable import TightropeStore

/// `forget` and `export` against the real Postfix and Dovecot: two couples with canary strings in
/// every kind of message (answers, reflections, a message from a partner's second address, a
/// review item, a deferred digest, a deferred reminder), then a byte-level search of the database
/// file, its WAL and SHM, the practice directory and every folder of the practice's IMAP mailbox.
/// The mail server is unreachable at the moment of `forget`: the deletions wait, `doctor` shows
/// them, and the next poll does them.
@Suite(.serialized) struct ErasureIntegrationTests {
    let stack: MailStack

    init() throws { stack = try MailStack() }

    static let monday = "2030-01-07T09:00:00Z"
    static let ones = ["ERASEONEREFL", "ERASEONEREVIEW", "ERASEONEQUAR", "u951@example.test", "u952@example.test"]
    static let twos = ["ERASETWOREFL", "ERASETWOREVIEW", "ERASETWOQUAR", "u953@example.test", "u954@example.test"]

    /// Rewrites the practice's config (to point a server at a closed port and back).
    func edit(_ box: CLISandbox, _ change: (String) -> String) throws {
        let text = try String(contentsOf: box.config, encoding: .utf8)
        try Data(change(text).utf8).write(to: box.config)
    }

    /// Every file of the practice directory (database, WAL, SHM, anything else), except exports.
    func directoryFiles(_ box: CLISandbox) -> [(String, Data)] {
        let all = FileManager.default.enumerator(at: box.dir, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return all.filter { !$0.path.contains("/export") }.compactMap { url in FileManager.default.contents(atPath: url.path).map { (url.path, $0) } }
    }

    func inFiles(_ needle: String, _ files: [(String, Data)]) -> [String] {
        files.filter { $0.1.range(of: Data(needle.utf8)) != nil }.map { ($0.0 as NSString).lastPathComponent }
    }

    /// How many messages of every folder of `user`'s mailbox hold each needle.
    func imapHits(_ user: String, _ needles: [String]) throws -> [String: Int] {
        let out = try stack.imapTool(["grep:" + needles.joined(separator: ","), user])
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        return (json?["hits"] as? [String: Int]) ?? [:]
    }

    /// The files of an export archive, unpacked, after `sha256sum -c` passed on them.
    func exported(_ box: CLISandbox, _ couple: String) throws -> [(String, Data)] {
        let dir = box.dir.appendingPathComponent("export-\(couple)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let archive = dir.appendingPathComponent("record.tar").path
        let run = try box.run(["export", couple, "-o", archive])
        try #require(run.status == 0, "\(run.stderr)")
        try #require(try Subprocess.run("/usr/bin/tar", ["-xf", archive, "-C", dir.path]).status == 0)
        let root = dir.appendingPathComponent("tightrope-export-\(couple)").path
        let check = try Subprocess.run("/bin/sh", ["-c", "cd \"$1\" && sha256sum -c --strict SHA256SUMS", "sh", root])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return all.compactMap { name in FileManager.default.contents(atPath: root + "/" + name).map { (name, $0) } }
    }

    @Test func forgetLeavesNoCanaryOfOneCoupleInTheDatabaseTheDirectoryOrTheMailboxAndEveryOneOfTheOther() throws {
        let box = try stack.practice("u950", users: ["u951", "u952", "u953", "u954"], therapist: "u959", sendAt: Self.monday)
        let store = try TightropeStore(path: box.database.path)
        var replies: [(from: String, to: String, bytes: [UInt8])] = []
        for (partner, work, tag) in [("u951", "u955", "ONE"), ("u953", "u956", "TWO")] {
            let checkIn = try checkIn(box, to: partner)
            let from = "\(partner)@example.test", second = "\(work)@example.test"
            replies.append(envelope(ReplyFactory.plain(to: checkIn, text: "1) 4\n2) 2\n3) We cooked ERASE\(tag)REFL together.", from: from),
                                    from: from))
            replies.append(envelope(ReplyFactory.plain(to: checkIn, text: "1) 2\n1) 5\n3) Not sure ERASE\(tag)REVIEW", from: from), from: from))
            replies.append(envelope(ReplyFactory.plain(to: checkIn, text: "ERASE\(tag)QUAR from my work address. I want to kill myself.",
                                                       from: second), from: second))
        }
        // The first reply arrives twice (the partner's server retried): one row, two copies on the server.
        replies.append(replies[0])
        try stack.submit(replies)
        let poll = try pollChecked(box, at: "2030-01-07T12:00:00Z")
        #expect(poll.status == 0, "\(poll.stderr)")
        #expect(poll.stdout.contains("fetched 7 (1 already stored)"), "\(poll.stdout)")
        #expect(try store.inboundEntries().count == 6)
        // Every message's UID in the processed folder was recorded from the server's COPYUID answer.
        #expect(try store.messagesWithFolderUID() == 6)

        // The reminder (to the partners who did not answer) and the digest: deferred, the SMTP server unreachable.
        try edit(box) { $0.replacingOccurrences(of: "smtp://localhost:\(stack.submissionPort)", with: "smtp://localhost:9") }
        #expect(try box.run(["send", "--now", "2030-01-09T10:00:00Z"]).status == 75)
        #expect(try box.run(["digest", "--now", "2030-01-11T10:00:00Z"]).status == 75)
        let outbox = try store.outbox()
        #expect(outbox.contains { $0.kind == .reminder && $0.state == .deferred })
        #expect(outbox.contains { $0.kind == .digest && [.queued, .deferred].contains($0.state) }, "\(outbox.map { "\($0.kind) \($0.state)" })")
        #expect(try store.reviews().count == 4)

        // Before: the search finds every canary of both couples.
        let before = directoryFiles(box)
        for canary in Self.ones + Self.twos { #expect(!inFiles(canary, before).isEmpty, "\(canary) not found before") }
        let imapBefore = try imapHits("u950", Self.ones + Self.twos)
        for canary in ["ERASEONEREFL", "ERASEONEREVIEW", "ERASEONEQUAR", "ERASETWOREFL", "ERASETWOQUAR"] {
            #expect((imapBefore[canary] ?? 0) >= 1, "\(canary) not in the mailbox before: \(imapBefore)")
        }

        // Each couple's export holds its own canaries and none of the other's.
        for (couple, own, other) in [("c-u951", Self.ones, Self.twos), ("c-u953", Self.twos, Self.ones)] {
            let files = try exported(box, couple)
            for canary in own where !canary.contains("QUAR") { #expect(!inFiles(canary, files).isEmpty, "\(canary) missing from \(couple)") }
            for canary in other { #expect(inFiles(canary, files).isEmpty, "\(canary) in the export of \(couple)") }
            // A message from an address not on file is not theirs until the therapist says so.
            #expect(files.allSatisfy { $0.1.range(of: Data("QUAR".utf8)) == nil })
        }

        // forget, with the IMAP server unreachable: erased locally, the server's deletions pending.
        try edit(box) { $0.replacingOccurrences(of: "imaps://localhost:\(stack.imapsPort)/", with: "imaps://localhost:9/") }
        let forgot = try box.run(["forget", "c-u951", "--yes"])
        #expect(forgot.status == 0, "\(forgot.stderr)")
        #expect(forgot.stdout.contains("messages received: 3"), "\(forgot.stdout)")
        #expect(forgot.stdout.contains("unsent digests dropped: 1"), "\(forgot.stdout)")
        #expect(forgot.stdout.contains("mail server: 3 message(s) to delete, pending"), "\(forgot.stdout)")
        #expect(forgot.stdout.contains("verified: none of"), "\(forgot.stdout)")
        for leak in Self.ones + ["Zoë", "Kenji"] { #expect(!forgot.stdout.contains(leak) && !forgot.stderr.contains(leak)) }
        let doctor = try box.run(["doctor"])
        #expect(doctor.stdout.contains("pending erasures: 3 erased message(s) still to delete"), "\(doctor.stdout)")

        // The server is back: the next poll deletes them.
        try edit(box) { $0.replacingOccurrences(of: "imaps://localhost:9/", with: "imaps://localhost:\(stack.imapsPort)/") }
        try edit(box) { $0.replacingOccurrences(of: "smtp://localhost:9", with: "smtp://localhost:\(stack.submissionPort)") }
        let next = try pollChecked(box, at: "2030-01-11T12:00:00Z")
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try store.pendingServerErasures().isEmpty)
        #expect(try box.run(["doctor"]).stdout.contains("pending erasures: none"))

        // After: not one canary of the first couple anywhere; every one of the second's where it was.
        let after = directoryFiles(box)
        for canary in Self.ones { #expect(inFiles(canary, after).isEmpty, "\(canary) left in \(inFiles(canary, after))") }
        for canary in Self.twos { #expect(!inFiles(canary, after).isEmpty, "\(canary) of the other couple lost") }
        let imapAfter = try imapHits("u950", Self.ones + Self.twos)
        for canary in Self.ones { #expect(imapAfter[canary] == 0, "\(canary) left in the mailbox: \(imapAfter)") }
        for canary in ["ERASETWOREFL", "ERASETWOREVIEW", "ERASETWOQUAR"] {
            #expect(imapAfter[canary] == imapBefore[canary], "\(canary) of the other couple lost from the mailbox: \(imapAfter)")
        }
        #expect(try store.couple(id: "c-u953")?.partners.count == 2)
        #expect(try store.couple(id: "c-u951") == nil)
    }

    @Test func retentionErasesRoundsPastThePeriodFromTheDatabaseAndTheMailboxAndKeepsNewerOnesWhole() throws {
        let box = try stack.practice("u961", users: ["u962", "u963"], therapist: "u969", sendAt: Self.monday)
        let store = try TightropeStore(path: box.database.path)
        let first = try checkIn(box, to: "u962")
        try stack.submit([envelope(ReplyFactory.plain(to: first, text: "1) 4\n2) 2\n3) RETAINWEEKONE a long walk", from: "u962@example.test"),
                                   from: "u962@example.test")])
        let firstPoll = try pollChecked(box, at: "2030-01-07T12:00:00Z")
        #expect(firstPoll.status == 0, "\(firstPoll.stdout)\(firstPoll.stderr)")
        // The next week's round, and its answer.
        #expect(try box.run(["send", "--now", "2030-01-14T09:00:00Z"]).status == 0)
        try stack.waitForQueue()
        let second = try #require(try store.outbox().last { $0.kind == .checkin && $0.envelopeTo == "u962@example.test" }).bytes
        try stack.submit([envelope(ReplyFactory.plain(to: second, text: "1) 3\n2) 3\n3) RETAINWEEKTWO cooking", from: "u962@example.test"),
                                   from: "u962@example.test")])
        let secondPoll = try pollChecked(box, at: "2030-01-14T12:00:00Z")
        #expect(secondPoll.status == 0, "\(secondPoll.stdout)\(secondPoll.stderr)")
        #expect(try store.allCheckIns().count == 2)
        #expect((try imapHits("u961", ["RETAINWEEKONE"]))["RETAINWEEKONE"] == 1)

        // Keep records 30 days: on 10 February the first round (7 January) goes, the second (14 January) stays.
        try edit(box) { $0.replacingOccurrences(of: "[retention]", with: "[retention]\nrecord_days = 30") }
        #expect(try pollChecked(box, at: "2030-02-10T12:00:00Z").status == 0)
        let deleting = try pollChecked(box, at: "2030-02-10T12:05:00Z")  // the server deletions, at the start of a poll
        #expect(deleting.status == 0, "\(deleting.stdout)\(deleting.stderr)")
        #expect(try store.pendingServerErasures().isEmpty)
        #expect(try store.allCheckIns().compactMap(\.reflection) == ["RETAINWEEKTWO cooking"])

        let files = directoryFiles(box)
        #expect(inFiles("RETAINWEEKONE", files).isEmpty, "\(inFiles("RETAINWEEKONE", files))")
        #expect(!inFiles("RETAINWEEKTWO", files).isEmpty)
        let hits = try imapHits("u961", ["RETAINWEEKONE", "RETAINWEEKTWO"])
        #expect(hits["RETAINWEEKONE"] == 0 && hits["RETAINWEEKTWO"] == 1, "\(hits)")
        #expect(try store.couple(id: "c-u962")?.partners.count == 2)
    }
}
