import Foundation
import GRDB
import TightropeCore

/// A stored inbound message waiting to be (or having been) processed.
package struct InboundEntry: Sendable {
    package var id: Int64
    package var mailbox: String
    package var uid: Int64
    package var receivedAt: Date
    package var state: InboundState
    package var kind: InboundKind?
    package var outcome: String?
    package var coupleID: String?
    package var partnerID: Int64?
    package var roundID: Int64?
    /// Nil once retention has purged them.
    package var bytes: [UInt8]?
}

/// A check-in to store: the answers read from a reply.
package struct CheckInDraft: Sendable {
    package var roundID: Int64
    package var partnerID: Int64
    /// The scale answers by scale id (`connection`, `room`); empty when none were read.
    package var scales: ScaleValues
    package var reflection: String?
    package var replyText: String
    package var confidence: Double
    /// What the safety screen found; empty when nothing.
    package var safetyFlags: [SafetyFlag]
    /// The answers to the round's monthly measure (one per item, nil when not answered).
    package var measure: [Int?]?

    package init(roundID: Int64, partnerID: Int64, scales: ScaleValues, reflection: String?, replyText: String,
                 confidence: Double, safetyFlags: [SafetyFlag], measure: [Int?]? = nil) {
        self.measure = measure
        self.roundID = roundID
        self.partnerID = partnerID
        self.scales = scales
        self.reflection = reflection
        self.replyText = replyText
        self.confidence = confidence
        self.safetyFlags = safetyFlags
    }
}

/// A stored check-in: a GRDB `Decodable` record, so its columns become typed values in one place
/// (the JSON columns `scales_json` and `safety_json` through GRDB's JSON decoding).
package struct StoredCheckIn: Sendable, Equatable, Decodable {
    package var id: Int64
    package var inboundID: Int64
    package var roundID: Int64
    package var partnerID: Int64
    /// The scale answers by scale id (`connection`, `room`); empty when none were read.
    package var scales: ScaleValues
    package var reflection: String?
    package var replyText: String
    package var confidence: Double
    /// What the safety screen found; empty when nothing.
    package var safetyFlags: [SafetyFlag]
    package var supersededBy: Int64?
    package var rejectedAt: Date?
    package var receivedAt: Date
    /// The answers to the round's monthly measure, when it asked one.
    package var measure: [Int?]?

    enum CodingKeys: String, CodingKey {
        case id, reflection, confidence
        case inboundID = "inbound_id", roundID = "round_id", partnerID = "partner_id", scales = "scales_json"
        case replyText = "reply_text", safetyFlags = "safety_json", supersededBy = "superseded_by", rejectedAt = "rejected_at"
        case receivedAt = "received_at", measure = "measure_json"
    }
}

/// A check-in as it is written: a GRDB `PersistableRecord`; the scales and flags are stored as
/// JSON text (keys sorted) by GRDB's encoder.
struct CheckInRow: Encodable, PersistableRecord {
    static let databaseTableName = "checkins"
    var inboundID: Int64
    var roundID: Int64
    var partnerID: Int64
    var scales: ScaleValues
    var reflection: String?
    var replyText: String
    var confidence: Double
    var safetyFlags: [SafetyFlag]
    var receivedAt: Date
    var measure: [Int?]? = nil

    enum CodingKeys: String, CodingKey {
        case reflection, confidence
        case inboundID = "inbound_id", roundID = "round_id", partnerID = "partner_id", scales = "scales_json"
        case replyText = "reply_text", safetyFlags = "safety_json", receivedAt = "received_at", measure = "measure_json"
    }
}

/// A change to a partner's participation, asked for by a command reply.
package enum ParticipationChange: Sendable, Equatable {
    case stop
    case pause(until: Date)
    case resume
}

/// Everything that processing one inbound message decided, applied in one transaction.
package struct InboundDisposition: Sendable {
    package var kind: InboundKind
    /// What happened (stored as its short text for the audit): never contents.
    package var outcome: InboundOutcome
    package var coupleID: String?
    /// Not attributed, but a valid token named this couple: erased with it, never exported with it.
    package var tokenCoupleID: String?
    package var partnerID: Int64?
    package var roundID: Int64?
    package var checkIn: CheckInDraft?
    /// Put into the review queue with this reason.
    package var reviewReason: String?
    package var participation: ParticipationChange?
    /// A delivery report: the Message-ID of our message it reports on, and whether it failed for good.
    package var bouncedMessageID: String?
    package var hardBounce = false
    /// Messages to queue in answer (a confirmation, an alert).
    package var replies: [OutboxDraft] = []
    /// What the safety screen found in a message that is not a check-in (a check-in keeps its own).
    package var safetyFlags: [SafetyFlag] = []
    /// It concerns a couple already erased (a late delivery report of mail sent to them): it is
    /// deleted on arrival, here and on the mail server, and nothing else is done with it.
    package var eraseOnArrival = false
    /// A therapist's reply to the digest: what it applies, all or nothing.
    package var therapistBatch: TherapistBatch?
    /// Couples a message that is no one partner's speaks of (a therapist's reply quotes the
    /// digest): it is erased with any of them.
    package var mentionedCouples: Set<String> = []

    package init(kind: InboundKind, outcome: InboundOutcome) {
        self.kind = kind
        self.outcome = outcome
    }
}

/// An item of the review queue.
package struct ReviewItem: Sendable, Equatable {
    package var id: Int64
    package var inboundID: Int64
    package var reason: String
    package var coupleID: String?
    package var checkInID: Int64?
    package var state: ReviewState
    package var createdAt: Date
}

