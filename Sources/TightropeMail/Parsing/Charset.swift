#if canImport(Glibc)
import Glibc
#endif

/// Decodes bytes in a named charset to a String: UTF-8, ASCII, Latin-1 and Windows-1252
/// natively, everything else through the C library's iconv (KOI8-R, ISO-2022-JP,
/// Shift_JIS, GBK, Big5, EUC-KR, UTF-7, ISO-8859-x, Windows-125x …). Undecodable bytes
/// become U+FFFD and are recorded as a defect; text labelled ASCII (or not labelled) that
/// is really UTF-8 is decoded as UTF-8, and 8-bit text labelled ASCII that is not UTF-8 as
/// Windows-1252.
package enum Charset {
    /// The canonical name for a declared charset label.
    static func canonical(_ label: String) -> String {
        var name = label.lowercased()
        name.removeAll { $0 == "\"" || $0 == "'" || $0 == " " }
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }  // RFC 2231 language suffix
        switch name {
        case "", "us-ascii", "ascii", "ansi_x3.4-1968", "us", "iso646-us", "cp367", "7bit", "8bit": return "us-ascii"
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-utf8": return "utf-8"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "iso-ir-100", "iso_8859-1:1987": return "iso-8859-1"
        case "windows-1252", "cp1252", "x-cp1252", "win-1252", "ms-ansi": return "windows-1252"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "cp932", "windows-31j", "x-ms-cp932": return "CP932"
        // As the WHATWG Encoding Standard reads them: GB2312 and GBK as GB18030 (their superset),
        // Big5 as Big5-HKSCS (what clients in Taiwan and Hong Kong really send under that label).
        case "gb2312", "gbk", "x-gbk", "cp936", "ms936", "euc-cn", "x-euc-cn", "csgb2312", "chinese", "gb18030": return "GB18030"
        case "big5", "x-big5", "csbig5", "cn-big5", "big-5", "big5-hkscs", "big5hkscs", "cp950", "x-x-big5": return "BIG5-HKSCS"
        case "ks_c_5601-1987", "euc-kr", "ks_c_5601", "cp949", "ksc5601", "korean", "x-euc-kr": return "CP949"
        case "iso-2022-jp", "csiso2022jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3": return "ISO-2022-JP-2"
        case "euc-jp", "x-euc-jp", "eucjp": return "EUC-JP"
        case "iso-2022-kr": return "ISO-2022-KR"
        case "koi8-r", "koi8r", "cskoi8r": return "KOI8-R"
        case "koi8-u", "koi8u": return "KOI8-U"
        case "utf-7", "utf7", "unicode-1-1-utf-7": return "UTF-7"
        case "utf-16", "utf16": return "UTF-16"
        case "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        case "tis-620", "windows-874", "cp874": return "CP874"
        default:
            if name.hasPrefix("iso8859-") { return "iso-8859-" + name.dropFirst(8) }
            if name.hasPrefix("iso_8859-") { return "iso-8859-" + name.dropFirst(9) }
            if name.hasPrefix("cp125") { return "windows-125" + name.dropFirst(5) }
            if name.hasPrefix("x-mac-") || name == "macintosh" || name == "mac" { return "MACINTOSH" }
            return name
        }
    }

    /// Decodes `bytes` declared as `label` (nil: none declared).
    package static func decode(_ bytes: some Collection<UInt8>, label: String?, defects: inout [MIMEDefect]) -> String {
        let bytes = Array(bytes)
        let name = canonical(label ?? "us-ascii")
        let isASCII = bytes.allSatisfy { $0 < 0x80 }
        switch name {
        case "us-ascii", "utf-8":
            if isASCII { return String(decoding: bytes, as: UTF8.self) }
            if let valid = String(validating: bytes, as: UTF8.self) {
                if name == "us-ascii" { defects.append(.mislabelledCharset(declared: name, used: "utf-8")) }
                return valid
            }
            if name == "us-ascii" {
                // 8-bit text declared ASCII and not UTF-8: Windows-1252 is the likeliest truth.
                defects.append(.mislabelledCharset(declared: name, used: "windows-1252"))
                return windows1252(bytes)
            }
            defects.append(.undecodableBytes(charset: name))
            return String(decoding: bytes, as: UTF8.self)
        case "iso-8859-1", "windows-1252":
            // Every byte is valid here, so a label of Latin-1 is taken at its word (sniffing for
            // UTF-8 would misread genuine Latin-1 such as "Ã" followed by a C1 byte).
            if isASCII { return String(decoding: bytes, as: UTF8.self) }
            return name == "windows-1252" ? windows1252(bytes) : latin1(bytes)
        default:
            if isASCII && !name.hasPrefix("UTF-16") && name != "UTF-7" && !name.hasPrefix("ISO-2022") {
                return String(decoding: bytes, as: UTF8.self)
            }
            var trial: [MIMEDefect] = []
            if let text = iconvDecode(bytes, from: name, defects: &trial) {
                guard !trial.isEmpty else { return text }
                // Undecodable in the declared charset: the label is likely wrong. Try UTF-8 and
                // the declared charset's neighbours; keep the reading with the fewest U+FFFD.
                if let valid = String(validating: bytes, as: UTF8.self) {
                    defects.append(.mislabelledCharset(declared: name, used: "utf-8"))
                    return valid
                }
                var best = (text, text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count, name)
                for alternative in neighbours(of: name) {
                    var ignored: [MIMEDefect] = []
                    guard let other = iconvDecode(bytes, from: alternative, defects: &ignored) else { continue }
                    let bad = other.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
                    if bad < best.1 { best = (other, bad, alternative) }
                }
                defects.append(best.2 == name ? .undecodableBytes(charset: name) : .mislabelledCharset(declared: name, used: best.2))
                return best.0
            }
            defects.append(.unknownCharset(name))
            if let valid = String(validating: bytes, as: UTF8.self) { return valid }
            return windows1252(bytes)
        }
    }

    /// Charsets often mistaken for one another, to try when the declared one fails.
    static func neighbours(of name: String) -> [String] {
        switch name {
        case "ISO-2022-JP-2", "CP932", "EUC-JP": ["CP932", "EUC-JP", "ISO-2022-JP-2"].filter { $0 != name }
        // Never from Big5 to GB18030: GB18030 maps nearly every byte pair, so it always "fits" and garbles Big5.
        case "BIG5-HKSCS": ["CP950", "BIG5"]
        case "GB18030": ["BIG5-HKSCS", "CP949"]
        case "CP949", "ISO-2022-KR": ["CP949", "GB18030"].filter { $0 != name }
        case "KOI8-R", "KOI8-U": ["windows-1251", "KOI8-U"].filter { $0 != name }
        default: ["windows-1252"]
        }
    }

    static func latin1(_ bytes: [UInt8]) -> String {
        var s = String.UnicodeScalarView()
        s.reserveCapacity(bytes.count)
        for b in bytes { s.append(Unicode.Scalar(b)) }
        return String(s)
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func windows1252(_ bytes: [UInt8]) -> String {
        var s = String.UnicodeScalarView()
        s.reserveCapacity(bytes.count)
        for b in bytes {
            if (0x80...0x9F).contains(b) {
                s.append(Unicode.Scalar(cp1252High[Int(b - 0x80)]) ?? "\u{FFFD}")
            } else {
                s.append(Unicode.Scalar(b))
            }
        }
        return String(s)
    }

    /// Converts through iconv to UTF-8; nil when iconv does not know the charset.
    static func iconvDecode(_ bytes: [UInt8], from charset: String, defects: inout [MIMEDefect]) -> String? {
        let cd = iconv_open("UTF-8", charset)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: max(64, bytes.count * 4 + 16))
        var result: [UInt8] = []
        var sawInvalid = false
        input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                conversion: while true {
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    let rc = inLeft == 0 ? iconv(cd, nil, nil, &outPtr, &outLeft) : iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let failure = rc == -1 ? errno : 0
                    result.append(contentsOf: UnsafeRawBufferPointer(start: outBuf.baseAddress, count: outBuf.count - outLeft))
                    if rc != -1 {
                        if inLeft == 0 { break conversion }
                        continue conversion
                    }
                    switch failure {
                    case E2BIG:
                        continue conversion
                    case EILSEQ, EINVAL:
                        // An invalid or truncated sequence: one replacement character, skip a byte.
                        sawInvalid = true
                        result.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        guard inLeft > 0 else { break conversion }
                        inPtr = inPtr.map { $0 + 1 }
                        inLeft -= 1
                        if inLeft == 0 { break conversion }
                    default:
                        sawInvalid = true
                        break conversion
                    }
                }
            }
        }
        if sawInvalid { defects.append(.undecodableBytes(charset: charset)) }
        return String(decoding: result, as: UTF8.self)
    }
}
