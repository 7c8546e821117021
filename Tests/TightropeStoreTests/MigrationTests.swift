import Foundation
import GRDB
import Testing
import TightropeTesting
@testable import TightropeCore
@testable import TightropeStore

/// Migrations on a database with data: the inbound table's rebuild (its CHECK widened for
/// therapists' replies) keeps every row, every reference to it, its indexes and the
/// AUTOINCREMENT high-water mark.
@Suite struct MigrationTests {
    @Test func wideningTheInboundKindsKeepsRowsReferencesIndexesAndIDs() throws {
        let path = try TightropeStoreTests.tempPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path) }
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator().migrate(queue, upTo: "2026-12-05 partners' preferred names")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO couples (id, therapist_id, time_zone, send_weekday, send_time, reminder_weekday, created_at)
                VALUES ('c1', 'robin', 'UTC', 1, '18:00', 3, '2026-12-01 00:00:00.000');
                INSERT INTO partners (couple_id, label, name, email) VALUES ('c1', 'a', 'A', 'a@example.com');
                INSERT INTO rounds (couple_id, week, theme, prompt_id, questions_json, opened_at)
                VALUES ('c1', '2026-W49', 'boundaries', 'bd-1', '{}', '2026-12-01 00:00:00.000');
                """)
            for i in 1...3 {
                try db.execute(sql: """
                    INSERT INTO inbound (mailbox, uid_validity, uid, dedupe_key, received_at, state, kind, couple_id, partner_id, round_id)
                    VALUES ('INBOX', 1, ?, ?, '2026-12-02 00:00:00.000', 'processed', 'reply', 'c1', 1, 1)
                    """, arguments: [i, "k\(i)"])
                try db.execute(sql: "INSERT INTO inbound_raw (inbound_id, bytes) VALUES (?, x'41')", arguments: [i])
            }
            try db.execute(sql: """
                INSERT INTO checkins (inbound_id, round_id, partner_id, scales_json, reply_text, confidence, safety_json, received_at)
                VALUES (1, 1, 1, '{}', 'x', 1, '[]', '2026-12-02 00:00:00.000')
                """)
            try db.execute(sql: "INSERT INTO reviews (inbound_id, reason, couple_id, created_at) VALUES (2, 'r', 'c1', '2026-12-02 00:00:00.000')")
            // The newest message was erased: its id must never be used again.
            try db.execute(sql: "DELETE FROM inbound WHERE id = 3")
        }
        try queue.close()

        let store = try TightropeStore(path: path)
        #expect(try store.integrityCheck())
        #expect(try store.inboundEntries().map(\.id) == [1, 2])
        #expect(try store.allCheckIns().map(\.inboundID) == [1])
        #expect(try store.reviews().map(\.inboundID) == [2])
        let id = try store.storeInbound(mailbox: "INBOX", uidValidity: 1, uid: 4, dedupeKey: "k4", bytes: [0x42], at: Date())
        #expect(id == 4, "the AUTOINCREMENT high-water mark is kept")
        let check = try DatabaseQueue(path: path)
        try check.read { db in
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'inbound' AND sql IS NOT NULL")
            #expect(Set(indexes) == ["inbound_state", "inbound_mailbox_uid", "inbound_round_partner"])
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // The references of other tables still name the table, and cascade.
            #expect(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'checkins'")?.contains("REFERENCES inbound(id)") == true)
        }
        try check.write { db in
            try db.execute(sql: "UPDATE inbound SET kind = 'therapist-reply' WHERE id = 2")
            try db.execute(sql: "DELETE FROM inbound WHERE id = 1")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM checkins") == 0, "a check-in goes with its message")
        }
    }
}
