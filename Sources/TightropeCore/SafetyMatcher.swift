/// The lexicon compiled for matching: one trie of every word, stem and CJK string; the phrases
/// (sequences of terms) each group is made of, indexed by their first term; the rules, indexed
/// by the groups they use. Built once when the lexicon loads; matching a text is then a few
/// dictionary look-ups per character and linear in the text's length.
struct SafetyMatcher: Sendable {
    /// What a group's hits mean to the screen.
    enum Role: Sendable { case risk, not, unsure, clause, context, past, resolved, again, common, idiom, asked, answerNo }

    struct Group: Sendable {
        var language: Int
        var name: String
        var role: Role
    }

    /// A sequence of slots, each a set of terms; `gaps[i]` allows up to three units before slot `i`.
    struct Phrase: Sendable {
        var slots: [[Int32]]
        var gaps: [Bool]
        var groups: [Int32] = []
    }

    struct Rule: Sendable {
        var concept: Int
        var language: Int
        var parts: [Int32]
        /// Groups whose hit on or just after the match cancels it ("live" in "live with him"); a
        /// group written `!g` is stored as `-(g + 1)`: a hit anywhere in the sentence cancels it
        /// ("the view" in "looked down from the bridge for ages, the view was gorgeous").
        var exclusions: [Int32]
        /// Parts must come in the written order (`a > b`).
        var ordered: Bool
        /// Units all parts must fall within (the rule's `within N`, or the language's window).
        var window: Int32
        /// A `mention:` rule: a media, work or game context nearby excuses it.
        var mention: Bool
        /// An `across:` rule: its parts may lie in one sentence and the one before ("Friday is
        /// the day. Thank you for everything."), still within its window.
        var across = false
        /// The rule itself contains a denial word ("don't want to live"): denials don't excuse it.
        var negationIsPart: Bool
        /// "en: plan + kill_self": what a flag stores (never the reply's words).
        var label: String

        /// The group of an `exclusions` entry.
        static func group(_ exclusion: Int32) -> Int32 { exclusion < 0 ? -exclusion - 1 : exclusion }
    }

    /// A rule as written: `[mention:] [across:] a + b [+ -c] [+ !d] [within N]`, or with `>` for a
    /// fixed order of the parts (exclusions have no order; `-c` near the match, `!d` in its
    /// sentences).
    struct RuleText {
        var mention = false
        var across = false
        var ordered = false
        var parts: [String] = []
        var exclusions: [String] = []
        var sentenceExclusions: [String] = []
        var window: Int?
    }

    struct Language: Sendable {
        var code: String
        var window: Int32
        var negationBefore: Int32
        var negationAfter: Int32
        var clausePunctuation: Bool
    }

    let trie: SafetyTrie
    let termCount: Int
    /// Phrase `p` is slots `phraseSlots[p]..<phraseSlots[p + 1]`; slot `s` matches the sorted
    /// terms `slotTerms[s]`, after up to three units when `slotGaps[s]`.
    let phraseSlots: [Int32]
    let slotTerms: SafetyJagged
    let slotGaps: [Bool]
    /// Each slot's terms as a 256-bit Bloom filter (four words per slot): a phrase is followed
    /// only when every later slot may have a term in the sentence (`PhraseFinder`). Derived from
    /// `slotTerms`, never stored.
    let slotBlooms: [UInt64]
    let phraseGroups: SafetyJagged
    /// Phrases to follow from a hit of their first term: those of one slot, and those whose
    /// second slot may come after a gap.
    let phrasesByFirstTerm: SafetyJagged
    /// The other phrases, by their first two terms (the second right after the first): a hit
    /// tries only the phrases whose second word is in the next unit. Key `first << 32 | second`
    /// → list in `phrasesByPairList` (ascending phrase ids, as `phrasesByFirstTerm`).
    let phrasesByPair: SafetyEdgeTable
    let phrasesByPairList: SafetyJagged
    let groups: [Group]
    let rules: [Rule]

