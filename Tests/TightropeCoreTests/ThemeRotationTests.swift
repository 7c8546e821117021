import Testing
@testable import TightropeCore

@Suite struct ThemeRotationTests {
    static func bank() throws -> QuestionBank {
        let scales = [Scale(id: "connection", question: "c?", lowLabel: "lo", highLabel: "hi"),
                      Scale(id: "room", question: "r?", lowLabel: "lo", highLabel: "hi")]
        var titles: [Theme: String] = [:]
        var prompts: [Prompt] = []
        for theme in Theme.allCases {
            titles[theme] = theme.rawValue
            for i in 1...5 { prompts.append(Prompt(id: "\(theme.rawValue)-\(i)", theme: theme, text: "Prompt \(i)?")) }
        }
        return try QuestionBank(scales: scales, themeTitles: titles, prompts: prompts)
    }

    /// Simulates `weeks` rounds, with divergence decided per week by `diverged`.
    static func simulate(weeks: Int, diverged: (Int) -> Bool = { _ in false }) throws -> [RoundHistoryEntry] {
        let bank = try bank()
        var history: [RoundHistoryEntry] = []
        for week in 0..<weeks {
            let theme = ThemeRotation.nextTheme(history: history)
            let prompt = ThemeRotation.nextPrompt(theme: theme, bank: bank, history: history)
            let answers: [PartnerLabel: ScaleAnswers] = diverged(week)
                ? [.a: ScaleAnswers(connection: 5, room: 1), .b: ScaleAnswers(connection: 2, room: 4)]
                : [.a: ScaleAnswers(connection: 4, room: 3), .b: ScaleAnswers(connection: 4, room: 4)]
            history.append(RoundHistoryEntry(theme: theme, promptID: prompt.id, answers: answers))
        }
        return history
    }

    @Test func firstRoundStartsWithCommunicatingNeeds() {
        #expect(ThemeRotation.nextTheme(history: []) == .communicatingNeeds)
    }

    @Test func withoutDivergenceEveryThemeComesRoundInTurn() throws {
        let themes = try Self.simulate(weeks: 12).map(\.theme)
        #expect(Array(themes[0..<6]) == ThemeRotation.order)
        #expect(Array(themes[6..<12]) == ThemeRotation.order)
    }

    @Test func afterADivergentWeekCommunicationOrBoundariesFollows() throws {
        let history = try Self.simulate(weeks: 10) { $0 == 3 || $0 == 7 }
        #expect(ThemeRotation.afterDivergence.contains(history[4].theme))
        #expect(ThemeRotation.afterDivergence.contains(history[8].theme))
        #expect(history[4].theme != history[3].theme)
    }

    @Test func divergenceTwoWeeksRunningAlternatesTheTwoThemes() throws {
        let history = try Self.simulate(weeks: 5) { _ in true }
        let themes = history.map(\.theme)
        #expect(themes == [.communicatingNeeds, .boundaries, .communicatingNeeds, .boundaries, .communicatingNeeds])
    }

    @Test func divergenceIsTwoPointsOnEitherScale() {
        #expect(ScaleAnswers(connection: 5, room: 3).diverges(from: ScaleAnswers(connection: 3, room: 3)))
        #expect(ScaleAnswers(connection: 3, room: 1).diverges(from: ScaleAnswers(connection: 3, room: 3)))
        #expect(!ScaleAnswers(connection: 4, room: 3).diverges(from: ScaleAnswers(connection: 3, room: 2)))
        #expect(!RoundHistoryEntry(theme: .rituals, promptID: "x", answers: [.a: ScaleAnswers(connection: 5, room: 5)]).diverged)
    }

    @Test func promptsDoNotRepeatUntilTheThemeIsExhausted() throws {
        let history = try Self.simulate(weeks: 30)
        let communication = history.filter { $0.theme == .communicatingNeeds }.map(\.promptID)
        #expect(communication == ["communicating-needs-1", "communicating-needs-2", "communicating-needs-3",
                                  "communicating-needs-4", "communicating-needs-5"])
        let next = ThemeRotation.nextPrompt(theme: .communicatingNeeds, bank: try Self.bank(), history: history)
        #expect(next.id == "communicating-needs-1")
    }

    @Test func bankRequiresFivePromptsPerTheme() {
        let scales = [Scale(id: "connection", question: "c", lowLabel: "l", highLabel: "h"),
                      Scale(id: "room", question: "r", lowLabel: "l", highLabel: "h")]
        #expect(throws: ValidationIssue.self) {
            try QuestionBank(scales: scales, themeTitles: [:], prompts: [Prompt(id: "x", theme: .boundaries, text: "t")])
        }
    }
}
