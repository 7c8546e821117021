import Testing
@testable import TightropeCore

@Suite struct RoundSummaryTests {
    static let weeks = (45...49).map { ISOWeek(year: 2026, week: $0) }

    static func checkIn(_ week: Int, _ label: PartnerLabel, _ c: Int, _ r: Int, _ text: String? = nil) -> CheckInRecord {
        CheckInRecord(week: ISOWeek(year: 2026, week: week), label: label, answers: ScaleAnswers(connection: c, room: r), reflection: text)
    }

    @Test func changeTrendBalanceAndQuote() {
        let s = RoundSummarizer.summarize(week: Self.weeks[4], roundWeeks: Self.weeks, checkIns: [
            Self.checkIn(46, .a, 2, 4), Self.checkIn(47, .a, 3, 4), Self.checkIn(48, .a, 3, 3), Self.checkIn(49, .a, 4, 2, "We walked."),
            Self.checkIn(49, .b, 4, 3),
        ])
        let a = s.partners[0]
        #expect(a.answers == ScaleAnswers(connection: 4, room: 2))
        #expect(a.change?.connection == 1 && a.change?.room == -1)
        #expect(a.connectionTrend == .rising)
        #expect(a.roomTrend == .falling)
        #expect(a.balance == -2)
        #expect(a.quote == "We walked.")
        #expect(s.partners[1].change == nil)
        #expect(s.divergence == 1)
        #expect(s.signals.isEmpty)
        #expect(s.nonResponders.isEmpty)
    }

    @Test func divergenceOfTwoPointsIsASignal() {
        let s = RoundSummarizer.summarize(week: Self.weeks[4], roundWeeks: Self.weeks,
                                          checkIns: [Self.checkIn(49, .a, 5, 1), Self.checkIn(49, .b, 2, 2)])
        #expect(s.divergence == 3)
        #expect(s.signals == [.diverging])
    }

    @Test func bothDecliningTwoWeeksRunning() {
        let s = RoundSummarizer.summarize(week: Self.weeks[4], roundWeeks: Self.weeks, checkIns: [
            Self.checkIn(47, .a, 5, 3), Self.checkIn(48, .a, 4, 3), Self.checkIn(49, .a, 3, 3),
            Self.checkIn(47, .b, 4, 3), Self.checkIn(48, .b, 3, 3), Self.checkIn(49, .b, 2, 3),
        ])
        #expect(s.signals.contains(.bothDeclining))
        // One partner holding steady is not "both declining".
        let t = RoundSummarizer.summarize(week: Self.weeks[4], roundWeeks: Self.weeks, checkIns: [
            Self.checkIn(47, .a, 5, 3), Self.checkIn(48, .a, 4, 3), Self.checkIn(49, .a, 3, 3),
            Self.checkIn(47, .b, 4, 3), Self.checkIn(48, .b, 4, 3), Self.checkIn(49, .b, 2, 3),
        ])
        #expect(!t.signals.contains(.bothDeclining))
    }

    @Test func aPartnerSilentTwoRoundsRunning() {
        let s = RoundSummarizer.summarize(week: Self.weeks[4], roundWeeks: Self.weeks,
                                          checkIns: [Self.checkIn(48, .a, 3, 3), Self.checkIn(49, .a, 3, 3), Self.checkIn(47, .b, 3, 3)])
        #expect(s.nonResponders == [.b])
        #expect(s.signals.contains(.partnerSilent))
        let once = RoundSummarizer.summarize(week: Self.weeks[4], roundWeeks: Self.weeks,
                                             checkIns: [Self.checkIn(48, .b, 3, 3), Self.checkIn(49, .a, 3, 3), Self.checkIn(48, .a, 3, 3)])
        #expect(!once.signals.contains(.partnerSilent))
    }

    @Test func longReflectionsAreQuotedShortAtAWord() {
        let long = String(repeating: "word ", count: 100)
        let q = RoundSummarizer.quote(long)
        #expect((q?.count ?? 0) <= RoundSummarizer.quoteLength + 1)
        #expect(q?.hasSuffix("word…") == true)
        #expect(RoundSummarizer.quote("  \n ") == nil)
    }
}
