import Foundation
import Logging
import TightropeCore
import TightropeMail
import TightropeRendering
import TightropeStore

/// Builds and sends the therapist's weekly digest: safety alerts of the past week first, then
/// the open review queue, then every couple with eight weeks of both partners' scales as bar
/// charts, the latest summarised round (changes, trends, balance, signals, quotes, who did
/// not reply) and delivery problems.
package struct DigestJob {
    package let practice: Practice
    package let store: TightropeStore
    package let lexicon: SafetyLexicon
    package let clock: any WallClock
    package let logger: Logger

    /// How far back an alert not marked seen is repeated in the digest.
    package static let repeatUnseenAlerts: TimeInterval = 28 * 86_400
    /// Weeks of scales shown.
    package static let chartWeeks = 8
    /// A round is summarised once it has been open this long (partners had time to answer).
    package static let settleTime: TimeInterval = 3 * 86_400

    package init(practice: Practice, store: TightropeStore, lexicon: SafetyLexicon, clock: any WallClock, logger: Logger) {
        self.practice = practice
        self.store = store
        self.lexicon = lexicon
        self.clock = clock
        self.logger = logger
    }

    /// The digest for one therapist, as a view.
    package func view(for therapist: Therapist) throws(AppError) -> DigestView {
        let now = clock.now
        let tz = practice.config.defaults.timeZoneID
        // The period: since the previous week's digest (so a missed week loses no alert), else a week.
        let week = Schedule.week(containing: now, timeZoneID: tz)
        let weekAgo = now.addingTimeInterval(-7 * 86_400)
        let since = min(weekAgo, try wrap { () throws(StoreError) in try store.lastDigest(therapistID: therapist.id, before: week) } ?? weekAgo)
        let couples = try wrap { () throws(StoreError) in try store.couples() }
        let mine = couples.filter { $0.therapistID == therapist.id }
        let partnersByID = Dictionary(mine.flatMap { c in c.partners.compactMap { p in p.id.map { ($0, (c, p)) } } },
                                      uniquingKeysWith: { first, _ in first })
        let titles = Dictionary(lexicon.categories.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })

        // Alerts of the period, and earlier ones (up to four weeks) not yet marked seen: repeated.
        var alerts: [DigestView.AlertItem] = []
        let acknowledged = try wrap { () throws(StoreError) in try store.acknowledgedAlerts() }
        let lookback = since.addingTimeInterval(-Self.repeatUnseenAlerts)
        for c in try wrap({ () throws(StoreError) in try store.flaggedCheckIns(since: lookback) }) {
            guard let (couple, partner) = partnersByID[c.partnerID] else { continue }
            let repeated = c.receivedAt < since
            if repeated, acknowledged.contains(c.inboundID) { continue }
            let flags = c.safetyFlags
            let categories = Array(Set(flags.map { titles[$0.category] ?? $0.category })).sorted().joined(separator: "; ")
            var item = DigestView.AlertItem(coupleID: couple.id, partner: "\(partner.label.rawValue) (\(partner.name))",
                                            dateLabel: Self.dayLabel(c.receivedAt, timeZoneID: tz), categories: categories,
                                            quote: InboundProcessor.excerpt(c.reflection ?? c.replyText, limit: 300))
            (item.ref, item.repeated, item.seen) = ("A\(c.inboundID)", repeated, acknowledged.contains(c.inboundID))
            alerts.append(item)
        }

        // Messages that were not check-ins (unverified senders, auto-replies, bounces) with crisis
        // language: the couple's therapist's digest, or the first therapist's when no couple is known.
        let isFirstTherapist = practice.config.therapists.first?.id == therapist.id
        for m in try wrap({ () throws(StoreError) in try store.flaggedMessages(since: lookback) }) {
            let ours = m.coupleID.map { id in mine.contains { $0.id == id } } ?? isFirstTherapist
            guard ours, !m.flags.isEmpty else { continue }
            let repeated = m.receivedAt < since
            if repeated, acknowledged.contains(m.id) { continue }
            let categories = Array(Set(m.flags.map { titles[$0.category] ?? $0.category })).sorted().joined(separator: "; ")
            var item = DigestView.AlertItem(coupleID: m.coupleID ?? "unknown", partner: "sender not verified (address not on file)",
                                            dateLabel: Self.dayLabel(m.receivedAt, timeZoneID: tz), categories: categories,
                                            quote: "(in the alert email and the review queue)")
            (item.ref, item.repeated, item.seen) = ("A\(m.id)", repeated, acknowledged.contains(m.id))
            alerts.append(item)
        }

        let reviews = try wrap { () throws(StoreError) in try store.reviews() }
            .filter { item in item.coupleID == nil || mine.contains { $0.id == item.coupleID } }
            .map { DigestView.ReviewItem(id: String($0.id), dateLabel: Self.dayLabel($0.createdAt, timeZoneID: tz),
                                         coupleID: $0.coupleID ?? "unknown", reason: $0.reason) }

        let notes = Dictionary(grouping: try wrap { () throws(StoreError) in
            try store.notes(coupleIDs: mine.map(\.id), since: since)
        }, by: \.coupleID)
        var items: [DigestView.CoupleItem] = []
        for couple in mine where couple.status != .ended {
            var item = try coupleItem(couple, now: now)
            item.notes = (notes[couple.id] ?? []).map { DigestView.Line("Your note of \(Self.dayLabel($0.createdAt, timeZoneID: tz)): \($0.text)") }
            items.append(item)
        }
        let start = Self.dayLabel(since.addingTimeInterval(86_400), timeZoneID: tz), end = Self.dayLabel(now, timeZoneID: tz)
        var view = DigestView(therapistName: therapist.name, practiceName: practice.config.practiceName,
                              periodLabel: "\(start) to \(end)", alerts: alerts, reviews: reviews, couples: items)
        view.repliesApplied = practice.config.authservID != nil
        view.replyDays = practice.config.digestReplyDays
        return view
    }

    private func coupleItem(_ couple: Couple, now: Date) throws(AppError) -> DigestView.CoupleItem {
        let rounds = try wrap { () throws(StoreError) in try store.rounds(coupleID: couple.id) }.filter { $0.openedAt <= now }
        let recent = Array(rounds.suffix(Self.chartWeeks))
        var current: [Int64: [Int64: StoredCheckIn]] = [:]
        for round in recent { current[round.id] = try wrap { () throws(StoreError) in try store.currentCheckIns(roundID: round.id) } }
        func scales(_ round: StoredRound, _ partner: Partner) -> ScaleValues {
            guard let id = partner.id, let c = current[round.id]?[id] else { return [:] }
            return c.scales
        }

        var rows: [DigestView.ChartRow] = []
        for partner in couple.partners {
            let name = partner.firstName
            for (scale, color) in [(ScaleID.connection, "#4a7bb7"), (.room, "#5fa37a")] {
                rows.append(DigestView.ChartRow(label: "\(name) · \(scale)",
                                                bars: recent.map { DigestView.Bar(value: scales($0, partner)[scale], color: color) }))
            }
        }

        // The latest round partners have had time to answer.
        let settled = rounds.last { $0.openedAt <= now.addingTimeInterval(-Self.settleTime) }
        var summaries: [String] = [], signals: [String] = [], quotes: [DigestView.Quote] = [], nonResponders: [String] = []
        if let settled {
            var records: [CheckInRecord] = []
            for round in recent where round.week <= settled.week {
                for partner in couple.partners {
                    guard let id = partner.id, let c = current[round.id]?[id] else { continue }
                    let s = c.scales
                    let answers = s[.connection].flatMap { c in s[.room].map { ScaleAnswers(connection: c, room: $0) } }
                    records.append(CheckInRecord(week: round.week, label: partner.label, answers: answers, reflection: c.reflection))
                }
            }
            let summary = RoundSummarizer.summarize(week: settled.week, roundWeeks: recent.map(\.week), checkIns: records)
            for p in summary.partners {
                guard let partner = couple.partner(p.label) else { continue }
                let name = partner.firstName
                if let answers = p.answers {
                    var line = "\(name): connection \(answers.connection)\(Self.signed(p.change?.connection)), "
                        + "room \(answers.room)\(Self.signed(p.change?.room)); four-week trend: connection \(p.connectionTrend.rawValue), "
                        + "room \(p.roomTrend.rawValue)"
                    if let balance = p.balance {
                        line += balance > 0 ? "; leans to room for themselves" : balance < 0 ? "; leans to togetherness" : "; balanced"
                    }
                    summaries.append(line)
                }
                // A reflection is quoted as written, never translated, with its language named.
                let written = partner.language == practice.config.defaults.language ? name
                    : "\(name) (in \(Locale(identifier: "en").localizedString(forLanguageCode: partner.language) ?? partner.language))"
                if let quote = p.quote { quotes.append(DigestView.Quote(who: written, text: quote)) }
                if !p.answered, let id = partner.id,
                   try wrap({ () throws(StoreError) in try store.wasSentCheckIn(roundID: settled.id, partnerID: id) }) {
                    nonResponders.append(name)
                }
            }
            for signal in summary.signals {
                switch signal {
                case .diverging: signals.append("The partners are \(summary.divergence ?? 2) points apart on a scale.")
                case .bothDeclining: signals.append("Both partners' connection fell two weeks running.")
                case .partnerSilent: signals.append("A partner has not replied two weeks running.")
                }
            }
        }

        var problems: [String] = []
        for round in recent {
            for problem in try wrap({ () throws(StoreError) in try store.deliveryProblems(roundID: round.id) }) {
                let name = problem.partnerID.flatMap { id in couple.partners.first { $0.id == id } }.map(\.firstName) ?? "?"
                problems.append("\(name)'s \(problem.kind) of \(round.week) \(problem.state == .bounced ? "bounced" : "was refused by the server")")
            }
        }
        var status: [String] = [couple.isActive(at: now) ? "active"
            : couple.status.rawValue + (couple.pausedUntil.map { " until \(Self.dayLabel($0, timeZoneID: couple.schedule.timeZoneID))" } ?? "")]
        if let theme = couple.nextTheme.flatMap(Theme.init(rawValue:)) {
            status.append("next theme: \(practice.bank.themeTitles[theme] ?? theme.rawValue) (your choice)")
        }
        for partner in couple.partners {
            let name = partner.firstName
            switch partner.status {
            case .stopped: status.append("\(name) stopped the check-ins")
            case .paused: status.append("\(name) paused" + (partner.pausedUntil.map { " until \(Self.dayLabel($0, timeZoneID: couple.schedule.timeZoneID))" } ?? ""))
            case .active: break
            }
            if partner.consent == nil { status.append("\(name): no consent on record") }
            if let id = partner.id, try wrap({ () throws(StoreError) in try store.addressHealth(partnerID: id) }).failingSince != nil {
                problems.append("\(name)'s address bounced repeatedly and is skipped: check it with them")
            }
        }
        var item = DigestView.CoupleItem(
            id: couple.id, status: status.joined(separator: "; "), partners: couple.partners.map(\.name).joined(separator: " and "),
            weeks: recent.map { "W" + String(format: "%02d", $0.week.week) }, rows: rows,
            summaryWeek: settled.map { "Week of " + CheckInComposer.weekLabel($0.week, timeZoneID: couple.schedule.timeZoneID).dropFirst(8) } ?? "",
            summaries: summaries, signals: signals, quotes: quotes, nonResponders: nonResponders.joined(separator: ", "),
            problems: problems)
        item.measures = try measureLines(couple, rounds: rounds, now: now).map(DigestView.Line.init)
        return item
    }

    /// How long the monthly measure's scores are shown.
    package static let measureSpan: TimeInterval = 183 * 86_400

    /// Each partner's monthly measure over six months: the scores in order with their months,
    /// the change since the first, and whether the latest is below the published threshold.
    /// A partial answer is never scored: it is shown as such.
    func measureLines(_ couple: Couple, rounds: [StoredRound], now: Date) throws(AppError) -> [String] {
        let asked = rounds.filter { $0.questions?.measure != nil && $0.openedAt >= now.addingTimeInterval(-Self.measureSpan) }
        guard let measure = asked.last?.questions?.measure else { return [] }
        var lines: [String] = []
        let month = DateFormatter()
        month.locale = Locale(identifier: "en_GB")
        month.timeZone = TimeZone(identifier: couple.schedule.timeZoneID)
        month.dateFormat = "MMM yyyy"
        for partner in couple.partners {
            guard let id = partner.id else { continue }
            var scores: [(score: Int, month: String)] = []
            var partial: [String] = []
            for round in asked {
                guard let c = try wrap({ () throws(StoreError) in try store.currentCheckIns(roundID: round.id) })[id],
                      let values = c.measure, let roundMeasure = round.questions?.measure else { continue }
                if let score = roundMeasure.score(values) {
                    scores.append((score, month.string(from: round.openedAt)))
                } else {
                    partial.append(month.string(from: round.openedAt))
                }
            }
            guard !scores.isEmpty || !partial.isEmpty else { continue }
            var line = "CSI-4, \(partner.firstName): "
            line += scores.isEmpty ? "no complete answers" : scores.map { "\($0.score) (\($0.month))" }.joined(separator: " → ")
            if let first = scores.first, let last = scores.last {
                if scores.count > 1 {
                    let change = last.score - first.score
                    line += change > 0 ? "; up \(change) since \(first.month)" : change < 0 ? "; down \(-change) since \(first.month)" : "; unchanged"
                }
                if Double(last.score) < measure.cutoff {
                    line += "; below \(String(format: "%g", measure.cutoff)), the published threshold for relationship distress"
                }
            }
            if !partial.isEmpty { line += "; incomplete answers (not scored) in " + partial.joined(separator: ", ") }
            lines.append(line)
        }
        if !lines.isEmpty {
            lines.insert("\(measure.title): 0 to \(measure.maxScore), higher is more satisfied", at: 0)
        }
        return lines
    }

    /// A therapist's digest as an email (made by `OutgoingMail`).
    package func message(for therapist: Therapist) throws(AppError) -> OutgoingMessage {
        try OutgoingMail(practice: practice, clock: clock).digest(try view(for: therapist), for: therapist)
    }

    /// The standalone HTML page of a therapist's digest (`digest --html FILE`).
    package func html(for therapist: Therapist) throws(AppError) -> String {
        let view = try view(for: therapist)
        do { return try practice.templates.render("digest_html", view) } catch { throw .configuration(error.description) }
    }

    /// Queues this week's digest for every therapist (once per therapist and week) and sends
    /// the outbox. Returns how many digests were queued.
    package func run(sender: inout some MailSending) throws(AppError) -> (queued: Int, delivery: SendReport) {
        var queued = 0
        for therapist in practice.config.therapists where try queue(for: therapist) { queued += 1 }
        var report = SendReport()
        try Outbox(store: store, clock: clock, logger: logger).deliverIfFree(with: &sender, report: &report)
        logger.info("digest finished", metadata: ["digests.queued": "\(queued)", "messages.sent": "\(report.sent)",
                                                  "messages.deferred": "\(report.deferred)"])
        return (queued, report)
    }

    /// Queues this week's digest for one therapist unless it is queued already (also used after
    /// an erasure dropped the unsent one). Records which couples it speaks of.
    @discardableResult
    package func queue(for therapist: Therapist) throws(AppError) -> Bool {
        let now = clock.now
        let week = Schedule.week(containing: now, timeZoneID: practice.config.defaults.timeZoneID)
        let view = try view(for: therapist)
        let message = try OutgoingMail(practice: practice, clock: clock).digest(view, for: therapist)
        let draft = OutboxDraft(kind: .digest, partnerID: nil, messageID: message.messageID, envelopeFrom: practice.config.from.address,
                                envelopeTo: therapist.email, bytes: message.render())
        let couples = Set(view.couples.map(\.id) + view.alerts.map(\.coupleID) + view.reviews.map(\.coupleID)).subtracting(["unknown"])
        return try wrap { () throws(StoreError) in
            try store.queueDigest(draft, therapistID: therapist.id, week: week, coupleIDs: couples, at: now)
        }
    }

    static func signed(_ change: Int?) -> String {
        guard let change else { return "" }
        return change > 0 ? " (+\(change))" : change < 0 ? " (−\(-change))" : " (±0)"
    }

    static func dayLabel(_ date: Date, timeZoneID: String) -> String { InboundProcessor.dayLabel(date, timeZoneID: timeZoneID) }
}
