import Foundation
import Testing
import TightropeTesting

/// Runs the built `tightrope` executable, as a therapist would.
@Suite(.serialized) struct CommandLineTests {
    typealias Sandbox = CLISandbox

    @Test func initCreatesAPrivateDatabase() throws {
        let box = try Sandbox()
        let r = try box.run(["init"])
        #expect(r.status == 0, "\(r.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: box.database.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func initWritesACommentedConfigurationFromFlagsAndNeverReplacesOne() throws {
        let box = try Sandbox()
        let path = box.dir.appendingPathComponent("etc/tightrope/config.toml").path
        let database = box.dir.appendingPathComponent("state/t.sqlite").path
        // Not on a terminal and values missing: it says which, and writes nothing.
        let missing = try box.run(["init", "--config", path, "--practice-name", "Praxis Lindenhof"])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("--from, --therapist-name, --therapist-email"), "\(missing.stderr)")
        #expect(missing.stderr.contains("--crisis-text"))
        #expect(!FileManager.default.fileExists(atPath: path))
        // A value every command would refuse: nothing written either.
        let flags = ["--practice-name", "Praxis \"Lindenhof\"", "--from", "checkins@lindenhof.example", "--therapist-name", "Zoë Brandt",
                     "--therapist-email", "zoe@lindenhof.example", "--time-zone", "Europe/Berlin",
                     "--crisis-text", "Telefonseelsorge: 0800 111 0 111 (Tag und Nacht)", "--database", database]
        let bad = try box.run(["init", "--config", path] + flags.map { $0 == "Europe/Berlin" ? "Mars/Olympus" : $0 })
        #expect(bad.status == 65, "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))

        let host = try box.run(["init", "--config", path] + flags + ["--mail-host", "mail.example/x#y"])
        #expect(host.status == 65)
        #expect(host.stderr.contains("--mail-host: must be a host name only"))
        #expect(!FileManager.default.fileExists(atPath: path))

