import Foundation
import Logging
import TightropeStore

/// A named lease in the database that keeps two runs of a job from overlapping (an
/// overlapping timer run, a second host). Taken over from a holder on this host as soon as
/// its process is gone, from another host once it expires.
package struct JobLease: Sendable {
    package let name: String
    package let duration: TimeInterval

    /// `send`, and whatever delivers the outbox (poll's confirmations, the digest).
    package static let send = JobLease(name: "send", duration: 30 * 60)
    package static let poll = JobLease(name: "poll", duration: 15 * 60)

    /// Runs `body` holding the lease; nil (logged) when another run holds it. `body` gets a
    /// function to call as work goes: it renews the lease every 200 calls, so a long run
    /// keeps it and a dead one loses it.
    package func holding<T>(store: TightropeStore, clock: any WallClock, logger: Logger?,
                            _ body: (@escaping @Sendable (Int) -> Void) throws(AppError) -> T) throws(AppError) -> T? {
        let holder = ProcessIdentity.current, name = self.name, duration = self.duration
        guard try wrap({ () throws(StoreError) in
            try store.acquireLease(name, holder: holder, now: clock.now, duration: duration, isStale: ProcessIdentity.isGone)
        }) else {
            logger?.info("\(name) skipped: another run holds the lease")
            return nil
        }
        defer { try? store.releaseLease(name, holder: holder) }
        return try body { done in
            if done % 200 == 0 {
                _ = try? store.acquireLease(name, holder: holder, now: clock.now, duration: duration, isStale: { _ in false })
            }
        }
    }
}
