import Crypto
import Foundation
import TightropeCore
import TightropeMail
import TightropeRendering
import TightropeStore

/// The therapist's reply to the weekly digest: authenticated more strictly than a partner's
/// command (a valid, unexpired digest token; the therapist's own address as the only sender;
/// the practice's mail server verified it — fail closed), read with the same extractor as
/// partners' replies (quotes, signatures, clients), then planned line by line. What it applies
/// is applied in one transaction with the message; the therapist gets one confirmation that
/// lists what was applied and every line that was not (with why). Anything that fails a check
/// goes to review with the reason, and nothing is applied.
extension InboundProcessor {
    /// The digest token in the addresses a message was sent to, if any.
    static func digestToken(in message: MIMEMessage, config: Configuration) -> String? {
        for header in ["To", "Cc", "Delivered-To", "X-Original-To"] {
            for address in message.headers(header).flatMap(HeaderValues.addresses) {
                if let token = ReplyToken.token(inAddress: address, localPart: config.replyLocalPart, domain: config.replyDomain),
                   DigestReplyToken.looksLikeOne(token) {
                    return token
                }
            }
        }
        return nil
    }

    /// A reply sent to a digest's address.
    func therapistReply(_ message: MIMEMessage, token text: String, inboundID: Int64) throws(AppError) -> InboundDisposition {
        let config = practice.config
        var d = InboundDisposition(kind: .therapistReply, outcome: .quarantined)
        // The couples the digest it answers spoke of: the reply quotes it, so it is erased with them.
        d.mentionedCouples = try wrap { () throws(StoreError) in
            try store.digestCouples(messageIDs: message.messageIDs("In-Reply-To", "References"))
        }
        func hold(_ reason: String) throws(AppError) -> InboundDisposition {
            d.reviewReason = "a reply to the digest, not applied: " + reason
            try screenUnread(message, what: "sent to the digest's reply address", into: &d, inboundID: inboundID)
            return d
        }
        // A reply quotes the digest, which speaks of all the couples of the therapist its token
        // names (even a token that fails its check): it is erased with any of them.
        if let named = DigestReplyToken.therapistNamed(text) {
            d.mentionedCouples.formUnion(try wrap { () throws(StoreError) in try store.couples() }.filter { $0.therapistID == named }.map(\.id))
        }
        guard let token = DigestReplyToken.verify(text, key: practice.hmacKey) else {
            return try hold("the token in its address fails its check")
        }
        guard let therapist = config.therapist(id: token.therapistID) else {
            return try hold("the token names a therapist who is not in the configuration")
        }
        let now = clock.now
        guard now < token.issuedAt.addingTimeInterval(Double(config.digestReplyDays) * 86_400) else {
            return try hold("its token expired (replies are applied for \(config.digestReplyDays) days after the digest)")
        }
        let senders = message.headers("From").flatMap(HeaderValues.addresses)
        guard senders.count == 1, !HeaderValues.isLookAlike(senders[0]),
              HeaderValues.comparable(senders[0]) == HeaderValues.comparable(therapist.email) else {
            return try hold("the sender is not the therapist the digest was sent to")
        }
        guard let authserv = config.authservID else {
            return try hold("the practice's mail server cannot vouch for the sender ([imap] authserv_id is not set)")
        }
        guard Attributor.senderVerified(message, authservID: authserv) else {
            return try hold("the practice's mail server did not verify the sender (no passing Authentication-Results)")
        }

        guard message.headers("Message-ID").count <= 1 else { return try hold("it has more than one Message-ID") }
        guard let written = message.header("Date").flatMap(RFC5322Date.parse) else { return try hold("it has no readable Date") }
        let extracted = ReplyExtractor.extract(message: message)
        // Nothing written above a quoted header: what is below is the digest itself, never instructions.
        guard !extracted.onlyBelowHeader else { return try hold("nothing was written above the quoted message") }
        let text = extracted.text
        // A copy of a reply already applied, sent again with a new Message-ID (its signed Date and
        // text unchanged): never applied twice.
        let key = SHA256.hash(data: Array("\(therapist.id)\n\(written.timeIntervalSince1970)\n\(text)".utf8))
            .map { String(format: "%02x", $0) }.joined()
        if try wrap({ () throws(StoreError) in try store.isTherapistReplyApplied(therapistID: therapist.id, key: key) }) {
            return try hold("it is a copy of a reply of yours already applied")
        }
        var plan = TherapistPlan(therapist: therapist, locale: try practice.therapistLocale(therapist.language))
        for line in TherapistCommandReader.read(text, scaleCount: practice.bank.scales.count) {
            switch line {
            case .notUnderstood(let l):
                plan.notApplied.append(.init(line: l, reason: plan.t(.refuseNotUnderstood)))
            case .commands(let commands, let l):
                for command in commands {
                    do throws(Refusal) {
                        try plan.add(command, line: l, processor: self, now: now)
                    } catch {
                        // A note's text is not repeated in mail (the confirmation is stored until sent).
                        let shown = if case .note(let couple, _) = command { "note \(couple): …" } else { l }
                        plan.notApplied.append(.init(line: shown, reason: error.reason))
                    }
                }
            }
        }
        d.outcome = .therapistReply(applied: plan.applied.count, notApplied: plan.notApplied.count)
        d.mentionedCouples.formUnion(plan.couples)
        if !plan.actions.isEmpty {
            d.therapistBatch = TherapistBatch(therapistID: therapist.id, actions: plan.actions, replyKey: key)
        }
        d.replies = [try OutgoingMail(practice: practice, clock: clock).therapistEcho(plan.view(practice: practice), to: therapist,
                                                                                     inReplyTo: message, inboundID: inboundID)]
        return d
    }

