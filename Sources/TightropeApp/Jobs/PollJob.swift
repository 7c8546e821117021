import Foundation
import Logging
import TightropeCore
import TightropeMail
import TightropeStore
import TightropeTransport

/// What one `poll` run did. Counts only.
package struct PollReport: Equatable, Sendable {
    package var fetched = 0
    /// Messages set aside unread after failing `PollJob.maxReadingAttempts` times.
    package var unreadable = 0
    /// Fetched again but stored already (after a crash or a UIDVALIDITY change).
    package var duplicates = 0
    package var checkIns = 0
    package var commands = 0
    package var autoReplies = 0
    package var bounces = 0
    package var quarantined = 0
    package var toReview = 0
    package var safetyFlagged = 0
    /// Safety alerts queued for therapists.
    package var alerts = 0
    package var moved = 0
    /// Messages whose processing failed; their raw bytes are stored and processing is retried.
    package var errors = 0
    package var uidValidityChanged = false
    package var purged = 0
    /// Messages and check-ins erased by the retention policy.
    package var recordsErased = 0
    /// Erased messages deleted on the mail server, and erasures still pending there.
    package var serverDeleted = 0
    package var serverPending = 0
    package var delivery = SendReport()
    /// Where the run's time went (`poll --timing`).
    package var timings = PollTimings()

    package init() {}

    /// Adds another run's counts (the demo sums a week of runs).
    package mutating func add(_ other: PollReport) {
        fetched += other.fetched
        unreadable += other.unreadable
        duplicates += other.duplicates
        checkIns += other.checkIns
        commands += other.commands
        autoReplies += other.autoReplies
        bounces += other.bounces
        quarantined += other.quarantined
        toReview += other.toReview
        safetyFlagged += other.safetyFlagged
        alerts += other.alerts
        moved += other.moved
        errors += other.errors
        purged += other.purged
        recordsErased += other.recordsErased
        serverDeleted += other.serverDeleted
        serverPending = other.serverPending
        uidValidityChanged = uidValidityChanged || other.uidValidityChanged
        delivery.add(other.delivery)
        timings.add(other.timings)
    }

    /// 0 all well, 75 something to retry later.
    package var exitStatus: ExitStatus { errors > 0 || delivery.deferred > 0 ? .temporary : .success }
    package var exitCode: Int32 { exitStatus.rawValue }
}

