import Foundation
import Logging
import TightropeCore
import TightropeMail
import TightropeRendering
import TightropeStore

/// What one `send` run did. Counts and opaque ids only.
package struct SendReport: Equatable, Sendable {
    package var roundsOpened = 0
    package var queued = 0
    package var sent = 0
    package var deferred = 0
    package var failed = 0
    /// Partners skipped because no consent is on record, as `couple/label`.
    package var skippedWithoutConsent: [String] = []
    /// Partners skipped because they paused or stopped check-ins.
    package var skippedPaused: [String] = []
    /// Partners skipped because their address bounced for good, repeatedly.
    package var skippedFailingAddress: [String] = []
    /// Reminders queued (one per partner and round at most).
    package var reminders = 0

    package init() {}

    /// 0 all sent, 75 some deferred (try again later).
    package var exitCode: Int32 { deferred > 0 ? 75 : 0 }
}

/// `tightrope send`: opens this week's round for every due couple, queues one check-in per
/// consenting partner, then delivers the outbox.
package struct SendJob {
    package let practice: Practice
    package let store: TightropeStore
    package let clock: any WallClock
    package let logger: Logger

    package init(practice: Practice, store: TightropeStore, clock: any WallClock, logger: Logger) {
        self.practice = practice
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Opens due rounds and queues their messages (no network). With `dryRun` it renders
    /// every message that would be queued (so template or data problems show) and writes nothing.
    package func openDueRounds(report: inout SendReport, dryRun: Bool = false) throws(AppError) {
        let now = clock.now
        let composer = CheckInComposer(practice: practice)
        let failing = try wrap { () throws(StoreError) in try store.failingPartnerIDs() }
        for couple in try wrap({ () throws(StoreError) in try store.couples() }) where couple.status == .active {
            guard let week = Schedule.dueWeek(for: couple.schedule, now: now, notBefore: couple.createdAt),
                  !(try wrap({ () throws(StoreError) in try store.hasRound(coupleID: couple.id, week: week) })) else { continue }
            let rounds = try wrap({ () throws(StoreError) in try store.rounds(coupleID: couple.id) })
            // What each partner answered, round by round: it steers the theme and fills the recap.
            var answered: [Int64: [Int64: StoredCheckIn]] = [:]
            for round in rounds.suffix(4) {
                answered[round.id] = try wrap { () throws(StoreError) in try store.currentCheckIns(roundID: round.id) }
            }
            let history = rounds.map { round in
                var answers: [PartnerLabel: ScaleAnswers] = [:]
                for partner in couple.partners {
                    if let id = partner.id, let scales = answered[round.id]?[id].flatMap(Self.scales), let c = scales["connection"],
                       let r = scales["room"] {
                        answers[partner.label] = ScaleAnswers(connection: c, room: r)
                    }
                }
                return RoundHistoryEntry(theme: round.theme, promptID: round.promptID, answers: answers)
            }
            let previous = rounds.last.flatMap { answered[$0.id] } ?? [:]
            func recap(_ partner: Partner?) -> CheckInView.RecapView? {
                guard let partner, let id = partner.id, let c = previous[id] else { return nil }
                let scales = Self.scales(c) ?? [:]
                return CheckInView.RecapView(name: Self.firstName(partner.name), connection: scales["connection"], room: scales["room"],
                                             reflection: InboundProcessor.excerpt(c.reflection ?? "", limit: 300))
            }
            let questions = composer.questions(history: history)
            var recipients: [Partner] = []
            for partner in couple.partners {
                let ref = PartnerRef(coupleID: couple.id, label: partner.label).description
                if partner.consent == nil {
                    report.skippedWithoutConsent.append(ref)
                } else if let id = partner.id, failing.contains(id) {
                    report.skippedFailingAddress.append(ref)
                } else if partner.status == .stopped || (partner.status == .paused && (partner.pausedUntil ?? .distantFuture) > now) {
                    report.skippedPaused.append(ref)
                } else {
                    recipients.append(partner)
                }
            }
            let render = { (roundID: Int64) throws(AppError) -> [OutboxDraft] in
                var drafts: [OutboxDraft] = []
                for partner in recipients {
                    let messageID = MessageIDGenerator.make(domain: practice.config.messageIDDomain, date: now,
                                                            random: SystemRandomNumberGenerator())
                    let message = try composer.compose(couple: couple, partner: partner, roundID: roundID, week: week,
                                                       questions: questions, recap: recap(partner),
                                                       partnerRecap: recap(couple.partner(partner.label.other)), date: now,
                                                       messageID: messageID)
                    drafts.append(OutboxDraft(kind: "checkin", partnerID: partner.id, messageID: messageID,
                                              envelopeFrom: practice.config.from.address, envelopeTo: partner.email,
                                              bytes: message.render()))
                }
                return drafts
            }
            if dryRun {
                report.roundsOpened += 1
                report.queued += try render(0).count
                continue
            }
            var composeError: AppError?
            let opened = try wrap({ () throws(StoreError) in
                try store.openRound(coupleID: couple.id, week: week, theme: questions.theme, promptID: questions.prompt.id,
                                    questionsJSON: questions.json(), at: now) { roundID in
                    do {
                        return try render(roundID)
                    } catch let error as AppError {
                        composeError = error
                        throw error
                    }
                }
            })
            if let composeError { throw composeError }
            if let opened {
                try wrap({ () throws(StoreError) in
                    try store.audit("round opened", coupleID: couple.id, detail: "\(week), \(recipients.count) check-in(s) queued", at: now)
                })
                report.roundsOpened += 1
                report.queued += recipients.count
                logger.debug("round opened", metadata: ["couple.id": "\(couple.id)", "round.id": "\(opened.id)",
                                                        "round.week": "\(week)", "messages": "\(recipients.count)"])
            }
        }
    }

    /// Queues the week's one reminder for every partner who was sent a check-in, has not
    /// answered it, and whose couple's reminder time has come: in the check-in's thread,
    /// never twice, never after a reply, never to a paused, stopped or failing partner.
    package func queueReminders(report: inout SendReport) throws(AppError) {
        let now = clock.now
        let failing = try wrap { () throws(StoreError) in try store.failingPartnerIDs() }
        for couple in try wrap({ () throws(StoreError) in try store.couples() }) where couple.status == .active {
            guard let round = try wrap({ () throws(StoreError) in try store.rounds(coupleID: couple.id) }).last,
                  let due = Schedule.reminderInstant(for: couple.schedule, openedAt: round.openedAt), now >= due,
                  // Not once the round is stale (a week after the reminder day).
                  now < due.addingTimeInterval(6 * 86_400) else { continue }
            for partner in couple.partners {
                guard let partnerID = partner.id, partner.consent != nil, !failing.contains(partnerID), partner.status != .stopped,
                      !(partner.status == .paused && (partner.pausedUntil ?? .distantFuture) > now),
                      !(try wrap({ () throws(StoreError) in try store.answeredOrReminded(roundID: round.id, partnerID: partnerID) })),
                      let checkIn = try wrap({ () throws(StoreError) in try store.checkInMessage(roundID: round.id, partnerID: partnerID) }),
                      checkIn.state == .sent else { continue }
                let draft = try reminder(couple: couple, partner: partner, round: round, checkIn: checkIn)
                if try wrap({ () throws(StoreError) in try store.queueReminder(draft, roundID: round.id, at: now) }) {
                    report.reminders += 1
                }
            }
        }
    }

    private func reminder(couple: Couple, partner: Partner, round: StoredRound, checkIn: OutboxEntry) throws(AppError) -> OutboxDraft {
        let config = practice.config
        guard let therapist = config.therapist(id: couple.therapistID) else {
            throw .configuration("couple's therapist is not in the configuration's [[therapists]]")
        }
        let view = ReminderView(partnerName: partner.name,
                                weekLabel: CheckInComposer.weekLabel(round.week, timeZoneID: couple.schedule.timeZoneID),
                                footer: FooterView(practiceName: config.practiceName, crisisText: config.crisisText,
                                                   therapistName: therapist.name))
        let text: String
        do { text = try practice.templates.render("reminder_text", view) } catch { throw .configuration(error.description) }
        let original = MIMEMessage(checkIn.bytes)
        let now = clock.now
        let messageID = MessageIDGenerator.make(domain: config.messageIDDomain, date: now, random: SystemRandomNumberGenerator())
        let replyTo = CheckInComposer(practice: practice).replyAddress(roundID: round.id, partnerID: partner.id ?? 0)
        let message = OutgoingMessage(
            from: config.from, to: [EmailAddress(partner.email, displayName: partner.name)],
            replyTo: EmailAddress(replyTo, displayName: config.practiceName),
            subject: InboundProcessor.replySubject(original.header("Subject")), date: now, messageID: messageID,
            inReplyTo: checkIn.messageID, references: [checkIn.messageID],
            extraHeaders: [(name: "Auto-Submitted", value: "auto-generated"),
                           (name: "List-Unsubscribe", value: "<mailto:\(replyTo)?subject=STOP>")],
            textBody: text)
        return OutboxDraft(kind: "reminder", partnerID: partner.id, messageID: messageID, envelopeFrom: config.from.address,
                           envelopeTo: partner.email, bytes: message.render())
    }

    /// Delivers every deliverable outbox row. A row is marked `sending` before the transfer
    /// and `sent` only after the server's final 250, so a crash re-sends the same Message-ID.
    /// A transport failure (TLS, login, server down) stops the batch: the current row goes
    /// back to the queue untouched and nothing is marked sent that was not.
    package func deliverOutbox(with sender: inout some MailSending, report: inout SendReport,
                               progress: ((Int, Int) -> Void)? = nil) throws(AppError) {
        let now = clock.now
        // Ids first, each message's bytes only when it is sent: memory stays flat however large the round.
        let ids = try wrap { () throws(StoreError) in try store.deliverableOutboxIDs(at: now) }
        var pending: TightropeStore.DeliveryRecord?
        for (index, id) in ids.enumerated() {
            // One commit: the previous outcome, and this row marked `sending` before its transfer.
            let record = pending
            guard let entry = try wrap({ () throws(StoreError) in
                try store.advanceOutbox(recording: record, claiming: id, at: clock.now)
            }) else { continue }
            pending = nil
            let outcome: DeliveryOutcome
            do {
                outcome = try sender.send(from: entry.envelopeFrom, to: entry.envelopeTo, bytes: entry.bytes)
            } catch {
                let remaining = ids.count - index
                // Back to the queue, untouched: nothing about this message was refused.
                let back = TightropeStore.DeliveryRecord(id: entry.id, state: error.isTemporary ? .deferred : .queued,
                                                         error: error.isTemporary ? "connection" : nil)
                _ = try wrap({ () throws(StoreError) in try store.advanceOutbox(recording: back, claiming: nil, at: clock.now) })
                logger.error("delivery stopped", metadata: ["outbox.id": "\(entry.id)", "messages.remaining": "\(remaining)",
                                                           "error": "\(error.description)"])
                if error.isTemporary {
                    report.deferred += remaining
                    return
                }
                throw .configuration(error.description)
            }
            switch outcome {
            case .sent:
                report.sent += 1
                pending = .init(id: entry.id, state: .sent)
            case .deferred(let detail):
                report.deferred += 1
                let backoff = min(3600.0 * 6, 300.0 * pow(2.0, Double(max(0, entry.attempts - 1))))
                pending = .init(id: entry.id, state: .deferred, error: detail, nextAttempt: clock.now.addingTimeInterval(backoff))
            case .failed(let detail):
                report.failed += 1
                pending = .init(id: entry.id, state: .failed, error: detail)
            }
            logger.debug("outbox delivery", metadata: ["outbox.id": "\(entry.id)", "outcome": "\(outcome)"])
            progress?(index + 1, ids.count)
        }
        let last = pending
        _ = try wrap { () throws(StoreError) in try store.advanceOutbox(recording: last, claiming: nil, at: clock.now) }
    }

    /// One run: open rounds, deliver, log one summary line. Holds the `send` lease throughout,
    /// so overlapping runs (a slow run and the next timer, or a second host) never both send;
    /// returns nil when another run holds it.
    package func run(sender: inout some MailSending, progress: ((Int, Int) -> Void)? = nil) throws(AppError) -> SendReport? {
        let holder = ProcessIdentity.current
        let leaseDuration: TimeInterval = 30 * 60
        guard try wrap({ () throws(StoreError) in
            try store.acquireLease("send", holder: holder, now: clock.now, duration: leaseDuration, isStale: ProcessIdentity.isGone)
        }) else {
            logger.info("send skipped: another send run holds the lease")
            return nil
        }
        defer { try? store.releaseLease("send", holder: holder) }
        var report = SendReport()
        try openDueRounds(report: &report)
        try queueReminders(report: &report)
        // Renew the lease as the batch goes, so a long run keeps it and a dead one loses it.
        try deliverOutbox(with: &sender, report: &report) { done, total in
            if done % 200 == 0 {
                _ = try? store.acquireLease("send", holder: holder, now: clock.now, duration: leaseDuration, isStale: { _ in false })
            }
            progress?(done, total)
        }
        logger.info("send finished", metadata: [
            "rounds.opened": "\(report.roundsOpened)", "messages.queued": "\(report.queued)", "messages.sent": "\(report.sent)",
            "messages.deferred": "\(report.deferred)", "messages.failed": "\(report.failed)", "reminders": "\(report.reminders)",
            "partners.without_consent": "\(report.skippedWithoutConsent.count)",
            "partners.paused": "\(report.skippedPaused.count)",
        ])
        return report
    }
}

extension SendJob {
    /// A check-in's scale answers by scale id.
    static func scales(_ c: StoredCheckIn) -> [String: Int]? {
        try? JSONDecoder().decode([String: Int].self, from: Data(c.scalesJSON.utf8))
    }

    /// The first word of a name, for "Tom rated…".
    static func firstName(_ name: String) -> String {
        String(name.split(separator: " ").first ?? Substring(name))
    }
}

/// Runs a store operation, turning its error into an `AppError`.
func wrap<T>(_ body: () throws(StoreError) -> T) throws(AppError) -> T {
    do { return try body() } catch {
        switch error {
        case .duplicate, .notFound: throw .invalidInput(error.description)
        case .cannotOpen: throw .configuration(error.description)
        default: throw .failure(error.description)
        }
    }
}
