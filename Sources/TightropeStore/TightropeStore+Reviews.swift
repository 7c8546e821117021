import Foundation
import GRDB
import TightropeCore

extension TightropeStore {
    /// The review queue, oldest first; only open items unless `all`.
    package func reviews(all: Bool = false) throws(StoreError) -> [ReviewItem] {
        try read { db in
            try ReviewItem.fetchAll(db, sql: "SELECT * FROM reviews \(all ? "" : "WHERE state = 'open'") ORDER BY id")
        }
    }

    package func review(id: Int64) throws(StoreError) -> ReviewItem? {
        try read { db in try ReviewItem.fetchOne(db, sql: "SELECT * FROM reviews WHERE id = ?", arguments: [id]) }
    }

    static func review(from row: Row) -> ReviewItem {
        ReviewItem(id: row["id"], inboundID: row["inbound_id"], reason: row["reason"], coupleID: row["couple_id"],
                   checkInID: row["checkin_id"], state: ReviewState(rawValue: row["state"]) ?? .open, createdAt: row["created_at"])
    }

    /// Settles an open review item. Accepting may carry a disposition (a quarantined reply
    /// attributed by the therapist): it is applied in the same transaction. Returns the
    /// check-in id stored, if any.
    @discardableResult
    package func resolveReview(id: Int64, accept: Bool, disposition: InboundDisposition?, at now: Date) throws(StoreError) -> Int64? {
        try write { db -> Int64? in try Self.resolveReview(id: id, accept: accept, disposition: disposition, at: now, db: db) }
    }

    /// `resolveReview` inside a transaction.
    @discardableResult
    static func resolveReview(id: Int64, accept: Bool, disposition: InboundDisposition?, at now: Date, db: Database) throws -> Int64? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM reviews WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("review item")
        }
        let item = Self.review(from: row)
        guard item.state == .open else { throw StoreError.conflict("review item \(id) is already \(item.state)") }
        try db.execute(sql: "UPDATE reviews SET state = ?, resolved_at = ? WHERE id = ?",
                       arguments: [accept ? "accepted" : "rejected", now, id])
        var checkInID: Int64?
        if !accept, let rejected = item.checkInID {
            try db.execute(sql: "UPDATE checkins SET rejected_at = ? WHERE id = ?", arguments: [now, rejected])
        }
        if accept, var d = disposition {
            d.reviewReason = nil
            try db.execute(sql: """
                UPDATE inbound SET kind = ?, outcome = ?, couple_id = ?, partner_id = ?, round_id = ? WHERE id = ?
                """, arguments: [d.kind.rawValue, d.outcome.description, d.coupleID, d.partnerID, d.roundID, item.inboundID])
            try db.execute(sql: "UPDATE reviews SET couple_id = ? WHERE id = ?", arguments: [d.coupleID, id])
            checkInID = try Self.apply(d, inboundID: item.inboundID, at: now, db: db)
        }
        try db.execute(sql: "INSERT INTO audit (at, action, couple_id, detail) VALUES (?, ?, ?, ?)",
                       arguments: [now, accept ? "review accepted" : "review rejected", disposition?.coupleID ?? item.coupleID,
                                   "item \(id): \(item.reason)"])
        return checkInID
    }
}
