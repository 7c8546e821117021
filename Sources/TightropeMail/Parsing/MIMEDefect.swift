import TightropeCore

/// A problem found while parsing a message. Parsing records it and goes on.
package enum MIMEDefect: Hashable, Sendable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case tooDeep(limit: Int)
    case tooManyParts(limit: Int)
    case tooManyHeaders(limit: Int)
    case missingHeaderBodySeparator
    case malformedHeaderLine
    case multipartWithoutBoundary
    case missingFinalBoundary
    case noBoundaryFound
    case invalidBase64
    case invalidQuotedPrintable
    case unknownCharset(String)
    case undecodableBytes(charset: String)
    case mislabelledCharset(declared: String, used: String)
    case malformedEncodedWord
    case eightBitHeader
    case tooManyDefects(limit: Int)
    case headerFieldTooLong(limit: Int)
    case textTooLong(limit: Int)
    case htmlTooLong(limit: Int)
    case quoteTooDeep(limit: Int)
    case lineTooLong(limit: Int)
    case answerTextTooLong(bytes: Int, lines: Int)
    /// A second Content-Type or Content-Transfer-Encoding in one entity: the first one counts.
    case duplicateHeader(String)
    case invalidMessageID(header: String)

    package var description: String {
        switch self {
        case .tooLarge(let n): "message larger than \(n) bytes; the rest was ignored"
        case .tooDeep(let n): "multipart nesting deeper than \(n); deeper parts were not parsed"
        case .tooManyParts(let n): "more than \(n) parts; the rest were not parsed"
        case .tooManyHeaders(let n): "more than \(n) header fields; the rest were ignored"
        case .missingHeaderBodySeparator: "no blank line between headers and body"
        case .malformedHeaderLine: "a header line without a colon"
        case .multipartWithoutBoundary: "multipart without a boundary parameter"
        case .missingFinalBoundary: "multipart without its closing boundary"
        case .noBoundaryFound: "multipart whose boundary never appears"
        case .invalidBase64: "invalid characters or padding in base64"
        case .invalidQuotedPrintable: "invalid quoted-printable escape"
        case .unknownCharset(let c): "unknown charset \(c)"
        case .undecodableBytes(let c): "bytes not valid in \(c)"
        case .mislabelledCharset(let declared, let used): "declared \(declared) but decoded as \(used)"
        case .malformedEncodedWord: "malformed RFC 2047 encoded-word"
        case .eightBitHeader: "8-bit bytes in a header"
        case .tooManyDefects(let n): "more than \(n) defects; the rest were not recorded"
        case .headerFieldTooLong(let n): "a header field longer than \(n) bytes; the rest of it was ignored"
        case .textTooLong(let n): "text longer than \(n) bytes; the rest was not read"
        case .htmlTooLong(let n): "HTML longer than \(n) bytes; the rest was not converted"
        case .quoteTooDeep(let n): "quotes nested deeper than \(n); deeper levels are shown as \(n)"
        case .lineTooLong(let n): "a line longer than \(n) bytes, read as several lines"
        case .answerTextTooLong(let b, let l): "new text longer than \(b) bytes or \(l) lines; answers were read from its start only"
        case .duplicateHeader(let name): "\(name) given twice; the first one was used"
        case .invalidMessageID(let header): "\(header) is not a valid message id; it was ignored"
        }
    }

    /// A reading limit was reached: part of the message was not read as written, so a reply
    /// with this defect goes to review.
    package var isLimit: Bool {
        switch self {
        case .tooLarge, .tooDeep, .tooManyParts, .tooManyHeaders, .headerFieldTooLong, .textTooLong, .htmlTooLong, .answerTextTooLong: true
        default: false
        }
    }
}

extension [MIMEDefect] {
    /// Records a defect unless the list is full: past `limit`, one `.tooManyDefects` stands for the rest.
    package mutating func record(_ defect: MIMEDefect, limit: Int = ReadingLimits.standard.maxDefects) {
        if count < limit {
            append(defect)
        } else if last != .tooManyDefects(limit: limit) {
            append(.tooManyDefects(limit: limit))
        }
    }
}
