import Crypto
import Foundation
import TightropeCore

/// The token in a check-in's reply address (`local+TOKEN@domain`): it names the round and
/// the partner and carries an HMAC-SHA256 tag, so a reply's attribution can be checked and a
/// forged or altered token is refused. Lower case only, since some relays fold case.
package struct ReplyToken: Hashable, Sendable {
    package let roundID: Int64
    package let partnerID: Int64

    package init(roundID: Int64, partnerID: Int64) {
        self.roundID = roundID
        self.partnerID = partnerID
    }

    /// Tag length in bytes: 80 bits, plenty against guessing and short enough for a local part.
    static let tagBytes = 10

    /// The token text, `r<round>p<partner>-<tag>`.
    package func encoded(key: [UInt8]) -> String {
        let payload = "r\(roundID)p\(partnerID)"
        return payload + "-" + Self.base32(Self.tag(payload, key: key))
    }

    /// Parses and authenticates a token; nil when it is malformed or its tag does not match.
    package static func verify(_ text: String, key: [UInt8]) -> ReplyToken? {
        let lower = text.lowercased()
        guard lower.utf8.count <= 64, let dash = lower.lastIndex(of: "-") else { return nil }
        let payload = String(lower[..<dash]), tagText = String(lower[lower.index(after: dash)...])
        guard payload.first == "r", let p = payload.firstIndex(of: "p"),
              let round = Int64(payload[payload.index(after: payload.startIndex)..<p]),
              let partner = Int64(payload[payload.index(after: p)...]), round > 0, partner > 0,
              "r\(round)p\(partner)" == payload else { return nil }
        return sameTag(base32(tag(payload, key: key)), tagText) ? ReplyToken(roundID: round, partnerID: partner) : nil
    }

    /// Extracts the token from a reply address `local+token@domain` whose local part and domain
    /// match the practice's; nil otherwise.
    package static func token(inAddress address: String, localPart: String, domain: String) -> String? {
        guard let at = address.lastIndex(of: "@"), address[address.index(after: at)...].lowercased() == domain.lowercased() else {
            return nil
        }
        let local = address[..<at]
        guard let plus = local.firstIndex(of: "+"), local[..<plus].lowercased() == localPart.lowercased() else { return nil }
        return String(local[local.index(after: plus)...])
    }

    /// Whether a token's tag is the expected one, compared in constant time.
    static func sameTag(_ expected: String, _ given: String) -> Bool {
        let e = Array(expected.utf8), g = Array(given.utf8)
        guard e.count == g.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(e, g) { difference |= a ^ b }
        return difference == 0
    }

    private static func tag(_ payload: String, key: [UInt8]) -> [UInt8] {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: SymmetricKey(data: key))
        return Array(Array(mac).prefix(tagBytes))
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// RFC 4648 base32, lower case, unpadded.
    static func base32(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The token in the weekly digest's reply address (`local+TOKEN@domain`): it names the
/// therapist and the day the digest (or a confirmation of a reply to it) was sent, and carries
/// an HMAC-SHA256 tag under a key of its own (derived from the practice's key, so no partner's
/// token can ever pass as one). A reply to the digest is acted on only with a valid token
/// that has not expired, from that therapist's address, verified by the practice's server.
package struct DigestReplyToken: Hashable, Sendable {
    package let therapistID: String
    /// Days since 1970-01-01 (UTC) of the day it was issued.
    package let issuedDay: Int

    package init(therapistID: String, issuedDay: Int) {
        self.therapistID = therapistID
        self.issuedDay = issuedDay
    }

    package init(therapistID: String, issuedAt date: Date) {
        self.init(therapistID: therapistID, issuedDay: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    package var issuedAt: Date { Date(timeIntervalSince1970: Double(issuedDay) * 86_400) }

    /// Whether a token is a digest's (by its form only; `verify` decides whether it is valid).
    package static func looksLikeOne(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("d") && lower.dropFirst().first?.isNumber == true
    }

    /// The token text, `d<day>-<therapist>-<tag>`.
    package func encoded(key: [UInt8]) -> String {
        let payload = "d\(issuedDay)-\(therapistID)"
        return payload + "-" + ReplyToken.base32(Self.tag(payload, key: key))
    }

    /// The therapist a token names, whether or not its tag matches (to know whose couples a
    /// reply may quote; never to act on).
    package static func therapistNamed(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.utf8.count <= 64, lower.first == "d", let first = lower.firstIndex(of: "-"), let last = lower.lastIndex(of: "-"),
              first < last else { return nil }
        let id = String(lower[lower.index(after: first)..<last])
        return InputValidator.isValidCoupleID(id) ? id : nil
    }

    /// Parses and authenticates a token; nil when it is malformed or its tag does not match.
    package static func verify(_ text: String, key: [UInt8]) -> DigestReplyToken? {
        let lower = text.lowercased()
        guard lower.utf8.count <= 64, let lastDash = lower.lastIndex(of: "-") else { return nil }
        let payload = String(lower[..<lastDash]), tagText = String(lower[lower.index(after: lastDash)...])
        guard payload.first == "d", let dash = payload.firstIndex(of: "-"),
              let day = Int(payload[payload.index(after: payload.startIndex)..<dash]), day > 0,
              case let therapist = String(payload[payload.index(after: dash)...]),
              !therapist.isEmpty, therapist.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }),
              "d\(day)-\(therapist)" == payload else { return nil }
        return ReplyToken.sameTag(ReplyToken.base32(tag(payload, key: key)), tagText)
            ? DigestReplyToken(therapistID: therapist, issuedDay: day) : nil
    }

    private static func tag(_ payload: String, key: [UInt8]) -> [UInt8] {
        let derived = HMAC<SHA256>.authenticationCode(for: Array("tightrope digest reply token v1".utf8), using: SymmetricKey(data: key))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: SymmetricKey(data: Array(derived)))
        return Array(Array(mac).prefix(ReplyToken.tagBytes))
    }
}
