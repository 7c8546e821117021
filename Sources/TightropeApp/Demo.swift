import Foundation
import Logging
import TightropeCore
import TightropeMail
import TightropeStore
import TightropeTransport

/// `tightrope demo`: the weekly loop on embedded defaults, with no config and no network.
/// A practice with a few couples (one with non-ASCII names) runs four weeks of hourly
/// `send` runs, as the systemd timer would, writing every message into a Maildir.
package struct Demo {
    package struct Result: Sendable {
        package var directory: URL
        package var databasePath: String
        package var maildir: URL
        package var weeks: [SendReport]
    }

    package static let weeks = 4

    /// The demo practice's configuration, rooted in `directory`.
    package static func configuration(directory: URL) -> Configuration {
        Configuration(
            practiceName: "Harbour Lane Couples Practice",
            from: EmailAddress("checkins@harbourlane.example", displayName: "Harbour Lane Couples Practice"),
            replyLocalPart: "checkins", replyDomain: "harbourlane.example", smtp: nil, imap: nil,
            therapists: [Therapist(id: "robin", name: "Robin Okafor", email: "robin@harbourlane.example")],
            defaults: CoupleDefaults(timeZoneID: "Europe/London", sendDay: .tuesday, sendTime: LocalTime(hour: 18, minute: 0)!,
                                     reminderDay: .friday),
            crisisText: "call your local emergency number, or in the UK call Samaritans on 116 123 (free, day or night).",
            databasePath: directory.appendingPathComponent("tightrope.sqlite").path)
    }

    /// The demo's couples: different time zones and send days, one with non-ASCII names.
    package static func couples(consentAt: Date) -> [Couple] {
        let consent = Consent(recordedAt: consentAt, method: "demo: agreed at intake")
        func schedule(_ tz: String, _ day: Weekday, _ h: Int, _ m: Int, _ reminder: Weekday) -> WeeklySchedule {
            WeeklySchedule(timeZoneID: tz, sendDay: day, sendTime: LocalTime(hour: h, minute: m)!, reminderDay: reminder)
        }
        return [
            Couple(id: "ashford", therapistID: "robin", schedule: schedule("Europe/London", .tuesday, 18, 0, .friday), partners: [
                Partner(label: .a, name: "Maya Ashford", email: "maya.ashford@mail.example", consent: consent),
                Partner(label: .b, name: "Tom Ashford", email: "tom.ashford@mail.example", consent: consent),
            ]),
            Couple(id: "nunez-angstrom", therapistID: "robin", schedule: schedule("Europe/Berlin", .wednesday, 19, 30, .saturday),
                   sharing: true, partners: [
                Partner(label: .a, name: "Zoë Ångström", email: "zoe@mail.example", consent: consent),
                Partner(label: .b, name: "José Núñez-Łukasik", email: "jose@mail.example", consent: consent),
            ]),
            Couple(id: "okoye-lin", therapistID: "robin", schedule: schedule("America/New_York", .thursday, 9, 0, .sunday), partners: [
                Partner(label: .a, name: "Ada Okoye", email: "ada@mail.example", consent: consent),
                Partner(label: .b, name: "Wei Lin", email: "wei.lin@mail.example", consent: consent),
            ]),
            Couple(id: "sato", therapistID: "robin", schedule: schedule("Asia/Tokyo", .saturday, 10, 0, .tuesday), partners: [
                Partner(label: .a, name: "佐藤 花子", email: "hanako@mail.example", consent: consent),
                Partner(label: .b, name: "Kenji Sato", email: "kenji@mail.example", consent: consent),
            ]),
        ]
    }

    /// Runs the demo in `directory` (created, must be empty or new), starting on the Monday
    /// (00:00 UTC) of the week that contains `start`.
    package static func run(directory: URL, start: Date, logger: Logger) throws(AppError) -> Result {
        let config = configuration(directory: directory)
        var key = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in key.indices { key[i] = rng.next() }
        let practice = try Practice.load(config: config, hmacKey: key)
        let store: TightropeStore
        do { store = try TightropeStore(path: config.databasePath) } catch { throw .failure(error.description) }
        guard try wrap({ () throws(StoreError) in try store.couples() }).isEmpty else {
            throw .invalidInput("demo: \(directory.path) already holds a demo database; choose a new --dir")
        }
        let monday = Schedule.instant(week: Schedule.week(containing: start, timeZoneID: "UTC"), day: .monday,
                                      time: LocalTime(hour: 0, minute: 0)!, timeZoneID: "UTC") ?? start
        let setupClock = FixedTime(now: monday.addingTimeInterval(-86_400))
        let service = CoupleService(config: config, store: store, clock: setupClock)
        for couple in couples(consentAt: setupClock.now) { try service.add(couple) }

        let maildir = directory.appendingPathComponent("Maildir")
        var sender: MaildirSender
        do { sender = MaildirSender(writer: try MaildirWriter(root: maildir)) } catch { throw .failure(error.description) }
        var weekly: [SendReport] = []
        // Hourly runs, as the systemd timer does: each couple's round opens at its own local time.
        for week in 0..<weeks {
            var total = SendReport()
            for hour in 0..<(7 * 24) {
                let clock = FixedTime(now: monday.addingTimeInterval(Double((week * 7 * 24 + hour) * 3600)))
                guard let report = try SendJob(practice: practice, store: store, clock: clock, logger: logger).run(sender: &sender) else {
                    throw .failure("demo: another send run holds the lease")
                }
                total.roundsOpened += report.roundsOpened
                total.queued += report.queued
                total.sent += report.sent
                total.deferred += report.deferred
                total.failed += report.failed
            }
            weekly.append(total)
        }
        return Result(directory: directory, databasePath: config.databasePath, maildir: maildir, weeks: weekly)
    }
}

/// A clock that always reads the same instant.
package struct FixedTime: WallClock {
    package var now: Date
    package init(now: Date) { self.now = now }
}
