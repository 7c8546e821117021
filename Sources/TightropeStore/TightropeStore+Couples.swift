import Foundation
import GRDB
import TightropeCore

extension TightropeStore {
    /// Stores a new couple with both partners, all or nothing.
    package func addCouple(_ couple: Couple, at now: Date) throws(StoreError) {
        try addCouples([couple], at: now)
    }

    /// Stores several couples in one transaction: all of them, or none.
    package func addCouples(_ couples: [Couple], at now: Date) throws(StoreError) {
        try write { db in
          for couple in couples {
            try db.execute(sql: """
                INSERT INTO couples (id, therapist_id, time_zone, send_weekday, send_time, reminder_weekday, sharing, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [couple.id, couple.therapistID, couple.schedule.timeZoneID, couple.schedule.sendDay.rawValue,
                                 couple.schedule.sendTime.description, couple.schedule.reminderDay.rawValue, couple.sharing,
                                 couple.status.rawValue, now])
            for p in couple.partners {
                try db.execute(sql: """
                    INSERT INTO partners (couple_id, label, name, preferred_name, email, consent_at, consent_method, status, paused_until,
                                          language)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [couple.id, p.label.rawValue, p.name, p.preferredName, p.email, p.consent?.recordedAt, p.consent?.method,
                                     p.status.rawValue, p.pausedUntil, p.language])
            }
          }
        }
    }

    /// Every couple, ordered by id.
    package func couples() throws(StoreError) -> [Couple] {
        try read { db in
            let partnerRows = try Row.fetchAll(db, sql: "SELECT * FROM partners ORDER BY couple_id, label")
            let partners = Dictionary(grouping: partnerRows, by: { $0["couple_id"] as String })
            return try Row.fetchAll(db, sql: "SELECT * FROM couples ORDER BY id").compactMap { row in
                Self.couple(from: row, partners: partners[row["id"] as String] ?? [])
            }
        }
    }

    /// Up to `limit` couples with ids after `after`, ordered by id: the jobs walk the roster a
    /// page at a time, so their memory does not grow with the number of couples.
    package func couples(after: String?, limit: Int) throws(StoreError) -> [Couple] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM couples WHERE id > ? ORDER BY id LIMIT ?", arguments: [after ?? "", limit])
            guard let first = rows.first, let last = rows.last else { return [] }
            let partnerRows = try Row.fetchAll(db, sql: "SELECT * FROM partners WHERE couple_id BETWEEN ? AND ? ORDER BY couple_id, label",
                                               arguments: [first["id"] as String, last["id"] as String])
            let partners = Dictionary(grouping: partnerRows, by: { $0["couple_id"] as String })
            return rows.compactMap { Self.couple(from: $0, partners: partners[$0["id"] as String] ?? []) }
        }
    }

    /// One couple, or nil.
    package func couple(id: String) throws(StoreError) -> Couple? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM couples WHERE id = ?", arguments: [id]) else { return nil }
            let partners = try Row.fetchAll(db, sql: "SELECT * FROM partners WHERE couple_id = ? ORDER BY label", arguments: [id])
            return Self.couple(from: row, partners: partners)
        }
    }

    /// Sets a couple's status (pause, resume, end).
    /// Sets a couple's status. Pausing or ending it also withdraws its check-ins and reminders
    /// not yet handed to a server (queued or deferred), in the same transaction, so "no more
    /// check-ins" holds for mail already waiting too; returns how many were withdrawn.
    @discardableResult
    package func setStatus(_ status: CoupleStatus, coupleID: String) throws(StoreError) -> Int {
        try write { db in
            try Self.setStatus(status, until: nil, coupleID: coupleID, db: db)
        }
    }

    /// `setStatus` inside a transaction; `until` ends a pause (nil: until resumed).
    static func setStatus(_ status: CoupleStatus, until: Date?, coupleID: String, db: Database) throws -> Int {
        try db.execute(sql: "UPDATE couples SET status = ?, paused_until = ? WHERE id = ?",
                       arguments: [status.rawValue, status == .paused ? until : nil, coupleID])
        guard db.changesCount == 1 else { throw StoreError.notFound("couple") }
        guard status != .active else { return 0 }
        try db.execute(sql: """
            DELETE FROM outbox WHERE kind IN ('checkin', 'reminder') AND state IN ('queued', 'deferred')
            AND partner_id IN (SELECT id FROM partners WHERE couple_id = ?)
            """, arguments: [coupleID])
        return db.changesCount
    }

    /// Deletes a couple and everything stored about them (rounds and outbox rows cascade).
    package func deleteCouple(id: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM couples WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StoreError.notFound("couple") }
        }
    }

    /// Records a partner's consent to receive check-ins by email.
    package func recordConsent(_ consent: Consent, for ref: PartnerRef) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE partners SET consent_at = ?, consent_method = ? WHERE couple_id = ? AND label = ?",
                           arguments: [consent.recordedAt, consent.method, ref.coupleID, ref.label.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound("partner") }
        }
    }

    /// Sets (or, with nil, clears) the name a partner is greeted by.
    package func setPreferredName(_ name: String?, for ref: PartnerRef) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE partners SET preferred_name = ? WHERE couple_id = ? AND label = ?",
                           arguments: [name, ref.coupleID, ref.label.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound("partner") }
        }
    }

    private static func couple(from row: Row, partners: [Row]) -> Couple? {
        guard let sendDay = Weekday(rawValue: row["send_weekday"]),
              let reminderDay = Weekday(rawValue: row["reminder_weekday"]),
              let sendTime = LocalTime(row["send_time"] as String),
              let status = CoupleStatus(rawValue: row["status"]) else { return nil }
        let schedule = WeeklySchedule(timeZoneID: row["time_zone"], sendDay: sendDay, sendTime: sendTime, reminderDay: reminderDay)
        var couple = Couple(id: row["id"], therapistID: row["therapist_id"], schedule: schedule, sharing: row["sharing"],
                            status: status, partners: partners.compactMap(partner(from:)), createdAt: row["created_at"])
        couple.pausedUntil = row["paused_until"]
        couple.nextTheme = row["next_theme"]
        return couple
    }

    private static func partner(from row: Row) -> Partner? {
        guard let label = PartnerLabel(rawValue: row["label"]), let status = PartnerStatus(rawValue: row["status"]) else { return nil }
        var consent: Consent?
        if let at: Date = row["consent_at"], let method: String = row["consent_method"] {
            consent = Consent(recordedAt: at, method: method)
        }
        return Partner(id: row["id"], label: label, name: row["name"], preferredName: row["preferred_name"], email: row["email"], consent: consent,
                       status: status, pausedUntil: row["paused_until"], language: row["language"] ?? "en")
    }
}
