import Foundation
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeMail
@testable import TightropeStore

/// Thousands of replies waiting in the practice's INBOX on the real Dovecot, with five-digit
/// UIDs (an outage of a few days, a large practice, a first poll after set-up): every one is
/// read exactly once, through one poll, through connections the server drops, and through
/// pollers killed at random moments.
@Suite(.serialized) struct LargeInboxTests {
    let stack: MailStack

    init() throws { stack = try MailStack() }

    static let monday = "2030-01-07T09:00:00Z"
    static let mondayLater = "2030-01-07T12:00:00Z"
    /// 20 couples; their partners get the check-ins and the confirmations.
    static let partners = (901...940).map { String(format: "u%03d", $0) }

    /// What each reply says, by Message-ID (with angle brackets, as stored).
    typealias Expected = [String: (user: String, connection: Int, room: Int)]

    /// Writes `count` replies of the partners (client styles in turn, scales varied) into a
    /// folder, numbered from `first`, and returns what each says.
    func writeReplies(_ box: CLISandbox, count: Int, first: Int = 0, into dir: URL) throws -> Expected {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let styles = try ReplyFactory.styles()
        let outbox = try TightropeStore(path: box.database.path).outbox()
        var expected: Expected = [:]
        for n in first..<(first + count) {
            let user = Self.partners[n % Self.partners.count]
            let from = "\(user)@example.test"
            let sent = try #require(outbox.first { $0.kind == .checkin && $0.envelopeTo == from })
            let connection = 1 + n % 5, room = 1 + (n / 5) % 5
            let bytes = try ReplyFactory.reply(to: sent.bytes, seed: styles[n % styles.count], from: from, connection: connection, room: room)
            let id = try #require(MIMEMessage(bytes).header("Message-ID")).trimmingCharacters(in: .whitespaces)
            expected[id] = (user, connection, room)
            try Data(bytes).write(to: dir.appendingPathComponent(String(format: "%06d.eml", n)))
        }
        return expected
    }

    /// Puts the replies into `practice`'s INBOX with UIDs above 10,000.
    func fill(_ practice: String, from dir: URL) throws {
        _ = try stack.imapTool(["bump:10000", practice])
        _ = try stack.imapTool(["append:\(dir.path)", practice])
    }

    /// Every reply stored once, read into a check-in with its own scales, one confirmation each,
    /// the INBOX empty and each reply once in the processed folder.
    func expectEveryReplyReadOnce(_ box: CLISandbox, practice: String, expected: Expected) throws {
        let store = try TightropeStore(path: box.database.path)
        let inbound = try store.inboundEntries()
        #expect(inbound.count == expected.count, "stored \(inbound.count) of \(expected.count)")
        #expect(inbound.allSatisfy { $0.state == .processed })
        var byInbound: [Int64: String] = [:]
        for entry in inbound {
            let id = MIMEMessage(try store.inbound(id: entry.id)?.bytes ?? []).header("Message-ID")?.trimmingCharacters(in: .whitespaces) ?? "?"
            byInbound[entry.id] = id
        }
        let missing = Set(expected.keys).subtracting(byInbound.values)
        #expect(missing.isEmpty && Set(byInbound.values).count == inbound.count, "\(missing.count) replies never stored")
        let checkIns = try store.allCheckIns()
        #expect(checkIns.count == expected.count, "one check-in per reply")
        var wrong = 0
        for c in checkIns {
            guard let id = byInbound[c.inboundID], let want = expected[id] else { wrong += 1; continue }
            if try scales(c) != ["connection": want.connection, "room": want.room] { wrong += 1 }
        }
        #expect(wrong == 0, "\(wrong) check-ins do not hold their reply's answers")
        #expect(try store.outbox().filter { $0.kind == .confirmation }.count == expected.count, "one confirmation per reply")
        #expect(try stack.messageIDs([practice])[practice] == [], "the inbox is empty")
        struct Line: Decodable { var message_ids: [String] }
        let processed = try JSONDecoder().decode(Line.self, from: Data(try stack.imapTool(["ids:Tightrope/Processed", practice]).utf8))
        #expect(processed.message_ids.count == expected.count, "\(processed.message_ids.count) in the processed folder")
        let exactly = Set(processed.message_ids) == Set(expected.keys)
        #expect(exactly, "the processed folder holds exactly the replies")
    }

