import Mustache

/// The therapist's weekly digest: safety alerts first, then the review queue, then every
/// couple. Explicit and free of optionals like the other views; every string is escaped by
/// the HTML template (`{{…}}`), never inserted raw.
package struct DigestView: Sendable {
    package struct AlertItem: Sendable {
        /// `A<message id>`: what the therapist replies with ("A12 seen").
        package var ref: String = ""
        /// From before this digest's period, repeated because it was not marked seen.
        package var repeated = false
        /// Marked seen already.
        package var seen = false
        package var coupleID: String
        package var partner: String
        package var dateLabel: String
        package var categories: String
        package var quote: String

        package init(coupleID: String, partner: String, dateLabel: String, categories: String, quote: String) {
            self.coupleID = coupleID
            self.partner = partner
            self.dateLabel = dateLabel
            self.categories = categories
            self.quote = quote
        }
    }

    package struct ReviewItem: Sendable {
        package var id: String
        package var dateLabel: String
        package var coupleID: String
        package var reason: String

        package init(id: String, dateLabel: String, coupleID: String, reason: String) {
            self.id = id
            self.dateLabel = dateLabel
            self.coupleID = coupleID
            self.reason = reason
        }
    }

    /// One bar of a chart: a week's answer on a scale (or none).
    package struct Bar: Sendable {
        package var value: Int
        package var hasValue: Bool
        /// Pixel height of the bar (value × 8), and of the space above it.
        package var height: Int
        package var gap: Int
        package var color: String

        package init(value: Int?, color: String) {
            self.value = value ?? 0
            self.hasValue = value != nil
            self.height = (value ?? 0) * 8
            self.gap = 40 - (value ?? 0) * 8
            self.color = color
        }
    }

    package struct ChartRow: Sendable {
        package var label: String
        package var bars: [Bar]
        /// The values as text for the plain-text digest ("4 4 3 – 2").
        package var text: String

        package init(label: String, bars: [Bar]) {
            self.label = label
            self.bars = bars
            self.text = bars.map { $0.hasValue ? String($0.value) : "–" }.joined(separator: " ")
        }
    }

    package struct Line: Sendable {
        package var text: String
        package init(_ text: String) { self.text = text }
    }

    package struct Quote: Sendable {
        package var who: String
        package var text: String

        package init(who: String, text: String) {
            self.who = who
            self.text = text
        }
    }

    package struct CoupleItem: Sendable {
        package var id: String
        package var status: String
        package var partners: String
        package var weeks: [Line]
        package var rows: [ChartRow]
        package var summaryWeek: String
        /// Each partner's scales that week with the change and trend, and their balance.
        package var summaries: [Line]
        package var signals: [Line]
        package var quotes: [Quote]
        package var nonResponders: String
        package var problems: [Line]
        /// The therapist's own notes written since the last digest.
        package var notes: [Line] = []
        /// The monthly measure's scores per partner over six months, with trend and threshold.
        package var measures: [Line] = []

        package init(id: String, status: String, partners: String, weeks: [String], rows: [ChartRow], summaryWeek: String,
                     summaries: [String], signals: [String], quotes: [Quote], nonResponders: String, problems: [String]) {
            self.id = id
            self.status = status
            self.partners = partners
            self.weeks = weeks.map(Line.init)
            self.rows = rows
            self.summaryWeek = summaryWeek
            self.summaries = summaries.map(Line.init)
            self.signals = signals.map(Line.init)
            self.quotes = quotes
            self.nonResponders = nonResponders
            self.problems = problems.map(Line.init)
        }
    }

    package var therapistName: String
    package var practiceName: String
    package var periodLabel: String
    package var alerts: [AlertItem]
    package var reviews: [ReviewItem]
    package var couples: [CoupleItem]
    /// Replies to the digest can be applied (the practice's server verifies senders).
    package var repliesApplied = false
    /// Days a reply to the digest is applied for.
    package var replyDays = 14
    /// "14 days", "3 safety alerts": counted in the therapist's language's plural forms.
    package var replyDaysLabel = ""
    package var alertsLabel = ""

    package init(therapistName: String, practiceName: String, periodLabel: String, alerts: [AlertItem], reviews: [ReviewItem],
                 couples: [CoupleItem]) {
        self.therapistName = therapistName
        self.practiceName = practiceName
        self.periodLabel = periodLabel
        self.alerts = alerts
        self.reviews = reviews
        self.couples = couples
    }
}

extension DigestView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "therapistName": therapistName
        case "practiceName": practiceName
        case "periodLabel": periodLabel
        case "alerts": alerts
        case "hasAlerts": !alerts.isEmpty
        case "alertCount": alerts.count
        case "reviews": reviews
        case "hasReviews": !reviews.isEmpty
        case "reviewCount": reviews.count
        case "couples": couples
        case "hasCouples": !couples.isEmpty
        case "repliesApplied": repliesApplied
        case "replyDays": replyDays
        case "replyDaysLabel": replyDaysLabel
        case "alertsLabel": alertsLabel
        default: nil
        }
    }
}

extension DigestView.AlertItem: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "ref": ref
        case "hasRef": !ref.isEmpty
        case "repeated": repeated
        case "seen": seen
        case "coupleID": coupleID
        case "partner": partner
        case "dateLabel": dateLabel
        case "categories": categories
        case "quote": quote
        default: nil
        }
    }
}

extension DigestView.ReviewItem: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "dateLabel": dateLabel
        case "coupleID": coupleID
        case "reason": reason
        default: nil
        }
    }
}

extension DigestView.Bar: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "hasValue": hasValue
        case "height": height
        case "gap": gap
        case "color": color
        default: nil
        }
    }
}

extension DigestView.ChartRow: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "bars": bars
        case "text": text
        default: nil
        }
    }
}

extension DigestView.Line: MustacheParent {
    package func child(named name: String) -> Any? { name == "text" ? text : nil }
}

extension DigestView.Quote: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "who": who
        case "text": text
        default: nil
        }
    }
}

extension DigestView.CoupleItem: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "status": status
        case "partners": partners
        case "weeks": weeks
        case "rows": rows
        case "summaryWeek": summaryWeek
        case "hasSummary": !summaryWeek.isEmpty
        case "summaries": summaries
        case "signals": signals
        case "hasSignals": !signals.isEmpty
        case "quotes": quotes
        case "hasQuotes": !quotes.isEmpty
        case "nonResponders": nonResponders
        case "hasNonResponders": !nonResponders.isEmpty
        case "problems": problems
        case "hasProblems": !problems.isEmpty
        case "notes": notes
        case "hasNotes": !notes.isEmpty
        case "measures": measures
        case "hasMeasures": !measures.isEmpty
        default: nil
        }
    }
}
