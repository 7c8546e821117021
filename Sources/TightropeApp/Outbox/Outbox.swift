import Foundation
import Logging
import TightropeStore
import TightropeTransport

/// The one way mail leaves the practice: every job (send, poll, digest) renders its messages
/// into the outbox table (`OutboxDraft`s, committed before any network I/O) and hands
/// delivery to this. Guarantees, per message: claimed (`sending`) in one commit before the
/// transfer, its outcome recorded in its own commit the moment the server has answered;
/// at least once, and twice only when a run dies between the final dot and that record
/// (the re-send carries the same Message-ID and is counted).
package struct Outbox: Sendable {
    package let store: TightropeStore
    package let clock: any WallClock
    package let logger: Logger

    package init(store: TightropeStore, clock: any WallClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Delivers every deliverable outbox row over one connection. A row is marked `sending`
    /// before the transfer and `sent` only after the server's final 250, so a crash re-sends
    /// the same Message-ID. A transport failure (TLS, login, server down) stops the batch: the
    /// current row goes back to the queue untouched and nothing is marked sent that was not.
    package func deliverAll(with sender: inout some MailSending, report: inout SendReport,
                               progress: ((Int, Int) -> Void)? = nil) throws(AppError) {
        // Ids first, each message's bytes only when it is sent: memory stays flat however large the round.
        let queue = DeliveryQueue()
        queue.append(try wrap { () throws(StoreError) in try store.deliverableOutboxIDs(at: clock.now) })
        queue.close()
        let tally = DeliveryTally(progress: progress.map { p in { done, total in p(done, total) } })
        try deliver(with: &sender, queue: queue, tally: tally)
        report.add(tally.report(untaken: queue.untaken))
        if let error = tally.configurationError { throw error }
    }

    /// One connection's loop: takes ids from `queue` until it is drained. Each message is
    /// claimed (`sending`) in one commit before the transfer, and its outcome recorded in its
    /// own commit the moment the server has answered, before the next is claimed: a crash can
    /// deliver a message twice only inside that one commit.
    func deliver(with sender: inout some MailSending, queue: DeliveryQueue, tally: DeliveryTally) throws(AppError) {
        while let id = queue.take() {
            guard let (entry, afterInterruption) = try wrap({ () throws(StoreError) in try store.claimOutbox(id, at: clock.now) })
            else { continue }
            if afterInterruption {
                logger.warning("re-sending a message an interrupted run may have delivered (same Message-ID)",
                               metadata: ["outbox.id": "\(entry.id)", "kind": "\(entry.kind)"])
                tally.resentAfterInterruption()
            }
            let outcome: DeliveryOutcome
            do {
                outcome = try sender.send(from: entry.envelopeFrom, to: entry.envelopeTo, bytes: entry.bytes)
            } catch {
                // Back to the queue, untouched: nothing about this message was refused.
                let back = TightropeStore.DeliveryRecord(id: entry.id, state: error.isTemporary ? .deferred : .queued,
                                                         error: error.isTemporary ? "connection" : nil)
                try wrap { () throws(StoreError) in try store.recordDelivery(back, at: clock.now) }
                queue.stop()
                logger.error("delivery stopped", metadata: ["outbox.id": "\(entry.id)", "error": "\(error.description)"])
                tally.stopped(putBack: 1, error: error)
                return
            }
            let record: TightropeStore.DeliveryRecord
            switch outcome {
            case .sent:
                record = .init(id: entry.id, state: .sent, dropBytes: entry.kind == .digest)
            case .deferred(let detail):
                let backoff = min(3600.0 * 6, 300.0 * pow(2.0, Double(max(0, entry.attempts - 1))))
                record = .init(id: entry.id, state: .deferred, error: detail, nextAttempt: clock.now.addingTimeInterval(backoff))
            case .failed(let detail):
                record = .init(id: entry.id, state: .failed, error: detail)
            }
            try wrap { () throws(StoreError) in try store.recordDelivery(record, at: clock.now) }
            logger.debug("outbox delivery", metadata: ["outbox.id": "\(entry.id)", "outcome": "\(outcome)"])
            tally.count(outcome, total: queue.total)
        }
    }

    /// Delivers what is waiting if no other run is delivering (poll's confirmations, digest's
    /// digests): under the `send` lease; when a send run holds it, that run (or the next)
    /// delivers them.
    package func deliverIfFree(with sender: inout some MailSending, report: inout SendReport) throws(AppError) {
        _ = try JobLease.send.holding(store: store, clock: clock, logger: nil) { _ throws(AppError) in
            try deliverAll(with: &sender, report: &report)
            return ()
        }
    }

    /// One connection's thread: its own sender, the shared queue, errors into the tally.
    func connectionLoop(makeSender: @Sendable () throws(TransportError) -> any MailSending, queue: DeliveryQueue,
                        tally: DeliveryTally) {
        let sender: any MailSending
        do {
            sender = try makeSender()
        } catch {
            queue.stop()
            tally.stopped(putBack: 0, error: error)
            return
        }
        do {
            try deliverOpened(sender, queue: queue, tally: tally)
        } catch {
            tally.failed(error)
            queue.stop()
        }
    }

    private func deliverOpened<T: MailSending>(_ sender: T, queue: DeliveryQueue, tally: DeliveryTally) throws(AppError) {
        var sender = sender
        try deliver(with: &sender, queue: queue, tally: tally)
    }
}
