import Foundation
import TightropeTransport

/// Outbox ids waiting for a connection, each handed out once. Producers append; consumers
/// block in `take` until an id is there or the queue is closed and drained (or stopped).
final class DeliveryQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var ids: [Int64] = []
    private var seen: Set<Int64> = []
    private var next = 0
    private var closed = false
    private var stopped = false

    /// How many ids were queued in all (for progress).
    var total: Int {
        condition.lock()
        defer { condition.unlock() }
        return ids.count
    }

    func append(_ more: [Int64]) {
        condition.lock()
        for id in more where seen.insert(id).inserted { ids.append(id) }
        condition.broadcast()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next id, or nil when closed and drained.
    func take() -> Int64? {
        condition.lock()
        defer { condition.unlock() }
        while next >= ids.count && !closed && !stopped { condition.wait() }
        guard !stopped, next < ids.count else { return nil }
        next += 1
        return ids[next - 1]
    }

    /// Hands out nothing more (a connection failed).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Ids queued but never handed out (after a stop, or appended after it).
    var untaken: Int {
        condition.lock()
        defer { condition.unlock() }
        return ids.count - next
    }
}

/// Outcomes counted across connections.
final class DeliveryTally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts = SendReport()
    private var done = 0
    private var configuration: AppError?
    private var otherFailure: AppError?
    private let progress: ((Int, Int) -> Void)?

    init(progress: ((Int, Int) -> Void)?) { self.progress = progress }

    private var temporaryStop = false
    private var resent = 0

    /// The counts; after a temporary stop, what was never handed out counts as deferred too.
    func report(untaken: Int) -> SendReport {
        lock.withLock {
            var r = counts
            if temporaryStop { r.deferred += untaken }
            r.resentAfterInterruption = resent
            return r
        }
    }
    var configurationError: AppError? { lock.withLock { configuration } }
    var failure: AppError? { lock.withLock { otherFailure } }

    /// Counts an outcome; progress is reported under the lock, so its callback never runs twice at once.
    func count(_ outcome: DeliveryOutcome, total: Int) {
        lock.withLock {
            switch outcome {
            case .sent: counts.sent += 1
            case .deferred: counts.deferred += 1
            case .failed: counts.failed += 1
            }
            done += 1
            progress?(done, total)
        }
    }

    /// A transport error stopped a connection: temporary ones defer what is left (the next run
    /// retries), others are configuration errors (TLS, login).
    func stopped(putBack: Int, error: TransportError) {
        lock.withLock {
            if error.isTemporary {
                counts.deferred += putBack
                temporaryStop = true
            } else if configuration == nil {
                configuration = .transport(error)
            }
        }
    }

    /// Counts a message re-sent after an interrupted run (a possible duplicate).
    func resentAfterInterruption() {
        lock.withLock { resent += 1 }
    }

    func failed(_ error: AppError) {
        lock.withLock { if otherFailure == nil { otherFailure = error } }
    }
}