    /// Why one instruction cannot be applied (shown to the therapist with the line).
    struct Refusal: Error {
        var reason: String
    }

    /// A reply's instructions, checked against the store and turned into actions.
    struct TherapistPlan {
        let therapist: Therapist
        let locale: TherapistLocale
        var t: TherapistTexts { locale.texts }
        var actions: [TherapistAction] = []
        var applied: [String] = []
        var notApplied: [TherapistEchoView.NotApplied] = []
        var couples: Set<String> = []
        var settledReviews: Set<Int64> = []
        var undoing = false

        init(therapist: Therapist, locale: TherapistLocale) {
            self.therapist = therapist
            self.locale = locale
        }

        func view(practice: Practice) -> TherapistEchoView {
            var view = TherapistEchoView(therapistName: therapist.name, practiceName: practice.config.practiceName, applied: applied,
                                         notApplied: notApplied, undoHours: practice.config.undoHours,
                                         canUndo: !actions.isEmpty && !undoing)
            view.undoHoursLabel = t.count(.hours, practice.config.undoHours)
            return view
        }

        mutating func add(_ command: TherapistCommand, line: String, processor p: InboundProcessor, now: Date) throws(Refusal) {
            let store = p.store
            func storeRead<T>(_ body: () throws(StoreError) -> T) throws(Refusal) -> T {
                do { return try body() } catch { throw Refusal(reason: t(.refuseDatabase, ["detail": error.description])) }
            }
            // One of this therapist's couples, not ended (another therapist's couple is "not yours" too: no names leak).
            func mine(_ id: String) throws(Refusal) -> Couple {
                guard let couple = try storeRead({ () throws(StoreError) in try store.couple(id: id) }),
                      couple.therapistID == therapist.id else { throw Refusal(reason: t(.refuseNoCouple, ["couple": id])) }
                guard couple.status != .ended else { throw Refusal(reason: t(.refuseCoupleEnded, ["couple": id])) }
                couples.insert(couple.id)
                return couple
            }
            func openReview(_ id: Int64) throws(Refusal) -> ReviewItem {
                guard !settledReviews.contains(id) else { throw Refusal(reason: t(.refuseSettledEarlier, ["id": String(id)])) }
                guard let item = try storeRead({ () throws(StoreError) in try store.review(id: id) }),
                      try item.coupleID.map({ c throws(Refusal) in try storeRead { () throws(StoreError) in try store.couple(id: c) }?.therapistID })
                        ?? (p.practice.config.therapists.first?.id) == therapist.id else {
                    throw Refusal(reason: t(.refuseNoReview, ["id": String(id)]))
                }
                guard item.state == .open else { throw Refusal(reason: t(.refuseReviewState, ["id": String(id), "state": item.state.rawValue])) }
                if let c = item.coupleID { couples.insert(c) }
                return item
            }
            if case .undo = command {} else if undoing {
                throw Refusal(reason: t(.refuseUndoWithOthers))
            }
            switch command {
            case .accept(let id):
                let item = try openReview(id)
                let action = try acceptAction(item, values: nil, processor: p)
                actions.append(action)
                settledReviews.insert(id)
                let final = finalNote(action)
                applied.append(item.coupleID.map { t(.echoAcceptedCouple, ["id": String(id), "couple": $0, "final": final]) }
                               ?? t(.echoAccepted, ["id": String(id), "final": final]))
            case .setValues(let id, let values):
                let item = try openReview(id)
                let action = try acceptAction(item, values: values, processor: p)
                actions.append(action)
                settledReviews.insert(id)
                applied.append(t(.echoAcceptedValues, ["id": String(id), "final": finalNote(action),
                                                       "values": values.enumerated().map { "\($0 + 1)) \($1)" }.joined(separator: " ")]))
            case .reject(let id):
                _ = try openReview(id)
                actions.append(.rejectReview(id: id))
                settledReviews.insert(id)
                applied.append(t(.echoRejected, ["id": String(id)]))
            case .seen(let id):
                guard let about = try storeRead({ () throws(StoreError) in try store.alertCouple(inboundID: id) }),
                      try about.map({ c throws(Refusal) in try storeRead { () throws(StoreError) in try store.couple(id: c) }?.therapistID })
                        ?? (p.practice.config.therapists.first?.id) == therapist.id else {
                    throw Refusal(reason: t(.refuseNoAlert, ["id": String(id)]))
                }
                if try storeRead({ () throws(StoreError) in try store.isAlertAcknowledged(inboundID: id) }) {
                    throw Refusal(reason: t(.refuseAlertSeen, ["id": String(id)]))
                }
                actions.append(.acknowledgeAlert(inboundID: id))
                if let c = about { couples.insert(c) }
                applied.append(t(.echoSeen, ["id": String(id)]))
            case .theme(let id, let word):
                let couple = try mine(id)
                guard let theme = Self.theme(word, bank: p.practice.bank) ?? Self.theme(word, bank: locale.bank) else {
                    throw Refusal(reason: t(.refuseNoTheme, ["word": word, "themes": Theme.allCases.map(\.rawValue).joined(separator: ", ")]))
                }
                actions.append(.setNextTheme(coupleID: couple.id, theme: theme.rawValue))
                applied.append(t(.echoTheme, ["couple": couple.id, "theme": locale.bank.themeTitles[theme] ?? theme.rawValue]))
            case .share(let id, let on):
                let couple = try mine(id)
                actions.append(.setSharing(coupleID: couple.id, on: on))
                applied.append(t(on ? .echoSharingOn : .echoSharingOff, ["couple": couple.id]))
            case .pause(let id, let weeks):
                let couple = try mine(id)
                let until = weeks.map { now.addingTimeInterval(Double($0) * 7 * 86_400) }
                actions.append(.pause(coupleID: couple.id, until: until))
                applied.append(until.map {
                    t(.echoPausedUntil, ["couple": couple.id,
                                         "date": InboundProcessor.dayLabel($0, timeZoneID: couple.schedule.timeZoneID, language: therapist.language)])
                } ?? t(.echoPausedOpen, ["couple": couple.id]))
            case .resume(let id):
                let couple = try mine(id)
                guard couple.status == .paused else { throw Refusal(reason: t(.refuseNotPaused, ["couple": id])) }
                actions.append(.resume(coupleID: couple.id))
                applied.append(t(.echoResumed, ["couple": couple.id]))
            case .note(let id, let text):
                let couple = try mine(id)
                guard text.count <= 2_000 else { throw Refusal(reason: t(.refuseNoteTooLong)) }
                actions.append(.note(coupleID: couple.id, text: text))
                applied.append(t(.echoNoteKept, ["couple": couple.id]))
            case .undo:
                guard actions.isEmpty, !undoing else {
                    throw Refusal(reason: t(.refuseUndoAlone))
                }
                let since = now.addingTimeInterval(-Double(p.practice.config.undoHours) * 3_600)
                guard let batch = try storeRead({ () throws(StoreError) in try store.undoableBatch(therapistID: therapist.id, since: since) }) else {
                    throw Refusal(reason: t(.refuseNothingToUndo, ["hours": t.count(.hours, p.practice.config.undoHours)]))
                }
                undoing = true
                actions.append(.undo(batchID: batch.id))
                applied.append(t(.echoUndone, ["changes": t.count(.changes, batch.steps)]))
            }
        }

