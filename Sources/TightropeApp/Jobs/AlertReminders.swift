import Foundation
import TightropeCore
import TightropeRendering
import TightropeStore

/// Alerts not marked seen (`A12 seen` in a reply) are sent again, once, after
/// `[digest] alert_resend_hours`: a short reminder without the partner's words, to the
/// couple's therapist (or the practice's first, for a message of no known couple). Run by
/// every poll; an alert older than a week when reminders come due (as on the first run after
/// an upgrade) is left to the digest, which repeats it for four weeks.
package struct AlertReminders {
    package let practice: Practice
    package let store: TightropeStore
    /// Loaded only when a reminder is due (for the concepts' titles).
    package let lexicons: LexiconSource
    package let clock: any WallClock

    /// Reminders are not sent for alerts older than this.
    package static let horizon: TimeInterval = 7 * 86_400

    package init(practice: Practice, store: TightropeStore, lexicons: LexiconSource, clock: any WallClock) {
        self.practice = practice
        self.store = store
        self.lexicons = lexicons
        self.clock = clock
    }

    /// Queues every reminder due; returns how many.
    @discardableResult
    package func queueDue() throws(AppError) -> Int {
        let config = practice.config
        guard config.alertResendHours > 0 else { return 0 }
        let now = clock.now
        let due = try wrap { () throws(StoreError) in
            try store.alertsDueForReminder(from: now.addingTimeInterval(-Self.horizon),
                                           to: now.addingTimeInterval(-Double(config.alertResendHours) * 3_600))
        }
        guard !due.isEmpty else { return 0 }
        let titles = Dictionary(try lexicons.lexicon().categories.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        var queued = 0
        for alert in due {
            let couple = try alert.coupleID.flatMap { id throws(AppError) in try wrap { () throws(StoreError) in try store.couple(id: id) } }
            guard let therapist = couple.flatMap({ config.therapist(id: $0.therapistID) }) ?? config.therapists.first else { continue }
            let t = try practice.therapistLocale(therapist.language).texts
            let concepts = Array(Set(alert.flags.map { t.concept($0.category, english: titles[$0.category]) })).sorted().joined(separator: "; ")
            let view = AlertReminderView(therapistName: therapist.name, practiceName: config.practiceName, ref: "A\(alert.inboundID)",
                                         coupleID: couple?.id ?? "",
                                         dateLabel: InboundProcessor.dayLabel(alert.receivedAt, timeZoneID: config.defaults.timeZoneID,
                                                                              language: therapist.language),
                                         concepts: concepts, crisisText: config.crisisText)
            let draft = try OutgoingMail(practice: practice, clock: clock).alertReminder(view, to: therapist, inboundID: alert.inboundID)
            if try wrap({ () throws(StoreError) in try store.queueAlertReminder(draft, inboundID: alert.inboundID, at: now) }) { queued += 1 }
        }
        return queued
    }
}
