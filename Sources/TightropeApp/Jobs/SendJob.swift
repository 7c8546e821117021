import Foundation
import Logging
import TightropeCore
import TightropeMail
import TightropeRendering
import TightropeStore
import TightropeTransport

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
    /// Couples for which no round was opened, and why (not couples whose round is open already).
    package var waiting: [Waiting] = []
    /// Messages re-sent because an earlier run died between handing them to the server and
    /// recording it: each a possible duplicate, with the same Message-ID.
    package var resentAfterInterruption = 0

    package init() {}

    /// A couple that got no check-in on this run, and why.
    package struct Waiting: Equatable, Sendable {
        package enum Reason: Equatable, Sendable {
            /// This week's send time has not come: the round opens at `next`.
            case notDue(next: Date)
            /// Added after this week's send time: the first round opens at `next` (next week),
            /// or now with `send --couple ID --this-week`.
            case addedAfterSendTime(next: Date?)
            /// The couple is paused or ended (`couple resume`).
            case couplePaused, coupleEnded
            /// `--couple` named it, but this week's round is open already (never twice).
            case alreadyOpened(ISOWeek)
        }
        package var coupleID: String
        package var timeZoneID: String
        package var reason: Reason
    }

    /// 0 all sent, 75 some deferred (try again later).
    package var exitStatus: ExitStatus { deferred > 0 ? .temporary : .success }
    package var exitCode: Int32 { exitStatus.rawValue }
}

