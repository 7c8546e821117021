import TightropeCore

/// A text within the reading limits: at most `maxTextBytes` (cut at a line end), and no line
/// longer than `maxLineBytes` (a longer one is broken at a space, or between two characters
/// where it has none, so that no word is lost). One pass; no copy when nothing is over.
package enum BoundedText {
    package static func bounded(_ text: String, limits: ReadingLimits, defects: inout [MIMEDefect]) -> String {
        var u = Array(text.utf8)
        if u.count > limits.maxTextBytes {
            let cut = u[..<limits.maxTextBytes].lastIndex(of: 10) ?? boundary(u, before: limits.maxTextBytes)
            u.removeSubrange(cut...)
            defects.record(.textTooLong(limit: limits.maxTextBytes), limit: limits.maxDefects)
        }
        guard hasLongLine(u, limit: limits.maxLineBytes) else { return u.count == text.utf8.count ? text : String(decoding: u, as: UTF8.self) }
        defects.record(.lineTooLong(limit: limits.maxLineBytes), limit: limits.maxDefects)
        var out: [UInt8] = []
        out.reserveCapacity(u.count + u.count / max(1, limits.maxLineBytes) + 1)
        var lineStart = 0
        var lastSpace: Int?  // index in `out` of the last space of the current line
        for b in u {
            if b == 10 {
                out.append(b)
                lineStart = out.count
                lastSpace = nil
                continue
            }
            if out.count - lineStart >= limits.maxLineBytes {
                if let space = lastSpace, space > lineStart {
                    out[space] = 10
                    lineStart = space + 1
                } else if b & 0xC0 != 0x80 {
                    out.append(10)
                    lineStart = out.count
                }
                lastSpace = nil
            }
            if b == 32 { lastSpace = out.count }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hasLongLine(_ u: [UInt8], limit: Int) -> Bool {
        var run = 0
        for b in u {
            if b == 10 { run = 0 } else {
                run += 1
                if run > limit { return true }
            }
        }
        return false
    }

    /// The start of the character at or before `index`.
    private static func boundary(_ u: [UInt8], before index: Int) -> Int {
        var i = index
        while i > 0, u[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }
}

extension BoundedText {
    /// The start of `text`: at most `bytes` bytes and `lines` lines, cut at a line end (or
    /// between two characters when the first line alone is longer). `cut` says whether anything
    /// was left out.
    package static func prefix(_ text: String, bytes: Int, lines: Int) -> (text: String, cut: Bool) {
        var text = text
        text.makeContiguousUTF8()
        var end = 0, newlines = 0, lastBreak: Int?
        var tooLong = false
        text.utf8.withContiguousStorageIfAvailable { u in
            while end < u.count {
                if end >= bytes || newlines >= lines { tooLong = true; return }
                if u[end] == 10 {
                    newlines += 1
                    lastBreak = end
                }
                end += 1
            }
        }
        guard tooLong else { return (text, false) }
        let u = Array(text.utf8)
        var cut = lastBreak ?? end
        if lastBreak == nil { while cut > 0, u[cut] & 0xC0 == 0x80 { cut -= 1 } }
        return (String(decoding: u[..<cut], as: UTF8.self), true)
    }
}
