import Testing
@testable import TightropeCore

@Suite struct MeasureReaderTests {
    static let csi4 = Measure(id: "csi4", title: "Couples Satisfaction Index (CSI-4)", items: [
        .init(letter: "A", text: "happiness", anchors: ["Extremely Unhappy", "Fairly Unhappy", "A Little Unhappy", "Happy", "Very Happy",
                                                       "Extremely Happy", "Perfect"]),
        .init(letter: "B", text: "warm", anchors: ["Not at all True", "A little True", "Somewhat True", "Mostly True", "Almost Completely True",
                                                  "Completely True"]),
        .init(letter: "C", text: "rewarding", anchors: ["Not at all", "A little", "Somewhat", "Mostly", "Almost Completely", "Completely"]),
        .init(letter: "D", text: "satisfied", anchors: ["Not at all", "A little", "Somewhat", "Mostly", "Almost Completely", "Completely"]),
    ], cutoff: 13.5)

    func values(_ text: String) -> [Int?] { MeasureReader.read(text, measure: Self.csi4).values }

    @Test func theWaysPeopleWriteLetteredAnswers() {
        #expect(values("A) 4\nB) 3\nC) 5\nD) 2") == [4, 3, 5, 2])
        #expect(values("a) 4 b) 3 c) 5 d) 2") == [4, 3, 5, 2])
        #expect(values("A: 6, B: 5, C: 5, D: 5") == [6, 5, 5, 5])
        #expect(values("- A. 0\n- B. 0\n- C. 0\n- D. 0") == [0, 0, 0, 0])
        #expect(values("A) very happy\nB) mostly true\nC) somewhat\nD) almost completely") == [4, 3, 2, 4])
        #expect(values("A) 4 - Very happy\nB) 3 (mostly true)") == [4, 3, nil, nil])
        #expect(values("A 4\nB 3") == [4, 3, nil, nil])
        #expect(MeasureReader.score(values("A) 4\nB) 3\nC) 5\nD) 2")) == 14)
    }

    /// Never guessed: out of range, a number and a word that disagree, twice answered differently,
    /// prose that starts with a letter.
    @Test func whatIsNotCertainIsLeftUnanswered() {
        #expect(values("A) 7\nB) 6") == [nil, nil, nil, nil], "A runs 0-6, B 0-5")
        #expect(values("A) 6\nB) 5") == [6, 5, nil, nil])
        #expect(values("A) 4 - extremely happy") == [nil, nil, nil, nil])
        #expect(values("A) 4\nA) 5") == [nil, nil, nil, nil])
        let r = MeasureReader.read("A) 4\nA) 5\nB) 9", measure: Self.csi4)
        #expect(r.notes.contains("A answered twice with different values"))
        #expect(values("a 5 star week for us") == [nil, nil, nil, nil])
        #expect(values("a) we talked b) we walked") == [nil, nil, nil, nil])
        #expect(values("A little better this week, 4 maybe") == [nil, nil, nil, nil])
        #expect(values("1) 4\n2) 3\nThe week was fine.") == [nil, nil, nil, nil])
        #expect(values("A) 3-4") == [nil, nil, nil, nil], "a range is not an answer")
        #expect(MeasureReader.score([4, nil, 3, 2]) == nil, "a partial answer is never scored")
    }

    @Test func onlyTheMeasuresLinesAreTakenOutOfTheText() {
        let r = MeasureReader.read("1) 4\n2) 3\nWe had a calm week.\nA) 4\nB) 3 C) 5 D) 2", measure: Self.csi4)
        #expect(r.values == [4, 3, 5, 2])
        #expect(r.consumedLines == [3, 4])
    }

    @Test func anAnswerWrittenUnderItsQuotedItem() {
        let pairs = [InlineAnswer(quoted: "A) Please indicate the degree of happiness\n   0 = Extremely Unhappy, 1 = …", answer: "5"),
                     InlineAnswer(quoted: "B) I have a warm and comfortable relationship", answer: "mostly true"),
                     InlineAnswer(quoted: "3) This week's theme is Boundaries.", answer: "We said no to a party.")]
        let r = MeasureReader.read("", inline: pairs, measure: Self.csi4)
        #expect(r.values == [5, 3, nil, nil])
        #expect(r.consumedPairs == [0, 1])
    }
}

extension MeasureReader {
    static func score(_ values: [Int?]) -> Int? { MeasureReaderTests.csi4.score(values) }
}
