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
    /// Reads a Date header (RFC 5322 §3.3 with its obsolete forms, §4.3): an optional weekday,
    /// day, month name, a 4- or 2-digit year, HH:MM[:SS], and a zone (+hhmm/-hhmm, UT, GMT, the
    /// US zones; military letters and unknown zones as -0000); comments in parentheses and
    /// extra spaces are ignored. Nil when a field is missing or out of range. No formatter, no
    /// locale: a hand parse of at most a few dozen characters.
    package static func parse(_ header: String) -> Date? {
        // Drop comments (not nested beyond one level in practice) and split on spaces and commas.
        var text = ""
        var depth = 0
        for c in header.unicodeScalars.prefix(256) {
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) } else if depth == 0 { text.unicodeScalars.append(c) }
        }
        var fields = text.split { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" || $0 == "\n" }.map { $0.lowercased() }
        if let first = fields.first, first.first?.isLetter == true, weekdays.contains(String(first.prefix(3))) { fields.removeFirst() }
        guard fields.count >= 4, let day = Int(fields[0]), (1...31).contains(day),
              let monthIndex = months.firstIndex(of: String(fields[1].prefix(3))), fields[1].count >= 3,
              var year = Int(fields[2]), fields[2].count >= 2 else { return nil }
        if fields[2].count == 2 { year += year < 50 ? 2000 : 1900 } else if fields[2].count == 3 { year += 1900 }
        let time = fields[3].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(time.count), time.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
              let hour = Int(time[0]), let minute = Int(time[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        let second = time.count == 3 ? Int(time[2]) : 0
        guard let second, (0...60).contains(second) else { return nil }
        var offset = 0  // minutes east of UTC
        if fields.count >= 5 {
            let zone = fields[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let hhmm = Int(zone.dropFirst()) {
                offset = (hhmm / 100 * 60 + hhmm % 100) * (sign == "-" ? -1 : 1)
                guard hhmm % 100 < 60, hhmm / 100 < 24 else { return nil }
            } else if let hours = zones[zone] {
                offset = hours * 60
            }
        }
        // Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
        let month = monthIndex + 1
        guard day <= daysIn(month: month, year: year) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// RFC 5322 §4.3 obs-zone names, in hours east of UTC.
    private static let zones: [String: Int] = ["ut": 0, "gmt": 0, "z": 0, "utc": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
                                                "mst": -7, "mdt": -6, "pst": -8, "pdt": -7]

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

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
