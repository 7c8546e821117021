import Foundation

/// One partner's check-in for a round, as the summary needs it.
package struct CheckInRecord: Hashable, Sendable {
    package var week: ISOWeek
    package var label: PartnerLabel
    package var answers: ScaleAnswers?
    package var reflection: String?

    package init(week: ISOWeek, label: PartnerLabel, answers: ScaleAnswers?, reflection: String?) {
        self.week = week
        self.label = label
        self.answers = answers
        self.reflection = reflection
    }
}

/// Signals at the level of the couple that the therapist should see first.
package enum CoupleSignal: String, Hashable, Sendable, Codable, CaseIterable {
    /// The partners' scales are two or more points apart this round.
    case diverging
    /// Both partners' connection fell two weeks running.
    case bothDeclining = "both-declining"
    /// A partner did not reply two rounds running.
    case partnerSilent = "partner-silent"
}

/// Trend of a scale over recent rounds.
package enum Trend: String, Hashable, Sendable, Codable {
    case rising, falling, steady, unknown
}

/// One partner's part of a round summary.
package struct PartnerSummary: Hashable, Sendable {
    package var label: PartnerLabel
    package var answered: Bool
    package var answers: ScaleAnswers?
    /// Change against the partner's previous answered round.
    package var change: ScaleAnswers?
    package var connectionTrend: Trend
    package var roomTrend: Trend
    /// Room for oneself minus connection: positive leans to independence, negative to togetherness.
    package var balance: Int?
    /// A short quote of the reflection (at most 200 characters, cut at a word).
    package var quote: String?
}

/// The summary of one round of a couple: each partner's scales, change and trend, the
/// divergence between them, quotes, who did not reply, and couple-level signals.
package struct RoundSummary: Hashable, Sendable {
    package var week: ISOWeek
    package var partners: [PartnerSummary]
    /// Largest gap between the partners on either scale, when both answered.
    package var divergence: Int?
    package var signals: [CoupleSignal]
    package var nonResponders: [PartnerLabel] { partners.filter { !$0.answered }.map(\.label) }
}

/// Builds round summaries from a couple's check-in history. Pure: everything is passed in.
package enum RoundSummarizer {
    package static let trendWeeks = 4
    package static let quoteLength = 200

    /// The summary of `week`, from all check-ins of the couple (any order) and the weeks
    /// that had a round (oldest first; a week without a check-in from a partner is silence).
    package static func summarize(week: ISOWeek, roundWeeks: [ISOWeek], checkIns: [CheckInRecord]) -> RoundSummary {
        let rounds = roundWeeks.filter { $0 <= week }.sorted()
        var partners: [PartnerSummary] = []
        for label in PartnerLabel.allCases {
            let mine = Dictionary(checkIns.filter { $0.label == label }.map { ($0.week, $0) }, uniquingKeysWith: { _, latest in latest })
            let current = mine[week]
            let previousAnswered = rounds.filter { $0 < week }.reversed().compactMap { mine[$0]?.answers }.first
            let recent = rounds.suffix(trendWeeks).compactMap { mine[$0]?.answers }
            var summary = PartnerSummary(label: label, answered: current != nil, answers: current?.answers, change: nil,
                                         connectionTrend: trend(recent.map(\.connection)), roomTrend: trend(recent.map(\.room)),
                                         balance: current?.answers.map { $0.room - $0.connection }, quote: quote(current?.reflection))
            if let now = current?.answers, let before = previousAnswered {
                summary.change = ScaleAnswers(connection: now.connection - before.connection, room: now.room - before.room)
            }
            partners.append(summary)
        }

        var signals: [CoupleSignal] = []
        var divergence: Int?
        if let a = partners[0].answers, let b = partners[1].answers {
            divergence = max(abs(a.connection - b.connection), abs(a.room - b.room))
            if a.diverges(from: b) { signals.append(.diverging) }
        }
        // Both declining two weeks running: each partner's connection fell in each of the last two steps.
        let lastThree = Array(rounds.suffix(3))
        if lastThree.count == 3, lastThree.last == week {
            let declining = PartnerLabel.allCases.allSatisfy { label in
                let values = lastThree.compactMap { w in checkIns.last { $0.week == w && $0.label == label }?.answers?.connection }
                return values.count == 3 && values[0] > values[1] && values[1] > values[2]
            }
            if declining { signals.append(.bothDeclining) }
        }
        // A partner silent two rounds running (this one and the one before).
        let lastTwo = Array(rounds.suffix(2))
        if lastTwo.count == 2, lastTwo.last == week,
           PartnerLabel.allCases.contains(where: { label in lastTwo.allSatisfy { w in !checkIns.contains { $0.week == w && $0.label == label } } }) {
            signals.append(.partnerSilent)
        }
        return RoundSummary(week: week, partners: partners, divergence: divergence, signals: signals)
    }

    /// Rising or falling when the recent values moved at least one point overall, else steady.
    static func trend(_ values: [Int]) -> Trend {
        guard let first = values.first, let last = values.last, values.count >= 2 else { return .unknown }
        if last - first >= 1 { return .rising }
        if first - last >= 1 { return .falling }
        return .steady
    }

    /// At most `quoteLength` characters, cut at a word, with an ellipsis when cut.
    static func quote(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > quoteLength else { return flat }
        let cut = flat.prefix(quoteLength)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord + "…"
    }
}
