import Foundation
import Testing
import TightropeTesting
@testable import TightropeMail

@Suite struct OutgoingMessageTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func sample(subject: String, name: String, html: Bool) -> OutgoingMessage {
        OutgoingMessage(
            from: EmailAddress("checkins@practice.example", displayName: "Harbour Lane Couples Practice"),
            to: [EmailAddress("zoe@mail.example", displayName: name)],
            replyTo: EmailAddress("checkins+r1p2-abcdefghijklmnop@practice.example"),
            subject: subject, date: fixedDate("2026-11-27T09:30:05Z"),
            messageID: "mq1.abc.def@practice.example",
            extraHeaders: [(name: "Auto-Submitted", value: "auto-generated")],
            textBody: "Hello \(name),\n\n1) How connected did you feel? = yes\n.\nFrom here on, a line that is much longer than seventy-six characters so that it has to be soft-wrapped by the encoder.\nTrailing space \n",
            htmlBody: html ? "<p>Hello \(name) &amp; welcome</p>\n" : nil)
    }

    static let cases: [(String, OutgoingMessage)] = [
        ("ascii-text-only", sample(subject: "Your weekly check-in", name: "Maya Ashford", html: false)),
        ("non-ascii-alternative", sample(subject: "Ihre wöchentliche Rückmeldung: Grenzen, die die Beziehung schützen — 佐藤さんへ",
                                         name: "Zoë Ångström", html: true)),
        ("quoted-name", sample(subject: "=?not-an-encoded-word?= and \"quotes\"", name: "Dr. O'Brien, \"Sam\"", html: true)),
    ]

    @Test(arguments: cases.map(\.0))
    func renderedMessageMatchesGoldenFile(_ name: String) throws {
        let message = try #require(Self.cases.first { $0.0 == name }?.1)
        let outcome = Golden.compare(message.render(), file: Self.goldenDir.appendingPathComponent("\(name).eml"))
        #expect(outcome == .matches)
    }

    @Test(arguments: cases.map(\.0))
    func pythonReadsBackTheSameMessageWithoutDefects(_ name: String) throws {
        let message = try #require(Self.cases.first { $0.0 == name }?.1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("m.eml")
        try Data(message.render()).write(to: file)
        let reading = try #require(try PythonMailCheck.read([file]).first)
        #expect(reading.defects == [])
        #expect(reading.subject == message.subject)
        #expect(reading.to == ["zoe@mail.example"])
        #expect(reading.to_name == [message.to[0].displayName ?? ""])
        #expect(reading.from_name == ["Harbour Lane Couples Practice"])
        #expect(reading.reply_to == ["checkins+r1p2-abcdefghijklmnop@practice.example"])
        #expect(reading.message_id == "<mq1.abc.def@practice.example>")
        #expect(reading.text?.replacingOccurrences(of: "\r\n", with: "\n") == message.textBody)
        #expect(reading.content_type == (message.htmlBody == nil ? "text/plain" : "multipart/alternative"))
        if let html = message.htmlBody { #expect(reading.html?.replacingOccurrences(of: "\r\n", with: "\n") == html) }
    }

    @Test func headerLinesStayWithin78CharactersAndEncodedWordsWithin75() {
        let longName = String(repeating: "Ünïcödé ", count: 12)
        let message = Self.sample(subject: String(repeating: "Grüße aus der Praxis ", count: 8), name: longName, html: true)
        let text = String(decoding: message.render(), as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        for line in head.components(separatedBy: "\r\n") {
            #expect(line.count <= 78, "header line too long: \(line)")
        }
        let words = head.split(whereSeparator: { $0 == " " || $0 == "\r\n" }).filter { $0.hasPrefix("=?") }
        #expect(!words.isEmpty)
        for word in words { #expect(word.count <= 75) }
    }

    @Test func everyLineEndsInCRLF() {
        let bytes = Self.sample(subject: "s", name: "n", html: true).render()
        for (i, b) in bytes.enumerated() where b == 10 {
            #expect(i > 0 && bytes[i - 1] == 13)
        }
    }

    @Test func encodedWordsNeverSplitACharacter() {
        let words = HeaderEncoding.encodedWords(String(repeating: "👩‍👩‍👧日本", count: 10))
        for word in words {
            let b64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            let data = Data(base64Encoded: String(b64))
            #expect(data != nil)
            #expect(String(data: data ?? Data(), encoding: .utf8) != nil)
        }
    }

    @Test func quotedPrintableProtectsDotsAndFromLines() {
        let encoded = String(decoding: QuotedPrintable.encode(".\nFrom me\nx = y\n"), as: UTF8.self)
        #expect(encoded == "=2E\r\n=46rom me\r\nx =3D y\r\n")
    }

    @Test func quotedPrintableLinesStayWithin76() {
        let encoded = String(decoding: QuotedPrintable.encode(String(repeating: "äbc déf ", count: 40)), as: UTF8.self)
        for line in encoded.components(separatedBy: "\r\n") { #expect(line.count <= 76) }
    }

    @Test func rfc5322Dates() {
        #expect(RFC5322Date.format(fixedDate("2026-11-01T05:03:09Z")) == "Sun, 01 Nov 2026 05:03:09 +0000")
    }
}
