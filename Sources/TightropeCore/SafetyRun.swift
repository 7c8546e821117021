/// One screening of one text: fires the rules over the group hits, sentence by sentence, and
/// decides for each candidate whether something excuses it. When unsure, it does not excuse.
///
/// A candidate is excused only by
/// - an idiom that contains every word of it ("this week killed me"), so a risk word outside
///   the idiom ("he said he will kill me") still alerts;
/// - a denial word of the sentence's language close before (or, for verb-final languages, after)
///   it in the same clause ("I have never thought about killing myself"), unless a word of
///   ambivalence is near ("I don't know if I want to keep living");
/// - for `mention:` rules only, a media, work or game context near it (this or the previous
///   sentence);
/// - a clearly past event ("years ago", in this sentence or a neighbour) that is said to be
///   resolved ("I'm safe now") in the sentence before, this or the next two, with no word of
///   recurrence ("again") in any of them;
/// - a question put to the writer ("my aunt asked if he hits me") answered with a plain no at
///   the very start of the next sentence ("No, never.") or just after it ("… and I said no"),
///   or with a denial of the same concept in one of the next two sentences ("He has never laid
///   a finger on me."), with no word of ambivalence or recurrence in the answer.
struct SafetyRun {
    typealias GroupHit = SafetyMatcher.GroupHit
    typealias Role = SafetyMatcher.Role

    /// Units around a match in which a context or past marker still counts.
    static let markerReach: Int32 = 40

    let matcher: SafetyMatcher
    let text: SafetyText
    let finder: PhraseFinder
    let hits: [GroupHit]
    /// Hits of each marker role found with the rules' parts (a phrase shared with a rule part),
    /// in order of position.
    private var byRole: [Role: [GroupHit]] = [:]
    /// Hits of groups some rule uses as an exclusion found with the rules' parts, in order of position.
    private var exclusions: [Int32: [GroupHit]] = [:]
    /// The lazy phrases (markers, exclusions, idioms: no rule part) of the sentences looked at so
    /// far, found when first asked for.
    private var sentenceLazy: [Int32: [GroupHit]] = [:]
    /// The concepts a denial excused, by sentence (`key`): the answer to a question put to the writer.
    private var deniedIn = Set<Int64>()

    init(matcher: SafetyMatcher, text: SafetyText, finder: PhraseFinder) {
        self.matcher = matcher
        self.text = text
        self.finder = finder
        let hits = finder.hits()
        self.hits = hits
        for hit in hits {
            if matcher.isExclusion[Int(hit.group)] { exclusions[hit.group, default: []].append(hit) }
            let role = matcher.groups[Int(hit.group)].role
            guard role != .risk && role != .common else { continue }
            byRole[role, default: []].append(hit)
        }
    }

    /// The hits of the lazy phrases of sentence `s`.
    private mutating func lazyHits(sentence s: Int32) -> [GroupHit] {
        if let found = sentenceLazy[s] { return found }
        let found = finder.lazyHits(sentence: s)
        sentenceLazy[s] = found
        return found
    }

    /// Every hit of a marker `role` in sentence `s`: those found with the rules' parts and the lazy ones.
    private mutating func markers(_ role: Role, in s: Int32) -> [GroupHit] {
        var out = Array(inSentence(byRole[role] ?? [], s))
        for h in lazyHits(sentence: s) where matcher.groups[Int(h.group)].role == role { out.append(h) }
        return out
    }

    /// The hits of `list` (in order of position) that lie in sentence `s`.
    private func inSentence(_ list: [GroupHit], _ s: Int32) -> ArraySlice<GroupHit> {
        guard let opening = firstUnit(ofSentence: s) else { return [] }
        let lo = first(list, atOrAfter: opening)
        var hi = lo
        while hi < list.count && sentence(list[hi]) == s { hi += 1 }
        return list[lo..<hi]
    }

    private func sentence(_ hit: GroupHit) -> Int32 { text.units[Int(hit.start)].sentence }
    private func language(_ hit: GroupHit) -> Int { matcher.groups[Int(hit.group)].language }

