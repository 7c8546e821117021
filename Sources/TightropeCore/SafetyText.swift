/// A text cut into units for the safety screen: a word of a spaced script, or one character of
/// Chinese or Japanese (matched by substring), each with its folded form, its sentence and its
/// clause. One pass over the text; the original is kept to quote a sentence back.
struct SafetyText {
    /// One word, or one CJK character.
    struct Unit {
        /// Where the unit is in `scalars` (the original text).
        var start: Int32, end: Int32
        /// Where its folded form is in `folded`.
        var foldedStart: Int32, foldedEnd: Int32
        var sentence: Int32
        var clause: Int32
        var isCJK: Bool
    }

    private(set) var scalars: [Unicode.Scalar] = []
    private(set) var folded: [UInt32] = []
    private(set) var units: [Unit] = []
    /// Sentences written with kana (hiragana or katakana): Japanese, whatever kanji they share
    /// with Chinese.
    private(set) var kanaSentences: Set<Int32> = []

    /// Cuts `text`. Apostrophes and hyphens split words ("don't" is "don" "t", as in the lexicon);
    /// digits and `@ $ !` inside a word stay in it, to be read as letters later ("k1ll").
    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        folded.reserveCapacity(scalars.count)
        units.reserveCapacity(scalars.count / 4)
        var sentence: Int32 = 0, clause: Int32 = 0
        var wordStart = -1, wordFolded = -1
        var dots = 0, newlines = 0

        func closeWord(at i: Int) {
            guard wordStart >= 0 else { return }
            units.append(Unit(start: Int32(wordStart), end: Int32(i), foldedStart: Int32(wordFolded),
                              foldedEnd: Int32(folded.count), sentence: sentence, clause: clause, isCJK: false))
            wordStart = -1
        }
        func breakSentence() {
            if let last = units.last, last.sentence == sentence { sentence += 1 }
            clause += 1
        }
        func settleDots() {
            if dots == 1 { breakSentence() } else if dots > 1 { clause += 1 }
            dots = 0
        }

        for i in scalars.indices {
            let s = scalars[i]
            let before = folded.count
            SafetyFolding.fold(s, into: &folded)  // kept only for a word or a CJK character
            guard folded.count > before else { continue }  // a combining mark or an invisible joiner
            let first = folded[before]
            let kind = SafetyFolding.kind(first)
            if kind != .letter && kind != .digit && kind != .cjk { folded.removeSubrange(before...) }
            if dots > 0 && s != "." { settleDots() }
            if s == "\n" {
                closeWord(at: i)
                newlines += 1
                if newlines == 2 { breakSentence() }
                continue
            }
            if s != " " && s != "\t" && s != "\r" { newlines = 0 }
            switch kind {
            case .letter, .digit:
                if wordStart < 0 { wordStart = i; wordFolded = before }
            case .cjk:
                if (0x3040...0x30FF).contains(s.value) { kanaSentences.insert(sentence) }
                if wordStart >= 0 {  // a word runs right into a CJK character: close it before it
                    units.append(Unit(start: Int32(wordStart), end: Int32(i), foldedStart: Int32(wordFolded), foldedEnd: Int32(before),
                                      sentence: sentence, clause: clause, isCJK: false))
                    wordStart = -1
                }
                units.append(Unit(start: Int32(i), end: Int32(i + 1), foldedStart: Int32(before), foldedEnd: Int32(folded.count),
                                  sentence: sentence, clause: clause, isCJK: true))
            case .apostrophe:
                closeWord(at: i)
            case .other:
                if wordStart >= 0, SafetyFolding.leet(first) != nil, s != ".", i + 1 < scalars.count,
                   Self.isWordScalar(scalars[i + 1]) {
                    folded.append(first)  // "k!ll", "$uicide" mid-word: kept for the leet reading
                    continue
                }
                if wordStart < 0, s == "$" || s == "@", i + 1 < scalars.count, Self.isLetterScalar(scalars[i + 1]) {
                    wordStart = i; wordFolded = folded.count
                    folded.append(first)
                    continue
                }
                closeWord(at: i)
                switch s {
                case ".": dots += 1
                case "!", "?", ";", "。", "！", "？", "；": breakSentence()
                case ",", ":", "(", ")", "[", "]", "\"", "“", "”", "„", "«", "»", "—", "–", "…", "、", "，", "：", "/", "·":
                    clause += 1
                case "-" where i > 0 && scalars[i - 1] == " ":
                    clause += 1
                default: break
                }
            }
        }
        closeWord(at: scalars.count)
    }

    /// The original text of `range` of units (for quoting the sentence that triggered a finding).
    func original(_ from: Int, _ to: Int) -> String {
        guard from < to, from >= 0, to <= scalars.count else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[from..<to])
        return String(view)
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        var b: [UInt32] = []
        SafetyFolding.fold(s, into: &b)
        let k = SafetyFolding.kind(b.first ?? 0)
        return k == .letter || k == .digit
    }

    private static func isLetterScalar(_ s: Unicode.Scalar) -> Bool {
        var b: [UInt32] = []
        SafetyFolding.fold(s, into: &b)
        return SafetyFolding.kind(b.first ?? 0) == .letter
    }
}
