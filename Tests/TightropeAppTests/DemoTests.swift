import Foundation
import Logging
import Testing
import TightropeTesting
@testable import TightropeApp

@Suite struct DemoTests {
    @Test func demoLeavesCleanRoundsPerPartnerInTheMaildirAndTheTherapistsReplyTakesEffect() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-demo-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let capture = LogCapture()
        let result = try Demo.run(directory: dir, start: fixedDate("2026-11-25T12:00:00Z"), logger: capture.logger())
        // Week 5 follows the therapist's reply to the digest: okoye-lin paused, no round for them.
        #expect(result.weeks.map(\.roundsOpened) == [4, 4, 4, 4, 3])
        #expect(result.therapistReply.contains("pause okoye-lin 2 weeks"))

        let files = try FileManager.default.contentsOfDirectory(at: result.maildir.appendingPathComponent("new"),
                                                                includingPropertiesForKeys: nil)
        let partners = Demo.couples(consentAt: Date()).flatMap(\.partners)
        let readings = try PythonMailCheck.read(files)
        #expect(readings.count == files.count)
        for reading in readings { #expect(reading.defects == [], "\(reading.file)") }
        #expect(Set(readings.compactMap(\.message_id)).count == readings.count, "no Message-ID twice")
        // A check-in a week per partner, none twice; except Kenji, who replied STOP in week 3.
        let checkIns = readings.filter {
            !($0.subject ?? "").hasPrefix("Re: ") && !($0.subject ?? "").hasPrefix("Check-in digest") && !($0.subject ?? "").hasPrefix("Your reply")
        }
        // Wei fell silent in weeks 3 and 4: one reminder each week, in the check-in's thread.
        let reminders = readings.filter { ($0.subject ?? "").hasPrefix("Re: ") && $0.auto_submitted == "auto-generated" }
        #expect(reminders.map { $0.to?.first ?? "" } == ["wei.lin@mail.example", "wei.lin@mail.example"])
        #expect(result.weeks.map(\.reminders) == [0, 0, 1, 1, 0])
        let perRecipient = Dictionary(grouping: checkIns, by: { $0.to?.first ?? "" })
        for partner in partners {
            let expected = partner.email == "kenji@mail.example" ? 3 : ["ada@mail.example", "wei.lin@mail.example"].contains(partner.email) ? 4 : 5
            #expect(perRecipient[partner.email]?.count == expected, "\(partner.email)")
        }
        // Every reply was read: a confirmation for each, in its thread.
        let polls = result.polls
        #expect(polls.map(\.fetched) == [8, 8, 7, 6, 6])
        #expect(polls.map(\.commands) == [0, 0, 1, 0, 0])
        #expect(polls.map(\.therapistReplies) == [0, 0, 0, 0, 1])
        #expect(polls.allSatisfy { $0.errors == 0 && $0.toReview == 0 && $0.quarantined == 0 })
        // Each message read has its confirmation (the therapist's reply too); two digests.
        #expect(readings.count - checkIns.count - reminders.count - 2 == polls.map(\.fetched).reduce(0, +))
        #expect(try Demo.checkInLines(databasePath: result.databasePath).count == 33)
        let echo = try #require(readings.first { ($0.subject ?? "").hasPrefix("Your reply to the digest") })
        #expect(echo.to == ["robin@harbourlane.example"])
        // The therapist's digest: mailed once, and kept as a page with the silent partner and the drifting couple.
        let digests = readings.filter { ($0.subject ?? "").hasPrefix("Check-in digest") }
        #expect(digests.count == 2)
        let page = try String(contentsOf: result.digest, encoding: .utf8)
        #expect(page.contains("Couple ashford"))
        #expect(page.contains("connection apart two weeks running"), "the therapist's note")
        #expect(page.contains("paused until"), "the couple the therapist paused")
        // Each partner in their own language: Zoë in German, 花子 in Japanese, José in English; their
        // replies (number words too) read, and their reflections quoted as written with the language named.
        let zoe = readings.filter { $0.to?.first == "zoe@mail.example" && !($0.subject ?? "").hasPrefix("Re: ") }
        #expect(!zoe.isEmpty && zoe.allSatisfy { ($0.subject ?? "").hasPrefix("Ihr wöchentlicher") || ($0.subject ?? "").contains("Check-in") })
        let lines = try Demo.checkInLines(databasePath: result.databasePath)
        #expect(lines.filter { $0.hasPrefix("nunez-angstrom/a") }.count == 5 && lines.filter { $0.hasPrefix("sato/a") }.count == 5)
        // The German seed writes the connection as a word ("vier"): read as the plan wrote it, week by week.
        let zoeRead = lines.filter { $0.hasPrefix("nunez-angstrom/a") }.map { $0.components(separatedBy: ": ")[1].components(separatedBy: ", confidence")[0] }
        #expect(zoeRead == ["connection 3, room 3", "connection 4, room 3", "connection 4, room 4", "connection 5, room 4", "connection 5, room 4"])
        #expect(page.contains("Zoë (in German)") || page.contains("花子 (in Japanese)") || page.contains("Hanako"), "reflections named by language")
        #expect(page.contains("A partner has not replied two weeks running."))
        // Non-ASCII names survive the round trip.
        #expect(readings.contains { $0.to_name == ["José Núñez-Łukasik"] })
        #expect(readings.contains { $0.to_name == ["佐藤 花子"] })

        // The database and the messages are private.
        let mode = try FileManager.default.attributesOfItem(atPath: result.databasePath)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        for file in files.prefix(3) {
            #expect((try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
        // No names or addresses in the demo's logs.
        for partner in partners {
            #expect(!capture.text.contains(partner.email))
            #expect(!capture.text.contains(partner.name))
        }
    }

    @Test func demoRefusesToReuseADirectoryWithData() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-demo-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Demo.run(directory: dir, start: fixedDate("2026-11-25T12:00:00Z"), logger: Logger(label: "t"))
        #expect(throws: AppError.self) { try Demo.run(directory: dir, start: fixedDate("2026-11-25T12:00:00Z"), logger: Logger(label: "t")) }
    }
}
