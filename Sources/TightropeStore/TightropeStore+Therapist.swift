import Foundation
import GRDB
import TightropeCore

/// One thing a therapist's reply to the digest does, decided and checked by the reader; the
/// store applies a reply's actions together, in the transaction that marks it processed.
package enum TherapistAction: Sendable {
    /// Accept a review item: as read (`disposition` nil, no `corrected`), read for its partner
    /// and round (`disposition`), or a stored check-in corrected to the values given (`corrected`).
    case acceptReview(id: Int64, disposition: InboundDisposition?, corrected: CheckInDraft?)
    case rejectReview(id: Int64)
    case acknowledgeAlert(inboundID: Int64)
    case setNextTheme(coupleID: String, theme: String)
    case setSharing(coupleID: String, on: Bool)
    /// Pause a couple until `until` (nil: until resumed).
    case pause(coupleID: String, until: Date?)
    case resume(coupleID: String)
    case note(coupleID: String, text: String)
    /// Take back what an earlier batch of this therapist applied.
    case undo(batchID: Int64)
}

/// What a reply to the digest applies, all or nothing.
package struct TherapistBatch: Sendable {
    package var therapistID: String
    package var actions: [TherapistAction]
    /// A digest of the reply (therapist, Date, new text): a copy sent again is not applied.
    package var replyKey: String?

    package init(therapistID: String, actions: [TherapistAction], replyKey: String? = nil) {
        self.therapistID = therapistID
        self.actions = actions
        self.replyKey = replyKey
    }
}

/// How to take one applied action back. Stored as JSON with the batch; no contents (a note's
/// text is not copied here: undoing a note deletes it).
/// A value is put back only while it is still the one the batch set: a change made since by
/// other means (the CLI, a partner, a later pause's end) is left as it is.
enum UndoStep: Codable, Sendable {
    case reopenReview(id: Int64, setAside: Int64?, restore: [Int64], unreject: Int64?)
    case unacknowledge(inboundID: Int64)
    case nextTheme(coupleID: String, previous: String?, set: String)
    case sharing(coupleID: String, previous: Bool, set: Bool)
    case status(coupleID: String, previous: String, pausedUntil: Date?, set: String, setUntil: Date?)
    case deleteNote(id: Int64)
    case scales(checkInID: Int64, previous: String, confidence: Double, set: String)
}

/// A batch a therapist may still undo.
package struct UndoableBatch: Sendable, Equatable {
    package var id: Int64
    package var appliedAt: Date
    package var steps: Int
}

/// A note shown in the digest.
package struct TherapistNote: Sendable, Equatable {
    package var id: Int64
    package var coupleID: String
    package var text: String
    package var createdAt: Date
}

