/// Text that is safe to print on a terminal or in a log line: control characters (C0 except the
/// line breaks and tabs a multi-line text keeps, DEL, C1) and the Unicode bidirectional controls,
/// which can rewrite what a terminal shows or make text read in another order, are shown as
/// visible `\u{…}` escapes instead of being passed through.
package enum TerminalText {
    package static func safe(_ text: String, multiline: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0, multiline: multiline) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar, multiline: multiline) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A C0 or C1 control, DEL, or a bidi control (LRM, RLM, ALM, the embeddings, overrides and isolates).
    package static func isUnsafe(_ s: Unicode.Scalar, multiline: Bool) -> Bool {
        switch s.value {
        case 0x0A, 0x09: !multiline
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
