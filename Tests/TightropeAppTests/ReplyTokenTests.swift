import Testing
@testable import TightropeApp

@Suite struct ReplyTokenTests {
    static let key = Array("0123456789abcdef0123456789abcdef".utf8)

    @Test func roundTrips() {
        let token = ReplyToken(roundID: 42, partnerID: 7)
        let text = token.encoded(key: Self.key)
        #expect(text.hasPrefix("r42p7-"))
        #expect(text == text.lowercased())
        #expect(ReplyToken.verify(text, key: Self.key) == token)
        // Relays may fold case.
        #expect(ReplyToken.verify(text.uppercased(), key: Self.key) == token)
    }

    @Test func alteredOrForeignTokensFail() {
        let text = ReplyToken(roundID: 42, partnerID: 7).encoded(key: Self.key)
        #expect(ReplyToken.verify(text.replacingOccurrences(of: "r42p7", with: "r42p8"), key: Self.key) == nil)
        #expect(ReplyToken.verify(text, key: Array("another key that is 32 bytes lon".utf8)) == nil)
        #expect(ReplyToken.verify(String(text.dropLast()), key: Self.key) == nil)
        #expect(ReplyToken.verify("r0p1-aaaaaaaaaaaaaaaa", key: Self.key) == nil)
        #expect(ReplyToken.verify("r042p7-" + text.split(separator: "-")[1], key: Self.key) == nil)
        #expect(ReplyToken.verify("", key: Self.key) == nil)
        #expect(ReplyToken.verify("garbage", key: Self.key) == nil)
    }

    @Test func tokenIsFoundInThePracticesReplyAddressOnly() {
        #expect(ReplyToken.token(inAddress: "checkins+r1p2-abc@Practice.Example", localPart: "checkins", domain: "practice.example") == "r1p2-abc")
        #expect(ReplyToken.token(inAddress: "other+r1p2-abc@practice.example", localPart: "checkins", domain: "practice.example") == nil)
        #expect(ReplyToken.token(inAddress: "checkins+r1p2-abc@evil.example", localPart: "checkins", domain: "practice.example") == nil)
        #expect(ReplyToken.token(inAddress: "checkins@practice.example", localPart: "checkins", domain: "practice.example") == nil)
    }

    @Test func base32MatchesRFC4648() {
        #expect(ReplyToken.base32(Array("foobar".utf8)) == "mzxw6ytboi")
        #expect(ReplyToken.base32(Array("f".utf8)) == "my")
    }
}