extension TightropeStore {
    /// Applies a therapist's batch inside an inbound message's transaction. Every action is
    /// checked again here (a review item settled on the CLI since the reply was read makes the
    /// whole reply fail and be read again by the next poll); the audit log says what was done,
    /// never a note's text.
    static func apply(_ batch: TherapistBatch, inboundID: Int64, at now: Date, db: Database) throws {
        try db.execute(sql: "INSERT INTO therapist_batches (therapist_id, inbound_id, applied_at, reply_key) VALUES (?, ?, ?, ?)",
                       arguments: [batch.therapistID, inboundID, now, batch.replyKey])
        let batchID = db.lastInsertedRowID
        // Each step with the couple it concerns (erased with it).
        var steps: [(step: UndoStep, coupleID: String?)] = []
        func audit(_ action: String, _ coupleID: String?, _ detail: String) throws {
            try db.execute(sql: "INSERT INTO audit (at, action, couple_id, detail) VALUES (?, ?, ?, ?)",
                           arguments: [now, "digest reply: " + action, coupleID, "by therapist \(batch.therapistID): \(detail)"])
        }
        func previousStatus(_ coupleID: String) throws -> (status: String, until: Date?) {
            guard let row = try Row.fetchOne(db, sql: "SELECT status, paused_until FROM couples WHERE id = ?", arguments: [coupleID]) else {
                throw StoreError.notFound("couple")
            }
            return (row["status"], row["paused_until"])
        }
        for action in batch.actions {
            switch action {
            case .acceptReview(let id, let disposition, let corrected):
                let item = try Self.openReview(id, db: db)
                var restore: [Int64] = []
                if let c = disposition?.checkIn {
                    restore = try Int64.fetchAll(db, sql: """
                        SELECT id FROM checkins WHERE round_id = ? AND partner_id = ? AND superseded_by IS NULL AND rejected_at IS NULL
                        """, arguments: [c.roundID, c.partnerID])
                }
                let stored = try resolveReview(id: id, accept: true, disposition: disposition, at: now, db: db)
                if let corrected, let checkInID = item.checkInID {
                    // The values the therapist set replace the ones read, in the stored check-in.
                    guard let previous = try Row.fetchOne(db, sql: "SELECT scales_json, confidence FROM checkins WHERE id = ?",
                                                          arguments: [checkInID]) else { throw StoreError.notFound("check-in") }
                    let set = JSONColumn.text(corrected.scales)
                    try db.execute(sql: "UPDATE checkins SET scales_json = ?, confidence = ? WHERE id = ?",
                                   arguments: [set, corrected.confidence, checkInID])
                    steps.append((.scales(checkInID: checkInID, previous: previous["scales_json"], confidence: previous["confidence"], set: set),
                                  item.coupleID))
                }
                // A reply accepted for a partner applied their request and sent their confirmation: not undone.
                if disposition == nil {
                    steps.append((.reopenReview(id: id, setAside: stored, restore: restore, unreject: nil), item.coupleID))
                }
                try audit(corrected == nil ? "review accepted" : "review accepted with values set", disposition?.coupleID ?? item.coupleID,
                          "item \(id)")
            case .rejectReview(let id):
                let item = try Self.openReview(id, db: db)
                try resolveReview(id: id, accept: false, disposition: nil, at: now, db: db)
                steps.append((.reopenReview(id: id, setAside: nil, restore: [], unreject: item.checkInID), item.coupleID))
                try audit("review rejected", item.coupleID, "item \(id)")
            case .acknowledgeAlert(let inboundID):
                try db.execute(sql: "INSERT OR IGNORE INTO alert_acks (inbound_id, therapist_id, seen_at) VALUES (?, ?, ?)",
                               arguments: [inboundID, batch.therapistID, now])
                let inserted = db.changesCount == 1
                let coupleID = try String.fetchOne(db, sql: """
                    SELECT coalesce(inbound.couple_id, partners.couple_id) FROM inbound LEFT JOIN partners ON partners.id = inbound.partner_id
                    WHERE inbound.id = ?
                    """, arguments: [inboundID])
                if inserted { steps.append((.unacknowledge(inboundID: inboundID), coupleID)) }
                try audit("alert marked seen", coupleID, "message \(inboundID)")
            case .setNextTheme(let coupleID, let theme):
                let previous = try String.fetchOne(db, sql: "SELECT next_theme FROM couples WHERE id = ?", arguments: [coupleID])
                try db.execute(sql: "UPDATE couples SET next_theme = ? WHERE id = ?", arguments: [theme, coupleID])
                guard db.changesCount == 1 else { throw StoreError.notFound("couple") }
                steps.append((.nextTheme(coupleID: coupleID, previous: previous, set: theme), coupleID))
                try audit("next theme set", coupleID, theme)
            case .setSharing(let coupleID, let on):
                guard let previous = try Bool.fetchOne(db, sql: "SELECT sharing FROM couples WHERE id = ?", arguments: [coupleID]) else {
                    throw StoreError.notFound("couple")
                }
                try db.execute(sql: "UPDATE couples SET sharing = ? WHERE id = ?", arguments: [on, coupleID])
                steps.append((.sharing(coupleID: coupleID, previous: previous, set: on), coupleID))
                try audit("sharing " + (on ? "on" : "off"), coupleID, "was " + (previous ? "on" : "off"))
            case .pause(let coupleID, let until):
                let previous = try previousStatus(coupleID)
                steps.append((.status(coupleID: coupleID, previous: previous.status, pausedUntil: previous.until, set: "paused", setUntil: until),
                              coupleID))
                let withdrawn = try setStatus(.paused, until: until, coupleID: coupleID, db: db)
                try audit("couple paused", coupleID, (until == nil ? "until resumed" : "with an end")
                          + (withdrawn > 0 ? ", \(withdrawn) unsent message(s) withdrawn" : ""))
            case .resume(let coupleID):
                let previous = try previousStatus(coupleID)
                steps.append((.status(coupleID: coupleID, previous: previous.status, pausedUntil: previous.until, set: "active", setUntil: nil),
                              coupleID))
                _ = try setStatus(.active, until: nil, coupleID: coupleID, db: db)
                try audit("couple resumed", coupleID, "")
            case .note(let coupleID, let text):
                try db.execute(sql: "INSERT INTO therapist_notes (couple_id, therapist_id, text, created_at) VALUES (?, ?, ?, ?)",
                               arguments: [coupleID, batch.therapistID, text, now])
                steps.append((.deleteNote(id: db.lastInsertedRowID), coupleID))
                try audit("note added", coupleID, "\(text.count) characters")
            case .undo(let undone):
                let row = try Row.fetchOne(db, sql: "SELECT therapist_id, undone_at, undoes FROM therapist_batches WHERE id = ?",
                                           arguments: [undone])
                guard let row, (row["therapist_id"] as String) == batch.therapistID, (row["undone_at"] as Date?) == nil,
                      (row["undoes"] as Int64?) == nil else {
                    throw StoreError.conflict("that reply's changes can no longer be undone")
                }
                let stored = try Row.fetchAll(db, sql: "SELECT step_json FROM therapist_undo WHERE batch_id = ? ORDER BY id DESC",
                                              arguments: [undone])
                for step in stored.compactMap({ JSONColumn.value($0["step_json"], as: UndoStep?.self, or: nil) }) {
                    try Self.undo(step, at: now, db: db)
                }
                try db.execute(sql: "UPDATE therapist_batches SET undone_at = ? WHERE id = ?", arguments: [now, undone])
                try db.execute(sql: "UPDATE therapist_batches SET undoes = ? WHERE id = ?", arguments: [undone, batchID])
                try audit("undo", nil, "\(stored.count) change(s) of an earlier reply taken back")
            }
        }
        for (step, coupleID) in steps {
            try db.execute(sql: "INSERT INTO therapist_undo (batch_id, couple_id, step_json) VALUES (?, ?, ?)",
                           arguments: [batchID, coupleID, JSONColumn.text(step)])
        }
    }

