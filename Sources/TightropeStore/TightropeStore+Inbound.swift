import Foundation
import GRDB
import TightropeCore

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
    /// `readingNow`: the caller reads it right after, so this counts as its first reading attempt
    /// (no second write before reading).
    package func storeInbound(mailbox: String, uidValidity: Int64, uid: Int64, dedupeKey: String, bytes: [UInt8],
                              at now: Date, readingNow: Bool = false) throws(StoreError) -> Int64? {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM inbound WHERE dedupe_key = ?", arguments: [dedupeKey]) == true {
                return nil
            }
            try db.execute(sql: """
                INSERT INTO inbound (mailbox, uid_validity, uid, dedupe_key, received_at, attempts) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [mailbox, uidValidity, uid, dedupeKey, now, readingNow ? 1 : 0])
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO inbound_raw (inbound_id, bytes) VALUES (?, ?)", arguments: [id, Data(bytes)])
            return id
        }
    }

    /// A message fetched from a mailbox, to be stored by `storeInbound(_:mailbox:uidValidity:at:)`.
    package struct Fetched: Sendable {
        package var uid: Int64
        package var dedupeKey: String
        package var bytes: [UInt8]

        package init(uid: Int64, dedupeKey: String, bytes: [UInt8]) {
            self.uid = uid
            self.dedupeKey = dedupeKey
            self.bytes = bytes
        }
    }

    /// Stores a batch of fetched messages in one transaction that is durable (fsynced) before this
    /// returns, so they can be moved out of the server's inbox. Returns each one's id, nil for a
    /// message stored already (the same key, within the batch too). None is marked as being read.
    package func storeInbound(_ batch: [Fetched], mailbox: String, uidValidity: Int64, at now: Date) throws(StoreError) -> [Int64?] {
        try writeDurably { db in
            try batch.map { item in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM inbound WHERE dedupe_key = ?", arguments: [item.dedupeKey]) == true {
                    return nil
                }
                try db.execute(sql: """
                    INSERT INTO inbound (mailbox, uid_validity, uid, dedupe_key, received_at, attempts) VALUES (?, ?, ?, ?, ?, 0)
                    """, arguments: [mailbox, uidValidity, item.uid, item.dedupeKey, now])
                let id = db.lastInsertedRowID
                // Bound without a copy of its own (SQLite copies it once): messages may be megabytes.
                try item.bytes.withUnsafeBytes { raw in
                    let blob = raw.baseAddress.map { Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: raw.count, deallocator: .none) } ?? Data()
                    try db.execute(sql: "INSERT INTO inbound_raw (inbound_id, bytes) VALUES (?, ?)", arguments: [id, blob])
                }
                return id
            }
        }
    }

    /// How many messages are stored (each counted once, whatever became of it).
    package func inboundCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbound") ?? 0 }
    }

    /// Ids of stored messages not yet processed, oldest first: those never tried (`retries`
    /// false), or those whose reading was started before and did not finish (true).
    package func unprocessedInboundIDs(retries: Bool) throws(StoreError) -> [Int64] {
        let filter = retries ? "attempts > 0" : "attempts = 0"
        return try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM inbound WHERE state = 'stored' AND \(filter) ORDER BY id") }
    }

    /// Records that reading a stored message starts, committed before it starts; returns how many
    /// times it has been started, this one included (0 when it is not waiting to be read).
    package func beginReadingAttempt(id: Int64) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: "UPDATE inbound SET attempts = attempts + 1 WHERE id = ? AND state = 'stored'", arguments: [id])
            guard db.changesCount == 1 else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT attempts FROM inbound WHERE id = ?", arguments: [id]) ?? 0
        }
    }

    /// One inbound message with its bytes (if not purged).
    package func inbound(id: Int64) throws(StoreError) -> InboundEntry? {
        try read { db in
            try InboundEntry.fetchOne(db, sql: """
                SELECT inbound.*, inbound_raw.bytes FROM inbound LEFT JOIN inbound_raw ON inbound_raw.inbound_id = inbound.id
                WHERE inbound.id = ?
                """, arguments: [id])
        }
    }

    /// Every inbound message, oldest first, without bytes (reports and tests).
    package func inboundEntries() throws(StoreError) -> [InboundEntry] {
        try read { db in
            try InboundEntry.fetchAll(db, sql: "SELECT inbound.*, NULL AS bytes FROM inbound ORDER BY id")
        }
    }

    static func inboundEntry(from row: Row) -> InboundEntry {
        let data: Data? = row["bytes"]
        return InboundEntry(id: row["id"], mailbox: row["mailbox"], uid: row["uid"], receivedAt: row["received_at"],
                            state: InboundState(rawValue: row["state"]) ?? .stored,
                            kind: (row["kind"] as String?).flatMap(InboundKind.init(rawValue:)), outcome: row["outcome"], coupleID: row["couple_id"],
                            partnerID: row["partner_id"], roundID: row["round_id"], bytes: data.map { Array($0) })
    }

    /// Applies what processing decided, all in one transaction, and marks the message processed.
    /// Applying twice is impossible: a processed message is left alone.
    @discardableResult
    package func finishInbound(id: Int64, _ d: InboundDisposition, at now: Date) throws(StoreError) -> Int64? {
        try write { db -> Int64? in
            try db.execute(sql: """
                UPDATE inbound SET state = 'processed', kind = ?, outcome = ?, couple_id = ?, partner_id = ?, round_id = ?,
                    processed_at = ?, token_couple_id = ?
                WHERE id = ? AND state = 'stored'
                """, arguments: [d.kind.rawValue, d.outcome.description, d.coupleID, d.partnerID, d.roundID, now, d.tokenCoupleID, id])
            guard db.changesCount == 1 else { return nil }
            if d.eraseOnArrival {
                try Self.eraseOnArrival(id, at: now, db: db)
                return nil
            }
            if !d.safetyFlags.isEmpty {
                try db.execute(sql: "UPDATE inbound SET safety_json = ? WHERE id = ?", arguments: [JSONColumn.text(d.safetyFlags), id])
            }
            let checkInID = try Self.apply(d, inboundID: id, at: now, db: db)
            return checkInID
        }
    }

    /// The effects of a disposition (shared by processing and review acceptance). Returns the
    /// check-in's id when one was stored.
    static func apply(_ d: InboundDisposition, inboundID: Int64, at now: Date, db: Database) throws -> Int64? {
        var checkInID: Int64?
        if let c = d.checkIn {
            try CheckInRow(inboundID: inboundID, roundID: c.roundID, partnerID: c.partnerID, scales: c.scales, reflection: c.reflection,
                           replyText: c.replyText, confidence: c.confidence, safetyFlags: c.safetyFlags, receivedAt: now,
                           measure: c.measure).insert(db)
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
        if let batch = d.therapistBatch {
            try apply(batch, inboundID: inboundID, at: now, db: db)
        }
        for coupleID in d.mentionedCouples.sorted() {
            try db.execute(sql: "INSERT OR IGNORE INTO inbound_couples (inbound_id, couple_id) VALUES (?, ?)", arguments: [inboundID, coupleID])
        }
        for reply in d.replies {
            // One reply of each kind per message: a message accepted again (after an undo) or one
            // whose alert went out when it was held is not answered twice.
            if let inbound = reply.inboundID, try Bool.fetchOne(db, sql: "SELECT 1 FROM outbox WHERE inbound_id = ? AND kind = ?",
                                                                arguments: [inbound, reply.kind.rawValue]) == true { continue }
            try insert(reply, roundID: nil, at: now, db: db)
        }
        let detail = [d.kind.rawValue, d.outcome.description].joined(separator: ": ")
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

    /// Messages that are not check-ins but in which the safety screen found something, processed
    /// since `since`: (when, the couple if known, the flags).
    package func flaggedMessages(since: Date) throws(StoreError) -> [(id: Int64, receivedAt: Date, coupleID: String?, flags: [SafetyFlag])] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, received_at, couple_id, safety_json FROM inbound
                WHERE safety_json IS NOT NULL AND processed_at >= ? ORDER BY id
                """, arguments: [since]).map { row in
                (row["id"], row["received_at"], row["couple_id"], JSONColumn.value(row["safety_json"], as: [SafetyFlag].self, or: []))
            }
        }
    }
}
