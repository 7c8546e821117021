import Foundation
import Testing
import TightropeTesting

/// `tightrope doctor` against the real Postfix and Dovecot of scripts/mailstack.sh.
@Suite(.serialized) struct DoctorIntegrationTests {
    let stack: MailStack

    init() throws { stack = try MailStack() }

    func doctor(caFile: String? = nil, env: [String: String] = [:], edit: @escaping @Sendable (String) -> String = { $0 }) throws -> CLIRun {
        let stack = self.stack
        let box = try CLISandbox(environment: stack.credentials) { edit(stack.configure($0, caFile: caFile)) }
        #expect(try box.run(["init"]).status == 0)
        return try box.run(["doctor"], env: env)
    }

    @Test func everythingOkWithGoodCredentials() throws {
        let r = try doctor()
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("ok   SMTP: TLS verified and login accepted"))
        #expect(r.stdout.contains("ok   IMAP: TLS verified and login accepted"))
        #expect(r.stdout.contains("ok   database mode: 0600"))
        #expect(r.stdout.contains("ok   database integrity"))
        #expect(r.stdout.contains("ok   IMAP inbox: "))
        #expect(r.stdout.contains("ok   interrupted deliveries: none"))
        #expect(r.stdout.contains("ok   safety lexicon: "))
        #expect(!r.stdout.contains("FAIL"))
    }

    /// The poll loads the safety lexicon only when there is mail to read, so doctor is where a
    /// broken one shows first.
    @Test func aBrokenSafetyLexiconFailsTheDoctor() throws {
        let seeds = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-seeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: seeds.appendingPathComponent("safety"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: seeds) }
        try FileManager.default.copyItem(at: CLISandbox.repository.appendingPathComponent("seeds/questions.toml"),
                                         to: seeds.appendingPathComponent("questions.toml"))
        try FileManager.default.copyItem(at: CLISandbox.repository.appendingPathComponent("seeds/instruments"),
                                         to: seeds.appendingPathComponent("instruments"))
        try Data("[[concepts]\nid = 3\n".utf8).write(to: seeds.appendingPathComponent("safety/concepts.toml"))
        let r = try doctor(env: ["TIGHTROPE_QUESTIONS": seeds.appendingPathComponent("questions.toml").path])
        #expect(r.status == 78, "\(r.stdout)")
        #expect(r.stdout.contains("FAIL safety lexicon: "), "\(r.stdout)")
        #expect(r.stdout.contains("ok   templates and questions"), "\(r.stdout)")
    }

    @Test func aWrongPasswordIsNamedAsSuch() throws {
        let r = try doctor(env: ["TIGHTROPE_SMTP_PASSWORD": "wrong", "TIGHTROPE_IMAP_PASSWORD": "wrong"])
        #expect(r.status == 78)
        #expect(r.stdout.contains("FAIL SMTP: login refused"))
        #expect(r.stdout.contains("FAIL IMAP: login refused"))
        #expect(!r.stdout.contains("wrong"))
    }

    @Test func anUntrustedCertificateIsATLSFailure() throws {
        let r = try doctor(caFile: stack.untrustedCAFile)
        #expect(r.status == 78)
        #expect(r.stdout.contains("FAIL SMTP: TLS failed"))
        #expect(r.stdout.contains("FAIL IMAP: TLS failed"))
    }

    @Test func missingCredentialsAndAServerThatIsDownAreReported() throws {
        // Port 9 on loopback: a valid URL, nothing listening.
        let port = stack.submissionPort
        let r = try doctor(env: ["TIGHTROPE_HMAC_KEY": "short"]) { $0.replacingOccurrences(of: "smtp://localhost:\(port)", with: "smtp://localhost:9") }
        #expect(r.status == 78)
        #expect(r.stdout.contains("FAIL credential hmac-key: credential hmac-key: is too weak"))
        #expect(r.stdout.contains("FAIL SMTP: cannot reach the server"))
        #expect(r.stdout.contains("ok   IMAP"))
    }
}
