import CCurl
import Foundation
import Testing
import TightropeTesting
@testable import TightropeApp
@testable import TightropeTransport

/// How IMAP answers are read and believed: whole lines of any length or an error, UID
/// listings that must add up, and which transport failures are temporary (exit 75) and
/// which need someone to change something (exit 78).
@Suite struct IMAPResponseReaderTests {
    /// `Tests/tools/scripted_imap.py` on a loopback port, with the mail stack's localhost certificate.
    final class ScriptedServer {
        let process = Process()
        let port: Int

        init(mode: String, stack: MailStack) throws {
            let script = CLISandbox.repository.appendingPathComponent("Tests/tools/scripted_imap.py").path
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, stack.state + "/tls/server.crt", stack.state + "/tls/server.key", mode]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        deinit {
            // SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test func responseLinesOf1KB8KBAnd64KBAreReadWholeAnd1MBIsAnErrorNeverAShortList() throws {
        let stack = try MailStack()
        let server = try ScriptedServer(mode: "lines", stack: stack)
        try #require(server.port > 0)
        let mailbox = try IMAPMailbox(url: "imaps://localhost:\(server.port)/INBOX", username: "u", password: "p",
                                      caFile: stack.caFile, timeoutSeconds: 10)
        for size in [1 << 10, 8 << 10, 64 << 10, 256 << 10] {  // more than twice the longest a search window gives
            let text = try mailbox.command("UID SEARCH SIZE \(size)", selecting: true, name: "UID SEARCH")
            let uids = try IMAPMailbox.parseSearch(text)
            #expect(text.utf8.count > size - 12 && text.utf8.count <= size + 2, "a \(size)-byte line came back with \(text.utf8.count) bytes")
            #expect(uids == Array(1...UInt32(uids.count)), "every UID of the \(size)-byte line, in order")
            #expect(uids.count > size / 8)
        }
        // Past what libcurl reads of one answer (300 KB on Debian 12's 7.88; a line longer than
        // half its buffer would otherwise be clipped): an error, never a shorter list.
        for size in [1 << 20] {
            do {
                let text = try mailbox.command("UID SEARCH SIZE \(size)", selecting: true, name: "UID SEARCH")
                Issue.record("a \(size)-byte line came back as \(text.utf8.count) bytes instead of failing")
            } catch {
                #expect(error.isTemporary, "\(error)")
            }
        }
    }

    @Test func searchAnswersMustBeWholeNumbers() throws {
        #expect(try IMAPMailbox.parseSearch("* SEARCH 3 10004 10005\r\n") == [3, 10004, 10005])
        #expect(try IMAPMailbox.parseSearch("* SEARCH\r\n").isEmpty)
        #expect(try IMAPMailbox.parseSearch("* OK still here\r\n* SEARCH 7 (MODSEQ 12)\r\n") == [7])
        // What a clipped line leaves: a fragment glued to the tail.
        #expect(throws: TransportError.self) { try IMAPMailbox.parseSearch("* SEARCH 1 2 3 100\u{0}45 46\r\n") }
        #expect(throws: TransportError.self) { try IMAPMailbox.parseSearch("* SEARCH 1 2 x7\r\n") }
        #expect(throws: TransportError.self) { try IMAPMailbox.parseSearch("* SEARCH 1 0\r\n") }
        #expect(IMAPMailbox.firstUID("* 1 FETCH (UID 10423)\r\n") == 10423)
        #expect(IMAPMailbox.firstUID("* 1 FETCH (FLAGS (\\Seen))\r\n") == nil)
    }

    @Test func examineAnswersGiveValidityCountAndNextUID() throws {
        let status = try IMAPMailbox.parseStatus("""
            * FLAGS (\\Seen)\r\n* 2000 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1796426986] UIDs valid\r\n* OK [UIDNEXT 12001] next\r\n
            """)
        #expect(status == IMAPMailbox.Status(uidValidity: 1_796_426_986, exists: 2000, uidNext: 12001))
        #expect(throws: TransportError.self) { try IMAPMailbox.parseStatus("* 3 EXISTS\r\n") }
        #expect(throws: TransportError.self) { try IMAPMailbox.parseStatus("* OK [UIDVALIDITY 5] x\r\n") }
    }

    @Test func movesNameExactlyTheUIDsInFoldedRuns() {
        #expect(IMAPMailbox.sequenceSet([10001, 10002, 10003, 10005, 10007, 10008]) == "10001:10003,10005,10007:10008")
        #expect(IMAPMailbox.sequenceSet([42]) == "42")
        #expect(IMAPMailbox.sequenceSet([UInt32]()) == "")
    }

    @Test(arguments: [
        // (curl code, SMTP reply, temporary?)
        (CURLE_COULDNT_CONNECT, 0, true),  // connection refused: the server is restarting
        (CURLE_OPERATION_TIMEDOUT, 0, true),
        (CURLE_RECV_ERROR, 0, true),  // connection dropped
        (CURLE_SSL_CONNECT_ERROR, 0, true),  // TLS handshake cut off
        (CURLE_PEER_FAILED_VERIFICATION, 0, false),  // certificate not trusted
        (CURLE_SSL_CACERT_BADFILE, 0, false),
        (CURLE_USE_SSL_FAILED, 0, false),  // no STARTTLS offered
        (CURLE_URL_MALFORMAT, 0, false),
        (CURLE_UNSUPPORTED_PROTOCOL, 0, false),
        (CURLE_LOGIN_DENIED, 535, false),  // wrong password
        (CURLE_LOGIN_DENIED, 454, true),  // "temporary authentication failure"
    ])
    func transportFailuresMapToExitCodes(code: CURLcode, reply: Int, temporary: Bool) throws {
        let error: TransportError
        do {
            _ = try SMTPSubmission.classify(code, replyCode: reply)
            Issue.record("curl \(code.rawValue) was taken for a delivery")
            return
        } catch let thrown {
            error = thrown
        }
        #expect(error.isTemporary == temporary, "curl \(code.rawValue) reply \(reply): \(error)")
        #expect(AppError(error).exitCode == (temporary ? 75 : 78))
        #expect(AppError(CurlEasy.sessionError(code, command: "x")).exitCode == (code == CURLE_LOGIN_DENIED ? 78 : (temporary ? 75 : 78)))
    }

    @Test func aTLSHandshakeCutOffIsTemporaryAndAnUntrustedCertificateIsNot() throws {
        let stack = try MailStack()
        let cut = try ScriptedServer(mode: "cut", stack: stack)
        let dropped = try IMAPMailbox(url: "imaps://localhost:\(cut.port)/INBOX", username: "u", password: "p", caFile: stack.caFile,
                                      timeoutSeconds: 5)
        do {
            _ = try dropped.examine()
            Issue.record("a cut-off handshake succeeded")
        } catch {
            #expect(error.isTemporary, "\(error)")
        }
        let untrusted = try IMAPMailbox(url: "imaps://localhost:\(stack.imapsPort)/INBOX", username: "u502", password: stack.password,
                                        caFile: stack.untrustedCAFile, timeoutSeconds: 5)
        do {
            _ = try untrusted.examine()
            Issue.record("an untrusted certificate was accepted")
        } catch {
            #expect(!error.isTemporary, "\(error)")
            #expect(AppError(error).exitCode == 78)
        }
    }
}