        /// Accepting an item: a stored low-confidence check-in as read or with new values; a reply
        /// held back from a known partner read for them (their request applied, or the late reply stored).
        private func acceptAction(_ item: ReviewItem, values: [Int]?, processor p: InboundProcessor) throws(Refusal) -> TherapistAction {
            let store = p.store
            func storeRead<T>(_ body: () throws(StoreError) -> T) throws(Refusal) -> T {
                do { return try body() } catch { throw Refusal(reason: t(.refuseDatabase, ["detail": error.description])) }
            }
            func scales(_ values: [Int], roundID: Int64) throws(Refusal) -> ScaleValues {
                guard let questions = try storeRead({ () throws(StoreError) in try store.round(id: roundID) })?.questions,
                      questions.scales.count == values.count else {
                    throw Refusal(reason: t(.refuseValueCount, ["id": String(item.id), "count": String(values.count)]))
                }
                var result = ScaleValues()
                for (scale, value) in zip(questions.scales, values) { result[scale.id] = value }
                return result
            }
            if let checkInID = item.checkInID {
                guard let values else { return .acceptReview(id: item.id, disposition: nil, corrected: nil) }
                guard let c = try storeRead({ () throws(StoreError) in try store.checkIn(id: checkInID) }) else {
                    throw Refusal(reason: t(.refuseCheckInGone, ["id": String(item.id)]))
                }
                let corrected = CheckInDraft(roundID: c.roundID, partnerID: c.partnerID, scales: try scales(values, roundID: c.roundID),
                                             reflection: c.reflection, replyText: c.replyText, confidence: 1, safetyFlags: c.safetyFlags)
                return .acceptReview(id: item.id, disposition: nil, corrected: corrected)
            }
            guard let entry = try storeRead({ () throws(StoreError) in try store.inbound(id: item.inboundID) }) else {
                throw Refusal(reason: t(.refuseMessageGone, ["id": String(item.id)]))
            }
            guard entry.kind != .therapistReply else {
                throw Refusal(reason: t(.refuseFailedReply, ["id": String(item.id)]))
            }
            guard let partnerID = entry.partnerID, let roundID = entry.roundID,
                  let (couple, _) = try storeRead({ () throws(StoreError) in try store.partner(id: partnerID) }) else {
                throw Refusal(reason: t(.refuseWhoseReply, ["id": String(item.id)]))
            }
            guard let bytes = entry.bytes else { throw Refusal(reason: t(.refusePurged, ["id": String(item.id)])) }
            var disposition: InboundDisposition
            do {
                disposition = try p.read(MIMEMessage(bytes), bytes: bytes, coupleID: couple.id, partnerID: partnerID, roundID: roundID,
                                         inboundID: entry.id, acceptedOnReview: true)
            } catch {
                throw Refusal(reason: t(.refuseUnreadable, ["id": String(item.id), "detail": error.description]))
            }
            if let values {
                guard disposition.checkIn != nil, disposition.kind != .command else {
                    throw Refusal(reason: t(.refuseCommandValues, ["id": String(item.id)]))
                }
                disposition.checkIn?.scales = try scales(values, roundID: roundID)
                disposition.checkIn?.confidence = 1
            }
            disposition.outcome = .acceptedOnReview(disposition.outcome)
            return .acceptReview(id: item.id, disposition: disposition, corrected: nil)
        }

        /// Accepting a reply held back from a partner applies it for them (their request, their
        /// confirmation): that cannot be taken back by `undo`, and the confirmation says so.
        func finalNote(_ action: TherapistAction) -> String {
            if case .acceptReview(_, let disposition, _) = action, disposition != nil { return t(.echoAppliedForPartner) }
            return ""
        }

        /// A theme by its id, its title, or a word of its id that names only it ("needs", "growth").
        static func theme(_ word: String, bank: QuestionBank) -> Theme? {
            let w = word.lowercased()
            if let theme = Theme(rawValue: w) { return theme }
            if let byTitle = Theme.allCases.first(where: { bank.themeTitles[$0]?.lowercased() == w }) { return byTitle }
            let partial = Theme.allCases.filter { $0.rawValue.split(separator: "-").contains { $0 == w } }
            if partial.count == 1 { return partial[0] }
            // A word of one title only, in the therapist's language ("Grenzen", "境界線"), of four letters or more.
            guard w.count >= 4 else { return nil }
            let titled = Theme.allCases.filter { theme in
                (bank.themeTitles[theme] ?? "").lowercased().split { !$0.isLetter }.contains { $0 == w }
            }
            return titled.count == 1 ? titled[0] : nil
        }
    }
}
