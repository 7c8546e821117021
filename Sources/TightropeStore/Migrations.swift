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
        migrator.registerMigration("2026-11-27 inbound, check-ins, reviews") { db in
            try db.execute(sql: """
                -- Where the poller is in each mailbox: its UIDVALIDITY and the highest UID whose
                -- raw bytes are committed below.
                CREATE TABLE mailbox_state (
                    mailbox TEXT PRIMARY KEY NOT NULL,
                    uid_validity INTEGER NOT NULL,
                    last_uid INTEGER NOT NULL
                );

                -- Every fetched message, stored before anything is done with it. `dedupe_key` is its
                -- Message-ID (or a hash of its bytes when it has none): a message is stored once
                -- however often it is fetched. The row outlives the raw bytes (retention), so the
                -- key keeps de-duplicating.
                CREATE TABLE inbound (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    mailbox TEXT NOT NULL,
                    uid_validity INTEGER NOT NULL,
                    uid INTEGER NOT NULL,
                    dedupe_key TEXT NOT NULL UNIQUE,
                    received_at TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'stored' CHECK (state IN ('stored', 'processed')),
                    kind TEXT CHECK (kind IN ('reply', 'auto-reply', 'bounce', 'command', 'unknown')),
                    outcome TEXT,
                    couple_id TEXT REFERENCES couples(id) ON DELETE CASCADE,
                    partner_id INTEGER REFERENCES partners(id) ON DELETE CASCADE,
                    round_id INTEGER REFERENCES rounds(id) ON DELETE CASCADE,
                    processed_at TEXT,
                    raw_purged_at TEXT
                );
                CREATE INDEX inbound_state ON inbound(state, id);
                CREATE INDEX inbound_mailbox_uid ON inbound(mailbox, uid_validity, uid);

                CREATE TABLE inbound_raw (
                    inbound_id INTEGER PRIMARY KEY REFERENCES inbound(id) ON DELETE CASCADE,
                    bytes BLOB NOT NULL
                );

                -- A partner's answers for a round. A later reply supersedes an earlier one; both are kept.
                CREATE TABLE checkins (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    inbound_id INTEGER NOT NULL UNIQUE REFERENCES inbound(id) ON DELETE CASCADE,
                    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
                    partner_id INTEGER NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
                    scales_json TEXT NOT NULL,
                    reflection TEXT,
                    reply_text TEXT NOT NULL,
                    confidence REAL NOT NULL,
                    safety_json TEXT NOT NULL DEFAULT '[]',
                    superseded_by INTEGER REFERENCES checkins(id) ON DELETE SET NULL,
                    -- Set when the therapist rejected the reading on review: kept, never counted.
                    rejected_at TEXT,
                    received_at TEXT NOT NULL
                );
                CREATE INDEX checkins_round_partner ON checkins(round_id, partner_id);

                -- What a person must look at: quarantined messages and low-confidence check-ins.
                CREATE TABLE reviews (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    inbound_id INTEGER NOT NULL UNIQUE REFERENCES inbound(id) ON DELETE CASCADE,
                    reason TEXT NOT NULL,
                    couple_id TEXT REFERENCES couples(id) ON DELETE CASCADE,
                    checkin_id INTEGER REFERENCES checkins(id) ON DELETE CASCADE,
                    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
                    created_at TEXT NOT NULL,
                    resolved_at TEXT
                );
                CREATE INDEX reviews_state ON reviews(state, id);

                -- Messages an inbound message causes (a confirmation, a safety alert): at most one of each kind.
                ALTER TABLE outbox ADD COLUMN inbound_id INTEGER REFERENCES inbound(id) ON DELETE CASCADE;
                CREATE UNIQUE INDEX outbox_one_reply ON outbox(inbound_id, kind) WHERE inbound_id IS NOT NULL;

                -- One digest per therapist and week (the outbox row carries the message).
                CREATE TABLE digests (
                    therapist_id TEXT NOT NULL,
                    week TEXT NOT NULL,
                    outbox_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (therapist_id, week)
                );

                -- Hard bounces of a partner's address; after repeated ones it is marked failing.
                ALTER TABLE partners ADD COLUMN hard_bounces INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE partners ADD COLUMN address_failing_at TEXT;
                """)
        }
        migrator.registerMigration("2026-12-04 outbox interrupted sends") { db in
            // Deliveries repeated because a run died between claiming a message and recording
            // its outcome: each one a possible duplicate (same Message-ID).
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN interrupted_sends INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("2026-12-05 safety flags of every inbound message") { db in
            // What the safety screen found in a message that is not a check-in (quarantined, from an
            // unknown sender, an auto-reply, a bounce with a human note): the digest lists these too.
            try db.execute(sql: "ALTER TABLE inbound ADD COLUMN safety_json TEXT")
        }
        migrator.registerMigration("2026-12-05 reading attempts") { db in
            // How many times reading a stored message was started: a message that stops the reader
            // (an abort, an error) is tried a few times, then put in review unread (the poison policy).
            try db.execute(sql: "ALTER TABLE inbound ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("2026-12-05 erasure: where messages are, what digests hold") { db in
            try db.execute(sql: """
                -- The couple a valid reply token named when the message was not attributed (its sender
                -- is not that partner): never shown or exported under that couple, but erased with it,
                -- since a reply to their check-in quotes it.
                ALTER TABLE inbound ADD COLUMN token_couple_id TEXT;
                -- Where the message went on the server after it was read: the processed folder, its
                -- UIDVALIDITY and the message's UID there (from the server's COPYUID answer).
                ALTER TABLE inbound ADD COLUMN folder TEXT;
                ALTER TABLE inbound ADD COLUMN folder_uid_validity INTEGER;
                ALTER TABLE inbound ADD COLUMN folder_uid INTEGER;

                -- Messages to delete on the mail server after an erasure (forget or retention), until
                -- the server confirms they are gone. No couple, no contents: where the message is, and
                -- its Message-ID (or content hash) to find it when no UID was recorded.
                CREATE TABLE server_erasures (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    mailbox TEXT NOT NULL,
                    folder TEXT,
                    uid_validity INTEGER,
                    uid INTEGER,
                    dedupe_key TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT
                );

                -- The couples a digest (or any message about several couples) speaks of: erasing one
                -- of them drops the unsent message and removes the stored copy of a sent one.
                CREATE TABLE outbox_couples (
                    outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
                    couple_id TEXT NOT NULL,
                    PRIMARY KEY (outbox_id, couple_id)
                );
                CREATE INDEX outbox_couples_couple ON outbox_couples(couple_id);

                -- Digests written before this: every couple of the therapist may be in them.
                INSERT OR IGNORE INTO outbox_couples (outbox_id, couple_id)
                    SELECT digests.outbox_id, couples.id FROM digests JOIN couples ON couples.therapist_id = digests.therapist_id
                    WHERE digests.outbox_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("2026-12-05 erasure: tombstones and a pending scrub") { db in
            try db.execute(sql: """
                -- The Message-IDs of mail sent to an erased couple (our own random ids, no personal
                -- data): a delivery report about one of them arriving later is deleted on arrival.
                CREATE TABLE erased_message_ids (message_id TEXT PRIMARY KEY NOT NULL);
                -- Work the store still owes (a scrub a busy reader kept from finishing): done by the next poll.
                CREATE TABLE store_flags (name TEXT PRIMARY KEY NOT NULL, since TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("2026-12-05 inbound by round and partner") { db in
            // Whether a partner answered a round is asked for every partner a reminder may be
            // due to, every hour: without this index each question read the whole inbound table.
            try db.execute(sql: "CREATE INDEX inbound_round_partner ON inbound(round_id, partner_id)")
        }
        migrator.registerMigration("2026-12-05 partners' preferred names") { db in
            // The name a partner is greeted by when it is not the first word of their name.
            try db.execute(sql: "ALTER TABLE partners ADD COLUMN preferred_name TEXT")
        }
        migrator.registerMigration("2026-12-06 the therapist's replies to the digest") { db in
            // A therapist's reply to the digest is a kind of inbound message of its own. SQLite cannot
            // change a CHECK constraint: the table is rebuilt as SQLite's documentation describes (the
            // migrator runs with foreign keys off and checks them after), keeping its rows, indexes and
            // the AUTOINCREMENT high-water mark (ids of erased messages are never used again).
            let table = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'inbound'") ?? ""
            let widened = table.replacingOccurrences(of: "'command', 'unknown')", with: "'command', 'unknown', 'therapist-reply')")
            guard widened != table, widened.hasPrefix("CREATE TABLE inbound (") else {
                throw StoreError.conflict("the inbound table is not as the migrations made it")
            }
            let indexes = try String.fetchAll(db, sql: """
                SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'inbound' AND sql IS NOT NULL
                """)
            let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'inbound'")
            try db.execute(sql: "CREATE TABLE inbound_widened (" + widened.dropFirst("CREATE TABLE inbound (".count))
            try db.execute(sql: "INSERT INTO inbound_widened SELECT * FROM inbound")
            try db.execute(sql: "DROP TABLE inbound")
            try db.execute(sql: "ALTER TABLE inbound_widened RENAME TO inbound")
            for index in indexes { try db.execute(sql: index) }
            if let sequence {
                try db.execute(sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'inbound'", arguments: [sequence])
                if db.changesCount == 0 {
                    try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('inbound', ?)", arguments: [sequence])
                }
            }
            try db.execute(sql: """
                -- A pause with an end (the couple is active again from then) and the theme chosen for
                -- the next round, both set by the therapist.
                ALTER TABLE couples ADD COLUMN paused_until TEXT;
                ALTER TABLE couples ADD COLUMN next_theme TEXT;

                -- The answers to a round's monthly measure (the CSI-4): a JSON array, one value per item.
                ALTER TABLE checkins ADD COLUMN measure_json TEXT;

                -- Alerts the therapist acknowledged (by the alert's message: A<inbound id> in the digest).
                CREATE TABLE alert_acks (
                    inbound_id INTEGER PRIMARY KEY NOT NULL REFERENCES inbound(id) ON DELETE CASCADE,
                    therapist_id TEXT NOT NULL,
                    seen_at TEXT NOT NULL
                );

                -- The one reminder sent for an alert not marked seen in time.
                CREATE TABLE alert_reminders (
                    inbound_id INTEGER PRIMARY KEY NOT NULL REFERENCES inbound(id) ON DELETE CASCADE,
                    sent_at TEXT NOT NULL
                );

                -- The therapist's private notes about a couple, shown in their next digest.
                CREATE TABLE therapist_notes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
                    therapist_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX therapist_notes_couple ON therapist_notes(couple_id);

                -- What one reply to the digest applied, and how to take it back (`undo`).
                CREATE TABLE therapist_batches (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    therapist_id TEXT NOT NULL,
                    inbound_id INTEGER REFERENCES inbound(id) ON DELETE SET NULL,
                    applied_at TEXT NOT NULL,
                    -- A digest of the reply (therapist, Date, new text): a copy sent again is never applied.
                    reply_key TEXT,
                    undoes INTEGER,
                    undone_at TEXT
                );
                CREATE INDEX therapist_batches_key ON therapist_batches(therapist_id, reply_key);
                CREATE TABLE therapist_undo (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    batch_id INTEGER NOT NULL REFERENCES therapist_batches(id) ON DELETE CASCADE,
                    couple_id TEXT REFERENCES couples(id) ON DELETE CASCADE,
                    step_json TEXT NOT NULL
                );
                CREATE INDEX therapist_undo_batch ON therapist_undo(batch_id);

                -- The couples a message that is no one partner's speaks of (a therapist's reply quotes
                -- the digest): it is erased with any of them.
                CREATE TABLE inbound_couples (
                    inbound_id INTEGER NOT NULL REFERENCES inbound(id) ON DELETE CASCADE,
                    couple_id TEXT NOT NULL,
                    PRIMARY KEY (inbound_id, couple_id)
                );
                CREATE INDEX inbound_couples_couple ON inbound_couples(couple_id);
                """)
        }
        migrator.registerMigration("2026-12-06 partners' languages") { db in
            // The language each partner reads and writes in (BCP 47); English for partners added before.
            try db.execute(sql: "ALTER TABLE partners ADD COLUMN language TEXT NOT NULL DEFAULT 'en'")
        }
        return migrator
    }
}
