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
