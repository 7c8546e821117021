import Foundation

/// A mailbox: an optional display name and an ASCII `local@domain` address.
package struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    package var displayName: String?
    package var address: String

    package init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// The local part, before the last `@`.
    package var localPart: Substring { address[..<(address.lastIndex(of: "@") ?? address.endIndex)] }

    /// The domain, after the last `@`.
    package var domain: Substring {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return address[address.index(after: at)...]
    }

    /// The address only, for logging-free places such as the SMTP envelope.
    package var description: String { address }

    /// Header form: `"Name" <addr>`, with an RFC 2047 encoded-word when the name is not ASCII.
    /// Returns the pieces (words) to be folded by the header writer.
    func headerWords() -> [String] {
        guard let name = displayName?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            return ["<\(address)>"]
        }
        var words: [String]
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) {
            if name.unicodeScalars.allSatisfy(Self.isAtomOrSpace) {
                words = name.split(separator: " ").map(String.init)
            } else {
                let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                words = ["\"\(escaped)\""]
            }
        } else {
            words = HeaderEncoding.encodedWords(name, phrase: true)
        }
        words.append("<\(address)>")
        return words
    }

    private static func isAtomOrSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(s)))
    }
}

