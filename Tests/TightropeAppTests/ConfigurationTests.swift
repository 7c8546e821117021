import Foundation
import Testing
@testable import TightropeApp
@testable import TightropeCore

@Suite struct ConfigurationTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = repo.appendingPathComponent("Deploy/config.example.toml")

    static func exampleText() throws -> String { try String(contentsOf: example, encoding: .utf8) }

    static func error(_ text: String) -> TOMLFileError? {
        do {
            _ = try Configuration.parse(text, file: "config.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func documentedExampleParses() throws {
        let config = try Configuration.load(path: Self.example.path)
        #expect(config.practiceName == "Harbour Lane Couples Practice")
        #expect(config.from.address == "checkins@harbourlane.example")
        #expect(config.replyLocalPart == "checkins")
        #expect(config.smtp?.url == "smtp://mail.harbourlane.example:587")
        #expect(config.imap?.url.hasPrefix("imaps://") == true)
        #expect(config.therapists.map(\.id) == ["robin"])
        #expect(config.defaults.sendDay == .sunday)
        #expect(config.defaults.sendTime == LocalTime("18:00"))
        #expect(config.databasePath == "/var/lib/tightrope/tightrope.sqlite")
    }

    @Test func unknownKeyIsNamed() throws {
        let text = try Self.exampleText().replacingOccurrences(of: "[reply]\n", with: "[reply]\nlocalpart = \"x\"\n")
        #expect(Self.error(text)?.key == "reply.localpart")
        #expect(Self.error(text)?.reason == "unknown key")
    }

    @Test func wrongTypeIsNamedWithTheExpectedType() throws {
        let text = try Self.exampleText().replacingOccurrences(of: "timeout_seconds = 30\n# Connections", with: "timeout_seconds = \"30\"\n# Connections")
        let error = try #require(Self.error(text))
        #expect(error.key == "smtp.timeout_seconds")
        #expect(error.reason.contains("integer"))
    }

    @Test(arguments: [
        ("url = \"smtp://mail.harbourlane.example:587\"", "url = \"http://mail.harbourlane.example\"", "smtp.url"),
        ("url = \"smtp://mail.harbourlane.example:587\"", "url = \"smtp://user:pw@mail.harbourlane.example\"", "smtp.url"),
        ("time_zone = \"Europe/London\"", "time_zone = \"Europe/Londn\"", "defaults.time_zone"),
        ("connections = 2", "connections = 40", "smtp.connections"),
        ("raw_inbound_days = 30", "raw_inbound_days = 0", "retention.raw_inbound_days"),
        ("# record_days = 2555", "record_days = 7", "retention.record_days"),
        ("# record_days = 2555", "record_days = \"seven years\"", "retention.record_days"),
        ("send_time = \"18:00\"", "send_time = \"6pm\"", "defaults.send_time"),
        ("send_day = \"sunday\"", "send_day = \"funday\"", "defaults.send_day"),
        ("from = \"checkins@harbourlane.example\"", "from = \"not an address\"", "from"),
        ("email = \"robin@harbourlane.example\"", "email = \"robin\"", "therapists[0].email"),
        ("local_part = \"checkins\"", "local_part = \"check+ins\"", "reply.local_part"),
        ("database = \"/var/lib/tightrope/tightrope.sqlite\"", "database = \"relative.sqlite\"", "database"),
        ("version = 1", "version = 2", "version"),
    ])
    func badValuesAreNamed(_ replacement: (String, String, String)) throws {
        let text = try Self.exampleText().replacingOccurrences(of: replacement.0, with: replacement.1)
        #expect(text != (try Self.exampleText()))
        #expect(Self.error(text)?.key == replacement.2)
    }

    @Test func recordRetentionIsOffUnlessSetAndReadWhenSet() throws {
        #expect(try Configuration.parse(try Self.exampleText(), file: "t").recordRetentionDays == nil)
        let text = try Self.exampleText().replacingOccurrences(of: "# record_days = 2555", with: "record_days = 2555")
        #expect(try Configuration.parse(text, file: "t").recordRetentionDays == 2555)
    }

    @Test func secretsInTheConfigFileAreRefused() throws {
        let text = try Self.exampleText().replacingOccurrences(of: "[smtp]\n", with: "[smtp]\npassword = \"hunter2hunter2\"\n")
        let error = try #require(Self.error(text))
        #expect(error.key == "smtp.password")
        #expect(error.reason.contains("credentials"))
        #expect(!error.description.contains("hunter2"))
    }

    @Test func syntaxErrorsGiveALine() {
        let error = Self.error("practice_name = \"x\"\n[reply\n")
        #expect(error?.reason.contains("line 2") == true)
    }

    @Test func credentialsComeFromTheCredentialsDirectoryFirst() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-cred-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("from-file\n".utf8).write(to: dir.appendingPathComponent("smtp-password"))
        let both = Credentials(environment: ["CREDENTIALS_DIRECTORY": dir.path, "TIGHTROPE_SMTP_PASSWORD": "from-env"])
        #expect(try both.secret(.smtpPassword) == "from-file")
        #expect(throws: Credentials.Missing.self) { try both.secret(.imapPassword) }
    }

    @Test func credentialsFallBackToTheEnvironment() throws {
        let env = Credentials(environment: ["TIGHTROPE_IMAP_PASSWORD": "from-env"])
        #expect(try env.secret(.imapPassword) == "from-env")
        #expect(throws: Credentials.Missing.self) { try env.secret(.smtpPassword) }
    }

    @Test func weakHMACKeysAreRefused() {
        // Too short, repetitive, or too few characters of a small alphabet: all refused.
        for weak in ["short", String(repeating: "k", count: 64), String(repeating: "password", count: 8),
                     "0123456789abcdef0123456789abcdef", "correct horse battery staple"] {
            #expect(throws: Credentials.Missing.self, "\(weak.count) characters") {
                try Credentials(environment: ["TIGHTROPE_HMAC_KEY": weak]).hmacKey()
            }
        }
        // What the README tells the installer to make, and 32 random bytes as hex.
        let base64 = "Zm9vYmFyYmF6cXV1eENvcnJlY3RIb3JzZUJhdHRlcnlTdGFwbGVzMTIzNDU2Nzg5MA+/K3Jl"
        let hex = "9f1c2b7e4a0d83e65c11f0a2b9d47e38c6a15f02e9b7d4c38a61f05e2d9b7c41"
        for strong in [base64, hex] {
            #expect(throws: Never.self) { try Credentials(environment: ["TIGHTROPE_HMAC_KEY": strong]).hmacKey() }
        }
        #expect(Credentials.estimatedEntropyBits(Array(hex.utf8)) == 256)
    }
}
