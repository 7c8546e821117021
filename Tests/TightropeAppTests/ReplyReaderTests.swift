import Foundation
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeCore

/// The client-style reply fixtures read end to end: extraction, then answers or a command,
/// against `<case>.expected.json`.
@Suite struct ReplyReaderTests {
    static let fixtures = CLISandbox.repository.appendingPathComponent("Tests/TightropeMailTests/Fixtures/replies")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? [])
            .filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }.sorted()
    }

    struct Expected: Decodable {
        var connection: Int?
        var room: Int?
        var reflection: String?
        var command: String?
        var pause_weeks: Int?
    }

    @Test func everyClientStyleFixtureHasExpectedAnswers() {
        #expect(Self.cases.count >= 9)
    }

    @Test(arguments: cases)
    func readsTheAnswers(_ name: String) throws {
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("\(name).expected.json")))
        let body = try Data(contentsOf: Self.fixtures.appendingPathComponent("\(name).txt"))
        let message = Array("Content-Type: text/plain; charset=utf-8\r\n\r\n".utf8) + Array(body)
        let questions = CheckInComposer(practice: try TestPractice.make()).questions(history: [])
        let reply = ReplyReader.read(message: message, questions: questions)
        switch reply.command {
        case .stop: #expect(expected.command == "stop")
        case .resume: #expect(expected.command == "resume")
        case .pause(let weeks):
            #expect(expected.command == "pause")
            #expect(expected.pause_weeks == weeks)
        case nil:
            #expect(expected.command == nil)
            #expect(reply.answers.scales[.connection] == expected.connection)
            #expect(reply.answers.scales[.room] == expected.room)
            if let reflection = expected.reflection { #expect(reply.answers.reflection == reflection) }
        }
    }
}
