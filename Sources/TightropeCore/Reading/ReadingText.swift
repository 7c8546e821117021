import Foundation

/// Text as the readers see it: what people type in many forms made one form, so the rules
/// below are written once. Pure.
package enum ReadingText {
    /// One line normalised for reading answers: compatibility forms folded (full-width digits
    /// and colons, "１）４" → "1)4"), keycap emoji reduced to their digit ("4️⃣" → "4"), every dash
    /// a hyphen, Markdown emphasis around numbers dropped ("*1)*" → "1)"), no-break spaces
    /// plain. Struck-through text ("~~4~~ 3") is removed and reported.
    package static func normalise(_ line: String) -> (text: String, struck: Bool) {
        var s = line
        // Circled and dingbat numbers used as numbering ("①４", "❷ 2"): the number and a bracket, so
        // compatibility folding does not run them into the answer ("14").
        if s.unicodeScalars.contains(where: { (0x2460...0x2473).contains($0.value) || (0x2776...0x2793).contains($0.value) }) {
            var out = ""
            for u in s.unicodeScalars {
                switch u.value {
                case 0x2460...0x2473: out += "\(u.value - 0x2460 + 1)) "
                case 0x2776...0x277F: out += "\(u.value - 0x2776 + 1)) "
                case 0x2780...0x2789: out += "\(u.value - 0x2780 + 1)) "
                case 0x278A...0x2793: out += "\(u.value - 0x278A + 1)) "
                default: out.unicodeScalars.append(u)
                }
            }
            s = out
        }
        // NFKC leaves ASCII as it is.
        if !s.utf8.allSatisfy({ $0 < 0x80 }) { s = s.precomposedStringWithCompatibilityMapping }
        var struck = false
        if s.contains("~~"), let regex = try? NSRegularExpression(pattern: "~~[^~]+~~") {
            let range = NSRange(s.startIndex..., in: s)
            if regex.firstMatch(in: s, range: range) != nil {
                struck = true
                s = regex.stringByReplacingMatches(in: s, range: range, withTemplate: "")
            }
        }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u.value {
            case 0xFE0F, 0x20E3, 0xFE0E: continue  // keycap and variation selectors: the digit stays
            // Bidirectional marks and isolates (LRM, RLM, ALM, embeddings, isolates) that Hebrew and
            // Arabic keyboards and clients put around digits and Latin words: invisible, never part of an answer.
            case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: continue
            case 0x2010...0x2015, 0x2212, 0xFE63, 0xFF0D: out.append("-")
            case 0x00A0, 0x2007, 0x202F, 0x3000: out.append(" ")
            case 0x2018, 0x2019, 0x02BC: out.append("'")
            case 0x2044, 0x2215: out.append("/")  // fraction slashes (⅘ folds to 4⁄5)
            default: out.append(u)
            }
        }
        var text = String(out)
        // Emphasis markers around the numbering and the answer ("*1)* 4", "**4**").
        if text.contains("*") { text = text.replacingOccurrences(of: "*", with: "") }
        return (text, struck)
    }

    /// Lower case without diacritics ("Arrêtez" → "arretez", "zurück" → "zuruck"), for matching
    /// words written with or without their accents.
    package static func folded(_ text: String) -> String {
        // ASCII (most replies, sentence by sentence): folding is lower-casing, without Foundation.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: text.utf8.count) { buffer in
                var n = 0
                for byte in text.utf8 {
                    buffer[n] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                    n += 1
                }
                return n
            }
        }
        var f = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        // Letters that are not a base letter plus a mark, but are typed as one without it.
        for (a, b) in [("ʼ", "'"), ("ı", "i"), ("ł", "l"), ("ø", "o"), ("ß", "ss"), ("đ", "d")] where f.contains(a) {
            f = f.replacingOccurrences(of: a, with: b)
        }
        return f
    }

    /// Words of letters and digits, each CJK ideograph or kana run its own word.
    package static func words(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start: String.Index?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if isKana(c) {
                // A run of kana is one word ("よん"), cut off from letters before it.
                if let s = start, !isKana(text[s]) { out.append(text[s..<i]); start = nil }
                if start == nil { start = i }
            } else if isCJK(c) {
                if let s = start { out.append(text[s..<i]); start = nil }
                out.append(text[i...i])
            } else if let s = start, isKana(text[s]) {
                out.append(text[s..<i])
                start = nil
                if c.isLetter || c.isNumber { start = i }
            } else if c.isLetter || c.isNumber || c == "'" && start != nil {
                if start == nil { start = i }
            } else if let s = start {
                out.append(text[s..<i])
                start = nil
            }
            i = text.index(after: i)
        }
        if let s = start { out.append(text[s...]) }
        return out
    }

    /// Han ideographs and kana: written without spaces, so read character by character.
    package static func isCJK(_ c: Character) -> Bool {
        guard let u = c.unicodeScalars.first?.value else { return false }
        return (0x3040...0x30FF).contains(u) || (0x3400...0x4DBF).contains(u) || (0x4E00...0x9FFF).contains(u) || u == 0x3007
    }

    package static func isKana(_ c: Character) -> Bool {
        guard let u = c.unicodeScalars.first?.value else { return false }
        return (0x3040...0x30FF).contains(u)
    }

    /// Sentences of a text: split after . ! ? ; and their CJK forms, and at line breaks.
    package static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previous: Character?
        for ch in text {
            if ch == "\n" || "。！？".contains(ch) {
                if "。！？".contains(ch) { current.append(ch) }
                let t = current.trimmingCharacters(in: .whitespaces)
                if !t.isEmpty { out.append(t) }
                current = ""
            } else if ch == " ", let p = previous, ".!?;".contains(p), !current.isEmpty {
                out.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
            previous = ch
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { out.append(last) }
        return out
    }
}

extension StringProtocol {
    /// Whether the text has no visible characters.
    var isBlankText: Bool { allSatisfy { $0.isWhitespace } }
}

#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// Byte-wise substring search on UTF-8. The readers' texts are composed (NFKC) and their word
    /// lists are literals, so this finds what `contains` finds, at a fraction of the cost of
    /// Foundation's locale-aware search on the reading and extraction hot paths.
    package func has(_ needle: String) -> Bool { byteOffset(of: needle) != nil || needle.isEmpty }

    /// The UTF-8 offset of the first occurrence of `needle`, or nil.
    package func byteOffset(of needle: String) -> Int? {
        var haystack = self, needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n -> Int? in
                guard let first = n.first, n.count <= h.count, let hb = h.baseAddress, let nb = n.baseAddress else { return nil }
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first && memcmp(hb + i, nb, n.count) == 0 { return i }
                    i += 1
                }
                return nil
            }
        }
    }
}
