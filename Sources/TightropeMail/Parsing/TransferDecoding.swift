/// Content-Transfer-Encoding decoders, tolerant of real-world damage.
enum TransferDecoding {
    private static let base64Table: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = Int8(i) }
        // URL-safe variants, seen in the wild.
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// Decodes base64, skipping whitespace and stray characters, stopping at padding, and
    /// keeping a trailing partial group (broken padding).
    static func base64(_ input: ArraySlice<UInt8>, defects: inout [MIMEDefect]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var buffer: UInt32 = 0, bits = 0, invalid = false
        for byte in input {
            let v = base64Table[Int(byte)]
            if v < 0 {
                if byte == UInt8(ascii: "=") { continue }
                if byte != 13 && byte != 10 && byte != 32 && byte != 9 { invalid = true }
                continue
            }
            buffer = (buffer << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        if invalid { defects.append(.invalidBase64) }
        return out
    }

    @inline(__always) private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// Decodes quoted-printable: `=XX` escapes, soft line breaks (`=` at a line end, with or
    /// without CR, with trailing whitespace), and keeps an invalid `=` as it is.
    static func quotedPrintable(_ input: ArraySlice<UInt8>, defects: inout [MIMEDefect]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = input.startIndex
        let end = input.endIndex
        var invalid = false
        while i < end {
            let b = input[i]
            if b != UInt8(ascii: "=") {
                out.append(b)
                i += 1
                continue
            }
            // Soft line break: "=" then optional spaces/tabs then CRLF or LF (or end).
            var j = i + 1
            while j < end, input[j] == 32 || input[j] == 9 { j += 1 }
            if j == end { i = j; continue }
            if input[j] == 10 { i = j + 1; continue }
            if input[j] == 13 { i = (j + 1 < end && input[j + 1] == 10) ? j + 2 : j + 1; continue }
            if i + 2 < end, let h = hexValue(input[i + 1]), let l = hexValue(input[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                invalid = true
                out.append(b)
                i += 1
            }
        }
        if invalid { defects.append(.invalidQuotedPrintable) }
        return out
    }

    /// Decodes the RFC 2047 `Q` encoding (underscore is a space).
    static func qEncoding(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = input.startIndex
        while i < input.endIndex {
            let b = input[i]
            if b == UInt8(ascii: "_") {
                out.append(32)
                i += 1
            } else if b == UInt8(ascii: "="), i + 2 < input.endIndex, let h = hexValue(input[i + 1]), let l = hexValue(input[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }
}
