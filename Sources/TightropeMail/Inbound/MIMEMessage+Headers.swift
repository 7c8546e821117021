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
