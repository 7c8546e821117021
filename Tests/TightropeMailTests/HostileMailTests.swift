import Foundation
import Testing
import TightropeCore
@testable import TightropeMail

/// Hostile and broken mail (issue #16): every reader stays within `ReadingLimits` and says so
/// with a defect; strict where the practice echoes or trusts what it reads.
@Suite struct HostileMailTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func nestedBlockquotesGiveTextThatGrowsLinearlyWithTheirDepthCapped() {
        var defects: [MIMEDefect] = []
        for depth in [1_000, 10_000] {
            let html = String(repeating: "<blockquote>level<br>\n", count: depth)
            defects = []
            let text = HTMLText.toText(html, limits: .standard, defects: &defects)
            let maxPrefix = 2 * ReadingLimits.standard.maxQuoteDepth
            #expect(text.utf8.count <= depth * ("level".utf8.count + maxPrefix + 1), "depth \(depth)")
            #expect(defects.contains(.quoteTooDeep(limit: ReadingLimits.standard.maxQuoteDepth)))
            #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("> ") })
        }
    }

    @Test func aMessageLargerThanTheTextLimitIsReadUpToItAndSaysSo() {
        let body = String(repeating: "we talked on sunday and it went well\n", count: 10_000)
        let m = MIMEMessage(Self.bytes("From: a@b.example\r\nContent-Type: text/plain\r\n\r\n" + body))
        let (text, defects) = m.readableText()
        #expect(text.utf8.count <= ReadingLimits.standard.maxTextBytes)
        #expect(text.hasSuffix("went well\n"), "cut at a line end")
        #expect(defects.contains { $0.isLimit })
    }

    @Test func longLinesAreBrokenNeverCut() {
        let words = (0..<20_000).map { "w\($0)" }
        var defects: [MIMEDefect] = []
        let limits = ReadingLimits(maxLineBytes: 1_000)
        let text = BoundedText.bounded(words.joined(separator: " "), limits: limits, defects: &defects)
        #expect(text.split(separator: "\n").allSatisfy { $0.utf8.count <= 1_000 })
        #expect(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) == words)
        #expect(defects == [.lineTooLong(limit: 1_000)])
        // One long word of multi-byte characters: broken between characters.
        let cjk = String(repeating: "今週は近くに感じた", count: 2_000)
        let broken = BoundedText.bounded(cjk, limits: limits, defects: &defects)
        #expect(broken.replacingOccurrences(of: "\n", with: "") == cjk)
    }

    @Test func defectsAreBoundedHoweverManyLinesAreBroken() {
        let m = MIMEMessage(Self.bytes(String(repeating: " x\r\n", count: 100_000) + "\r\nbody\r\n"))
        #expect(m.defects.count <= ReadingLimits.standard.maxDefects + 1)
        #expect(m.defects.last == .tooManyDefects(limit: ReadingLimits.standard.maxDefects))
    }

    @Test func bareCRLineEndsAreLines() {
        let m = MIMEMessage(Self.bytes("From: a@b.example\rSubject: hello\rContent-Type: text/plain\r\r1) 4\r2) 3\rA good week.\r"))
        #expect(m.header("Subject") == "hello")
        #expect(m.bestText()?.text == "1) 4\n2) 3\nA good week.\n")
        // Mixed with CRLF and LF in one message.
        let mixed = MIMEMessage(Self.bytes("From: a@b.example\r\nSubject: mixed\nContent-Type: text/plain\r\r\none\rtwo\r\nthree\n"))
        #expect(mixed.header("Subject") == "mixed")
        #expect(mixed.bestText()?.text == "one\ntwo\r\nthree\n")
    }

    @Test func theFirstContentTypeCountsAndTheSecondIsADefect() {
        let m = MIMEMessage(Self.bytes("From: a@b.example\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Type: text/html\r\n\r\n<b>hi</b>\r\n"))
        #expect(m.root.contentType == "text/plain")
        #expect(m.defects.contains(.duplicateHeader("Content-Type")))
    }

    @Test func big5IsReadAsBig5NotAsGB18030() {
        // "我們這週很親近" in Big5.
        let big5: [UInt8] = [0xA7, 0xDA, 0xAD, 0xCC, 0xB3, 0x6F, 0xB6, 0x67, 0xAB, 0xDC, 0xBF, 0xCB, 0xAA, 0xF1]
        var defects: [MIMEDefect] = []
        #expect(Charset.decode(big5, label: "big5", defects: &defects) == "我們這週很親近")
        #expect(defects.isEmpty)
    }

    @Test func onlyValidMessageIDsAreReadAndNoneWithALineBreakIsEverWritten() {
        #expect(HeaderValues.messageIDs("<a.b@c.example> <x y@z> <no-at> <ok@[10.0.0.1]> <@z> <a..b@c>") == ["a.b@c.example", "ok@[10.0.0.1]"])
        // RFC 2047-encoded CR LF in In-Reply-To and References: read raw, never decoded into an id.
        let m = MIMEMessage(Self.bytes("""
            From: a@b.example\r
            Message-ID: <m1@b.example>\r
            In-Reply-To: =?utf-8?q?<x@y=0D=0ABcc:_victim@z.example>?=\r
            References: <r1@b.example> =?utf-8?q?<r2@y=0D=0ABcc:_v@z>?=\r
            \r
            hi\r\n
            """))
        #expect(m.messageIDs("In-Reply-To").isEmpty)
        #expect(m.messageIDs("References") == ["r1@b.example"])
        let out = OutgoingMessage(from: EmailAddress("p@practice.example"), to: [EmailAddress("a@b.example")], subject: "Re: hi",
                                  date: Date(timeIntervalSince1970: 0), messageID: "new@practice.example",
                                  inReplyTo: "x@y\r\nBcc: victim@z.example", references: ["r1@b.example", "r2@y\r\nBcc: v@z"],
                                  textBody: "ok")
        let head = String(decoding: out.render(), as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        #expect(!head.contains("Bcc"))
        #expect(!head.contains("In-Reply-To"))
        #expect(head.contains("References: <r1@b.example>"))
    }

    @Test func theRawHeaderScanFindsWhatTheParserFinds() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/answers/cases")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".eml") }
        #expect(files.count >= 300)
        for file in files {
            let raw = [UInt8](try Data(contentsOf: dir.appendingPathComponent(file)))
            let parsed = MIMEMessage(raw).root.header("Message-ID").map { String(decoding: $0.rawValue, as: UTF8.self) }
            #expect(RawHeaders.firstValue("Message-ID", in: raw)?.trimmingCharacters(in: .whitespaces) == parsed, "\(file)")
        }
        #expect(RawHeaders.firstValue("message-id", in: Self.bytes("\u{FEFF}\r\nFrom x\nSubject: s\rMessage-ID:\r <a@b>\r\rbody")) == " <a@b>")
    }

    @Test func lookAlikeAddressesNeverEqualTheAddressTheyImitate() {
        #expect(HeaderValues.addresses("Kim <KIM@Mail.Example>") == ["kim@mail.example"])
        for lookAlike in ["\u{212A}im@mail.example", "ｋim@mail.example", "kim@mail.\u{0435}xample", "k\u{0456}m@mail.example"] {
            #expect(HeaderValues.isLookAlike(lookAlike), "\(lookAlike)")
            #expect(HeaderValues.addresses("<\(lookAlike)>") != ["kim@mail.example"], "\(lookAlike)")
        }
        // An address genuinely in another script is not a look-alike.
        #expect(!HeaderValues.isLookAlike("андрей@почта.рф"))
    }

    @Test func authenticationResultsCountOnlyFromThePracticesServerAndOnlyAPassVerifies() throws {
        func results(_ header: String) -> AuthenticationResults? {
            AuthenticationResults.of(MIMEMessage(Self.bytes("Authentication-Results: \(header)\r\nFrom: a@mail.example\r\n\r\nx")),
                                     authservID: "mx.practice.example")
        }
        #expect(try #require(results("mx.practice.example; dkim=pass header.d=mail.example")).verifies(fromDomain: "mail.example"))
        #expect(try #require(results("mx.practice.example 1; dmarc=pass header.from=mail.example")).verifies(fromDomain: "mail.example"))
        let other = try #require(results("mx.practice.example; dkim=pass header.d=evil.example"))
        #expect(!other.verifies(fromDomain: "mail.example"))
        let none = try #require(results("mx.practice.example; dkim=none; spf=none"))
        #expect(!none.verifies(fromDomain: "mail.example"))
        #expect(try #require(results("mx.practice.example; spf=softfail smtp.mailfrom=a@mail.example")).fails)
        #expect(results("mx.other.example; dmarc=pass") == nil)
        #expect(results("; dmarc=pass") == nil, "no authserv-id: not the practice's")
    }

    /// RFC 8601 syntax: comments and quoted strings. A sender's envelope address copied into the
    /// header in quotes cannot add a result; a DMARC pass counts only for the From domain it
    /// names; any explicit failure beside a pass is not a pass.
    @Test func authenticationResultsReadCommentsAndQuotedStringsAsTheRFCWritesThem() throws {
        func results(_ header: String) -> AuthenticationResults? {
            AuthenticationResults.of(MIMEMessage(Self.bytes("Authentication-Results: \(header)\r\nFrom: a@mail.example\r\n\r\nx")),
                                     authservID: "mx.practice.example")
        }
        let smuggled = try #require(results(#"mx.practice.example; spf=fail smtp.mailfrom="x;dmarc=pass y"@attacker.example; dmarc=fail header.from=mail.example"#))
        #expect(!smuggled.verifies(fromDomain: "mail.example"))
        #expect(!smuggled.results.contains { $0.method == "dmarc" && $0.result == "pass" })
        let quotedOnly = try #require(results(#"mx.practice.example; spf=pass smtp.mailfrom="a;dmarc=pass b"@mail.example"#))
        #expect(!quotedOnly.results.contains { $0.method == "dmarc" }, "nothing inside quotes starts a result")
        // OpenDKIM's comment with a semicolon inside it does not split the result from its domain.
        let opendkim = try #require(results("mx.practice.example; dkim=pass (1024-bit key; unprotected) header.d=mail.example header.i=@mail.example"))
        #expect(opendkim.verifies(fromDomain: "mail.example"))
        #expect(!(try #require(results("mx.practice.example; dmarc=pass header.from=other.example"))).verifies(fromDomain: "mail.example"))
        #expect(!(try #require(results("mx.practice.example; dmarc=pass"))).verifies(fromDomain: "mail.example"), "a pass for no named domain")
        #expect(!(try #require(results("mx.practice.example; dkim=pass header.d=mail.example; dmarc=fail header.from=mail.example")))
            .verifies(fromDomain: "mail.example"))
        #expect(try #require(results("mx.practice.example (nested (comment) here); dkim=pass header.d=mail.example")).verifies(fromDomain: "mail.example"))
    }

    @Test func aDeliveryReportIsReadUpToAHundredRecipients() {
        let groups = String(repeating: "Final-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n", count: 5_000)
        let m = MIMEMessage(Self.bytes("""
            From: MAILER-DAEMON@x.example\r
            Content-Type: multipart/report; report-type=delivery-status; boundary=d\r
            \r
            --d\r
            Content-Type: message/delivery-status\r
            \r
            Reporting-MTA: dns; x.example\r
            \r
            \(groups)--d--\r\n
            """))
        #expect(DeliveryStatusReport.parse(m)?.recipients.count == 100)
    }
}

