import Foundation

/// Whether a couple currently receives check-ins.
package enum CoupleStatus: String, Sendable, Codable, CaseIterable {
    case active, paused, ended
}

/// Whether one partner currently receives check-ins (partners steer this by reply).
package enum PartnerStatus: String, Sendable, Codable, CaseIterable {
    case active, paused, stopped
}

/// A partner's recorded agreement to receive check-ins by (unencrypted) email.
package struct Consent: Hashable, Sendable, Codable {
    package var recordedAt: Date
    package var method: String

    package init(recordedAt: Date, method: String) {
        self.recordedAt = recordedAt
        self.method = method
    }
}

/// Which of the two partners of a couple: `a` or `b`.
package enum PartnerLabel: String, Sendable, Codable, CaseIterable, Comparable {
    case a, b

    package static func < (lhs: PartnerLabel, rhs: PartnerLabel) -> Bool { lhs.rawValue < rhs.rawValue }
    package var other: PartnerLabel { self == .a ? .b : .a }
}

/// A partner as the CLI names them: `<couple-id>/<a|b>`.
package struct PartnerRef: Hashable, Sendable, CustomStringConvertible {
    package let coupleID: String
    package let label: PartnerLabel

    package init(coupleID: String, label: PartnerLabel) {
        self.coupleID = coupleID
        self.label = label
    }

    /// Parses `couple/a` or `couple/b`.
    package init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let label = PartnerLabel(rawValue: parts[1].lowercased()),
              InputValidator.isValidCoupleID(String(parts[0])) else { return nil }
        self.init(coupleID: String(parts[0]), label: label)
    }

    package var description: String { "\(coupleID)/\(label.rawValue)" }
}

/// One partner of a couple.
package struct Partner: Hashable, Sendable {
    /// The first word of the name, for "Tom rated…" and the digest's charts.
    package var firstName: String { String(name.split(separator: " ").first ?? Substring(name)) }

    /// What the partner is called in what they and their partner read: the name they asked to
    /// be called (the roster's `preferred_name`), else the first word of their name. (Not every
    /// name starts with the given name: "Tanaka Hiroshi" should be greeted as Hiroshi.)
    package var greetingName: String { preferredName ?? firstName }

    /// The store's id for this partner; nil until stored. Used in reply tokens, never shown.
    package var id: Int64?
    package var label: PartnerLabel
    package var name: String
    /// The name to greet them by, when not the first word of `name`.
    package var preferredName: String?
    package var email: String
    package var consent: Consent?
    package var status: PartnerStatus
    package var pausedUntil: Date?
    /// The language the partner reads and writes in (a BCP 47 tag: `en`, `de`, `ja`, `pt-BR`).
    package var language: String

    package init(id: Int64? = nil, label: PartnerLabel, name: String, preferredName: String? = nil, email: String, consent: Consent? = nil,
                 status: PartnerStatus = .active, pausedUntil: Date? = nil, language: String = "en") {
        self.language = language
        self.id = id
        self.label = label
        self.name = name
        self.preferredName = preferredName
        self.email = email
        self.consent = consent
        self.status = status
        self.pausedUntil = pausedUntil
    }
}

/// When a couple's weekly check-in goes out, in their own time zone.
package struct WeeklySchedule: Hashable, Sendable {
    package var timeZoneID: String
    package var sendDay: Weekday
    package var sendTime: LocalTime
    package var reminderDay: Weekday

    package init(timeZoneID: String, sendDay: Weekday, sendTime: LocalTime, reminderDay: Weekday) {
        self.timeZoneID = timeZoneID
        self.sendDay = sendDay
        self.sendTime = sendTime
        self.reminderDay = reminderDay
    }
}

/// A couple in therapy with their therapist, schedule, sharing setting and two partners.
package struct Couple: Hashable, Sendable {
    package var id: String
    package var therapistID: String
    package var schedule: WeeklySchedule
    /// When on, each partner's recap also shows the other partner's answers. Off by default.
    package var sharing: Bool
    package var status: CoupleStatus
    package var partners: [Partner]
    /// When the couple was added; no round is due for a send time before it. Nil until stored.
    package var createdAt: Date?
    /// A pause the therapist gave an end (`pause COUPLE 2 weeks` in a reply to the digest): from
    /// then on the couple is active again. Nil for a pause until resumed.
    package var pausedUntil: Date?
    /// The theme the therapist chose for the couple's next round (a `Theme` raw value), used once.
    package var nextTheme: String?

    package init(id: String, therapistID: String, schedule: WeeklySchedule, sharing: Bool = false,
                 status: CoupleStatus = .active, partners: [Partner], createdAt: Date? = nil) {
        self.id = id
        self.therapistID = therapistID
        self.schedule = schedule
        self.sharing = sharing
        self.status = status
        self.partners = partners.sorted { $0.label < $1.label }
        self.createdAt = createdAt
    }

    package func partner(_ label: PartnerLabel) -> Partner? {
        partners.first { $0.label == label }
    }

    /// Whether the couple receives check-ins at `now`: active, or paused with an end that has come.
    package func isActive(at now: Date) -> Bool {
        status == .active || (status == .paused && pausedUntil.map { $0 <= now } == true)
    }
}
