/// The first value of a top-level header, found in the raw bytes without parsing the message:
/// a small, bounded scan (the first 64 KB) that the poller runs before it has stored a message,
/// so that even a message the full parser could not read is stored and de-duplicated first.
package enum RawHeaders {
    /// How much of a message's start is scanned for its headers.
    static let scanLimit = 64 << 10

    /// The unfolded value of the first field named `name` (ASCII, any case), or nil.
    package static func firstValue(_ name: String, in bytes: [UInt8]) -> String? {
        let end = min(bytes.count, scanLimit)
        let wanted = Array(name.lowercased().utf8)
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < end, bytes[i] == 10 || bytes[i] == 13 { i += 1 }
        if bytes[i..<end].starts(with: Array("From ".utf8)) { i = lineEnd(bytes, from: i, end: end).next }
        var value: [UInt8]?
        while i < end {
            let (lineStop, next) = lineEnd(bytes, from: i, end: end)
            if lineStop == i { break }  // the blank line after the headers
            let first = bytes[i]
            if first == 32 || first == 9 {
                if value != nil { value! += [32] + bytes[i..<lineStop].drop { $0 == 32 || $0 == 9 } }
            } else if value != nil {
                break
            } else if lineStop - i > wanted.count, bytes[i + wanted.count] == UInt8(ascii: ":"),
                      zip(bytes[i..<(i + wanted.count)], wanted).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 }) {
                value = Array(bytes[(i + wanted.count + 1)..<lineStop])
            }
            i = next
        }
        return value.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Where the line starting at `from` stops (before CR LF, LF or a bare CR) and the next begins.
    private static func lineEnd(_ bytes: [UInt8], from: Int, end: Int) -> (stop: Int, next: Int) {
        var j = from
        while j < end, bytes[j] != 10, bytes[j] != 13 { j += 1 }
        guard j < end else { return (j, j) }
        if bytes[j] == 13, j + 1 < end, bytes[j + 1] == 10 { return (j, j + 2) }
        return (j, j + 1)
    }
}
