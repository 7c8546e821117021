import GRDB
import TightropeCore

// The one place where a row becomes a value: each record type is a GRDB `FetchableRecord`.
// Check-ins are `Decodable` records (their JSON columns decoded by GRDB, `CheckInRow` the
// `PersistableRecord` that writes them); the others map their columns in `init(row:)` (enums
// by their raw values). A value the type does not know is an error, never a silently skipped row.

/// A column held a value the domain does not know (an unknown state or kind).
struct UnknownColumnValue: Error, CustomStringConvertible {
    var column: String
    var description: String { "unknown value in column \(column)" }
}

extension StoredCheckIn: FetchableRecord {}

extension InboundEntry: FetchableRecord {
    package init(row: Row) throws { self = TightropeStore.inboundEntry(from: row) }
}

extension ReviewItem: FetchableRecord {
    package init(row: Row) throws { self = TightropeStore.review(from: row) }
}

extension OutboxEntry: FetchableRecord {
    package init(row: Row) throws {
        guard let entry = TightropeStore.entry(from: row) else { throw UnknownColumnValue(column: "outbox.state or outbox.kind") }
        self = entry
    }
}

extension StoredRound: FetchableRecord {
    package init(row: Row) throws {
        guard let round = TightropeStore.round(from: row) else { throw UnknownColumnValue(column: "rounds.week or rounds.theme") }
        self = round
    }
}
