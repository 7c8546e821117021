import Foundation
import Testing
import TightropeCore
@testable import TightropeMail

@Suite struct MIMEMessageTests {
    static func parse(_ text: String) -> MIMEMessage { MIMEMessage(Array(text.utf8)) }

    @Test func nestedMultipartPicksTheFirstPlainPart() {
        let m = Self.parse("""
            Content-Type: multipart/mixed; boundary="outer"\r
            \r
            preamble\r
            --outer\r
            Content-Type: multipart/alternative; boundary=inner\r
            \r
            --inner\r
            Content-Type: text/html\r
            \r
            <p>html</p>\r
            --inner\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            plain text\r
            --inner--\r
            --outer\r
            Content-Type: text/plain\r
            Content-Disposition: attachment; filename=notes.txt\r
            \r
            attached\r
            --outer--\r
            """)
        #expect(m.bestText()?.text == "plain text")
        #expect(m.bestText()?.isHTML == false)
        #expect(m.defects.isEmpty)
    }

    @Test func htmlOnlyMessagesGiveTheirHTML() {
        let m = Self.parse("Content-Type: text/html; charset=utf-8\n\n<p>Hello &amp; welcome</p><p>second</p>\n")
        let body = m.bestText()
        #expect(body?.isHTML == true)
        #expect(HTMLText.toText(body?.text ?? "") == "Hello & welcome\n\nsecond")
    }

    @Test func base64WithBrokenPaddingStillDecodes() {
        var defects: [MIMEDefect] = []
        #expect(TransferDecoding.base64(Array("aGVsbG8gd29ybGQ".utf8)[...], defects: &defects) == Array("hello world".utf8))
        #expect(TransferDecoding.base64(Array("aGVs\nbG8=\n!!".utf8)[...], defects: &defects) == Array("hello".utf8))
        #expect(defects.contains(.invalidBase64))
    }

    @Test func quotedPrintableSoftBreaksAndBadEscapes() {
        var defects: [MIMEDefect] = []
        let out = TransferDecoding.quotedPrintable(Array("caf=C3=A9 =\r\nbar =  \nbaz =ZZ end=".utf8)[...], defects: &defects)
        #expect(String(decoding: out, as: UTF8.self) == "café bar baz =ZZ end")
        #expect(defects == [.invalidQuotedPrintable])
    }

