import Foundation
import GRDB

/// An audit entry: an action on a couple, without personal data or message contents.
package struct AuditEntry: Equatable, Sendable {
    package var at: Date
    package var action: String
    package var coupleID: String?
    package var detail: String?
}

extension TightropeStore {
    /// Appends to the audit log.
    package func audit(_ action: String, coupleID: String?, detail: String? = nil, at now: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT INTO audit (at, action, couple_id, detail) VALUES (?, ?, ?, ?)",
                           arguments: [now, action, coupleID, detail])
        }
    }

    /// The audit log, oldest first, optionally for one couple.
    package func auditLog(coupleID: String? = nil) throws(StoreError) -> [AuditEntry] {
        try read { db in
            let rows = coupleID == nil
                ? try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id")
                : try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE couple_id = ? ORDER BY id", arguments: [coupleID])
            return rows.map { AuditEntry(at: $0["at"], action: $0["action"], coupleID: $0["couple_id"], detail: $0["detail"]) }
        }
    }

    /// Everything stored about a couple, table by table, as plain values, with the raw bytes of
    /// the messages received from them and sent to them apart (for `export`). Only what is
    /// theirs: messages attributed to them, their outgoing mail and the alerts about their
    /// messages; never a digest (it speaks of other couples) nor a message whose token named them
    /// but whose sender was someone else. Nil when there is no such couple.
    package func exportRecord(coupleID: String) throws(StoreError) -> CoupleRecord? {
        try read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM couples WHERE id = ?", arguments: [coupleID]) == true else { return nil }
            func rows(_ sql: String) throws -> [[String: String]] {
                try Row.fetchAll(db, sql: sql, arguments: [coupleID]).map { row in
                    var out: [String: String] = [:]
                    for (column, value) in row {
                        switch value.storage {
                        case .null: continue
                        case .blob(let data): out[column] = String(data: data, encoding: .utf8) ?? data.base64EncodedString()
                        case .string(let text): out[column] = text
                        case .int64(let number): out[column] = String(number)
                        case .double(let number): out[column] = String(number)
                        }
                    }
                    return out
                }
            }
            let outbox = """
                FROM outbox WHERE (partner_id IN (SELECT id FROM partners WHERE couple_id = ?1)
                    OR round_id IN (SELECT id FROM rounds WHERE couple_id = ?1)
                    OR inbound_id IN (SELECT id FROM inbound WHERE couple_id = ?1))
                  AND id NOT IN (SELECT outbox_id FROM outbox_couples)
                """
            var record = CoupleRecord()
            record.tables = [
                "couple": try rows("SELECT * FROM couples WHERE id = ?"),
                "partners": try rows("SELECT * FROM partners WHERE couple_id = ?"),
                "rounds": try rows("SELECT * FROM rounds WHERE couple_id = ?"),
                "outbox": try rows("SELECT * \(outbox) ORDER BY id"),
                // Without token_couple_id: another couple's code when a partner of theirs answered
                // a check-in of another couple (forwarded); that message's bytes stay out too.
                "inbound": try rows("""
                    SELECT id, mailbox, uid_validity, uid, dedupe_key, received_at, state, kind, outcome, couple_id, partner_id, round_id,
                        processed_at, raw_purged_at, safety_json, attempts, folder, folder_uid_validity, folder_uid
                    FROM inbound WHERE couple_id = ? ORDER BY id
                    """),
                "checkins": try rows("""
                    SELECT * FROM checkins WHERE partner_id IN (SELECT id FROM partners WHERE couple_id = ?) ORDER BY id
                    """),
                "reviews": try rows("SELECT * FROM reviews WHERE couple_id = ? ORDER BY id"),
                "audit": try rows("SELECT at, action, detail FROM audit WHERE couple_id = ? ORDER BY id"),
            ]
            for row in try Row.fetchAll(db, sql: """
                SELECT inbound_raw.inbound_id, inbound_raw.bytes FROM inbound_raw JOIN inbound ON inbound.id = inbound_raw.inbound_id
                WHERE inbound.couple_id = ?1 AND (inbound.token_couple_id IS NULL OR inbound.token_couple_id = ?1)
                ORDER BY inbound_raw.inbound_id
                """, arguments: [coupleID]) {
                record.received.append((row[0], row[1]))
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT outbox_id, bytes FROM outbox_bodies WHERE outbox_id IN (SELECT id \(outbox)) ORDER BY outbox_id
                """, arguments: [coupleID]) {
                record.sent.append((row[0], row[1]))
            }
            return record
        }
    }
}

/// Everything stored about one couple (see `exportRecord`).
package struct CoupleRecord: Sendable {
    /// Table name → rows (column → value as text).
    package var tables: [String: [[String: String]]] = [:]
    /// Raw messages received (inbound id, bytes) and sent (outbox id, bytes).
    package var received: [(id: Int64, bytes: Data)] = []
    package var sent: [(id: Int64, bytes: Data)] = []
}

extension TightropeStore {
    /// Copies the WAL into the database and empties it. Throws `.busy` when a reader kept it
    /// from finishing.
    package func checkpoint() throws(StoreError) {
        do {
            try writer.writeWithoutTransaction { db in
                if let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)"), (row[0] as Int) != 0 { throw StoreError.busy }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.wrap(error)
        }
    }
}
