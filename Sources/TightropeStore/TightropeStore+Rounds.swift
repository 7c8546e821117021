import Foundation
import GRDB
import TightropeCore

extension TightropeStore {
    /// A couple's rounds, oldest first.
    package func rounds(coupleID: String) throws(StoreError) -> [StoredRound] {
        try read { db in
            try StoredRound.fetchAll(db.cachedStatement(sql: "SELECT * FROM rounds WHERE couple_id = ? ORDER BY week, id"), arguments: [coupleID])
        }
    }

    /// Whether the couple has a round for `week` (one indexed lookup: an hourly `send` asks it of
    /// every couple whose send time has passed, and most have their round already).
    package func hasRound(coupleID: String, week: ISOWeek) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM rounds WHERE couple_id = ? AND week = ?"),
                              arguments: [coupleID, week.description]) == true
        }
    }

    /// Opens a round and queues its messages in one transaction. `render` receives the new
    /// round's id (tokens and Message-IDs name it) and returns the rendered messages. If the
    /// round exists already (another run got there first) nothing is written and nil returned.
    package func openRound(coupleID: String, week: ISOWeek, theme: Theme, promptID: String, questions: RoundQuestions,
                           at now: Date, render: (Int64) throws -> [OutboxDraft]) throws(StoreError) -> StoredRound? {
        try openRound(coupleID: coupleID, week: week, theme: theme, promptID: promptID, questions: questions, at: now,
                      audit: nil, render: render)
    }

    /// As above, with an audit entry ("round opened", `audit` as its detail) in the same commit.
    package func openRound(coupleID: String, week: ISOWeek, theme: Theme, promptID: String, questions: RoundQuestions,
                           at now: Date, audit: String?, render: (Int64) throws -> [OutboxDraft]) throws(StoreError) -> StoredRound? {
        try write { db in
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM rounds WHERE couple_id = ? AND week = ?"),
                                 arguments: [coupleID, week.description]) == true {
                return nil
            }
            try db.cachedStatement(sql: """
                INSERT INTO rounds (couple_id, week, theme, prompt_id, questions_json, opened_at) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [coupleID, week.description, theme.rawValue, promptID, JSONColumn.text(questions), now])
            let roundID = db.lastInsertedRowID
            for draft in try render(roundID) {
                try Self.insert(draft, roundID: roundID, at: now, db: db)
            }
            if let audit {
                try db.cachedStatement(sql: "INSERT INTO audit (at, action, couple_id, detail) VALUES (?, 'round opened', ?, ?)")
                    .execute(arguments: [now, coupleID, audit])
            }
            return StoredRound(id: roundID, coupleID: coupleID, week: week, theme: theme, promptID: promptID,
                               questions: questions, openedAt: now)
        }
    }

    /// Each couple's latest round, where it opened within `from...to` and a partner's check-in
    /// was sent and is neither answered nor reminded yet (the rounds that may be due a
    /// reminder), as couple id → round id. Once the reminders are out, an hourly run finds
    /// none here instead of decoding every couple.
    package func latestRounds(openedFrom from: Date, to: Date) throws(StoreError) -> [(coupleID: String, roundID: Int64)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.couple_id, r.id FROM (
                    SELECT couple_id, max(id) AS id, opened_at FROM rounds GROUP BY couple_id HAVING opened_at BETWEEN ? AND ?
                ) AS r
                WHERE EXISTS (
                    SELECT 1 FROM outbox AS c WHERE c.kind = 'checkin' AND c.round_id = r.id AND c.state = 'sent'
                    AND NOT EXISTS (SELECT 1 FROM inbound AS i WHERE i.round_id = r.id AND i.partner_id = c.partner_id
                                    AND i.kind IN ('reply', 'command'))
                    AND NOT EXISTS (SELECT 1 FROM outbox AS m WHERE m.kind = 'reminder' AND m.round_id = r.id
                                    AND m.partner_id = c.partner_id))
                ORDER BY r.couple_id
                """, arguments: [from, to]).map { ($0["couple_id"], $0["id"]) }
        }
    }

    /// The id the next round would get. `send` renders a round's messages (whose tokens and
    /// Message-IDs name it) with this id before its short write transaction, so rendering
    /// never holds the writer while other connections wait to record deliveries.
    package func nextRoundID() throws(StoreError) -> Int64 {
        try read { db in
            try Int64.fetchOne(db, sql: """
                SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'rounds'), 0),
                           coalesce((SELECT max(id) FROM rounds), 0)) + 1
                """) ?? 1
        }
    }

    /// What `openRound(id:…)` did.
    package enum OpenRoundResult: Sendable {
        /// Opened, with the ids of its outbox rows.
        case opened(StoredRound, outboxIDs: [Int64])
        /// The couple has a round for the week already (another run got there first).
        case exists
        /// The reserved id was taken meanwhile: render again with a new one.
        case idTaken
    }

    /// Opens a round with a reserved id and its pre-rendered messages, and its audit entry,
    /// in one transaction.
    package func openRound(id: Int64, coupleID: String, week: ISOWeek, theme: Theme, promptID: String, questions: RoundQuestions,
                           drafts: [OutboxDraft], audit: String?, at now: Date) throws(StoreError) -> OpenRoundResult {
        try write { db in
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM rounds WHERE couple_id = ? AND week = ?"),
                                 arguments: [coupleID, week.description]) == true {
                return .exists
            }
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM rounds WHERE id = ?"), arguments: [id]) == true {
                return .idTaken
            }
            try db.cachedStatement(sql: """
                INSERT INTO rounds (id, couple_id, week, theme, prompt_id, questions_json, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, coupleID, week.description, theme.rawValue, promptID, JSONColumn.text(questions), now])
            var outboxIDs: [Int64] = []
            for draft in drafts { outboxIDs.append(try Self.insert(draft, roundID: id, at: now, db: db)) }
            // The therapist's choice of theme is used by this round, once.
            try db.cachedStatement(sql: "UPDATE couples SET next_theme = NULL WHERE id = ? AND next_theme IS NOT NULL")
                .execute(arguments: [coupleID])
            if let audit {
                try db.cachedStatement(sql: "INSERT INTO audit (at, action, couple_id, detail) VALUES (?, 'round opened', ?, ?)")
                    .execute(arguments: [now, coupleID, audit])
            }
            return .opened(StoredRound(id: id, coupleID: coupleID, week: week, theme: theme, promptID: promptID,
                                       questions: questions, openedAt: now), outboxIDs: outboxIDs)
        }
    }

    static func round(from row: Row) -> StoredRound? {
        guard let week = ISOWeek(row["week"] as String), let theme = Theme(rawValue: row["theme"]) else { return nil }
        return StoredRound(id: row["id"], coupleID: row["couple_id"], week: week, theme: theme, promptID: row["prompt_id"],
                           questions: JSONColumn.value(row["questions_json"], as: RoundQuestions?.self, or: nil), openedAt: row["opened_at"])
    }
}

extension TightropeStore {
    /// An outbox row with its message bytes.
    static let entrySelect = "SELECT outbox.*, outbox_bodies.bytes FROM outbox JOIN outbox_bodies ON outbox_bodies.outbox_id = outbox.id"

    @discardableResult
    static func insert(_ draft: OutboxDraft, roundID: Int64?, at now: Date, db: Database) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO outbox (kind, round_id, partner_id, message_id, envelope_from, envelope_to, state, created_at, inbound_id)
            VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)
            """).execute(arguments: [draft.kind.rawValue, roundID, draft.partnerID, draft.messageID, draft.envelopeFrom, draft.envelopeTo, now,
                                     draft.inboundID])
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO outbox_bodies (outbox_id, bytes) VALUES (?, ?)")
            .execute(arguments: [id, Data(draft.bytes)])
        return id
    }

    /// The ids of the messages ready to go at `now`, oldest first: queued, left `sending` by a
    /// crash, or deferred and due again.
    package func deliverableOutboxIDs(at now: Date) throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM outbox
                WHERE state IN ('queued', 'sending') OR (state = 'deferred' AND (next_attempt_at IS NULL OR next_attempt_at <= ?))
                ORDER BY id
                """, arguments: [now])
        }
    }

    /// One outbox row with its bytes.
    package func outboxEntry(id: Int64) throws(StoreError) -> OutboxEntry? {
        try read { db in try OutboxEntry.fetchOne(db, sql: Self.entrySelect + " WHERE id = ?", arguments: [id]) }
    }

    /// Counts of outbox rows by state.
    package func outboxCounts() throws(StoreError) -> [OutboxState: Int] {
        try read { db in
            var counts: [OutboxState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                if let state = OutboxState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// Every outbox row, oldest first (for reports and tests).
    package func outbox() throws(StoreError) -> [OutboxEntry] {
        try read { db in try OutboxEntry.fetchAll(db, sql: Self.entrySelect + " ORDER BY id") }
    }

    /// The outcome of one delivery attempt, to be recorded.
    package struct DeliveryRecord: Sendable {
        package var id: Int64
        package var state: OutboxState
        package var error: String?
        package var nextAttempt: Date?
        /// Once sent, keep only the row, not the message (digests).
        package var dropBytes: Bool

        package init(id: Int64, state: OutboxState, error: String? = nil, nextAttempt: Date? = nil, dropBytes: Bool = false) {
            self.id = id
            self.state = state
            self.error = error
            self.nextAttempt = nextAttempt
            self.dropBytes = dropBytes
        }
    }

    /// Claims a row for one delivery attempt before any network I/O for it: marks it
    /// `sending`, counts the attempt, and returns it with its bytes; nil when it is no longer
    /// deliverable (sent or failed meanwhile). A row found `sending` was left so by a run that
    /// died after claiming it, perhaps after the server took it: this attempt may deliver it a
    /// second time (with the same Message-ID), so it is counted in `interrupted_sends` and audited.
    package func claimOutbox(_ id: Int64, at now: Date) throws(StoreError) -> (entry: OutboxEntry, afterInterruption: Bool)? {
        try write { db in
            guard let state = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM outbox WHERE id = ?"), arguments: [id]),
                  ["queued", "sending", "deferred"].contains(state) else { return nil }
            let interrupted = state == "sending"
            try db.cachedStatement(sql: """
                UPDATE outbox SET state = 'sending', attempts = attempts + 1, interrupted_sends = interrupted_sends + ?
                WHERE id = ?
                """).execute(arguments: [interrupted ? 1 : 0, id])
            if interrupted { try Self.audit(db, action: "message resent after an interrupted run", outboxID: id, at: now) }
            return try OutboxEntry.fetchOne(db.cachedStatement(sql: Self.entrySelect + " WHERE outbox.id = ?"), arguments: [id]).map { ($0, interrupted) }
        }
    }

    /// Records the outcome of one delivery attempt, in its own commit: called right after the
    /// server's answer, before anything else happens on that connection, so the instant in
    /// which a crash could make a message go out twice is this one commit.
    package func recordDelivery(_ record: DeliveryRecord, at now: Date) throws(StoreError) {
        try write { db in
            try db.cachedStatement(sql: """
                UPDATE outbox SET state = ?, last_error = ?, next_attempt_at = ?,
                    sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END
                WHERE id = ?
                """).execute(arguments: [record.state.rawValue, record.error, record.nextAttempt, record.state.rawValue, now, record.id])
            if record.state == .sent && record.dropBytes {
                // A digest holds several couples' words: once sent it is not kept, so that
                // erasing a couple leaves nothing of theirs behind in it.
                try db.cachedStatement(sql: "UPDATE outbox_bodies SET bytes = x'' WHERE outbox_id = ?").execute(arguments: [record.id])
            }
            if record.state != .queued {
                // Sends and their outcomes, in the same commit: which message (kind, id), never its contents.
                try Self.audit(db, action: "message " + record.state.rawValue, outboxID: record.id, at: now)
            }
        }
    }

    /// An audit line about one outbox row: the action, the couple, the kind and id, never contents.
    private static func audit(_ db: Database, action: String, outboxID: Int64, at now: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO audit (at, action, couple_id, detail)
            SELECT ?, ?, partners.couple_id, outbox.kind || ' ' || outbox.id
            FROM outbox LEFT JOIN partners ON partners.id = outbox.partner_id WHERE outbox.id = ?
            """).execute(arguments: [now, action, outboxID])
    }

    /// How many deliveries were repeated after a run died between claiming a message and
    /// recording its outcome (each a possible duplicate, with the same Message-ID).
    package func interruptedSends() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(interrupted_sends), 0) FROM outbox") ?? 0 }
    }

    static func entry(from row: Row) -> OutboxEntry? {
        guard let state = OutboxState(rawValue: row["state"]), let kind = OutboxKind(rawValue: row["kind"]) else { return nil }
        let data: Data = row["bytes"]
        return OutboxEntry(id: row["id"], kind: kind, roundID: row["round_id"], partnerID: row["partner_id"],
                           messageID: row["message_id"], envelopeFrom: row["envelope_from"], envelopeTo: row["envelope_to"],
                           bytes: Array(data), state: state, attempts: row["attempts"], lastError: row["last_error"])
    }
}
