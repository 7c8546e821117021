import Foundation
import Testing
@testable import TightropeMail

/// Replies written in the styles of the common clients, each with its expected new text
/// (`Fixtures/replies/<case>.txt` and `<case>.expected.txt`).
@Suite struct ReplyExtractorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/replies")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? [])
            .filter { $0.hasSuffix(".txt") && !$0.hasSuffix(".expected.txt") }
            .map { String($0.dropLast(4)) }
            .sorted()
    }

    @Test func thereAreFixturesForEveryClientStyle() {
        #expect(Self.cases.count >= 9)
    }

    @Test(arguments: cases)
    func extractsTheNewText(_ name: String) throws {
        let input = try String(contentsOf: Self.fixtures.appendingPathComponent("\(name).txt"), encoding: .utf8)
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("\(name).expected.txt"), encoding: .utf8)
        #expect(ReplyExtractor.extract(input).text == expected.trimmingCharacters(in: .newlines))
    }

    @Test func inlineAnswersKeepTheQuestionsTheyAnswer() throws {
        let input = try String(contentsOf: Self.fixtures.appendingPathComponent("thunderbird-inline.txt"), encoding: .utf8)
        let blocks = ReplyExtractor.extract(input).inline
        let pairs = zip(blocks, blocks.dropFirst()).filter { $0.0.kind == .quoted && $0.1.kind == .reply }
        #expect(pairs.count == 3)
        #expect(pairs.first?.0.text.contains("How connected did you feel") == true)
        #expect(pairs.first?.1.text == "3")
        #expect(pairs.last?.1.text.hasPrefix("That I need a quiet hour") == true)
    }

    @Test func aReplyWithoutQuotesIsKeptWhole() {
        #expect(ReplyExtractor.extract("Just a note.\nTwo lines.").text == "Just a note.\nTwo lines.")
        #expect(ReplyExtractor.extract("").text == "")
    }

    @Test func aSentenceEndingInWroteIsNotAHeader() {
        let text = "I thought about what I wrote:\nit still holds."
        #expect(ReplyExtractor.extract(text).text == text)
    }

    @Test func htmlRepliesTurnBlockquotesIntoQuotes() {
        let html = "<div>Four, and room 3.</div><div class=\"gmail_quote\">On Tue, Dec 1, 2026 at 6:00 PM Practice &lt;a@b.example&gt; wrote:<blockquote><p>Hello</p></blockquote></div>"
        let text = HTMLText.toText(html)
        #expect(text.contains("> Hello"))
        #expect(ReplyExtractor.extract(text).text == "Four, and room 3.")
    }

    @Test func aRawMessageIsParsedFirst() {
        let eml = "From: a@b.example\r\nSubject: Re: check-in\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nTr=E8s bien, 5.\r\n\r\nOn Tue, Dec 1, 2026 at 6:00 PM Practice <p@b.example> wrote:\r\n> Hello\r\n"
        #expect(ReplyExtractor.extract(message: Array(eml.utf8)).text == "Très bien, 5.")
    }
}
