import Foundation

/// Addresses and Message-IDs as they appear in header values.
package enum HeaderValues {
    /// The addresses of an address-list header (`"Name" <a@b>, c@d`), lower-cased. Display
    /// names, comments and group syntax are skipped; what cannot be an address is dropped.
    package static func addresses(_ value: String) -> [String] {
        var result: [String] = []
        var current = "", angle: String?, inQuotes = false, commentDepth = 0
        func finish() {
            let candidate = (angle ?? current).trimmingCharacters(in: .whitespaces)
            if candidate.contains("@"), !candidate.contains(" ") { result.append(comparable(candidate)) }
            current = ""
            angle = nil
        }
        var escaped = false
        for ch in value {
            if escaped { escaped = false; if angle != nil { angle!.append(ch) }; continue }
            if ch == "\\" { escaped = true; continue }
            if commentDepth > 0 {
                if ch == "(" { commentDepth += 1 } else if ch == ")" { commentDepth -= 1 }
                continue
            }
            if inQuotes { if ch == "\"" { inQuotes = false }; continue }
            switch ch {
            case "\"": inQuotes = true
            case "(": commentDepth = 1
            case "<": angle = ""
            case ">":
                if let a = angle { finishAngle(&result, a) }
                angle = nil
                current = ""
            case ",", ";": finish()
            case ":": current = ""  // a group's name
            default:
                if angle != nil { angle!.append(ch) } else { current.append(ch) }
            }
        }
        finish()
        return result
    }

    private static func finishAngle(_ result: inout [String], _ address: String) {
        let candidate = address.trimmingCharacters(in: .whitespaces)
        if candidate.contains("@"), !candidate.contains(" ") { result.append(comparable(candidate)) }
    }

    /// An address in the form addresses are compared in: ASCII letters lower-cased. An address
    /// with other characters is NFKC-normalised and case-folded; if that turns it into an ASCII
    /// address it was written with look-alikes (KELVIN SIGN for k, fullwidth letters, a Cyrillic
    /// "а") and it is kept as written, so it never equals the address it imitates.
    package static func comparable(_ address: String) -> String {
        if address.utf8.allSatisfy({ $0 < 0x80 }) { return asciiLowercased(address) }
        if isLookAlike(address) { return address }
        return address.precomposedStringWithCompatibilityMapping.lowercased()
    }

    /// Whether an address that is not ASCII becomes an ASCII address once NFKC-normalised and
    /// case-folded, or mixes Latin letters with look-alike letters of another script.
    package static func isLookAlike(_ address: String) -> Bool {
        guard !address.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        let folded = address.precomposedStringWithCompatibilityMapping.lowercased()
        if folded.utf8.allSatisfy({ $0 < 0x80 }) { return true }
        // Mixed scripts in one label: Latin with Cyrillic or Greek (the usual homoglyph sets).
        for label in folded.split(whereSeparator: { $0 == "@" || $0 == "." }) {
            var latin = false, other = false
            for scalar in label.unicodeScalars where scalar.properties.isAlphabetic {
                if scalar.isASCII { latin = true } else if (0x0370...0x052F).contains(scalar.value) { other = true }
            }
            if latin && other { return true }
        }
        return false
    }

    private static func asciiLowercased(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The `<…>` Message-IDs in a header value (In-Reply-To, References), in order: only those
    /// that are an RFC 5322 `msg-id` (`dot-atom-text "@" (dot-atom-text / no-fold-literal)`, at
    /// most 250 bytes); anything else is dropped, so no value from inbound mail that is not a
    /// message id is ever stored or echoed into a header the practice sends.
    package static func messageIDs(_ value: String) -> [String] {
        var ignored = 0
        return messageIDs(value, dropped: &ignored)
    }

    /// The same, counting what was dropped.
    package static func messageIDs(_ value: String, dropped: inout Int) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else {
                dropped += 1
                break
            }
            let id = rest[rest.index(after: open)..<close]
            if isMessageID(id) { ids.append(String(id)) } else { dropped += 1 }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }

    /// Whether `id` (without angle brackets) is an RFC 5322 `msg-id`.
    package static func isMessageID(_ id: some StringProtocol) -> Bool {
        let u = Array(id.utf8)
        guard u.count <= 250, let at = u.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let left = u[..<at], right = u[(at + 1)...]
        guard isDotAtomText(left) else { return false }
        if right.first == UInt8(ascii: "["), right.last == UInt8(ascii: "]"), right.count >= 2 {
            // no-fold-literal: printable ASCII except "[", "]" and "\".
            return right.dropFirst().dropLast().allSatisfy { $0 >= 33 && $0 <= 126 && $0 != 91 && $0 != 93 && $0 != 92 }
        }
        return isDotAtomText(right)
    }

    /// RFC 5322 `dot-atom-text`: atext runs separated by single dots.
    private static func isDotAtomText(_ s: ArraySlice<UInt8>) -> Bool {
        guard let first = s.first, let last = s.last, first != 46, last != 46 else { return false }
        var previousDot = false
        for b in s {
            if b == 46 {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            guard isAtext(b) else { return false }
        }
        return true
    }

    private static func isAtext(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-/=?^_`{|}~".utf8.contains(b)
        }
    }
}
