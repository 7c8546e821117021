import Foundation
import TightropeCore
import TightropeStore

/// Managing couples from the CLI: add, list, show, pause, resume, remove, consent, roster import.
/// Every input is validated before anything is written; a refused input writes nothing.
package struct CoupleService {
    package let config: Configuration
    package let store: TightropeStore
    package let clock: any WallClock

    package init(config: Configuration, store: TightropeStore, clock: any WallClock) {
        self.config = config
        self.store = store
        self.clock = clock
    }

    /// Checks a couple against the input rules and the configuration.
    package func validate(_ couple: Couple) throws(AppError) {
        do { try InputValidator.check(couple) } catch { throw .invalidInput(error.description) }
        guard config.therapist(id: couple.therapistID) != nil else {
            throw .invalidInput("therapist: no therapist with this id in the configuration")
        }
        let available = LocaleSupport.available()
        for partner in couple.partners where !available.contains(partner.language) {
            throw .invalidInput("\(partner.label.rawValue)-language: no check-in texts for '\(partner.language)' "
                                + "(available: \(available.joined(separator: ", ")))")
        }
        for partner in couple.partners where config.crisisText(for: partner.language) == nil {
            throw .invalidInput("\(partner.label.rawValue)-language: the configuration has no crisis text in '\(partner.language)': "
                                + "add it under [crisis_texts] (\(partner.language) = \"…\")")
        }
    }

    package func add(_ couple: Couple) throws(AppError) {
        try validate(couple)
        try wrap { () throws(StoreError) in
            try store.addCouple(couple, at: clock.now)
            try store.audit("couple added", coupleID: couple.id, at: clock.now)
        }
    }

    package func list() throws(AppError) -> [Couple] {
        try wrap { () throws(StoreError) in try store.couples() }
    }

    /// What `couple show` tells the therapist: the couple, each round with what counts for
    /// each partner (their latest reply not rejected), and whether an address keeps bouncing.
    package struct Detail: Sendable {
        package var couple: Couple
        package var rounds: [(round: StoredRound, current: [Int64: StoredCheckIn])]
        package var failingAddress: Bool
    }

    package func show(_ id: String) throws(AppError) -> Detail {
        guard let couple = try wrap({ () throws(StoreError) in try store.couple(id: id) }) else {
            throw .invalidInput("couple: not found")
        }
        return try wrap { () throws(StoreError) in
            var detail = Detail(couple: couple, rounds: [], failingAddress: false)
            for round in try store.rounds(coupleID: id) {
                detail.rounds.append((round, try store.currentCheckIns(roundID: round.id)))
            }
            for partnerID in couple.partners.compactMap(\.id) where try store.addressHealth(partnerID: partnerID).failingSince != nil {
                detail.failingAddress = true
            }
            return detail
        }
    }

    /// Sets the status; pausing or ending withdraws the couple's unsent check-ins and reminders
    /// (returns how many), and says so in the audit log.
    @discardableResult
    package func setStatus(_ status: CoupleStatus, coupleID: String) throws(AppError) -> Int {
        try wrap { () throws(StoreError) in
            let withdrawn = try store.setStatus(status, coupleID: coupleID)
            try store.audit("couple \(status.rawValue)" + (withdrawn > 0 ? ", \(withdrawn) unsent message(s) withdrawn" : ""),
                            coupleID: coupleID, at: clock.now)
            return withdrawn
        }
    }

    /// What `remove` did.
    package enum Removal: Equatable, Sendable {
        /// Nothing had been sent: the couple is gone.
        case deleted
        /// Rounds exist: the couple is ended (no more email: `withdrawn` unsent messages were
        /// withdrawn) and their record kept.
        case ended(withdrawn: Int)
    }

    /// Removes a couple that never had a round; ends (and keeps the record of) one that has.
    package func remove(_ id: String) throws(AppError) -> Removal {
        guard try wrap({ () throws(StoreError) in try store.couple(id: id) }) != nil else {
            throw .invalidInput("couple: not found")
        }
        if try wrap({ () throws(StoreError) in try store.rounds(coupleID: id) }).isEmpty {
            try wrap { () throws(StoreError) in try store.deleteCouple(id: id) }
            return .deleted
        }
        return .ended(withdrawn: try setStatus(.ended, coupleID: id))
    }

    package func recordConsent(_ ref: PartnerRef, method: String) throws(AppError) {
        do { try InputValidator.checkLine(method, field: "method") } catch { throw .invalidInput(error.description) }
        try wrap { () throws(StoreError) in
            try store.recordConsent(Consent(recordedAt: clock.now, method: method), for: ref)
            try store.audit("consent recorded", coupleID: ref.coupleID, detail: "partner \(ref.label.rawValue)", at: clock.now)
        }
    }

    /// Sets the name a partner is greeted by (trimmed, checked as `couple add` checks it), or
    /// clears it (nil: the first word of their name again); audit-logged without the name.
    package func setPreferredName(_ ref: PartnerRef, _ name: String?) throws(AppError) {
        let trimmed = name?.trimmingCharacters(in: .whitespaces)
        if let trimmed {
            do throws(ValidationIssue) {
                try InputValidator.checkName(trimmed, field: "preferred name")
                guard trimmed.count <= 40 else { throw ValidationIssue(field: "preferred name", reason: "must be at most 40 characters") }
            } catch { throw .invalidInput(error.description) }
        }
        try wrap { () throws(StoreError) in
            try store.setPreferredName(trimmed, for: ref)
            try store.audit(trimmed == nil ? "preferred name cleared" : "preferred name set", coupleID: ref.coupleID,
                            detail: "partner \(ref.label.rawValue)", at: clock.now)
        }
    }

    /// Imports a roster file: every couple is checked, then all are stored in one transaction.
    package func importRoster(path: String) throws(AppError) -> Int {
        let couples: [Couple]
        do {
            couples = try RosterFile.load(path: path, defaults: config.defaults, now: clock.now)
        } catch {
            throw .invalidInput(error.description)
        }
        var ids = Set<String>(), emails = Set<String>()
        for (index, couple) in couples.enumerated() {
            // Named by its place in the file, and by its id only once the id is known to be valid:
            // an error never echoes a value from the file.
            var name = "couple #\(index + 1) in the roster"
            if (try? InputValidator.checkIdentifier(couple.id, field: "id")) != nil { name += " (\(couple.id))" }
            do { try validate(couple) } catch { throw .invalidInput("\(name): \(error.description)") }
            guard ids.insert(couple.id).inserted else { throw .invalidInput("\(name): id appears twice in the roster") }
            for p in couple.partners where !emails.insert(p.email.lowercased()).inserted {
                throw .invalidInput("\(name): partner \(p.label.rawValue) email appears twice in the roster")
            }
        }
        try wrap { () throws(StoreError) in try store.addCouples(couples, at: clock.now) }
        return couples.count
    }
}

