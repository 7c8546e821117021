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
    /// Therapists' replies to the digest that applied something.
    package var therapistReplies = 0
    /// Reminders queued for alerts not marked seen.
    package var alertReminders = 0
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
        therapistReplies += other.therapistReplies
        alertReminders += other.alertReminders
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

    /// Adds the counts of reading done on another thread (it holds no mailbox state).
    mutating func addReading(_ other: PollReport) {
        let pending = serverPending
        add(other)
        serverPending = pending
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
    /// Of `read`: parsing MIME, deciding what a message is and what follows (attribution, reading,
    /// screening, replies rendered), and committing that.
    package var parse = 0.0
    package var dispose = 0.0
    package var finish = 0.0
    /// Wall time from the listing to the last message read: fetch, store, move and read, which
    /// overlap (reading runs on a thread of its own), so this is less than their sum.
    package var loop = 0.0
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
        parse += other.parse; dispose += other.dispose; finish += other.finish; loop += other.loop
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
    /// The safety lexicon, loaded when the first message is to be read (an idle poll, the timer's
    /// usual run, never loads it).
    package let lexicons: LexiconSource
    package let clock: any WallClock
    package let logger: Logger

    /// Fault injection for tests of the poison-message policy: an error returned here for a
    /// message's bytes is thrown where reading it starts, as a reader failing on it would.
    package var readingFault: (@Sendable ([UInt8]) -> AppError?)?

    package init(practice: Practice, store: TightropeStore, lexicon: SafetyLexicon, clock: any WallClock, logger: Logger) {
        self.init(practice: practice, store: store, lexicons: LexiconSource(lexicon), clock: clock, logger: logger)
    }

    package init(practice: Practice, store: TightropeStore, lexicons: LexiconSource, clock: any WallClock, logger: Logger) {
        self.practice = practice
        self.store = store
        self.lexicons = lexicons
        self.clock = clock
        self.logger = logger
    }

    /// The reader of stored messages. Called before any reading attempt is counted, so a lexicon
    /// that cannot be loaded stops the run (a configuration error) and never counts against a
    /// message or sets one aside unscreened.
    private func processor() throws(AppError) -> InboundProcessor {
        let lexicon = try lexicons.lexicon()
        AnswerParser.prepare()  // the readers' tables, once, before the first message
        return InboundProcessor(practice: practice, store: store, lexicon: lexicon, clock: clock)
    }

    /// One run. Returns nil when another poll holds the lease. A transport failure stops the
    /// run (what was committed stays committed) and is thrown.
    package func run(mailbox: inout some InboundMailbox, sender: inout some MailSending) throws(AppError) -> PollReport? {
        try JobLease.poll.holding(store: store, clock: clock, logger: logger) { renew throws(AppError) in try runHoldingLease(&mailbox, &sender, renew: renew) }
    }

    private func runHoldingLease(_ mailbox: inout some InboundMailbox, _ sender: inout some MailSending,
                                 renew: @escaping @Sendable (Int) -> Void) throws(AppError) -> PollReport {
        let started = PollTimings.now
        var report = PollReport()
        // Messages stored by an earlier run that stopped before reading them.
        var t = PollTimings.now
        try processStored(retries: false, report: &report)
        report.timings.read += PollTimings.since(t)
        do {
            try fetchNew(mailbox: &mailbox, report: &report, renew: renew)
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
        // Alerts not marked seen in time: one reminder each.
        report.alertReminders = try AlertReminders(practice: practice, store: store, lexicons: lexicons, clock: clock).queueDue()
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
            "safety_flagged": "\(report.safetyFlagged)", "alerts": "\(report.alerts)", "alert_reminders": "\(report.alertReminders)", "moved": "\(report.moved)", "errors": "\(report.errors)",
            "raw.purged": "\(report.purged)", "records.erased": "\(report.recordsErased)",
            "server.deleted": "\(report.serverDeleted)", "server.pending": "\(report.serverPending)", "unreadable": "\(report.unreadable)", "confirmations.sent": "\(report.delivery.sent)",
            "uidvalidity.changed": "\(report.uidValidityChanged)",
        ])
        return report
    }

    /// How many messages are fetched, then committed in one durable write, then moved out of the
    /// inbox with one command, then read; and how many bytes of them are held at once at most (a
    /// message larger than that is a batch of its own).
    static let batchMessages = 100
    static let batchBytes = 4 << 20

    /// Reads what is new in the inbox, a batch at a time. Each listed UID is either stored already
    /// (an earlier run stopped before moving it) or fetched; a batch's bytes are committed in one
    /// transaction that is on disk (fsynced) before the batch is moved, then its messages are read.
    /// Only UIDs whose bytes are in the database are ever moved, and the mailbox's mark advances
    /// only over UIDs stored and moved in order, so a run stopped anywhere (a kill, a power loss,
    /// a dropped connection, a listing that does not add up) leaves every unread message either
    /// in the inbox or stored, for the next run.
    private func fetchNew(mailbox: inout some InboundMailbox, report: inout PollReport,
                          renew: @escaping @Sendable (Int) -> Void) throws(AppError) {
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
        let loopStarted = PollTimings.now
        defer { report.timings.loop += PollTimings.since(loopStarted) }
        var reader: InboundProcessor?
        // Stored batches are read on a thread of their own while the next batch is fetched.
        var readers: ReadingThread?
        defer {
            // However this ends (a dropped connection, a failed write), what is stored is read
            // first; a message left unread here is read by the next run.
            if let readers { report.addReading(readers.finish()) }
        }
        var next = listed.startIndex
        while next < listed.endIndex {
            // The batch: UIDs to move (stored now or before) and the messages fetched for it.
            var uids: [Int64] = []
            var fetched: [TightropeStore.Fetched] = []
            var held = 0
            while next < listed.endIndex, uids.count < Self.batchMessages, held < Self.batchBytes {
                let uid = listed[next]
                next += 1
                defer { uids.append(uid) }
                if try wrap({ () throws(StoreError) in try store.isInboundStored(mailbox: name, uidValidity: validity, uid: uid) }) {
                    continue
                }
                if reader == nil { reader = try processor() }
                guard let bytes = try fetch(uid: uid, validity: validity, mailbox: &mailbox, report: &report) else { continue }
                // A long poll (a first one after an outage) keeps its lease: renewed every 200 messages.
                renew(report.fetched)
                fetched.append(TightropeStore.Fetched(uid: uid, dedupeKey: InboundProcessor.dedupeKey(bytes), bytes: bytes))
                held += bytes.count
            }
            // Stored before anything parses them (each key comes from a bounded scan of the raw headers).
            t = PollTimings.now
            let ids: [Int64?]
            do {
                ids = try store.storeInbound(fetched, mailbox: name, uidValidity: validity, at: clock.now)
            } catch {
                // Not stored: stop here, so they stay in the inbox and are not moved.
                logger.error("storing fetched messages failed", metadata: ["messages": "\(fetched.count)", "error": "\(error.description)"])
                throw .temporary("poll: fetched messages could not be stored (\(error.description)); they stay in the inbox")
            }
            report.timings.store += PollTimings.since(t)
            try move(uids, validity: validity, mailbox: &mailbox, report: &report)
            report.duplicates += ids.count { $0 == nil }
            let toRead = zip(ids, fetched).compactMap { id, item in id.map { (id: $0, bytes: item.bytes) } }
            fetched = []  // the reader holds them now, and lets each go once it is read
            guard !toRead.isEmpty, let reader else { continue }
            if readers == nil { readers = ReadingThread(job: self, reader: reader) }
            // Waits while a batch is already waiting (memory stays flat); throws what stopped the reader.
            try readers?.read(toRead)
        }
        if let done = readers {
            readers = nil
            report.addReading(try done.finishChecked())
        }
    }

    /// Reads stored messages on a thread of its own, a batch at a time, in the order they were
    /// stored: each one's reading attempt is committed before it starts (the poison-message policy).
    private final class ReadingThread: @unchecked Sendable {
        private let job: PollJob
        private let reader: InboundProcessor
        private let condition = NSCondition()
        // Guarded by `condition`.
        private var waiting: [[(id: Int64, bytes: [UInt8])]] = []
        private var closed = false
        private var running = true
        private var failure: AppError?
        private var report = PollReport()

        init(job: PollJob, reader: InboundProcessor) {
            self.job = job
            self.reader = reader
            let thread = Thread { [self] in run() }
            thread.name = "tightrope.read"
            thread.stackSize = 8 << 20
            thread.start()
        }

        /// Hands a stored batch over; waits while one is waiting already (so at most three batches
        /// are held: the one being read, the one waiting and the one being fetched). Throws what
        /// stopped the reader.
        func read(_ batch: [(id: Int64, bytes: [UInt8])]) throws(AppError) {
            condition.lock()
            defer { condition.unlock() }
            while !waiting.isEmpty, failure == nil { condition.wait() }
            if let failure { throw failure }
            waiting.append(batch)
            condition.broadcast()
        }

        /// Waits until everything handed over is read; returns the reader's counts.
        func finish() -> PollReport {
            condition.lock()
            defer { condition.unlock() }
            closed = true
            condition.broadcast()
            while running { condition.wait() }
            return report
        }

        /// As `finish`, and throws what stopped the reader, if anything did.
        func finishChecked() throws(AppError) -> PollReport {
            let report = finish()
            condition.lock()
            defer { condition.unlock() }
            if let failure { throw failure }
            return report
        }

        private func run() {
            var local = PollReport()
            defer {
                condition.lock()
                report.add(local)
                running = false
                condition.broadcast()
                condition.unlock()
            }
            while true {
                condition.lock()
                while waiting.isEmpty, !closed { condition.wait() }
                if waiting.isEmpty {
                    condition.unlock()
                    return
                }
                var batch = waiting.removeFirst()
                condition.broadcast()
                condition.unlock()
                let t = PollTimings.now
                for index in batch.indices {
                    let (id, bytes) = batch[index]
                    batch[index].bytes = []  // let go as soon as it is read: one message's memory at a time
                    do {
                        let attempt = try wrap { () throws(StoreError) in try job.store.beginReadingAttempt(id: id) }
                        if attempt > 0 { job.process(id, attempt: attempt, bytes: bytes, reader: reader, report: &local) }
                    } catch {
                        // The store refuses: stop reading; what is left is stored and read next run.
                        condition.lock()
                        failure = failure ?? error
                        condition.broadcast()
                        condition.unlock()
                        local.timings.read += PollTimings.since(t)
                        return
                    }
                }
                local.timings.read += PollTimings.since(t)
            }
        }
    }

    /// Moves stored messages out of the inbox and records where they went (so an erasure can
    /// delete them there by UID) and how far the inbox has been read.
    private func move(_ uids: [Int64], validity: Int64, mailbox: inout some InboundMailbox, report: inout PollReport) throws(AppError) {
        guard !uids.isEmpty else { return }
        let t = PollTimings.now
        defer { report.timings.move += PollTimings.since(t) }
        let name = mailbox.name
        let moved = try transport { () throws(TransportError) in try mailbox.moveToProcessed(uids: uids) }
        report.moved += uids.count
        try wrap { () throws(StoreError) in
            try store.recordFolder(mailbox: name, uidValidity: validity, folder: moved.folder, folderValidity: moved.folderValidity,
                                   moved: moved.uids.map { (uid: $0.key, folderUID: $0.value) })
        }
        let mark = uids.max() ?? 0
        try wrap { () throws(StoreError) in try store.advanceMailbox(name, uidValidity: validity, to: mark) }
    }

    /// Fetches one message's bytes. A message over the size limit is not read but recorded (nil):
    /// it stays on the server and goes to review. Any other failure stops the run.
    private func fetch(uid: Int64, validity: Int64, mailbox: inout some InboundMailbox, report: inout PollReport) throws(AppError) -> [UInt8]? {
        let t = PollTimings.now
        defer { report.timings.fetch += PollTimings.since(t) }
        do {
            let bytes = try mailbox.fetch(uid: uid)
            report.fetched += 1
            return bytes
        } catch .tooLarge(let limit) {
            // Not read, not lost: it stays on the server, in the processed folder, and the
            // therapist is told through the review queue.
            try recordUnreadable(uid: uid, validity: validity, mailbox: mailbox.name, limit: limit)
            report.toReview += 1
            return nil
        } catch {
            logger.error("poll stopped", metadata: ["error": "\(error.description)"])
            throw AppError(error)
        }
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
        guard !ids.isEmpty else { return false }
        let reader = try processor()
        for id in ids {
            let attempt = try wrap { () throws(StoreError) in try store.beginReadingAttempt(id: id) }
            guard attempt > 0 else { continue }
            if attempt > Self.maxReadingAttempts {
                setAside(id, attempts: attempt - 1, report: &report)
                continue
            }
            guard let entry = try wrap({ () throws(StoreError) in try store.inbound(id: id) }), let bytes = entry.bytes else { continue }
            if attempt > 1 { logger.warning("reading a message again", metadata: ["inbound.id": "\(id)", "attempt": "\(attempt)"]) }
            process(id, attempt: attempt, bytes: bytes, reader: reader, report: &report)
        }
        return true
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
    private func process(_ id: Int64, attempt: Int, bytes: [UInt8], reader: InboundProcessor, report: inout PollReport) {
        do throws(AppError) {
            if let fault = readingFault?(bytes) { throw fault }
            var t = PollTimings.now
            let message = MIMEMessage(bytes)
            report.timings.parse += PollTimings.since(t)
            t = PollTimings.now
            let disposition = try reader.dispose(message, bytes: bytes, inboundID: id)
            report.timings.dispose += PollTimings.since(t)
            t = PollTimings.now
            try wrap { () throws(StoreError) in _ = try store.finishInbound(id: id, disposition, at: clock.now) }
            report.timings.finish += PollTimings.since(t)
            switch disposition.kind {
            case .bounce: report.bounces += 1
            case .autoReply: report.autoReplies += 1
            case .command: report.commands += 1
            case .therapistReply: if disposition.therapistBatch != nil { report.therapistReplies += 1 }
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
