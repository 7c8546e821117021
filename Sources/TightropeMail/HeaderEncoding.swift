import Foundation

/// RFC 2047 encoded-words and RFC 5322 header folding.
package enum HeaderEncoding {
    /// The longest line a header should have (RFC 5322 §2.1.1 recommends 78).
    static let lineLimit = 78
    /// An encoded-word may not exceed 75 characters (RFC 2047 §2).
    static let encodedWordLimit = 75

    /// Encodes `text` as one or more UTF-8 `B` encoded-words, never splitting a character.
    /// With `phrase`, the result is safe in a display name.
    package static func encodedWords(_ text: String, phrase: Bool = false) -> [String] {
        let prefix = "=?UTF-8?B?", suffix = "?="
        // 36 bytes → 48 base64 characters, 60 with the delimiters: the word fits on a line after any
        // header name we write ("Subject: ", "Reply-To: "), and multiples of 3 avoid padding mid-text.
        let maxBytes = 36
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > maxBytes {
                words.append(prefix + Data(chunk).base64EncodedString() + suffix)
                chunk.removeAll(keepingCapacity: true)
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty || words.isEmpty {
            words.append(prefix + Data(chunk).base64EncodedString() + suffix)
        }
        return words
    }

    /// The words of an unstructured header value (Subject): plain words when the text is
    /// printable ASCII, else encoded-words for the whole text.
    package static func unstructuredWords(_ text: String) -> [String] {
        let plain = text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        // An ASCII word that looks like an encoded-word, or a word too long to fold, gets encoded.
        if plain, !words.contains(where: { $0.hasPrefix("=?") || $0.count > lineLimit - 10 }) {
            return words
        }
        return encodedWords(text)
    }

    /// Writes `Name: word word …` folded at word boundaries so no line exceeds 78 characters
    /// where the words allow it, with CRLF line ends. Words never contain CR or LF (callers
    /// build them from validated text); a separator such as the comma of an address list is
    /// part of the word before it. As a last guard, any control character left in a word is
    /// dropped, so no value can end the header or start another.
    package static func fold(name: String, words: [String]) -> String {
        var out = name + ":"
        var lineLength = out.count
        for (index, word) in words.enumerated() {
            let word = word.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F })
                ? String(word.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init)) : word
            if index > 0 && lineLength + 1 + word.count > lineLimit {
                out += "\r\n " + word
                lineLength = 1 + word.count
            } else {
                out += " " + word
                lineLength += 1 + word.count
            }
        }
        return out + "\r\n"
    }
}
