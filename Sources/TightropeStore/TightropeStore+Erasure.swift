import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// What an erasure removed, place by place (counts only: an erasure report is itself free of
/// personal data, so it can be printed, logged and audited).
package struct ErasureReport: Equatable, Sendable {
    package struct Place: Equatable, Sendable {
        package var name: String
        package var count: Int
    }

    package var places: [Place] = []
    /// Messages on the mail server to delete (done by the caller, now or at the next poll).
    package var serverDeletionsQueued = 0
    /// Unsent digests dropped: (therapist, ISO week) of each, so the caller can render them again without the erased data.
    package var droppedDigests: [DroppedDigest] = []

    package struct DroppedDigest: Equatable, Sendable {
        package var therapistID: String
        package var week: String

        package init(therapistID: String, week: String) {
            self.therapistID = therapistID
            self.week = week
        }
    }

    package init() {}

    package subscript(_ name: String) -> Int {
        get { places.first { $0.name == name }?.count ?? 0 }
        set {
            if let i = places.firstIndex(where: { $0.name == name }) { places[i].count = newValue } else { places.append(Place(name: name, count: newValue)) }
        }
    }

    /// Every count, as one line for the audit log ("check-ins 4, messages received 6, …").
    package var summary: String {
        let parts = places.filter { $0.count > 0 }.map { "\($0.name) \($0.count)" }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    /// Whether the database files were scrubbed after it (false: a reader kept the checkpoint
    /// from finishing, or the disk was full; the next poll scrubs, `doctor` says so meanwhile).
    package var scrubbed = true

    /// Whether anything was removed at all.
    package var isEmpty: Bool { places.allSatisfy { $0.count == 0 } && serverDeletionsQueued == 0 }
}

/// A message to delete on the mail server: in the inbox (`folder` nil) or a folder, by UID where
/// one was recorded under that UIDVALIDITY, else found by its key (Message-ID or content hash).
package struct ServerErasure: Equatable, Sendable {
    package var id: Int64
    package var mailbox: String
    package var folder: String?
    package var uidValidity: Int64?
    package var uid: Int64?
    package var dedupeKey: String
    package var attempts: Int
}

/// The result of checking the database files for what an erasure should have removed.
package struct ResidueCheck: Equatable, Sendable {
    /// Distinctive strings looked for (addresses, Message-IDs, longer reflections).
    package var searched: Int
    /// How many of them were still found in the database, its WAL or its shared-memory file.
    package var found: Int
    /// Bytes of database files scanned.
    package var bytesScanned: Int
    /// Message-IDs not searched: kept until the mail server has deleted their messages.
    package var heldForServer = 0
}

extension TightropeStore {
    /// Erases a couple and everything stored about them, in one transaction: partners, rounds,
    /// check-ins, every message received from them or naming them (including quarantined ones
    /// whose valid token named one of them), review items, their outgoing messages (check-ins,
    /// reminders, confirmations, alerts), and digests that spoke of them (an unsent one is
    /// dropped, to be rendered again; a sent one's stored copy is removed). The audit log keeps
    /// only that an erasure happened, when, by whom and how much (no couple code: it is made of
    /// names). Server-side deletions are queued in `server_erasures`. Then the pages are
    /// scrubbed (`scrub()`).
    package func forget(coupleID: String, processedFolder: String, by actor: String, at now: Date) throws(StoreError) -> ErasureReport {
        let report = try write { db -> ErasureReport in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM couples WHERE id = ?", arguments: [coupleID]) == true else {
                throw StoreError.notFound("couple")
            }
            var r = ErasureReport()
            let partners = try Int64.fetchAll(db, sql: "SELECT id FROM partners WHERE couple_id = ?", arguments: [coupleID])
            let rounds = try Int64.fetchAll(db, sql: "SELECT id FROM rounds WHERE couple_id = ?", arguments: [coupleID])
            var inbound = try Int64.fetchAll(db, sql: """
                SELECT id FROM inbound WHERE couple_id = ? OR token_couple_id = ?
                    OR partner_id IN (SELECT id FROM partners WHERE couple_id = ?)
                    OR round_id IN (SELECT id FROM rounds WHERE couple_id = ?)
                    OR id IN (SELECT inbound_id FROM inbound_couples WHERE couple_id = ?)
                """, arguments: [coupleID, coupleID, coupleID, coupleID, coupleID])
            // Messages stored but not read yet (a poll stopped before reading them): theirs if they
            // hold one of the partners' addresses (in From, To, or a quoted check-in).
            var unread: [Int64] = []
            for email in try String.fetchAll(db, sql: "SELECT lower(email) FROM partners WHERE couple_id = ?", arguments: [coupleID]) {
                unread += try Int64.fetchAll(db, sql: """
                    SELECT inbound.id FROM inbound JOIN inbound_raw ON inbound_raw.inbound_id = inbound.id
                    WHERE inbound.state = 'stored' AND instr(lower(CAST(inbound_raw.bytes AS TEXT)), ?) > 0
                    """, arguments: [email])
            }
            inbound = Array(Set(inbound + unread)).sorted()
            // Our Message-IDs of mail to them: a delivery report quoting one, arriving later, is deleted on arrival.
            try db.execute(sql: """
                INSERT OR IGNORE INTO erased_message_ids (message_id)
                SELECT message_id FROM outbox WHERE partner_id IN (SELECT id FROM partners WHERE couple_id = ?)
                    OR round_id IN (SELECT id FROM rounds WHERE couple_id = ?)
                """, arguments: [coupleID, coupleID])
            let digests = try Int64.fetchAll(db, sql: "SELECT outbox_id FROM outbox_couples WHERE couple_id = ?", arguments: [coupleID])
            r["couple"] = 1
            r["partners"] = partners.count
            try Self.erase(inbound: inbound, rounds: rounds, partners: partners, digests: digests, coupleID: coupleID,
                           processedFolder: processedFolder, at: now, into: &r, db: db)
            try db.execute(sql: "DELETE FROM couples WHERE id = ?", arguments: [coupleID])
            try db.execute(sql: "DELETE FROM audit WHERE couple_id = ?", arguments: [coupleID])
            r["audit entries"] = db.changesCount
            try db.execute(sql: "INSERT INTO audit (at, action, detail) VALUES (?, 'couple erased', ?)",
                           arguments: [now, "by \(actor): \(r.summary)"])
            return r
        }
        var result = report
        result.scrubbed = scrubOrFlag()
        return result
    }

    /// Retention: erases, as `forget` does, every round opened before `cutoff` with its check-ins,
    /// messages and outgoing mail, and every other message, digest or outgoing message from
    /// before it. Couples and partners stay; newer rounds are left whole. Scrubs when anything
    /// was erased.
    package func eraseRecords(before cutoff: Date, processedFolder: String, at now: Date) throws(StoreError) -> ErasureReport {
        let report = try write { db -> ErasureReport in
            var r = ErasureReport()
            let rounds = try Int64.fetchAll(db, sql: "SELECT id FROM rounds WHERE opened_at < ?", arguments: [cutoff])
            let inbound = try Int64.fetchAll(db, sql: """
                SELECT id FROM inbound WHERE state = 'processed'
                    AND (round_id IN (SELECT id FROM rounds WHERE opened_at < ?) OR (round_id IS NULL AND received_at < ?))
                """, arguments: [cutoff, cutoff])
            let digests = try Int64.fetchAll(db, sql: "SELECT outbox_id FROM digests WHERE created_at < ? AND outbox_id IS NOT NULL",
                                             arguments: [cutoff])
            // Couples whose next round recalls an erased one (a check-in quotes last week's answers).
            let couples = try String.fetchAll(db, sql: "SELECT DISTINCT couple_id FROM rounds WHERE opened_at < ?", arguments: [cutoff])
            try Self.erase(inbound: inbound, rounds: rounds, partners: [], digests: digests, coupleID: nil,
                           processedFolder: processedFolder, at: now, into: &r, db: db)
            if !rounds.isEmpty {
                // Stored copies of sent mail that may quote an erased round: the first kept round's
                // check-ins and reminders of those couples, and digests written within ten days after
                // the cutoff (a digest quotes the latest round open three days or more). Their rows
                // stay (threading, "was it sent"); their bytes give way to a note.
                let note = Data("""
                    Subject: (stored copy removed)\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
                    The stored copy of this message was removed when the retention policy erased the records it quoted.\r\n
                    """.utf8)
                var stripped = 0
                for couple in couples {
                    try db.execute(sql: """
                        UPDATE outbox_bodies SET bytes = ? WHERE outbox_id IN (
                            SELECT id FROM outbox WHERE state IN ('sent', 'failed', 'bounced') AND round_id = (
                                SELECT id FROM rounds WHERE couple_id = ? ORDER BY opened_at LIMIT 1))
                        """, arguments: [note, couple])
                    stripped += db.changesCount
                }
                try db.execute(sql: """
                    UPDATE outbox_bodies SET bytes = ? WHERE outbox_id IN (
                        SELECT id FROM outbox WHERE kind = 'digest' AND state IN ('sent', 'failed', 'bounced') AND created_at < ?)
                    """, arguments: [note, cutoff.addingTimeInterval(10 * 86_400)])
                stripped += db.changesCount
                r["stored copies of sent mail quoting erased rounds"] = stripped
            }
            // Anything else sent before the cutoff that no round or message holds (alerts of messages
            // erased above are gone with them).
            try db.execute(sql: "DELETE FROM outbox WHERE created_at < ? AND state IN ('sent', 'failed', 'bounced')", arguments: [cutoff])
            r["outgoing messages"] += db.changesCount
            try db.execute(sql: "DELETE FROM digests WHERE created_at < ?", arguments: [cutoff])
            if !r.isEmpty {
                try db.execute(sql: "INSERT INTO audit (at, action, detail) VALUES (?, 'records erased (retention)', ?)",
                               arguments: [now, r.summary])
            }
            return r
        }
        var result = report
        if !report.isEmpty { result.scrubbed = scrubOrFlag() }
        return result
    }

    /// The shared part of an erasure: counts, then deletes, the given messages, rounds and
    /// partners' outgoing mail and digests; queues the server-side deletions.
    private static func erase(inbound: [Int64], rounds: [Int64], partners: [Int64], digests: [Int64], coupleID: String?,
                              processedFolder: String, at now: Date, into r: inout ErasureReport, db: Database) throws {
        let inboundSet = list(inbound), roundSet = list(rounds), partnerSet = list(partners), digestSet = list(digests)
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        r["rounds"] = rounds.count
        r["check-ins"] = try count("""
            SELECT COUNT(*) FROM checkins WHERE inbound_id IN \(inboundSet) OR round_id IN \(roundSet) OR partner_id IN \(partnerSet)
            """)
        r["messages received"] = inbound.count
        r["raw messages"] = try count("SELECT COUNT(*) FROM inbound_raw WHERE inbound_id IN \(inboundSet)")
        r["review items"] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reviews WHERE inbound_id IN \(inboundSet) OR couple_id = ?",
                                             arguments: [coupleID]) ?? 0
        r["outgoing messages"] = try count("""
            SELECT COUNT(*) FROM outbox WHERE (partner_id IN \(partnerSet) OR inbound_id IN \(inboundSet) OR round_id IN \(roundSet))
                AND id NOT IN \(digestSet)
            """)
        // Digests: an unsent one is dropped with its week's record (so it is rendered again without
        // the erased data); a sent one's stored copy goes, and its week stays marked as sent.
        let unsent = try Row.fetchAll(db, sql: """
            SELECT digests.therapist_id, digests.week FROM outbox JOIN digests ON digests.outbox_id = outbox.id
            WHERE outbox.id IN \(digestSet) AND outbox.state IN ('queued', 'sending', 'deferred')
            """)
        r.droppedDigests = unsent.map { ErasureReport.DroppedDigest(therapistID: $0["therapist_id"], week: $0["week"]) }
        r["unsent digests dropped"] = unsent.count
        try db.execute(sql: """
            DELETE FROM digests WHERE outbox_id IN (SELECT id FROM outbox WHERE id IN \(digestSet) AND state IN ('queued', 'sending', 'deferred'))
            """)
        try db.execute(sql: "DELETE FROM outbox WHERE id IN \(digestSet)")
        r["stored copies of sent digests"] = db.changesCount - unsent.count
        r.serverDeletionsQueued = try queueServerErasures(inbound: inboundSet, processedFolder: processedFolder, at: now, db: db)
        r["mail server deletions queued"] = r.serverDeletionsQueued
        if let coupleID { try db.execute(sql: "DELETE FROM reviews WHERE couple_id = ?", arguments: [coupleID]) }
        try db.execute(sql: "DELETE FROM outbox WHERE partner_id IN \(partnerSet) OR inbound_id IN \(inboundSet) OR round_id IN \(roundSet)")
        try db.execute(sql: "DELETE FROM inbound WHERE id IN \(inboundSet)")
        try db.execute(sql: "DELETE FROM rounds WHERE id IN \(roundSet)")
    }

    /// Records where each message is on the server: the processed folder under the UID the
    /// server gave it when it was moved; the inbox, when it was stored but never moved; else the
    /// processed folder, to be found by its key.
    private static func queueServerErasures(inbound: String, processedFolder: String?, at now: Date, db: Database) throws -> Int {
        let rows = try Row.fetchAll(db, sql: """
            SELECT inbound.mailbox, inbound.uid_validity, inbound.uid, inbound.dedupe_key, inbound.folder,
                   inbound.folder_uid_validity, inbound.folder_uid,
                   mailbox_state.uid_validity AS mark_validity, mailbox_state.last_uid AS mark
            FROM inbound LEFT JOIN mailbox_state ON mailbox_state.mailbox = inbound.mailbox
            WHERE inbound.id IN \(inbound)
            """)
        for row in rows {
            let mailbox: String = row["mailbox"], key: String = row["dedupe_key"]
            var folder: String? = processedFolder, validity: Int64?, uid: Int64?
            if let movedTo: String = row["folder"], let v: Int64 = row["folder_uid_validity"], let u: Int64 = row["folder_uid"] {
                (folder, validity, uid) = (movedTo, v, u)
            } else if let markValidity: Int64 = row["mark_validity"], markValidity == row["uid_validity"],
                      let mark: Int64 = row["mark"], let inboxUID: Int64 = row["uid"], inboxUID > mark {
                (folder, validity, uid) = (nil, markValidity, inboxUID)  // still in the inbox
            }
            try db.execute(sql: """
                INSERT INTO server_erasures (mailbox, folder, uid_validity, uid, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [mailbox, folder, validity, uid, key, now])
        }
        return rows.count
    }

    /// An SQL list of integers: "(1,2,3)" (ids come from the database, never from input).
    private static func list(_ ids: [Int64]) -> String { "(" + ids.map(String.init).joined(separator: ",") + ")" }

    /// Overwrites what was deleted: rebuilds the file (`VACUUM`, so no free page keeps old
    /// contents) and copies the WAL back and truncates it to zero bytes. Deleted rows are
    /// already zeroed in their pages (`secure_delete`). Throws `.busy` when a reader kept the
    /// checkpoint from completing (run it again; the data is erased, the old pages may linger
    /// in the WAL until then).
    package func scrub() throws(StoreError) {
        do {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM")
                guard let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") else { return }
                let busy: Int = row[0]
                if busy != 0 { throw StoreError.busy }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Scrubs; when that fails (the data is erased already), records that a scrub is owed.
    func scrubOrFlag() -> Bool {
        do {
            try scrub()
            try write { db in try db.execute(sql: "DELETE FROM store_flags WHERE name = 'scrub pending'") }
            return true
        } catch {
            _ = try? write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO store_flags (name, since) VALUES ('scrub pending', ?)", arguments: [Date()])
            }
            return false
        }
    }

    /// Since when a scrub is owed (an erasure's scrub did not finish), or nil.
    package func scrubPendingSince() throws(StoreError) -> Date? {
        try read { db in try Date.fetchOne(db, sql: "SELECT since FROM store_flags WHERE name = 'scrub pending'") }
    }

    /// Does a scrub that an erasure owes. True when none is owed any more.
    @discardableResult
    package func scrubIfPending() throws(StoreError) -> Bool {
        guard try scrubPendingSince() != nil else { return true }
        return scrubOrFlag()
    }

    /// Whether a Message-ID is one of ours to a couple since erased.
    package func isErasedMessageID(_ messageID: String) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM erased_message_ids WHERE message_id = ?", arguments: [messageID]) ?? false
        }
    }

    /// Whether any of these Message-IDs is one of ours to a couple since erased.
    package func anyErasedMessageID(_ messageIDs: [String]) throws(StoreError) -> Bool {
        guard !messageIDs.isEmpty else { return false }
        return try read { db in
            let marks = Array(repeating: "?", count: messageIDs.count).joined(separator: ", ")
            return try Bool.fetchOne(db, sql: "SELECT 1 FROM erased_message_ids WHERE message_id IN (\(marks)) LIMIT 1",
                                     arguments: StatementArguments(messageIDs)) ?? false
        }
    }

    /// A message about an erased couple, just stored: its deletion on the server is queued and
    /// the row goes (in the caller's transaction).
    static func eraseOnArrival(_ id: Int64, at now: Date, db: Database) throws {
        _ = try queueServerErasures(inbound: "(\(id))", processedFolder: nil, at: now, db: db)
        try db.execute(sql: "DELETE FROM inbound WHERE id = ?", arguments: [id])
        try db.execute(sql: "INSERT INTO audit (at, action, detail) VALUES (?, 'message about an erased couple deleted on arrival', 'bounce')",
                       arguments: [now])
    }

    /// Searches the database file, its WAL and shared-memory file for strings (bytes) that an
    /// erasure removed: the proof that they are gone from the files, not only from the tables.
    package func residue(of needles: [Data]) -> ResidueCheck {
        var check = ResidueCheck(searched: needles.count, found: 0, bytesScanned: 0)
        guard let path else { return check }
        var remaining = needles.filter { !$0.isEmpty }
        for suffix in ["", "-wal", "-shm"] {
            guard let data = FileManager.default.contents(atPath: path + suffix) else { continue }
            check.bytesScanned += data.count
            remaining.removeAll { needle in
                let hit = Self.contains(data, needle)
                if hit { check.found += 1 }
                return hit
            }
        }
        return check
    }

    /// Whether `needle` occurs in `haystack` (memchr for the first byte, memcmp for the rest).
    static func contains(_ haystack: Data, _ needle: Data) -> Bool {
        haystack.withUnsafeBytes { (hay: UnsafeRawBufferPointer) -> Bool in
            needle.withUnsafeBytes { (n: UnsafeRawBufferPointer) -> Bool in
                guard let h = hay.baseAddress, let first = n.first, let nb = n.baseAddress, n.count <= hay.count else { return false }
                var offset = 0
                let last = hay.count - n.count
                while offset <= last {
                    guard let found = memchr(h + offset, Int32(first), last - offset + 1) else { return false }
                    let at = h.distance(to: UnsafeRawPointer(found))
                    if memcmp(h + at, nb, n.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }

    /// Distinctive strings of a couple's record to look for after erasing it: the partners'
    /// addresses, the Message-IDs of their messages, and reflections long enough to be theirs alone.
    package func distinctiveStrings(coupleID: String, limit: Int = 200) throws(StoreError) -> [Data] {
        try read { db in
            var strings = try String.fetchAll(db, sql: "SELECT email FROM partners WHERE couple_id = ?", arguments: [coupleID])
            strings += try String.fetchAll(db, sql: """
                SELECT dedupe_key FROM inbound WHERE (couple_id = ? OR token_couple_id = ?) AND dedupe_key LIKE '<%@%>'
                ORDER BY id DESC LIMIT ?
                """, arguments: [coupleID, coupleID, limit / 2])
            strings += try String.fetchAll(db, sql: """
                SELECT reflection FROM checkins WHERE partner_id IN (SELECT id FROM partners WHERE couple_id = ?)
                    AND length(reflection) >= 24 ORDER BY id DESC LIMIT ?
                """, arguments: [coupleID, limit / 2])
            return strings.map { Data($0.utf8) }
        }
    }

    // MARK: Server-side deletions

    /// The deletions on the mail server still to do, oldest first.
    package func pendingServerErasures() throws(StoreError) -> [ServerErasure] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM server_erasures ORDER BY id").map {
                ServerErasure(id: $0["id"], mailbox: $0["mailbox"], folder: $0["folder"], uidValidity: $0["uid_validity"],
                              uid: $0["uid"], dedupeKey: $0["dedupe_key"], attempts: $0["attempts"])
            }
        }
    }

    /// Marks deletions done (the server confirmed the messages gone, or they were not there).
    package func finishServerErasures(_ ids: [Int64], at now: Date) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try write { db in
            try db.execute(sql: "DELETE FROM server_erasures WHERE id IN \(Self.list(ids))")
            try db.execute(sql: "INSERT INTO audit (at, action, detail) VALUES (?, 'messages deleted on the mail server', ?)",
                           arguments: [now, "\(ids.count) message(s)"])
        }
    }

    /// Counts a failed attempt (the error is a transport description, never contents).
    package func failServerErasures(_ ids: [Int64], error: String) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try write { db in
            try db.execute(sql: "UPDATE server_erasures SET attempts = attempts + 1, last_error = ? WHERE id IN \(Self.list(ids))",
                           arguments: [error])
        }
    }

    /// Where a message went when it was moved out of the inbox (the server's COPYUID answer).
    package func recordFolder(mailbox: String, uidValidity: Int64, folder: String, folderValidity: Int64,
                              moved: [(uid: Int64, folderUID: Int64)]) throws(StoreError) {
        guard !moved.isEmpty else { return }
        try write { db in
            for m in moved {
                try db.execute(sql: """
                    UPDATE inbound SET folder = ?, folder_uid_validity = ?, folder_uid = ?
                    WHERE mailbox = ? AND uid_validity = ? AND uid = ?
                    """, arguments: [folder, folderValidity, m.folderUID, mailbox, uidValidity, m.uid])
            }
        }
    }

    /// How many stored messages have their UID in the processed folder recorded (deletable by UID
    /// on erasure; the others are found by Message-ID).
    package func messagesWithFolderUID() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbound WHERE folder_uid IS NOT NULL") ?? 0 }
    }

    /// UIDs of the inbox whose message was erased but not yet deleted on the server: the poll
    /// must not read them again.
    package func erasedInboxUIDs(mailbox: String, uidValidity: Int64) throws(StoreError) -> Set<Int64> {
        try read { db in
            Set(try Int64.fetchAll(db, sql: """
                SELECT uid FROM server_erasures WHERE mailbox = ? AND folder IS NULL AND uid_validity = ? AND uid IS NOT NULL
                """, arguments: [mailbox, uidValidity]))
        }
    }
}