extension HostileMailTests {
    @Test func aGreaterThanSignInAQuotedAttributeDoesNotEndTheTagAndEveryNamedEntityIsKnown() {
        #expect(HTMLText.toText(#"<p><img alt="2 > 1" src="x.png">Four out of five</p>"#) == "Four out of five")
        // A quote that never closes: the tag ends at its first ">" (linear, nothing after it lost).
        #expect(HTMLText.toText(#"<p title="never closed>kept</p>"#) == "kept")
        #expect(HTMLText.toText("&bdquo;ja&ldquo; &CounterClockwiseContourIntegral; &hearts; &notanentity;")
                == "„ja“ ∳ ♥ &notanentity;")
    }
}

extension HostileMailTests {
    @Test func anEmptyBoundaryIsReadAsBareDashLinesAsMailReadersDo() {
        let m = MIMEMessage(Self.bytes("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\npreamble\r\n--\r\n"
            + "Content-Type: text/plain\r\n\r\n1) 4\r\n2) 3\r\n--\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n----\r\n"))
        #expect(m.parts.map(\.contentType) == ["multipart/mixed", "text/plain", "text/html"])
        #expect(m.bestText()?.text == "1) 4\r\n2) 3")
        #expect(m.defects.contains(.multipartWithoutBoundary))
    }
}
