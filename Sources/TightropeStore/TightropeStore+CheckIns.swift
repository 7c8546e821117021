import Foundation
import GRDB
import TightropeCore

extension TightropeStore {
    /// A partner and their couple, by the partner's id.
    package func partner(id: Int64) throws(StoreError) -> (couple: Couple, partner: Partner)? {
        guard let coupleID = try read({ db in
            try String.fetchOne(db, sql: "SELECT couple_id FROM partners WHERE id = ?", arguments: [id])
        }), let couple = try couple(id: coupleID), let partner = couple.partners.first(where: { $0.id == id }) else { return nil }
        return (couple, partner)
    }

    /// The partner with this address (compared without regard to case).
    package func partnerID(email: String) throws(StoreError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT id FROM partners WHERE email = ? COLLATE NOCASE", arguments: [email]) }
    }

    /// One round.
    package func round(id: Int64) throws(StoreError) -> StoredRound? {
        try read { db in
            try StoredRound.fetchOne(db, sql: "SELECT * FROM rounds WHERE id = ?", arguments: [id])
        }
    }

    /// The address a message we sent went to (its envelope recipient), by its Message-ID.
    package func outboxRecipient(messageID: String) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT envelope_to FROM outbox WHERE message_id = ? ORDER BY id DESC LIMIT 1",
                                arguments: [messageID])
        }
    }

    /// The partner and round a message we sent belongs to, found by its Message-ID among
    /// `messageIDs` (a reply's thread headers, a bounce's original). A confirmation counts for
    /// the round of the reply it confirmed. The most recent match wins.
    package func outboxThread(messageIDs: [String]) throws(StoreError) -> (roundID: Int64, partnerID: Int64)? {
        guard !messageIDs.isEmpty else { return nil }
        let ids = Array(messageIDs.suffix(50))
        return try read { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            guard let row = try Row.fetchOne(db, sql: """
                SELECT coalesce(outbox.round_id, inbound.round_id) AS round_id, outbox.partner_id AS partner_id
                FROM outbox LEFT JOIN inbound ON inbound.id = outbox.inbound_id
                WHERE outbox.message_id IN (\(marks)) AND outbox.partner_id IS NOT NULL
                ORDER BY outbox.id DESC LIMIT 1
                """, arguments: StatementArguments(ids)),
                  let round: Int64 = row["round_id"], let partner: Int64 = row["partner_id"] else { return nil }
            return (round, partner)
        }
    }

    /// Check-ins of a round (all, superseded ones included), oldest first.
    func checkIns(roundID: Int64) throws(StoreError) -> [StoredCheckIn] {
        try read { db in
            try StoredCheckIn.fetchAll(db, sql: "SELECT * FROM checkins WHERE round_id = ? ORDER BY id", arguments: [roundID])
        }
    }

    /// The check-in that counts for each partner of a round: their latest one the therapist
    /// did not reject. Keyed by partner id.
    package func currentCheckIns(roundID: Int64) throws(StoreError) -> [Int64: StoredCheckIn] {
        var current: [Int64: StoredCheckIn] = [:]
        for c in try checkIns(roundID: roundID) where c.rejectedAt == nil { current[c.partnerID] = c }
        return current
    }

    /// One check-in.
    package func checkIn(id: Int64) throws(StoreError) -> StoredCheckIn? {
        try read { db in try StoredCheckIn.fetchOne(db, sql: "SELECT * FROM checkins WHERE id = ?", arguments: [id]) }
    }

    /// Every check-in, oldest first (reports and tests).
    package func allCheckIns() throws(StoreError) -> [StoredCheckIn] {
        try read { db in try StoredCheckIn.fetchAll(db, sql: "SELECT * FROM checkins ORDER BY id") }
    }

    /// Hard-bounce count and when the address was marked failing, for a partner.
    package func addressHealth(partnerID: Int64) throws(StoreError) -> (hardBounces: Int, failingSince: Date?) {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT hard_bounces, address_failing_at FROM partners WHERE id = ?", arguments: [partnerID])
                .map { ($0["hard_bounces"], $0["address_failing_at"]) } ?? (0, nil)
        }
    }

    /// Ids of partners whose address is failing (skipped by `send`).
    package func failingPartnerIDs() throws(StoreError) -> Set<Int64> {
        try read { db in Set(try Int64.fetchAll(db, sql: "SELECT id FROM partners WHERE address_failing_at IS NOT NULL")) }
    }
}
