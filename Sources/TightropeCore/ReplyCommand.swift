import Foundation

/// A partner's command, sent as the whole reply: STOP, PAUSE n weeks, RESUME.
package enum ReplyCommand: Equatable, Sendable, Codable {
    case stop
    case pause(weeks: Int)
    case resume

    /// The longest pause a reply may ask for; longer requests are capped.
    package static let maxPauseWeeks = 12

    /// Recognises a command when it is the whole new text of a reply (any case, punctuation
    /// and "please" allowed, signature already removed): "STOP", "unsubscribe",
    /// "PAUSE 2 weeks", "pause for two weeks", "Pause", "RESUME", "restart".
    package static func parse(_ text: String) -> ReplyCommand? {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
            .filter { !["please", "pls", "thanks", "thank", "you", "for", "now", "the", "checkins", "check", "ins", "emails"].contains($0) }
        guard let first = words.first, words.count <= 4 else { return nil }
        switch first {
        case "stop", "unsubscribe", "cancel":
            return words.count == 1 ? .stop : nil
        case "resume", "restart", "start", "continue":
            return words.count == 1 ? .resume : nil
        case "pause":
            if words.count == 1 { return .pause(weeks: 1) }
            let rest = words.dropFirst()
            guard let unit = rest.last, ["week", "weeks", "wk", "wks"].contains(unit) || rest.count == 1 else { return nil }
            let amount = rest.first.flatMap { Int($0) ?? AnswerParser.numberWords[$0] ?? Self.moreWords[$0] }
            if rest.count == 1, unit == "week" || unit == "weeks" { return .pause(weeks: 1) }
            guard let weeks = amount, weeks > 0, rest.count <= 2 else { return nil }
            return .pause(weeks: min(weeks, maxPauseWeeks))
        default:
            return nil
        }
    }

    private static let moreWords = ["a": 1, "one": 1, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "couple": 2]
}
