import Foundation

/// RFC 2047 decoding of header values, tolerant: malformed words stay as written,
/// adjacent words are joined (also a multi-byte character split across two words), and
/// raw 8-bit bytes are read as UTF-8 (or Windows-1252 when they are not UTF-8).
package enum EncodedWords {
    package static func decode(_ raw: [UInt8], defects: inout [MIMEDefect]) -> String {
        // Fast path: nothing encoded.
        let hasEncoded = raw.indices.dropLast().contains { raw[$0] == UInt8(ascii: "=") && raw[$0 + 1] == UInt8(ascii: "?") }
        if !hasEncoded { return plain(raw[...], defects: &defects) }

        var out = ""
        var i = 0
        var pendingWhitespace: ArraySlice<UInt8> = []
        var previousWasWord = false
        var run: (charset: String, bytes: [UInt8])?

        func flushRun() {
            if let r = run {
                out += Charset.decode(r.bytes, label: r.charset, defects: &defects)
                run = nil
            }
        }

        while i < raw.count {
            if raw[i] == UInt8(ascii: "="), i + 1 < raw.count, raw[i + 1] == UInt8(ascii: "?"),
               let (charset, bytes, end) = parseWord(raw, from: i) {
                // Whitespace between two encoded-words is dropped (RFC 2047 §6.2).
                if !previousWasWord { out += plain(pendingWhitespace, defects: &defects) }
                pendingWhitespace = []
                if let r = run, r.charset == charset {
                    run?.bytes += bytes
                } else {
                    flushRun()
                    run = (charset, bytes)
                }
                previousWasWord = true
                i = end
                continue
            }
            if raw[i] == 32 || raw[i] == 9 || raw[i] == 13 || raw[i] == 10 {
                let start = i
                while i < raw.count, raw[i] == 32 || raw[i] == 9 || raw[i] == 13 || raw[i] == 10 { i += 1 }
                pendingWhitespace = raw[start..<i]
                continue
            }
            // Ordinary text up to the next whitespace or encoded-word start.
            flushRun()
            out += plain(pendingWhitespace, defects: &defects)
            pendingWhitespace = []
            let start = i
            i += 1
            while i < raw.count, raw[i] != 32, raw[i] != 9, raw[i] != 13, raw[i] != 10,
                  !(raw[i] == UInt8(ascii: "=") && i + 1 < raw.count && raw[i + 1] == UInt8(ascii: "?")) { i += 1 }
            out += plain(raw[start..<i], defects: &defects)
            previousWasWord = false
        }
        flushRun()
        out += plain(pendingWhitespace, defects: &defects)
        return out
    }

    /// Parses `=?charset?X?text?=` at `start`; returns the decoded bytes and the index after it.
    private static func parseWord(_ raw: [UInt8], from start: Int) -> (String, [UInt8], Int)? {
        var i = start + 2
        let charsetStart = i
        while i < raw.count, raw[i] != UInt8(ascii: "?") {
            if raw[i] <= 32 || raw[i] >= 127 { return nil }
            i += 1
        }
        guard i + 2 < raw.count, raw[i + 2] == UInt8(ascii: "?") else { return nil }
        let charset = String(decoding: raw[charsetStart..<i], as: UTF8.self)
        let encoding = raw[i + 1] | 0x20
        let textStart = i + 3
        var j = textStart
        // The text ends at "?="; tolerate spaces inside (some mailers emit them).
        while j + 1 < raw.count, !(raw[j] == UInt8(ascii: "?") && raw[j + 1] == UInt8(ascii: "=")) {
            if raw[j] == 13 || raw[j] == 10 { return nil }
            j += 1
        }
        guard j + 1 < raw.count else { return nil }
        let text = raw[textStart..<j]
        var ignored: [MIMEDefect] = []
        let bytes: [UInt8]
        switch encoding {
        case UInt8(ascii: "b"): bytes = TransferDecoding.base64(text, defects: &ignored)
        case UInt8(ascii: "q"): bytes = TransferDecoding.qEncoding(text)
        default: return nil
        }
        return (charset, bytes, j + 2)
    }

    private static func plain(_ bytes: ArraySlice<UInt8>, defects: inout [MIMEDefect]) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        defects.append(.eightBitHeader)
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return Charset.windows1252(Array(bytes))
    }
}
