import Foundation

/// A delivery status notification (RFC 3464): a `multipart/report; report-type=delivery-status`.
package struct DeliveryStatusReport: Equatable, Sendable {
    package struct Recipient: Equatable, Sendable {
        /// The address as reported (`Final-Recipient: rfc822; a@b`), lower case.
        package var address: String
        /// `failed`, `delayed`, `delivered`, `relayed`, `expanded`.
        package var action: String
        /// The status code, e.g. `5.1.1`.
        package var status: String

        /// A permanent failure.
        package var isHard: Bool { action == "failed" || status.hasPrefix("5") }
    }

    package var recipients: [Recipient]
    /// The Message-ID of the message reported on, from the returned headers or message.
    package var originalMessageID: String?

    package var isHard: Bool { recipients.contains { $0.isHard } }

    /// The report in a message, or nil when it is not one.
    package static func parse(_ message: MIMEMessage) -> DeliveryStatusReport? {
        let root = message.root
        let isReport = root.contentType == "multipart/report"
        guard let statusPart = message.parts.indices.first(where: {
            ["message/delivery-status", "message/global-delivery-status"].contains(message.parts[$0].contentType)
        }) else { return nil }
        guard isReport || root.contentType.hasPrefix("multipart/") else { return nil }
        var defects: [MIMEDefect] = []
        // A report names a few recipients; its first 64 KB and 100 recipients are read.
        let text = String(decoding: message.decodedBody(statusPart, defects: &defects).prefix(64 << 10), as: UTF8.self)
        var recipients: [Recipient] = []
        // Groups of fields separated by blank lines: the first is per message, the rest per recipient.
        for group in text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n") where recipients.count < 100 {
            var fields: [String: String] = [:]
            for line in group.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                    line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            guard let action = fields["action"]?.lowercased() else { continue }
            let recipientField = fields["final-recipient"] ?? fields["original-recipient"] ?? ""
            let address = recipientField.split(separator: ";", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            recipients.append(Recipient(address: address.lowercased(), action: action,
                                        status: (fields["status"] ?? "").split(separator: " ").first.map(String.init) ?? ""))
        }
        guard !recipients.isEmpty else { return nil }
        // The returned message (or its headers) names the original's Message-ID.
        var original: String?
        for index in message.parts.indices where ["message/rfc822", "text/rfc822-headers", "message/global",
                                                  "message/global-headers"].contains(message.parts[index].contentType) {
            let returned = MIMEMessage(message.decodedBody(index, defects: &defects))
            if let id = returned.messageIDs("Message-ID").first {
                original = id
                break
            }
        }
        return DeliveryStatusReport(recipients: recipients, originalMessageID: original)
    }
}
