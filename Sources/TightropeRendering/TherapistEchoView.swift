import Mustache

/// The confirmation of a therapist's reply to the digest: what was applied, and every line
/// that was not (the line as written and why). Explicit and free of optionals.
package struct TherapistEchoView: Sendable {
    package struct NotApplied: Sendable, Equatable {
        package var line: String
        package var reason: String

        package init(line: String, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    package var therapistName: String
    package var practiceName: String
    package var applied: [String]
    package var notApplied: [NotApplied]
    package var undoHours: Int
    /// Something was applied and it was not itself an undo.
    package var canUndo: Bool
    /// "48 hours", in the therapist's language's plural form.
    package var undoHoursLabel = ""

    package init(therapistName: String, practiceName: String, applied: [String], notApplied: [NotApplied], undoHours: Int,
                 canUndo: Bool) {
        self.therapistName = therapistName
        self.practiceName = practiceName
        self.applied = applied
        self.notApplied = notApplied
        self.undoHours = undoHours
        self.canUndo = canUndo
    }
}

extension TherapistEchoView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "therapistName": therapistName
        case "practiceName": practiceName
        case "applied": applied.map(DigestView.Line.init)
        case "hasApplied": !applied.isEmpty
        case "appliedCount": applied.count
        case "notApplied": notApplied
        case "hasNotApplied": !notApplied.isEmpty
        case "notAppliedCount": notApplied.count
        case "undoHours": undoHours
        case "canUndo": canUndo
        case "undoHoursLabel": undoHoursLabel
        default: nil
        }
    }
}

extension TherapistEchoView.NotApplied: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "line": line
        case "reason": reason
        default: nil
        }
    }
}
