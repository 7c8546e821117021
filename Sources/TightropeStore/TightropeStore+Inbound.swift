import Foundation
import GRDB
import TightropeCore

/// A stored inbound message waiting to be (or having been) processed.
package struct InboundEntry: Sendable {
    package var id: Int64
    package var mailbox: String
    package var uid: Int64
    package var receivedAt: Date
    package var state: String
    package var kind: String?
    package var outcome: String?
    package var coupleID: String?
    package var partnerID: Int64?
    package var roundID: Int64?
    /// Nil once retention has purged them.
    package var bytes: [UInt8]?
}

/// A check-in to store: the answers read from a reply.
package struct CheckInDraft: Sendable {
    package var roundID: Int64
    package var partnerID: Int64
    package var scalesJSON: String
    package var reflection: String?
    package var replyText: String
    package var confidence: Double
    package var safetyJSON: String

    package init(roundID: Int64, partnerID: Int64, scalesJSON: String, reflection: String?, replyText: String,
                 confidence: Double, safetyJSON: String) {
        self.roundID = roundID
        self.partnerID = partnerID
        self.scalesJSON = scalesJSON
        self.reflection = reflection
        self.replyText = replyText
        self.confidence = confidence
        self.safetyJSON = safetyJSON
    }
}

/// A stored check-in.
package struct StoredCheckIn: Sendable, Equatable {
    package var id: Int64
    package var inboundID: Int64
    package var roundID: Int64
    package var partnerID: Int64
    package var scalesJSON: String
    package var reflection: String?
    package var replyText: String
    package var confidence: Double
    package var safetyJSON: String
    package var supersededBy: Int64?
    package var rejectedAt: Date?
    package var receivedAt: Date
}

extension StoredCheckIn {
    /// The scale answers by scale id (`connection`, `room`); empty when none were read.
    package var scales: [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(scalesJSON.utf8))) ?? [:]
    }
}

/// A change to a partner's participation, asked for by a command reply.
package enum ParticipationChange: Sendable, Equatable {
    case stop
    case pause(until: Date)
    case resume
}

/// Everything that processing one inbound message decided, applied in one transaction.
package struct InboundDisposition: Sendable {
    package var kind: String
    /// A short code of what happened (`checkin`, `quarantined`, `bounce matched`…): never contents.
    package var outcome: String
    package var coupleID: String?
    package var partnerID: Int64?
    package var roundID: Int64?
    package var checkIn: CheckInDraft?
    /// Put into the review queue with this reason.
    package var reviewReason: String?
    package var participation: ParticipationChange?
    /// A delivery report: the Message-ID of our message it reports on, and whether it failed for good.
    package var bouncedMessageID: String?
    package var hardBounce = false
    /// Messages to queue in answer (a confirmation, an alert).
    package var replies: [OutboxDraft] = []

    package init(kind: String, outcome: String) {
        self.kind = kind
        self.outcome = outcome
    }
}

/// An item of the review queue.
package struct ReviewItem: Sendable, Equatable {
    package var id: Int64
    package var inboundID: Int64
    package var reason: String
    package var coupleID: String?
    package var checkInID: Int64?
    package var state: String
    package var createdAt: Date
}

extension TightropeStore {
    /// Hard bounces after which a partner's address counts as failing.
    package static let failingAfterHardBounces = 2

