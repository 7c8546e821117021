import Foundation
import TightropeTransport

/// The result of handing one message to a mail server.
package enum DeliveryOutcome: Equatable, Sendable {
    case sent
    /// A temporary failure (4xx, network); try again later. The detail holds codes only.
    case deferred(String)
    /// A permanent failure (5xx); the detail holds codes only.
    case failed(String)
}

/// Something that delivers rendered messages: SMTP submission, or a Maildir for the demo.
/// An outcome is about one message; a thrown error is about the transport (TLS, login, an
/// unreachable server) and stops the batch.
package protocol MailSending {
    mutating func send(from: String, to: String, bytes: [UInt8]) throws(TransportError) -> DeliveryOutcome
}

/// Delivers through SMTP submission over libcurl, one connection for the batch.
package struct SMTPSender: MailSending {
    private let submission: SMTPSubmission

    package init(settings: ServerSettings, password: String, caFile: String?, ehloName: String) throws(TransportError) {
        submission = try SMTPSubmission(url: settings.url, username: settings.username, password: password, caFile: caFile,
                                        timeoutSeconds: settings.timeoutSeconds, ehloName: ehloName)
    }

    package mutating func send(from: String, to: String, bytes: [UInt8]) throws(TransportError) -> DeliveryOutcome {
        switch try submission.submit(from: from, to: to, bytes: bytes) {
        case .accepted: .sent
        case .temporaryFailure(let code): .deferred("smtp \(code)")
        case .permanentFailure(let code): .failed("smtp \(code)")
        }
    }
}

extension SMTPSender {
    /// Makes senders for `send`'s connections: each call opens its own session.
    package typealias Factory = @Sendable () throws(TransportError) -> any MailSending

    package static func factory(settings: ServerSettings, password: String, caFile: String?, ehloName: String) -> Factory {
        { () throws(TransportError) in try SMTPSender(settings: settings, password: password, caFile: caFile, ehloName: ehloName) }
    }
}

/// Delivers into a Maildir (the demo's and dry runs' file transport).
package struct MaildirSender: MailSending {
    package let writer: MaildirWriter

    package init(writer: MaildirWriter) { self.writer = writer }

    package mutating func send(from: String, to: String, bytes: [UInt8]) -> DeliveryOutcome {
        do {
            try writer.deliver(bytes, uniqueHint: "m")
            return .sent
        } catch {
            return .deferred(error.description)
        }
    }
}
