import Foundation

/// An ISO 8601 week, such as `2026-W48`.
package struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let year: Int
    package let week: Int

    package init(year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    /// Parses `YYYY-Www`.
    package init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[1].first == "W", let y = Int(parts[0]), let w = Int(parts[1].dropFirst()),
              (1...53).contains(w) else { return nil }
        self.init(year: y, week: w)
    }

    package static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool {
        (lhs.year, lhs.week) < (rhs.year, rhs.week)
    }

    package var description: String { String(format: "%04d-W%02d", year, week) }
}

/// Calendar math for weekly rounds, in each couple's own time zone. Pure: `now` is passed in.
package enum Schedule {
    /// An ISO 8601 calendar in the given zone (UTC if the id is unknown; ids are validated on input).
    package static func calendar(timeZoneID: String) -> Calendar {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: timeZoneID) ?? TimeZone(identifier: "UTC")!
        calendar.locale = Locale(identifier: "en_US_POSIX")
        return calendar
    }

    /// The ISO week that contains `date` in the given zone.
    package static func week(containing date: Date, timeZoneID: String) -> ISOWeek {
        let c = calendar(timeZoneID: timeZoneID).dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        return ISOWeek(year: c.yearForWeekOfYear ?? 1970, week: c.weekOfYear ?? 1)
    }

    /// The instant of `day` at `time` in `week`, local to the zone. A time that does not exist
    /// (a spring-forward gap) moves to the next valid time; a repeated one takes the first.
    package static func instant(week: ISOWeek, day: Weekday, time: LocalTime, timeZoneID: String) -> Date? {
        let cal = calendar(timeZoneID: timeZoneID)
        var c = DateComponents()
        c.yearForWeekOfYear = week.year
        c.weekOfYear = week.week
        // Foundation numbers weekdays from Sunday = 1.
        c.weekday = day == .sunday ? 1 : day.rawValue + 1
        c.hour = 12
        guard let noon = cal.date(from: c) else { return nil }
        let midnight = cal.startOfDay(for: noon)
        return cal.date(bySettingHour: time.hour, minute: time.minute, second: 0, of: midnight,
                        matchingPolicy: .nextTime, repeatedTimePolicy: .first, direction: .forward)
    }

    /// When this week's check-in is due for a schedule, in the week that contains `now`.
    package static func sendInstant(for schedule: WeeklySchedule, week: ISOWeek) -> Date? {
        instant(week: week, day: schedule.sendDay, time: schedule.sendTime, timeZoneID: schedule.timeZoneID)
    }

    /// The week whose round is due at `now`: the current local ISO week once its send time has
    /// passed, else nil. A send time before `notBefore` (when the couple was added) does not
    /// count, so a new couple starts at their next send time rather than with a late round.
    /// When a round opened at `openedAt` gets its reminder: the first reminder weekday at the
    /// couple's send time (local) after the round opened, at least a day later.
    package static func reminderInstant(for schedule: WeeklySchedule, openedAt: Date) -> Date? {
        var week = week(containing: openedAt, timeZoneID: schedule.timeZoneID)
        for _ in 0..<3 {
            if let at = instant(week: week, day: schedule.reminderDay, time: schedule.sendTime, timeZoneID: schedule.timeZoneID),
               at >= openedAt.addingTimeInterval(86_400) {
                return at
            }
            guard let next = instant(week: week, day: .sunday, time: LocalTime(hour: 12, minute: 0)!, timeZoneID: schedule.timeZoneID)
            else { return nil }
            week = self.week(containing: next.addingTimeInterval(86_400), timeZoneID: schedule.timeZoneID)
        }
        return nil
    }

    package static func dueWeek(for schedule: WeeklySchedule, now: Date, notBefore: Date? = nil) -> ISOWeek? {
        guard let send = currentSend(for: schedule, now: now), send.due >= (notBefore ?? .distantPast) else { return nil }
        return send.week
    }

    /// The week containing `now` in the schedule's zone and its send instant, when that instant
    /// has come (`dueWeek` without the couple's own start): the same for every couple sharing
    /// a schedule, so an hourly run computes it once per schedule, not once per couple.
    package static func currentSend(for schedule: WeeklySchedule, now: Date) -> (week: ISOWeek, due: Date)? {
        let week = week(containing: now, timeZoneID: schedule.timeZoneID)
        guard let due = sendInstant(for: schedule, week: week), now >= due else { return nil }
        return (week, due)
    }
}
