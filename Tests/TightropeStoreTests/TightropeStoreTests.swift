import Foundation
import GRDB
import Testing
import TightropeTesting
@testable import TightropeCore
@testable import TightropeStore

@Suite struct TightropeStoreTests {
    static let questions = RoundQuestions(theme: .boundaries, themeTitle: "Boundaries", scales: [],
                                          prompt: Prompt(id: "bd-1", theme: .boundaries, text: "A prompt."))

    static func couple(_ id: String, _ a: String, _ b: String) -> Couple {
        Couple(id: id, therapistID: "robin",
               schedule: WeeklySchedule(timeZoneID: "Europe/Berlin", sendDay: .sunday, sendTime: LocalTime("18:00")!, reminderDay: .wednesday),
               partners: [Partner(label: .a, name: "Zoë Ångström", email: a), Partner(label: .b, name: "José", email: b)])
    }

    static func tempPath() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-store-\(UUID().uuidString)")
        return dir.appendingPathComponent("db/tightrope.sqlite").path
    }

    @Test func fileDatabaseIsWALAndPrivate() throws {
        let path = try Self.tempPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path) }
        let store = try TightropeStore(path: path)
        try store.addCouple(Self.couple("c1", "a@example.com", "b@example.com"), at: fixedDate("2026-11-27T10:00:00Z"))
        #expect(try store.journalMode() == "wal")
        #expect(try store.integrityCheck())
        for suffix in ["", "-wal", "-shm"] {
            let attrs = try FileManager.default.attributesOfItem(atPath: path + suffix)
            #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600, "mode of \(suffix.isEmpty ? "db" : suffix)")
        }
        let dirAttrs = try FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        #expect((dirAttrs[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }

    @Test func couplesRoundTripWithConsent() throws {
        let store = try TightropeStore()
        var c = Self.couple("c1", "a@example.com", "b@example.com")
        c.sharing = true
        c.partners[0].consent = Consent(recordedAt: fixedDate("2026-11-01T12:00:00Z"), method: "signed form")
        try store.addCouple(c, at: fixedDate("2026-11-27T10:00:00Z"))
        let read = try #require(try store.couple(id: "c1"))
        #expect(read.sharing)
        #expect(read.partners.map(\.name) == ["Zoë Ångström", "José"])
        #expect(read.partners[0].consent == c.partners[0].consent)
        #expect(read.partners[1].consent == nil)
        #expect(read.partners.allSatisfy { $0.id != nil })
    }

    @Test func duplicateAddressWritesNothing() throws {
        let store = try TightropeStore()
        try store.addCouple(Self.couple("c1", "a@example.com", "b@example.com"), at: Date())
        #expect(throws: StoreError.duplicate("a partner with this email address")) {
            try store.addCouples([Self.couple("c2", "x@example.com", "y@example.com"),
                                  Self.couple("c3", "z@example.com", "A@EXAMPLE.COM")], at: Date())
        }
        #expect(try store.couples().map(\.id) == ["c1"])
    }

    @Test func aWeekHasOneRoundOnly() throws {
        let store = try TightropeStore()
        try store.addCouple(Self.couple("c1", "a@example.com", "b@example.com"), at: Date())
        let week = ISOWeek(year: 2026, week: 48)
        let first = try store.openRound(coupleID: "c1", week: week, theme: .boundaries, promptID: "bd-1", questions: Self.questions,
                                        at: Date()) { _ in [] }
        let second = try store.openRound(coupleID: "c1", week: week, theme: .rituals, promptID: "rt-1", questions: Self.questions,
                                         at: Date()) { _ in [] }
        #expect(first != nil)
        #expect(second == nil)
        #expect(try store.rounds(coupleID: "c1").map(\.theme) == [.boundaries])
    }

    @Test func checkInAnswersAndFlagsAreTypedValuesStoredAsJSON() throws {
        let store = try TightropeStore()
        try store.addCouple(Self.couple("c1", "a@example.com", "b@example.com"), at: Date())
        let round = try #require(try store.openRound(coupleID: "c1", week: ISOWeek(year: 2026, week: 48), theme: .boundaries,
                                                     promptID: "bd-1", questions: Self.questions, at: Date()) { _ in [] })
        let partner = try #require(try store.partnerID(email: "a@example.com"))
        let inbound = try #require(try store.storeInbound(mailbox: "INBOX", uidValidity: 1, uid: 1, dedupeKey: "k1", bytes: [65],
                                                          at: Date()))
        var d = InboundDisposition(kind: .reply, outcome: .checkIn(safetyFlags: true))
        d.checkIn = CheckInDraft(roundID: round.id, partnerID: partner, scales: [.connection: 4, .room: 3], reflection: "r",
                                 replyText: "t", confidence: 0.9, safetyFlags: [SafetyFlag(category: "c", pattern: "p")])
        let id = try #require(try store.finishInbound(id: inbound, d, at: Date()))
        let c = try #require(try store.checkIn(id: id))
        #expect(c.scales == [.connection: 4, .room: 3])
        #expect(c.safetyFlags == [SafetyFlag(category: "c", pattern: "p")])
        // The columns keep the text format earlier versions wrote (and read): a JSON object by scale id.
        let columns = try store.read { db in
            try Row.fetchOne(db, sql: "SELECT scales_json, safety_json FROM checkins WHERE id = ?", arguments: [id])
        }
        #expect(columns?["scales_json"] == "{\"connection\":4,\"room\":3}")
        #expect(columns?["safety_json"] == "[{\"category\":\"c\",\"pattern\":\"p\"}]")
    }

    @Test func aFailingRenderLeavesNoRound() throws {
        struct Boom: Error {}
        let store = try TightropeStore()
        try store.addCouple(Self.couple("c1", "a@example.com", "b@example.com"), at: Date())
        #expect(throws: (any Error).self) {
            try store.openRound(coupleID: "c1", week: ISOWeek(year: 2026, week: 48), theme: .boundaries, promptID: "bd-1",
                                questions: Self.questions, at: Date()) { _ in throw Boom() }
        }
        #expect(try store.rounds(coupleID: "c1").isEmpty)
    }

    @Test func outboxLifecycle() throws {
        let store = try TightropeStore()
        try store.addCouple(Self.couple("c1", "a@example.com", "b@example.com"), at: Date())
        let partnerID = try #require(try store.couple(id: "c1")?.partners[0].id)
        let now = fixedDate("2026-11-27T10:00:00Z")
        _ = try store.openRound(coupleID: "c1", week: ISOWeek(year: 2026, week: 48), theme: .boundaries, promptID: "bd-1",
                                questions: Self.questions, at: now) { _ in
            [OutboxDraft(kind: .checkin, partnerID: partnerID, messageID: "m1@x.example", envelopeFrom: "f@x.example",
                         envelopeTo: "a@example.com", bytes: Array("hello\r\n".utf8))]
        }
        let pending = try store.deliverableOutboxIDs(at: now)
        #expect(try pending.compactMap { try store.outboxEntry(id: $0)?.messageID } == ["m1@x.example"])
        #expect(try store.claimOutbox(pending[0], at: now)?.afterInterruption == false)
        // A row left "sending" (a crash) is deliverable again, with the same Message-ID, and its
        // next claim is counted as a possible duplicate.
        #expect(try store.deliverableOutboxIDs(at: now) == pending)
        #expect(try store.outboxEntry(id: pending[0])?.state == .sending)
        #expect(try store.claimOutbox(pending[0], at: now)?.afterInterruption == true)
        #expect(try store.interruptedSends() == 1)
        try store.recordDelivery(.init(id: pending[0], state: .deferred, error: "smtp 451", nextAttempt: now.addingTimeInterval(600)), at: now)
        #expect(try store.deliverableOutboxIDs(at: now).isEmpty)
        #expect(try store.deliverableOutboxIDs(at: now.addingTimeInterval(601)).count == 1)
        try store.recordDelivery(.init(id: pending[0], state: .sent), at: now)
        #expect(try store.deliverableOutboxIDs(at: now.addingTimeInterval(10_000)).isEmpty)
        #expect(try store.claimOutbox(pending[0], at: now) == nil, "a sent message is never claimed again")
        #expect(try store.outbox().first?.attempts == 2)
    }

    @Test func deletingACoupleRemovesEverything() throws {
        let store = try TightropeStore()
        try store.addCouple(Self.couple("c1", "a@example.com", "b@example.com"), at: Date())
        _ = try store.openRound(coupleID: "c1", week: ISOWeek(year: 2026, week: 48), theme: .boundaries, promptID: "bd-1",
                                questions: Self.questions, at: Date()) { _ in
            [OutboxDraft(kind: .checkin, partnerID: nil, messageID: "m1@x.example", envelopeFrom: "f@x.example",
                         envelopeTo: "a@example.com", bytes: [1])]
        }
        try store.deleteCouple(id: "c1")
        #expect(try store.couples().isEmpty)
        #expect(try store.outbox().isEmpty)
        #expect(throws: StoreError.notFound("couple")) { try store.deleteCouple(id: "c1") }
    }
}

@Suite struct StoreErrorMappingTests {
    @Test func aBusyOrFullDatabaseIsNamedSoItCanBeRetried() {
        #expect(StoreError.wrap(DatabaseError(resultCode: .SQLITE_BUSY)) == .busy)
        #expect(StoreError.wrap(DatabaseError(resultCode: .SQLITE_LOCKED)) == .busy)
        #expect(StoreError.wrap(DatabaseError(resultCode: .SQLITE_FULL)) == .noSpace)
        guard case .database = StoreError.wrap(DatabaseError(resultCode: .SQLITE_CORRUPT)) else { Issue.record("corruption is not retried"); return }
    }
}
