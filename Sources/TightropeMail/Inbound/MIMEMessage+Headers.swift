import Foundation

extension MIMEMessage {
    /// Every value of a header of the message, in order, RFC 2047 decoded.
    package func headers(_ name: String) -> [String] {
        root.headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map { field in
            var ignored: [MIMEDefect] = []
            return EncodedWords.decode(field.rawValue, defects: &ignored).trimmed
        }
    }
}

extension MIMEMessage {
    /// The valid RFC 5322 message ids of Message-ID, In-Reply-To or References fields, read from
    /// the raw field (message ids are never RFC 2047 encoded), in order. What is not a valid id
    /// is dropped; `dropped` counts it.
    package func messageIDs(_ names: String..., dropped: inout Int) -> [String] {
        var ids: [String] = []
        for name in names {
            for field in root.headers where field.name.caseInsensitiveCompare(name) == .orderedSame {
                ids += HeaderValues.messageIDs(String(decoding: field.rawValue, as: UTF8.self), dropped: &dropped)
            }
        }
        return ids
    }

    /// The same, without the count.
    package func messageIDs(_ names: String...) -> [String] {
        var ignored = 0
        var ids: [String] = []
        for name in names { ids += messageIDs(name, dropped: &ignored) }
        return ids
    }
}