    /// The bit (of 256: word `>> 6`, bit `& 63`) a term sets in a Bloom filter.
    @inline(__always) static func bloomBit(_ term: Int32) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: term)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    static func blooms(_ slotTerms: SafetyJagged) -> [UInt64] {
        let slots = slotTerms.offsets.count - 1
        var out = [UInt64](repeating: 0, count: slots * 4)
        for s in 0..<slots {
            for i in slotTerms.range(s) {
                let bit = bloomBit(slotTerms.values[i])
                out[s * 4 + bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        return out
    }
    let rulesByGroup: [[Int32]]
    /// Groups some rule uses as an exclusion (their hits are kept by position).
    let isExclusion: [Bool]
    /// The phrase indexes of one pass. Pass 0 holds the phrases that are part of some rule, looked
    /// for over the whole text; pass 1 the lazy ones — no group of theirs is a part of a rule
    /// (markers, exclusions, idioms) — followed only in the sentences a rule fired in and their
    /// neighbours (`SafetyRun`). Each is `phrasesByFirstTerm` / `phrasesByPairList` cut to the
    /// pass's phrases, and beside each entry (four words) the Bloom filter of that phrase's later
    /// slot with the fewest bits set (all ones for a phrase of one slot): tested in list order
    /// before the phrase itself is looked at, it turns away most candidates without touching the
    /// phrase tables. Derived, never stored.
    struct Pass: Sendable {
        var byFirst: SafetyJagged
        var firstBlooms: [UInt64]
        var byPair: SafetyJagged
        var pairBlooms: [UInt64]
    }
    let passes: [Pass]

    static func passes(phraseGroups: SafetyJagged, rulesByGroup: [[Int32]], byFirst: SafetyJagged, pairLists: SafetyJagged,
                       phraseSlots: [Int32], slotBlooms: [UInt64]) -> [Pass] {
        let lazy = (0..<phraseGroups.count).map { p in
            let range = phraseGroups.range(p)
            return !range.isEmpty && range.allSatisfy { rulesByGroup[Int(phraseGroups.values[$0])].isEmpty }
        }
        func entryBlooms(_ lists: SafetyJagged) -> [UInt64] {
            var out = [UInt64](repeating: .max, count: lists.values.count * 4)
            for (i, p) in lists.values.enumerated() {
                let first = Int(phraseSlots[Int(p)]), last = Int(phraseSlots[Int(p) + 1])
                guard last - first > 1 else { continue }
                var best = first + 1, fewest = Int.max
                for slot in (first + 1)..<last {
                    let bits = slotBlooms[slot * 4].nonzeroBitCount + slotBlooms[slot * 4 + 1].nonzeroBitCount
                        + slotBlooms[slot * 4 + 2].nonzeroBitCount + slotBlooms[slot * 4 + 3].nonzeroBitCount
                    if bits < fewest { fewest = bits; best = slot }
                }
                for w in 0..<4 { out[i * 4 + w] = slotBlooms[best * 4 + w] }
            }
            return out
        }
        // Each list split in two by laziness, written straight into the two passes' tables (this
        // runs at every start, also from a cache: no list of lists in between).
        func split(_ lists: SafetyJagged) -> (eager: SafetyJagged, lazy: SafetyJagged) {
            var eager = (offsets: [Int32(0)], values: [Int32]()), late = (offsets: [Int32(0)], values: [Int32]())
            eager.offsets.reserveCapacity(lists.count + 1)
            late.offsets.reserveCapacity(lists.count + 1)
            eager.values.reserveCapacity(lists.values.count)
            for i in 0..<lists.count {
                for p in lists.values[lists.range(i)] {
                    if lazy[Int(p)] { late.values.append(p) } else { eager.values.append(p) }
                }
                eager.offsets.append(Int32(eager.values.count))
                late.offsets.append(Int32(late.values.count))
            }
            return (SafetyJagged(offsets: eager.offsets, values: eager.values), SafetyJagged(offsets: late.offsets, values: late.values))
        }
        let firsts = split(byFirst), pairs = split(pairLists)
        return [(firsts.eager, pairs.eager), (firsts.lazy, pairs.lazy)].map { first, pair in
            Pass(byFirst: first, firstBlooms: entryBlooms(first), byPair: pair, pairBlooms: entryBlooms(pair))
        }
    }

    let languages: [Language]

    init(concepts: [SafetyConcept], languages source: [SafetyLanguage]) throws(SafetyLexiconError) {
        var trie = SafetyTrie()
        var termIDs: [SafetyPattern.Item: Int32] = [:]
        var phraseIDs: [[Int32]: Int32] = [:]  // a phrase's term ids, slots separated by -1 (-2: a gap)
        var phrases: [Phrase] = []
        var groups: [Group] = []
        var groupIDs: [String: Int32] = [:]  // "code name"

        // Respellings, per language: the dialect word becomes one more choice in every slot of
        // that language's phrases that its standard word would match (an exact word, or a stem
        // it starts with). Another language's phrases never see it: Polish "ne" = "nie" must not
        // make German "ne" (for "eine") a German denial. Indexed by the standard word's first letter.
        var respellings: [[UInt32: [(variant: [UInt32], standard: [UInt32])]]] = []
        for language in source {
            var byFirst: [UInt32: [(variant: [UInt32], standard: [UInt32])]] = [:]
            for (variant, standard) in language.respell.sorted(by: { $0.key < $1.key }) {
                guard let from = SafetyPattern.singleWord(variant), let to = SafetyPattern.singleWord(standard) else {
                    throw SafetyLexiconError(message: "\(language.code): respell '\(variant)' = '\(standard)': one word each side")
                }
                if from != to, let first = to.first { byFirst[first, default: []].append((from, to)) }
            }
            respellings.append(byFirst)
        }
        func respelled(_ slot: SafetyPattern.Slot, _ language: Int) -> [SafetyPattern.Item] {
            let table = respellings[language]
            guard !table.isEmpty else { return slot.items }
            var items = slot.items
            for item in slot.items where item.kind != .cjk {
                guard let first = item.key.first, let candidates = table[first] else { continue }
                for (variant, standard) in candidates {
                    let matches = item.kind == .exact ? standard == item.key : standard.starts(with: item.key)
                    let added = SafetyPattern.Item(key: variant, kind: .exact)
                    if matches && !items.contains(added) { items.append(added) }
                }
            }
            return items
        }

        func termID(_ item: SafetyPattern.Item) -> Int32 {
            if let id = termIDs[item] { return id }
            let id = Int32(termIDs.count)
            termIDs[item] = id
            trie.insert(item.key, term: id, isStem: item.kind == .stem)
            return id
        }
        func addGroup(_ language: Int, _ name: String, _ role: Role, _ terms: [String]) throws(SafetyLexiconError) {
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "+" || $0 == ">" || $0 == "-" }) else {
                throw SafetyLexiconError(message: "\(source[language].code): '\(name)' is not a group name (letters, digits and _)")
            }
            let gid = Int32(groups.count)
            groups.append(Group(language: language, name: name, role: role))
            groupIDs[source[language].code + " " + name] = gid
            for term in terms {
                let sequences: [[SafetyPattern.Slot]]
                switch SafetyPattern.parse(term) {
                case .success(let s): sequences = s
                case .failure(let e): throw SafetyLexiconError(message: "\(source[language].code) group '\(name)': \(e.message)")
                }
                for sequence in sequences {
                    let slots = sequence.map { respelled($0, language).map(termID).sorted() }
                    var key: [Int32] = []
                    for (slot, terms) in zip(sequence, slots) {
                        key.append(slot.gapBefore ? -2 : -1)
                        key += terms
                    }
                    let pid: Int32
                    if let known = phraseIDs[key] {
                        pid = known
                    } else {
                        pid = Int32(phrases.count)
                        phraseIDs[key] = pid
                        phrases.append(Phrase(slots: slots, gaps: sequence.map(\.gapBefore)))
                    }
                    if !phrases[Int(pid)].groups.contains(gid) { phrases[Int(pid)].groups.append(gid) }
                }
            }
        }

        for (li, language) in source.enumerated() {
            guard language.window > 0, language.negationBefore >= 0, language.negationAfter >= 0 else {
                throw SafetyLexiconError(message: "\(language.code): window must be positive, negation spans not negative")
            }
            for (name, terms) in language.groups.sorted(by: { $0.key < $1.key }) {
                try addGroup(li, name, Self.role(name), terms)
            }
            if !language.idioms.isEmpty { try addGroup(li, "idiom", .idiom, language.idioms) }
        }

        var rules: [Rule] = []
        var used = Set<String>()
        func addRule(_ text: String, concept: Int, language li: Int) throws(SafetyLexiconError) -> Bool {
            guard let rule = Self.parseRule(text) else { throw SafetyLexiconError(message: "rule '\(text)' cannot be read") }
            let code = source[li].code
            var parts: [Int32] = [], exclusions: [Int32] = []
            for name in rule.parts {
                guard let gid = groupIDs[code + " " + name] else { return false }
                parts.append(gid)
            }
            for name in rule.exclusions {
                // An exclusion a language does not define is simply not checked for it.
                if let gid = groupIDs[code + " " + name] { exclusions.append(gid) }
            }
            for name in rule.sentenceExclusions {
                if let gid = groupIDs[code + " " + name] { exclusions.append(-(gid + 1)) }
            }
            for name in rule.parts + rule.exclusions + rule.sentenceExclusions { used.insert(code + " " + name) }
            rules.append(Rule(concept: concept, language: li, parts: parts, exclusions: exclusions, ordered: rule.ordered,
                              window: Int32(rule.window.map { $0 * source[li].window / Self.wordWindow } ?? source[li].window), mention: rule.mention,
                              across: rule.across, negationIsPart: rule.parts.contains("not"), label: "\(code): \(text)"))
            return true
        }
        for (ci, concept) in concepts.enumerated() {
            for rule in concept.rules {
                var anywhere = false
                for li in source.indices where try addRule(rule, concept: ci, language: li) { anywhere = true }
                let excluded = Self.parseRule(rule).map { $0.exclusions + $0.sentenceExclusions } ?? []
                guard anywhere, excluded.allSatisfy({ name in source.contains { $0.groups[name] != nil } }) else {
                    throw SafetyLexiconError(message: "concept \(concept.id): rule '\(rule)' uses a group no language defines")
                }
            }
        }
        for (li, language) in source.enumerated() {
            for (conceptID, texts) in language.rules.sorted(by: { $0.key < $1.key }) {
                guard let ci = concepts.firstIndex(where: { $0.id == conceptID }) else {
                    throw SafetyLexiconError(message: "\(language.code): rules for an unknown concept '\(conceptID)'")
                }
                for text in texts where try !addRule(text, concept: ci, language: li) {
                    throw SafetyLexiconError(message: "\(language.code): rule '\(text)' uses a group the language does not define")
                }
            }
            for name in language.groups.keys.sorted() where !SafetyLanguage.markerGroups.contains(name) {
                guard used.contains(language.code + " " + name) else {
                    throw SafetyLexiconError(message: "\(language.code): group '\(name)' is used by no rule")
                }
            }
        }

        var byFirst = [[Int32]](repeating: [], count: termIDs.count)
        var pairIDs: [UInt64: Int32] = [:]
        var byPair: [[Int32]] = []
        var firstSlots: [Int32] = [0]
        var slots: [[Int32]] = []
        var gaps: [Bool] = []
        for (pid, phrase) in phrases.enumerated() {
            if phrase.slots.count > 1 && !phrase.gaps[1] {
                for first in phrase.slots[0] {
                    for second in phrase.slots[1] {
                        let key = UInt64(UInt32(first)) << 32 | UInt64(UInt32(second))
                        if let list = pairIDs[key] {
                            if byPair[Int(list)].last != Int32(pid) { byPair[Int(list)].append(Int32(pid)) }
                        } else {
                            pairIDs[key] = Int32(byPair.count)
                            byPair.append([Int32(pid)])
                        }
                    }
                }
            } else {
                for term in phrase.slots[0] { byFirst[Int(term)].append(Int32(pid)) }
            }
            slots += phrase.slots
            gaps += phrase.gaps
            firstSlots.append(Int32(slots.count))
        }
        var byGroup = [[Int32]](repeating: [], count: groups.count)
        var excluding = [Bool](repeating: false, count: groups.count)
        for (ri, rule) in rules.enumerated() {
            for part in Set(rule.parts) { byGroup[Int(part)].append(Int32(ri)) }
            for g in rule.exclusions { excluding[Int(Rule.group(g))] = true }
        }
        self.isExclusion = excluding
        trie.finish()
        self.trie = trie
        self.termCount = termIDs.count
        self.phraseSlots = firstSlots
        self.slotTerms = SafetyJagged(slots)
        self.slotGaps = gaps
        self.slotBlooms = Self.blooms(self.slotTerms)
        self.phraseGroups = SafetyJagged(phrases.map(\.groups))
        self.phrasesByFirstTerm = SafetyJagged(byFirst)
        self.phrasesByPair = SafetyEdgeTable(pairIDs)
        self.phrasesByPairList = SafetyJagged(byPair)
        self.groups = groups
        self.rules = rules
        self.rulesByGroup = byGroup
        self.passes = Self.passes(phraseGroups: self.phraseGroups, rulesByGroup: byGroup, byFirst: self.phrasesByFirstTerm,
                                  pairLists: self.phrasesByPairList, phraseSlots: self.phraseSlots, slotBlooms: self.slotBlooms)
        self.languages = source.map {
            Language(code: $0.code, window: Int32($0.window), negationBefore: Int32($0.negationBefore), negationAfter: Int32($0.negationAfter),
                     clausePunctuation: $0.clausePunctuation)
        }
    }

    /// The window a rule's `within N` is written for: a language with another window (CJK counts
    /// characters) scales N by its window over this one.
    static let wordWindow = 12

    /// Reads `[mention:] [across:] a + b [+ -c] [within N]` (or `a > b > c`); nil when malformed.
    static func parseRule(_ text: String) -> RuleText? {
        var rule = RuleText()
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        while let first = words.first, first == "mention:" || first == "across:" {
            if first == "mention:" { rule.mention = true } else { rule.across = true }
            words.removeFirst()
        }
        if words.count >= 2, words[words.count - 2] == "within" {
            guard let n = Int(words[words.count - 1]), n > 0 else { return nil }
            rule.window = n
            words.removeLast(2)
        }
        var expectName = true
        for word in words {
            if expectName {
                if word.hasPrefix("-") {
                    rule.exclusions.append(String(word.dropFirst()))
                } else if word.hasPrefix("!") {
                    rule.sentenceExclusions.append(String(word.dropFirst()))
                } else {
                    rule.parts.append(word)
                }
            } else if word == ">" {
                rule.ordered = true
            } else if word != "+" {
                return nil
            }
            expectName.toggle()
        }
        let names = rule.parts + rule.exclusions + rule.sentenceExclusions
        guard !expectName, !rule.parts.isEmpty, !names.contains(where: { $0.isEmpty || $0.hasPrefix("-") || $0.hasPrefix("!") }) else { return nil }
        return rule
    }

    static func role(_ name: String) -> Role {
        switch name {
        case "not": .not
        case "unsure": .unsure
        case "clause": .clause
        case "context": .context
        case "past": .past
        case "resolved": .resolved
        case "again": .again
        case "common": .common
        case "asked": .asked
        case "answer_no": .answerNo
        default: .risk
        }
    }
}
