import Crypto
import Foundation
import TightropeStore

/// A therapist's record requests: export everything about a couple, or erase it; and the
/// retention policy, which is the same erasure on a schedule.
package struct RecordsService {
    package let store: TightropeStore
    package let clock: any WallClock
    /// The folder read messages are moved to on the mail server (where erased ones are deleted).
    package let processedFolder: String

    package init(store: TightropeStore, clock: any WallClock, processedFolder: String = "Tightrope/Processed") {
        self.store = store
        self.clock = clock
        self.processedFolder = processedFolder
    }

    // MARK: Export

    /// The archive format's name, written in its manifest.
    package static let exportFormat = "tightrope-export-2"

    /// Everything stored about a couple as one ustar archive, under `tightrope-export-COUPLE/`:
    /// `record.json` (every table's rows), `messages/received-N.eml` and `messages/sent-N.eml`
    /// (the raw messages), `README.txt`, `manifest.json` (each file's size and SHA-256) and
    /// `SHA256SUMS` (for `sha256sum -c`). Nothing of any other couple. Audited.
    package func export(coupleID: String) throws(AppError) -> Data {
        guard let record = try wrap({ () throws(StoreError) in try store.exportRecord(coupleID: coupleID) }) else {
            throw .invalidInput("couple: not found")
        }
        let now = clock.now
        let stamp = ISO8601DateFormatter().string(from: now)
        var files: [(path: String, data: Data)] = []
        var tables = record.tables
        // Each row that has a raw message names its file.
        let receivedIDs = Set(record.received.map { String($0.id) }), sentIDs = Set(record.sent.map { String($0.id) })
        tables["inbound"] = tables["inbound"]?.map { row in
            var row = row
            if let id = row["id"], receivedIDs.contains(id) { row["message_file"] = "messages/received-\(id).eml" }
            return row
        }
        tables["outbox"] = tables["outbox"]?.map { row in
            var row = row
            if let id = row["id"], sentIDs.contains(id) { row["message_file"] = "messages/sent-\(id).eml" }
            return row
        }
        let document: [String: Any] = ["format": Self.exportFormat, "exported_at": stamp, "couple_id": coupleID, "tables": tables]
        files.append(("record.json", try json(document)))
        for m in record.received { files.append(("messages/received-\(m.id).eml", m.bytes)) }
        for m in record.sent { files.append(("messages/sent-\(m.id).eml", m.bytes)) }
        files.append(("README.txt", Data(Self.readme(coupleID: coupleID, stamp: stamp, received: record.received.count,
                                                     sent: record.sent.count).utf8)))
        let manifest: [String: Any] = [
            "format": Self.exportFormat, "exported_at": stamp, "couple_id": coupleID,
            "files": files.map { ["path": $0.path, "bytes": $0.data.count, "sha256": Self.sha256($0.data)] as [String: Any] },
        ]
        files.append(("manifest.json", try json(manifest)))
        let sums = files.map { "\(Self.sha256($0.data))  \($0.path)\n" }.joined()
        files.append(("SHA256SUMS", Data(sums.utf8)))

        var archive = TarArchive()
        for file in files {
            try archive.add(path: "tightrope-export-\(coupleID)/\(file.path)", contents: file.data, modified: now)
        }
        try wrap { () throws(StoreError) in
            try store.audit("record exported", coupleID: coupleID, detail: "\(files.count) files", at: now)
        }
        return archive.bytes
    }

    private func json(_ object: [String: Any]) throws(AppError) -> Data {
        do {
            return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw .failure("export: could not encode the record")
        }
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    static func readme(coupleID: String, stamp: String, received: Int, sent: Int) -> String {
        """
        Tightrope record export
        =======================

        Couple: \(coupleID)
        Exported: \(stamp)

        This archive holds everything the practice's Tightrope server stored about this couple
        when it was made, and nothing about anyone else:

          record.json          every stored row about the couple, table by table: the couple and
                               partners, rounds and the questions asked, check-ins (scales and
                               reflections), messages received and sent (their delivery state),
                               review items and the audit log
          messages/received-*  the \(received) message(s) received from the partners, as they arrived
          messages/sent-*      the \(sent) message(s) sent to them (check-ins, reminders,
                               confirmations) and the safety alerts about their messages
          manifest.json        each file's size and SHA-256 checksum
          SHA256SUMS           the same checksums; check them with:  sha256sum -c SHA256SUMS

        Not included: the therapist's weekly digests (each speaks of several couples), and
        messages held for review whose sender was not a partner on file (they may be someone
        else's). Raw messages older than the practice's retention period were purged before
        this export; their rows remain in record.json.

        """
    }

    // MARK: Erasure

    /// What `forget` did: the places and counts, and what to look for afterwards (`verifyErased`).
    package struct ForgetResult: Sendable {
        package var report: ErasureReport
        /// Distinctive strings of the erased record (addresses, Message-IDs, longer reflections).
        package var needles: [Data]
    }

    /// Erases a couple from every table, queues their messages' deletion on the mail server,
    /// drops or strips digests that held their words, and scrubs the database files.
    /// `actor`: who asked (recorded in the audit log, which keeps nothing else of the couple).
    /// Then delete on the server (`eraseOnServer`) and check the files (`verifyErased`).
    /// Holds the poll and send leases meanwhile: a poll reading one of their messages, or a send
    /// delivering one, must not finish after the erasure (it would file the message anew).
    package func forget(coupleID: String, by actor: String) throws(AppError) -> ForgetResult {
        let busy = AppError.temporary("forget: a poll or send run is in progress; nothing was erased. Try again in a minute")
        let result = try JobLease.poll.holding(store: store, clock: clock, logger: nil) { _ throws(AppError) -> ForgetResult? in
            try JobLease.send.holding(store: store, clock: clock, logger: nil) { _ throws(AppError) -> ForgetResult in
                let needles = try wrap { () throws(StoreError) in try store.distinctiveStrings(coupleID: coupleID) }
                let report = try wrap { () throws(StoreError) in
                    try store.forget(coupleID: coupleID, processedFolder: processedFolder, by: actor, at: clock.now)
                }
                return ForgetResult(report: report, needles: needles)
            }
        }
        guard let result, let result else { throw busy }
        // Releasing the leases wrote to the WAL again: empty it once more (if a reader keeps it
        // from finishing, the WAL holds only pages already scrubbed and the lease rows).
        try? store.checkpoint()
        return result
    }

    /// Empties the WAL again (the server deletions wrote to it; their rows were zeroed by
    /// secure_delete, so no second VACUUM is needed — unless the erasure's own scrub is still owed)
    /// and searches the database files for the erased record's strings. The Message-IDs of
    /// messages still to delete on the mail server are kept (to find them there) until that is
    /// done: they are counted apart, not searched.
    package func verifyErased(_ needles: [Data]) throws(AppError) -> ResidueCheck {
        try wrap { () throws(StoreError) in
            try store.scrubIfPending()
            try store.checkpoint()
        }
        let held = Set(try wrap { () throws(StoreError) in try store.pendingServerErasures() }.map { Data($0.dedupeKey.utf8) })
        var check = store.residue(of: needles.filter { !held.contains($0) })
        check.heldForServer = needles.filter { held.contains($0) }.count
        return check
    }

    /// Retention: erases rounds, messages and digests from before `cutoff` (see `TightropeStore.eraseRecords`).
    package func eraseExpired(before cutoff: Date) throws(AppError) -> ErasureReport {
        try wrap { () throws(StoreError) in try store.eraseRecords(before: cutoff, processedFolder: processedFolder, at: clock.now) }
    }

    /// Deletes on the mail server what erasures queued for this mailbox. Throws when the server
    /// cannot be reached (they stay pending, for the next poll).
    package func eraseOnServer(mailbox: inout some InboundMailbox) throws(AppError) -> (result: ServerErasureResult, pending: Int) {
        let pending = try wrap { () throws(StoreError) in try store.pendingServerErasures() }.filter { $0.mailbox == mailbox.name }
        guard !pending.isEmpty else { return (ServerErasureResult(), 0) }
        let result: ServerErasureResult
        do {
            result = try mailbox.erase(pending)
        } catch {
            try wrap { () throws(StoreError) in try store.failServerErasures(pending.map(\.id), error: error.description) }
            throw AppError(error)
        }
        try wrap { () throws(StoreError) in
            try store.finishServerErasures(result.done + result.notLocated, at: clock.now)
            // The Message-IDs the deletions needed are gone from the tables: now from the WAL too
            // (a reader may keep it from finishing: the next one does it).
            try? store.checkpoint()
        }
        if !result.notLocated.isEmpty {
            try wrap { () throws(StoreError) in
                try store.audit("erased messages not located on the mail server", coupleID: nil,
                                detail: "\(result.notLocated.count) message(s) without a recorded UID or Message-ID", at: clock.now)
            }
        }
        return (result, pending.count - result.done.count - result.notLocated.count)
    }

    /// Who runs this process, for the audit log: the user behind sudo, else the login name.
    package static func actor() -> String {
        let env = ProcessInfo.processInfo.environment
        if let user = env["SUDO_USER"], !user.isEmpty { return "user \(user) (via sudo)" }
        if let user = env["USER"] ?? env["LOGNAME"], !user.isEmpty { return "user \(user)" }
        return "uid \(getuid())"
    }
}
