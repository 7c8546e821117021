import ArgumentParser
import Dispatch
import Foundation
import TightropeApp
import TightropeCore

struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen a text on stdin for crisis language; prints {\"flags\": [...]} (empty when none).",
        discussion: """
            The lexicon is seeds/safety/ (or --lexicon DIR_OR_FILE): concepts.toml and one file per language. \
            --explain prints each finding (concept, title, matched words, sentence) instead of the flags. \
            --evaluate FILE_OR_DIR scores a labelled set (label<TAB>category<TAB>language<TAB>text, label risk or safe) \
            and prints recall and the false-alert rate overall, per category and per language.
            """)

    @Option(help: "A lexicon directory or file instead of the installed seeds/safety/.") var lexicon: String?
    @Flag(help: "Print each finding: concept, title, matched words and the sentence.") var explain = false
    @Option(help: "Score a labelled set (a .tsv file or a directory of them) instead of reading stdin.") var evaluate: String?
    @Flag(help: "With --evaluate: also list the risk texts missed and the safe texts flagged.") var showErrors = false
    @Flag(help: "Print to stderr how long screening took: stdin screened repeatedly for about a second, or the whole --evaluate set.")
    var timing = false

    func run() throws {
        let lex: SafetyLexicon
        do {
            lex = try lexicon.map { path throws(TOMLFileError) in try SafetyLexiconLoader.load(path: path) } ?? SafetyLexiconLoader.installed(cacheDirectory: LexiconCache.defaultDirectory())
        } catch {
            FileHandle.standardError.write(Data("tightrope: \(error)\n".utf8))
            throw ExitCode(.configuration)
        }
        if let evaluate {
            try Self.evaluate(evaluate, lexicon: lex, showErrors: showErrors, timing: timing)
            return
        }
        let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        if timing { Self.time(text, lexicon: lex) }
        if explain {
            var out = ""
            for f in SafetyScreen.explain(text, lexicon: lex) {
                out += "\(f.concept) (\(f.title)) [\(f.rule)]\n  matched: \(f.matchedWords.map { "\"\($0)\"" }.joined(separator: ", "))\n"
                out += "  sentence: \(f.sentence)\n"
            }
            FileHandle.standardOutput.write(Data((out.isEmpty ? "no finding\n" : out).utf8))
            return
        }
        struct Output: Encodable { var flags: [SafetyFlag] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(Output(flags: SafetyScreen.screen(text, lexicon: lex))) + Data("\n".utf8))
    }

    static func evaluate(_ path: String, lexicon: SafetyLexicon, showErrors: Bool, timing: Bool) throws {
        let cases: [SafetyEvaluation.Case]
        do { cases = try SafetyEvaluationFiles.load(path: path) } catch {
            FileHandle.standardError.write(Data("tightrope: --evaluate: \(error)\n".utf8))
            throw ExitCode(.invalidInput)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let report = SafetyEvaluation(cases: cases, lexicon: lexicon)
        if timing {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let bytes = cases.reduce(0) { $0 + $1.text.utf8.count }
            FileHandle.standardError.write(Data(String(format: "screened %d texts (%d bytes) in %.4f s: %.1f µs per text\n",
                                                       cases.count, bytes, seconds, seconds * 1e6 / Double(cases.count)).utf8))
        }
        var out = report.table + "\n"
        if showErrors {
            for c in report.misses { out += "missed  \(c.source)  [\(c.category) \(c.language)]  \(c.text)\n" }
            for (c, concepts) in report.falseAlerts {
                out += "alerted \(c.source)  [\(c.category) \(c.language)] \(concepts.joined(separator: ","))  \(c.text)\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// Screens `text` until a second has passed (at least three times) and prints the mean.
    static func time(_ text: String, lexicon: SafetyLexicon) {
        var runs = 0
        var flags = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed: UInt64 = 0
        while runs < 3 || elapsed < 1_000_000_000 {
            flags += SafetyScreen.screen(text, lexicon: lexicon).count
            runs += 1
            elapsed = DispatchTime.now().uptimeNanoseconds - start
        }
        let line = String(format: "screened %d bytes %d times: %.1f µs per screening (%d flags each)\n",
                          text.utf8.count, runs, Double(elapsed) / Double(runs) / 1000, flags / runs)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
