/// A risk concept clinicians screen for (a C-SSRS screener item, a Danger Assessment item, …)
/// and the rules that find it, written over the term groups every language supplies.
package struct SafetyConcept: Sendable, Hashable {
    /// Stable id: it is stored with each flag ("suicide-plan", "ipv-strangulation").
    package var id: String
    /// What the therapist reads ("possible plan for suicide").
    package var title: String
    /// Where the concept comes from (instrument and item).
    package var source: String
    /// Rules: group names joined by `+`, all within one sentence and the language's window
    /// ("plan + kill_self"). A rule starting `mention:` is about a topic or another person:
    /// a book, film, news, work or game context near it excuses it. A rule starting `across:`
    /// may take its parts from a sentence and the one before.
    package var rules: [String]

    package init(id: String, title: String, source: String = "", rules: [String]) {
        self.id = id
        self.title = title
        self.source = source
        self.rules = rules
    }
}

/// One language's vocabulary: term groups the concepts' rules combine, the markers of denial,
/// ambivalence, context and past events, and whole idioms that excuse a match inside them.
package struct SafetyLanguage: Sendable {
    /// Groups with these names are markers, not risk terms.
    package static let markerGroups: Set<String> = ["not", "unsure", "clause", "context", "past", "resolved", "again", "common", "asked",
                                                    "answer_no"]

    package var code: String
    /// Units (words, or CJK characters) every part of a rule must fall within.
    package var window: Int
    /// How far before (and after) a match a denial word still denies it, in units.
    package var negationBefore: Int
    package var negationAfter: Int
    /// Whether commas and other clause punctuation end a denial's reach (false where a comma
    /// opens an infinitive clause: "nie daran gedacht, mich umzubringen").
    package var clausePunctuation: Bool
    /// Group name → terms. A term is words separated by spaces, each `word`, `stem*` or
    /// `alt|alt*`; `..` allows up to three words between two words. CJK is matched as a substring.
    package var groups: [String: [String]]
    /// Whole fixed expressions ("this week killed me"): a match lying wholly inside one is excused.
    package var idioms: [String]
    /// Rules of this language only, by concept id (same syntax as `SafetyConcept.rules`).
    package var rules: [String: [String]]
    /// Dialect and informal spellings read as the standard word ("masel" → "myself", "nöd" →
    /// "nicht", "vc" → "você"): a respelled word matches, in this language's phrases, every term
    /// the standard word matches. One word each side.
    package var respell: [String: String] = [:]

    package init(code: String, window: Int = 12, negationBefore: Int = 4, negationAfter: Int = 0, clausePunctuation: Bool = true,
                 groups: [String: [String]], idioms: [String] = [], rules: [String: [String]] = [:]) {
        self.code = code
        self.clausePunctuation = clausePunctuation
        self.window = window
        self.negationBefore = negationBefore
        self.negationAfter = negationAfter
        self.groups = groups
        self.idioms = idioms
        self.rules = rules
    }
}

/// Why a lexicon cannot be compiled. Names concepts, languages and groups, never any text.
package struct SafetyLexiconError: Error, Equatable, CustomStringConvertible {
    package var message: String
    package var description: String { "safety lexicon: \(message)" }
}

/// The crisis-language lexicon, compiled once into a matcher: concepts, languages, and titles of
/// category ids stored by earlier versions.
package struct SafetyLexicon: Sendable {
    package let concepts: [SafetyConcept]
    package let languages: [SafetyLanguage]
    /// Titles for category ids older flags carry ("self-harm"), so stored flags still read well.
    package let legacyTitles: [String: String]
    let matcher: SafetyMatcher

    /// Every id a stored flag may carry, with its title (concepts first, then legacy ids).
    package var categories: [SafetyConcept] {
        concepts + legacyTitles.sorted { $0.key < $1.key }.map { SafetyConcept(id: $0.key, title: $0.value, rules: []) }
    }

    /// Whether the matcher was read from a cache instead of compiled.
    package let fromCache: Bool

    package init(concepts: [SafetyConcept], languages: [SafetyLanguage], legacyTitles: [String: String] = [:])
        throws(SafetyLexiconError)
    {
        self.concepts = concepts
        self.languages = languages
        self.legacyTitles = legacyTitles
        matcher = try SafetyMatcher(concepts: concepts, languages: languages)
        fromCache = false
    }

    /// The lexicon with the matcher stored in `cache` by `cacheBytes(key:)` for the same
    /// concepts; nil when the bytes are not that (another key, torn, altered). The key must
    /// change whenever what was compiled changes: the lexicon's files and the program that
    /// compiled them. Its languages carry their codes and settings, not their terms: the
    /// matcher holds those compiled, so a process reading a cache never parses the language files.
    package init?(concepts: [SafetyConcept], legacyTitles: [String: String] = [:], cache: [UInt8], key: [UInt8]) {
        guard let matcher = SafetyMatcher(cache: cache, key: key, concepts: concepts.count) else { return nil }
        self.concepts = concepts
        languages = matcher.languages.map {
            SafetyLanguage(code: $0.code, window: Int($0.window), negationBefore: Int($0.negationBefore),
                           negationAfter: Int($0.negationAfter), clausePunctuation: $0.clausePunctuation, groups: [:])
        }
        self.legacyTitles = legacyTitles
        self.matcher = matcher
        fromCache = true
    }

    /// The compiled matcher as bytes for a cache, under `key`.
    package func cacheBytes(key: [UInt8]) -> [UInt8] { matcher.cacheBytes(key: key) }
}
