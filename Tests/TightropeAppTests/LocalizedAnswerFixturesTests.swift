import Foundation
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore

/// Replies written in each installed language to the check-ins partners get in it
/// (`Tests/Fixtures/localized/<tag>/`), read with that language's questions as the poller reads
/// them, and judged as the answer fixtures are: nothing stored wrong without review.
@Suite struct LocalizedAnswerFixturesTests {
    static let root = CLISandbox.repository.appendingPathComponent("Tests/Fixtures/localized")
    /// Read right, of 12 each, as last measured (2026-12-05: he it nl pl pt sv added; the rest to review).
    static let measured = ["de": 11, "ja": 9, "fr": 10, "es": 8, "he": 11, "it": 11, "nl": 12, "pl": 11, "pt": 10, "sv": 11]

    struct Expected: Decodable {
        var scales: [Int?]?
        var reflection_contains: String?
        var command: String?
        var pause_weeks: Int?
        var ambiguous: Bool
    }

    @Test func repliesInEachLanguageAreReadRightOrSentToReview() throws {
        let practice = try TestPractice.make()
        let english = practice.bank
        let prompt = try #require(english.prompts[.communicatingNeeds]?.first { $0.id == "cn-1" })
        let round = RoundQuestions(theme: .communicatingNeeds, themeTitle: english.themeTitles[.communicatingNeeds] ?? "",
                                   scales: english.scales, prompt: prompt)
        let tags = (try? FileManager.default.contentsOfDirectory(atPath: Self.root.path))?.filter { !$0.hasSuffix(".md") }.sorted() ?? []
        #expect(tags.contains("de") && tags.contains("ja"))
        for tag in tags {
            let dir = Self.root.appendingPathComponent(tag)
            let questions = try practice.questions(round, for: tag)
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".eml") }.sorted()
            #expect(names.count >= 10, "\(tag): at least ten replies")
            var right = 0
            var confidentlyWrong: [String] = [], toReview: [String] = []
            for file in names {
                let name = String(file.dropLast(4))
                let e = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: dir.appendingPathComponent(name + ".expected.json")))
                let reply = ReplyReader.read(message: Array(try Data(contentsOf: dir.appendingPathComponent(file))), questions: questions)
                let command: String? = switch reply.command {
                case .stop: "stop"
                case .resume: "resume"
                case .pause: "pause"
                case nil: nil
                }
                let confident = command != nil || reply.answers.confidence >= InboundProcessor.reviewBelowConfidence
                var ok: Bool
                if e.ambiguous {
                    ok = !confident
                } else if let expected = e.command {
                    ok = command == expected
                    if ok, let weeks = e.pause_weeks, case .pause(let got) = reply.command { ok = got == weeks }
                } else {
                    ok = command == nil && questions.scales.map { reply.answers.scales[$0.id] } == (e.scales ?? [nil, nil])
                    if let phrase = e.reflection_contains {
                        ok = ok && (reply.answers.reflection ?? "").replacingOccurrences(of: "\n", with: " ").contains(phrase)
                    }
                }
                if ok { right += 1 } else if confident { confidentlyWrong.append("\(tag)/\(name)") } else { toReview.append(name) }
            }
            #expect(confidentlyWrong.isEmpty, "stored wrong without review: \(confidentlyWrong)")
            print("localized fixtures \(tag): \(right)/\(names.count) read right, \(confidentlyWrong.count) confidently wrong; "
                  + "sent to review though a person reads them: \(toReview)")
            // A ratchet: no language reads fewer right than measured when its fixtures were added (the rest goes to review).
            #expect(right >= (Self.measured[tag] ?? names.count / 2), "\(tag): \(right)/\(names.count)")
        }
    }
}
