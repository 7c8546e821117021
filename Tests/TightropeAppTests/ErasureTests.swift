import Foundation
import Logging
import Testing
import TightropeAppTesting
import TightropeStore
import TightropeTesting
import TightropeTransport
@testable import TightropeApp

/// `forget`, retention and `export` on the Maildir transport: canary strings in every kind of
/// message, then a byte-level search of the database files and the mail folders. (The same on
/// the real mail stack: ErasureIntegrationTests.)
@Suite struct ErasureTests {
    typealias Fixture = PollJobTests.Fixture

    static let ones = ["CANARYONEREFL", "CANARYONEREVIEW", "CANARYONEQUAR", "maya@mail.example", "Ashford"]
    static let twos = ["CANARYTWOREFL", "CANARYTWOREVIEW", "CANARYTWOQUAR", "ada@mail.example", "Lovell"]

    /// Two couples, each with a check-in, a review item (answers that contradict), a message from a
    /// partner's second address (with a crisis line: an alert), a deferred reminder and a deferred digest.
    static func twoCouples() throws -> Fixture {
        let f = try Fixture(couples: [
            TestPractice.couple(id: "c1"),
            TestPractice.couple(id: "c2", names: ("Ada Lovell", "Ben Lovell"), emails: ("ada@mail.example", "ben@mail.example")),
        ])
        for (email, work, tag) in [("maya@mail.example", "maya.work@office.example", "ONE"), ("ada@mail.example", "ada@work.example", "TWO")] {
            let checkIn = try f.checkIn(to: email).bytes
            try f.deliver(ReplyFactory.plain(to: checkIn, text: "1) 4\n2) 2\n3) We cooked together CANARY\(tag)REFL and it felt good.",
                                             from: email))
            try f.deliver(ReplyFactory.plain(to: checkIn, text: "1) 2\n1) 5\n3) Not sure CANARY\(tag)REVIEW", from: email))
            try f.deliver(ReplyFactory.plain(to: checkIn, text: "CANARY\(tag)QUAR from work. I keep thinking about killing myself.",
                                             from: work))
        }
        try f.poll()
        // The reminders to the partners who did not answer, and the digest, both deferred (still queued).
        var refusing = RecordingSender(outcome: .deferred("421 4.3.2"))
        _ = try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-04T18:30:00Z")),
                        logger: Logger(label: "t")).run(sender: &refusing)
        _ = try DigestJob(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(),
                          clock: FixedTime(now: fixedDate("2026-12-05T10:00:00Z")), logger: Logger(label: "t")).run(sender: &refusing)
        return f
    }

    /// Every file under a directory, as bytes.
    static func files(under dir: URL) -> [Data] {
        let all = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return all.compactMap { FileManager.default.contents(atPath: $0.path) }
    }

    static func found(_ needle: String, in files: [Data]) -> Bool { files.contains { $0.range(of: Data(needle.utf8)) != nil } }

    static func databaseFiles(_ f: Fixture) -> [Data] {
        ["", "-wal", "-shm"].compactMap { FileManager.default.contents(atPath: f.practice.config.databasePath + $0) }
    }

    @Test func forgetErasesOneCoupleFromEveryTableTheOutboxTheFilesAndTheMailFolders() throws {
        let f = try Self.twoCouples()
        let outbox = try f.store.outbox()
        #expect(outbox.contains { $0.kind == .reminder && $0.state == .deferred })
        #expect(outbox.contains { $0.kind == .digest && $0.state == .deferred })
        #expect(outbox.contains { $0.kind == .alert })
        #expect(try f.store.reviews().count == 4)
        // Before: every canary is in the database files and the mail folders (the search can find them).
        for canary in Self.ones + Self.twos { #expect(Self.found(canary, in: Self.databaseFiles(f)), "\(canary) before") }
        let mail = f.dir.appendingPathComponent("Inbox")
        for canary in ["CANARYONEREFL", "CANARYONEQUAR", "CANARYTWOREFL"] { #expect(Self.found(canary, in: Self.files(under: mail))) }

        let records = RecordsService(store: f.store, clock: f.clock)
        let result = try records.forget(coupleID: "c1", by: "user test")
        let wal = try FileManager.default.attributesOfItem(atPath: f.practice.config.databasePath + "-wal")[.size] as? Int
        #expect(wal == 0)
        let r = result.report
        #expect(r["couple"] == 1 && r["partners"] == 2 && r["rounds"] == 1)
        #expect(r["messages received"] == 3, "\(r.places)")  // the check-in, the review item, the second address's message
        #expect(r["check-ins"] == 2 && r["review items"] == 2)
        #expect(r["unsent digests dropped"] == 1)
        #expect(r.serverDeletionsQueued == 3)
        #expect(r.droppedDigests == [.init(therapistID: "robin", week: "2026-W49")])
        // Before the server deletions, their Message-IDs are held (to find the messages there), not searched.
        let held = try records.verifyErased(result.needles)
        #expect(held.heldForServer == 3 && held.found == 0, "\(held)")

        var mailbox = MaildirReplies(inbox: f.inbox)
        let (server, pending) = try records.eraseOnServer(mailbox: &mailbox)
        #expect(server.deleted == 3 && pending == 0)
        #expect(try f.store.pendingServerErasures().isEmpty)
        let residue = try records.verifyErased(result.needles)
        #expect(residue.searched >= 6 && residue.found == 0 && residue.heldForServer == 0, "\(residue)")

        // After: none of the first couple's canaries anywhere, every one of the second's still there.
        let db = Self.databaseFiles(f), folders = Self.files(under: mail)
        for canary in Self.ones {
            #expect(!Self.found(canary, in: db), "\(canary) left in the database files")
            #expect(!Self.found(canary, in: folders), "\(canary) left in the mail folders")
        }
        for canary in Self.twos { #expect(Self.found(canary, in: db), "\(canary) of the other couple lost") }
        for canary in ["CANARYTWOREFL", "CANARYTWOQUAR"] { #expect(Self.found(canary, in: folders), "\(canary) lost from the folder") }
        #expect(try f.store.couple(id: "c2")?.partners.count == 2)
        #expect(try f.store.reviews().count == 2)
        // The audit log keeps that it happened, by whom and how much, and no couple code.
        let audit = try f.store.auditLog()
        #expect(!audit.contains { $0.coupleID == "c1" })
        let erased = try #require(audit.last { $0.action == "couple erased" })
        #expect(erased.detail?.hasPrefix("by user test: couple 1, partners 2, rounds 1, check-ins 2") == true, "\(erased.detail ?? "")")

        // The digest of the week is rendered again, without them.
        let job = DigestJob(practice: f.practice, store: f.store, lexicon: try TestLexicon.installed(),
                            clock: FixedTime(now: fixedDate("2026-12-05T11:00:00Z")), logger: Logger(label: "t"))
        #expect(try job.queue(for: try #require(f.practice.config.therapist(id: "robin"))))
        let digest = try #require(try f.store.outbox().last { $0.kind == .digest })
        let text = String(decoding: digest.bytes, as: UTF8.self)
        #expect(text.contains("Lovell") && !text.contains("Ashford") && !text.contains("Maya"))
        // Forgetting it twice is a clear error.
        #expect(throws: AppError.self) { try records.forget(coupleID: "c1", by: "user test") }
    }

    @Test func exportHoldsOneCoupleAndNothingOfTheOtherInAnArchiveWhoseChecksumsHold() throws {
        let f = try Self.twoCouples()
        let archive = try RecordsService(store: f.store, clock: f.clock).export(coupleID: "c1")
        let dir = f.dir.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tarFile = dir.appendingPathComponent("c1.tar")
        try archive.write(to: tarFile)
        let untar = try Subprocess.run("/usr/bin/tar", ["-xf", tarFile.path, "-C", dir.path])
        #expect(untar.status == 0, "\(untar.stderr)")
        let root = dir.appendingPathComponent("tightrope-export-c1")
        let check = try Subprocess.run("/bin/sh", ["-c", "cd \"$1\" && sha256sum -c --strict SHA256SUMS", "sh", root.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let listed = check.stdout.split(separator: "\n").count
        let eml = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("messages").path)
        #expect(listed == eml.count + 3, "\(check.stdout)")  // + record.json, README.txt, manifest.json
        #expect(eml.contains { $0.hasPrefix("received-") } && eml.contains { $0.hasPrefix("sent-") })

        let manifest = try JSONSerialization.jsonObject(with: try Data(contentsOf: root.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["format"] as? String == "tightrope-export-2")
        #expect((manifest?["files"] as? [Any])?.count == listed - 1)

        let files = Self.files(under: root)
        for canary in ["CANARYONEREFL", "CANARYONEREVIEW", "maya@mail.example", "Ashford"] {
            #expect(Self.found(canary, in: files), "\(canary) missing from the export")
        }
        for canary in Self.twos { #expect(!Self.found(canary, in: files), "\(canary) of the other couple in the export") }
        // The message from an address not on file is not theirs until the therapist says so.
        #expect(!Self.found("CANARYONEQUAR", in: files))
        #expect(!Self.found("maya.work@office.example", in: files))
        // Written under one folder only, with portable names.
        let names = try Subprocess.run("/usr/bin/tar", ["-tf", tarFile.path]).stdout.split(separator: "\n")
        #expect(names.allSatisfy { $0.hasPrefix("tightrope-export-c1/") })
        #expect(try f.store.auditLog(coupleID: "c1").last?.action == "record exported")
    }

    @Test func retentionErasesOldRoundsAndTheirMailAndLeavesNewerOnesWhole() throws {
        let f = try Fixture { $0.recordRetentionDays = 30 }
        let first = try f.checkIn(to: "maya@mail.example").bytes
        try f.deliver(ReplyFactory.plain(to: first, text: "1) 4\n2) 2\n3) CANARYWEEKONE dinner", from: "maya@mail.example"))
        try f.poll()
        var outgoing = RecordingSender()
        _ = try SendJob(practice: f.practice, store: f.store, clock: FixedTime(now: fixedDate("2026-12-08T18:00:00Z")),
                        logger: Logger(label: "t")).run(sender: &outgoing)
        let second = try #require(try f.store.outbox().last { $0.kind == .checkin && $0.envelopeTo == "maya@mail.example" }).bytes
        try f.deliver(ReplyFactory.plain(to: second, text: "1) 3\n2) 3\n3) CANARYWEEKTWO walk", from: "maya@mail.example"))
        f.clock = FixedTime(now: fixedDate("2026-12-09T09:00:00Z"))
        try f.poll()
        #expect(try f.store.allCheckIns().count == 2)

        // 30 days after the first round and before the second is 30 days old.
        f.clock = FixedTime(now: fixedDate("2027-01-03T09:00:00Z"))
        let report = try f.poll()
        #expect(report.recordsErased == 2, "\(report)")  // the week's check-in and its message
        #expect(try f.store.rounds(coupleID: "c1").map(\.week.description) == ["2026-W50"])
        #expect(try f.store.allCheckIns().map(\.reflection) == ["CANARYWEEKTWO walk"])
        let db = Self.databaseFiles(f)
        #expect(!Self.found("CANARYWEEKONE", in: db))
        #expect(Self.found("CANARYWEEKTWO", in: db))
        // The next poll deletes the old message in the processed folder.
        let next = try f.poll()
        #expect(next.serverDeleted == 1)
        let folders = Self.files(under: f.dir.appendingPathComponent("Inbox"))
        #expect(!Self.found("CANARYWEEKONE", in: folders))
        #expect(Self.found("CANARYWEEKTWO", in: folders))
        #expect(try f.store.couple(id: "c1")?.partners.count == 2)
        #expect(try f.store.auditLog().contains { $0.action == "records erased (retention)" })
    }

    @Test func forgetWaitsForARunningPollAndErasesNothingMeanwhile() throws {
        let f = try Self.twoCouples()
        let checkIns = try f.store.allCheckIns().count
        #expect(try f.store.acquireLease("poll", holder: "other-host.example:4242:1", now: f.clock.now, duration: 600, isStale: { _ in false }))
        let records = RecordsService(store: f.store, clock: f.clock)
        #expect(throws: AppError.temporary("forget: a poll or send run is in progress; nothing was erased. Try again in a minute")) {
            try records.forget(coupleID: "c1", by: "user test")
        }
        #expect(try f.store.couple(id: "c1") != nil && f.store.allCheckIns().count == checkIns)
        try f.store.releaseLease("poll", holder: "other-host.example:4242:1")
        #expect(try records.forget(coupleID: "c1", by: "user test").report["couple"] == 1)
    }

    @Test func aMessageStoredButNotYetReadIsErasedToo() throws {
        let f = try Fixture()
        let checkIn = try f.checkIn(to: "maya@mail.example").bytes
        try f.deliver(ReplyFactory.plain(to: checkIn, text: "1) 3\n2) 3\n3) UNREADCANARY words", from: "maya@mail.example"))
        // Reading it fails (a reader stopped on it): stored, not read, filed under no couple yet.
        try f.poll(readingFault: { _ in .temporary("a reader stopped") })
        #expect(try f.store.inboundEntries().map(\.state) == [.stored])
        let result = try RecordsService(store: f.store, clock: f.clock).forget(coupleID: "c1", by: "user test")
        #expect(result.report["messages received"] == 1)
        #expect(try f.store.inboundEntries().isEmpty)
        #expect(!Self.found("UNREADCANARY", in: Self.databaseFiles(f)))
        // Nothing to read again at the next poll; the message goes from the processed folder.
        let next = try f.poll()
        #expect(next.checkIns == 0 && next.quarantined == 0 && next.serverDeleted == 1)
        #expect(!Self.found("UNREADCANARY", in: Self.files(under: f.dir.appendingPathComponent("Inbox"))))
    }

    @Test func aDeliveryReportAboutAnErasedCoupleIsDeletedOnArrival() throws {
        let f = try Fixture()
        let sent = try f.checkIn(to: "tom@mail.example")
        _ = try RecordsService(store: f.store, clock: f.clock).forget(coupleID: "c1", by: "user test")
        let id = sent.messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        try f.deliver(PollJobTests.deliveryReport(originalMessageID: id, recipient: "tom@mail.example"))
        let report = try f.poll()
        #expect(report.fetched == 1 && report.toReview == 0 && report.alerts == 0, "\(report)")
        #expect(try f.store.inboundEntries().isEmpty)
        #expect(try f.store.auditLog().contains { $0.action == "message about an erased couple deleted on arrival" })
        // It is deleted from the mail folders at the next poll.
        #expect(try f.poll().serverDeleted == 1)
        #expect(!Self.found("tom@mail.example", in: Self.files(under: f.dir.appendingPathComponent("Inbox"))))
    }

    @Test func aLateReplyOfAnErasedPartnerIsDeletedOnArrivalNotQuarantined() throws {
        let f = try Fixture()
        let checkIn = try f.checkIn(to: "maya@mail.example").bytes
        _ = try RecordsService(store: f.store, clock: f.clock).forget(coupleID: "c1", by: "user test")
        // Her reply to the old check-in (a valid token of a partner who is gone), and one that only answers its thread.
        try f.deliver(ReplyFactory.plain(to: checkIn, text: "1) 4\n2) 2\n3) LATECANARY", from: "maya@mail.example"))
        try f.deliver(ReplyFactory.plain(to: checkIn, text: "LATECANARY two", from: "maya@mail.example", to: "checkins@harbourlane.example"))
        let report = try f.poll()
        #expect(report.fetched == 2 && report.quarantined == 0 && report.toReview == 0 && report.checkIns == 0, "\(report)")
        #expect(try f.store.inboundEntries().isEmpty)
        #expect(try f.poll().serverDeleted == 2)
        #expect(!Self.found("LATECANARY", in: Self.files(under: f.dir.appendingPathComponent("Inbox")) + Self.databaseFiles(f)))
    }

    @Test func copyUIDAnswersPairSourceAndDestinationUIDs() throws {
        let moved = try #require(IMAPMailbox.parseCopyUID("* OK [COPYUID 1700000001 3:5,9 20:22,30] Moved UIDs.\r\n* 3 EXPUNGE\r\n"))
        #expect(moved.folderValidity == 1_700_000_001)
        #expect(moved.uids == [3: 20, 4: 21, 5: 22, 9: 30])
        #expect(IMAPMailbox.parseCopyUID("* OK [COPYUID 17 3:5 20:21] x") == nil)  // the sets do not pair up
        #expect(IMAPMailbox.parseCopyUID("* 3 EXPUNGE\r\n") == nil)
    }
}
