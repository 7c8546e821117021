import Foundation
import Testing
import TightropeAppTesting
@testable import TightropeApp
@testable import TightropeCore
import TightropeTesting

/// The shipped lexicon scored on the independent evaluation set (Tests/Evaluation/safety/,
/// written without sight of the lexicon; see its README), and the files that feed the screen.
@Suite struct SafetyEvaluationTests {
    static let evaluationSet = CLISandbox.repository.appendingPathComponent("Tests/Evaluation/safety").path

    @Test func theIndependentSetIsScreenedWithinTheTargets() throws {
        let cases = try SafetyEvaluationFiles.load(path: Self.evaluationSet)
        #expect(cases.count >= 400)
        #expect(Set(cases.map(\.language)).count >= 14)
        let report = SafetyEvaluation(cases: cases, lexicon: try TestLexicon.installed())
        #expect(report.overall.recall >= 0.98, "\(report.table)")
        #expect(report.overall.falseAlertRate <= 0.03, "\(report.table)")
        for (category, score) in report.byCategory where score.risk > 0 {
            #expect(score.recall >= 0.90, "category \(category): \(score)")
        }
        for (language, score) in report.byLanguage {
            #expect(score.recall >= 0.90, "language \(language): \(score)")
        }
    }

    @Test func casesAreReadStrictlyWithTheLineOfEachDefect() {
        let (cases, defects) = SafetyEvaluation.parse("label\tcategory\tlanguage\ttext\n# a comment\nrisk\twish-dead\ten\tI want to die\n\nsafe\tidiom\tde\ttodmüde\nmaybe\tx\ten\tsomething\nrisk\tx\ten\n", source: "t.tsv")
        #expect(cases.map(\.text) == ["I want to die", "todmüde"])
        #expect(cases.map(\.isRisk) == [true, false])
        #expect(cases.first?.source == "t.tsv:3")
        #expect(defects.count == 2)
        #expect(defects.allSatisfy { !$0.contains("something") }, "a defect names the line, not the text")
    }

    @Test func scoresCountRecallAndFalseAlertsPerSlice() throws {
        let lexicon = try SafetyLexicon(
            concepts: [SafetyConcept(id: "c", title: "c", rules: ["die"])],
            languages: [SafetyLanguage(code: "en", groups: ["die": ["die"]])])
        let cases = [
            SafetyEvaluation.Case(isRisk: true, category: "wish", language: "en", text: "I could die", source: "1"),
            SafetyEvaluation.Case(isRisk: true, category: "wish", language: "en", text: "I am tired", source: "2"),
            SafetyEvaluation.Case(isRisk: false, category: "idiom", language: "de", text: "die Woche", source: "3"),
            SafetyEvaluation.Case(isRisk: false, category: "idiom", language: "de", text: "gut", source: "4"),
        ]
        let report = SafetyEvaluation(cases: cases, lexicon: lexicon)
        #expect(report.overall.recall == 0.5)
        #expect(report.overall.falseAlertRate == 0.5)
        #expect(report.byCategory["wish"]?.caught == 1)
        #expect(report.byLanguage["de"]?.alerts == 1)
        #expect(report.misses.map(\.source) == ["2"])
        #expect(report.table.contains("overall"))
    }

    @Test func theShippedLexiconCoversEveryLanguageAndConcept() throws {
        let lexicon = try TestLexicon.installed()
        #expect(Set(lexicon.languages.map(\.code)) == ["en", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "tr", "ja", "zh", "uk", "ru"])
        #expect(lexicon.concepts.count >= 20)
        #expect(lexicon.concepts.allSatisfy { !$0.source.isEmpty && !$0.title.isEmpty })
        #expect(lexicon.categories.contains { $0.id == "partner-violence" }, "flags stored before concepts keep a title")
    }

