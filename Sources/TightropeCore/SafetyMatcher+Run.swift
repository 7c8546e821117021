extension SafetyMatcher {
    /// A term found at units `start..<end`.
    struct TermHit { var term: Int32; var start: Int32; var end: Int32 }
    /// A group's phrase found at units `start..<end`; bit `i` of `mask` is set when unit
    /// `start + i` is one of its words (not a unit a `..` gap skipped).
    struct GroupHit { var group: Int32; var start: Int32; var end: Int32; var mask: UInt64 }
    /// A rule that matched and was not excused, with the hit of each of its parts.
    struct Match { var rule: Int; var parts: [GroupHit]; var sentence: Int32 }

    /// Every rule that matches `text` and is not excused, at most once per rule and sentence.
    /// With `firstPerConcept`, a concept already found is not looked for again (enough for flags).
    func run(_ text: SafetyText, firstPerConcept: Bool) -> [Match] {
        let finder = PhraseFinder(matcher: self, text: text, terms: termHits(text))
        var run = SafetyRun(matcher: self, text: text, finder: finder)
        return run.rules(firstPerConcept: firstPerConcept)
    }

    /// Terms of every unit: a word's exact terms and stems (also read as leetspeak and with
    /// stretched letters squeezed, "kiiill"), every CJK string found inside a CJK run.
    func termHits(_ text: SafetyText) -> [TermHit] {
        let units = text.units
        let folded = text.folded
        var hits: [TermHit] = []
        var found: [Int32] = []
        var u = 0
        while u < units.count {
            let unit = units[u]
            if unit.isCJK {
                var v = u + 1
                while v < units.count, units[v].isCJK, units[v].start == units[v - 1].end, units[v].sentence == unit.sentence { v += 1 }
                for k in u..<v {
                    var node: Int32 = 0
                    var j = k
                    walk: while j < v {
                        for f in Int(units[j].foldedStart)..<Int(units[j].foldedEnd) {
                            guard let next = trie.child(node, folded[f]) else { break walk }
                            node = next
                        }
                        j += 1
                        for i in trie.exact.range(Int(node)) { hits.append(TermHit(term: trie.exact.values[i], start: Int32(k), end: Int32(j))) }
                    }
                }
                u = v
                continue
            }
            found.removeAll(keepingCapacity: true)
            let word = folded[Int(unit.foldedStart)..<Int(unit.foldedEnd)]
            walk(word, into: &found)
            for variant in Self.variants(word) { walk(variant, into: &found) }
            for t in found { hits.append(TermHit(term: t, start: Int32(u), end: Int32(u + 1))) }
            u += 1
        }
        return hits
    }

    private func walk<C: Collection<UInt32>>(_ word: C, into found: inout [Int32]) {
        var node: Int32 = 0
        for scalar in word {
            guard let next = trie.child(node, scalar) else { return }
            node = next
            for i in trie.stems.range(Int(node)) where !found.contains(trie.stems.values[i]) { found.append(trie.stems.values[i]) }
        }
        for i in trie.exact.range(Int(node)) where !found.contains(trie.exact.values[i]) { found.append(trie.exact.values[i]) }
    }

    /// Other readings of a word: digits and symbols as letters ("d13" → "die", with 1 as i and
    /// as l), and runs of three or more equal letters squeezed to one and to two.
    static func variants(_ word: ArraySlice<UInt32>) -> [[UInt32]] {
        guard word.count <= 40 else { return [] }
        var hasLetter = false, hasLeet = false, hasOne = false, hasRun = false
        var previous: UInt32 = 0, run = 0
        for v in word {
            if SafetyFolding.leet(v) != nil { hasLeet = true; hasOne = hasOne || v == 0x31 } else { hasLetter = true }
            run = v == previous ? run + 1 : 1
            if run >= 3 { hasRun = true }
            previous = v
        }
        var readings: [[UInt32]] = []
        if hasLeet && hasLetter {
            readings.append(word.map { SafetyFolding.leet($0) ?? $0 })
            if hasOne { readings.append(word.map { $0 == 0x31 ? 0x6C : SafetyFolding.leet($0) ?? $0 }) }
        }
        if hasRun {
            for base in readings.isEmpty ? [Array(word)] : readings {
                readings.append(squeeze(base, keep: 1))
                readings.append(squeeze(base, keep: 2))
            }
        }
        return readings
    }

    private static func squeeze(_ word: [UInt32], keep: Int) -> [UInt32] {
        var out: [UInt32] = []
        var run = 0
        for (i, v) in word.enumerated() {
            run = i > 0 && word[i - 1] == v ? run + 1 : 1
            if run <= keep { out.append(v) }
        }
        return out
    }

    /// Bits `from..<to` (relative units; a phrase spans at most 64).
    static func bits(_ from: Int32, _ to: Int32) -> UInt64 {
        var mask: UInt64 = 0
        let lo = max(0, min(from, 64)), hi = max(lo, min(to, 64))
        for i in lo..<hi { mask |= 1 << UInt64(i) }
        return mask
    }
}

