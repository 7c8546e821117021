import Testing
@testable import TightropeCore

@Suite struct TherapistCommandReaderTests {
    func commands(_ text: String) -> [TherapistCommand] {
        TherapistCommandReader.read(text).flatMap { line -> [TherapistCommand] in
            if case .commands(let c, _) = line { return c }
            return []
        }
    }

    func notUnderstood(_ text: String) -> [String] {
        TherapistCommandReader.read(text).compactMap { line in
            if case .notUnderstood(let l) = line { return l }
            return nil
        }
    }

    @Test func everyFormOfTheIssueIsRead() {
        let text = """
            R3 accept
            R4 1) 4 2) 2
            R5 reject
            A1 seen
            theme ashford-lee boundaries
            share ashford-lee on
            pause ashford-lee 2 weeks
            resume ashford-lee
            note ashford-lee: talk about the move; Sam seemed tired
            undo
            """
        #expect(commands(text) == [
            .accept(review: 3), .setValues(review: 4, values: [4, 2]), .reject(review: 5), .seen(alert: 1),
            .theme(couple: "ashford-lee", theme: "boundaries"), .share(couple: "ashford-lee", on: true),
            .pause(couple: "ashford-lee", weeks: 2), .resume(couple: "ashford-lee"),
            .note(couple: "ashford-lee", text: "talk about the move; Sam seemed tired"), .undo,
        ])
        #expect(notUnderstood(text).isEmpty)
    }

    @Test func waysTherapistsWriteTheSameInstruction() {
        #expect(commands("- r3 OK.") == [.accept(review: 3)])
        #expect(commands("* R#3: approved") == [.accept(review: 3)])
        #expect(commands("R3, R4 reject") == [.reject(review: 3), .reject(review: 4)])
        #expect(commands("A2 A3 seen") == [.seen(alert: 2), .seen(alert: 3)])
        #expect(commands("R7 4 2") == [.setValues(review: 7, values: [4, 2])])
        #expect(commands("R7 4/2") == [.setValues(review: 7, values: [4, 2])])
        #expect(commands("R7 1: 4, 2: 2") == [.setValues(review: 7, values: [4, 2])])
        #expect(commands("R7 values 1=4 2=2") == [.setValues(review: 7, values: [4, 2])])
        #expect(commands("Pause ashford-lee for two weeks.") == [.pause(couple: "ashford-lee", weeks: 2)])
        #expect(commands("pause ashford-lee") == [.pause(couple: "ashford-lee", weeks: nil)])
        #expect(commands("Note ashford-lee – Ask about her sister") == [.note(couple: "ashford-lee", text: "Ask about her sister")])
        #expect(commands("  UNDO  ") == [.undo])
    }

    /// A line that starts like an instruction but says more, less or something else is never
    /// guessed at: it is reported back as not understood.
    @Test func anythingElseIsNotUnderstoodAndNothingIsGuessed() {
        let lines = [
            "R3 accept but only the first value", "R3 acept", "R3 6 2", "R3 4", "R3 1) 4", "R3 1: 4", "R3 2=4 1=2", "R3 4 2 1", "R3 2) 4 1) 2", "R3 R4 4 2",
            "R3 A1 seen", "A1 accept", "theme ashford-lee", "theme Ashford Lee boundaries", "share ashford-lee maybe",
            "pause ashford-lee 2 months", "pause ashford-lee 99 weeks", "resume", "note ashford-lee:", "undo everything",
            "Thanks, this looks good!", "Robin", "Please accept R3",
        ]
        for line in lines {
            #expect(commands(line).isEmpty, "\(line)")
            #expect(notUnderstood(line) == [line], "\(line)")
        }
    }

    @Test func aNoteKeepsItsTextAsWrittenAndLongLinesAreBounded() {
        #expect(commands("note c1: Ça va — 気をつけて") == [.note(couple: "c1", text: "Ça va — 気をつけて")])
        let long = "note c1: " + String(repeating: "x", count: 3_000)
        #expect(commands(long).isEmpty)
        #expect(notUnderstood(long).first?.count ?? 0 < 100)
        let many = Array(repeating: "A1 seen", count: 500).joined(separator: "\n")
        #expect(commands(many).count == TherapistCommandReader.maxLines)
    }

    @Test func aNumberedLineIsReadOnlyWhenEveryScaleIsNumbered() {
        #expect(TherapistCommandReader.read("R3 1) 4 2) 2 3) 5 4) 1", scaleCount: 4).count == 1)
        if case .commands(let c, _) = TherapistCommandReader.read("R3 1) 4 2) 2 3) 5 4) 1", scaleCount: 4).first {
            #expect(c == [.setValues(review: 3, values: [4, 2, 5, 1])])
        }
        // With four scales, the two-scale form is not four values.
        #expect(TherapistCommandReader.read("R3 1) 4 2) 2", scaleCount: 4) == [.notUnderstood("R3 1) 4 2) 2")])
    }
}
