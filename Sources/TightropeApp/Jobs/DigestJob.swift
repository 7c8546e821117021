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
        let locale = try practice.therapistLocale(therapist.language)
        let t = locale.texts
        let english = Dictionary(lexicon.categories.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let title = { (id: String) in t.concept(id, english: english[id]) }
        let day = { (date: Date) in Self.dayLabel(date, timeZoneID: tz, language: therapist.language) }

        // Alerts of the period, and earlier ones (up to four weeks) not yet marked seen: repeated.
        var alerts: [DigestView.AlertItem] = []
        let acknowledged = try wrap { () throws(StoreError) in try store.acknowledgedAlerts() }
        let lookback = since.addingTimeInterval(-Self.repeatUnseenAlerts)
        for c in try wrap({ () throws(StoreError) in try store.flaggedCheckIns(since: lookback) }) {
            guard let (couple, partner) = partnersByID[c.partnerID] else { continue }
            let repeated = c.receivedAt < since
            if repeated, acknowledged.contains(c.inboundID) { continue }
            let flags = c.safetyFlags
            let categories = Array(Set(flags.map { title($0.category) })).sorted().joined(separator: "; ")
            var item = DigestView.AlertItem(coupleID: couple.id, partner: "\(partner.label.rawValue) (\(partner.name))",
                                            dateLabel: day(c.receivedAt), categories: categories,
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
            let categories = Array(Set(m.flags.map { title($0.category) })).sorted().joined(separator: "; ")
            var item = DigestView.AlertItem(coupleID: m.coupleID ?? t(.unknownCouple), partner: t(.unverifiedSender),
                                            dateLabel: day(m.receivedAt), categories: categories,
                                            quote: t(.alertTextElsewhere))
            (item.ref, item.repeated, item.seen) = ("A\(m.id)", repeated, acknowledged.contains(m.id))
            alerts.append(item)
        }

        let reviews = try wrap { () throws(StoreError) in try store.reviews() }
            .filter { item in item.coupleID == nil || mine.contains { $0.id == item.coupleID } }
            .map { DigestView.ReviewItem(id: String($0.id), dateLabel: day($0.createdAt),
                                         coupleID: $0.coupleID ?? t(.unknownCouple), reason: t.reason($0.reason)) }

        let notes = Dictionary(grouping: try wrap { () throws(StoreError) in
            try store.notes(coupleIDs: mine.map(\.id), since: since)
        }, by: \.coupleID)
        var items: [DigestView.CoupleItem] = []
        for couple in mine where couple.status != .ended {
            var item = try coupleItem(couple, now: now, therapist: therapist, locale: locale)
            item.notes = (notes[couple.id] ?? []).map { DigestView.Line(t(.note, ["date": day($0.createdAt), "text": $0.text])) }
            items.append(item)
        }
        let start = day(since.addingTimeInterval(86_400)), end = day(now)
        var view = DigestView(therapistName: therapist.name, practiceName: practice.config.practiceName,
                              periodLabel: t(.period, ["start": start, "end": end]), alerts: alerts, reviews: reviews, couples: items)
        view.repliesApplied = practice.config.authservID != nil
        view.replyDays = practice.config.digestReplyDays
        view.replyDaysLabel = t.count(.days, practice.config.digestReplyDays)
        view.alertsLabel = t.count(.alerts, alerts.count)
        return view
    }

    private func coupleItem(_ couple: Couple, now: Date, therapist: Therapist, locale: TherapistLocale) throws(AppError) -> DigestView.CoupleItem {
        let t = locale.texts
        let day = { (date: Date) in Self.dayLabel(date, timeZoneID: couple.schedule.timeZoneID, language: therapist.language) }
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
                rows.append(DigestView.ChartRow(label: t(.chartRow, ["name": name, "scale": t(scale == .connection ? .scaleConnection : .scaleRoom)]),
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
                    let trend = { (trend: Trend) -> String in
                        let key: TherapistTexts.Key = switch trend {
                        case .rising: .trendRising
                        case .falling: .trendFalling
                        case .steady: .trendSteady
                        case .unknown: .trendUnknown
                        }
                        return t(key)
                    }
                    var line = t(.summary, ["name": name, "connection": String(answers.connection),
                                            "connectionChange": Self.signed(p.change?.connection), "room": String(answers.room),
                                            "roomChange": Self.signed(p.change?.room), "connectionTrend": trend(p.connectionTrend),
                                            "roomTrend": trend(p.roomTrend)])
                    if let balance = p.balance {
                        line += t(balance > 0 ? .leansRoom : balance < 0 ? .leansTogether : .balanced)
                    }
                    summaries.append(line)
                }
                // A reflection is quoted as written, never translated, with its language named (in the
                // therapist's language, by ICU) where it is not the therapist's own.
                let written = partner.language == therapist.language ? name
                    : t(.quotedInLanguage, ["name": name, "language": LocaleSupport.languageName(partner.language, in: therapist.language)])
                if let quote = p.quote { quotes.append(DigestView.Quote(who: written, text: quote)) }
                if !p.answered, let id = partner.id,
                   try wrap({ () throws(StoreError) in try store.wasSentCheckIn(roundID: settled.id, partnerID: id) }) {
                    nonResponders.append(name)
                }
            }
            for signal in summary.signals {
                switch signal {
                case .diverging: signals.append(t(.signalDiverging, ["points": String(summary.divergence ?? 2)]))
                case .bothDeclining: signals.append(t(.signalBothDeclining))
                case .partnerSilent: signals.append(t(.signalPartnerSilent))
                }
            }
        }

        var problems: [String] = []
        for round in recent {
            for problem in try wrap({ () throws(StoreError) in try store.deliveryProblems(roundID: round.id) }) {
                let name = problem.partnerID.flatMap { id in couple.partners.first { $0.id == id } }.map(\.firstName) ?? "?"
                let bounced = problem.state == .bounced
                let key: TherapistTexts.Key = switch problem.kind {
                case .checkin: bounced ? .bouncedCheckIn : .refusedCheckIn
                case .reminder: bounced ? .bouncedReminder : .refusedReminder
                default: bounced ? .bouncedOther : .refusedOther
                }
                problems.append(t(key, ["name": name, "week": round.week.description, "kind": problem.kind.rawValue]))
            }
        }
        var status: [String]
        if couple.isActive(at: now) {
            status = [t(.statusActive)]
        } else {
            let state: String = switch couple.status {
            case .ended: t(.statusEnded)
            case .paused, .active: couple.pausedUntil.map { t(.statusPausedUntil, ["date": day($0)]) } ?? t(.statusPaused)
            }
            status = [state]
        }
        if let theme = couple.nextTheme.flatMap(Theme.init(rawValue:)) {
            status.append(t(.nextTheme, ["theme": locale.bank.themeTitles[theme] ?? theme.rawValue]))
        }
        for partner in couple.partners {
            let name = partner.firstName
            switch partner.status {
            case .stopped: status.append(t(.partnerStopped, ["name": name]))
            case .paused: status.append(partner.pausedUntil.map { t(.partnerPausedUntil, ["name": name, "date": day($0)]) } ?? t(.partnerPaused, ["name": name]))
            case .active: break
            }
            if partner.consent == nil { status.append(t(.noConsent, ["name": name])) }
            if let id = partner.id, try wrap({ () throws(StoreError) in try store.addressHealth(partnerID: id) }).failingSince != nil {
                problems.append(t(.addressFailing, ["name": name]))
            }
        }
        let names = couple.partners.map(\.name)
        var item = DigestView.CoupleItem(
            id: couple.id, status: status.joined(separator: "; "),
            partners: names.count == 2 ? t(.partnersJoined, ["a": names[0], "b": names[1]]) : names.joined(separator: ", "),
            weeks: recent.map { t(.weekShort, ["week": String(format: "%02d", $0.week.week)]) }, rows: rows,
            summaryWeek: settled.map { t(.summaryWeek, ["date": CheckInComposer.weekDate($0.week, language: therapist.language,
                                                                                            timeZoneID: couple.schedule.timeZoneID)]) } ?? "",
            summaries: summaries, signals: signals, quotes: quotes, nonResponders: nonResponders.joined(separator: ", "),
            problems: problems)
        item.measures = try measureLines(couple, rounds: rounds, now: now, therapist: therapist, texts: t).map(DigestView.Line.init)
        return item
    }

    /// How long the monthly measure's scores are shown.
    package static let measureSpan: TimeInterval = 183 * 86_400

    /// Each partner's monthly measure over six months: the scores in order with their months,
    /// the change since the first, and whether the latest is below the published threshold.
    /// A partial answer is never scored: it is shown as such.
    func measureLines(_ couple: Couple, rounds: [StoredRound], now: Date, therapist: Therapist, texts t: TherapistTexts) throws(AppError) -> [String] {
        let asked = rounds.filter { $0.questions?.measure != nil && $0.openedAt >= now.addingTimeInterval(-Self.measureSpan) }
        guard let measure = asked.last?.questions?.measure else { return [] }
        var lines: [String] = []
        let month = DateFormatter()
        month.locale = Locale(identifier: therapist.language == "en" ? "en_GB" : therapist.language)
        month.timeZone = TimeZone(identifier: couple.schedule.timeZoneID)
        month.setLocalizedDateFormatFromTemplate("MMMyyyy")
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
            var line = t(.measureLine, ["name": partner.firstName, "scores": scores.isEmpty ? t(.measureNone)
                : scores.map { t(.measureScore, ["score": String($0.score), "month": $0.month]) }.joined(separator: " → ")])
            if let first = scores.first, let last = scores.last {
                if scores.count > 1 {
                    let change = last.score - first.score
                    line += change > 0 ? t(.measureUp, ["change": String(change), "month": first.month])
                        : change < 0 ? t(.measureDown, ["change": String(-change), "month": first.month]) : t(.measureUnchanged)
                }
                if Double(last.score) < measure.cutoff {
                    let cutoff = measure.cutoff.formatted(.number.locale(Locale(identifier: therapist.language)))
                    line += t(.measureBelow, ["cutoff": cutoff])
                }
            }
            if !partial.isEmpty { line += t(.measurePartial, ["months": partial.joined(separator: ", ")]) }
            lines.append(line)
        }
        if !lines.isEmpty {
            lines.insert(t(.measureHeader, ["title": measure.title, "max": String(measure.maxScore)]), at: 0)
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
        let templates = try practice.therapistLocale(therapist.language).templates
        do { return try templates.render("digest_html", view) } catch { throw .configuration(error.description) }
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

    static func dayLabel(_ date: Date, timeZoneID: String, language: String = "en") -> String {
        InboundProcessor.dayLabel(date, timeZoneID: timeZoneID, language: language)
    }
}
