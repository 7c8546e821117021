import Foundation
import TightropeApp
import TightropeTesting
import TightropeCore
import TightropeMail

/// A practice for tests: the demo's configuration with the repository's own templates and
/// question bank, and a fixed token key.
package enum TestPractice {
    package static let key = Array("test-hmac-key-0123456789abcdefghijklmnop".utf8)

    package static func configuration(databasePath: String = "/nonexistent/test.sqlite") -> Configuration {
        var config = Demo.configuration(directory: URL(fileURLWithPath: "/nonexistent"))
        config.databasePath = databasePath
        return config
    }

    package static func make(config: Configuration = configuration()) throws -> Practice {
        try Practice.load(config: config, hmacKey: key)
    }

    /// A couple with consenting partners and the given names.
    package static func couple(id: String = "c1", names: (String, String) = ("Maya Ashford", "Tom Ashford"),
                               emails: (String, String) = ("maya@mail.example", "tom@mail.example"),
                               timeZone: String = "Europe/London", sendDay: Weekday = .tuesday, sendTime: String = "18:00",
                               sharing: Bool = false, consent: (Bool, Bool) = (true, true)) -> Couple {
        let given = Consent(recordedAt: Date(timeIntervalSince1970: 1_790_000_000), method: "signed intake form")
        return Couple(id: id, therapistID: "robin",
                      schedule: WeeklySchedule(timeZoneID: timeZone, sendDay: sendDay, sendTime: LocalTime(sendTime)!,
                                               reminderDay: .friday),
                      sharing: sharing,
                      partners: [Partner(label: .a, name: names.0, email: emails.0, consent: consent.0 ? given : nil),
                                 Partner(label: .b, name: names.1, email: emails.1, consent: consent.1 ? given : nil)])
    }
}

/// Records what would have been sent, in order.
package struct RecordingSender: MailSending {
    package var sent: [(from: String, to: String, bytes: [UInt8])] = []
    package var outcome: DeliveryOutcome = .sent

    package init(outcome: DeliveryOutcome = .sent) { self.outcome = outcome }

    package mutating func send(from: String, to: String, bytes: [UInt8]) -> DeliveryOutcome {
        if outcome == .sent { sent.append((from, to, bytes)) }
        return outcome
    }
}
