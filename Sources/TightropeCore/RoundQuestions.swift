import Foundation

/// The questions of one round, stored with it as they were worded.
package struct RoundQuestions: Codable, Hashable, Sendable {
    package var theme: Theme
    package var themeTitle: String
    package var scales: [Scale]
    package var prompt: Prompt
    /// The monthly measure asked in this round (the CSI-4), as worded then; nil in most rounds.
    package var measure: Measure?

    package init(theme: Theme, themeTitle: String, scales: [Scale], prompt: Prompt, measure: Measure? = nil) {
        self.theme = theme
        self.themeTitle = themeTitle
        self.scales = scales
        self.prompt = prompt
        self.measure = measure
    }

    /// Reads a round's questions from a JSON file (`tightrope parse-reply --round FILE`).
    package static func decode(_ data: Data) -> RoundQuestions? {
        try? JSONDecoder().decode(RoundQuestions.self, from: data)
    }
}

/// Renders one partner's weekly check-in email.