/// Wall time of each phase of a poll, in seconds (monotonic clock). Measurement only.
package struct PollTimings: Equatable, Sendable {
    /// Connecting, logging in, opening the inbox and listing its UIDs.
    package var open = 0.0
    /// Fetching messages' bytes from the server.
    package var fetch = 0.0
    /// Committing raw bytes (store-first).
    package var store = 0.0
    /// Reading stored messages: MIME, extraction, answers, screen, check-ins and replies queued.
    package var read = 0.0
    /// Moving stored messages to the processed folder and recording where they went.
    package var move = 0.0
    /// Deletions on the server that erasures queued.
    package var erase = 0.0
    /// Purging raw bytes and records past their retention, and owed scrubs.
    package var retention = 0.0
    /// Sending the confirmations and alerts.
    package var deliver = 0.0
    package var total = 0.0

    package init() {}

    /// The phases a message goes through between the server and its check-in.
    package var reading: Double { fetch + store + read + move }

    package mutating func add(_ other: PollTimings) {
        open += other.open; fetch += other.fetch; store += other.store; read += other.read
        move += other.move; erase += other.erase; retention += other.retention; deliver += other.deliver
        total += other.total
    }

    /// Seconds since `start` (a `DispatchTime` uptime in nanoseconds).
    package static func since(_ start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9 }
    package static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// `tightrope poll`: fetches new replies, stores each one's raw bytes first, turns them into
/// check-ins (or commands, bounces, auto-replies, review items), moves them to the processed
/// folder, purges old raw messages, and sends the confirmations.
package struct PollJob {
    package let practice: Practice
    package let store: TightropeStore
    package let lexicon: SafetyLexicon
    package let clock: any WallClock
    package let logger: Logger

    /// Fault injection for tests of the poison-message policy: an error returned here for a
    /// message's bytes is thrown where reading it starts, as a reader failing on it would.
    package var readingFault: (@Sendable ([UInt8]) -> AppError?)?

    package init(practice: Practice, store: TightropeStore, lexicon: SafetyLexicon, clock: any WallClock, logger: Logger) {
        self.practice = practice
        self.store = store
        self.lexicon = lexicon
        self.clock = clock
        self.logger = logger
    }

    private var processor: InboundProcessor {
        InboundProcessor(practice: practice, store: store, lexicon: lexicon, clock: clock)
    }

    /// One run. Returns nil when another poll holds the lease. A transport failure stops the
    /// run (what was committed stays committed) and is thrown.
    package func run(mailbox: inout some InboundMailbox, sender: inout some MailSending) throws(AppError) -> PollReport? {
        try JobLease.poll.holding(store: store, clock: clock, logger: logger) { _ throws(AppError) in try runHoldingLease(&mailbox, &sender) }
    }

    private func runHoldingLease(_ mailbox: inout some InboundMailbox, _ sender: inout some MailSending) throws(AppError) -> PollReport {
        let started = PollTimings.now
        AnswerParser.prepare()  // the readers' tables, once, before the first message
        var report = PollReport()
        // Messages stored by an earlier run that stopped before reading them.
        var t = PollTimings.now
        try processStored(retries: false, report: &report)
        report.timings.read += PollTimings.since(t)
        do {
            try fetchNew(mailbox: &mailbox, report: &report)
        } catch {
            logger.error("poll stopped", metadata: ["error": "\(error.description)"])
            throw error
        }
        t = PollTimings.now
        let cutoff = clock.now.addingTimeInterval(-Double(practice.config.rawRetentionDays) * 86_400)
        report.purged = try wrap { () throws(StoreError) in try store.purgeRawInbound(before: cutoff, at: clock.now) }
        // Records past the retention period, erased as `forget` erases a couple; their messages on
        // the server are deleted at the start of the next poll.
        if let days = practice.config.recordRetentionDays {
            let recordCutoff = clock.now.addingTimeInterval(-Double(days) * 86_400)
            let erased = try RecordsService(store: store, clock: clock, processedFolder: practice.config.processedFolder)
                .eraseExpired(before: recordCutoff)
            report.recordsErased = erased["messages received"] + erased["check-ins"]
        }
        // A scrub an erasure owes (a reader kept it from finishing then).
        _ = try? store.scrubIfPending()
        report.timings.retention += PollTimings.since(t)
        // Confirmations and alerts, through the outbox (unless a send run is delivering it).
        t = PollTimings.now
        let outbox = Outbox(store: store, clock: clock, logger: logger)
        try outbox.deliverIfFree(with: &sender, report: &report.delivery)
        report.timings.deliver += PollTimings.since(t)
        // Last, messages whose reading was started before and never finished: if one of them stops
        // the process again, everything new has been read, stored, moved and answered already.
        t = PollTimings.now
        let retried = try processStored(retries: true, report: &report)
        report.timings.read += PollTimings.since(t)
        if retried {
            t = PollTimings.now
            try outbox.deliverIfFree(with: &sender, report: &report.delivery)
            report.timings.deliver += PollTimings.since(t)
        }
        report.timings.total = PollTimings.since(started)
        logger.info("poll finished", metadata: [
            "messages.fetched": "\(report.fetched)", "messages.duplicate": "\(report.duplicates)",
            "checkins": "\(report.checkIns)", "commands": "\(report.commands)", "auto_replies": "\(report.autoReplies)",
            "bounces": "\(report.bounces)", "quarantined": "\(report.quarantined)", "review": "\(report.toReview)",
            "safety_flagged": "\(report.safetyFlagged)", "alerts": "\(report.alerts)", "moved": "\(report.moved)", "errors": "\(report.errors)",
            "raw.purged": "\(report.purged)", "records.erased": "\(report.recordsErased)",
            "server.deleted": "\(report.serverDeleted)", "server.pending": "\(report.serverPending)", "unreadable": "\(report.unreadable)", "confirmations.sent": "\(report.delivery.sent)",
            "uidvalidity.changed": "\(report.uidValidityChanged)",
        ])
        return report
    }

    /// How many stored messages are moved out of the inbox with one command.
    static let moveBatch = 250

    /// Reads what is new in the inbox. Each listed UID is either stored already (an earlier run
    /// stopped before moving it) or fetched and its bytes committed; then it joins the batch to
    /// move. Only UIDs whose bytes are in the database are ever moved, and the mailbox's mark
    /// advances only over UIDs stored and moved in order, so a run stopped anywhere (a kill, a
    /// dropped connection, a listing that does not add up) leaves every unread message in the
    /// inbox for the next run.
    private func fetchNew(mailbox: inout some InboundMailbox, report: inout PollReport) throws(AppError) {
        // Erasures first, before the inbox is counted: a message erased while still in the inbox
        // is deleted, never read again, and the listing below adds up.
        var t = PollTimings.now
        try eraseOnServer(mailbox: &mailbox, report: &report)
        report.timings.erase += PollTimings.since(t)
        t = PollTimings.now
        let validity = try transport { () throws(TransportError) in try mailbox.open() }
        let name = mailbox.name
        let state = try wrap { () throws(StoreError) in try store.mailboxState(name) }
        if state?.uidValidity != validity {
            // New, or the server renumbered its messages: UIDs are compared under the new
            // UIDVALIDITY only; the Message-ID de-duplication keeps each message stored once.
            if state != nil { report.uidValidityChanged = true }
            try wrap { () throws(StoreError) in try store.resetMailbox(name, uidValidity: validity) }
        }
        let erased = try wrap { () throws(StoreError) in try store.erasedInboxUIDs(mailbox: name, uidValidity: validity) }
        let listed = try transport { () throws(TransportError) in try mailbox.uids() }.filter { !erased.contains($0) }
        report.timings.open += PollTimings.since(t)
        var stored: [Int64] = []
        func moveStored() throws(AppError) {
            guard !stored.isEmpty else { return }
            let t = PollTimings.now
            defer { report.timings.move += PollTimings.since(t) }
            let moved = try transport { () throws(TransportError) in try mailbox.moveToProcessed(uids: stored) }
            report.moved += stored.count
            // Where each went, so an erasure can delete it there by UID.
            try wrap { () throws(StoreError) in
                try store.recordFolder(mailbox: name, uidValidity: validity, folder: moved.folder, folderValidity: moved.folderValidity,
                                       moved: moved.uids.map { (uid: $0.key, folderUID: $0.value) })
            }
            let mark = stored.max() ?? 0
            try wrap { () throws(StoreError) in try store.advanceMailbox(name, uidValidity: validity, to: mark) }
            stored.removeAll(keepingCapacity: true)
        }
        for uid in listed {
            if try !wrap({ () throws(StoreError) in try store.isInboundStored(mailbox: name, uidValidity: validity, uid: uid) }) {
                try fetchAndStore(uid: uid, validity: validity, mailbox: &mailbox, report: &report)
            }
            stored.append(uid)
            if stored.count >= Self.moveBatch { try moveStored() }
        }
        try moveStored()
    }

    /// Finishes the deletions on the server that erasures queued. A failure leaves them pending
    /// (counted, retried next poll; `doctor` shows them) and does not stop the poll.
    private func eraseOnServer(mailbox: inout some InboundMailbox, report: inout PollReport) throws(AppError) {
        let records = RecordsService(store: store, clock: clock, processedFolder: practice.config.processedFolder)
        do {
            let (result, pending) = try records.eraseOnServer(mailbox: &mailbox)
            report.serverDeleted += result.deleted
            report.serverPending = pending
        } catch .transport(let error) {
            logger.warning("deleting erased messages on the mail server failed; they stay pending", metadata: ["error": "\(error.description)"])
            report.serverPending = try wrap { () throws(StoreError) in try store.pendingServerErasures() }.count
        }
    }

    /// Fetches one message and commits its bytes (then reads it); throws, leaving it in the
    /// inbox, when either fails.
    private func fetchAndStore(uid: Int64, validity: Int64, mailbox: inout some InboundMailbox,
                               report: inout PollReport) throws(AppError) {
        let name = mailbox.name
        let bytes: [UInt8]
        var t = PollTimings.now
        do {
            defer { report.timings.fetch += PollTimings.since(t) }
            bytes = try mailbox.fetch(uid: uid)
        } catch .tooLarge(let limit) {
            // Not read, not lost: it stays on the server, in the processed folder, and the
            // therapist is told through the review queue.
            try recordUnreadable(uid: uid, validity: validity, mailbox: name, limit: limit)
            report.toReview += 1
            return
        } catch {
            logger.error("poll stopped", metadata: ["error": "\(error.description)"])
            throw AppError(error)
        }
        report.fetched += 1
        // Stored before anything parses it (the key comes from a bounded scan of the raw headers),
        // with its first reading attempt counted in the same write.
        let id: Int64?
        t = PollTimings.now
        defer { report.timings.store += PollTimings.since(t) }
        do {
            id = try store.storeInbound(mailbox: name, uidValidity: validity, uid: uid, dedupeKey: InboundProcessor.dedupeKey(bytes),
                                        bytes: bytes, at: clock.now, readingNow: true)
        } catch {
            // Not stored: stop here, so it stays in the inbox and is not moved.
            logger.error("storing a fetched message failed", metadata: ["uid": "\(uid)", "error": "\(error.description)"])
            throw .temporary("poll: a fetched message could not be stored (\(error.description)); it stays in the inbox")
        }
        if let id {
            report.timings.store += PollTimings.since(t)
            t = PollTimings.now
            process(id, attempt: 1, bytes: bytes, report: &report)
            report.timings.read += PollTimings.since(t)
            t = PollTimings.now
        } else {
            report.duplicates += 1
        }
    }

    /// A message too large to read: an inbound row without bytes, and a review item saying where it is.
    private func recordUnreadable(uid: Int64, validity: Int64, mailbox: String, limit: Int) throws(AppError) {
        let now = clock.now
        try wrap { () throws(StoreError) in
            guard let id = try store.storeInbound(mailbox: mailbox, uidValidity: validity, uid: uid,
                                                  dedupeKey: "too-large:\(mailbox):\(validity):\(uid)", bytes: [], at: now) else { return }
            var d = InboundDisposition(kind: .unknown, outcome: .tooLarge)
            d.reviewReason = "larger than \(limit >> 20) MB, so not read; it is in the processed folder on the mail server"
            _ = try store.finishInbound(id: id, d, at: now)
        }
        logger.warning("message too large to read", metadata: ["uid": "\(uid)"])
    }

    /// How many times reading one message is started before it goes to review unread.
    package static let maxReadingAttempts = 3

    /// Reads stored messages never tried (`retries` false) or tried before (true). Returns
    /// whether any was read.
    @discardableResult
    private func processStored(retries: Bool, report: inout PollReport) throws(AppError) -> Bool {
        let ids = try wrap { () throws(StoreError) in try store.unprocessedInboundIDs(retries: retries) }
        for id in ids {
            let attempt = try wrap { () throws(StoreError) in try store.beginReadingAttempt(id: id) }
            guard attempt > 0 else { continue }
            if attempt > Self.maxReadingAttempts {
                setAside(id, attempts: attempt - 1, report: &report)
                continue
            }
            guard let entry = try wrap({ () throws(StoreError) in try store.inbound(id: id) }), let bytes = entry.bytes else { continue }
            if attempt > 1 { logger.warning("reading a message again", metadata: ["inbound.id": "\(id)", "attempt": "\(attempt)"]) }
            process(id, attempt: attempt, bytes: bytes, report: &report)
        }
        return !ids.isEmpty
    }

    /// The poison-message policy: a message whose reading failed or stopped the process
    /// `maxReadingAttempts` times goes to review unread, with the reason; polling goes on.
    private func setAside(_ id: Int64, attempts: Int, report: inout PollReport) {
        var d = InboundDisposition(kind: .unknown, outcome: .unreadable(attempts: attempts))
        d.reviewReason = "could not be read: reading it failed or stopped the poll \(attempts) times; "
            + "it is stored whole (review show prints its headers and the start of its text)"
        do {
            try wrap { () throws(StoreError) in _ = try store.finishInbound(id: id, d, at: clock.now) }
            report.toReview += 1
            report.unreadable += 1
            logger.error("message set aside unread", metadata: ["inbound.id": "\(id)", "attempts": "\(attempts)"])
        } catch {
            report.errors += 1
            logger.error("setting a message aside failed", metadata: ["inbound.id": "\(id)", "error": "\(error.description)"])
        }
    }

    /// Reads one stored message (its reading attempt already counted); a failure is logged and
    /// counted, and the message stays stored for a later attempt, or is set aside after the last.
    private func process(_ id: Int64, attempt: Int, bytes: [UInt8], report: inout PollReport) {
        do throws(AppError) {
            if let fault = readingFault?(bytes) { throw fault }
            let message = MIMEMessage(bytes)
            let disposition = try processor.dispose(message, bytes: bytes, inboundID: id)
            try wrap { () throws(StoreError) in _ = try store.finishInbound(id: id, disposition, at: clock.now) }
            switch disposition.kind {
            case .bounce: report.bounces += 1
            case .autoReply: report.autoReplies += 1
            case .command: report.commands += 1
            case .reply, .unknown: break
            }
            if disposition.checkIn != nil { report.checkIns += 1 }
            if disposition.outcome == .quarantined { report.quarantined += 1 }
            if disposition.reviewReason != nil { report.toReview += 1 }
            if disposition.checkIn.map({ !$0.safetyFlags.isEmpty }) == true || !disposition.safetyFlags.isEmpty { report.safetyFlagged += 1 }
            report.alerts += disposition.replies.filter { $0.kind == .alert }.count
            logger.debug("message processed", metadata: ["inbound.id": "\(id)", "kind": "\(disposition.kind)",
                                                          "outcome": "\(disposition.outcome)"])
        } catch {
            report.errors += 1
            logger.error("processing a message failed", metadata: ["inbound.id": "\(id)", "attempt": "\(attempt)",
                                                                   "error": "\(error.description)"])
            if attempt >= Self.maxReadingAttempts { setAside(id, attempts: attempt, report: &report) }
        }
    }
}
