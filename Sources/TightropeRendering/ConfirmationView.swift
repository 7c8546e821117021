import Mustache

/// What the confirmation of a reply shows: what was read, or which command was applied.
/// Explicit and free of optionals, like `CheckInView`.
package struct ConfirmationView: Sendable {
    package struct AnswerView: Sendable {
        package var number: Int
        package var question: String
        package var value: Int
        package var answered: Bool

        package init(number: Int, question: String, value: Int?) {
            self.number = number
            self.question = question
            self.value = value ?? 0
            self.answered = value != nil
        }
    }

    package enum Kind: Sendable { case checkIn, stop, pause, resume }

    package var partnerName: String
    package var weekDate: String
    package var answers: [AnswerView]
    package var reflection: String
    package var isCheckIn: Bool
    package var isStop: Bool
    package var isPause: Bool
    package var isResume: Bool
    /// "15 December 2026": when a pause ends.
    package var pauseUntil: String
    /// Some of the reply could not be read with confidence: the therapist will look.
    package var needsReview: Bool
    /// The reply was flagged by the safety screen: the crisis resources are repeated.
    package var showCrisis: Bool
    package var footer: FooterView

    package init(partnerName: String, weekDate: String, kind: Kind, answers: [AnswerView], reflection: String,
                 pauseUntil: String = "", needsReview: Bool = false, showCrisis: Bool = false, footer: FooterView) {
        self.partnerName = partnerName
        self.weekDate = weekDate
        self.answers = answers
        self.reflection = reflection
        self.isCheckIn = kind == .checkIn
        self.isStop = kind == .stop
        self.isPause = kind == .pause
        self.isResume = kind == .resume
        self.pauseUntil = pauseUntil
        self.needsReview = needsReview
        self.showCrisis = showCrisis
        self.footer = footer
    }

    /// The week's Monday as the partner's language writes a date.

    /// The monthly measure's answers as read ("A) 4, B) 5, C) (not found), D) 4"); empty when
    /// the round did not ask it.
    package var measureLine = ""
}

extension ConfirmationView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "partnerName": partnerName
        case "weekDate": weekDate
        case "answers": answers
        case "reflection": reflection
        case "hasReflection": !reflection.isEmpty
        case "isCheckIn": isCheckIn
        case "isStop": isStop
        case "isPause": isPause
        case "isResume": isResume
        case "pauseUntil": pauseUntil
        case "needsReview": needsReview
        case "showCrisis": showCrisis
        case "measureLine": measureLine
        case "hasMeasure": !measureLine.isEmpty
        case "crisisText": footer.crisisText
        case "therapistName": footer.therapistName
        case "footer": footer
        default: nil
        }
    }
}

extension ConfirmationView.AnswerView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "question": question
        case "value": value
        case "answered": answered
        default: nil
        }
    }
}

/// What a safety alert to the therapist shows. The subject names the couple id only.
package struct AlertView: Sendable {
    package struct FlagView: Sendable {
        package var title: String
        package var pattern: String
        /// The sentence that raised it (the therapist's eyes only).
        package var sentence: String

        package init(title: String, pattern: String, sentence: String = "") {
            self.title = title
            self.pattern = pattern
            self.sentence = sentence
        }
    }

    package var therapistName: String
    package var practiceName: String
    package var coupleID: String
    package var label: String
    package var partnerName: String
    package var weekLabel: String
    package var flags: [FlagView]
    package var text: String
    /// The sender is a partner on file (token and address matched); false for a message from an
    /// address not on file, which the alert says plainly.
    package var verified = true
    /// For an unverified sender: what the message was and where it came from.
    package var senderNote = ""
    /// The practice's crisis-line text, to hand on if the therapist cannot reach the person.
    package var crisisText = ""
    /// `A<message id>`: what the therapist replies with to mark it seen.
    package var ref = ""
    /// Replies to the therapist's mail are applied (the practice's server verifies senders).
    package var repliesApplied = false
    /// Hours after which an alert not marked seen is sent again as a reminder (0: never).
    package var resendHours = 0
    /// "24 hours", in the therapist's language's plural form.
    package var resendHoursLabel = ""

    package init(therapistName: String, practiceName: String, coupleID: String, label: String, partnerName: String,
                 weekLabel: String, flags: [FlagView], text: String) {
        self.therapistName = therapistName
        self.practiceName = practiceName
        self.coupleID = coupleID
        self.label = label
        self.partnerName = partnerName
        self.weekLabel = weekLabel
        self.flags = flags
        self.text = text
    }
}

extension AlertView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "therapistName": therapistName
        case "practiceName": practiceName
        case "coupleID": coupleID
        case "label": label
        case "partnerName": partnerName
        case "weekLabel": weekLabel
        case "flags": flags
        case "text": text
        case "verified": verified
        case "senderNote": senderNote
        case "crisisText": crisisText
        case "ref": ref
        case "repliesApplied": repliesApplied
        case "resendHours": resendHours
        case "resendHoursLabel": resendHoursLabel
        case "resends": resendHours > 0
        default: nil
        }
    }
}

/// The reminder of an alert not marked seen: no partner's words (they are in the alert).
package struct AlertReminderView: Sendable {
    package var therapistName: String
    package var practiceName: String
    package var ref: String
    package var coupleID: String
    package var dateLabel: String
    package var concepts: String
    package var crisisText: String

    package init(therapistName: String, practiceName: String, ref: String, coupleID: String, dateLabel: String, concepts: String,
                 crisisText: String) {
        self.therapistName = therapistName
        self.practiceName = practiceName
        self.ref = ref
        self.coupleID = coupleID
        self.dateLabel = dateLabel
        self.concepts = concepts
        self.crisisText = crisisText
    }
}

extension AlertReminderView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "therapistName": therapistName
        case "practiceName": practiceName
        case "ref": ref
        case "coupleID": coupleID
        case "hasCouple": !coupleID.isEmpty
        case "dateLabel": dateLabel
        case "concepts": concepts
        case "crisisText": crisisText
        default: nil
        }
    }
}

extension AlertView.FlagView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "pattern": pattern
        case "sentence": sentence
        default: nil
        }
    }
}

/// The one reminder a partner gets when the week's check-in is still unanswered.
package struct ReminderView: Sendable {
    package var partnerName: String
    package var weekDate: String
    package var footer: FooterView
    /// The week's Monday as the partner's language writes a date.

    package init(partnerName: String, weekDate: String, footer: FooterView) {
        self.partnerName = partnerName
        self.weekDate = weekDate
        self.footer = footer
    }
}

extension ReminderView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "partnerName": partnerName
        case "weekDate": weekDate
        case "therapistName": footer.therapistName
        case "footer": footer
        default: nil
        }
    }
}
