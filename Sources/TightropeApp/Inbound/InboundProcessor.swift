import Crypto
import Foundation
import TightropeCore
import TightropeMail
import TightropeRendering
import TightropeStore

/// Decides what one stored inbound message is (reply, auto-reply, bounce, command, unknown),
/// whom it belongs to, and what follows from it. Reads the store; writes nothing itself: the
/// result is applied in one transaction by `TightropeStore.finishInbound`.
package struct InboundProcessor {
    package let practice: Practice
    package let store: TightropeStore
    package let lexicon: SafetyLexicon
    package let clock: any WallClock

    /// Check-ins read with less confidence than this also go to the review queue.
    package static let reviewBelowConfidence = 0.6

    package init(practice: Practice, store: TightropeStore, lexicon: SafetyLexicon, clock: any WallClock) {
        self.practice = practice
        self.store = store
        self.lexicon = lexicon
        self.clock = clock
    }

    /// The key a message is stored once under: its Message-ID (a valid RFC 5322 msg-id), or a
    /// hash of its bytes. Found by a bounded scan of the raw headers, so a message is keyed and
    /// stored before anything parses it.
    package static func dedupeKey(_ bytes: [UInt8]) -> String {
        if let id = RawHeaders.firstValue("Message-ID", in: bytes).flatMap({ HeaderValues.messageIDs($0).first }) { return "<\(id)>" }
        return "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Decides what to do with a message already parsed: it is parsed once on its way in.
    package func dispose(_ message: MIMEMessage, bytes: [UInt8], inboundID: Int64) throws(AppError) -> InboundDisposition {
        // classify -> authenticate -> read -> screen -> respond; each step its own type.
        let kind = InboundClass.of(message)
        if case .deliveryReport(let report) = kind {
            var d = try bounce(report)
            if d.eraseOnArrival { return d }  // about a couple erased since: deleted, not read
            try screenUnread(message, what: "that came back as a delivery report", into: &d, inboundID: inboundID)
            return d
        }
        // A reply to the therapist's digest: instructions, read and authenticated on a path of its own.
        if kind == .message, let token = Self.digestToken(in: message, config: practice.config) {
            return try therapistReply(message, token: token, inboundID: inboundID)
        }
        let attribution = try Attributor(practice: practice, store: store).attribute(message)
        if attribution == .erased {
            var d = InboundDisposition(kind: kind == .autoReply ? .autoReply : .reply, outcome: .ignored)
            d.eraseOnArrival = true
            return d
        }
        if kind == .autoReply {
            var d = InboundDisposition(kind: .autoReply, outcome: .ignored)
            switch attribution {
            case .partner(let couple, let partner, let round):
                (d.coupleID, d.partnerID, d.roundID) = (couple, partner, round)
            case .quarantined(_, let couple, let named):
                (d.coupleID, d.tokenCoupleID) = (couple, named)
            case .erased:
                break
            }
            try screenUnread(message, what: "sent as an automatic reply", into: &d, inboundID: inboundID,
                             verifiedPartner: d.partnerID)
            return d
        }
        switch attribution {
        case .quarantined(let reason, let coupleID, let named):
            var d = InboundDisposition(kind: coupleID == nil ? .unknown : .reply, outcome: .quarantined)
            (d.coupleID, d.tokenCoupleID) = (coupleID, named)
            d.reviewReason = reason
            try screenUnread(message, what: "held for review (\(reason))", into: &d, inboundID: inboundID)
            return d
        case .erased:
            return InboundDisposition(kind: .reply, outcome: .ignored)
        case .partner(let coupleID, let partnerID, let roundID):
            return try read(message, bytes: bytes, coupleID: coupleID, partnerID: partnerID, roundID: roundID, inboundID: inboundID)
        }
    }

    /// A reply attributed to a partner and round (by the poller, or by the therapist on review).
    /// `acceptedOnReview`: the therapist accepted it from the review queue, so the two gates below
    /// (an unverified request, a reply to an earlier round) no longer hold it back.
    package func read(_ message: MIMEMessage, bytes: [UInt8], coupleID: String, partnerID: Int64, roundID: Int64,
                      inboundID: Int64, acceptedOnReview: Bool = false) throws(AppError) -> InboundDisposition {
        var d = try readAttributed(message, bytes: bytes, coupleID: coupleID, partnerID: partnerID, roundID: roundID,
                                   inboundID: inboundID)
        guard !acceptedOnReview, d.outcome != .quarantined else { return d }
        // Fail closed: a request to stop, pause or resume is obeyed only when the practice's own
        // server verified the sender (when it is configured to say so); otherwise the therapist decides.
        if d.kind == .command, !Attributor.senderVerified(message, authservID: practice.config.authservID) {
            hold(&d, reason: "a request to stop, pause or resume from a sender the practice's mail server did not verify "
                     + "(no passing Authentication-Results); accept it to apply it")
            return d
        }
        // A late reply to an earlier round never rewrites that round: the therapist can accept it into it.
        if d.checkIn != nil, let latest = try wrap({ () throws(StoreError) in try store.rounds(coupleID: coupleID) }).map(\.id).max(),
           latest != roundID {
            hold(&d, reason: "a reply to an earlier round (round \(roundID)); accept it to store it in that round")
        }
        return d
    }

    /// Keeps a reply out of the record until the therapist decides: nothing is applied or
    /// confirmed, but an alert about what it says still goes out.
    private func hold(_ d: inout InboundDisposition, reason: String) {
        if let flags = d.checkIn?.safetyFlags, !flags.isEmpty, d.safetyFlags.isEmpty { d.safetyFlags = flags }
        d.checkIn = nil
        d.participation = nil
        d.outcome = .quarantined
        d.replies = d.replies.filter { $0.kind == .alert }
        d.reviewReason = reason
    }

    private func readAttributed(_ message: MIMEMessage, bytes: [UInt8], coupleID: String, partnerID: Int64, roundID: Int64,
                                inboundID: Int64) throws(AppError) -> InboundDisposition {
        guard let (couple, partner) = try wrap({ () throws(StoreError) in try store.partner(id: partnerID) }),
              let round = try wrap({ () throws(StoreError) in try store.round(id: roundID) }),
              let stored = round.questions else {
            var d = InboundDisposition(kind: .reply, outcome: .quarantined)
            d.coupleID = coupleID
            d.reviewReason = "the round or partner it names no longer exists"
            return d
        }
        // Read as the partner's language asks: the round's questions in it (same ids).
        let questions = try practice.questions(stored, for: partner.language)
        let reading = ReplyReader.read(message: message, questions: questions)
        let weekDate = CheckInComposer.weekDate(round.week, language: partner.language, timeZoneID: couple.schedule.timeZoneID)
        if let command = reading.command {
            var d = InboundDisposition(kind: .command, outcome: .resume)
            (d.coupleID, d.partnerID, d.roundID) = (couple.id, partnerID, roundID)
            let kind: ConfirmationView.Kind
            var until = ""
            switch command {
            case .stop:
                d.participation = .stop
                d.outcome = .stop
                kind = .stop
            case .pause(let weeks):
                let end = clock.now.addingTimeInterval(Double(weeks) * 7 * 86_400)
                d.participation = .pause(until: end)
                d.outcome = .pause(weeks: weeks)
                kind = .pause
                until = partner.language == "en" ? Self.dayLabel(end, timeZoneID: couple.schedule.timeZoneID)
                    : LocaleSupport.longDate(end, language: partner.language, timeZoneID: couple.schedule.timeZoneID)
            case .resume:
                d.participation = .resume
                d.outcome = .resume
                kind = .resume
            }
            let view = ConfirmationView(partnerName: partner.greetingName, weekDate: weekDate, kind: kind, answers: [], reflection: "",
                                        pauseUntil: until, footer: try footer(couple, partner))
            d.replies = [try mail.confirmation(view, to: partner, inReplyTo: message, roundID: roundID, inboundID: inboundID)]
            // A command is screened like any text ("STOP. I can't go on" alerts), and answers given with
            // it ("1) 4 2) 3 … please pause these for two weeks") are stored as the check-in too.
            let flags = SafetyScreen.screen(reading.text, lexicon: lexicon)
            if !reading.answers.scales.isEmpty || !flags.isEmpty {
                d.checkIn = CheckInDraft(roundID: roundID, partnerID: partnerID, scales: reading.answers.scales,
                                         reflection: reading.answers.reflection, replyText: reading.text,
                                         confidence: reading.answers.confidence, safetyFlags: flags)
            }
            if !flags.isEmpty {
                d.replies.insert(try mail.alert(couple: couple, partner: partner, week: round.week, flags: flags, titles: categoryTitles,
                                                findings: SafetyScreen.explain(reading.text, lexicon: lexicon), text: reading.text,
                                                inboundID: inboundID), at: 0)
            }
            return d
        }
        let answers = reading.answers
        let flags = SafetyScreen.screen(reading.text, lexicon: lexicon)
        var d = InboundDisposition(kind: .reply, outcome: .checkIn(safetyFlags: false))
        (d.coupleID, d.partnerID, d.roundID) = (couple.id, partnerID, roundID)
        d.checkIn = CheckInDraft(roundID: roundID, partnerID: partnerID, scales: answers.scales, reflection: answers.reflection,
                                 replyText: reading.text, confidence: answers.confidence, safetyFlags: flags,
                                 measure: reading.measure.flatMap { $0.answeredAny ? $0.values : nil })
        if answers.confidence < Self.reviewBelowConfidence {
            d.reviewReason = "answers read with low confidence (\(String(format: "%.2f", answers.confidence)))"
        }
        if !flags.isEmpty { d.outcome = .checkIn(safetyFlags: true) }
        let view = ConfirmationView(
            partnerName: partner.greetingName, weekDate: weekDate, kind: .checkIn,
            answers: questions.scales.enumerated().map { i, scale in
                ConfirmationView.AnswerView(number: i + 1, question: scale.question, value: answers.scales[scale.id])
            },
            reflection: Self.excerpt(answers.reflection ?? "", limit: 400), needsReview: d.reviewReason != nil,
            showCrisis: !flags.isEmpty, footer: try footer(couple, partner))
        var confirmation = view
        if let measure = questions.measure, let values = reading.measure?.values {
            confirmation.measureLine = zip(measure.items, values).map { item, value in
                "\(item.letter)) " + (value.map { "\($0) (\(item.anchors[$0]))" } ?? "(no answer found)")
            }.joined(separator: ", ")
        }
        d.replies = [try mail.confirmation(confirmation, to: partner, inReplyTo: message, roundID: roundID, inboundID: inboundID)]
        if !flags.isEmpty {
            // The alert first: it is the more urgent of the two.
            d.replies.insert(try mail.alert(couple: couple, partner: partner, week: round.week, flags: flags, titles: categoryTitles,
                                            findings: SafetyScreen.explain(reading.text, lexicon: lexicon), text: reading.text,
                                            inboundID: inboundID), at: 0)
        }
        return d
    }

    /// The therapist's immediate alert: the subject names the couple id only; the body says
    /// what was flagged and quotes the reply for the therapist's eyes.
    private var mail: OutgoingMail { OutgoingMail(practice: practice, clock: clock) }

    /// The lexicon's category titles by id, for alerts.
    private var categoryTitles: [String: String] {
        Dictionary(lexicon.categories.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Screening what is not a check-in

    /// Every inbound text is screened, whatever it is: a message that is not read as a check-in
    /// (quarantined, from an unknown sender, an auto-reply, a delivery report with a human note)
    /// gets its flags recorded and an alert that says the sender is not verified. The alert goes
    /// to the therapist only; nothing is sent to the sender.
    func screenUnread(_ message: MIMEMessage, what: String, into d: inout InboundDisposition, inboundID: Int64,
                              verifiedPartner: Int64? = nil) throws(AppError) {
        let text = ReplyExtractor.extract(message: message).text
        let flags = SafetyScreen.screen(text, lexicon: lexicon)
        guard !flags.isEmpty else { return }
        d.safetyFlags = flags
        // An automatic reply from a partner on file: the usual alert, which names them.
        if let partnerID = verifiedPartner, let (couple, partner) = try wrap({ () throws(StoreError) in try store.partner(id: partnerID) }) {
            d.replies.append(try mail.alert(couple: couple, partner: partner, week: nil, flags: flags,
                                            titles: categoryTitles, findings: SafetyScreen.explain(text, lexicon: lexicon), text: text,
                                            inboundID: inboundID))
            return
        }
        let couple = try d.coupleID.flatMap { id throws(AppError) in try wrap { () throws(StoreError) in try store.couple(id: id) } }
        let sender = message.headers("From").flatMap(HeaderValues.addresses).first
        d.replies.append(try mail.unverifiedAlert(couple: couple, sender: sender, what: what, flags: flags,
                                                  titles: categoryTitles, findings: SafetyScreen.explain(text, lexicon: lexicon), text: text,
                                                  inboundID: inboundID))
        // An unverified crisis message is also put in front of the therapist in the review queue.
        if d.reviewReason == nil { d.reviewReason = "crisis language in a message from an address not on file" }
    }

    // MARK: Bounces

    private func bounce(_ report: DeliveryStatusReport) throws(AppError) -> InboundDisposition {
        var d = InboundDisposition(kind: .bounce, outcome: .bounce(hard: report.isHard, matched: true))
        if let original = report.originalMessageID, try wrap({ () throws(StoreError) in try store.isErasedMessageID(original) }) {
            d.outcome = .bounce(hard: report.isHard, matched: false)
            d.eraseOnArrival = true
            return d
        }
        guard let original = report.originalMessageID,
              let sent = try wrap({ () throws(StoreError) in try store.outboxThread(messageIDs: [original]) }) else {
            d.outcome = .bounce(hard: report.isHard, matched: false)
            return d
        }
        // Believed only when it reports on the address that message went to: a forged bounce naming
        // one of our Message-IDs but another recipient marks nobody's address failing.
        let recipient = try wrap({ () throws(StoreError) in try store.outboxRecipient(messageID: original) }).map(HeaderValues.comparable)
        guard let recipient, report.recipients.contains(where: { HeaderValues.comparable($0.address) == recipient }) else {
            d.outcome = .bounce(hard: report.isHard, matched: false)
            // Not believed, but it may carry our message to that partner back (a forwarding address
            // that bounced): erased with their couple, never filed under it.
            d.tokenCoupleID = try wrap({ () throws(StoreError) in try store.partner(id: sent.partnerID) })?.couple.id
            return d
        }
        d.partnerID = sent.partnerID
        d.roundID = sent.roundID
        d.coupleID = try wrap({ () throws(StoreError) in try store.partner(id: sent.partnerID) })?.couple.id
        d.bouncedMessageID = original
        d.hardBounce = report.isHard
        return d
    }

    // MARK: Confirmations

    private func footer(_ couple: Couple, _ partner: Partner) throws(AppError) -> FooterView {
        guard let therapist = practice.config.therapist(id: couple.therapistID) else {
            throw .configuration("couple's therapist is not in the configuration's [[therapists]]")
        }
        return FooterView(practiceName: practice.config.practiceName,
                          crisisText: practice.config.crisisText(for: partner.language) ?? practice.config.crisisText,
                          therapistName: therapist.name)
    }
}
