import Foundation

/// The themes of the weekly reflection prompt, grounded in the practices that keep
/// independence and togetherness in balance.
package enum Theme: String, CaseIterable, Sendable, Codable {
    case communicatingNeeds = "communicating-needs"
    case boundaries
    case supportingGrowth = "supporting-growth"
    case rituals = "rituals-of-togetherness"
    case flexibility = "flexibility-through-change"
    case independence
}

/// A 1–5 scale asked every week.
package struct Scale: Hashable, Sendable, Codable {
    /// Stable id: `connection` or `room`.
    package var id: ScaleID
    package var question: String
    package var lowLabel: String
    package var highLabel: String

    package init(id: ScaleID, question: String, lowLabel: String, highLabel: String) {
        self.id = id
        self.question = question
        self.lowLabel = lowLabel
        self.highLabel = highLabel
    }
}

/// A reflection prompt belonging to one theme.
package struct Prompt: Hashable, Sendable, Codable {
    package var id: String
    package var theme: Theme
    package var text: String

    package init(id: String, theme: Theme, text: String) {
        self.id = id
        self.theme = theme
        self.text = text
    }
}

/// All questions Tightrope can ask: the two weekly scales and the reflection prompts by theme.
package struct QuestionBank: Sendable {
    package static let minimumPromptsPerTheme = 5

    package let scales: [Scale]
    package let themeTitles: [Theme: String]
    package let prompts: [Theme: [Prompt]]

    /// Builds a bank and checks it is complete: both scales, a title and at least
    /// five prompts for every theme, unique prompt ids.
    package init(scales: [Scale], themeTitles: [Theme: String], prompts: [Prompt]) throws(ValidationIssue) {
        guard scales.map(\.id) == [ScaleID.connection, .room] else {
            throw ValidationIssue(field: "scales", reason: "must be exactly 'connection' then 'room'")
        }
        var byTheme: [Theme: [Prompt]] = [:]
        var seen = Set<String>()
        for prompt in prompts {
            guard seen.insert(prompt.id).inserted else {
                throw ValidationIssue(field: "prompts.\(prompt.id)", reason: "id is used twice")
            }
            try InputValidator.checkLine(prompt.text, field: "prompts.\(prompt.id)", maxLength: 600)
            byTheme[prompt.theme, default: []].append(prompt)
        }
        for theme in Theme.allCases {
            guard let title = themeTitles[theme], !title.isEmpty else {
                throw ValidationIssue(field: "themes.\(theme.rawValue)", reason: "has no title")
            }
            guard byTheme[theme, default: []].count >= Self.minimumPromptsPerTheme else {
                throw ValidationIssue(field: "themes.\(theme.rawValue)", reason: "needs at least \(Self.minimumPromptsPerTheme) prompts")
            }
        }
        self.scales = scales
        self.themeTitles = themeTitles
        self.prompts = byTheme
    }

    package func prompt(id: String) -> Prompt? {
        prompts.values.lazy.flatMap { $0 }.first { $0.id == id }
    }

    package func scale(id: ScaleID) -> Scale? {
        scales.first { $0.id == id }
    }
}
