import Foundation

/// A day of the week, numbered as ISO 8601 does (Monday 1 … Sunday 7).
package enum Weekday: Int, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Parses an English weekday name or its three-letter abbreviation, in any case.
    package init?(name: String) {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let day = Weekday.allCases.first(where: { $0.name == key || String($0.name.prefix(3)) == key }) else {
            return nil
        }
        self = day
    }

    /// The lower-case English name, as used in configuration and the CLI.
    package var name: String {
        switch self {
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        case .sunday: "sunday"
        }
    }

    package var description: String { name }
}

/// A wall-clock time of day (hour and minute) in some time zone.
package struct LocalTime: Hashable, Sendable, Codable, CustomStringConvertible {
    package let hour: Int
    package let minute: Int

    package init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses `HH:MM` (24-hour clock).
    package init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(hour: h, minute: m)
    }

    package var description: String {
        String(format: "%02d:%02d", hour, minute)
    }
}
