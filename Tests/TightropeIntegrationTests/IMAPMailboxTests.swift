import Foundation
import Testing
import TightropeTesting
@testable import TightropeTransport

/// IMAPMailbox against the real Dovecot of scripts/mailstack.sh: UIDVALIDITY, UIDs, fetch, folders, moves.
@Suite(.serialized) struct IMAPMailboxTests {
    let stack: MailStack

    init() throws { stack = try MailStack() }

    func deliver(_ count: Int, to user: String) throws -> [String] {
        let smtp = try SMTPSubmission(url: "smtp://localhost:\(stack.submissionPort)", username: "practice", password: stack.password,
                                      caFile: stack.caFile, timeoutSeconds: 10, ehloName: "example.test")
        var ids: [String] = []
        for i in 0..<count {
            let id = "imap-test-\(i)-\(UUID().uuidString)@example.test"
            let message = "From: practice@example.test\r\nTo: \(user)@example.test\r\nSubject: test \(i)\r\nMessage-ID: <\(id)>\r\n\r\nbody \(i)\r\n.\r\nline after a dot\r\n"
            #expect(try smtp.submit(from: "practice@example.test", to: "\(user)@example.test", bytes: Array(message.utf8)) == .accepted)
            ids.append(id)
        }
        try stack.waitForQueue()
        return ids
    }

    func mailbox(_ user: String, url: String? = nil, password: String? = nil, caFile: String? = nil) throws -> IMAPMailbox {
        try IMAPMailbox(url: url ?? "imaps://localhost:\(stack.imapsPort)/INBOX", username: user, password: password ?? stack.password,
                        caFile: caFile ?? stack.caFile, timeoutSeconds: 10)
    }

    @Test func findsFetchesAndMovesMessagesByUID() throws {
        let user = "u501"
        try stack.clear([user])
        let ids = try deliver(3, to: user)
        let box = try mailbox(user)
        var status = try box.examine()
        for _ in 0..<30 where status.exists < 3 {  // LMTP delivery may still be finishing
            Thread.sleep(forTimeInterval: 0.2)
            status = try box.examine()
        }
        let validity = status.uidValidity
        #expect(validity > 0)
        #expect(status.exists == 3)
        let uids = try box.uids(from: 1)
        try #require(uids.count == 3)
        let raw = String(decoding: try box.fetch(uid: uids[0]), as: UTF8.self)
        // LMTP may deliver the three in any order: the message is one of ours, whole.
        #expect(ids.contains { raw.contains("Message-ID: <\($0)>") })
        #expect(raw.contains("\r\n.\r\nline after a dot"))  // dot-stuffing undone end to end

        // Only UIDs at or above the mark are new.
        #expect(try box.uids(from: uids[1]) == Array(uids[1...]))
        #expect(try box.uids(from: uids[2] + 1).isEmpty)

        try box.createFolder("Tightrope/Processed")
        try box.createFolder("Tightrope/Processed")  // again: fine
        #expect(try box.supportsMove())
        try box.move(uid: uids[0], to: "Tightrope/Processed", useMove: true)
        try box.move(uid: uids[1], to: "Tightrope/Processed", useMove: false)  // the copy/expunge path
        #expect(try box.uids(from: 1) == [uids[2]])
        #expect(try box.examine("Tightrope/Processed").exists >= 2)
        #expect(try box.examine().uidValidity == validity)
    }

    @Test func movesReportTheNewUIDsAndDeletionsRemoveExactlyTheMessagesNamed() throws {
        let user = "u960"
        try stack.clear([user])
        let ids = try deliver(4, to: user)
        let box = try mailbox(user)
        var status = try box.examine()
        for _ in 0..<30 where status.exists < 4 {
            Thread.sleep(forTimeInterval: 0.2)
            status = try box.examine()
        }
        let uids = try box.uids(from: 1)
        try #require(uids.count == 4)
        try box.createFolder("Tightrope/Processed")
        #expect(try box.folderExists("Tightrope/Processed"))
        #expect(try !box.folderExists("Tightrope/Nowhere"))
        // UID MOVE answers with COPYUID (RFC 6851): where each message went.
        let moved = try box.move(uids: uids, to: "Tightrope/Processed", useMove: true)
        #expect(moved.folderValidity > 0)
        #expect(Set(moved.uids.keys) == Set(uids))

        let processed = try mailbox(user, url: IMAPMailbox.url("imaps://localhost:\(stack.imapsPort)/INBOX", mailbox: "Tightrope/Processed"))
        #expect(try processed.examine().uidValidity == moved.folderValidity)
        let inFolder = try processed.uids(from: 1)
        #expect(Set(inFolder) == Set(moved.uids.values))
        // One by its recorded UID, one found by its Message-ID; the other two stay. (LMTP may deliver the
        // four in any order: which Message-ID has which UID is read from the messages themselves.)
        let first = try #require(moved.uids[uids[0]])
        let firstRaw = String(decoding: try processed.fetch(uid: first), as: UTF8.self)
        let firstID = try #require(ids.first { firstRaw.contains("<\($0)>") })
        let others = ids.filter { $0 != firstID }
        try processed.delete(uids: [first])
        let byID = try processed.search(messageID: "<\(others[0])>")
        #expect(byID.count == 1)
        try processed.delete(uids: byID)
        let left = try processed.uids(from: 1)
        #expect(left.count == 2 && !left.contains(first) && !left.contains(byID.first ?? 0))
        #expect(try processed.search(messageID: "<\(firstID)>").isEmpty)
        #expect(try processed.search(messageID: "<\(others[1])>").count == 1)
        try processed.delete(uids: [])  // nothing named, nothing done
        #expect(try processed.uids(from: 1).count == 2)
    }

    @Test func loginAndCertificateProblemsAreTypedErrors() throws {
        #expect(throws: TransportError.self) { _ = try mailbox("u502", password: "wrong").examine() }
        do {
            _ = try mailbox("u502", caFile: stack.untrustedCAFile).examine()
            Issue.record("an untrusted certificate was accepted")
        } catch let error as TransportError {
            guard case .tls = error else { Issue.record("expected a TLS error, got \(error)"); return }
        }
        // STARTTLS on the plain port works and is required.
        let plain = try mailbox("u502", url: "imap://localhost:\(stack.values["TIGHTROPE_TEST_IMAP_PORT"] ?? "")/INBOX")
        #expect(try plain.examine().uidValidity > 0)
    }
}
