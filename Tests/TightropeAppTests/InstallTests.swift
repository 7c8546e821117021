import Foundation
import Testing
import TightropeTesting

/// `Deploy/install.sh` and `uninstall.sh` into a temporary root (DESTDIR), with the built binary.
@Suite(.serialized) struct InstallTests {
    static func sh(_ script: String, _ args: [String] = [], env: [String: String]) throws -> Int32 {
        try Subprocess.run("/bin/bash", [CLISandbox.repository.appendingPathComponent(script).path] + args,
                           environment: ProcessInfo.processInfo.environment.merging(env) { $1 }).status
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    @Test func installLandsEverythingWhereTheUnitsExpectItAndUninstallKeepsTheData() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-root-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let env = ["DESTDIR": root, "TIGHTROPE_BIN": CLISandbox.binary.path]
        #expect(try Self.sh("Deploy/install.sh", env: env) == 0)

        let fm = FileManager.default
        #expect(Self.mode(root + "/usr/local/bin/tightrope") == 0o755)
        for t in ["checkin_text", "checkin_html", "checkin_subject_text", "footer_text", "footer_html"] {
            #expect(fm.fileExists(atPath: root + "/usr/local/share/tightrope/Templates/\(t).mustache"))
        }
        #expect(fm.fileExists(atPath: root + "/usr/local/share/tightrope/seeds/questions.toml"))
        // The safety lexicon `poll` screens with, and the demo's replies.
        #expect(fm.fileExists(atPath: root + "/usr/local/share/tightrope/seeds/safety/concepts.toml"))
        #expect(fm.fileExists(atPath: root + "/usr/local/share/tightrope/seeds/safety/en.toml"))
        #expect(fm.fileExists(atPath: root + "/usr/local/share/tightrope/seeds/replies/gmail-web.eml"))
        #expect(fm.fileExists(atPath: root + "/usr/local/share/tightrope/Templates/confirmation_text.mustache"))
        for unit in ["tightrope-send.service", "tightrope-send.timer", "tightrope-poll.service", "tightrope-poll.timer",
                     "tightrope-digest.service", "tightrope-digest.timer", "tightrope-failure@.service"] {
            #expect(fm.fileExists(atPath: root + "/etc/systemd/system/" + unit), "\(unit)")
        }
        let send = try String(contentsOfFile: root + "/etc/systemd/system/tightrope-send.service", encoding: .utf8)
        #expect(send.contains("ExecStart=/usr/local/bin/tightrope send --config /etc/tightrope/config.toml"))
        #expect(send.contains("LoadCredential=smtp-password:/etc/tightrope/credentials/smtp-password"))
        #expect(Self.mode(root + "/etc/tightrope/credentials") == 0o700)
        // No configuration is invented: `init` writes it from the practice's values, beside the example.
        #expect(!fm.fileExists(atPath: root + "/etc/tightrope/config.toml"))
        #expect(fm.fileExists(atPath: root + "/etc/tightrope/config.example.toml"))
        let written = try Subprocess.run(root + "/usr/local/bin/tightrope", [
            "init", "--config-only", "--config", root + "/etc/tightrope/config.toml", "--practice-name", "Harbour Lane",
            "--from", "checkins@harbourlane.example", "--therapist-name", "Robin Okafor", "--therapist-email", "robin@harbourlane.example",
            "--time-zone", "Europe/London", "--crisis-text", "call 999 or go to A&E; Samaritans 116 123",
        ], environment: ["PATH": "/usr/bin:/bin"])
        #expect(written.status == 0, "\(written.stderr)")
        let config = try String(contentsOfFile: root + "/etc/tightrope/config.toml", encoding: .utf8)
        #expect(config.contains("database = \"/var/lib/tightrope/tightrope.sqlite\""))
        #expect(!fm.fileExists(atPath: root + "/var/lib/tightrope"), "--config-only leaves the database to the service's user")

        // The installed binary runs the whole loop from what was installed (templates, questions,
        // lexicon, the demo's replies).
        let demoDir = root + "/demo"
        let loop = try Subprocess.run(root + "/usr/local/bin/tightrope", ["demo", "--dir", demoDir], environment: ["PATH": "/usr/bin:/bin"])
        #expect(loop.status == 0, "\(loop.stderr)")
        #expect(loop.stdout.contains("Check-ins read"))

        // The installed binary reads the installed templates: take one away and it says so.
        let staged = root + "/usr/local/share/tightrope/Templates/footer_text.mustache"
        try fm.removeItem(atPath: staged)
        let demo = try Subprocess.run(root + "/usr/local/bin/tightrope", ["demo", "--dir", root + "/demo"])
        #expect(demo.status == 78)
        #expect(demo.stderr.contains("footer_text.mustache is missing"))

        // A second install keeps an edited configuration.
        try Data("# edited\n".utf8).write(to: URL(fileURLWithPath: root + "/etc/tightrope/config.toml"))
        #expect(try Self.sh("Deploy/install.sh", env: env) == 0)
        #expect(try String(contentsOfFile: root + "/etc/tightrope/config.toml", encoding: .utf8) == "# edited\n")

        #expect(try Self.sh("Deploy/uninstall.sh", env: ["DESTDIR": root]) == 0)
        #expect(!fm.fileExists(atPath: root + "/usr/local/bin/tightrope"))
        #expect(!fm.fileExists(atPath: root + "/etc/systemd/system/tightrope-send.service"))
        #expect(fm.fileExists(atPath: root + "/etc/tightrope/config.toml"))
        #expect(try Self.sh("Deploy/uninstall.sh", ["--purge"], env: ["DESTDIR": root]) == 0)
        #expect(!fm.fileExists(atPath: root + "/etc/tightrope"))
    }
}
