import Foundation
import TightropeMail

/// The demo's replies (`seeds/replies/*.eml`): messages as partners' mail clients write
/// them, with placeholders for the parts that depend on the check-in being answered.
package struct ReplySeed: Sendable {
    package var name: String
    package var template: String

    /// What fills a seed's placeholders.
    package struct Values: Sendable {
        package var name: String
        package var from: String
        /// The check-in's reply address (with its token).
        package var to: String
        package var subject: String
        /// The check-in's Message-ID, without angle brackets.
        package var inReplyTo: String
        package var messageID: String
        package var date: Date
        package var connection: Int
        package var room: Int

        package init(name: String, from: String, to: String, subject: String, inReplyTo: String, messageID: String, date: Date,
                     connection: Int, room: Int) {
            self.name = name
            self.from = from
            self.to = to
            self.subject = subject
            self.inReplyTo = inReplyTo
            self.messageID = messageID
            self.date = date
            self.connection = connection
            self.room = room
        }
    }

    /// Loads every seed in `directory`, sorted by name.
    package static func load(directory: URL) throws(AppError) -> [ReplySeed] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw .configuration("\(directory.path): cannot be read")
        }
        return try names.filter { $0.hasSuffix(".eml") }.sorted().map { name throws(AppError) in
            guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else {
                throw .configuration("\(directory.path)/\(name): not UTF-8 text")
            }
            return ReplySeed(name: String(name.dropLast(4)), template: text)
        }
    }

    /// The installed seeds.
    package static func installed() throws(AppError) -> [ReplySeed] {
        try load(directory: ResourceLocator.seedsDirectory.appendingPathComponent("replies"))
    }

    static let words = ["zero", "one", "two", "three", "four", "five"]

    /// `{{connection_word_de}}`, `{{room_word_ja}}` …: the numbers as words in a partner's language,
    /// spelled out by ICU ("vier", "四").
    static func localWords(_ v: Values) -> [String: String] {
        var out: [String: String] = [:]
        for tag in ["de", "ja", "fr", "es"] {
            let f = NumberFormatter()
            f.locale = Locale(identifier: tag)
            f.numberStyle = .spellOut
            out["{{connection_word_\(tag)}}"] = f.string(from: NSNumber(value: v.connection)) ?? String(v.connection)
            out["{{room_word_\(tag)}}"] = f.string(from: NSNumber(value: v.room)) ?? String(v.room)
        }
        return out
    }

    /// The message, with CRLF line ends. Header placeholders become RFC 2047 encoded-words
    /// where the value is not ASCII; body placeholders take only ASCII values.
    package func fill(_ v: Values) -> [UInt8] {
        let (head, body) = template.range(of: "\n\n").map { (String(template[..<$0.lowerBound]), String(template[$0.upperBound...])) }
            ?? (template, "")
        func header(_ text: String) -> String {
            text.unicodeScalars.allSatisfy(\.isASCII) ? text : HeaderEncoding.encodedWords(text, phrase: true).joined(separator: " ")
        }
        let common = [
            "{{from}}": v.from, "{{to}}": v.to, "{{connection}}": String(v.connection), "{{room}}": String(v.room),
            "{{connection_word}}": Self.words[max(0, min(5, v.connection))],
        ].merging(Self.localWords(v), uniquingKeysWith: { $1 })
        var filledHead = head
        for (key, value) in common.merging([
            "{{name}}": header(v.name), "{{subject}}": header("Re: " + v.subject), "{{in_reply_to}}": "<\(v.inReplyTo)>",
            "{{message_id}}": "<\(v.messageID)>", "{{date}}": RFC5322Date.format(v.date),
        ], uniquingKeysWith: { $1 }) {
            filledHead = filledHead.replacingOccurrences(of: key, with: value)
        }
        var filledBody = body
        for (key, value) in common { filledBody = filledBody.replacingOccurrences(of: key, with: value) }
        let message = filledHead + "\n\n" + filledBody
        return Array(message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
}