    /// The poller's place in a mailbox: its UIDVALIDITY and the highest UID stored.
    package func mailboxState(_ mailbox: String) throws(StoreError) -> (uidValidity: Int64, lastUID: Int64)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM mailbox_state WHERE mailbox = ?", arguments: [mailbox])
                .map { ($0["uid_validity"], $0["last_uid"]) }
        }
    }

    /// Records a (new) UIDVALIDITY for a mailbox; a changed one starts the UID count again.
    package func resetMailbox(_ mailbox: String, uidValidity: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO mailbox_state (mailbox, uid_validity, last_uid) VALUES (?, ?, 0)
                ON CONFLICT(mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = 0
                """, arguments: [mailbox, uidValidity])
        }
    }

    /// Moves the mailbox's mark to `uid`: every listed message up to it is stored and moved
    /// out of the inbox. It never goes back.
    package func advanceMailbox(_ mailbox: String, uidValidity: Int64, to uid: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE mailbox_state SET last_uid = max(last_uid, ?) WHERE mailbox = ? AND uid_validity = ?",
                           arguments: [uid, mailbox, uidValidity])
        }
    }

    /// Commits a fetched message's raw bytes before anything else is done with it. Returns the
    /// new row's id, or nil when a message with the same key is stored already (fetched again
    /// after a crash or a UIDVALIDITY change).
    package func storeInbound(mailbox: String, uidValidity: Int64, uid: Int64, dedupeKey: String, bytes: [UInt8],
                              at now: Date) throws(StoreError) -> Int64? {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM inbound WHERE dedupe_key = ?", arguments: [dedupeKey]) == true {
                return nil
            }
            try db.execute(sql: """
                INSERT INTO inbound (mailbox, uid_validity, uid, dedupe_key, received_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [mailbox, uidValidity, uid, dedupeKey, now])
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO inbound_raw (inbound_id, bytes) VALUES (?, ?)", arguments: [id, Data(bytes)])
            return id
        }
    }

    /// How many messages are stored (each counted once, whatever became of it).
    package func inboundCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbound") ?? 0 }
    }

    /// Ids of stored messages not yet processed, oldest first.
    package func unprocessedInboundIDs() throws(StoreError) -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM inbound WHERE state = 'stored' ORDER BY id") }
    }

    /// One inbound message with its bytes (if not purged).
    package func inbound(id: Int64) throws(StoreError) -> InboundEntry? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT inbound.*, inbound_raw.bytes FROM inbound LEFT JOIN inbound_raw ON inbound_raw.inbound_id = inbound.id
                WHERE inbound.id = ?
                """, arguments: [id]).map(Self.inboundEntry(from:))
        }
    }

    /// Every inbound message, oldest first, without bytes (reports and tests).
    package func inboundEntries() throws(StoreError) -> [InboundEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT inbound.*, NULL AS bytes FROM inbound ORDER BY id").map(Self.inboundEntry(from:))
        }
    }

    private static func inboundEntry(from row: Row) -> InboundEntry {
        let data: Data? = row["bytes"]
        return InboundEntry(id: row["id"], mailbox: row["mailbox"], uid: row["uid"], receivedAt: row["received_at"],
                            state: row["state"], kind: row["kind"], outcome: row["outcome"], coupleID: row["couple_id"],
                            partnerID: row["partner_id"], roundID: row["round_id"], bytes: data.map { Array($0) })
    }

    /// Applies what processing decided, all in one transaction, and marks the message processed.
    /// Applying twice is impossible: a processed message is left alone.
    @discardableResult
    package func finishInbound(id: Int64, _ d: InboundDisposition, at now: Date) throws(StoreError) -> Int64? {
        try write { db -> Int64? in
            try db.execute(sql: """
                UPDATE inbound SET state = 'processed', kind = ?, outcome = ?, couple_id = ?, partner_id = ?, round_id = ?,
                    processed_at = ?
                WHERE id = ? AND state = 'stored'
                """, arguments: [d.kind, d.outcome, d.coupleID, d.partnerID, d.roundID, now, id])
            guard db.changesCount == 1 else { return nil }
            let checkInID = try Self.apply(d, inboundID: id, at: now, db: db)
            return checkInID
        }
    }

    /// The effects of a disposition (shared by processing and review acceptance). Returns the
    /// check-in's id when one was stored.
    private static func apply(_ d: InboundDisposition, inboundID: Int64, at now: Date, db: Database) throws -> Int64? {
        var checkInID: Int64?
        if let c = d.checkIn {
            try db.execute(sql: """
                INSERT INTO checkins (inbound_id, round_id, partner_id, scales_json, reflection, reply_text, confidence,
                                      safety_json, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [inboundID, c.roundID, c.partnerID, c.scalesJSON, c.reflection, c.replyText, c.confidence,
                                 c.safetyJSON, now])
            let newID = db.lastInsertedRowID
            checkInID = newID
            try db.execute(sql: """
                UPDATE checkins SET superseded_by = ? WHERE round_id = ? AND partner_id = ? AND id != ? AND superseded_by IS NULL
                """, arguments: [newID, c.roundID, c.partnerID, newID])
        }
        if let reason = d.reviewReason {
            try db.execute(sql: """
                INSERT INTO reviews (inbound_id, reason, couple_id, checkin_id, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(inbound_id) DO UPDATE SET reason = excluded.reason, checkin_id = excluded.checkin_id,
                    couple_id = excluded.couple_id, state = 'open', resolved_at = NULL
                """, arguments: [inboundID, reason, d.coupleID, checkInID, now])
        }
        if let partnerID = d.partnerID, let change = d.participation {
            switch change {
            case .stop:
                try db.execute(sql: "UPDATE partners SET status = 'stopped', paused_until = NULL WHERE id = ?", arguments: [partnerID])
            case .pause(let until):
                try db.execute(sql: "UPDATE partners SET status = 'paused', paused_until = ? WHERE id = ?", arguments: [until, partnerID])
            case .resume:
                try db.execute(sql: "UPDATE partners SET status = 'active', paused_until = NULL WHERE id = ?", arguments: [partnerID])
            }
        }
        if let messageID = d.bouncedMessageID, d.hardBounce {
            try db.execute(sql: "UPDATE outbox SET state = 'bounced' WHERE message_id = ?", arguments: [messageID])
            if let partnerID = d.partnerID {
                try db.execute(sql: """
                    UPDATE partners SET hard_bounces = hard_bounces + 1,
                        address_failing_at = CASE WHEN hard_bounces + 1 >= ? THEN coalesce(address_failing_at, ?)
                                                  ELSE address_failing_at END
                    WHERE id = ?
                    """, arguments: [failingAfterHardBounces, now, partnerID])
            }
        }
        for reply in d.replies {
            try insert(reply, roundID: nil, at: now, db: db)
        }
        let detail = [d.kind, d.outcome].joined(separator: ": ")
        try db.execute(sql: "INSERT INTO audit (at, action, couple_id, detail) VALUES (?, ?, ?, ?)",
                       arguments: [now, "message received", d.coupleID, detail])
        return checkInID
    }

    /// Whether a message with this key is stored (a leftover in the inbox after a crash).
    package func isInboundStored(mailbox: String, uidValidity: Int64, uid: Int64) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM inbound WHERE mailbox = ? AND uid_validity = ? AND uid = ?",
                              arguments: [mailbox, uidValidity, uid]) ?? false
        }
    }

    /// Drops the raw bytes of processed messages received before `cutoff` (retention). Messages
    /// with an open review keep theirs. Returns how many were purged.
    package func purgeRawInbound(before cutoff: Date, at now: Date) throws(StoreError) -> Int {
        try write { db in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT inbound.id FROM inbound JOIN inbound_raw ON inbound_raw.inbound_id = inbound.id
                WHERE inbound.state = 'processed' AND inbound.received_at < ?
                  AND NOT EXISTS (SELECT 1 FROM reviews WHERE reviews.inbound_id = inbound.id AND reviews.state = 'open')
                """, arguments: [cutoff])
            for id in ids {
                try db.execute(sql: "DELETE FROM inbound_raw WHERE inbound_id = ?", arguments: [id])
                try db.execute(sql: "UPDATE inbound SET raw_purged_at = ? WHERE id = ?", arguments: [now, id])
            }
            if !ids.isEmpty {
                try db.execute(sql: "INSERT INTO audit (at, action, detail) VALUES (?, 'raw messages purged', ?)",
                               arguments: [now, "\(ids.count) message(s)"])
            }
            return ids.count
        }
    }
}

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
            try Row.fetchOne(db, sql: "SELECT * FROM rounds WHERE id = ?", arguments: [id]).flatMap(Self.round(from:))
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
    package func checkIns(roundID: Int64) throws(StoreError) -> [StoredCheckIn] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM checkins WHERE round_id = ? ORDER BY id", arguments: [roundID])
                .map(Self.checkIn(from:))
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
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM checkins WHERE id = ?", arguments: [id]).map(Self.checkIn(from:)) }
    }

    /// Every check-in, oldest first (reports and tests).
    package func allCheckIns() throws(StoreError) -> [StoredCheckIn] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM checkins ORDER BY id").map(Self.checkIn(from:)) }
    }

    static func checkIn(from row: Row) -> StoredCheckIn {
        StoredCheckIn(id: row["id"], inboundID: row["inbound_id"], roundID: row["round_id"], partnerID: row["partner_id"],
                      scalesJSON: row["scales_json"], reflection: row["reflection"], replyText: row["reply_text"],
                      confidence: row["confidence"], safetyJSON: row["safety_json"], supersededBy: row["superseded_by"],
                      rejectedAt: row["rejected_at"], receivedAt: row["received_at"])
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

extension TightropeStore {
    /// The review queue, oldest first; only open items unless `all`.
    package func reviews(all: Bool = false) throws(StoreError) -> [ReviewItem] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reviews \(all ? "" : "WHERE state = 'open'") ORDER BY id")
                .map(Self.review(from:))
        }
    }

    package func review(id: Int64) throws(StoreError) -> ReviewItem? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM reviews WHERE id = ?", arguments: [id]).map(Self.review(from:)) }
    }

    private static func review(from row: Row) -> ReviewItem {
        ReviewItem(id: row["id"], inboundID: row["inbound_id"], reason: row["reason"], coupleID: row["couple_id"],
                   checkInID: row["checkin_id"], state: row["state"], createdAt: row["created_at"])
    }

    /// Settles an open review item. Accepting may carry a disposition (a quarantined reply
    /// attributed by the therapist): it is applied in the same transaction. Returns the
    /// check-in id stored, if any.
    @discardableResult
    package func resolveReview(id: Int64, accept: Bool, disposition: InboundDisposition?, at now: Date) throws(StoreError) -> Int64? {
        try write { db -> Int64? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM reviews WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("review item")
            }
            let item = Self.review(from: row)
            guard item.state == "open" else { throw StoreError.conflict("review item \(id) is already \(item.state)") }
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
                    """, arguments: [d.kind, d.outcome, d.coupleID, d.partnerID, d.roundID, item.inboundID])
                try db.execute(sql: "UPDATE reviews SET couple_id = ? WHERE id = ?", arguments: [d.coupleID, id])
                checkInID = try Self.apply(d, inboundID: item.inboundID, at: now, db: db)
            }
            try db.execute(sql: "INSERT INTO audit (at, action, couple_id, detail) VALUES (?, ?, ?, ?)",
                           arguments: [now, accept ? "review accepted" : "review rejected", disposition?.coupleID ?? item.coupleID,
                                       "item \(id): \(item.reason)"])
            return checkInID
        }
    }
}

