import Dispatch
import Foundation
import PropertyBased
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail

/// Hostile and broken mail never stops the practice (FUZZING.md): the inputs the fuzzers found
/// (`Tests/Fixtures/fuzz/<target>/`) and every message fixture, truncated, bit-flipped and
/// repeated 1,000-fold, go through the whole reading path of `poll` (MIME, the best body, HTML
/// to text, reply extraction, `ReplyReader`, the safety screen) and come out read, with the text
/// handed on within the reading limits. Nothing here is timed against a bound: the times are
/// printed, and recorded in FUZZING.md; the budget itself is checked by `Fuzz/run` on a release
/// build.
@Suite struct FuzzRegressionTests {
    static let repository = CLISandbox.repository
    static let regressions = repository.appendingPathComponent("Tests/Fixtures/fuzz")

    static let limits = ReadingLimits.standard
    /// The most text reading hands on: the readable body is cut at `maxTextBytes`, and a line
    /// longer than `maxLineBytes` is broken with a newline (at most one more byte per line).
    static let maxTextBytes = limits.maxTextBytes + limits.maxTextBytes / limits.maxLineBytes + 1

    static let lexicon: SafetyLexicon? = try? TestLexicon.installed()

    static func files(_ dir: URL, suffix: String? = nil) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .filter { $0.lastPathComponent != "README.md" && (suffix.map($0.lastPathComponent.hasSuffix) ?? true) }
            .sorted { $0.path < $1.path }
    }

    /// The fuzzers' regression inputs, as `target/name`.
    static var regressionCases: [String] {
        files(regressions).map { String($0.path.dropFirst(regressions.path.count + 1)) }
    }

    /// Every message fixture: the answer cases and the fuzz regressions (Tests/Fixtures) and the
    /// demo's client replies (seeds/replies).
    static var messageFixtures: [URL] {
        files(repository.appendingPathComponent("Tests/Fixtures"), suffix: ".eml")
            + files(regressions).filter { !$0.lastPathComponent.hasSuffix(".eml") }
            + files(repository.appendingPathComponent("seeds/replies"), suffix: ".eml")
    }

    static let rounds: [String: RoundQuestions] = {
        let dir = repository.appendingPathComponent("Tests/Fixtures/answers/rounds")
        var out: [String: RoundQuestions] = [:]
        for file in files(dir, suffix: ".json") {
            if let data = try? Data(contentsOf: file), let q = RoundQuestions.decode(data) { out["rounds/" + file.lastPathComponent] = q }
        }
        return out
    }()

    /// The round a fixture answers (its `.expected.json`), else the first round.
    static func questions(for fixture: URL) -> RoundQuestions? {
        let expected = fixture.deletingPathExtension().appendingPathExtension("expected.json")
        struct Expected: Decodable { var round: String }
        if let data = try? Data(contentsOf: expected), let e = try? JSONDecoder().decode(Expected.self, from: data), let q = rounds[e.round] {
            return q
        }
        return rounds["rounds/round-01.json"]
    }

    /// What the reading path produced, and how long it took.
    struct Outcome {
        var pass: ReadingPass
        var seconds: Double
        var reading: ReadReply { pass.reply }
    }

    /// The whole reading path of `poll` for one raw message (`ReadingPass`: MIME, the readable
    /// body, reply extraction, answers and commands, the safety screen).
    static func read(_ bytes: [UInt8], questions: RoundQuestions, lexicon: SafetyLexicon) -> Outcome {
        let start = DispatchTime.now().uptimeNanoseconds
        let pass = ReadingPass.run(bytes, questions: questions, lexicon: lexicon)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Outcome(pass: pass, seconds: seconds)
    }

    /// The bounds every reading keeps, whatever came in: the text and reflection within the
    /// reading limits, scales only 1 to 5 and only the round's, and a message not read in full
    /// never obeyed and never stored without review.
    static func check(_ outcome: Outcome, questions: RoundQuestions, _ what: @autoclosure () -> String) {
        let r = outcome.reading
        #expect(r.text.utf8.count <= maxTextBytes, "\(what()): \(r.text.utf8.count) bytes of text handed on")
        #expect((r.answers.reflection?.utf8.count ?? 0) <= maxTextBytes, "\(what()): \(r.answers.reflection?.utf8.count ?? 0) bytes of reflection")
        #expect((0...1).contains(r.answers.confidence), "\(what()): confidence \(r.answers.confidence)")
        let ids = Set(questions.scales.map(\.id))
        for (id, value) in r.answers.scales {
            #expect(ids.contains(id) && (1...5).contains(value), "\(what()): scale \(id) = \(value)")
        }
        #expect(r.defects.count <= limits.maxDefects + 1, "\(what()): \(r.defects.count) defects")
        if let limit = r.defects.first(where: \.isLimit) {
            #expect(r.command == nil, "\(what()): a command obeyed in a message not read in full (\(limit))")
            #expect(r.answers.confidence < InboundProcessor.reviewBelowConfidence, "\(what()): not read in full (\(limit)) but not sent to review")
        }
    }

    /// Prints the slowest inputs of a test (the times go to FUZZING.md, not into assertions).
    static func report(_ name: String, _ times: [(String, Double, Int)]) {
        guard !times.isEmpty else { return }
        let sorted = times.sorted { $0.1 > $1.1 }
        let total = times.reduce(0) { $0 + $1.1 }
        var line = String(format: "%@: %d inputs, %.3f s in all, mean %.1f ms, slowest", name, times.count, total, total * 1e3 / Double(times.count))
        for (what, seconds, bytes) in sorted.prefix(3) { line += String(format: " %@ (%d bytes) %.0f ms;", what, bytes, seconds * 1e3) }
        print(line)
    }

    // MARK: Regressions

    @Test func theRegressionFolderIsThere() {
        #expect(FileManager.default.fileExists(atPath: Self.regressions.path))
    }

    /// Each input a fuzzer found, through the whole path and through its own reader.
    @Test(arguments: regressionCases)
    func regressionInputIsRead(_ name: String) throws {
        let lexicon = try #require(Self.lexicon)
        let questions = try #require(Self.rounds["rounds/round-01.json"])
        let bytes = Array(try Data(contentsOf: Self.regressions.appendingPathComponent(name)))
        let outcome = Self.read(bytes, questions: questions, lexicon: lexicon)
        Self.check(outcome, questions: questions, name)
        let text = String(decoding: bytes, as: UTF8.self)
        switch name.split(separator: "/").first {
        case "fuzz-html": _ = HTMLText.toText(text)
        case "fuzz-reply": _ = ReplyExtractor.extract(text)
        case "fuzz-answers": _ = AnswerParser.parse(text: text, inline: [], questions: questions)
        case "fuzz-safety": _ = SafetyScreen.explain(text, lexicon: lexicon)
        default: break
        }
        Self.report("regression \(name)", [(name, outcome.seconds, bytes.count)])
    }

    // MARK: Properties over every fixture

    @Test func thereAreFixturesToMangle() {
        #expect(Self.messageFixtures.count >= 300)
    }

    /// Every fixture cut at random points (a message that stops mid-header, mid-boundary,
    /// mid-escape or mid-character).
    @Test func truncatedFixturesAreRead() async throws {
        let lexicon = try #require(Self.lexicon)
        var times: [(String, Double, Int)] = []
        for fixture in Self.messageFixtures {
            let bytes = Array(try Data(contentsOf: fixture))
            let questions = try #require(Self.questions(for: fixture))
            await propertyCheck(count: 3, input: Gen.int(in: 0...max(0, bytes.count - 1))) { cut in
                let outcome = Self.read(Array(bytes.prefix(cut)), questions: questions, lexicon: lexicon)
                Self.check(outcome, questions: questions, "\(fixture.lastPathComponent) cut at \(cut)")
                times.append(("\(fixture.lastPathComponent)[..<\(cut)]", outcome.seconds, cut))
            }
        }
        Self.report("truncated", times)
    }

    /// Every fixture with random bits flipped (broken encodings, boundaries and headers).
    @Test func bitFlippedFixturesAreRead() async throws {
        let lexicon = try #require(Self.lexicon)
        var times: [(String, Double, Int)] = []
        for fixture in Self.messageFixtures {
            let bytes = Array(try Data(contentsOf: fixture))
            guard !bytes.isEmpty else { continue }
            let questions = try #require(Self.questions(for: fixture))
            let flips = Gen.int(in: 0...(bytes.count * 8 - 1)).array(of: 1...32)
            await propertyCheck(count: 3, input: flips) { bits in
                var mangled = bytes
                for bit in bits { mangled[bit / 8] ^= UInt8(1 << (bit % 8)) }
                let outcome = Self.read(mangled, questions: questions, lexicon: lexicon)
                Self.check(outcome, questions: questions, "\(fixture.lastPathComponent) with bits \(bits) flipped")
                times.append((fixture.lastPathComponent, outcome.seconds, mangled.count))
            }
        }
        Self.report("bit-flipped", times)
    }

    /// `TIGHTROPE_PROPERTY_SAMPLE=N`: `fixturesRepeatedAThousandFoldAreRead` takes N fixtures
    /// chosen at random instead of every one (about 20 s in a debug build; FUZZING.md).
    static var repeatedSample: Int? {
        ProcessInfo.processInfo.environment["TIGHTROPE_PROPERTY_SAMPLE"].flatMap { Int($0) }
    }

    /// A thousand copies, or as many as make `maxRepeatedBytes` (the fuzzers' own regression
    /// inputs can be large already).
    static let repetitions = 1_000
    static let maxRepeatedBytes = 8 << 20

    /// Every fixture's body repeated 1,000 times below its own headers: one message of a few MB,
    /// with as many reply headers, quotes, answers and signatures as a thousand replies.
    @Test func fixturesRepeatedAThousandFoldAreRead() async throws {
        let lexicon = try #require(Self.lexicon)
        let fixtures = Self.messageFixtures
        var times: [(String, Double, Int)] = []
        func readRepeated(_ fixture: URL) throws {
            let bytes = Array(try Data(contentsOf: fixture))
            let questions = try #require(Self.questions(for: fixture))
            let repeated = Self.repeatedBody(bytes, times: Self.repetitions, maxBytes: Self.maxRepeatedBytes)
            let outcome = Self.read(repeated, questions: questions, lexicon: lexicon)
            Self.check(outcome, questions: questions, "\(fixture.lastPathComponent) repeated")
            times.append((fixture.lastPathComponent, outcome.seconds, repeated.count))
        }
        if let sample = Self.repeatedSample {
            await propertyCheck(count: sample, input: Gen.int(in: 0...(fixtures.count - 1))) { index in
                try readRepeated(fixtures[index])
            }
        } else {
            for fixture in fixtures { try readRepeated(fixture) }
        }
        Self.report("repeated 1,000-fold", times)
    }

    /// The headers once and the body `times` times, or fewer if that would pass `maxBytes` (the
    /// whole input is the body if it has no blank line).
    static func repeatedBody(_ bytes: [UInt8], times: Int, maxBytes: Int) -> [UInt8] {
        var split = bytes.count
        for i in bytes.indices where bytes[i] == 10 {
            if i + 1 < bytes.count, bytes[i + 1] == 10 { split = i + 2; break }
            if i + 2 < bytes.count, bytes[i + 1] == 13, bytes[i + 2] == 10 { split = i + 3; break }
        }
        if split == bytes.count { split = 0 }
        let body = bytes[split...]
        let copies = max(1, min(times, maxBytes / max(1, body.count)))
        var out = Array(bytes[..<split])
        out.reserveCapacity(split + body.count * copies)
        for _ in 0..<copies { out += body }
        return out
    }
}
