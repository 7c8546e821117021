import Foundation
import Logging
import Testing
import TightropeTesting
@testable import TightropeApp

@Suite struct DemoTests {
    @Test func demoLeavesFourCleanRoundsPerPartnerInTheMaildir() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-demo-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let capture = LogCapture()
        let result = try Demo.run(directory: dir, start: fixedDate("2026-11-25T12:00:00Z"), logger: capture.logger())
        #expect(result.weeks.map(\.roundsOpened) == [4, 4, 4, 4])

        let files = try FileManager.default.contentsOfDirectory(at: result.maildir.appendingPathComponent("new"),
                                                                includingPropertiesForKeys: nil)
        let partners = Demo.couples(consentAt: Date()).flatMap(\.partners)
        #expect(files.count == partners.count * Demo.weeks)
        let readings = try PythonMailCheck.read(files)
        #expect(readings.count == files.count)
        for reading in readings { #expect(reading.defects == [], "\(reading.file)") }
        // Four per partner, none twice.
        let perRecipient = Dictionary(grouping: readings, by: { $0.to?.first ?? "" })
        for partner in partners { #expect(perRecipient[partner.email]?.count == Demo.weeks, "\(partner.label)") }
        #expect(Set(readings.compactMap(\.message_id)).count == readings.count)
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
