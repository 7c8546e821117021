import Foundation
import TightropeCore
import TightropeMail
import TightropeStore

/// One review item as the therapist sees it.
package struct ReviewDetail: Sendable {
    package var item: ReviewItem
    package var kind: String?
    /// The sender's address(es), the subject and the new text of the message (for the therapist's eyes only).
    package var from: [String]
    package var subject: String
    package var text: String
    /// The check-in stored for it, when the item is about a low-confidence reading.
    package var checkIn: StoredCheckIn?
    /// How the reply was read, decision by decision (the rule and the line), and why it is in
    /// review: read again from the stored message with the round's questions.
    package var evidence: [ReadingEvidence] = []
    package var notes: [String] = []
}

/// `tightrope review`: the therapist settles what the poller could not — replies it would not
/// attribute, and answers it read with low confidence.
package struct ReviewService {
    package let practice: Practice
    package let store: TightropeStore
    package let lexicon: SafetyLexicon
    package let clock: any WallClock

    package init(practice: Practice, store: TightropeStore, lexicon: SafetyLexicon, clock: any WallClock) {
        self.practice = practice
        self.store = store
        self.lexicon = lexicon
        self.clock = clock
    }

    package func list(all: Bool = false) throws(AppError) -> [ReviewItem] {
        try wrap { () throws(StoreError) in try store.reviews(all: all) }
    }

    package func show(id: Int64) throws(AppError) -> ReviewDetail {
        guard let item = try wrap({ () throws(StoreError) in try store.review(id: id) }) else {
            throw .invalidInput("review item \(id): not found")
        }
        let entry = try wrap { () throws(StoreError) in try store.inbound(id: item.inboundID) }
        var detail = ReviewDetail(item: item, kind: entry?.kind?.rawValue, from: [], subject: "", text: "(raw message purged)")
        if let bytes = entry?.bytes, entry?.outcome?.hasPrefix("unreadable") == true {
            // A message that stopped the reader is never parsed again here: its raw headers and the
            // start of its text, bounded (the CLI escapes what it prints).
            detail.from = RawHeaders.firstValue("From", in: bytes).map(HeaderValues.addresses) ?? []
            detail.subject = String((RawHeaders.firstValue("Subject", in: bytes) ?? "").prefix(200))
            detail.text = Self.rawExcerpt(bytes, limit: 2_000)
            return detail
        }
        if let bytes = entry?.bytes {
            let message = MIMEMessage(bytes)
            detail.from = message.headers("From").flatMap(HeaderValues.addresses)
            detail.subject = message.header("Subject") ?? ""
            detail.text = ReplyExtractor.extract(message: bytes).text
        }
        if let checkInID = item.checkInID {
            detail.checkIn = try wrap { () throws(StoreError) in try store.checkIn(id: checkInID) }
        }
        if let bytes = entry?.bytes, let roundID = detail.checkIn?.roundID ?? entry?.roundID,
           let questions = try wrap({ () throws(StoreError) in try store.round(id: roundID) })?.questions {
            let reading = ReplyReader.read(message: MIMEMessage(bytes), questions: questions)
            detail.evidence = reading.answers.evidence
            detail.notes = reading.answers.notes
        }
        return detail
    }

    /// The start of a raw message, as text: at most `limit` bytes, decoded as UTF-8 (invalid bytes
    /// shown as U+FFFD), never parsed.
    static func rawExcerpt(_ bytes: [UInt8], limit: Int) -> String {
        let head = bytes.prefix(limit)
        return String(decoding: head, as: UTF8.self) + (bytes.count > limit ? "\n… (\(bytes.count) bytes in all)" : "")
    }

    /// Accepts an item. A low-confidence check-in is accepted as read. A quarantined reply needs
    /// `partner` (whom it is from) and is read for `roundID`, or else the round its token or
    /// thread names, or else the couple's latest round; a confirmation is queued.
    package func accept(id: Int64, partner ref: PartnerRef?, roundID: Int64?) throws(AppError) {
        let detail = try show(id: id)
        guard detail.item.state == .open else { throw .invalidInput("review item \(id) is already \(detail.item.state)") }
        if detail.kind == InboundKind.unknown.rawValue, detail.item.reason.hasPrefix("could not be read") {
            throw .invalidInput("review item \(id) could not be read automatically: read it on the mail server or with "
                                + "'tightrope review show \(id)', then reject it here once it is handled")
        }
        if detail.item.checkInID != nil, ref == nil {
            try wrap { () throws(StoreError) in _ = try store.resolveReview(id: id, accept: true, disposition: nil, at: clock.now) }
            return
        }
        // A reply held back although its sender is known (an unverified request, a reply to an earlier
        // round) is accepted as the partner and round it was attributed to.
        let held = try wrap { () throws(StoreError) in try store.inbound(id: detail.item.inboundID) }  // read once, used below too
        var ref = ref, roundID = roundID
        if ref == nil, let partnerID = held?.partnerID,
           let (couple, partner) = try wrap({ () throws(StoreError) in try store.partner(id: partnerID) }) {
            ref = PartnerRef(coupleID: couple.id, label: partner.label)
            roundID = roundID ?? held?.roundID
        }
        guard let ref else {
            throw .invalidInput("review item \(id) is not attributed: say whose reply it is with --as COUPLE/a or COUPLE/b")
        }
        guard let couple = try wrap({ () throws(StoreError) in try store.couple(id: ref.coupleID) }),
              let partner = couple.partner(ref.label), let partnerID = partner.id else {
            throw .invalidInput("--as: no such partner")
        }
        guard let entry = held, let bytes = entry.bytes else {
            throw .invalidInput("review item \(id): the raw message was purged; nothing to read")
        }
        let rounds = try wrap { () throws(StoreError) in try store.rounds(coupleID: couple.id) }
        let round: StoredRound?
        if let roundID {
            round = rounds.first { $0.id == roundID }
        } else {
            let message = MIMEMessage(bytes)
            let referenced = message.messageIDs("In-Reply-To", "References")
            let threadRound = try wrap({ () throws(StoreError) in try store.outboxThread(messageIDs: referenced) })?.roundID
            round = rounds.first { $0.id == threadRound } ?? rounds.last
        }
        guard let round else { throw .invalidInput("--round: the couple has no such round") }
        let processor = InboundProcessor(practice: practice, store: store, lexicon: lexicon, clock: clock)
        var disposition = try processor.read(MIMEMessage(bytes), bytes: bytes, coupleID: couple.id, partnerID: partnerID,
                                             roundID: round.id, inboundID: entry.id, acceptedOnReview: true)
        disposition.outcome = .acceptedOnReview(disposition.outcome)
        try wrap { () throws(StoreError) in _ = try store.resolveReview(id: id, accept: true, disposition: disposition, at: clock.now) }
    }

    package func reject(id: Int64) throws(AppError) {
        try wrap { () throws(StoreError) in _ = try store.resolveReview(id: id, accept: false, disposition: nil, at: clock.now) }
    }
}
