import Foundation

/// The current time. Jobs never read the system clock themselves, so tests can fix it.
package protocol WallClock: Sendable {
    var now: Date { get }
}

/// The system clock.
package struct SystemClock: WallClock {
    package init() {}
    package var now: Date { Date() }
}

/// A clock that always reads the same instant.
package struct FixedTime: WallClock {
    package var now: Date
    package init(now: Date) { self.now = now }
}
