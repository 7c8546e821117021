import Foundation
import GRDB
import TightropeCore
#if canImport(Glibc)
import Glibc
#endif

/// A round as stored: the week, the theme and prompt chosen, and the questions as asked.
package struct StoredRound: Hashable, Sendable {
    package var id: Int64
    package var coupleID: String
    package var week: ISOWeek
    package var theme: Theme
    package var promptID: String
    /// The questions as they were asked; nil when the stored text cannot be read back.
    package var questions: RoundQuestions?
    package var openedAt: Date
}

/// A rendered message to be written to the outbox.
package struct OutboxDraft: Sendable {
    package var kind: OutboxKind
    package var partnerID: Int64?
    package var messageID: String
    package var envelopeFrom: String
    package var envelopeTo: String
    package var bytes: [UInt8]
    /// The inbound message this one answers (a confirmation), if any: at most one answer each.
    package var inboundID: Int64?

    package init(kind: OutboxKind, partnerID: Int64?, messageID: String, envelopeFrom: String, envelopeTo: String, bytes: [UInt8],
                 inboundID: Int64? = nil) {
        self.inboundID = inboundID
        self.kind = kind
        self.partnerID = partnerID
        self.messageID = messageID
        self.envelopeFrom = envelopeFrom
        self.envelopeTo = envelopeTo
        self.bytes = bytes
    }
}

/// An outbox row.
package struct OutboxEntry: Hashable, Sendable {
    package var id: Int64
    package var kind: OutboxKind
    package var roundID: Int64?
    package var partnerID: Int64?
    package var messageID: String
    package var envelopeFrom: String
    package var envelopeTo: String
    package var bytes: [UInt8]
    package var state: OutboxState
    package var attempts: Int
    package var lastError: String?
}

/// The practice's database: couples, partners, rounds and the outbox, in SQLite through GRDB.
///
/// On disk it is a WAL-mode database whose file and -wal/-shm companions are created 0600.
package final class TightropeStore: Sendable {
    let writer: any DatabaseWriter
    /// The file path, or nil for an in-memory store.
    package let path: String?

    /// Opens (creating if needed) the database at `path` and migrates it.
    package init(path: String) throws(StoreError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotOpen(path: path, reason: "cannot create its directory")
        }
        // Create the file 0600 before SQLite does: SQLite gives -wal and -shm the main file's mode.
        // Only when it does not exist yet: closing a descriptor of a database this process has
        // open would drop SQLite's POSIX locks on it, and another process could then write
        // under a reader's feet (a "database disk image is malformed" waiting to happen).
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno == ENOSPC || errno == EDQUOT {
            throw .noSpace
        } else if errno != EEXIST {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.busyMode = .timeout(10)
            // In WAL mode NORMAL keeps every commit across a crash of the process (kill -9);
            // only a power loss may undo the last commits. It spares an fsync per commit,
            // and the outbox commits twice per message.
            // secure_delete: erased rows are overwritten, not left in free pages.
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON") }
            let pool = try DatabasePool(path: path, configuration: config)
            try Migrations.migrator().migrate(pool)
            writer = pool
        } catch {
            // Busy (another process is migrating or holds a lock) and a full disk are temporary: 75, not 78.
            let wrapped = StoreError.wrap(error)
            if wrapped == .busy || wrapped == .noSpace { throw wrapped }
            throw .cannotOpen(path: path, reason: wrapped.description)
        }
        self.path = path
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            chmod(path + suffix, 0o600)
        }
    }

    /// An in-memory store for tests and dry runs.
    package init() throws(StoreError) {
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            let queue = try DatabaseQueue(configuration: config)
            try Migrations.migrator().migrate(queue)
            writer = queue
        } catch {
            throw StoreError.wrap(error)
        }
        path = nil
    }

    /// Runs a read, mapping errors to `StoreError`.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.read(body) } catch { throw StoreError.wrap(error) }
    }

    /// Runs a write in one transaction, mapping errors to `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.write(body) } catch { throw StoreError.wrap(error) }
    }

    /// Runs a write in one transaction that is on disk when this returns, power loss included
    /// (`synchronous = FULL` for this commit: one fsync of the WAL). For a commit that an
    /// irreversible step elsewhere relies on, such as moving messages out of the server's inbox.
    func writeDurably<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.busy }
                return result
            }
        } catch { throw StoreError.wrap(error) }
    }

    /// Runs `PRAGMA integrity_check`; true when SQLite reports "ok".
    package func integrityCheck() throws(StoreError) -> Bool {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" }
    }

    /// The SQLite journal mode (`wal` for a file database).
    package func journalMode() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
