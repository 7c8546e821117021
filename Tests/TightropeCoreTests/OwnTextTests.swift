import Foundation
import Testing
import TightropeTesting
@testable import TightropeCore

/// The reader knows the check-in's own sentences (`OwnText.templatePhrases`) so that a pasted or
/// copied original is never read as the partner's words; the list must stay in step with the
/// templates it was taken from.
@Suite struct OwnTextTests {
    static func templates() throws -> String {
        let dir = CLISandbox.repository.appendingPathComponent("Templates")
        let text = try ["checkin_text", "checkin_html", "footer_text", "footer_html"]
            .map { try String(contentsOf: dir.appendingPathComponent("\($0).mustache"), encoding: .utf8) }
            .joined(separator: "\n")
        // Tags and markup out, "&#39;" and curly quotes as typed, whitespace collapsed.
        let untagged = text.replacingOccurrences(of: #"\{\{[^}]*\}\}|<[^>]*>"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "’", with: "'")
        return untagged.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: OwnText.templatePhrases)
    func everyKnownPhraseIsInTheTemplates(_ phrase: String) throws {
        let templates = try Self.templates()
        // A phrase may span a tag ("reply with pause 2 weeks" is literal text in the footer).
        #expect(templates.contains(phrase), "'\(phrase)' is no longer in Templates/: update OwnText.templatePhrases")
    }

    @Test func aPastedQuestionIsOursButAnAnswerBesideItIsNot() {
        let questions = RoundQuestions(theme: .boundaries, themeTitle: "boundaries",
                                       scales: [Scale(id: .connection, question: "How connected did you feel to your partner this week?",
                                                      lowLabel: "distant, like strangers", highLabel: "close, we really reached each other")],
                                       prompt: Prompt(id: "b1", theme: .boundaries, text: "Name one limit you would like to keep."))
        let own = OwnText(questions: questions)
        #expect(own.isOurs("1) How connected did you feel to your partner this week?"))
        #expect(own.isOurs("To pause these check-ins, reply with PAUSE 2 weeks. To stop them,"))
        #expect(!own.isOurs("We felt close on Sunday, I would say a 4."))
        #expect(own.copiedQuestion("How connected did you feel to your partner this week? 4")?.1 == "4")
    }
}

/// The ASCII fast paths of the reading text helpers give exactly what Foundation gives.
@Suite struct ReadingTextFastPathTests {
    @Test func foldingASCIIIsFoundationsFolding() {
        var rng = SystemRandomNumberGenerator()
        let ascii = (0x09...0x7E).compactMap(UnicodeScalar.init).map(Character.init)
        var samples = ["STOP", "Pause 2 Weeks", "1) 4\n2) 3", "We're BACK!", "I'M DONE.", "ẞ not ascii"]
        for _ in 0..<2_000 {
            samples.append(String((0..<Int.random(in: 0...60, using: &rng)).map { _ in ascii.randomElement(using: &rng)! }))
        }
        for s in samples where s.utf8.allSatisfy({ $0 < 0x80 }) {
            let foundation = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            #expect(ReadingText.folded(s) == foundation, "\(s)")
        }
        #expect(ReadingText.folded("ÀÉÎ Straße ı") == "aei strasse i")
    }
}
