/// Quoted-printable body encoding (RFC 2045 §6.7) of UTF-8 text.
package enum QuotedPrintable {
    private static let hex = Array("0123456789ABCDEF".utf8)
    private static let fromSpace = Array("From ".utf8)

    /// Encodes text with CRLF line ends (any of CRLF, CR or LF in the input) and lines of at
    /// most 76 characters. Besides what the RFC requires, it encodes a leading `.` and a
    /// leading `From ` so no relay or mbox writer can alter the body.
    package static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var bytes = Array(text.utf8)
        bytes.append(10)  // a sentinel line end; the last one is dropped below
        var lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == 10 || b == 13 else { i += 1; continue }
            encodeLine(bytes[lineStart..<i], into: &out)
            if i == bytes.count - 1 { break }
            out.append(13)
            out.append(10)
            i += (b == 13 && i + 1 < bytes.count - 1 && bytes[i + 1] == 10) ? 2 : 1
            lineStart = i
        }
        return out
    }

    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var column = 0
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            let isLast = index == line.endIndex - 1
            var mustEncode = byte == UInt8(ascii: "=") || byte > 126 || (byte < 32 && byte != 9)
                || ((byte == 32 || byte == 9) && isLast)
            if column == 0 {
                mustEncode = mustEncode || byte == UInt8(ascii: ".")
                    || (byte == UInt8(ascii: "F") && line[index...].starts(with: fromSpace))
            }
            let width = mustEncode ? 3 : 1
            // Keep room for a soft break: a line holds at most 75 characters plus "=".
            if column + width > (isLast ? 76 : 75) {
                out.append(UInt8(ascii: "="))
                out.append(13)
                out.append(10)
                column = 0
                continue  // re-examine the byte at the start of the new line
            }
            if mustEncode {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            } else {
                out.append(byte)
            }
            column += width
            index += 1
        }
    }
}