/// `tightrope send`: opens this week's round for every due couple, queues one check-in per
/// consenting partner, then delivers the outbox.
package struct SendJob: Sendable {
    package let practice: Practice
    package let store: TightropeStore
    package let clock: any WallClock
    package let logger: Logger
    /// Only this couple (`send --couple ID`); every couple when nil.
    package var onlyCouple: String?
    /// Open the current week's round for `onlyCouple` whatever its send time (`--this-week`):
    /// still exactly once, like any round.
    package var thisWeek = false

    package init(practice: Practice, store: TightropeStore, clock: any WallClock, logger: Logger) {
        self.practice = practice
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Opens due rounds and queues their messages (no network). With `dryRun` it renders
    /// every message that would be queued (so template or data problems show) and writes nothing.
    package func openDueRounds(report: inout SendReport, dryRun: Bool = false,
                               opened onOpened: ([Int64]) -> Void = { _ in }) throws(AppError) {
        let now = clock.now
        let composer = CheckInComposer(practice: practice)
        let failing = try wrap { () throws(StoreError) in try store.failingPartnerIDs() }
        // Most couples share the practice's schedule: its calendar arithmetic is done once per
        // schedule (it was most of an idle hourly run's CPU at 10,000 couples).
        var sends: [WeeklySchedule: (week: ISOWeek, due: Date)?] = [:]
        try forEachCouple { (couple: Couple) throws(AppError) in
            func wait(_ reason: SendReport.Waiting.Reason) {
                report.waiting.append(.init(coupleID: couple.id, timeZoneID: couple.schedule.timeZoneID, reason: reason))
            }
            guard couple.isActive(at: now) else {
                wait(couple.status == .ended ? .coupleEnded : .couplePaused)
                return
            }
            let send: (week: ISOWeek, due: Date)?
            if let known = sends[couple.schedule] {
                send = known
            } else {
                send = Schedule.currentSend(for: couple.schedule, now: now)
                sends[couple.schedule] = send
            }
            let week: ISOWeek
            if thisWeek {
                week = Schedule.week(containing: now, timeZoneID: couple.schedule.timeZoneID)
            } else if let send, send.due >= (couple.createdAt ?? .distantPast) {
                week = send.week
            } else {
                // As Schedule.dueWeek(for:now:notBefore:): a couple added after this week's send time waits,
                // unless its round for this week was opened by hand (`--this-week`): then it is not waiting.
                let thisWeek = Schedule.week(containing: now, timeZoneID: couple.schedule.timeZoneID)
                if try wrap({ () throws(StoreError) in try store.hasRound(coupleID: couple.id, week: thisWeek) }) {
                    if onlyCouple != nil { wait(.alreadyOpened(thisWeek)) }
                    return
                }
                if send == nil, let next = Schedule.sendInstant(for: couple.schedule, week: thisWeek), next > now {
                    wait(.notDue(next: next))
                } else {
                    let nextWeek = Schedule.week(containing: now.addingTimeInterval(7 * 86_400), timeZoneID: couple.schedule.timeZoneID)
                    wait(.addedAfterSendTime(next: Schedule.sendInstant(for: couple.schedule, week: nextWeek)))
                }
                return
            }
            // This check spares the work on every hourly run (one indexed lookup, no round decoded);
            // openRound checks again in its transaction.
            guard try !wrap({ () throws(StoreError) in try store.hasRound(coupleID: couple.id, week: week) }) else {
                if onlyCouple != nil { wait(.alreadyOpened(week)) }
                return
            }
            let rounds = try wrap({ () throws(StoreError) in try store.rounds(coupleID: couple.id) })
            guard !rounds.contains(where: { $0.week == week }) else { return }
            // What each partner answered, round by round: it steers the theme and fills the recap.
            var answered: [Int64: [Int64: StoredCheckIn]] = [:]
            for round in rounds.suffix(4) {
                answered[round.id] = try wrap { () throws(StoreError) in try store.currentCheckIns(roundID: round.id) }
            }
            let history = rounds.map { round in
                var answers: [PartnerLabel: ScaleAnswers] = [:]
                for partner in couple.partners {
                    if let id = partner.id, let scales = answered[round.id]?[id]?.scales, let c = scales[.connection],
                       let r = scales[.room] {
                        answers[partner.label] = ScaleAnswers(connection: c, room: r)
                    }
                }
                return RoundHistoryEntry(theme: round.theme, promptID: round.promptID, answers: answers)
            }
            let previous = rounds.last.flatMap { answered[$0.id] } ?? [:]
            func recap(_ partner: Partner?) -> CheckInView.RecapView? {
                guard let partner, let id = partner.id, let c = previous[id] else { return nil }
                let scales = c.scales
                return CheckInView.RecapView(name: partner.greetingName, connection: scales[.connection], room: scales[.room],
                                             reflection: InboundProcessor.excerpt(c.reflection ?? "", limit: 300))
            }
            var questions = composer.questions(history: history, chosen: couple.nextTheme.flatMap(Theme.init(rawValue:)))
            // The monthly measure: in the couple's first round, then once every `csi4_every_weeks` rounds' time.
            if let measure = practice.measure {
                let recent = rounds.suffix(practice.config.csi4EveryWeeks - 1)
                if !recent.contains(where: { $0.questions?.measure != nil }) { questions.measure = measure }
            }
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
                    drafts.append(OutboxDraft(kind: .checkin, partnerID: partner.id, messageID: messageID,
                                              envelopeFrom: practice.config.from.address, envelopeTo: partner.email,
                                              bytes: message.render()))
                }
                return drafts
            }
            if dryRun {
                report.roundsOpened += 1
                report.queued += try render(0).count
                return
            }
            // Rendered outside the write transaction with a reserved round id; a clash (never under
            // the lease, but checked) renders again with the next id.
            var opened: StoredRound?
            var outboxIDs: [Int64] = []
            for _ in 0..<5 {
                let roundID = try wrap { () throws(StoreError) in try store.nextRoundID() }
                let drafts = try render(roundID)
                let result = try wrap { () throws(StoreError) in
                    try store.openRound(id: roundID, coupleID: couple.id, week: week, theme: questions.theme,
                                        promptID: questions.prompt.id, questions: questions, drafts: drafts,
                                        audit: "\(week), \(recipients.count) check-in(s) queued", at: now)
                }
                if case .opened(let round, let ids) = result { (opened, outboxIDs) = (round, ids) }
                if case .idTaken = result { continue }
                break
            }
            if let opened {
                report.roundsOpened += 1
                report.queued += recipients.count
                onOpened(outboxIDs)
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
        // Only couples whose latest round opened between two weeks and a day ago can be due.
        let candidates = try wrap { () throws(StoreError) in
            try store.latestRounds(openedFrom: now.addingTimeInterval(-14 * 86_400), to: now.addingTimeInterval(-86_400))
        }
        for candidate in candidates {
            guard let couple = try wrap({ () throws(StoreError) in try store.couple(id: candidate.coupleID) }),
                  couple.isActive(at: now),
                  let round = try wrap({ () throws(StoreError) in try store.round(id: candidate.roundID) }),
                  let due = Schedule.reminderInstant(for: couple.schedule, openedAt: round.openedAt), now >= due,
                  // Not once the round is stale (a week after the reminder day).
                  now < due.addingTimeInterval(6 * 86_400) else { continue }
            for partner in couple.partners {
                guard let partnerID = partner.id, partner.consent != nil, !failing.contains(partnerID), partner.status != .stopped,
                      !(partner.status == .paused && (partner.pausedUntil ?? .distantFuture) > now),
                      !(try wrap({ () throws(StoreError) in try store.answeredOrReminded(roundID: round.id, partnerID: partnerID) })),
                      let checkIn = try wrap({ () throws(StoreError) in try store.checkInMessage(roundID: round.id, partnerID: partnerID) }),
                      checkIn.state == .sent else { continue }
                let draft = try OutgoingMail(practice: practice, clock: clock).reminder(couple: couple, partner: partner, round: round, checkIn: checkIn)
                if try wrap({ () throws(StoreError) in try store.queueReminder(draft, roundID: round.id, at: now) }) {
                    report.reminders += 1
                }
            }
        }
    }

    /// One run over `connections` SMTP connections at once: rounds are opened (and reminders
    /// queued) on this thread while the connections deliver what is ready, each on its own
    /// thread with its own sender from `makeSender`. Every outbox row is handed to exactly one
    /// connection; the guarantees are those of `deliverOutbox`. Holds the `send` lease
    /// throughout; returns nil when another run holds it.
    package func run(connections: Int, makeSender: @escaping SMTPSender.Factory,
                     progress: (@Sendable (Int, Int) -> Void)? = nil) throws(AppError) -> SendReport? {
        try JobLease.send.holding(store: store, clock: clock, logger: logger) { renew throws(AppError) in
            let queue = DeliveryQueue()
            queue.append(try wrap { () throws(StoreError) in try store.deliverableOutboxIDs(at: clock.now) })
            let tally = DeliveryTally { done, total in
                renew(done)
                progress?(done, total)
            }
            let finished = DispatchGroup()
            let outbox = Outbox(store: store, clock: clock, logger: logger)
            for _ in 0..<max(1, connections) {
                finished.enter()
                let thread = Thread {
                    outbox.connectionLoop(makeSender: makeSender, queue: queue, tally: tally)
                    finished.leave()
                }
                thread.start()
            }
            var report = SendReport()
            var producerError: AppError?
            do throws(AppError) {
                try openDueRounds(report: &report) { outboxIDs in queue.append(outboxIDs) }
                try queueReminders(report: &report)
                // Whatever else became deliverable meanwhile (reminders).
                queue.append(try wrap { () throws(StoreError) in try store.deliverableOutboxIDs(at: clock.now) })
            } catch {
                producerError = error
            }
            queue.close()
            finished.wait()
            report.add(tally.report(untaken: queue.untaken))
            if let producerError { throw producerError }
            if let error = tally.configurationError ?? tally.failure { throw error }
            logSummary(report, connections: connections)
            return report
        }
    }

    /// One run: open rounds, deliver, log one summary line. Holds the `send` lease throughout,
    /// so overlapping runs (a slow run and the next timer, or a second host) never both send;
    /// returns nil when another run holds it.
    package func run(sender: inout some MailSending, progress: ((Int, Int) -> Void)? = nil) throws(AppError) -> SendReport? {
        try JobLease.send.holding(store: store, clock: clock, logger: logger) { renew throws(AppError) in
            var report = SendReport()
            try openDueRounds(report: &report)
            try queueReminders(report: &report)
            try Outbox(store: store, clock: clock, logger: logger).deliverAll(with: &sender, report: &report) { done, total in
                renew(done)
                progress?(done, total)
            }
            logSummary(report, connections: 1)
            return report
        }
    }

    func logSummary(_ report: SendReport, connections: Int) {
        logger.info("send finished", metadata: [
            "rounds.opened": "\(report.roundsOpened)", "messages.queued": "\(report.queued)", "messages.sent": "\(report.sent)",
            "messages.deferred": "\(report.deferred)", "messages.failed": "\(report.failed)", "reminders": "\(report.reminders)",
            "partners.without_consent": "\(report.skippedWithoutConsent.count)", "partners.paused": "\(report.skippedPaused.count)",
            "messages.resent_after_interruption": "\(report.resentAfterInterruption)", "connections": "\(connections)",
        ])
    }
}

extension SendReport {
    /// Adds delivery counts.
    package mutating func add(_ delivery: SendReport) {
        sent += delivery.sent
        deferred += delivery.deferred
        failed += delivery.failed
        resentAfterInterruption += delivery.resentAfterInterruption
    }
}

extension SendJob {
    /// Calls `body` for every couple, a page at a time (memory stays flat however many there are).
    func forEachCouple(_ body: (Couple) throws(AppError) -> Void) throws(AppError) {
        if let onlyCouple {
            guard let couple = try wrap({ () throws(StoreError) in try store.couple(id: onlyCouple) }) else {
                throw .invalidInput("no couple with this id")
            }
            try body(couple)
            return
        }
        var after: String?
        while true {
            let page = try wrap { () throws(StoreError) in try store.couples(after: after, limit: 200) }
            guard let last = page.last else { return }
            for couple in page { try body(couple) }
            after = last.id
        }
    }

}