    @Test(arguments: [
        ("iso-8859-2", [0xB1, 0xE6], "ąć"),
        ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "Привет"),
        ("windows-1250", [0x9A, 0x9D], "šť"),
        ("windows-1252", [0x80, 0x93, 0x94], "€“”"),
        ("shift_jis", [0x82, 0xA0, 0x82, 0xA2], "あい"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42], "あ"),
        ("gb2312", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
        ("big5", [0xA7, 0x41, 0xA6, 0x6E], "你好"),
        ("iso-8859-15", [0xA4], "€"),
        ("us-ascii", [0x63, 0x61, 0x66, 0xC3, 0xA9], "café"),  // mislabelled UTF-8
    ] as [(String, [UInt8], String)])
    func charsetsDecode(_ c: (String, [UInt8], String)) {
        var defects: [MIMEDefect] = []
        #expect(Charset.decode(c.1, label: c.0, defects: &defects) == c.2)
    }

    @Test func aWrongJapaneseLabelFallsBackToTheCharsetThatFits() {
        var defects: [MIMEDefect] = []
        // "あい" in Shift_JIS, labelled ISO-2022-JP (seen from Japanese mobile carriers).
        #expect(Charset.decode([0x82, 0xA0, 0x82, 0xA2], label: "iso-2022-jp", defects: &defects) == "あい")
        #expect(defects.contains(.mislabelledCharset(declared: "ISO-2022-JP-2", used: "CP932")))
    }

    @Test func aByteOrderMarkBeforeTheHeadersIsSkipped() {
        let m = MIMEMessage([0xEF, 0xBB, 0xBF] + Array("Subject: hi\nContent-Type: text/plain\n\nbody\n".utf8))
        #expect(m.header("subject") == "hi")
        #expect(m.bestText()?.text == "body\n")
    }

    @Test func unknownCharsetsFallBackWithoutThrowing() {
        var defects: [MIMEDefect] = []
        #expect(Charset.decode(Array("plain".utf8), label: "x-unknown", defects: &defects) == "plain")
        #expect(Charset.decode([0x63, 0xE9], label: "x-unknown", defects: &defects) == "cé")
        #expect(defects.contains(.unknownCharset("x-unknown")))
    }

    @Test func encodedWordsJoinAcrossFoldsAndSplitCharacters() {
        var defects: [MIMEDefect] = []
        // "Zoë" split inside the two bytes of "ë" across two encoded-words.
        let raw = Array("=?UTF-8?B?Wm/D?= \r\n =?UTF-8?B?qw==?= and =?iso-8859-1?q?caf=E9?= =?broken".utf8)
        #expect(EncodedWords.decode(raw, defects: &defects) == "Zoë and café =?broken")
    }

    @Test func rfc2231ParametersDecode() {
        let p = HeaderParameters("attachment; filename*0*=UTF-8''Gr%C3%BC%C3%9Fe; filename*1=\".txt\"; size=12")
        #expect(p.value == "attachment")
        #expect(p.parameters["filename"] == "Grüße.txt")
        #expect(p.parameters["size"] == "12")
    }

    @Test func flowedTextIsRejoined() {
        let m = Self.parse("Content-Type: text/plain; format=flowed\n\nThis line \nflows on.\n> quoted \n> stays\n-- \nsig\n")
        #expect(m.bestText()?.text == "This line flows on.\n> quoted \n> stays\n-- \nsig\n")
    }

    @Test func flowedTextWithCRLFIsRejoinedToo() {
        let m = Self.parse("Content-Type: text/plain; format=flowed\r\n\r\nThis line \r\nflows on.\r\n")
        #expect(m.bestText()?.text == "This line flows on.\n")
    }

    @Test func bareLFAndMissingFinalBoundaryAreTolerated() {
        let m = Self.parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nlast part, never closed\n")
        #expect(m.bestText()?.text == "last part, never closed\n")
        #expect(m.defects.contains(.missingFinalBoundary))
    }

    @Test func headersAreDecoded() {
        let m = Self.parse("Subject: =?UTF-8?Q?R=C3=BCckmeldung?= zur Woche\nFrom: a@b.example\n\nbody")
        #expect(m.header("subject") == "Rückmeldung zur Woche")
        #expect(m.header("x-missing") == nil)
    }

    @Test func limitsMakeHostileMessagesCheap() {
        var nested = "Content-Type: multipart/mixed; boundary=b0\n\n"
        for i in 0..<100 { nested += "--b\(i)\nContent-Type: multipart/mixed; boundary=b\(i + 1)\n\n" }
        let m = MIMEMessage(Array(nested.utf8), limits: ReadingLimits(maxDepth: 10))
        #expect(m.defects.contains(.tooDeep(limit: 10)))
        let big = MIMEMessage([UInt8](repeating: 65, count: 2_000), limits: ReadingLimits(maxMessageBytes: 1_000))
        #expect(big.defects.contains(.tooLarge(limit: 1_000)))
    }

    /// Truncated, corrupted and random variants of every fixture never crash or hang.
    @Test func damagedInputNeverCrashes() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/replies")
        var inputs = try FileManager.default.contentsOfDirectory(atPath: dir.path).map {
            Array(try Data(contentsOf: dir.appendingPathComponent($0)))
        }
        inputs.append(Array("Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Transfer-Encoding: base64\n\n////\n".utf8))
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for input in inputs {
            var variants: [[UInt8]] = []
            for cut in stride(from: 0, to: input.count, by: max(1, input.count / 13)) { variants.append(Array(input.prefix(cut))) }
            for _ in 0..<20 {
                var v = input
                for _ in 0..<max(1, v.count / 50) where !v.isEmpty { v[Int.random(in: 0..<v.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
                variants.append(v)
            }
            variants.append((0..<512).map { _ in UInt8.random(in: 0...255, using: &rng) })
            for v in variants {
                let m = MIMEMessage(v)
                _ = m.bestText()
                _ = ReplyExtractor.extract(message: v)
                _ = ReplyExtractor.extract(String(decoding: v, as: UTF8.self))
                checked += 1
            }
        }
        #expect(checked > 300)
    }
}
