import Foundation

/// An email to be sent: RFC 5322 headers and a UTF-8 text body, optionally with an HTML
/// alternative. `render()` produces the exact bytes that go on the wire.
package struct OutgoingMessage: Hashable, Sendable {
    package var from: EmailAddress
    package var to: [EmailAddress]
    package var replyTo: EmailAddress?
    package var subject: String
    package var date: Date
    /// Without angle brackets: `id@domain`.
    package var messageID: String
    package var inReplyTo: String?
    package var references: [String]
    /// Further headers as (name, unstructured ASCII value), written after the standard ones.
    package var extraHeaders: [(name: String, value: String)]
    package var textBody: String
    package var htmlBody: String?

    package init(from: EmailAddress, to: [EmailAddress], replyTo: EmailAddress? = nil, subject: String, date: Date,
                 messageID: String, inReplyTo: String? = nil, references: [String] = [],
                 extraHeaders: [(name: String, value: String)] = [], textBody: String, htmlBody: String? = nil) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.extraHeaders = extraHeaders
        self.textBody = textBody
        self.htmlBody = htmlBody
    }

    package static func == (lhs: OutgoingMessage, rhs: OutgoingMessage) -> Bool { lhs.render() == rhs.render() }
    package func hash(into hasher: inout Hasher) { hasher.combine(render()) }

    /// The multipart boundary, derived from the Message-ID so output is reproducible.
    /// It contains `=_`, which quoted-printable output can never contain.
    var boundary: String {
        let safe = messageID.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        return "=_tightrope_" + String(String.UnicodeScalarView(safe).prefix(40))
    }

    /// The complete message with CRLF line ends.
    package func render() -> [UInt8] {
        var head = ""
        head += HeaderEncoding.fold(name: "Date", words: [RFC5322Date.format(date)])
        head += HeaderEncoding.fold(name: "From", words: from.headerWords())
        head += HeaderEncoding.fold(name: "To", words: Self.addressListWords(to))
        if let replyTo { head += HeaderEncoding.fold(name: "Reply-To", words: replyTo.headerWords()) }
        head += HeaderEncoding.fold(name: "Subject", words: HeaderEncoding.unstructuredWords(subject))
        head += HeaderEncoding.fold(name: "Message-ID", words: ["<\(messageID)>"])
        // Ids that came from inbound mail are written only when they are valid message ids.
        if let inReplyTo, HeaderValues.isMessageID(inReplyTo) { head += HeaderEncoding.fold(name: "In-Reply-To", words: ["<\(inReplyTo)>"]) }
        let references = references.filter(HeaderValues.isMessageID)
        if !references.isEmpty { head += HeaderEncoding.fold(name: "References", words: references.map { "<\($0)>" }) }
        for header in extraHeaders {
            head += HeaderEncoding.fold(name: header.name, words: header.value.split(separator: " ").map(String.init))
        }
        head += "MIME-Version: 1.0\r\n"

        var bytes = Array(head.utf8)
        let textHeaders = "Content-Type: text/plain; charset=utf-8; format=fixed\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        guard let htmlBody else {
            bytes += Array(textHeaders.utf8) + [13, 10] + QuotedPrintable.encode(textBody)
            if bytes.last != 10 { bytes += [13, 10] }
            return bytes
        }
        let b = boundary
        bytes += Array("Content-Type: multipart/alternative;\r\n boundary=\"\(b)\"\r\n\r\n".utf8)
        bytes += Array("This is a MIME message: a plain-text part and an HTML part.\r\n".utf8)
        bytes += Array("\r\n--\(b)\r\n\(textHeaders)\r\n".utf8) + QuotedPrintable.encode(textBody)
        bytes += Array("\r\n--\(b)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
        bytes += QuotedPrintable.encode(htmlBody)
        bytes += Array("\r\n--\(b)--\r\n".utf8)
        return bytes
    }

    private static func addressListWords(_ list: [EmailAddress]) -> [String] {
        var words: [String] = []
        for (i, address) in list.enumerated() {
            var w = address.headerWords()
            if i < list.count - 1 { w[w.count - 1] += "," }
            words += w
        }
        return words
    }
}

/// RFC 5322 date-time in UTC (`Fri, 27 Nov 2026 09:17:36 +0000`).
package enum RFC5322Date {
    package static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func pad(_ n: Int?, _ width: Int = 2) -> String {
            let text = String(n ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(days[(c.weekday ?? 1) - 1]), \(pad(c.day)) \(months[(c.month ?? 1) - 1]) \(pad(c.year, 4)) "
            + "\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) +0000"
    }
}

/// Message-ID generation at a given domain.
package enum MessageIDGenerator {
    /// A new globally unique id `<time>.<random>@domain` (without brackets).
    package static func make(domain: String, date: Date, random: some RandomNumberGenerator) -> String {
        var rng = random
        let stamp = String(UInt64(max(0, date.timeIntervalSince1970 * 1000)), radix: 36)
        let noise = (0..<2).map { _ in String(rng.next() as UInt64, radix: 36) }.joined(separator: ".")
        return "\(stamp).\(noise)@\(domain)"
    }
}
