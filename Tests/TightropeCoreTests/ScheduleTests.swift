import Foundation
import Testing
import TightropeTesting
@testable import TightropeCore

@Suite struct ScheduleTests {
    static func schedule(_ tz: String, _ day: Weekday, _ time: String) -> WeeklySchedule {
        WeeklySchedule(timeZoneID: tz, sendDay: day, sendTime: LocalTime(time)!, reminderDay: .wednesday)
    }

    @Test func notDueBeforeTheLocalSendTime() {
        let s = Self.schedule("Europe/Berlin", .friday, "18:00")
        // Friday 27 Nov 2026, 16:59:59 UTC = 17:59:59 in Berlin.
        #expect(Schedule.dueWeek(for: s, now: fixedDate("2026-11-27T16:59:59Z")) == nil)
        #expect(Schedule.dueWeek(for: s, now: fixedDate("2026-11-27T17:00:00Z")) == ISOWeek(year: 2026, week: 48))
        // Still the same round later that week; none on Monday of the next week.
        #expect(Schedule.dueWeek(for: s, now: fixedDate("2026-11-29T22:00:00Z")) == ISOWeek(year: 2026, week: 48))
        #expect(Schedule.dueWeek(for: s, now: fixedDate("2026-11-30T09:00:00Z")) == nil)
    }

    @Test func theReminderComesOnTheFirstReminderDayAfterTheRoundOpened() {
        // Sent Friday 27 Nov 18:00 Berlin; reminder day Wednesday: Wednesday 2 Dec 18:00 Berlin (next ISO week).
        let s = Self.schedule("Europe/Berlin", .friday, "18:00")
        #expect(Schedule.reminderInstant(for: s, openedAt: fixedDate("2026-11-27T17:00:00Z")) == fixedDate("2026-12-02T17:00:00Z"))
        // Sent Monday, reminder Wednesday of the same week.
        let monday = Self.schedule("Europe/Berlin", .monday, "08:00")
        #expect(Schedule.reminderInstant(for: monday, openedAt: fixedDate("2026-11-23T07:00:00Z")) == fixedDate("2026-11-25T07:00:00Z"))
        // A reminder day the same as the send day: a week later, never on the day itself.
        let same = WeeklySchedule(timeZoneID: "UTC", sendDay: .wednesday, sendTime: LocalTime("09:00")!, reminderDay: .wednesday)
        #expect(Schedule.reminderInstant(for: same, openedAt: fixedDate("2026-11-25T09:00:00Z")) == fixedDate("2026-12-02T09:00:00Z"))
    }

    @Test func aNewCoupleStartsAtTheirNextSendTime() {
        let s = Self.schedule("Europe/Berlin", .friday, "18:00")
        let added = fixedDate("2026-11-27T20:00:00Z")  // after this Friday's send time
        #expect(Schedule.dueWeek(for: s, now: fixedDate("2026-11-28T09:00:00Z"), notBefore: added) == nil)
        #expect(Schedule.dueWeek(for: s, now: fixedDate("2026-12-04T17:00:00Z"), notBefore: added) == ISOWeek(year: 2026, week: 49))
    }

    @Test func weeksAreTheCouplesLocalISOWeeks() {
        // Monday 08:00 in Auckland is Sunday 19:00 UTC of the previous UTC week.
        let s = Self.schedule("Pacific/Auckland", .monday, "08:00")
        #expect(Schedule.dueWeek(for: s, now: fixedDate("2026-11-29T19:00:00Z")) == ISOWeek(year: 2026, week: 49))
        #expect(Schedule.dueWeek(for: s, now: fixedDate("2026-11-29T18:59:00Z")) == nil)
    }

    @Test func springForwardGapMovesToTheNextValidTime() throws {
        // Berlin skips 02:00–03:00 on Sunday 29 March 2026.
        let s = Self.schedule("Europe/Berlin", .sunday, "02:30")
        let due = try #require(Schedule.sendInstant(for: s, week: ISOWeek(year: 2026, week: 13)))
        #expect(due == fixedDate("2026-03-29T01:00:00Z"))  // 03:00 CEST
    }

    @Test func sendTimeFollowsDaylightSavingChanges() throws {
        let s = Self.schedule("America/New_York", .sunday, "18:00")
        // Before the change (EDT, UTC-4) and after it (EST, UTC-5) the local time stays 18:00.
        #expect(Schedule.sendInstant(for: s, week: ISOWeek(year: 2026, week: 44)) == fixedDate("2026-11-01T23:00:00Z"))
        #expect(Schedule.sendInstant(for: s, week: ISOWeek(year: 2026, week: 43)) == fixedDate("2026-10-25T22:00:00Z"))
    }

    @Test func repeatedHourTakesTheFirstOccurrence() {
        // New York repeats 01:00–02:00 on Sunday 1 November 2026; 01:30 EDT is 05:30 UTC.
        let s = Self.schedule("America/New_York", .sunday, "01:30")
        #expect(Schedule.sendInstant(for: s, week: ISOWeek(year: 2026, week: 44)) == fixedDate("2026-11-01T05:30:00Z"))
    }

    @Test func yearBoundaryUsesISOWeekYears() {
        // Friday 1 January 2027 belongs to 2026-W53.
        #expect(Schedule.week(containing: fixedDate("2027-01-01T12:00:00Z"), timeZoneID: "UTC") == ISOWeek(year: 2026, week: 53))
        #expect(ISOWeek("2026-W53") == ISOWeek(year: 2026, week: 53))
        #expect(ISOWeek(year: 2027, week: 1).description == "2027-W01")
    }
}
