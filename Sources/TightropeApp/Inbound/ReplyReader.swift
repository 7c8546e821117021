import TightropeCore
import TightropeMail

/// What a reply says: a command, or answers to the round's questions.
package struct ReadReply: Equatable, Sendable {
    package var text: String
    package var command: ReplyCommand?
    package var answers: ParsedAnswers
}

/// Reads a raw reply: its new text (MIME parsed, quotes and signature removed), a command if
/// that text is one, and otherwise the answers with their confidence.
package enum ReplyReader {
    package static func read(message: [UInt8], questions: RoundQuestions) -> ReadReply {
        read(message: MIMEMessage(message), questions: questions)
    }

    /// Reads a message already parsed (the poller parses each message once).
    package static func read(message: MIMEMessage, questions: RoundQuestions) -> ReadReply {
        let extracted = ReplyExtractor.extract(message: message)
        if let command = ReplyCommand.parse(extracted.text) {
            return ReadReply(text: extracted.text, command: command, answers: ParsedAnswers(confidence: 1))
        }
        var pairs: [InlineAnswer] = []
        var pendingQuote: String?
        for block in extracted.inline {
            switch block.kind {
            case .quoted: pendingQuote = block.text
            case .reply:
                pairs.append(InlineAnswer(quoted: pendingQuote ?? "", answer: block.text))
                pendingQuote = nil
            }
        }
        let answers = AnswerParser.parse(text: extracted.text, inline: pairs, scaleIDs: questions.scales.map(\.id),
                                         scaleQuestions: questions.scales.map(\.question))
        return ReadReply(text: extracted.text, command: nil, answers: answers)
    }
}
