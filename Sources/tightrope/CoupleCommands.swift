import ArgumentParser
import Foundation
import Logging
import TightropeApp
import TightropeCore
import TightropeStore

struct CoupleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "couple", abstract: "Add, list, show, pause, resume or remove couples.",
        subcommands: [Add.self, List.self, Show.self, Pause.self, Resume.self, Remove.self, PreferredName.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a couple. Tip: `roster import` keeps names and addresses out of your shell history.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "Couple id: a-z, 0-9 and '-', up to 32 characters. Use a code, not a name.") var id: String
        @Option(help: "Therapist id from the configuration (default: the first therapist).") var therapist: String?
        @Option(name: .customLong("time-zone"), help: "IANA time zone, e.g. Europe/Berlin.") var timeZone: String?
        @Option(name: .customLong("send-day")) var sendDay: String?
        @Option(name: .customLong("send-time"), help: "HH:MM, 24-hour, local to the couple.") var sendTime: String?
        @Option(name: .customLong("reminder-day")) var reminderDay: String?
        @Flag(help: "Let partners see each other's scales and reflections (off by default).") var sharing = false
        @Option(name: .customLong("a-name")) var aName: String
        @Option(name: .customLong("a-email")) var aEmail: String
        @Option(name: .customLong("b-name")) var bName: String
        @Option(name: .customLong("b-email")) var bEmail: String
        @Option(name: .customLong("a-preferred-name"), help: "What partner a is called in greetings (default: the first word of --a-name).")
        var aPreferredName: String?
        @Option(name: .customLong("b-preferred-name"), help: "What partner b is called in greetings (default: the first word of --b-name).")
        var bPreferredName: String?
        @Option(name: .customLong("a-language"), help: "The language partner a reads and writes in (BCP 47: en, de, ja…; default: [defaults] language).")
        var aLanguage: String?
        @Option(name: .customLong("b-language"), help: "The language partner b reads and writes in (default: [defaults] language).")
        var bLanguage: String?

        func run() throws {
            try runMapped {
                let env = try Environment.load(options)
                let d = env.config.defaults
                guard let send = Weekday(name: sendDay ?? d.sendDay.name) else { throw AppError.invalidInput("send-day: not a weekday") }
                guard let time = LocalTime(sendTime ?? d.sendTime.description) else { throw AppError.invalidInput("send-time: expected HH:MM") }
                guard let reminder = Weekday(name: reminderDay ?? d.reminderDay.name) else {
                    throw AppError.invalidInput("reminder-day: not a weekday")
                }
                let couple = Couple(
                    id: id, therapistID: therapist ?? env.config.therapists[0].id,
                    schedule: WeeklySchedule(timeZoneID: timeZone ?? d.timeZoneID, sendDay: send, sendTime: time, reminderDay: reminder),
                    sharing: sharing,
                    partners: [Partner(label: .a, name: aName, preferredName: aPreferredName?.trimmingCharacters(in: .whitespaces), email: aEmail,
                                       language: aLanguage ?? d.language),
                               Partner(label: .b, name: bName, preferredName: bPreferredName?.trimmingCharacters(in: .whitespaces), email: bEmail,
                                       language: bLanguage ?? d.language)])
                try env.couples.add(couple)
                print("added couple \(id); record consent with: tightrope consent \(id)/a --method \"...\" (and \(id)/b)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List couples with status and schedule.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            try runMapped {
                let env = try Environment.load(options)
                for c in try env.couples.list() {
                    let consent = c.partners.map { $0.consent == nil ? "\($0.label.rawValue):no-consent" : "\($0.label.rawValue):ok" }
                    print("\(c.id)\t\(c.status.rawValue)\t\(c.therapistID)\t\(c.schedule.sendDay.name) \(c.schedule.sendTime) "
                          + "\(c.schedule.timeZoneID)\t\(consent.joined(separator: " "))")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one couple, their partners and rounds.")
        @OptionGroup var options: ConfigOptions
        @Argument var id: String

        func run() throws {
            try runMapped {
                let env = try Environment.load(options)
                let detail = try env.couples.show(id)
                let c = detail.couple
                print("couple \(c.id) (\(c.status.rawValue)), therapist \(c.therapistID)")
                print("schedule: \(c.schedule.sendDay.name) \(c.schedule.sendTime) \(c.schedule.timeZoneID), reminder \(c.schedule.reminderDay.name)")
                print("sharing between partners: \(c.sharing ? "on" : "off")")
                for p in c.partners {
                    let consent = p.consent.map { "consent \(ISO8601DateFormatter().string(from: $0.recordedAt)) (\($0.method))" }
                        ?? "NO CONSENT on record"
                    print("partner \(c.id)/\(p.label.rawValue): \(TerminalText.safe(p.name)) <\(p.email)>, greeted as \(TerminalText.safe(p.greetingName)), writes in \(p.language), \(p.status.rawValue), \(consent)")
                }
                for (r, current) in detail.rounds {
                    print("round \(r.id): \(r.week) \(r.theme.rawValue) \(r.promptID)")
                    for p in c.partners {
                        guard let id = p.id, let checkIn = current[id] else { continue }
                        let scales = checkIn.scales
                        let flagged = checkIn.safetyFlags.isEmpty ? "" : ", SAFETY FLAGS"
                        print("  \(p.label.rawValue): connection \(scales[.connection].map(String.init) ?? "-"), room "
                              + "\(scales[.room].map(String.init) ?? "-"), confidence \(String(format: "%.2f", checkIn.confidence))\(flagged)")
                    }
                }
                if detail.failingAddress {
                    print("an address bounced repeatedly and is skipped by send: check it with the partner")
                }
            }
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop sending check-ins to a couple until resumed.")
        @OptionGroup var options: ConfigOptions
        @Argument var id: String
        func run() throws {
            try runMapped {
                let withdrawn = try Environment.load(options).couples.setStatus(.paused, coupleID: id)
                print("paused \(id)" + (withdrawn > 0 ? "; \(withdrawn) unsent check-in(s) or reminder(s) withdrawn" : ""))
            }
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume check-ins for a paused couple.")
        @OptionGroup var options: ConfigOptions
        @Argument var id: String
        func run() throws {
            try runMapped { try Environment.load(options).couples.setStatus(.active, coupleID: id); print("resumed \(id)") }
        }
    }

    struct PreferredName: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "preferred-name", abstract: "Set the name a partner is greeted by (or --clear it: the first word of their name).")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The partner: COUPLE/a or COUPLE/b.") var partner: String
        @Argument(help: "The name, e.g. \"Min-jun\".") var name: String?
        @Flag(help: "Greet by the first word of their name again.") var clear = false

        func validate() throws {
            if clear == (name != nil) { throw ValidationError("give a name, or --clear") }
        }

        func run() throws {
            try runMapped {
                guard let ref = PartnerRef(partner) else { throw AppError.invalidInput("partner: expected COUPLE/a or COUPLE/b") }
                try Environment.load(options).couples.setPreferredName(ref, clear ? nil : name)
                print(clear ? "\(ref) is greeted by the first word of their name" : "\(ref) is greeted as \(TerminalText.safe(name!.trimmingCharacters(in: .whitespaces)))")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a couple: deleted if nothing was ever sent, else ended (no more email) and kept on record.")
        @OptionGroup var options: ConfigOptions
        @Argument var id: String
        func run() throws {
            try runMapped {
                switch try Environment.load(options).couples.remove(id) {
                case .deleted: print("removed \(id)")
                case .ended(let withdrawn):
                    print("ended \(id): no more check-ins; their record is kept"
                          + (withdrawn > 0 ? "; \(withdrawn) unsent check-in(s) or reminder(s) withdrawn" : ""))
                }
            }
        }
    }
}

struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roster", abstract: "Import couples from a TOML roster.",
                                                    subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import every couple of FILE, all or nothing.")
        @OptionGroup var options: ConfigOptions
        @Argument var file: String
        func run() throws {
            try runMapped {
                let count = try Environment.load(options).couples.importRoster(path: file)
                print("imported \(count) couple(s)")
            }
        }
    }
}

struct ConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent", abstract: "Record that a partner agreed to receive check-ins by (unencrypted) email.")
    @OptionGroup var options: ConfigOptions
    @Argument(help: "The partner: COUPLE/a or COUPLE/b.") var partner: String
    @Option(help: "How consent was given, e.g. \"signed intake form\".") var method: String

    func run() throws {
        try runMapped {
            guard let ref = PartnerRef(partner) else { throw AppError.invalidInput("partner: expected COUPLE/a or COUPLE/b") }
            try Environment.load(options).couples.recordConsent(ref, method: method)
            print("consent recorded for \(ref)")
        }
    }
}