    /// Fires every rule whose parts all have a hit within the language's window in one
    /// sentence; keeps the candidates nothing excuses. Chinese rules are not tried on a sentence
    /// written with kana (Japanese shares the kanji, not the meaning of every compound).
    mutating func rules(firstPerConcept: Bool) -> [SafetyMatcher.Match] {
        let chinese = matcher.languages.indices.filter { matcher.languages[$0].code.hasPrefix("zh") }
        let groupCount = matcher.groups.count
        var lastHit = [Int32](repeating: -1, count: groupCount)
        var lastSentence = [Int32](repeating: -1, count: groupCount)
        var foundIn = [Int32](repeating: -1, count: matcher.rules.count)
        var conceptFound = Set<Int>()
        var counts = [Int](repeating: 0, count: matcher.languages.count)
        var matches: [SafetyMatcher.Match] = []
        var questioned: [(match: Int, languages: Set<Int>)] = []
        var i = 0
        var previous = 0..<0  // the hits of the sentence before, when it had any
        while i < hits.count {
            let s = sentence(hits[i])
            if i > 0 && sentence(hits[i - 1]) != s - 1 { previous = i..<i }
            var j = i
            while j < hits.count && sentence(hits[j]) == s { j += 1 }
            // The sentence's languages by their hits (those of its lazy phrases too), counted when
            // a rule first has all its parts here.
            var languageCount: (top: Int, dominant: [Int])? = nil
            var spanCount: (top: Int, dominant: [Int])? = nil
            for k in i..<j {
                let g = Int(hits[k].group)
                lastHit[g] = Int32(k)
                lastSentence[g] = s
                for r in matcher.rulesByGroup[g] {
                    let rule = matcher.rules[Int(r)]
                    if foundIn[Int(r)] == s || (firstPerConcept && conceptFound.contains(rule.concept)) { continue }
                    if chinese.contains(rule.language) && text.kanaSentences.contains(s) { continue }
                    var parts: [GroupHit] = []
                    parts.reserveCapacity(rule.parts.count)
                    var complete = true
                    // An `across:` rule may take parts from the sentence before, too.
                    var opening = s
                    for p in rule.parts {
                        let ps = lastSentence[Int(p)]
                        guard ps == s || (rule.across && ps >= 0 && ps == s - 1) else { complete = false; break }
                        opening = min(opening, ps)
                        parts.append(hits[Int(lastHit[Int(p)])])
                    }
                    guard complete else { continue }
                    let span = opening...s
                    // A sentence plainly in one language (two words of it or more) is read by that
                    // language's rules only: "I am not suicidal" is English, whatever other
                    // languages' lexicons share the word.
                    // (For a match over two sentences, the languages of both.)
                    let (top, dominant): (Int, [Int])
                    if opening == s {
                        if languageCount == nil { languageCount = languages(of: [(s, i..<j)], counts: &counts) }
                        (top, dominant) = languageCount!
                    } else {
                        if spanCount == nil { spanCount = languages(of: [(opening, previous), (s, i..<j)], counts: &counts) }
                        (top, dominant) = spanCount!
                    }
                    if top >= 2 && !dominant.contains(rule.language) { continue }
                    let start = parts.map(\.start).min() ?? 0, end = parts.map(\.end).max() ?? 0
                    guard end - start <= rule.window else { continue }
                    if rule.ordered && zip(parts, parts.dropFirst()).contains(where: { $0.start >= $1.start }) { continue }
                    if rule.exclusions.contains(where: { excludes($0, start: start, end: end, sentences: span) }) { continue }
                    let languages = Set(dominant + [rule.language])
                    if excused(rule, parts, start: start, end: end, sentences: span, languages: languages) { continue }
                    foundIn[Int(r)] = s
                    // Inside a question put to the writer ("my mum keeps asking if he hits me"), the
                    // match waits for the answer: a denial of the same concept in the next two
                    // sentences ("He has never laid a finger on me.") excuses it.
                    if opening == s && any(.asked, start - Self.markerReach, end + Self.markerReach, languages, in: [s]) {
                        questioned.append((matches.count, languages))
                    } else {
                        conceptFound.insert(rule.concept)
                    }
                    matches.append(SafetyMatcher.Match(rule: Int(r), parts: parts, sentence: s))
                }
            }
            previous = i..<j
            i = j
        }
        var answered = Set<Int>()
        for (index, languages) in questioned {
            let m = matches[index], concept = matcher.rules[m.rule].concept
            for next in [m.sentence + 1, m.sentence + 2] where deniedIn.contains(Self.key(concept, next)) {
                guard let opening = firstUnit(ofSentence: next), !hedged(after: opening, sentence: next, languages: languages) else { continue }
                answered.insert(index)
                break
            }
        }
        return matches.indices.filter { !answered.contains($0) }.map { matches[$0] }
    }

    private static func key(_ concept: Int, _ sentence: Int32) -> Int64 { Int64(concept) << 32 | Int64(sentence) }