/// Finds the phrases of the lexicon's groups in one text's term hits: each where its first term
/// is, followed term by term within its sentence. Phrases that are no part of any rule (markers,
/// exclusions, idioms) are not looked for over the whole text: `SafetyRun` asks for them sentence
/// by sentence, around the few sentences where a rule has all its parts (most phrases of the
/// lexicon are markers and exclusions; most sentences fire nothing).
struct PhraseFinder {
    typealias TermHit = SafetyMatcher.TermHit
    typealias GroupHit = SafetyMatcher.GroupHit

    let matcher: SafetyMatcher
    let text: SafetyText
    let terms: [TermHit]
    /// `terms[firstAt[u]..<firstAt[u + 1]]` are the hits starting at unit `u`.
    private let firstAt: [Int32]
    /// The terms of each sentence as a 256-bit Bloom filter (four words per sentence): a phrase
    /// whose later slot has no term that may be in the sentence is not followed (no false
    /// negative: a term present always sets its bit).
    private let sentenceBlooms: [UInt64]

    init(matcher: SafetyMatcher, text: SafetyText, terms: [TermHit]) {
        self.matcher = matcher
        self.text = text
        self.terms = terms
        let units = text.units
        var firstAt = [Int32](repeating: Int32(terms.count), count: units.count + 2)
        var h = terms.count - 1
        for u in stride(from: units.count + 1, through: 0, by: -1) {
            while h >= 0 && Int(terms[h].start) >= u { h -= 1 }
            firstAt[u] = Int32(h + 1)
        }
        self.firstAt = firstAt
        let sentenceCount = Int(units.last.map { $0.sentence + 1 } ?? 0)
        var blooms = [UInt64](repeating: 0, count: sentenceCount * 4)
        for t in terms where Int(t.start) < units.count {
            let bit = SafetyMatcher.bloomBit(t.term), s = Int(units[Int(t.start)].sentence)
            blooms[s * 4 + bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.sentenceBlooms = blooms
    }

    /// The hits of every phrase but the lazy ones, over the whole text.
    func hits() -> [GroupHit] { hits(terms: 0..<terms.count, lazy: false) }

    /// The hits of the lazy phrases starting in sentence `s`.
    func lazyHits(sentence s: Int32) -> [GroupHit] {
        guard s >= 0 else { return [] }
        let units = text.units
        var lo = 0, hi = units.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if units[mid].sentence < s { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < units.count && units[end].sentence == s { end += 1 }
        return hits(terms: Int(firstAt[lo])..<Int(firstAt[end]), lazy: true)
    }

    /// Follows phrase slots `slot..<last` from unit `position`; the end and the word mask.
    private func follow(_ slot: Int, _ last: Int, _ position: Int32, _ origin: Int32, _ sentence: Int32) -> (Int32, UInt64)? {
        if slot == last { return (position, 0) }
        let units = text.units
        let furthest = matcher.slotGaps[slot] ? position + Int32(SafetyPattern.maxGap) : position
        var q = position
        while q <= furthest && Int(q) < units.count && units[Int(q)].sentence == sentence {
            for i in Int(firstAt[Int(q)])..<Int(firstAt[Int(q) + 1]) where matcher.slotTerms.sortedContains(slot, terms[i].term) {
                if let (end, mask) = follow(slot + 1, last, terms[i].end, origin, sentence) {
                    return (end, mask | SafetyMatcher.bits(terms[i].start - origin, terms[i].end - origin))
                }
            }
            q += 1
        }
        return nil
    }

    /// The phrases the hits `range` start (the lazy ones or all others), in the order of their start.
    private func hits(terms range: Range<Int>, lazy: Bool) -> [GroupHit] {
        let units = text.units
        let m = matcher
        let pass = m.passes[lazy ? 1 : 0]
        let byFirst = pass.byFirst, byPair = pass.byPair, firstBlooms = pass.firstBlooms, pairBlooms = pass.pairBlooms
        var hits: [GroupHit] = []
        var candidates: [Int32] = []
        for hit in terms[range] {
            // The phrases this hit may start, in ascending id as one list would hold them: those
            // followed from the first term, and those whose second term is in the next unit.
            candidates.removeAll(keepingCapacity: true)
            let sb = Int(units[Int(hit.start)].sentence) * 4
            let b0 = sentenceBlooms[sb], b1 = sentenceBlooms[sb + 1], b2 = sentenceBlooms[sb + 2], b3 = sentenceBlooms[sb + 3]
            for p in byFirst.range(Int(hit.term)) where firstBlooms[p * 4] & b0 != 0 || firstBlooms[p * 4 + 1] & b1 != 0
                || firstBlooms[p * 4 + 2] & b2 != 0 || firstBlooms[p * 4 + 3] & b3 != 0 {
                candidates.append(byFirst.values[p])
            }
            let next = Int(hit.end)
            if next < units.count && units[next].sentence == units[Int(hit.start)].sentence {
                let merged = candidates.count
                for i in Int(firstAt[next])..<Int(firstAt[next + 1]) where terms[i].start == hit.end {
                    let key = UInt64(UInt32(hit.term)) << 32 | UInt64(UInt32(terms[i].term))
                    guard let list = m.phrasesByPair.value(key) else { continue }
                    for p in byPair.range(Int(list)) where pairBlooms[p * 4] & b0 != 0 || pairBlooms[p * 4 + 1] & b1 != 0
                        || pairBlooms[p * 4 + 2] & b2 != 0 || pairBlooms[p * 4 + 3] & b3 != 0 {
                        candidates.append(byPair.values[p])
                    }
                }
                if candidates.count > merged {
                    candidates.sort()
                    var unique = 0
                    for c in candidates where unique == 0 || candidates[unique - 1] != c {
                        candidates[unique] = c
                        unique += 1
                    }
                    candidates.removeLast(candidates.count - unique)
                }
            }
            for candidate in candidates {
                let pid = Int(candidate)
                let first = Int(m.phraseSlots[pid]), last = Int(m.phraseSlots[pid + 1])
                var end = hit.end
                var mask = SafetyMatcher.bits(0, hit.end - hit.start)
                if last - first > 1 {
                    let s = Int(units[Int(hit.start)].sentence) * 4
                    var possible = true
                    for slot in (first + 1)..<last {
                        let b = slot * 4
                        if m.slotBlooms[b] & sentenceBlooms[s] == 0 && m.slotBlooms[b + 1] & sentenceBlooms[s + 1] == 0
                            && m.slotBlooms[b + 2] & sentenceBlooms[s + 2] == 0 && m.slotBlooms[b + 3] & sentenceBlooms[s + 3] == 0 {
                            possible = false
                            break
                        }
                    }
                    guard possible else { continue }
                    guard let (e, mk) = follow(first + 1, last, hit.end, hit.start, units[Int(hit.start)].sentence) else { continue }
                    end = e
                    mask |= mk
                }
                for gi in m.phraseGroups.range(pid) {
                    let g = m.phraseGroups.values[gi]
                    var j = hits.count - 1
                    var duplicate = false
                    while j >= 0 && hits[j].start == hit.start {
                        if hits[j].group == g && hits[j].end == end { duplicate = true; break }
                        j -= 1
                    }
                    if !duplicate { hits.append(GroupHit(group: g, start: hit.start, end: end, mask: mask)) }
                }
            }
        }
        return hits
    }
}
