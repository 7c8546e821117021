import Dispatch
import Foundation
import PropertyBased
import Testing
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore
@testable import TightropeMail

/// Hostile and broken mail never stops the practice (FUZZING.md): the inputs the fuzzers found
/// (`Tests/Fixtures/fuzz/<target>/`) and every message fixture, truncated, bit-flipped and
/// repeated 1,000-fold, go through the whole reading path of `poll` (MIME, the best body, HTML
/// to text, reply extraction, `ReplyReader`, the safety screen) and come out read, with the text
/// handed on within the reading limits. Nothing here is timed against a bound: the times are
/// printed, and recorded in FUZZING.md.
@Suite struct FuzzRegressionTests {
    static let repository = CLISandbox.repository
    static let regressions = repository.appendingPathComponent("Tests/Fixtures/fuzz")

    /// The most text reading hands on (`ReadingLimits.maxTextBytes`, 1 MB): the chosen body after
    /// HTML to text, cut at a line end.
    static let maxTextBytes = 1 << 20

    static let lexicon: SafetyLexicon? = try? SafetyLexiconLoader.installed()

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

    /// What the reading path produced, with the checks every input must pass.
    struct Outcome {
        var reading: ReadReply
        var flags: [SafetyFlag]
        var seconds: Double
    }

    /// The whole reading path of `poll` for one raw message, and each reader on its own where
    /// the input is the kind of text it reads.
    static func read(_ bytes: [UInt8], questions: RoundQuestions, lexicon: SafetyLexicon) -> Outcome {
        let start = DispatchTime.now().uptimeNanoseconds
        let message = MIMEMessage(bytes)
        if let body = message.bestText(), body.isHTML { _ = HTMLText.toText(body.text) }
        _ = ReplyExtractor.extract(message: message)
        let reading = ReplyReader.read(message: message, questions: questions)
        let flags = SafetyScreen.screen(reading.text, lexicon: lexicon)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Outcome(reading: reading, flags: flags, seconds: seconds)
    }

    /// The bounds every reading keeps, whatever came in.
    static func check(_ outcome: Outcome, questions: RoundQuestions, _ what: @autoclosure () -> String) {
        let r = outcome.reading
        #expect(r.text.utf8.count <= maxTextBytes, "\(what()): \(r.text.utf8.count) bytes of text handed on")
        #expect((0...1).contains(r.answers.confidence), "\(what()): confidence \(r.answers.confidence)")
        let ids = Set(questions.scales.map(\.id))
        for (id, value) in r.answers.scales {
            #expect(ids.contains(id) && (1...5).contains(value), "\(what()): scale \(id) = \(value)")
        }
        #expect((r.answers.reflection?.utf8.count ?? 0) <= maxTextBytes, "\(what()): \(r.answers.reflection?.utf8.count ?? 0) bytes of reflection")
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

    /// How many fixtures `fixturesRepeatedAThousandFoldAreRead` takes, chosen at random each run:
    /// a message of a few MB takes seconds in a debug build, so `swift test` takes a few, and
    /// `TIGHTROPE_PROPERTY_ALL=1 swift test --filter FuzzRegressionTests` takes every one (FUZZING.md).
    static var repeatedSample: Int? {
        ProcessInfo.processInfo.environment["TIGHTROPE_PROPERTY_ALL"] == "1" ? nil : 4
    }

    /// Fixtures' bodies repeated 1,000 times below their own headers: one message of a few MB,
    /// with as many reply headers, quotes, answers and signatures as a thousand replies.
    @Test func fixturesRepeatedAThousandFoldAreRead() async throws {
        let lexicon = try #require(Self.lexicon)
        let fixtures = Self.messageFixtures
        var times: [(String, Double, Int)] = []
        func readRepeated(_ fixture: URL) throws {
            let bytes = Array(try Data(contentsOf: fixture))
            let questions = try #require(Self.questions(for: fixture))
            let repeated = Self.repeatedBody(bytes, times: 1_000)
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

    /// The headers once and the body `times` times (the whole input, if it has no blank line).
    static func repeatedBody(_ bytes: [UInt8], times: Int) -> [UInt8] {
        var split = bytes.count
        for i in bytes.indices where bytes[i] == 10 {
            if i + 1 < bytes.count, bytes[i + 1] == 10 { split = i + 2; break }
            if i + 2 < bytes.count, bytes[i + 1] == 13, bytes[i + 2] == 10 { split = i + 3; break }
        }
        if split == bytes.count { split = 0 }
        let body = bytes[split...]
        var out = Array(bytes[..<split])
        out.reserveCapacity(split + body.count * times)
        for _ in 0..<times { out += body }
        return out
    }
}
