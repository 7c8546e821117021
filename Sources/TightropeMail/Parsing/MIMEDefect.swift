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
        }
    }
}

/// Hard limits that make a hostile message cheap to reject.
package struct MIMELimits: Sendable {
    package var maxBytes: Int
    package var maxDepth: Int
    package var maxParts: Int
    package var maxHeaders: Int

    package init(maxBytes: Int = 32 << 20, maxDepth: Int = 32, maxParts: Int = 1_000, maxHeaders: Int = 2_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaders = maxHeaders
    }

    package static let standard = MIMELimits()
}
