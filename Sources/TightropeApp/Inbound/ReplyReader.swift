import Foundation
import TightropeCore
import TightropeMail

/// What a reply says: a command, or answers to the round's questions.
package struct ReadReply: Equatable, Sendable {
    package var text: String
    package var command: ReplyCommand?
    package var answers: ParsedAnswers
    /// What the parser and the reading limits recorded; a reading limit reached sends the reply to review.
    package var defects: [MIMEDefect] = []
    /// The answers to the round's monthly measure, when it asked one.
    package var measure: MeasureReading?
}

/// Reads a raw reply: its new text (MIME parsed, quotes and signature removed), a command if
/// that text is one, and otherwise the answers with their confidence.
package enum ReplyReader {
    package static func read(message: [UInt8], questions: RoundQuestions) -> ReadReply {
        read(message: MIMEMessage(message), questions: questions)
    }

    /// The Date header (RFC 5322), with or without the weekday; nil when it cannot be read.
    static func date(_ header: String) -> Date? { RFC5322Date.parse(header) }

    /// A subject without its "Re:", "AW:", "SV:", "Odp:" … prefixes.
    static func withoutReplyPrefix(_ subject: String) -> String {
        var s = Substring(subject)
        while let colon = s.firstIndex(where: { $0 == ":" || $0 == "：" }), s.distance(from: s.startIndex, to: colon) <= 5,
              s[..<colon].allSatisfy({ $0.isLetter || $0 == " " }) {
            s = s[s.index(after: colon)...].drop { $0 == " " }
        }
        return String(s)
    }

    /// Reads a message already parsed (the poller parses each message once).
    package static func read(message: MIMEMessage, questions: RoundQuestions) -> ReadReply {
        var extracted = ReplyExtractor.extract(message: message)
        // A forward or a pasted original with nothing written above it has no words of the partner's.
        if extracted.onlyBelowHeader { (extracted.text, extracted.inline, extracted.lead) = ("", [], nil) }
        // Answers and commands are read from the start of the new text only (a check-in answer is a
        // few lines); the whole text is still screened and kept. Past the limit: review.
        let limits = message.limits
        var answerBudget = (bytes: limits.maxAnswerTextBytes, lines: limits.maxAnswerLines)
        var answerTextCut = false
        func bounded(_ text: String) -> String {
            let (kept, cut) = BoundedText.prefix(text, bytes: max(0, answerBudget.bytes), lines: max(0, answerBudget.lines))
            answerTextCut = answerTextCut || cut
            answerBudget.bytes -= kept.utf8.count
            answerBudget.lines -= kept.utf8.lazy.filter { $0 == 10 }.count + 1
            return kept
        }
        let fullText = extracted.text
        extracted.text = bounded(extracted.text)
        extracted.lead = extracted.lead.map(bounded)
        var pairs: [InlineAnswer] = []
        var pendingQuote: String?
        for block in extracted.inline where answerBudget.bytes > 0 && answerBudget.lines > 0 {
            switch block.kind {
            case .quoted: pendingQuote = BoundedText.prefix(block.text, bytes: 4096, lines: 100).text
            case .reply:
                pairs.append(InlineAnswer(quoted: pendingQuote ?? "", answer: bounded(block.text)))
                pendingQuote = nil
            }
        }
        if answerBudget.bytes <= 0 || answerBudget.lines <= 0, pairs.count < extracted.inline.filter({ $0.kind == .reply }).count {
            answerTextCut = true
        }
        if answerTextCut { extracted.defects.record(.answerTextTooLong(bytes: limits.maxAnswerTextBytes, lines: limits.maxAnswerLines)) }
        // The monthly measure's lettered answers ("A) 4") are read first and taken out, so the
        // check-in's own reader never sees them as scale answers or reflection.
        var measureReading: MeasureReading?
        if let measure = questions.measure {
            let reading = MeasureReader.read(extracted.text, inline: pairs, measure: measure)
            measureReading = reading
            if !reading.consumedLines.isEmpty {
                extracted.text = extracted.text.components(separatedBy: "\n").enumerated()
                    .filter { !reading.consumedLines.contains($0.offset) }.map(\.element).joined(separator: "\n")
            }
            pairs = pairs.enumerated().filter { !reading.consumedPairs.contains($0.offset) }.map(\.element)
        }
        var answers = AnswerParser.parse(text: extracted.text, inline: pairs, lead: extracted.lead, questions: questions)
        if let limit = extracted.defects.first(where: \.isLimit) {
            // Part of the message was not read: whatever was read, a person looks at it.
            answers.confidence = min(answers.confidence, 0.4)
            answers.notes.append("not read in full: \(limit)")
            answers.evidence.append(ReadingEvidence(field: "message", rule: "reading limit: \(limit)", line: ""))
        }
        let hasAnswers = !answers.scales.isEmpty
        let writtenAt = message.header("Date").flatMap(Self.date)
        var command = CommandReader.read(extracted.text, hasAnswers: hasAnswers, writtenAt: writtenAt)
        // A one-click unsubscribe or a "STOP" subject: the command is in the subject, the body has
        // nothing of the partner's (empty, or a provider's fixed line).
        if command == nil, !hasAnswers, ReadingText.words(extracted.text).count <= 12, let subject = message.header("Subject") {
            command = CommandReader.read(Self.withoutReplyPrefix(BoundedText.prefix(subject, bytes: 1024, lines: 1).text), hasAnswers: false)
        }
        // A request in a message that was not read in full is not acted on: the therapist sees it.
        if case .command = command, let limit = extracted.defects.first(where: \.isLimit) {
            command = .unclear("the message was not read in full (\(limit))")
        }
        switch command {
        case .command(let command, let rule):
            var confirmed = ParsedAnswers(confidence: 1)
            confirmed.evidence = [ReadingEvidence(field: "command", rule: rule, line: "")]
            if hasAnswers { confirmed = answers; confirmed.evidence.append(ReadingEvidence(field: "command", rule: rule, line: "")) }
            return ReadReply(text: fullText, command: command, answers: confirmed, defects: extracted.defects, measure: measureReading)
        case .unclear(let why):
            answers.confidence = min(answers.confidence, 0.4)
            answers.notes.append("possibly a request about the check-ins: \(why)")
            answers.evidence.append(ReadingEvidence(field: "command", rule: "not applied: \(why)", line: ""))
        case nil:
            break
        }
        return ReadReply(text: fullText, command: nil, answers: answers, defects: extracted.defects, measure: measureReading)
    }
}
