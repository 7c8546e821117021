import GRDB

/// Why a store operation failed. Carries table and column names, never values.
package enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case duplicate(String)
    case notFound(String)
    case conflict(String)
    /// Another process holds the database (SQLite busy or locked past the wait): try again.
    case busy
    /// The disk (or the database's size limit) is full.
    case noSpace
    case database(String)

    package var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "database \(path): cannot open (\(reason))"
        case .duplicate(let what): "\(what) already exists"
        case .notFound(let what): "\(what) not found"
        case .conflict(let what): what
        case .busy: "the database is busy (another tightrope process holds it); will retry"
        case .noSpace: "no space left for the database: free disk space; nothing was lost, will retry"
        case .database(let reason): "database error: \(reason)"
        }
    }

    /// Maps a GRDB error to a store error. GRDB's description leaves statement arguments
    /// out, so no personal data is carried along.
    static func wrap(_ error: any Error) -> StoreError {
        if let own = error as? StoreError { return own }
        guard let db = error as? DatabaseError else { return .database(String(describing: type(of: error))) }
        if db.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || db.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            let message = db.message ?? ""
            if message.contains("partners.email") { return .duplicate("a partner with this email address") }
            if message.contains("couples.id") { return .duplicate("a couple with this id") }
            if message.contains("rounds.") { return .duplicate("a round for this week") }
            if message.contains("outbox.") { return .duplicate("an outbox message") }
            return .duplicate("a record")
        }
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy
        case .SQLITE_FULL: return .noSpace
        default: return .database("SQLite \(db.resultCode.rawValue): \(db.message ?? "unknown")")
        }
    }
}