extension TightropeStore {
    /// The check-in message a partner was sent for a round.
    package func checkInMessage(roundID: Int64, partnerID: Int64) throws(StoreError) -> OutboxEntry? {
        try read { db in
            try Row.fetchOne(db, sql: Self.entrySelect + " WHERE kind = 'checkin' AND round_id = ? AND partner_id = ?",
                             arguments: [roundID, partnerID]).flatMap(Self.entry(from:))
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
            try Row.fetchAll(db, sql: "SELECT * FROM checkins WHERE safety_json != '[]' AND received_at >= ? ORDER BY id",
                             arguments: [since]).map(Self.checkIn(from:))
        }
    }

    /// Outbox messages of a round that failed or bounced: (partner id, kind, state).
    package func deliveryProblems(roundID: Int64) throws(StoreError) -> [(partnerID: Int64?, kind: String, state: String)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT partner_id, kind, state FROM outbox WHERE round_id = ? AND state IN ('failed', 'bounced') ORDER BY id
                """, arguments: [roundID]).map { ($0["partner_id"], $0["kind"], $0["state"]) }
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
    package func queueDigest(_ draft: OutboxDraft, therapistID: String, week: ISOWeek, at now: Date) throws(StoreError) -> Bool {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM digests WHERE therapist_id = ? AND week = ?",
                                 arguments: [therapistID, week.description]) == true {
                return false
            }
            try Self.insert(draft, roundID: nil, at: now, db: db)
            try db.execute(sql: "INSERT INTO digests (therapist_id, week, outbox_id, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [therapistID, week.description, db.lastInsertedRowID, now])
            try db.execute(sql: "INSERT INTO audit (at, action, detail) VALUES (?, 'digest queued', ?)",
                           arguments: [now, "therapist \(therapistID), \(week)"])
            return true
        }
    }
}
