import Crypto
import Foundation
import TightropeCore
import TightropeMail
import TightropeRendering
import TightropeStore

/// Who a reply belongs to, or why it belongs to no one.
package enum Attribution: Equatable, Sendable {
    case partner(coupleID: String, partnerID: Int64, roundID: Int64)
    /// Not attributed: into the review queue. `coupleID` is the couple it seems to concern, if any
    /// (so erasing that couple erases it too).
    case quarantined(reason: String, coupleID: String?)
}

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

    /// The key a message is stored once under: its Message-ID, or a hash of its bytes.
    package static func dedupeKey(_ bytes: [UInt8]) -> String {
        dedupeKey(MIMEMessage(bytes), bytes: bytes)
    }

    /// The key of a message already parsed.
    package static func dedupeKey(_ message: MIMEMessage, bytes: [UInt8]) -> String {
        if let id = message.header("Message-ID").flatMap({ HeaderValues.messageIDs($0).first }) { return "<\(id)>" }
        return "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Decides what to do with a message.
    package func dispose(_ bytes: [UInt8], inboundID: Int64) throws(AppError) -> InboundDisposition {
        try dispose(MIMEMessage(bytes), bytes: bytes, inboundID: inboundID)
    }

    /// Decides what to do with a message already parsed: it is parsed once on its way in.
    package func dispose(_ message: MIMEMessage, bytes: [UInt8], inboundID: Int64) throws(AppError) -> InboundDisposition {
        if let report = DeliveryStatusReport.parse(message) {
            return try bounce(report)
        }
        let attribution = try attribute(message)
        if AutoReplyDetector.isAutoReply(message) {
            var d = InboundDisposition(kind: .autoReply, outcome: "ignored")
            switch attribution {
            case .partner(let couple, let partner, let round):
                (d.coupleID, d.partnerID, d.roundID) = (couple, partner, round)
            case .quarantined(_, let couple):
                d.coupleID = couple
            }
            return d
        }
        switch attribution {
        case .quarantined(let reason, let coupleID):
            var d = InboundDisposition(kind: coupleID == nil ? .unknown : .reply, outcome: "quarantined")
            d.coupleID = coupleID
            d.reviewReason = reason
            return d
        case .partner(let coupleID, let partnerID, let roundID):
            return try read(message, bytes: bytes, coupleID: coupleID, partnerID: partnerID, roundID: roundID, inboundID: inboundID)
        }
    }

    /// A reply attributed to a partner and round (by the poller, or by the therapist on review).
    package func read(_ message: MIMEMessage, bytes: [UInt8], coupleID: String, partnerID: Int64, roundID: Int64,
                      inboundID: Int64) throws(AppError) -> InboundDisposition {
        guard let (couple, partner) = try wrap({ () throws(StoreError) in try store.partner(id: partnerID) }),
              let round = try wrap({ () throws(StoreError) in try store.round(id: roundID) }),
              let questions = round.questions else {
            var d = InboundDisposition(kind: .reply, outcome: "quarantined")
            d.coupleID = coupleID
            d.reviewReason = "the round or partner it names no longer exists"
            return d
        }
        var reading = ReplyReader.read(message: message, questions: questions)
        // A bare "STOP" in the subject (List-Unsubscribe's mailto) with nothing in the body.
        if reading.command == nil, reading.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
           let subject = message.header("Subject"), let command = ReplyCommand.parse(subject) {
            reading.command = command
        }
        let weekLabel = CheckInComposer.weekLabel(round.week, timeZoneID: couple.schedule.timeZoneID)
        if let command = reading.command {
            var d = InboundDisposition(kind: .command, outcome: "")
            (d.coupleID, d.partnerID, d.roundID) = (couple.id, partnerID, roundID)
            let kind: ConfirmationView.Kind
            var until = ""
            switch command {
            case .stop:
                d.participation = .stop
                d.outcome = "stop"
                kind = .stop
            case .pause(let weeks):
                let end = clock.now.addingTimeInterval(Double(weeks) * 7 * 86_400)
                d.participation = .pause(until: end)
                d.outcome = "pause \(weeks) week(s)"
                kind = .pause
                until = Self.dayLabel(end, timeZoneID: couple.schedule.timeZoneID)
            case .resume:
                d.participation = .resume
                d.outcome = "resume"
                kind = .resume
            }
            let view = ConfirmationView(partnerName: partner.name, weekLabel: weekLabel, kind: kind, answers: [], reflection: "",
                                        pauseUntil: until, footer: try footer(couple))
            d.replies = [try mail.confirmation(view, to: partner, inReplyTo: message, roundID: roundID, inboundID: inboundID)]
            return d
        }
        let answers = reading.answers
        let flags = SafetyScreen.screen(reading.text, lexicon: lexicon)
        var d = InboundDisposition(kind: .reply, outcome: "checkin")
        (d.coupleID, d.partnerID, d.roundID) = (couple.id, partnerID, roundID)
        d.checkIn = CheckInDraft(roundID: roundID, partnerID: partnerID, scales: answers.scales, reflection: answers.reflection,
                                 replyText: reading.text, confidence: answers.confidence, safetyFlags: flags)
        if answers.confidence < Self.reviewBelowConfidence {
            d.reviewReason = "answers read with low confidence (\(String(format: "%.2f", answers.confidence)))"
        }
        if !flags.isEmpty { d.outcome = "checkin, safety flags" }
        let view = ConfirmationView(
            partnerName: partner.name, weekLabel: weekLabel, kind: .checkIn,
            answers: questions.scales.enumerated().map { i, scale in
                ConfirmationView.AnswerView(number: i + 1, question: scale.question, value: answers.scales[scale.id])
            },
            reflection: Self.excerpt(answers.reflection ?? "", limit: 400), needsReview: d.reviewReason != nil,
            showCrisis: !flags.isEmpty, footer: try footer(couple))
        d.replies = [try mail.confirmation(view, to: partner, inReplyTo: message, roundID: roundID, inboundID: inboundID)]
        if !flags.isEmpty {
            // The alert first: it is the more urgent of the two.
            d.replies.insert(try mail.alert(couple: couple, partner: partner, weekLabel: weekLabel, flags: flags, titles: categoryTitles,
                                            text: reading.text, inboundID: inboundID), at: 0)
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

    // MARK: Attribution

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
        if let authserv = config.authservID, Self.failsAuthentication(message, authservID: authserv) {
            return .quarantined(reason: "the practice's mail server marked it as failing authentication", coupleID: senderCouple)
        }
        // Tokens in the addresses it was sent to.
        var tokens: [String] = []
        for header in ["To", "Cc", "Delivered-To", "X-Original-To"] {
            for address in message.headers(header).flatMap(HeaderValues.addresses) {
                if let token = ReplyToken.token(inAddress: address, localPart: config.replyLocalPart, domain: config.replyDomain),
                   !tokens.contains(token) {
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
        let referenced = (message.headers("In-Reply-To") + message.headers("References")).flatMap(HeaderValues.messageIDs)
        let thread = try wrap({ () throws(StoreError) in try store.outboxThread(messageIDs: referenced) })
        var claim = verified.first.map { (roundID: $0.roundID, partnerID: $0.partnerID) }
        if let thread {
            if let c = claim, c != (thread.roundID, thread.partnerID) {
                return .quarantined(reason: "the reply address and the thread headers disagree", coupleID: senderCouple)
            }
            claim = (thread.roundID, thread.partnerID)
        }
        guard let claim else {
            return .quarantined(reason: senderPartner == nil ? "unknown sender, no token" : "no token or thread from a known sender",
                                coupleID: senderCouple)
        }
        guard let (couple, partner) = try wrap({ () throws(StoreError) in try store.partner(id: claim.partnerID) }),
              let round = try wrap({ () throws(StoreError) in try store.round(id: claim.roundID) }), round.coupleID == couple.id else {
            return .quarantined(reason: "the token names a round or partner that does not exist", coupleID: senderCouple)
        }
        guard senders.count == 1, senders[0] == partner.email.lowercased() else {
            return .quarantined(reason: "the sender is not the partner the token names", coupleID: couple.id)
        }
        return .partner(coupleID: couple.id, partnerID: claim.partnerID, roundID: claim.roundID)
    }

    /// Whether an `Authentication-Results` header of the practice's own server reports a failure.
    static func failsAuthentication(_ message: MIMEMessage, authservID: String) -> Bool {
        for value in message.headers("Authentication-Results") {
            let id = value.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
            guard id == authservID.lowercased() || id.hasPrefix(authservID.lowercased() + " ") else { continue }
            let results = value.lowercased()
            if ["spf=fail", "dkim=fail", "dmarc=fail", "spf=softfail", "arc=fail"].contains(where: { results.contains($0) }) {
                return true
            }
        }
        return false
    }

    // MARK: Bounces

    private func bounce(_ report: DeliveryStatusReport) throws(AppError) -> InboundDisposition {
        var d = InboundDisposition(kind: .bounce, outcome: report.isHard ? "hard bounce" : "delivery report")
        guard let original = report.originalMessageID,
              let sent = try wrap({ () throws(StoreError) in try store.outboxThread(messageIDs: [original]) }) else {
            d.outcome += ", no message of ours"
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

    private func footer(_ couple: Couple) throws(AppError) -> FooterView {
        guard let therapist = practice.config.therapist(id: couple.therapistID) else {
            throw .configuration("couple's therapist is not in the configuration's [[therapists]]")
        }
        return FooterView(practiceName: practice.config.practiceName, crisisText: practice.config.crisisText,
                          therapistName: therapist.name)
    }

    /// "Re: <their subject>", so clients that thread by subject keep the conversation together.
    /// Control characters are dropped and the length bounded.
    static func replySubject(_ subject: String?) -> String {
        let clean = String((subject ?? "").unicodeScalars.filter { $0.properties.generalCategory != .control && $0 != "\u{7F}" }
            .map(Character.init)).trimmingCharacters(in: .whitespaces)
        let bounded = clean.count > 200 ? String(clean.prefix(200)) + "…" : clean
        if bounded.isEmpty { return "Re: your check-in" }
        return bounded.lowercased().hasPrefix("re:") ? bounded : "Re: " + bounded
    }

    /// At most `limit` characters of a text, on one paragraph, cut at a word.
    static func excerpt(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        guard flat.count > limit else { return flat }
        let cut = flat.prefix(limit)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + " …"
    }

    /// A text kept with its lines, each indented by two spaces, at most `limit` characters.
    static func indented(_ text: String, limit: Int) -> String {
        let bounded = text.count > limit ? String(text.prefix(limit)) + " …" : text
        return bounded.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: "\n")
    }

    /// "15 December 2026" in the couple's time zone.
    static func dayLabel(_ date: Date, timeZoneID: String) -> String {
        let c = Schedule.calendar(timeZoneID: timeZoneID).dateComponents([.day, .month, .year], from: date)
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        return "\(c.day ?? 1) \(months[((c.month ?? 1) - 1)]) \(c.year ?? 2026)"
    }
}
