/// The kinds and states of the practice's mail, as the domain names them. The store maps
/// each to and from its column; nothing else compares their text.

/// Where an outbox message stands.
package enum OutboxState: String, Sendable, CaseIterable {
    case queued, sending, sent, deferred, failed, bounced
}

/// What an outgoing message is.
package enum OutboxKind: String, Sendable, CaseIterable {
    case checkin, reminder, confirmation, digest, alert
    /// The one reminder of an alert not marked seen in time.
    case alertReminder = "alert-reminder"
}

/// What an inbound message turned out to be.
package enum InboundKind: String, Sendable, CaseIterable {
    case reply, autoReply = "auto-reply", bounce, command, unknown
    /// The therapist's reply to the weekly digest (instructions, not a check-in).
    case therapistReply = "therapist-reply"
}

/// Where an inbound message stands: its raw bytes committed, or also processed.
package enum InboundState: String, Sendable {
    case stored, processed
}

/// Where a review item stands.
package enum ReviewState: String, Sendable {
    case open, accepted, rejected
}

/// What processing an inbound message did. Its description is the short text stored with the
/// message and in the audit log ("checkin, safety flags", "pause 2 week(s)", ...).
package indirect enum InboundOutcome: Sendable, Equatable, CustomStringConvertible {
    case checkIn(safetyFlags: Bool)
    case quarantined
    /// An auto-reply, recorded and never answered.
    case ignored
    case stop
    case pause(weeks: Int)
    case resume
    /// A delivery report; `matched` when it is about a message of ours.
    case bounce(hard: Bool, matched: Bool)
    /// Over the size limit, not read.
    case tooLarge
    /// Reading it failed or stopped the process this many times: put in review unread.
    case unreadable(attempts: Int)
    /// The therapist accepted it from the review queue.
    case acceptedOnReview(InboundOutcome)
    /// A therapist's reply to the digest: how many instructions were applied, and how many
    /// lines were not understood or could not be applied.
    case therapistReply(applied: Int, notApplied: Int)

    package var description: String {
        switch self {
        case .checkIn(let flagged): flagged ? "checkin, safety flags" : "checkin"
        case .quarantined: "quarantined"
        case .ignored: "ignored"
        case .stop: "stop"
        case .pause(let weeks): "pause \(weeks) week(s)"
        case .resume: "resume"
        case .bounce(let hard, let matched): (hard ? "hard bounce" : "delivery report") + (matched ? "" : ", no message of ours")
        case .tooLarge: "too large"
        case .unreadable(let n): "unreadable after \(n) attempts"
        case .acceptedOnReview(let outcome): "\(outcome) (accepted on review)"
        case .therapistReply(let applied, let notApplied): "therapist's reply: \(applied) applied, \(notApplied) not applied"
        }
    }
}