/// A roster file: `[[couples]]` with `[[couples.partners]]`, for importing a caseload at once.
package enum RosterFile {
    package static func load(path: String, defaults: CoupleDefaults, now: Date) throws(TOMLFileError) -> [Couple] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TOMLFileError(file: path, key: "", reason: "cannot be read as UTF-8 text")
        }
        return try parse(text, file: path, defaults: defaults, now: now)
    }

    package static func parse(_ text: String, file: String, defaults: CoupleDefaults, now: Date) throws(TOMLFileError) -> [Couple] {
        let root = try TOMLTableReader.parse(text, file: file)
        var couples: [Couple] = []
        for c in try root.tables("couples") {
            guard let sendDay = Weekday(name: try c.optionalString("send_day") ?? defaults.sendDay.name) else {
                throw c.fail("send_day", "must be a weekday name")
            }
            guard let sendTime = LocalTime(try c.optionalString("send_time") ?? defaults.sendTime.description) else {
                throw c.fail("send_time", "must be HH:MM")
            }
            guard let reminderDay = Weekday(name: try c.optionalString("reminder_day") ?? defaults.reminderDay.name) else {
                throw c.fail("reminder_day", "must be a weekday name")
            }
            let schedule = WeeklySchedule(timeZoneID: try c.optionalString("time_zone") ?? defaults.timeZoneID, sendDay: sendDay,
                                          sendTime: sendTime, reminderDay: reminderDay)
            var partners: [Partner] = []
            for (i, p) in try c.tables("partners").enumerated() {
                let method = try p.optionalString("consent_method")
                let language = try p.optionalString("language") ?? defaults.language
                guard LocaleSupport.isWellFormed(language) else { throw p.fail("language", "must be a BCP 47 language tag such as en or de") }
                partners.append(Partner(label: i == 0 ? .a : .b, name: try p.string("name"), preferredName: try p.optionalString("preferred_name").map { $0.trimmingCharacters(in: .whitespaces) },
                                        email: try p.string("email"),
                                        consent: method.map { Consent(recordedAt: now, method: $0) }, language: language))
                try p.finish()
            }
            let id = try c.string("id"), therapist = try c.string("therapist"), sharing = try c.optionalBool("sharing") ?? false
            try c.finish()
            guard partners.count == 2 else { throw c.fail("partners", "a couple needs exactly two [[couples.partners]]") }
            couples.append(Couple(id: id, therapistID: therapist, schedule: schedule, sharing: sharing, partners: partners))
        }
        try root.finish()
        return couples
    }
}
