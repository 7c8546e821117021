/// Quoted-printable body encoding (RFC 2045 §6.7) of UTF-8 text.
package enum QuotedPrintable {
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// Encodes text with CRLF line ends and lines of at most 76 characters. Besides what the
    /// RFC requires, it encodes a leading `.` and a leading `From ` so no relay or mbox
    /// writer can alter the body.
    package static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { out += [13, 10] }
            let bytes = Array(line.utf8)
            var column = 0
            for (i, byte) in bytes.enumerated() {
                let isLast = i == bytes.count - 1
                var token: [UInt8]
                let mustEncode = byte == UInt8(ascii: "=") || byte > 126 || (byte < 32 && byte != 9)
                    || ((byte == 32 || byte == 9) && isLast)
                    || (column == 0 && byte == UInt8(ascii: "."))
                    || (column == 0 && byte == UInt8(ascii: "F") && bytes[i...].starts(with: Array("From ".utf8)))
                if mustEncode {
                    token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                } else {
                    token = [byte]
                }
                // Keep room for a soft break: a line holds at most 75 characters plus "=".
                let limit = isLast ? 76 : 75
                if column + token.count > limit {
                    out += [UInt8(ascii: "="), 13, 10]
                    column = 0
                    if byte == UInt8(ascii: ".") && token.count == 1 {
                        token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                    }
                }
                out += token
                column += token.count
            }
        }
        return out
    }
}
