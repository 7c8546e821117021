import Foundation
import TightropeMail

/// Replies to the therapist's digest as mail clients write them, for the demo and the tests:
/// Gmail (instructions on top, the digest quoted with "> " under "On … wrote:"), Outlook
/// (instructions on top, a "From: / Sent: / To: / Subject:" block, the digest unquoted) and
/// Thunderbird replying inline (each instruction under the quoted line it answers).
package enum DigestReplyWriter {
    package enum Style: String, CaseIterable, Sendable {
        case gmail, outlook, thunderbirdInline = "thunderbird-inline"
    }

    /// One instruction, and (for inline replies) the text of the digest line it goes under.
    package struct Instruction: Sendable {
        package var text: String
        package var under: String?

        package init(_ text: String, under: String? = nil) {
            self.text = text
            self.under = under
        }
    }

    /// A reply to `digest` (the raw digest message) from `from`, sent to the digest's Reply-To
    /// (or `to`), with `extraHeaders` on top (such as the practice server's Authentication-Results).
    package static func reply(to digest: [UInt8], style: Style, instructions: [Instruction], from: String, name: String,
                              signature: String = "", extraHeaders: [String] = [], to: String? = nil, date: Date) -> [UInt8] {
        let message = MIMEMessage(digest)
        let replyTo = to ?? message.headers("Reply-To").flatMap(HeaderValues.addresses).first ?? ""
        let original = message.header("Message-ID").flatMap { HeaderValues.messageIDs($0).first } ?? ""
        let subject = message.header("Subject") ?? "Check-in digest"
        let sender = message.headers("From").flatMap(HeaderValues.addresses).first ?? ""
        let quotedLines = message.readableText().text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        let sign = signature.isEmpty ? "" : "\n" + signature
        var body: String
        switch style {
        case .gmail:
            body = instructions.map(\.text).joined(separator: "\n") + "\n" + sign + "\n\nOn Mon, 7 Dec 2026 at 08:00, Check-ins <\(sender)> wrote:\n"
                + quotedLines.map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
        case .outlook:
            body = instructions.map(\.text).joined(separator: "\n") + "\n" + sign + "\n\n________________________________\n"
                + "From: Check-ins <\(sender)>\nSent: Monday, December 7, 2026 8:00 AM\nTo: \(name) <\(from)>\nSubject: \(subject)\n\n"
                + quotedLines.joined(separator: "\n")
        case .thunderbirdInline:
            var out = ["On 07/12/2026 08:00, Check-ins wrote:"]
            let top = instructions.filter { $0.under == nil }
            var pending = instructions.filter { $0.under != nil }
            for line in quotedLines {
                out.append(line.isEmpty ? ">" : "> " + line)
                // Each instruction once, under the first line that holds its anchor.
                let here = pending.indices.filter { line.contains(pending[$0].under ?? "") }
                if !here.isEmpty {
                    out.append("")
                    out += here.map { pending[$0].text }
                    out.append("")
                    for i in here.reversed() { pending.remove(at: i) }
                }
            }
            // Top-level instructions (and any whose line was not found) after the quote, as inline repliers end.
            body = out.joined(separator: "\n") + "\n\n" + (top + pending).map(\.text).joined(separator: "\n") + "\n" + sign
        }
        var head = [
            "Date: \(RFC5322Date.format(date))", "From: \(name) <\(from)>", "To: <\(replyTo)>", "Subject: Re: \(subject)",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(from.split(separator: "@").last ?? "mail.example")>",
            "In-Reply-To: <\(original)>", "References: <\(original)>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8" + (style == .thunderbirdInline ? "; format=flowed" : ""),
            "Content-Transfer-Encoding: 8bit",
        ]
        if style == .outlook { head.append("Thread-Topic: \(subject)") }
        head = extraHeaders + head
        let text = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n" + text + "\r\n").utf8)
    }
}