        let r = try box.run(["init", "--config", path] + flags)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wrote \(path)"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("practice_name = \"Praxis \\\"Lindenhof\\\"\""))
        #expect(text.contains("url = \"imaps://mail.lindenhof.example:993/INBOX\""))
        #expect(text.contains("# Secrets are NOT read from this file."), "commented like the example")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o644)
        #expect((try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        // A second init checks what is there and replaces nothing, whatever the flags say.
        let again = try box.run(["init", "--config", path, "--practice-name", "Other"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stdout.contains("wrote"))
        #expect(again.stdout.contains("exists: it is checked as it is, and the values given for a new configuration are not used"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func debugGroupRunsTheReadingSteps() throws {
        let box = try Sandbox()
        let help = try box.run(["debug", "--help"])
        #expect(help.status == 0)
        for step in ["extract-reply", "extract-body", "parse-reply", "screen"] { #expect(help.stdout.contains(step), "\(step)") }
        let bad = try box.run(["debug", "parse-reply", "--round", box.database.path + ".missing.json"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("not a readable round JSON file"))
    }

    @Test func coupleLifecycle() throws {
        let box = try Sandbox()
        #expect(try box.addCouple("c-1", a: ("Zoë Ångström", "zoe@mail.example"), b: ("José", "jose@mail.example"),
                                  extra: ["--time-zone", "Europe/Berlin", "--send-day", "friday"]).status == 0)
        var list = try box.run(["couple", "list"])
        #expect(list.stdout.contains("c-1\tactive\trobin\tfriday 18:00 Europe/Berlin\ta:no-consent b:no-consent"))
        #expect(try box.run(["consent", "c-1/a", "--method", "signed intake form"]).status == 0)
        #expect(try box.run(["couple", "pause", "c-1"]).status == 0)
        list = try box.run(["couple", "list"])
        #expect(list.stdout.contains("c-1\tpaused\trobin\tfriday 18:00 Europe/Berlin\ta:ok b:no-consent"))
        let show = try box.run(["couple", "show", "c-1"])
        #expect(show.stdout.contains("Zoë Ångström <zoe@mail.example>"))
        #expect(show.stdout.contains("sharing between partners: off"))
        #expect(try box.run(["couple", "resume", "c-1"]).status == 0)
        #expect(try box.run(["couple", "remove", "c-1"]).stdout.contains("removed c-1"))
        #expect(try box.run(["couple", "list"]).stdout.isEmpty)
    }

    @Test(arguments: [
        ("bad address", ["c-2", "Ann", "not-an-address", "Bo", "bo@mail.example"], [String]()),
        ("duplicate address", ["c-2", "Ann", "taken@mail.example", "Bo", "bo@mail.example"], []),
        ("same address twice", ["c-2", "Ann", "x@mail.example", "Bo", "X@mail.example"], []),
        ("unknown time zone", ["c-2", "Ann", "ann@mail.example", "Bo", "bo@mail.example"], ["--time-zone", "Europe/Atlantis"]),
        ("line break in name", ["c-2", "Ann\r\nBcc: eve@evil.example", "ann@mail.example", "Bo", "bo@mail.example"], []),
        ("control character in name", ["c-2", "Ann\u{1B}[31m", "ann@mail.example", "Bo", "bo@mail.example"], []),
        ("bidi override in name", ["c-2", "Ann", "ann@mail.example", "\u{202E}oB", "bo@mail.example"], []),
        ("duplicate couple id", ["c-1", "Ann", "ann@mail.example", "Bo", "bo@mail.example"], []),
        ("bad couple id", ["C 2", "Ann", "ann@mail.example", "Bo", "bo@mail.example"], []),
        ("unknown therapist", ["c-2", "Ann", "ann@mail.example", "Bo", "bo@mail.example"], ["--therapist", "nobody"]),
    ])
    func badInputExits65AndWritesNothing(_ c: (String, [String], [String])) throws {
        let box = try Sandbox()
        #expect(try box.addCouple("c-1", a: ("Existing", "taken@mail.example"), b: ("Other", "other@mail.example")).status == 0)
        let before = try box.run(["couple", "list"]).stdout
        let r = try box.addCouple(c.1[0], a: (c.1[1], c.1[2]), b: (c.1[3], c.1[4]), extra: c.2)
        #expect(r.status == 65, "\(c.0): \(r.stderr)")
        #expect(!r.stderr.isEmpty)
        // The message names the problem, not the personal data.
        for value in [c.1[2], c.1[4], "Bcc", "eve@evil.example"] where value.contains("@") || value == "Bcc" {
            #expect(!r.stderr.contains(value), "\(c.0) leaks input in the error")
        }
        #expect(try box.run(["couple", "list"]).stdout == before)
        #expect(!(try box.run(["couple", "show", "c-2"]).stdout.contains("Ann")))
    }

    @Test func badConsentInputExits65() throws {
        let box = try Sandbox()
        #expect(try box.addCouple("c-1", a: ("A", "a@mail.example"), b: ("B", "b@mail.example")).status == 0)
        #expect(try box.run(["consent", "c-1/c", "--method", "form"]).status == 65)
        #expect(try box.run(["consent", "c-9/a", "--method", "form"]).status == 65)
        #expect(try box.run(["consent", "c-1/a", "--method", "form\nforged line"]).status == 65)
        #expect(try box.run(["couple", "list"]).stdout.contains("a:no-consent"))
    }

    @Test func rosterImportIsAllOrNothing() throws {
        let box = try Sandbox()
        let good = """
            [[couples]]
            id = "r-1"
            therapist = "robin"
            time_zone = "America/New_York"
            send_day = "thursday"
            sharing = true
            [[couples.partners]]
            name = "Ada Okoye"
            email = "ada@mail.example"
            consent_method = "intake form"
            [[couples.partners]]
            name = "Wei Lin"
            email = "wei@mail.example"

            """
        let bad = good.replacingOccurrences(of: "r-1", with: "r-2").replacingOccurrences(of: "wei@", with: "ada@")
        let file = box.dir.appendingPathComponent("roster.toml")
        try Data((good + bad).utf8).write(to: file)
        let r = try box.run(["roster", "import", file.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("r-2"))
        #expect(try box.run(["couple", "list"]).stdout.isEmpty)

        try Data(good.utf8).write(to: file)
        #expect(try box.run(["roster", "import", file.path]).status == 0)
        #expect(try box.run(["couple", "list"]).stdout.contains("r-1\tactive\trobin\tthursday 18:00 America/New_York\ta:ok b:no-consent"))

        try Data("[[couples]]\nid = \"r-3\"\ntherapist = \"robin\"\ncolour = \"blue\"\n".utf8).write(to: file)
        let unknown = try box.run(["roster", "import", file.path])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("couples[0].colour: unknown key"))

        // A hostile roster: an id with an escape sequence and a line break, a quoted key with an escape.
        try Data("[[couples]]\nid = \"x\\u001b[2J\\nFAKE: ok\"\ntherapist = \"robin\"\n\"k\\u001b[31m\" = 1\n".utf8).write(to: file)
        let hostile = try box.run(["roster", "import", file.path])
        #expect(hostile.status == 65)
        #expect(!hostile.stderr.contains("\u{1B}"), "no escape sequence reaches the terminal")
        #expect(hostile.stderr.split(separator: "\n").count == 1, "no line break from the file in the message")
    }

    @Test func aPreferredNameIsStoredShownAndGreetedWithAndAHostileOneRefused() throws {
        let box = try Sandbox()
        let roster = """
            [[couples]]
            id = "p-1"
            therapist = "robin"
            [[couples.partners]]
            name = "Tanaka Hiroshi"
            preferred_name = "Hiroshi"
            email = "hiroshi@mail.example"
            consent_method = "intake form"
            [[couples.partners]]
            name = "María José García"
            email = "mj@mail.example"

            """
        let file = box.dir.appendingPathComponent("roster.toml")
        try Data(roster.utf8).write(to: file)
        #expect(try box.run(["roster", "import", file.path]).status == 0)
        let shown = try box.run(["couple", "show", "p-1"]).stdout
        #expect(shown.contains("Tanaka Hiroshi <hiroshi@mail.example>, greeted as Hiroshi"))
        #expect(shown.contains("María José García <mj@mail.example>, greeted as María"))
        let preview = try box.run(["preview", "p-1", "--partner", "a"], env: ["TIGHTROPE_HMAC_KEY": "cli-test-key-7f3a9c1e5b2d8046af1b9e3c7d5a2f80"])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("Hello Hiroshi,"))
        #expect(!preview.stdout.contains("Hello Tanaka"))

        // On the command line too; a preferred name with a line break is refused with the field named.
        #expect(try box.addCouple("p-2", a: ("Lee Min-jun", "minjun@mail.example"), b: ("Bo", "bo@mail.example"),
                                  extra: ["--a-preferred-name", "  Min-jun  "]).status == 0)
        #expect(try box.run(["couple", "show", "p-2"]).stdout.contains("greeted as Min-jun,"), "trimmed")
        // Changed later, cleared, refused when hostile.
        #expect(try box.run(["couple", "preferred-name", "p-2/a", " Minnie "]).stdout.contains("p-2/a is greeted as Minnie"))
        #expect(try box.run(["couple", "show", "p-2"]).stdout.contains("greeted as Minnie,"))
        #expect(try box.run(["couple", "preferred-name", "p-2/a", "--clear"]).status == 0)
        #expect(try box.run(["couple", "show", "p-2"]).stdout.contains("greeted as Lee,"))
        let badName = try box.run(["couple", "preferred-name", "p-2/a", "Min\u{202E}jun"])
        #expect(badName.status == 65)
        #expect(badName.stderr.contains("preferred name"))
        #expect(try box.run(["couple", "preferred-name", "p-2/a"]).status == 64, "a name or --clear")
        #expect(try box.run(["couple", "preferred-name", "nobody/a", "X"]).status == 65)
        let hostile = try box.addCouple("p-3", a: ("Al Smith", "al@mail.example"), b: ("Bea", "bea@mail.example"),
                                        extra: ["--a-preferred-name", "Al\nFAKE: ok"])
        #expect(hostile.status == 65)
        #expect(hostile.stderr.contains("partner a preferred name"))
        #expect(!(try box.run(["couple", "list"]).stdout.contains("p-3")))
    }

    @Test func aBrokenConfigExits78AndNamesTheKey() throws {
        let box = try Sandbox()
        let text = try String(contentsOf: box.config, encoding: .utf8).replacingOccurrences(of: "send_day = \"sunday\"", with: "send_dya = \"sunday\"")
        try Data(text.utf8).write(to: box.config)
        let r = try box.run(["couple", "list"])
        #expect(r.status == 78)
        #expect(r.stderr.contains("defaults.send_dya: unknown key"))
    }

    @Test func previewPrintsTheMessageAndNeedsTheKey() throws {
        let box = try Sandbox()
        #expect(try box.addCouple("c-1", a: ("Zoë", "zoe@mail.example"), b: ("Bo", "bo@mail.example")).status == 0)
        let missing = try box.run(["preview", "c-1"], env: ["TIGHTROPE_HMAC_KEY": ""])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("hmac-key"))
        let r = try box.run(["preview", "c-1", "--partner", "a"], env: ["TIGHTROPE_HMAC_KEY": "cli-test-key-7f3a9c1e5b2d8046af1b9e3c7d5a2f80"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("To: =?UTF-8?B?"))
        #expect(r.stdout.contains("Reply-To: \"Harbour Lane Couples Practice\"") || r.stdout.contains("Reply-To: Harbour Lane"))
        #expect(r.stdout.contains("Content-Type: multipart/alternative"))
    }

    @Test func sendSaysWhyACoupleGotNothingAndOpensThisWeekForOneCoupleOnce() throws {
        let box = try Sandbox(environment: ["TIGHTROPE_HMAC_KEY": "cli-test-key-7f3a9c1e5b2d8046af1b9e3c7d5a2f80", "TIGHTROPE_SMTP_PASSWORD": "x"]) {
            $0.replacingOccurrences(of: "smtp://mail.harbourlane.example:587", with: "smtp://127.0.0.1:9")
        }
        // Today's weekday in UTC, the clock set to 00:01: a couple whose send time (00:00) passed before it was
        // added (now), and one due at 23:59.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let today = Date()
        let weekday = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][utc.component(.weekday, from: today) - 1]
        let midnight = utc.startOfDay(for: today)
        let iso = ISO8601DateFormatter()
        #expect(try box.addCouple("late-1", a: ("Ana Lima", "ana@mail.example"), b: ("Rui Lima", "rui@mail.example"),
                                  extra: ["--send-day", weekday, "--send-time", "00:00", "--time-zone", "UTC"]).status == 0)
        #expect(try box.run(["consent", "late-1/a", "--method", "intake form"]).status == 0)
        #expect(try box.addCouple("soon-1", a: ("Kai Berg", "kai@mail.example"), b: ("Eli Berg", "eli@mail.example"),
                                  extra: ["--send-day", weekday, "--send-time", "23:59", "--time-zone", "UTC"]).status == 0)
        #expect(try box.run(["couple", "pause", "soon-1"]).status == 0)
        #expect(try box.addCouple("soon-2", a: ("Ida Berg", "ida@mail.example"), b: ("Ole Berg", "ole@mail.example"),
                                  extra: ["--send-day", weekday, "--send-time", "23:59", "--time-zone", "UTC"]).status == 0)

        let explained = try box.run(["send", "--explain", "--now", iso.string(from: midnight.addingTimeInterval(60))])
        #expect(explained.stdout.contains("opened 0 round(s)"), "\(explained.stdout)")
        #expect(explained.stdout.contains("late-1: added after this week's send time; first check-in"))
        #expect(explained.stdout.contains("(or now: tightrope send --couple late-1 --this-week)"))
        #expect(explained.stdout.contains("soon-1: paused (tightrope couple resume soon-1)"))
        #expect(explained.stdout.contains("soon-2: not due yet; this week's check-in goes out"))
        #expect(explained.stdout.contains(", 23:59 (UTC)"))
        // A timer's run (not a terminal) gets one line of counts.
        let counted = try box.run(["send", "--now", iso.string(from: midnight.addingTimeInterval(61))])
        #expect(counted.stdout.contains("no round opened for: 1 added after this week's send time, 1 not due yet, 1 paused"), "\(counted.stdout)")

        #expect(try box.run(["send", "--this-week"]).status == 64, "--this-week needs --couple")
        #expect(try box.run(["send", "--couple", "nobody", "--this-week"]).status == 65)
        let now = iso.string(from: midnight.addingTimeInterval(62))
        let opened = try box.run(["send", "--couple", "late-1", "--this-week", "--now", now])
        #expect(opened.stdout.contains("opened 1 round(s)"), "\(opened.stdout)")
        #expect(opened.status == 75, "the server is unreachable: the check-in waits in the outbox")
        let again = try box.run(["send", "--couple", "late-1", "--this-week", "--now", now])
        #expect(again.stdout.contains("opened 0 round(s)"))
        #expect(again.stdout.contains("late-1: the round for"))
        #expect(again.stdout.contains("is open already (a round is sent once)"))
        let shown = try box.run(["couple", "show", "late-1"]).stdout
        #expect(shown.components(separatedBy: "round ").count - 1 == 1, "one round: \(shown)")
        // Its round is open: it no longer waits, and the suggestion to open it is not repeated.
        let after = try box.run(["send", "--explain", "--now", now])
        #expect(!after.stdout.contains("late-1"), "\(after.stdout)")

        // Pausing withdraws the check-in still waiting for the server: it is never delivered later.
        let paused = try box.run(["couple", "pause", "late-1"])
        #expect(paused.stdout.contains("paused late-1; 1 unsent check-in(s) or reminder(s) withdrawn"), "\(paused.stdout)")
        let quiet = try box.run(["send", "--now", now])
        #expect(quiet.status == 0, "nothing left to deliver: \(quiet.stdout) \(quiet.stderr)")
        #expect(quiet.stdout.contains("sent 0, deferred 0, failed 0"))
    }

    @Test func exportThenForgetThenExportLeavesNothing() throws {
        let box = try Sandbox(environment: ["TIGHTROPE_HMAC_KEY": "cli-test-key-7f3a9c1e5b2d8046af1b9e3c7d5a2f80", "TIGHTROPE_SMTP_PASSWORD": "x"]) {
            $0.replacingOccurrences(of: "smtp://mail.harbourlane.example:587", with: "smtp://127.0.0.1:9")
        }
        #expect(try box.addCouple("c-7", a: ("Canary Zoë", "canary.zoe@mail.example"), b: ("Bo", "bo.canary@mail.example"),
                                  extra: ["--send-day", "monday", "--send-time", "08:00", "--time-zone", "UTC"]).status == 0)
        #expect(try box.run(["consent", "c-7/a", "--method", "intake form"]).status == 0)
        // A round with its rendered message in the outbox; the server is unreachable, so it waits there.
        let send = try box.run(["send", "--now", "2030-01-07T09:00:00Z"])
        #expect(send.status == 75, "\(send.stderr)")
        let exported = try box.run(["export", "c-7", "--output", "-"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.hasPrefix("tightrope-export-c-7/record.json"))  // a tar archive, its first member
        #expect(exported.stdout.contains("canary.zoe@mail.example"))
        #expect(exported.stdout.contains("\"theme\" : \"communicating-needs\""))
        #expect(exported.stdout.contains("Hello Canary,"))  // the rendered message itself
        #expect(exported.stdout.contains("consent recorded"))
        // To a file: created 0600, never over an existing one.
        let file = box.dir.appendingPathComponent("c-7.tar").path
        let written = try box.run(["export", "c-7", "-o", file])
        #expect(written.status == 0 && written.stdout.contains("sha256sum -c SHA256SUMS"), "\(written.stderr)")
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)
        let again = try box.run(["export", "c-7", "-o", file])
        #expect(again.status == 1 && again.stderr.contains("cannot create"), "\(again.stderr)")

        #expect(try box.run(["forget", "c-7"]).status == 65)  // needs --yes
        let forgot = try box.run(["forget", "c-7", "--yes"])
        #expect(forgot.status == 0, "\(forgot.stderr)")
        #expect(forgot.stdout.contains("  partners: 2\n"), "\(forgot.stdout)")
        #expect(forgot.stdout.contains("verified: none of "), "\(forgot.stdout)")
        #expect(!forgot.stdout.contains("canary"))
        #expect(try box.run(["export", "c-7"]).status == 65)
        #expect(try box.run(["couple", "list"]).stdout.isEmpty)
        // Nothing of theirs is left in the files, not even in free pages or the WAL.
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: box.database.path + suffix))) ?? Data()
            #expect(bytes.range(of: Data("canary.zoe@mail.example".utf8)) == nil, "found in tightrope.sqlite\(suffix)")
            #expect(bytes.range(of: Data("Canary Zo".utf8)) == nil, "found in tightrope.sqlite\(suffix)")
        }
    }

    @Test func demoRunsWithoutConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-cli-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Subprocess.run(CLISandbox.binary.path, ["demo", "--dir", dir.path], environment: ["PATH": "/usr/bin:/bin"])
        let text = run.stdout
        #expect(run.status == 0)
        #expect(text.contains("week 1: 4 rounds opened, 8 check-ins sent, 0 reminder(s); 8 replies read: 8 check-ins"))
        #expect(text.contains("week 4: 4 rounds opened, 7 check-ins sent, 1 reminder(s)"))
        #expect(text.contains("Check-ins read"))
        #expect(text.contains("ashford/a, 20"))
    }
}
