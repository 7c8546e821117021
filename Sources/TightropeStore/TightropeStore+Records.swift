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

    /// Everything stored about a couple, table by table, as plain values (for `export`).
    package func exportRows(coupleID: String) throws(StoreError) -> [String: [[String: String]]]? {
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
            return [
                "couple": try rows("SELECT * FROM couples WHERE id = ?"),
                "partners": try rows("SELECT * FROM partners WHERE couple_id = ?"),
                "rounds": try rows("SELECT * FROM rounds WHERE couple_id = ?"),
                "outbox": try rows("""
                    SELECT outbox.*, outbox_bodies.bytes AS message FROM outbox
                    JOIN outbox_bodies ON outbox_bodies.outbox_id = outbox.id
                    WHERE partner_id IN (SELECT id FROM partners WHERE couple_id = ?) ORDER BY outbox.id
                    """),
                "inbound": try rows("""
                    SELECT inbound.*, inbound_raw.bytes AS message FROM inbound
                    LEFT JOIN inbound_raw ON inbound_raw.inbound_id = inbound.id
                    WHERE couple_id = ? ORDER BY inbound.id
                    """),
                "checkins": try rows("""
                    SELECT * FROM checkins WHERE partner_id IN (SELECT id FROM partners WHERE couple_id = ?) ORDER BY id
                    """),
                "reviews": try rows("SELECT * FROM reviews WHERE couple_id = ? ORDER BY id"),
                "audit": try rows("SELECT at, action, detail FROM audit WHERE couple_id = ? ORDER BY id"),
            ]
        }
    }
}

extension TightropeStore {
    /// Erases a couple and everything stored about them, then records that it happened.
    /// Deleted pages are overwritten (secure_delete) and the WAL is truncated, so the data
    /// does not linger in the files.
    package func forget(coupleID: String, at now: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM couples WHERE id = ?", arguments: [coupleID])
            guard db.changesCount == 1 else { throw StoreError.notFound("couple") }
            try db.execute(sql: "DELETE FROM audit WHERE couple_id = ?", arguments: [coupleID])
            try db.execute(sql: "INSERT INTO audit (at, action, couple_id) VALUES (?, 'couple erased', ?)", arguments: [now, coupleID])
        }
        try checkpoint()
    }

    /// Copies the WAL into the database and empties it.
    package func checkpoint() throws(StoreError) {
        do {
            try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw StoreError.wrap(error)
        }
    }
}
