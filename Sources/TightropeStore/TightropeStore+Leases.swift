import Foundation
import GRDB

extension TightropeStore {
    /// Takes the named lease for `holder` until `now + duration`, if it is free, expired, or
    /// held by a holder `isStale` says is gone (a crashed process on this host). Returns
    /// whether it was taken. Atomic: two processes racing for it cannot both win.
    package func acquireLease(_ name: String, holder: String, now: Date, duration: TimeInterval,
                              isStale: (String) -> Bool) throws(StoreError) -> Bool {
        try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT holder, expires_at FROM leases WHERE name = ?", arguments: [name]) {
                let current: String = row["holder"]
                let expires: Date = row["expires_at"]
                guard current == holder || expires <= now || isStale(current) else { return false }
            }
            try db.execute(sql: """
                INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                """, arguments: [name, holder, now.addingTimeInterval(duration)])
            return true
        }
    }

    /// Gives the lease up, if `holder` still has it.
    package func releaseLease(_ name: String, holder: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND holder = ?", arguments: [name, holder])
        }
    }
}
