import Foundation
import TightropeTransport

/// The current time. Jobs never read the system clock themselves, so tests can fix it.
package protocol WallClock: Sendable {
    var now: Date { get }
}

/// The system clock.
package struct SystemClock: WallClock {
    package init() {}
    package var now: Date { Date() }
}

/// The result of handing one message to a mail server.
package enum DeliveryOutcome: Equatable, Sendable {
    case sent
    /// A temporary failure (4xx, network); try again later. The detail holds codes only.
    case deferred(String)
    /// A permanent failure (5xx); the detail holds codes only.
    case failed(String)
}

/// Something that delivers rendered messages: SMTP submission, or a Maildir for the demo.
package protocol MailSending {
    mutating func send(from: String, to: String, bytes: [UInt8]) -> DeliveryOutcome
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