    /// The most frequent languages of the given sentences' hits (a `range` of `hits` each, and
    /// their lazy phrases), idioms not counted; and how many words their hits cover. A language
    /// counts a word once, however many of its groups hold it (Polish "i" is a common word, a
    /// clause word and more, and must not outweigh "I'm sorry for everything" on that alone), and
    /// every word of a phrase ("mi ha violentata" is three Italian words).
    private mutating func languages(of sentences: [(sentence: Int32, hits: Range<Int>)], counts: inout [Int]) -> (top: Int, dominant: [Int]) {
        for k in counts.indices { counts[k] = 0 }
        var counted = Set<Int64>()
        func count(_ hit: GroupHit) {
            let l = language(hit)
            for u in hit.start..<min(hit.end, hit.start + 64) where hit.mask & (1 << UInt64(u - hit.start)) != 0 {
                if counted.insert(Int64(l) << 32 | Int64(u)).inserted { counts[l] += 1 }
            }
        }
        for (s, range) in sentences {
            for k in range where matcher.groups[Int(hits[k].group)].role != .idiom { count(hits[k]) }
            for e in lazyHits(sentence: s) where matcher.groups[Int(e.group)].role != .idiom { count(e) }
        }
        let top = counts.max() ?? 0
        return (top, top > 0 ? counts.indices.filter { counts[$0] == top } : [])
    }

    /// `span`: the sentences the match lies in (one, or two for an `across:` rule); the
    /// neighbours below are counted from its first and last.
    private mutating func excused(_ rule: SafetyMatcher.Rule, _ parts: [GroupHit], start: Int32, end: Int32,
                                  sentences span: ClosedRange<Int32>, languages: Set<Int>) -> Bool
    {
        let (first, s) = (span.lowerBound, span.upperBound)
        if insideIdioms(parts) { return true }
        if !rule.negationIsPart && denied(parts, start: start, end: end, sentences: span, languages: languages) {
            deniedIn.insert(Self.key(rule.concept, s))
            return true
        }
        if rule.mention && any(.context, start - Self.markerReach, end + Self.markerReach, languages, in: Array(first - 1...s)) { return true }
        if answeredNo(start: start, end: end, sentence: s, languages: languages) { return true }
        // A past marker in this sentence, the one before or the next ("In 2015 I was in a dark place.
        // I took an overdose." / "when I wanted to die. That's six years ago"), and a resolution in
        // the sentence before, this one or the next two ("I'm doing really well now."), with no
        // word of recurrence anywhere in them.
        let lo = start - Self.markerReach * 2, hi = end + Self.markerReach * 3
        if any(.past, lo, hi, languages, in: Array(first - 1...s + 1)),
           any(.resolved, lo, hi, languages, in: Array(first - 1...s + 2)),
           !any(.again, lo, hi, languages, in: Array(first - 1...s + 2)) {
            return true
        }
        return false
    }

    /// Whether `inner`'s units are all words of `part` (a denial inside a fixed phrase is the phrase's own).
    private static func covers(_ part: GroupHit, _ inner: GroupHit) -> Bool {
        guard inner.start >= part.start, inner.end <= part.end, inner.end - part.start <= 64 else { return false }
        for u in inner.start..<inner.end where part.mask & (1 << UInt64(u - part.start)) == 0 { return false }
        return true
    }

    /// A hit of exclusion group `group` on the match or just after it (for `!group`, anywhere in
    /// the match's sentences).
    private mutating func excludes(_ exclusion: Int32, start: Int32, end: Int32, sentences span: ClosedRange<Int32>) -> Bool {
        let group = SafetyMatcher.Rule.group(exclusion)
        if exclusion < 0 {
            for s in span {
                if !inSentence(exclusions[group] ?? [], s).isEmpty || lazyHits(sentence: s).contains(where: { $0.group == group }) {
                    return true
                }
            }
            return false
        }
        if let list = exclusions[group] {
            var k = first(list, atOrAfter: start - 1)
            while k < list.count && list[k].start < end + 2 {
                if span.contains(sentence(list[k])) { return true }
                k += 1
            }
        }
        for s in span where lazyHits(sentence: s).contains(where: { $0.group == group && $0.start >= start - 1 && $0.start < end + 2 }) {
            return true
        }
        return false
    }

    /// Every part lies inside one idiom.
    private mutating func insideIdioms(_ parts: [GroupHit]) -> Bool {
        for part in parts {
            let idioms = markers(.idiom, in: sentence(part))
            if !idioms.contains(where: { $0.start <= part.start && $0.end >= part.end }) { return false }
        }
        return true
    }