    @Test func aLanguageMaySpanSeveralFilesWithItsSettingsInOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "[[concepts]]\nid = \"c\"\ntitle = \"c\"\nsource = \"s\"\nrules = [\"die\", \"kill\"]\n"
            .write(to: dir.appendingPathComponent("concepts.toml"), atomically: true, encoding: .utf8)
        try "language = \"en\"\nwindow = 8\n[groups]\ndie = [\"die\"]\n".write(to: dir.appendingPathComponent("en.toml"), atomically: true, encoding: .utf8)
        try "language = \"en\"\n[groups]\nkill = [\"kill\"]\ndie = [\"dead\"]\n"
            .write(to: dir.appendingPathComponent("en-more.toml"), atomically: true, encoding: .utf8)
        let lexicon = try SafetyLexiconLoader.load(path: dir.path)
        #expect(lexicon.languages.count == 1)
        #expect(lexicon.languages.first?.window == 8)
        #expect(SafetyScreen.screen("dead", lexicon: lexicon).count == 1)
        #expect(SafetyScreen.screen("kill", lexicon: lexicon).count == 1)
        try "language = \"en\"\nwindow = 9\n[groups]\nkill = [\"kill\"]\n".write(to: dir.appendingPathComponent("en-more.toml"), atomically: true, encoding: .utf8)
        #expect(throws: TOMLFileError.self) { _ = try SafetyLexiconLoader.load(path: dir.path) }
    }

    /// `|` separates the choices of one word slot, so in "weh tun|weh_getan" the second choice
    /// reads "weh weh getan" and never matches (362 such choices were found and rewritten on
    /// 2026-12-06). A choice joined with `_` must not start with the single word before it.
    @Test func noPhraseHasAChoiceThatRepeatsTheWordBeforeIt() throws {
        var dead: [String] = []
        func check(_ code: String, _ group: String, _ term: String) {
            let slots = term.split(separator: " ").map(String.init)
            for (a, b) in zip(slots, slots.dropFirst()) where a != ".." && b != ".." && !a.contains("|") && !a.hasSuffix("*") {
                if b.split(separator: "|").contains(where: { $0.contains("_") && $0.split(separator: "_").first.map(String.init) == a }) {
                    dead.append("\(code) \(group): \(term)")
                    return
                }
            }
        }
        for language in try TestLexicon.installed().languages {
            for (group, terms) in language.groups { for term in terms { check(language.code, group, term) } }
            for term in language.idioms { check(language.code, "idioms", term) }
        }
        #expect(dead.isEmpty, "\(dead.count) phrases: \(dead.sorted().prefix(5))")
    }

    @Test func aRespelledDialectWordMatchesWhatItsStandardWordMatches() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "[[concepts]]\nid = \"c\"\ntitle = \"c\"\nsource = \"s\"\nrules = [\"kill + self\"]\n"
            .write(to: dir.appendingPathComponent("concepts.toml"), atomically: true, encoding: .utf8)
        try "language = \"en\"\n[groups]\nkill = [\"kill*\", \"end it\"]\nself = [\"myself\"]\nnot = [\"not\", \"don't|dont\"]\n"
            .write(to: dir.appendingPathComponent("en.toml"), atomically: true, encoding: .utf8)
        try "language = \"en\"\n[groups]\n[respell]\nmasel = \"myself\"\nkillin = \"killing\"\ndinnae = \"dont\"\nAwready = \"already\"\n"
            .write(to: dir.appendingPathComponent("en-scots.toml"), atomically: true, encoding: .utf8)
        let lexicon = try SafetyLexiconLoader.load(path: dir.path)
        #expect(SafetyScreen.screen("thinkin aboot killin masel", lexicon: lexicon).count == 1, "a stem through a respelling, and a pronoun")
        #expect(SafetyScreen.screen("Thinking about killing MASEL", lexicon: lexicon).count == 1)
        #expect(SafetyScreen.screen("I dinnae want to kill masel", lexicon: lexicon).isEmpty, "a respelled denial denies")
        #expect(SafetyScreen.screen("killin time by masel", lexicon: lexicon).count == 1)
        #expect(SafetyScreen.screen("masel", lexicon: lexicon).isEmpty)

        // A respelling is its own language's: another language's phrases do not see it (Polish
        // "ne" = "nie" must not turn German "ne", for "eine", into the German denial "nie").
        try "language = \"de\"\n[groups]\nkill = [\"umbringen\"]\nself = [\"mich\"]\nnot = [\"nie\"]\n"
            .write(to: dir.appendingPathComponent("de.toml"), atomically: true, encoding: .utf8)
        try "language = \"pl\"\n[groups]\nkill = [\"zabic\"]\nself = [\"sie\"]\nnot = [\"nie\"]\n[respell]\nne = \"nie\"\n"
            .write(to: dir.appendingPathComponent("pl.toml"), atomically: true, encoding: .utf8)
        let three = try SafetyLexiconLoader.load(path: dir.path)
        #expect(SafetyScreen.screen("ne chce sie zabic", lexicon: three).isEmpty, "Polish: the respelled denial denies")
        #expect(SafetyScreen.screen("ne will mich umbringen", lexicon: three).count == 1, "German: 'ne' is no denial")
        #expect(SafetyScreen.screen("nie will mich umbringen", lexicon: three).isEmpty)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("de.toml"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("pl.toml"))

        // One word each side, or the file is refused with the language named.
        try "language = \"en\"\n[groups]\n[respell]\nmasel = \"my self\"\n".write(to: dir.appendingPathComponent("en-scots.toml"), atomically: true, encoding: .utf8)
        #expect {
            _ = try SafetyLexiconLoader.load(path: dir.path)
        } throws: { error in
            "\(error)".contains("respell") && "\(error)".contains("en")
        }
    }

    @Test func aLexiconLoadsFromOneFileOrADirectoryAndErrorsNameTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let single = dir.appendingPathComponent("one.toml")
        try """
            [[concepts]]
            id = "c"
            title = "c"
            source = "test"
            rules = ["die"]
            [[languages]]
            language = "en"
            [languages.groups]
            die = ["die"]
            """.write(to: single, atomically: true, encoding: .utf8)
        let lexicon = try SafetyLexiconLoader.load(path: single.path)
        #expect(SafetyScreen.screen("I could die", lexicon: lexicon).count == 1)

        let broken = dir.appendingPathComponent("broken.toml")
        try "[[concepts]]\nid = \"c\"\ntitle = \"c\"\nsource = \"s\"\nrules = [\"nothing\"]\n[[languages]]\nlanguage = \"en\"\n[languages.groups]\ndie = [\"die\"]\n"
            .write(to: broken, atomically: true, encoding: .utf8)
        #expect {
            _ = try SafetyLexiconLoader.load(path: broken.path)
        } throws: { error in
            (error as? TOMLFileError)?.file == broken.path
        }
        #expect(throws: TOMLFileError.self) { _ = try SafetyLexiconLoader.load(path: dir.appendingPathComponent("absent").path) }
    }
}
