import Mustache

/// What the check-in templates show. Explicit, complete and free of optionals, so a
/// template can never render "nil" or silently miss a value.
package struct CheckInView: Sendable {
    package struct ScaleView: Sendable {
        package var number: Int
        package var question: String
        package var lowLabel: String
        package var highLabel: String

        package init(number: Int, question: String, lowLabel: String, highLabel: String) {
            self.number = number
            self.question = question
            self.lowLabel = lowLabel
            self.highLabel = highLabel
        }
    }

    /// Last week's own answers, recalled so the email reads as a conversation. `name` is
    /// the partner's own name for the own recap, the other partner's for the shared one.
    package struct RecapView: Sendable {
        package var name: String
        package var connection: Int
        package var room: Int
        /// Both scales were answered (else only the reflection is recalled).
        package var hasScales: Bool
        package var reflection: String
        package var hasReflection: Bool

        package init(name: String = "", connection: Int?, room: Int?, reflection: String) {
            self.name = name
            self.connection = connection ?? 0
            self.room = room ?? 0
            self.hasScales = connection != nil && room != nil
            self.reflection = reflection
            self.hasReflection = !reflection.isEmpty
        }

        /// Whether there is anything to recall.
        package var isEmpty: Bool { !hasScales && !hasReflection }
    }

    package var partnerName: String
    package var practiceName: String
    package var therapistName: String
    package var weekDate: String
    package var themeTitle: String
    package var scales: [ScaleView]
    package var promptNumber: Int
    package var promptText: String
    /// Zero or one element: the partner's own answers from last week.
    package var recap: [RecapView]
    /// Zero or one element: the other partner's answers from last week, only ever filled
    /// when the couple chose to share (see `CheckInComposer.compose`).
    package var partnerRecap: [RecapView]
    /// Whether the couple agreed that partners see each other's answers.
    package var sharing: Bool
    package var footer: FooterView
    /// The week's Monday as the partner's language writes a date (localized templates use it).
    /// The monthly measure's items, when this round asks it.
    package var measureTitle = ""
    package var measureItems: [MeasureItemView] = []

    /// One item of the monthly measure: its letter, its wording, and its values with their anchors.
    package struct MeasureItemView: Sendable {
        package var letter: String
        package var text: String
        package var values: String

        package init(letter: String, text: String, anchors: [String]) {
            self.letter = letter
            self.text = text
            self.values = anchors.enumerated().map { "\($0) = \($1)" }.joined(separator: ", ")
        }
    }

    package init(partnerName: String, practiceName: String, therapistName: String, weekDate: String, themeTitle: String,
                 scales: [ScaleView], promptText: String, recap: [RecapView], partnerRecap: [RecapView] = [], sharing: Bool,
                 footer: FooterView) {
        self.partnerName = partnerName
        self.practiceName = practiceName
        self.therapistName = therapistName
        self.weekDate = weekDate
        self.themeTitle = themeTitle
        self.scales = scales
        self.promptNumber = scales.count + 1
        self.promptText = promptText
        self.recap = recap
        self.partnerRecap = sharing ? partnerRecap : []
        self.sharing = sharing
        self.footer = footer
    }
}

/// The footer every email to a partner carries.
package struct FooterView: Sendable {
    package var practiceName: String
    /// Where to turn in a crisis (from configuration).
    package var crisisText: String
    package var therapistName: String

    package init(practiceName: String, crisisText: String, therapistName: String) {
        self.practiceName = practiceName
        self.crisisText = crisisText
        self.therapistName = therapistName
    }
}

// Explicit lookups instead of reflection: faster, and a template can reach only what the
// view model offers by name.
extension CheckInView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "partnerName": partnerName
        case "practiceName": practiceName
        case "therapistName": therapistName
        case "weekDate": weekDate
        case "themeTitle": themeTitle
        case "scales": scales
        case "promptNumber": promptNumber
        case "promptText": promptText
        case "recap": recap
        case "partnerRecap": partnerRecap
        case "sharing": sharing
        case "footer": footer
        case "hasMeasure": !measureItems.isEmpty
        case "measureTitle": measureTitle
        case "measureItems": measureItems
        default: nil
        }
    }
}

extension CheckInView.MeasureItemView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "letter": letter
        case "text": text
        case "values": values
        default: nil
        }
    }
}

extension CheckInView.ScaleView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "question": question
        case "lowLabel": lowLabel
        case "highLabel": highLabel
        default: nil
        }
    }
}

extension CheckInView.RecapView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "connection": connection
        case "room": room
        case "hasScales": hasScales
        case "reflection": reflection
        case "hasReflection": hasReflection
        default: nil
        }
    }
}

extension FooterView: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "practiceName": practiceName
        case "crisisText": crisisText
        case "therapistName": therapistName
        default: nil
        }
    }
}
