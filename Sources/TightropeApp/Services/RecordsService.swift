import Foundation
import TightropeStore

/// A therapist's record requests: export everything about a couple, or erase it.
package struct RecordsService {
    package let store: TightropeStore
    package let clock: any WallClock

    package init(store: TightropeStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Everything stored about a couple as JSON (sorted keys); audited.
    package func export(coupleID: String) throws(AppError) -> Data {
        guard let tables = try wrap({ () throws(StoreError) in try store.exportRows(coupleID: coupleID) }) else {
            throw .invalidInput("couple: not found")
        }
        let document: [String: Any] = [
            "format": "tightrope-export-1",
            "exported_at": ISO8601DateFormatter().string(from: clock.now),
            "couple_id": coupleID,
            "tables": tables,
        ]
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw .failure("export: could not encode the record")
        }
        try wrap { () throws(StoreError) in try store.audit("record exported", coupleID: coupleID, at: clock.now) }
        return data
    }

    /// Erases a couple and all their messages; only an audit entry that it happened remains.
    package func forget(coupleID: String) throws(AppError) {
        try wrap { () throws(StoreError) in try store.forget(coupleID: coupleID, at: clock.now) }
    }
}
