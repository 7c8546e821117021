import Foundation

/// Folds characters to the one form the safety lexicon and a reply are compared in: lower case,
/// Latin letters without accents ("é" → "e", "ł" → "l", "ß" → "ss"), "ё" → "е", full-width
/// Latin to ASCII, katakana to hiragana, and the traditional Chinese characters the lexicon
/// uses to their simplified forms. People write without accents and in either script; the
/// lexicon is folded the same way, so both meet.
enum SafetyFolding {
    /// The script class of a folded scalar, which decides how text is cut into units.
    enum Kind { case letter, digit, cjk, apostrophe, other }

    /// Appends the folded form of `scalar` to `out`.
    @inline(__always) static func fold(_ scalar: Unicode.Scalar, into out: inout [UInt32]) {
        let v = scalar.value
        if v < 0x80 {
            out.append(v >= 0x41 && v <= 0x5A ? v + 0x20 : v)
        } else if v < fastLimit {
            let f = fast[Int(v)]
            if f == none { return }
            if f != several { out.append(f); return }
            slowFold(scalar, into: &out)
        } else {
            slowFold(scalar, into: &out)
        }
    }

    /// The class of a folded scalar.
    @inline(__always) static func kind(_ v: UInt32) -> Kind {
        v < fastLimit ? kinds[Int(v)] : slowKind(v)
    }

    /// Scalars below this have their folding and class in the tables below (every script the
    /// lexicon has but Chinese and Japanese); computed once.
    private static let fastLimit: UInt32 = 0x3000
    private static let none: UInt32 = 0xFFFF_FFFF, several: UInt32 = 0xFFFF_FFFE
    private static let fast: [UInt32] = (0..<fastLimit).map { v in
        guard let scalar = Unicode.Scalar(v) else { return v }
        var out: [UInt32] = []
        slowFold(scalar, into: &out)
        return out.isEmpty ? none : (out.count == 1 ? out[0] : several)
    }
    private static let kinds: [Kind] = (0..<fastLimit).map { slowKind($0) }

    private static func slowFold(_ scalar: Unicode.Scalar, into out: inout [UInt32]) {
        let v = scalar.value
        if v < 0x80 {
            out.append(v >= 0x41 && v <= 0x5A ? v + 0x20 : v)
        } else if (v >= 0x300 && v <= 0x36F) || (v >= 0x200B && v <= 0x200D) || v == 0xAD || v == 0xFEFF {
            return  // combining accents and invisible joiners ("ki\u{200B}ll")
        } else if v >= 0xFF01 && v <= 0xFF5E {  // full-width ASCII
            let a = v - 0xFEE0
            out.append(a >= 0x41 && a <= 0x5A ? a + 0x20 : a)
        } else if v >= 0x30A1 && v <= 0x30F6 {  // katakana → hiragana
            out.append(v - 0x60)
        } else if let mapped = table[v] {
            out.append(contentsOf: mapped)
        } else if let simple = simplified[v] {
            out.append(simple)
        } else if scalar.properties.changesWhenLowercased {
            out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars.map(\.value))
        } else {
            out.append(v)
        }
    }

    private static func slowKind(_ v: UInt32) -> Kind {
        if v < 0x80 {
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) { return .letter }
            if v >= 0x30 && v <= 0x39 { return .digit }
            return v == 0x27 || v == 0x60 ? .apostrophe : .other
        }
        if isCJK(v) { return .cjk }
        if v == 0x2019 || v == 0x2018 || v == 0x00B4 || v == 0x02BC { return .apostrophe }
        guard let scalar = Unicode.Scalar(v) else { return .other }
        let p = scalar.properties
        if p.isAlphabetic || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark { return .letter }
        return p.numericType == .decimal ? .digit : .other
    }

    /// Han ideographs, hiragana and katakana (and the prolonged-sound mark): scripts written
    /// without spaces, matched by substring.
    static func isCJK(_ v: UInt32) -> Bool {
        (v >= 0x3041 && v <= 0x30FF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF)
            || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFF66 && v <= 0xFF9F) || v == 0x3005
    }

    /// Leetspeak inside a word: the letter a digit or symbol stands for ("k1ll", "d13", "$uicide").
    static func leet(_ v: UInt32) -> UInt32? {
        switch v {
        case 0x30: return 0x6F  // 0 → o
        case 0x31: return 0x69  // 1 → i (and l, tried as a second reading)
        case 0x33: return 0x65  // 3 → e
        case 0x34, 0x40: return 0x61  // 4, @ → a
        case 0x35, 0x24: return 0x73  // 5, $ → s
        case 0x37: return 0x74  // 7 → t
        case 0x21: return 0x69  // ! → i
        default: return nil
        }
    }

    /// Latin (and Cyrillic ё) letters, lower-cased and without diacritics, computed once.
    private static let table: [UInt32: [UInt32]] = {
        var t: [UInt32: [UInt32]] = [:]
        let special: [UInt32: String] = [
            0xDF: "ss", 0x1E9E: "ss", 0x141: "l", 0x142: "l", 0x110: "d", 0x111: "d", 0xD8: "o", 0xF8: "o",
            0xC6: "ae", 0xE6: "ae", 0x152: "oe", 0x153: "oe", 0x131: "i", 0x126: "h", 0x127: "h", 0xD0: "d",
            0xF0: "d", 0xDE: "th", 0xFE: "th", 0x401: "е", 0x451: "е",
        ]
        for (v, s) in special { t[v] = s.unicodeScalars.map(\.value) }
        let ranges: [ClosedRange<UInt32>] = [0xC0...0x24F, 0x1E00...0x1EFF]
        for range in ranges {
            for v in range where t[v] == nil {
                guard let scalar = Unicode.Scalar(v) else { continue }
                let decomposed = String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
                let kept = decomposed.filter { !(0x300...0x36F).contains($0.value) }.map(\.value)
                if !kept.isEmpty && kept != [v] { t[v] = kept }
            }
        }
        return t
    }()

    /// Traditional Chinese characters the lexicon meets, folded to the simplified forms it is
    /// written in (Japanese kanji that share a form fold the same way on both sides).
    private static let simplified: [UInt32: UInt32] = {
        let pairs = "殺杀傷伤藥药樓楼槍枪結结離离開开個个們们愛爱為为說说會会這这嗎吗" +
            "幫帮讓让見见對对沒没還还腦脑臉脸頭头體体時时門门聽听書书電电視视遊游戲戏劇剧聞闻練练輕轻過过"
        var t: [UInt32: UInt32] = [:]
        var scalars = pairs.unicodeScalars.makeIterator()
        while let a = scalars.next(), let b = scalars.next() { t[a.value] = b.value }
        return t
    }()
}
