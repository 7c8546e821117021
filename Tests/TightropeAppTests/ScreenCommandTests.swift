import Foundation
import Testing
import TightropeTesting

/// `tightrope screen` as a scorer and a therapist call it: the JSON of flags on stdin text,
/// --explain, --evaluate.
@Suite struct ScreenCommandTests {
    static func screen(_ args: [String] = [], input: String) throws -> CLIRun {
        try Subprocess.run(CLISandbox.binary.path, ["screen"] + args, environment: ["PATH": "/usr/bin:/bin"], input: Data(input.utf8))
    }

    @Test func printsAnEmptyListForOrdinaryTextAndNothingElse() throws {
        for text in ["We had a lovely week. Connection 4.", "", "this week killed me"] {
            let r = try Self.screen(input: text)
            #expect(r.status == 0)
            #expect(r.stdout == "{\"flags\":[]}\n", "\(text)")
        }
    }

    @Test func printsTheConceptAndRuleOfEachFlagButNotTheWords() throws {
        let r = try Self.screen(input: "Honestly I have been thinking about killing myself, Zoë")
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [[String: String]]]
        let flags = try #require(json?["flags"])
        #expect(flags.contains { $0["category"] == "suicide-thoughts" })
        #expect(flags.allSatisfy { ($0["pattern"] ?? "").hasPrefix("en: ") && !($0["pattern"] ?? "").contains("Zoë") })
    }

    @Test func explainShowsConceptTitleWordsAndSentence() throws {
        let r = try Self.screen(["--explain"], input: "All fine at work. He put his hands around my throat on Friday.")
        #expect(r.status == 0)
        #expect(r.stdout.contains("ipv-strangulation (strangulation reported)"))
        #expect(r.stdout.contains("matched: \"hands around my throat\""))
        #expect(r.stdout.contains("sentence: He put his hands around my throat on Friday."))
        #expect(try Self.screen(["--explain"], input: "A calm week.").stdout == "no finding\n")
    }

    @Test func evaluateScoresALabelledFileAndRefusesAMalformedOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("set.tsv")
        try "risk\twish-dead\ten\tI want to die\nsafe\tidiom\ten\tdying to see you\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try Self.screen(["--evaluate", file.path], input: "")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("overall                            1       1 100.0 %       1       0        0.0 %"))
        #expect(r.stdout.contains("language en"))
        try "risk only two\tcolumns\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try Self.screen(["--evaluate", file.path], input: "")
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("set.tsv:1"))
    }

    @Test func anUnreadableLexiconIsAConfigurationError() throws {
        let r = try Self.screen(["--lexicon", "/nonexistent/safety"], input: "text")
        #expect(r.status == 78)
        #expect(r.stderr.contains("/nonexistent/safety"))
    }
}
