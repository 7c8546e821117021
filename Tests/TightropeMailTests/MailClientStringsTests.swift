import Foundation
import Testing
import TightropeTesting
@testable import TightropeMail

/// The reply headers mail clients write (`seeds/mail-clients/reply-headers.jsonl`, from their own
/// locale files), filled in as a client fills them and put above a quoted original: the reply
/// extractor keeps the partner's words and nothing of the header, in every language the practice's
/// partners write in.
@Suite struct MailClientStringsTests {
    struct Row: Decodable {
        var client: String
        var locale: String
        var template: String
        var current: Bool?
    }

    static let languages: Set<String> = ["en", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "da", "cs", "tr", "ru", "uk", "ja", "zh"]

    static func rows() throws -> [Row] {
        let url = CLISandbox.repository.appendingPathComponent("seeds/mail-clients/reply-headers.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { try JSONDecoder().decode(Row.self, from: Data($0.utf8)) }
            .filter { $0.current != false && languages.contains(String($0.locale.prefix { $0.isLetter }.lowercased())) }
    }

    /// A template filled in as the client would: a date, a time, the sender's name and address.
    static func fill(_ template: String) -> String {
        var s = template
        for (placeholder, value) in [("{sender}", "Harbour Lane <checkins@harbourlane.example>"), ("{email}", "checkins@harbourlane.example"),
                                     ("{date}", "05.12.2026"), ("{time}", "18:00"), ("{year}", "2026"), ("{month}", "12"), ("{day}", "05"),
                                     ("{hour}", "18"), ("{minute}", "00"), ("{timezone}", "+0100"), ("{weekday_abbr}", "Sat"),
                                     ("{weekday}", "Saturday"), ("{month_name}", "December"), ("{subject}", "Your weekly check-in")] {
            s = s.replacingOccurrences(of: placeholder, with: value)
        }
        return s
    }

    @Test func theSeedsHoldEveryLanguageOfThePartners() throws {
        let found = Set(try Self.rows().map { String($0.locale.prefix { $0.isLetter }.lowercased()) })
        #expect(found == Self.languages)
    }

    @Test func everyClientsReplyHeaderIsCutAndTheReplyKept() throws {
        var failures: [String] = []
        let rows = try Self.rows()
        for row in rows {
            let header = Self.fill(row.template)
            let reply = "Connection 4, room 3. We cooked together on Sunday.\n\n\(header)\n> Hello,\n> How connected did you feel?\n"
            let text = ReplyExtractor.extract(reply).text
            if text != "Connection 4, room 3. We cooked together on Sunday." { failures.append("\(row.client) \(row.locale): \(header)") }
        }
        #expect(rows.count > 300)
        #expect(failures.isEmpty, "\(failures.count) of \(rows.count) headers not cut: \(failures.prefix(20))")
    }
}