    @Test func twoThousandRepliesAboveUID10000AreReadByOnePollAndMovedExactly() throws {
        let practice = "u941"
        let box = try stack.practice(practice, users: Self.partners, sendAt: Self.monday)
        let expected = try writeReplies(box, count: 2_000, into: box.dir.appendingPathComponent("replies"))
        try fill(practice, from: box.dir.appendingPathComponent("replies"))

        let doctor = try box.run(["doctor"])
        #expect(doctor.stdout.contains("ok   IMAP inbox: 2000 message(s) wait in INBOX (the next poll reads them all"), "\(doctor.stdout)")
        let started = Date()
        let first = try pollChecked(box, at: Self.mondayLater)
        print("large inbox: one poll read, stored and moved 2000 replies and sent 2000 confirmations in "
              + String(format: "%.1f s", Date().timeIntervalSince(started)))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("fetched 2000 (0 already stored); check-ins 2000"), "\(first.stdout)")
        #expect(first.stdout.contains("moved 2000"), "\(first.stdout)")
        try expectEveryReplyReadOnce(box, practice: practice, expected: expected)
        let uids = try TightropeStore(path: box.database.path).inboundEntries().map(\.uid)
        #expect(uids.allSatisfy { $0 > 10_000 }, "five-digit UIDs")