    /// A denial word in the same clause, close before the match (or after it, or inside it),
    /// and no word of ambivalence near.
    private mutating func denied(_ parts: [GroupHit], start: Int32, end: Int32, sentences span: ClosedRange<Int32>,
                                 languages: Set<Int>) -> Bool {
        let nots = span.flatMap { markers(.not, in: $0) }.sorted { $0.start < $1.start }
        guard !nots.isEmpty else { return false }
        let before = languages.map { matcher.languages[$0].negationBefore }.max() ?? 0
        let after = languages.map { matcher.languages[$0].negationAfter }.max() ?? 0
        let lo = start - before, hi = end + after
        let punctuation = languages.allSatisfy { matcher.languages[$0].clausePunctuation }
        var k = first(nots, atOrAfter: lo)
        var denial = false
        var candidates: [GroupHit] = []
        while k < nots.count && nots[k].start < hi {
            let n = nots[k]
            k += 1
            guard span.contains(sentence(n)), languages.contains(language(n)) else { continue }
            // A denial word inside a matched phrase makes the negation part of the concept
            // ("won't live to", "ne ... pas vivante"): then no other denial word excuses it.
            if parts.contains(where: { Self.covers($0, n) }) { return false }
            candidates.append(n)
        }
        for n in candidates {
            // The part a denial word negates: the first after it (or the last, when it follows).
            let next = parts.map(\.start).filter { $0 >= n.end }.min()
            let anchor = next ?? (end - 1)
            let (a, b) = n.start < anchor ? (n.start, anchor) : (anchor, n.start)
            // A clause word inside the denial phrase itself ("not that I'd ever") ends nothing.
            let from = n.start < anchor ? max(a + 1, n.end) : a + 1
            guard !punctuation || text.units[Int(a)].clause == text.units[Int(b)].clause,
                  !any(.clause, from, b, languages, in: Array(span)) else { continue }
            denial = true
            break
        }
        return denial && !any(.unsure, lo - 4, hi + 4, languages, in: Array(span))
    }

    /// The match is inside a question put to the writer (an `asked` marker in its sentence,
    /// before it or, in verb-final languages, after it), and the answer is a plain no: an
    /// `answer_no` hit that is a clause of its own ("No, never." — not "No point lying, I do")
    /// opening the next sentence, or ending a clause just after the match ("… and I said no.");
    /// no ambivalence in the answer's sentence.
    private mutating func answeredNo(start: Int32, end: Int32, sentence s: Int32, languages: Set<Int>) -> Bool {
        guard any(.asked, start - Self.markerReach, end + Self.markerReach, languages, in: [s]) else { return false }
        let opening = firstUnit(ofSentence: s + 1)
        var answers = markers(.answerNo, in: s)
        if opening != nil { answers += markers(.answerNo, in: s + 1) }
        answers.sort { $0.start < $1.start }
        var k = first(answers, atOrAfter: end)
        while k < answers.count && answers[k].start < end + 8 && sentence(answers[k]) == s {
            let a = answers[k]
            k += 1
            if languages.contains(language(a)), endsClause(a), !hedged(after: end, sentence: s, languages: languages) { return true }
        }
        guard let opening else { return false }
        k = first(answers, atOrAfter: opening)
        while k < answers.count && answers[k].start == opening {
            let a = answers[k]
            k += 1
            if languages.contains(language(a)), endsClause(a), !hedged(after: opening, sentence: s + 1, languages: languages) { return true }
        }
        return false
    }

    /// Ambivalence ("I don't know anymore") or recurrence ("not lately", "again") in the answer or
    /// the two sentences after it: then the no is not a plain no.
    private mutating func hedged(after position: Int32, sentence s: Int32, languages: Set<Int>) -> Bool {
        any(.unsure, position, position + 80, languages, in: [s, s + 1, s + 2])
            || any(.again, position, position + 80, languages, in: [s, s + 1, s + 2])
    }

    /// The first unit of sentence `s` (units are in sentence order: a binary search, so a long
    /// text with many questions stays linear).
    private func firstUnit(ofSentence s: Int32) -> Int32? {
        let units = text.units
        var lo = 0, hi = units.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if units[mid].sentence < s { lo = mid + 1 } else { hi = mid }
        }
        return lo < units.count && units[lo].sentence == s ? Int32(lo) : nil
    }

    /// Whether the clause (or sentence) ends with `hit`.
    private func endsClause(_ hit: GroupHit) -> Bool {
        let units = text.units
        let last = Int(hit.end) - 1
        guard last + 1 < units.count else { return true }
        return units[last + 1].sentence != units[last].sentence || units[last + 1].clause != units[last].clause
    }

    /// Whether a hit of `role` starts in `lo..<hi`, in one of `languages`, in one of `sentences`.
    private mutating func any(_ role: Role, _ lo: Int32, _ hi: Int32, _ languages: Set<Int>, in sentences: [Int32]) -> Bool {
        for s in sentences where s >= 0 {
            if markers(role, in: s).contains(where: { $0.start >= lo && $0.start < hi && languages.contains(language($0)) }) { return true }
        }
        return false
    }

    /// The index of the first hit starting at or after `position` (binary search).
    private func first(_ list: [GroupHit], atOrAfter position: Int32) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].start < position { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
