/// One flag raised by the screen: the concept found (its id, stored) and the rule that found
/// it ("en: plan + kill_self") — never the partner's words, since flags are stored and may
/// reach logs.
package struct SafetyFlag: Hashable, Sendable, Codable {
    /// The concept id ("suicide-plan"); flags stored before concepts carry older ids ("self-harm").
    package var category: String
    /// The rule that matched: language, and the term groups it combines.
    package var pattern: String

    package init(category: String, pattern: String) {
        self.category = category
        self.pattern = pattern
    }
}

/// What the screen found and why, for the therapist and for tuning the lexicon: this does
/// carry the partner's words (the sentence), so it is shown, never logged or stored.
package struct SafetyFinding: Hashable, Sendable, Codable {
    package var concept: String
    /// What the therapist reads ("possible plan for suicide").
    package var title: String
    /// The sentence that triggered it (an excerpt around the match when the sentence is long).
    package var sentence: String
    /// The words of the reply each part of the rule matched, in order.
    package var matchedWords: [String]
    /// The language of the rule ("en").
    package var language: String
    /// The rule, as in `SafetyFlag.pattern`.
    package var rule: String
}

/// Screens free text for crisis language with concept rules (see `SafetyLexicon`). Pure and
/// linear in the text's length; errs towards alerting: only a clear denial, a whole idiom, a
/// media or work context for a mere mention, or a clearly resolved past event excuses a match.
package enum SafetyScreen {
    /// One flag per concept found, in the lexicon's order of concepts.
    package static func screen(_ text: String, lexicon: SafetyLexicon) -> [SafetyFlag] {
        let matcher = lexicon.matcher
        let matches = matcher.run(SafetyText(text), firstPerConcept: true)
        var byConcept: [Int: SafetyFlag] = [:]
        for match in matches {
            let rule = matcher.rules[match.rule]
            if byConcept[rule.concept] == nil {
                byConcept[rule.concept] = SafetyFlag(category: lexicon.concepts[rule.concept].id, pattern: rule.label)
            }
        }
        return byConcept.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Every finding, one per rule and sentence, in the order of the text.
    package static func explain(_ text: String, lexicon: SafetyLexicon) -> [SafetyFinding] {
        let matcher = lexicon.matcher
        let cut = SafetyText(text)
        return matcher.run(cut, firstPerConcept: false).map { match in
            let rule = matcher.rules[match.rule]
            let concept = lexicon.concepts[rule.concept]
            let parts = match.parts.sorted { $0.start < $1.start }
            let words = parts.map { cut.original(Int(cut.units[Int($0.start)].start), Int(cut.units[Int($0.end) - 1].end)) }
            return SafetyFinding(concept: concept.id, title: concept.title, sentence: sentence(match, in: cut),
                                 matchedWords: words, language: matcher.languages[rule.language].code, rule: rule.label)
        }
    }

    /// Characters of a sentence shown around a match when the sentence is longer.
    static let excerptReach = 160

    private static func sentence(_ match: SafetyMatcher.Match, in cut: SafetyText) -> String {
        let units = cut.units
        var first = Int(match.parts.map(\.start).min() ?? 0)
        var last = Int(match.parts.map(\.end).max() ?? 1) - 1
        // The sentences the parts lie in (two for an `across:` rule).
        while first > 0 && units[first - 1].sentence == units[first].sentence { first -= 1 }
        while last + 1 < units.count && units[last + 1].sentence == units[last].sentence { last += 1 }
        var from = Int(units[first].start), to = Int(units[last].end)
        let matchFrom = Int(units[Int(match.parts.map(\.start).min() ?? 0)].start)
        let matchTo = Int(units[Int(match.parts.map(\.end).max() ?? 1) - 1].end)
        if to - from > excerptReach * 2 + (matchTo - matchFrom) {
            from = max(from, matchFrom - excerptReach)
            to = min(to, matchTo + excerptReach)
        }
        // Keep the sentence's closing punctuation when it is right there.
        if to < cut.scalars.count, ".!?。！？".unicodeScalars.contains(cut.scalars[to]) { to += 1 }
        return cut.original(from, to)
    }
}