    private static func openReview(_ id: Int64, db: Database) throws -> ReviewItem {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM reviews WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("review item")
        }
        let item = review(from: row)
        guard item.state == .open else { throw StoreError.conflict("review item \(id) is already \(item.state)") }
        return item
    }

    private static func undo(_ step: UndoStep, at now: Date, db: Database) throws {
        switch step {
        case .reopenReview(let id, let setAside, let restore, let unreject):
            try db.execute(sql: "UPDATE reviews SET state = 'open', resolved_at = NULL WHERE id = ? AND state != 'open'", arguments: [id])
            guard db.changesCount == 1 else { return }
            if let setAside { try db.execute(sql: "UPDATE checkins SET rejected_at = ? WHERE id = ?", arguments: [now, setAside]) }
            for restored in restore {
                try db.execute(sql: "UPDATE checkins SET superseded_by = NULL WHERE id = ?", arguments: [restored])
            }
            if let unreject { try db.execute(sql: "UPDATE checkins SET rejected_at = NULL WHERE id = ?", arguments: [unreject]) }
        case .unacknowledge(let inboundID):
            try db.execute(sql: "DELETE FROM alert_acks WHERE inbound_id = ?", arguments: [inboundID])
        case .nextTheme(let coupleID, let previous, let set):
            try db.execute(sql: "UPDATE couples SET next_theme = ? WHERE id = ? AND next_theme IS ?", arguments: [previous, coupleID, set])
        case .sharing(let coupleID, let previous, let set):
            try db.execute(sql: "UPDATE couples SET sharing = ? WHERE id = ? AND sharing = ?", arguments: [previous, coupleID, set])
        case .status(let coupleID, let previous, let until, let set, let setUntil):
            try db.execute(sql: "UPDATE couples SET status = ?, paused_until = ? WHERE id = ? AND status = ? AND paused_until IS ?",
                           arguments: [previous, until, coupleID, set, setUntil])
        case .deleteNote(let id):
            try db.execute(sql: "DELETE FROM therapist_notes WHERE id = ?", arguments: [id])
        case .scales(let checkInID, let previous, let confidence, let set):
            try db.execute(sql: "UPDATE checkins SET scales_json = ?, confidence = ? WHERE id = ? AND scales_json = ?",
                           arguments: [previous, confidence, checkInID, set])
        }
    }

    /// Whether a reply with this key (see `TherapistBatch.replyKey`) was applied before.
    package func isTherapistReplyApplied(therapistID: String, key: String) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM therapist_batches WHERE therapist_id = ? AND reply_key = ?",
                              arguments: [therapistID, key]) ?? false
        }
    }

    /// The therapist's latest batch that `undo` may take back: not itself an undo, not undone,
    /// applied after `since`; nil when there is none.
    package func undoableBatch(therapistID: String, since: Date) throws(StoreError) -> UndoableBatch? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, applied_at, undone_at, undoes, (SELECT COUNT(*) FROM therapist_undo WHERE batch_id = therapist_batches.id) AS steps
                FROM therapist_batches WHERE therapist_id = ? ORDER BY id DESC LIMIT 1
                """, arguments: [therapistID]) else { return nil }
            guard (row["undone_at"] as Date?) == nil, (row["undoes"] as Int64?) == nil, (row["applied_at"] as Date) >= since else {
                return nil
            }
            return UndoableBatch(id: row["id"], appliedAt: row["applied_at"], steps: row["steps"])
        }
    }

    /// Whether the therapist marked the alert of this message as seen.
    package func isAlertAcknowledged(inboundID: Int64) throws(StoreError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM alert_acks WHERE inbound_id = ?", arguments: [inboundID]) ?? false }
    }

    /// An alert due for its reminder.
    package struct DueAlert: Sendable, Equatable {
        package var inboundID: Int64
        package var coupleID: String?
        package var receivedAt: Date
        package var flags: [SafetyFlag]
    }

    /// Alerts raised between `from` and `to` (by when their message was received) that are not
    /// marked seen and were never reminded of: flagged check-ins and flagged messages.
    package func alertsDueForReminder(from: Date, to: Date) throws(StoreError) -> [DueAlert] {
        try read { db in
            let checkIns = try Row.fetchAll(db, sql: """
                SELECT checkins.inbound_id, partners.couple_id, checkins.received_at, checkins.safety_json
                FROM checkins JOIN partners ON partners.id = checkins.partner_id
                WHERE checkins.safety_json != '[]' AND checkins.received_at >= ? AND checkins.received_at <= ?
                  AND checkins.inbound_id NOT IN (SELECT inbound_id FROM alert_acks)
                  AND checkins.inbound_id NOT IN (SELECT inbound_id FROM alert_reminders)
                """, arguments: [from, to])
            let messages = try Row.fetchAll(db, sql: """
                SELECT id AS inbound_id, couple_id, received_at, safety_json FROM inbound
                WHERE safety_json IS NOT NULL AND received_at >= ? AND received_at <= ?
                  AND id NOT IN (SELECT inbound_id FROM alert_acks) AND id NOT IN (SELECT inbound_id FROM alert_reminders)
                """, arguments: [from, to])
            return (checkIns + messages).map {
                DueAlert(inboundID: $0["inbound_id"], coupleID: $0["couple_id"], receivedAt: $0["received_at"],
                         flags: JSONColumn.value($0["safety_json"], as: [SafetyFlag].self, or: []))
            }.filter { !$0.flags.isEmpty }.sorted { $0.inboundID < $1.inboundID }
        }
    }

    /// Queues an alert's reminder, once: false when it was queued before (or marked seen since).
    @discardableResult
    package func queueAlertReminder(_ draft: OutboxDraft, inboundID: Int64, at now: Date) throws(StoreError) -> Bool {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM alert_acks WHERE inbound_id = ?", arguments: [inboundID]) != true else { return false }
            try db.execute(sql: "INSERT OR IGNORE INTO alert_reminders (inbound_id, sent_at) VALUES (?, ?)", arguments: [inboundID, now])
            guard db.changesCount == 1 else { return false }
            _ = try Self.insert(draft, roundID: nil, at: now, db: db)
            let coupleID = try String.fetchOne(db, sql: "SELECT couple_id FROM inbound WHERE id = ?", arguments: [inboundID])
            try db.execute(sql: "INSERT INTO audit (at, action, couple_id, detail) VALUES (?, 'alert reminder queued', ?, ?)",
                           arguments: [now, coupleID, "message \(inboundID)"])
            return true
        }
    }

    /// Every acknowledged alert's message id.
    package func acknowledgedAlerts() throws(StoreError) -> Set<Int64> {
        try read { db in Set(try Int64.fetchAll(db, sql: "SELECT inbound_id FROM alert_acks")) }
    }

    /// Whom an alert is about: the couple of a flagged check-in or flagged message, by the
    /// message's id; `.some(nil)` for a flagged message of no known couple; nil when no alert
    /// was raised for that message.
    package func alertCouple(inboundID: Int64) throws(StoreError) -> String?? {
        try read { db in
            if let coupleID = try String.fetchOne(db, sql: """
                SELECT partners.couple_id FROM checkins JOIN partners ON partners.id = checkins.partner_id
                WHERE checkins.inbound_id = ? AND checkins.safety_json IS NOT NULL AND checkins.safety_json != '[]'
                """, arguments: [inboundID]) {
                return .some(coupleID)
            }
            guard let row = try Row.fetchOne(db, sql: "SELECT couple_id FROM inbound WHERE id = ? AND safety_json IS NOT NULL",
                                             arguments: [inboundID]) else { return nil }
            return .some(row["couple_id"] as String?)
        }
    }

    /// The notes about these couples written since `since` (the digest shows each once: those
    /// written since the therapist's previous digest).
    package func notes(coupleIDs: [String], since: Date) throws(StoreError) -> [TherapistNote] {
        guard !coupleIDs.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM therapist_notes WHERE created_at >= ? AND couple_id IN (\(coupleIDs.map { _ in "?" }.joined(separator: ",")))
                ORDER BY id
                """, arguments: StatementArguments([since as any DatabaseValueConvertible] + coupleIDs)).map {
                TherapistNote(id: $0["id"], coupleID: $0["couple_id"], text: $0["text"], createdAt: $0["created_at"])
            }
        }
    }

    /// The couples a digest (by its Message-ID) spoke of.
    package func digestCouples(messageIDs: [String]) throws(StoreError) -> Set<String> {
        guard !messageIDs.isEmpty else { return [] }
        return try read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT outbox_couples.couple_id FROM outbox JOIN outbox_couples ON outbox_couples.outbox_id = outbox.id
                WHERE outbox.kind = 'digest' AND outbox.message_id IN (\(messageIDs.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments(messageIDs)))
        }
    }
}