        let second = try pollChecked(box, at: Self.mondayLater)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("fetched 0 (0 already stored)"), "\(second.stdout)")
        #expect(second.stdout.contains("moved 0"), "\(second.stdout)")
    }

    @Test func connectionsTheServerDropsMidPollLoseAndDoubleNothing() throws {
        let practice = "u942"
        let box = try stack.practice(practice, users: Self.partners, sendAt: Self.monday)
        let expected = try writeReplies(box, count: 2_000, into: box.dir.appendingPathComponent("replies"))
        try fill(practice, from: box.dir.appendingPathComponent("replies"))

        let watcher = try TightropeStore(path: box.database.path)
        var generator = SystemRandomNumberGenerator()
        var drops = 0, finished = false
        for _ in 0..<40 where !finished {
            let before = try watcher.inboundCount()
            let target = before + Int.random(in: 20...250, using: &generator)
            let process = try box.start(["poll", "--now", Self.mondayLater])
            if try waitWhileRunning(process, limit: 30, until: { try watcher.inboundCount() >= target }) {
                try stack.kick(practice)
                drops += 1
            }
            process.waitUntilExit()
            // A dropped connection is temporary: 75, never 0 with work left undone, never 78.
            #expect([0, 75].contains(process.terminationStatus), "exit \(process.terminationStatus)")
            let stored = try watcher.inboundCount()
            finished = process.terminationStatus == 0 && stored == expected.count
        }
        let last = try pollChecked(box, at: Self.mondayLater)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(drops >= 5, "only \(drops) polls were cut off by the server")
        try expectEveryReplyReadOnce(box, practice: practice, expected: expected)
        print("large inbox: \(expected.count) replies, \(drops) connections dropped by the server mid-poll, 0 lost, 0 doubled")
    }

    @Test func pollersKilledAtRandomMomentsLoseAndDoubleNothing() throws {
        let practice = "u943"
        let box = try stack.practice(practice, users: Self.partners, sendAt: Self.monday)
        let dir = box.dir.appendingPathComponent("replies")
        // How long one poll of a batch takes, so the kills land anywhere inside one.
        var expected = try writeReplies(box, count: 40, into: dir.appendingPathComponent("0"))
        try fill(practice, from: dir.appendingPathComponent("0"))
        let started = Date()
        #expect(try pollChecked(box, at: Self.mondayLater).status == 0)
        var duration = Date().timeIntervalSince(started)

        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for trial in 1...90 where kills < 50 {
            let batch = dir.appendingPathComponent("\(trial)")
            expected.merge(try writeReplies(box, count: 40, first: trial * 40, into: batch)) { a, _ in a }
            _ = try stack.imapTool(["append:\(batch.path)", practice])
            let process = try box.start(["poll", "--now", Self.mondayLater])
            let launched = Date()
            Thread.sleep(forTimeInterval: Double.random(in: 0...duration, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
                process.waitUntilExit()
            } else {
                // It finished first (the first poll was timed on a busier machine): later kills
                // aim inside the time a whole poll takes now.
                process.waitUntilExit()
                duration = min(duration, max(0.05, Date().timeIntervalSince(launched)))
            }
        }
        let last = try pollChecked(box, at: Self.mondayLater)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(kills >= 50, "only \(kills) polls were still running when killed")
        try expectEveryReplyReadOnce(box, practice: practice, expected: expected)
        print("large inbox: \(expected.count) replies, \(kills) pollers killed (one poll takes \(Int(duration * 1000)) ms), 0 lost, 0 doubled")
    }

    @Test func pollersKilledWhileSendingConfirmationsLoseNoneAndCountEveryRepeat() throws {
        let practice = "u944"
        let box = try stack.practice(practice, users: Self.partners, sendAt: Self.monday)
        let dir = box.dir.appendingPathComponent("replies")
        let expected = try writeReplies(box, count: 300, into: dir)
        try fill(practice, from: dir)
        // Read everything with the SMTP server unreachable: 300 confirmations wait in the outbox.
        let config = try String(contentsOf: box.config, encoding: .utf8)
        let port = stack.submissionPort
        try Data(config.replacingOccurrences(of: "smtp://localhost:\(port)", with: "smtp://localhost:9").utf8).write(to: box.config)
        let offline = try pollChecked(box, at: Self.mondayLater)
        #expect(offline.status == 75, "\(offline.stderr)")
        try Data(config.utf8).write(to: box.config)
        let watcher = try TightropeStore(path: box.database.path)
        let waiting = try watcher.outbox().filter { $0.kind == .confirmation }
        #expect(waiting.count == 300 && waiting.allSatisfy { [.deferred, .queued].contains($0.state) })

        // An hour later the confirmations are due; each poll is killed once one or two more went out.
        let later = "2030-01-07T13:00:00Z"
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for _ in 0..<300 where kills < 110 {
            let sentBefore = try watcher.outboxCounts()[.sent] ?? 0
            let process = try box.start(["poll", "--now", later])
            let target = sentBefore + Int.random(in: 1...2, using: &generator)
            if try waitWhileRunning(process, until: { (try watcher.outboxCounts()[.sent] ?? 0) >= target }) {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        let last = try pollChecked(box, at: later)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(kills >= 100, "only \(kills) polls were still sending when killed")
        try stack.waitForQueue(timeout: 60)

        let rows = try watcher.outbox().filter { $0.kind == .confirmation }
        #expect(rows.count == expected.count)
        #expect(rows.allSatisfy { $0.state == .sent })
        let delivered = try stack.messageIDs(Self.partners)
        var duplicates = 0, missing = 0
        for user in Self.partners {
            let ids = delivered[user] ?? []
            for row in rows where row.envelopeTo == "\(user)@example.test" {
                let copies = ids.filter { $0 == "<\(row.messageID)>" }.count
                if copies == 0 { missing += 1 }
                duplicates += max(0, copies - 1)
            }
        }
        #expect(missing == 0, "\(missing) confirmations never arrived")
        let possible = try watcher.interruptedSends()
        #expect(possible >= duplicates, "\(duplicates) duplicates, \(possible) counted")
        // Only a kill between the final dot and the record can double a message (see SendIntegrationTests).
        print("confirmations: \(rows.count) sent through \(kills) killed polls, 0 lost, \(duplicates) delivered twice "
              + "(same Message-ID), \(possible) re-sends counted as possible duplicates")
    }
}
