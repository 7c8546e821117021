import GRDB

/// The schema, as string-named migrations. A shipped migration is never edited: change
/// the schema by appending a new one.
enum Migrations {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-27 couples, partners, rounds, outbox") { db in
            try db.execute(sql: """
                CREATE TABLE couples (
                    id TEXT PRIMARY KEY NOT NULL,
                    therapist_id TEXT NOT NULL,
                    time_zone TEXT NOT NULL,
                    send_weekday INTEGER NOT NULL CHECK (send_weekday BETWEEN 1 AND 7),
                    send_time TEXT NOT NULL,
                    reminder_weekday INTEGER NOT NULL CHECK (reminder_weekday BETWEEN 1 AND 7),
                    sharing INTEGER NOT NULL DEFAULT 0 CHECK (sharing IN (0, 1)),
                    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
                    created_at TEXT NOT NULL
                );

                CREATE TABLE partners (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
                    label TEXT NOT NULL CHECK (label IN ('a', 'b')),
                    name TEXT NOT NULL,
                    email TEXT NOT NULL COLLATE NOCASE UNIQUE,
                    consent_at TEXT,
                    consent_method TEXT,
                    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'stopped')),
                    paused_until TEXT,
                    UNIQUE (couple_id, label)
                );

                -- One round per couple and ISO week; the questions asked are kept as they
                -- were worded, so editing the bank never rewrites history.
                CREATE TABLE rounds (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
                    week TEXT NOT NULL,
                    theme TEXT NOT NULL,
                    prompt_id TEXT NOT NULL,
                    questions_json TEXT NOT NULL,
                    opened_at TEXT NOT NULL,
                    UNIQUE (couple_id, week)
                );

                -- Rendered messages, written before any network I/O (see DESIGN.md, delivery).
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    round_id INTEGER REFERENCES rounds(id) ON DELETE CASCADE,
                    partner_id INTEGER REFERENCES partners(id) ON DELETE CASCADE,
                    message_id TEXT NOT NULL UNIQUE,
                    envelope_from TEXT NOT NULL,
                    envelope_to TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'sending', 'sent', 'deferred', 'failed', 'bounced')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    next_attempt_at TEXT,
                    created_at TEXT NOT NULL,
                    sent_at TEXT,
                    UNIQUE (kind, round_id, partner_id)
                );
                CREATE INDEX outbox_pending ON outbox(state, next_attempt_at);

                -- The rendered bytes apart from the row whose state changes with every attempt,
                -- so a state update never rewrites the message.
                CREATE TABLE outbox_bodies (
                    outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
                    bytes BLOB NOT NULL
                );
                """)
        }
        migrator.registerMigration("2026-11-27 leases") { db in
            // One holder at a time per job name (`send`): overlapping timer runs or a second
            // host do nothing harmful. The holder names host, pid and process start time.
            try db.execute(sql: """
                CREATE TABLE leases (
                    name TEXT PRIMARY KEY NOT NULL,
                    holder TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("2026-11-27 audit log") { db in
            // What happened, when, to which couple (by its code): never names, addresses or contents.
            try db.execute(sql: """
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    action TEXT NOT NULL,
                    couple_id TEXT,
                    detail TEXT
                );
                """)
        }
        return migrator
    }
}
