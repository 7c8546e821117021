import Foundation
import GRDB
import TightropeCore

/// What the jobs ask of the outbox beyond delivery: reminders, digests and what went wrong.
extension TightropeStore {
    /// The check-in message a partner was sent for a round.
    package func checkInMessage(roundID: Int64, partnerID: Int64) throws(StoreError) -> OutboxEntry? {
        try read { db in
            try OutboxEntry.fetchOne(db, sql: Self.entrySelect + " WHERE kind = 'checkin' AND round_id = ? AND partner_id = ?",
                             arguments: [roundID, partnerID])
        }
    }

    /// Whether a partner answered a round (a check-in or a command attributed to it), or was
    /// already reminded.
    package func answeredOrReminded(roundID: Int64, partnerID: Int64) throws(StoreError) -> Bool {
        try read { db in try Self.answeredOrReminded(roundID: roundID, partnerID: partnerID, db: db) }
    }

    private static func answeredOrReminded(roundID: Int64, partnerID: Int64, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM inbound WHERE round_id = ? AND partner_id = ? AND kind IN ('reply', 'command'))
                OR EXISTS (SELECT 1 FROM outbox WHERE kind = 'reminder' AND round_id = ? AND partner_id = ?)
            """, arguments: [roundID, partnerID, roundID, partnerID]) ?? false
    }

    /// Queues a reminder unless the partner answered or was reminded meanwhile (checked in the
    /// same transaction). Returns whether it was queued.
    package func queueReminder(_ draft: OutboxDraft, roundID: Int64, at now: Date) throws(StoreError) -> Bool {
        guard let partnerID = draft.partnerID else { return false }
        return try write { db in
            if try Self.answeredOrReminded(roundID: roundID, partnerID: partnerID, db: db) { return false }
            try Self.insert(draft, roundID: roundID, at: now, db: db)
            return true
        }
    }
}

extension TightropeStore {
    /// Check-ins the safety screen flagged, received at or after `since`, oldest first.
    package func flaggedCheckIns(since: Date) throws(StoreError) -> [StoredCheckIn] {
        try read { db in
            try StoredCheckIn.fetchAll(db, sql: "SELECT * FROM checkins WHERE safety_json != '[]' AND received_at >= ? ORDER BY id",
                             arguments: [since])
        }
    }

    /// Outbox messages of a round that failed or bounced: (partner id, kind, state).
    package func deliveryProblems(roundID: Int64) throws(StoreError) -> [(partnerID: Int64?, kind: OutboxKind, state: OutboxState)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT partner_id, kind, state FROM outbox WHERE round_id = ? AND state IN ('failed', 'bounced') ORDER BY id
                """, arguments: [roundID]).compactMap { row in
                    guard let kind = OutboxKind(rawValue: row["kind"]), let state = OutboxState(rawValue: row["state"]) else { return nil }
                    return (row["partner_id"], kind, state)
                }
        }
    }

    /// Whether the partner was sent a check-in for the round.
    package func wasSentCheckIn(roundID: Int64, partnerID: Int64) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM outbox WHERE kind = 'checkin' AND round_id = ? AND partner_id = ?",
                              arguments: [roundID, partnerID]) ?? false
        }
    }

    /// When the therapist's last digest before `week` was queued (alerts since then head the next one).
    package func lastDigest(therapistID: String, before week: ISOWeek) throws(StoreError) -> Date? {
        try read { db in
            try Date.fetchOne(db, sql: "SELECT max(created_at) FROM digests WHERE therapist_id = ? AND week < ?",
                              arguments: [therapistID, week.description])
        }
    }

    /// Queues a therapist's digest for a week unless one is queued already. Returns whether it was.
    /// `coupleIDs`: the couples it speaks of (erasing one of them drops or strips it).
    package func queueDigest(_ draft: OutboxDraft, therapistID: String, week: ISOWeek, coupleIDs: Set<String>,
                             at now: Date) throws(StoreError) -> Bool {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM digests WHERE therapist_id = ? AND week = ?",
                                 arguments: [therapistID, week.description]) == true {
                return false
            }
            try Self.insert(draft, roundID: nil, at: now, db: db)
            let outboxID = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO digests (therapist_id, week, outbox_id, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [therapistID, week.description, outboxID, now])
            for coupleID in coupleIDs.sorted() {
                try db.execute(sql: "INSERT INTO outbox_couples (outbox_id, couple_id) VALUES (?, ?)", arguments: [outboxID, coupleID])
            }
            try db.execute(sql: "INSERT INTO audit (at, action, detail) VALUES (?, 'digest queued', ?)",
                           arguments: [now, "therapist \(therapistID), \(week)"])
            return true
        }
    }
}
