import Foundation
import TightropeCore
import TightropeMail
import TightropeStore

/// Who a reply belongs to, or why it belongs to no one.
package enum Attribution: Equatable, Sendable {
    case partner(coupleID: String, partnerID: Int64, roundID: Int64)
    /// Not attributed: into the review queue. `coupleID` is the sender's couple, if the sender is
    /// a partner on file (it is filed under that couple); `namedCoupleID` the couple a valid token
    /// or thread named when the sender was someone else (never filed or exported under it, but
    /// erased with it: a reply to their check-in quotes their words).
    case quarantined(reason: String, coupleID: String?, namedCoupleID: String? = nil)
    /// A reply to a couple erased since: its valid token names a partner who no longer exists
    /// (ids are never reused), or it answers mail we sent them. Deleted on arrival, not read.
    case erased
}

/// The "authenticate" step of reading a message: whom it belongs to. A reply is attributed
/// only when the token of the address it was sent to (or its thread) and the sender agree
/// with the partner on record, and the practice's own server did not fail its authentication.
package struct Attributor: Sendable {
    package let practice: Practice
    package let store: TightropeStore

    package init(practice: Practice, store: TightropeStore) {
        self.practice = practice
        self.store = store
    }

    /// Checks who sent a reply: the signed token of the reply address and the thread headers
    /// name a partner and round; the sender must be that partner; the practice's own server
    /// must not have marked it as failing authentication.
    package func attribute(_ message: MIMEMessage) throws(AppError) -> Attribution {
        let config = practice.config
        let senders = message.headers("From").flatMap(HeaderValues.addresses)
        let senderPartner = try senders.first.flatMap { email throws(AppError) in
            try wrap({ () throws(StoreError) in try store.partnerID(email: email) })
        }
        let senderCouple = try senderPartner.flatMap { id throws(AppError) in
            try wrap({ () throws(StoreError) in try store.partner(id: id) })?.couple.id
        }
        // An address written with look-alike characters is never attributed to anyone.
        if senders.contains(where: HeaderValues.isLookAlike) {
            return .quarantined(reason: "the sender's address is written with look-alike characters", coupleID: nil)
        }
        if let authserv = config.authservID, Self.failsAuthentication(message, authservID: authserv) {
            return .quarantined(reason: "the practice's mail server marked it as failing authentication", coupleID: senderCouple)
        }
        // Tokens in the addresses it was sent to.
        var tokens: [String] = []
        var seen: Set<String> = []
        for header in ["To", "Cc", "Delivered-To", "X-Original-To"] {
            for address in message.headers(header).flatMap(HeaderValues.addresses) {
                if let token = ReplyToken.token(inAddress: address, localPart: config.replyLocalPart, domain: config.replyDomain),
                   seen.insert(token).inserted {
                    tokens.append(token)
                }
            }
        }
        let verified = Set(tokens.compactMap { ReplyToken.verify($0, key: practice.hmacKey) })
        if !tokens.isEmpty, verified.isEmpty {
            return .quarantined(reason: "the token in the reply address fails its check", coupleID: senderCouple)
        }
        if verified.count > 1 {
            return .quarantined(reason: "the reply addresses name different partners or rounds", coupleID: senderCouple)
        }
        // The thread: In-Reply-To and References against the Message-IDs we sent.
        let referenced = message.messageIDs("In-Reply-To", "References")
        let thread = try wrap({ () throws(StoreError) in try store.outboxThread(messageIDs: referenced) })
        var claim = verified.first.map { (roundID: $0.roundID, partnerID: $0.partnerID) }
        if let thread {
            if let c = claim, c != (thread.roundID, thread.partnerID) {
                return .quarantined(reason: "the reply address and the thread headers disagree", coupleID: senderCouple)
            }
            claim = (thread.roundID, thread.partnerID)
        }
        if thread == nil, try wrap({ () throws(StoreError) in try store.anyErasedMessageID(Array(referenced.suffix(50))) }) {
            return .erased
        }
        guard let claim else {
            return .quarantined(reason: senderPartner == nil ? "unknown sender, no token" : "no token or thread from a known sender",
                                coupleID: senderCouple)
        }
        // A valid token of a partner who is gone: their couple was erased.
        guard let (couple, partner) = try wrap({ () throws(StoreError) in try store.partner(id: claim.partnerID) }) else { return .erased }
        guard let round = try wrap({ () throws(StoreError) in try store.round(id: claim.roundID) }), round.coupleID == couple.id else {
            return .quarantined(reason: "the token names a round or partner that does not exist", coupleID: senderCouple)
        }
        guard senders.count == 1, senders[0] == partner.email.lowercased() else {
            // Filed under the sender's own couple, if they have one, never under the couple the token
            // names: a stranger's message must not appear in that couple's export, nor go with it on erasure.
            return .quarantined(reason: "the sender is not the partner the token names", coupleID: senderCouple,
                                namedCoupleID: couple.id == senderCouple ? nil : couple.id)
        }
        return .partner(coupleID: couple.id, partnerID: claim.partnerID, roundID: claim.roundID)
    }

    /// Whether an `Authentication-Results` header of the practice's own server reports a failure.
    static func failsAuthentication(_ message: MIMEMessage, authservID: String) -> Bool {
        AuthenticationResults.of(message, authservID: authservID)?.fails ?? false
    }

    /// Fail closed: whether the practice's own server verified the sender's domain. Without a
    /// configured authserv-id nothing can be verified and this is true (the practice chose not
    /// to check); with one, a missing header, `none` or anything but a pass is false.
    package static func senderVerified(_ message: MIMEMessage, authservID: String?) -> Bool {
        guard let authservID else { return true }
        guard let results = AuthenticationResults.of(message, authservID: authservID),
              let from = message.headers("From").flatMap(HeaderValues.addresses).first,
              let at = from.lastIndex(of: "@") else { return false }
        return results.verifies(fromDomain: String(from[from.index(after: at)...]))
    }
}
