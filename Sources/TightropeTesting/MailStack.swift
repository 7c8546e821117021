import Foundation
import TightropeTransport

/// The private Postfix + Dovecot started by `scripts/mailstack.sh start`, as the tests see it.
package struct MailStack: Sendable {
    package struct NotRunning: Error, CustomStringConvertible {
        package var description: String {
            "the test mail stack is not running: start it with `bash scripts/mailstack.sh start` (scripts/test.sh does)"
        }
    }

    package let state: String
    package let values: [String: String]

    /// Reads `$TIGHTROPE_MAILSTACK/env`, written by a successful start.
    package init() throws {
        let state = ProcessInfo.processInfo.environment["TIGHTROPE_MAILSTACK"] ?? "/tmp/tightrope-mailstack"
        guard let text = try? String(contentsOfFile: state + "/env", encoding: .utf8) else { throw NotRunning() }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let pair = line.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { values[String(pair[0])] = String(pair[1]) }
        }
        self.state = state
        self.values = values
    }

    package var caFile: String { values["TIGHTROPE_TEST_CA"] ?? "" }
    package var untrustedCAFile: String { state + "/tls/other-ca.crt" }
    package var password: String { values["TIGHTROPE_TEST_PASSWORD"] ?? "" }
    package var submissionPort: String { values["TIGHTROPE_TEST_SUBMISSION_PORT"] ?? "" }
    package var imapsPort: String { values["TIGHTROPE_TEST_IMAPS_PORT"] ?? "" }

    /// A practice configuration that sends through the stack's submission port and reads
    /// replies from `practice`'s INBOX (its From and reply address are `practice@example.test`);
    /// the therapist's digests and alerts go to `therapist`'s INBOX.
    package func configure(_ text: String, smtpPort: String? = nil, caFile: String? = nil, practice: String = "practice",
                           therapist: String = "therapist") -> String {
        text.replacingOccurrences(of: "from = \"checkins@harbourlane.example\"", with: "from = \"\(practice)@example.test\"")
            .replacingOccurrences(of: "# ca_file = \"/etc/tightrope/ca.pem\"", with: "ca_file = \"\(caFile ?? self.caFile)\"")
            .replacingOccurrences(of: "local_part = \"checkins\"", with: "local_part = \"\(practice)\"")
            .replacingOccurrences(of: "domain = \"harbourlane.example\"", with: "domain = \"example.test\"")
            .replacingOccurrences(of: "url = \"smtp://mail.harbourlane.example:587\"", with: "url = \"smtp://localhost:\(smtpPort ?? submissionPort)\"")
            .replacingOccurrences(of: "username = \"checkins@harbourlane.example\"", with: "username = \"\(practice)\"")
            .replacingOccurrences(of: "timeout_seconds = 30", with: "timeout_seconds = 10")
            .replacingOccurrences(of: "url = \"imaps://mail.harbourlane.example:993/INBOX\"", with: "url = \"imaps://localhost:\(imapsPort)/INBOX\"")
            .replacingOccurrences(of: "email = \"robin@harbourlane.example\"", with: "email = \"\(therapist)@example.test\"")
    }

    /// Submits raw messages through the stack's submission port (one connection), as a
    /// partner's mail client would, and waits until Postfix has delivered them.
    package func submit(_ messages: [(from: String, to: String, bytes: [UInt8])]) throws {
        let smtp = try SMTPSubmission(url: "smtp://localhost:\(submissionPort)", username: "practice", password: password,
                                      caFile: caFile, timeoutSeconds: 10, ehloName: "client.example.test")
        for m in messages {
            guard try smtp.submit(from: m.from, to: m.to, bytes: m.bytes) == .accepted else {
                throw PythonMailCheck.Failure(description: "submission refused a test message")
            }
        }
        try waitForQueue()
    }

    /// The environment a `tightrope` process needs for this stack.
    package var credentials: [String: String] {
        ["TIGHTROPE_SMTP_PASSWORD": password, "TIGHTROPE_IMAP_PASSWORD": password,
         "TIGHTROPE_HMAC_KEY": "integration-test-hmac-key-0123456789abcdef-7f3a9c1e5b2d"]
    }

    /// Runs `Tests/tools/imap_tool.py` and returns its standard output.
    package func imapTool(_ args: [String]) throws -> String {
        let script = CLISandbox.repository.appendingPathComponent("Tests/tools/imap_tool.py").path
        let run = try Subprocess.run("/usr/bin/env", ["python3", script] + args,
                                     environment: ProcessInfo.processInfo.environment.merging(values) { $1 })
        guard run.status == 0 else { throw PythonMailCheck.Failure(description: "imap_tool.py \(args.first ?? "") failed") }
        return run.stdout
    }

    /// Empties the INBOX of each user.
    package func clear(_ users: [String]) throws { _ = try imapTool(["clear"] + users) }

    /// The Message-IDs in each user's INBOX.
    package func messageIDs(_ users: [String]) throws -> [String: [String]] {
        struct Line: Decodable { var user: String; var message_ids: [String] }
        var result: [String: [String]] = [:]
        for line in try imapTool(["ids"] + users).split(separator: "\n") {
            let decoded = try JSONDecoder().decode(Line.self, from: Data(line.utf8))
            result[decoded.user] = decoded.message_ids
        }
        return result
    }

    /// What IMAP FETCH (ENVELOPE BODYSTRUCTURE BODY.PEEK[TEXT]) shows of each message, decoded.
    package struct FetchedMessage: Decodable, Sendable {
        package struct Address: Decodable, Sendable { package var name: String?; package var address: String }
        package var subject: String?
        package var from: [Address]
        package var reply_to: [Address]
        package var to: [Address]
        package var message_id: String?
        package var multipart: Bool
        package var subtype: String?
        package var parts: [String]?
        package var text: String?
    }

    /// The raw bytes of every message in `user`'s INBOX.
    package func rawMessages(_ user: String) throws -> [[UInt8]] {
        struct Line: Decodable { var messages: [String] }
        return try JSONDecoder().decode(Line.self, from: Data(try imapTool(["raw", user]).utf8)).messages
            .compactMap { Data(base64Encoded: $0).map { [UInt8]($0) } }
    }

    package func fetch(_ user: String) throws -> [FetchedMessage] {
        struct Line: Decodable { var messages: [FetchedMessage] }
        return try JSONDecoder().decode(Line.self, from: Data(try imapTool(["dump", user]).utf8)).messages
    }

    /// Waits until Postfix's queue is empty (everything delivered to Dovecot or bounced): two
    /// empty readings in a row, 0.3 s apart, since a message passes from one queue to the next.
    /// The stack is shared by suites that run in parallel, and one of them submits thousands of
    /// messages: the queue can take more than 30 s to drain on two busy cores (seen in CI).
    package func waitForQueue(timeout: TimeInterval = 150) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var emptyReadings = 0
        while Date() < deadline {
            let text = try Subprocess.run("/usr/sbin/postqueue", ["-c", state + "/postfix", "-p"]).stdout
            emptyReadings = text.contains("Mail queue is empty") ? emptyReadings + 1 : 0
            if emptyReadings >= 2 { return }
            Thread.sleep(forTimeInterval: 0.3)
        }
        throw PythonMailCheck.Failure(description: "postfix queue did not drain in \(Int(timeout)) s")
    }

    /// Rewrites the fault-injection table, reloads Postfix, and waits until a new SMTP session
    /// answers RCPT for every address as the table now says (250 for one taken out of it).
    package func setRecipientAccess(_ lines: [String]) throws {
        let path = state + "/postfix/recipient_access"
        let before = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        _ = try Subprocess.run("/usr/sbin/postfix", ["-c", state + "/postfix", "reload"])
        var expected: [String: String] = [:]
        for line in before { if let address = line.split(separator: " ").first { expected[String(address)] = "250" } }
        for line in lines {
            let fields = line.split(separator: " ")
            if fields.count >= 2 { expected[String(fields[0])] = String(fields[1]) }
        }
        let probe = """
            import smtplib, sys
            s = smtplib.SMTP("localhost", int(sys.argv[1]), timeout=10); s.ehlo("probe.example.test")
            s.mail("probe@example.test")
            for a in sys.argv[2:]:
                print(a, s.rcpt(a)[0])
            s.quit()
            """
        let deadline = Date().addingTimeInterval(30)
        while true {
            let run = try Subprocess.run("/usr/bin/env", ["python3", "-c", probe, values["TIGHTROPE_TEST_SMTP_PORT"] ?? "10025"]
                                         + expected.keys.sorted())
            let answered = Dictionary(run.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
                let f = line.split(separator: " ")
                return f.count == 2 ? (String(f[0]), String(f[1])) : nil
            }, uniquingKeysWith: { a, _ in a })
            if answered == expected { return }
            guard Date() < deadline else {
                throw PythonMailCheck.Failure(description: "postfix did not take the new recipient_access table in 30 s")
            }
            Thread.sleep(forTimeInterval: 0.2)  // poll interval of the condition above
        }
    }

    package static let defaultRecipientAccess = [
        "defer4xx@example.test 451 4.7.1 Try again later",
        "reject5xx@example.test 550 5.1.1 No such user here",
    ]
}
