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

/// The Date header parser against Foundation's formatter (the reader it replaced) and RFC 5322's
/// obsolete forms.
@Suite struct RFC5322DateTests {
    /// What DateFormatter reads with the formats the reader used before.
    static func formatter(_ value: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        for format in ["EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm Z"] {
            f.dateFormat = format
            if let d = f.date(from: value) { return d }
        }
        return nil
    }

    @Test func readsWhatMailClientsWriteAsFoundationDoes() {
        let samples = [
            "Tue, 01 Dec 2026 20:00:00 +0000", "Mon, 7 Jan 2030 09:05:59 -0800", "7 Jan 2030 09:05:59 +0530",
            "Sat, 29 Feb 2028 23:59:00 +0100", "Thu, 31 Dec 2026 00:00:00 -1200", "Wed, 3 Mar 2027 14:07 +0200",
            "Fri, 13 Nov 2026 10:00:00 +0000", "Sun, 2 Aug 2026 18:30:00 +1345",
        ]
        for sample in samples {
            #expect(RFC5322Date.parse(sample) != nil, "\(sample)")
            #expect(RFC5322Date.parse(sample) == Self.formatter(sample), "\(sample)")
        }
    }

    @Test func readsBackWhatItWritesForAnyInstant() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int.random(in: 0...4_102_444_800, using: &rng)))
            #expect(RFC5322Date.parse(RFC5322Date.format(date)) == date, "\(date)")
        }
    }

    @Test func readsObsoleteFormsAndComments() {
        let utc = RFC5322Date.parse("Tue, 01 Dec 2026 20:00:00 +0000")
        #expect(utc != nil)
        #expect(RFC5322Date.parse("Tue, 01 Dec 2026 20:00:00 GMT") == utc)
        #expect(RFC5322Date.parse("Tue, 01 Dec 2026 20:00:00 +0000 (UTC)") == utc)
        #expect(RFC5322Date.parse("  tue,  1 dec 26 20:00:00 UT ") == utc)
        #expect(RFC5322Date.parse("Tue, 01 Dec 2026 15:00:00 EST") == utc)
        #expect(RFC5322Date.parse("Tue, 01 December 2026 20:00:00 +0000") == utc)
        #expect(RFC5322Date.parse("Tue, 01 Dec 2026 20:00 +0000") == utc)
        // A zone the RFC does not name means "unknown": read as -0000, the time as written.
        #expect(RFC5322Date.parse("Tue, 01 Dec 2026 20:00:00 CEST") == utc)
    }

    @Test func refusesWhatIsNotADate() {
        for bad in ["", "yesterday", "Tue, 32 Dec 2026 20:00:00 +0000", "Tue, 29 Feb 2027 20:00:00 +0000",
                    "Tue, 01 Foo 2026 20:00:00 +0000", "Tue, 01 Dec 2026 24:00:00 +0000", "Tue, 01 Dec 2026 20:61:00 +0000",
                    "Tue, 01 Dec 2026", "01 Dec 2026 20:00:00 +0099", "Tue, 01 Dec 2026 2:0:0:0 +0000", "１ Dec 2026 20:00:00 +0000"] {
            #expect(RFC5322Date.parse(bad) == nil, "\(bad)")
        }
    }
}
