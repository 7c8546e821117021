import Foundation
import Testing
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore

/// The project's own answer fixtures (`Tests/Fixtures/answers`: replies to real check-ins from
/// many clients and languages, with what a careful human reads in them), read in-process by the
/// poller's `ReplyReader` and judged by the same rules as the shared corpus's scorer. Nothing
/// may be stored wrong without review; almost everything must be read right.
@Suite struct AnswerFixturesTests {
    static let root = CLISandbox.repository.appendingPathComponent("Tests/Fixtures/answers")

    struct Expected: Decodable {
        var scales: [Int?]
        var reflection_contains: String?
        var reflection_must_not_contain: [String]?
        var command: String?
        var pause_weeks: Int?
        var ambiguous: Bool
        var round: String
        var reflection_optional: Bool?
    }

    struct Outcome {
        var correct = 0, total = 0, confidentlyWrong: [String] = [], failures: [String] = []
    }

    static func norm(_ s: String) -> String {
        var t = s.precomposedStringWithCanonicalMapping
        for (a, b) in [("\u{2019}", "'"), ("\u{2018}", "'"), ("\u{201C}", "\""), ("\u{201D}", "\""), ("\u{201E}", "\""), ("\u{00A0}", " ")] {
            t = t.replacingOccurrences(of: a, with: b)
        }
        return t.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    static func judge(_ name: String, _ e: Expected, _ reply: ReadReply, scaleIDs: [ScaleID]) -> (correct: Bool, confidentlyWrong: Bool) {
        let command: String? = switch reply.command {
        case .stop: "stop"
        case .resume: "resume"
        case .pause: "pause"
        case nil: nil
        }
        let confidence = reply.answers.confidence
        if e.ambiguous { return (command == nil && confidence < InboundProcessor.reviewBelowConfidence, false) }
        var ok = true
        if let expected = e.command {
            ok = command == expected
            if ok, let weeks = e.pause_weeks, case .pause(let got) = reply.command { ok = got == weeks }
        } else {
            let scales = scaleIDs.map { reply.answers.scales[$0] }
            let reflection = norm(reply.answers.reflection ?? "")
            ok = command == nil && scales == e.scales
            if let phrase = e.reflection_contains { ok = ok && reflection.contains(norm(phrase)) }
            else if e.reflection_optional != true { ok = ok && reflection.isEmpty }
            ok = ok && !(e.reflection_must_not_contain ?? []).contains { !norm($0).isEmpty && reflection.contains(norm($0)) }
        }
        return (ok, !ok && (command != nil || confidence >= InboundProcessor.reviewBelowConfidence))
    }

    static func run() throws -> Outcome {
        var out = Outcome()
        let cases = root.appendingPathComponent("cases")
        let names = try FileManager.default.contentsOfDirectory(atPath: cases.path).filter { $0.hasSuffix(".eml") }.sorted()
        for file in names {
            let name = String(file.dropLast(4))
            let e = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: cases.appendingPathComponent(name + ".expected.json")))
            let roundData = try Data(contentsOf: root.appendingPathComponent(e.round))
            let questions = try #require(RoundQuestions.decode(roundData))
            let reply = ReplyReader.read(message: Array(try Data(contentsOf: cases.appendingPathComponent(file))), questions: questions)
            let verdict = judge(name, e, reply, scaleIDs: questions.scales.map(\.id))
            out.total += 1
            if verdict.correct { out.correct += 1 } else { out.failures.append(name) }
            if verdict.confidentlyWrong { out.confidentlyWrong.append(name) }
        }
        return out
    }

    @Test func nothingIsStoredWrongWithoutReviewAndAlmostAllIsReadRight() throws {
        let outcome = try Self.run()
        #expect(outcome.total >= 300, "the fixtures are all there")
        #expect(outcome.confidentlyWrong.isEmpty, "stored wrong without review: \(outcome.confidentlyWrong)")
        let share = Double(outcome.correct) / Double(max(outcome.total, 1))
        #expect(share >= 0.97, "read right: \(outcome.correct)/\(outcome.total); wrong: \(outcome.failures)")
    }
}
