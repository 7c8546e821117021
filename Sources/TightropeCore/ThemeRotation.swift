import Foundation

/// One partner's two scale answers for a week.
package struct ScaleAnswers: Hashable, Sendable, Codable {
    package var connection: Int
    package var room: Int

    package init(connection: Int, room: Int) {
        self.connection = connection
        self.room = room
    }

    /// Whether two partners' answers diverge: two or more points apart on either scale.
    package func diverges(from other: ScaleAnswers) -> Bool {
        abs(connection - other.connection) >= 2 || abs(room - other.room) >= 2
    }
}

/// What theme choice needs to know about one past round of a couple.
package struct RoundHistoryEntry: Hashable, Sendable {
    package var theme: Theme
    package var promptID: String
    /// Both partners' scales, where both answered.
    package var answers: [PartnerLabel: ScaleAnswers]

    package init(theme: Theme, promptID: String, answers: [PartnerLabel: ScaleAnswers] = [:]) {
        self.theme = theme
        self.promptID = promptID
        self.answers = answers
    }

    /// Whether the partners diverged that week (unknown counts as not diverged).
    package var diverged: Bool {
        guard let a = answers[.a], let b = answers[.b] else { return false }
        return a.diverges(from: b)
    }
}

/// The theme and prompt for a couple's next round: a pure function of their history.
///
/// Themes rotate least-recently-used first, so every theme comes round in turn. After a
/// week in which the partners diverged, the next theme is communicating needs or
/// boundaries (whichever was used less recently and not the week before), because those
/// are the practices that help partners who want different amounts of closeness.
package enum ThemeRotation {
    package static let order: [Theme] = [
        .communicatingNeeds, .boundaries, .supportingGrowth, .rituals, .flexibility, .independence,
    ]
    package static let afterDivergence: [Theme] = [.communicatingNeeds, .boundaries]

    /// The next theme, given the couple's rounds oldest first.
    package static func nextTheme(history: [RoundHistoryEntry]) -> Theme {
        guard let last = history.last else { return order[0] }
        let candidates = last.diverged ? afterDivergence.filter { $0 != last.theme } : order
        return leastRecentlyUsed(candidates, in: history.map(\.theme))
    }

    /// The next prompt of `theme`: the one this couple saw least recently, bank order breaking ties.
    package static func nextPrompt(theme: Theme, bank: QuestionBank, history: [RoundHistoryEntry]) -> Prompt {
        let prompts = bank.prompts[theme] ?? []
        let used = history.map(\.promptID)
        let lastUse = { (p: Prompt) in used.lastIndex(of: p.id) ?? -1 }
        // The bank guarantees at least five prompts per theme.
        return prompts.min { lastUse($0) < lastUse($1) } ?? prompts[0]
    }

    private static func leastRecentlyUsed(_ candidates: [Theme], in used: [Theme]) -> Theme {
        let lastUse = { (t: Theme) in used.lastIndex(of: t) ?? -1 }
        return candidates.min { lastUse($0) < lastUse($1) } ?? candidates[0]
    }
}
