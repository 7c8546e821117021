import Foundation
import TightropeApp
import TightropeTesting
import TightropeMail

/// Replies to check-ins, as partners' mail clients write them: the demo's seeds
/// (`seeds/replies/*.eml`) filled in for a given check-in message.
package enum ReplyFactory {
    package struct MissingSeed: Error, CustomStringConvertible {
        package var description: String
    }

    package static func seeds() throws -> [ReplySeed] {
        try ReplySeed.load(directory: CLISandbox.repository.appendingPathComponent("seeds/replies"))
    }

    /// The seeds' names, except the command ones.
    package static func styles() throws -> [String] {
        try seeds().map(\.name).filter { $0 != "stop" }
    }

    /// A reply to `checkIn` (the raw check-in message) in the style `seed`. `from` and `to`
    /// override the sender and the (tokened) recipient, for spoofing and forging tests.
    package static func reply(to checkIn: [UInt8], seed: String, name: String = "A Partner", from: String,
                              connection: Int = 4, room: Int = 3, to: String? = nil, messageID: String? = nil,
                              date: Date = Date(timeIntervalSince1970: 1_796_500_000)) throws -> [UInt8] {
        guard let template = try seeds().first(where: { $0.name == seed }) else { throw MissingSeed(description: "no seed \(seed)") }
        let message = MIMEMessage(checkIn)
        let replyTo = message.headers("Reply-To").flatMap(HeaderValues.addresses).first ?? ""
        let original = message.header("Message-ID").flatMap { HeaderValues.messageIDs($0).first } ?? ""
        return template.fill(ReplySeed.Values(
            name: name, from: from, to: to ?? replyTo, subject: message.header("Subject") ?? "", inReplyTo: original,
            messageID: messageID ?? "\(UUID().uuidString.lowercased())@\(from.split(separator: "@").last ?? "mail.example")",
            date: date, connection: connection, room: room))
    }

    /// A plain reply with the given text (commands, hostile input).
    package static func plain(to checkIn: [UInt8], text: String, from: String, extraHeaders: [String] = [],
                              subject: String? = nil, to: String? = nil) -> [UInt8] {
        let message = MIMEMessage(checkIn)
        let replyTo = to ?? message.headers("Reply-To").flatMap(HeaderValues.addresses).first ?? ""
        let original = message.header("Message-ID").flatMap { HeaderValues.messageIDs($0).first } ?? ""
        var head = [
            "Date: Tue, 01 Dec 2026 20:00:00 +0000", "From: <\(from)>", "To: <\(replyTo)>",
            "Subject: \(subject ?? "Re: your check-in")", "Message-ID: <\(UUID().uuidString.lowercased())@mail.example>",
            "In-Reply-To: <\(original)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        head += extraHeaders
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n" + text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n").utf8)
    }
}
