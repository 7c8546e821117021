import Foundation
import Testing
@testable import TightropeCore

@Suite struct AnswerParserTests {
    static let ids: [ScaleID] = [.connection, .room]
    static let questions = ["How connected did you feel to your partner this week?",
                            "How much room did you have for yourself this week?"]

    static func parse(_ text: String, inline: [InlineAnswer] = []) -> ParsedAnswers {
        AnswerParser.parse(text: text, inline: inline, scaleIDs: ids, scaleQuestions: questions)
    }

    @Test(arguments: [
        ("1) 4\n2) 2\n3) We talked on Sunday.", 4, 2),
        ("1. four\n2. three\n3. Walks help.", 4, 3),
        ("Q1: 3/5\nQ2: 5/5\nQ3: A calm week.", 3, 5),
        ("1 - 4 out of 5\n2 - 1 out of 5\n3 - Hard week.", 4, 1),
        ("(1) 2 🙂\n(2) 5!!\n(3) Lots of time alone.", 2, 5),
        ("Question 1: 5\nQuestion 2: 4\nQuestion 3: We cooked together.", 5, 4),
        // Bidi marks a Hebrew or Arabic keyboard puts around digits (RLM, LRM, isolates): invisible, not part of the answer.
        ("\u{200F}1) \u{200E}4\n\u{2067}2)\u{2069} 2\n3) דיברנו ביום ראשון.", 4, 2),
        ("\u{061C}1) ארבע\n\u{200F}2) שתיים\n3) טיילנו יחד.", 4, 2),
    ] as [(String, Int, Int)])
    func numberedAnswers(_ c: (String, Int, Int)) {
        let a = Self.parse(c.0)
        #expect(a.scales == ["connection": c.1, "room": c.2])
        #expect(a.confidence == 1)
        #expect(a.reflection != nil)
    }

    @Test func answersUnderQuotedQuestions() {
        let a = Self.parse("", inline: [
            InlineAnswer(quoted: "Hello Ada,\n\n1) How connected did you feel to your partner this week?", answer: "3"),
            InlineAnswer(quoted: "2) How much room did you have for yourself this week?", answer: "four"),
            InlineAnswer(quoted: "3) This week's theme is rituals.\nWhat small thing do you do together?", answer: "Coffee on Sundays."),
        ])
        #expect(a.scales == ["connection": 3, "room": 4])
        #expect(a.reflection == "Coffee on Sundays.")
        #expect(a.confidence == 1)
    }

    @Test func keywordsPlaceUnnumberedScales() {
        let a = Self.parse("Room for myself was a 2, connection a 4.\n\nWe argued about the holidays.")
        #expect(a.scales == ["connection": 4, "room": 2])
        #expect(a.reflection == "We argued about the holidays.")
    }

    @Test func aBarePairIsTakenInOrderWithLowerConfidence() {
        let a = Self.parse("4 and 3\n\nBusy week, little time.")
        #expect(a.scales == ["connection": 4, "room": 3])
        #expect(a.confidence < 1)
        #expect(a.notes.contains("scale answers matched by their order only"))
    }

    @Test func proseWithoutNumbersIsTheReflection() {
        let a = Self.parse("We had a long talk about what we each need after work, and it went better than usual.")
        #expect(a.scales.isEmpty)
        #expect(a.reflection?.hasPrefix("We had a long talk") == true)
        #expect(a.confidence <= 0.5)
    }

    @Test func onlySomeQuestionsAnswered() {
        let a = Self.parse("1) 5")
        #expect(a.scales == ["connection": 5])
        #expect(a.notes.contains("no answer for room"))
        #expect(a.confidence < 1)
    }

    @Test func contradictoryAnswersHaveLowConfidence() {
        let a = Self.parse("1) 4\n2) 2", inline: [])
        #expect(a.confidence == 1)
        let b = Self.parse("", inline: [
            InlineAnswer(quoted: "1) How connected did you feel?", answer: "4"),
            InlineAnswer(quoted: "1) How connected did you feel?", answer: "2"),
        ])
        #expect(b.confidence <= 0.3)
        #expect(b.notes.contains("contradictory answers for connection"))
    }

    @Test func valuesOutsideTheScaleAreNotAnswers() {
        #expect(AnswerParser.scaleValue("7") == nil)
        #expect(AnswerParser.scaleValue("0") == nil)
        #expect(AnswerParser.scaleValue("4/5") == 4)
        #expect(AnswerParser.scaleValue("five") == 5)
        #expect(AnswerParser.scaleValue("2 or 4") == nil)
        #expect(AnswerParser.scaleValue("👍") == nil)
    }
}

@Suite struct ReplyCommandTests {
    @Test(arguments: [
        ("STOP", ReplyCommand.stop), ("stop.", .stop), ("Stop please", .stop), ("unsubscribe", .stop),
        ("PAUSE 2 weeks", .pause(weeks: 2)), ("pause for two weeks", .pause(weeks: 2)), ("stop stop", .stop),
        ("pause 3 wks please", .pause(weeks: 3)), ("PAUSE 52 weeks", .pause(weeks: 12)), ("RESUME", .resume), ("resume!", .resume),
    ] as [(String, ReplyCommand)])
    func commandsAreRecognised(_ c: (String, ReplyCommand)) {
        #expect(ReplyCommand.parse(c.0) == c.1)
    }

    @Test(arguments: ["I want to stop fighting", "Please don't stop these", "4 and 3", "pause the dishwasher", "", "Pause",
                      "reply with STOP", "we had to stop arguing about money"])
    func sentencesAreNotCommands(_ text: String) {
        #expect(ReplyCommand.parse(text) == nil)
    }

    /// A pause with no length, a stop with a doubt, a question about timing: a careful reader asks.
    @Test(arguments: ["Pause", "Can we pause for a bit?", "Maybe we should stop?", "Could you stop sending these at 6am?",
                      "Bitte eine Pause einlegen.", "Can we take a break until January?"])
    func unclearRequestsGoToReview(_ text: String) {
        guard case .unclear = CommandReader.read(text, hasAnswers: false) else {
            Issue.record("\(text) was not sent to review")
            return
        }
    }
}

@Suite struct PauseUntilTests {
    static let writtenAt = Date(timeIntervalSince1970: 1_796_428_800)  // 2026-12-05 (UTC)

    @Test(arguments: [("Please pause until 15 January.", 6), ("Bitte pausieren bis zum 3. Januar.", 5),
                      ("Pause the check-ins until 2027-01-15 please", 6), ("Mettez en pause jusqu'au 2 février 2027, merci.", 9)])
    func aPauseUntilAClearDayIsWholeWeeks(_ c: (String, Int)) {
        #expect(CommandReader.read(c.0, hasAnswers: false, writtenAt: Self.writtenAt) == .command(.pause(weeks: c.1), rule: "a pause with its length"))
    }

    @Test(arguments: ["Can we pause until January?", "pause until 1/2", "Please pause until 15 January."])
    func aPauseWithoutAClearDayGoesToReview(_ text: String) {
        // Without the day the reply was written ("until 15 January" has no reference then) or with a vague date.
        let writtenAt: Date? = text.hasPrefix("Please") ? nil : Self.writtenAt
        guard case .unclear = CommandReader.read(text, hasAnswers: false, writtenAt: writtenAt) else {
            Issue.record("\(text) was applied")
            return
        }
    }
}

extension AnswerParserTests {
    /// Found by fuzzing: a labelled answer off the scale was stored as read.
    @Test(arguments: ["Verbundenheit 8, Freiraum 7", "connection: 0\nroom: 6", "1) 12\n2) 9", "connection 4, room 70"])
    func noValueOffTheScaleIsEverStored(_ text: String) {
        let r = Self.parse(text)
        #expect(r.scales.values.allSatisfy { (1...5).contains($0) }, "\(r.scales)")
        #expect(r.confidence < 0.6)
    }
}

/// A pause asked for politely as a question is a request; a bare "pause?" or a hedged one is not.
@Suite struct PoliteRequestTests {
    func reading(_ text: String) -> CommandReading? { CommandReader.read(text, hasAnswers: false) }

    @Test func aPoliteQuestionWithItsLengthIsARequest() {
        for text in ["Können wir die Check-ins bitte für drei Wochen pausieren?", "Could you pause these for three weeks?",
                     "Pourriez-vous mettre en pause pendant trois semaines ?", "Könnten Sie die Check-ins für 3 Wochen pausieren?"] {
            #expect(reading(text) == .command(.pause(weeks: 3), rule: "a pause with its length"), "\(text)")
        }
    }

    @Test func aBareOrHedgedQuestionStaysUnclear() {
        for text in ["Sollten wir vielleicht für drei Wochen pausieren?", "Maybe pause? For 3 weeks?",
                     "pause? 3 weeks?"] {
            if case .command = reading(text) { Issue.record("read as a request: \(text)") }
        }
    }
}

/// Hebrew commands, as the Hebrew footer names them (השהיה 2 שבועות / הסר / חידוש) and as people
/// write them (the dual "שבועיים", "for" fused to the number, RTL marks from the keyboard);
/// sentences about stopping something else, negated or hedged requests, and the footer's own
/// lines are not commands.
@Suite struct HebrewCommandTests {
    func reading(_ text: String) -> CommandReading? { CommandReader.read(text, hasAnswers: false) }

    @Test(arguments: [
        ("הסר", ReplyCommand.stop), ("הסר בבקשה", .stop), ("בבקשה תפסיקו לשלוח לי את השאלונים", .stop),
        ("אל תשלחו לי יותר מיילים", .stop), ("השהיה 2 שבועות", .pause(weeks: 2)), ("השהיה לשבועיים", .pause(weeks: 2)),
        ("השהיה לשלושה שבועות בבקשה", .pause(weeks: 3)), ("\u{200F}השהיה ל-3 שבועות", .pause(weeks: 3)),
        ("השהיה שני שבועות", .pause(weeks: 2)), ("חידוש", .resume), ("חזרנו, אפשר לחדש", .resume),
    ] as [(String, ReplyCommand)])
    func commandsInHebrewAreRead(_ c: (String, ReplyCommand)) {
        guard case .command(let got, _) = reading(c.0) else {
            Issue.record("\(c.0): \(String(describing: reading(c.0)))")
            return
        }
        #expect(got == c.1, "\(c.0)")
    }

    @Test(arguments: ["אני רוצה להפסיק לריב איתו על כסף", "לא להפסיק את השאלונים בבקשה", "אולי כדאי להשהות?",
                      "כדי להפסיק אותם, השיבו הסר.", "כדי להשהות את השאלונים, השיבו השהיה 2 שבועות.",
                      "אפשר להשיב גם באנגלית: PAUSE 2 weeks, STOP או RESUME.", "השהיה"])
    func sentencesFooterLinesAndDoubtsAreNotCommands(_ text: String) {
        if case .command(let c, _) = reading(text) { Issue.record("\(text) read as \(c)") }
    }
}

/// A value, a dash, then the partner's comment, however long; other numbers or a correction in
/// the comment, or numbering, make it something else.
@Suite struct LeadingValueTests {
    @Test func aValueThenACommentIsTheValue() {
        let long = "4 — went running by the river three times this week, something I had not done since the summer holidays began"
        #expect(ScaleValueReader.read(long)?.value == 4)
        #expect(ScaleValueReader.read("2: sabato sono andata da sola a Bologna a vedere la mostra di Morandi, finalmente tempo per me e pace")?.value == 2)
        #expect(ScaleValueReader.read("4 sobre 5")?.value == 4)
        #expect(ScaleValueReader.read("2 מתוך 5")?.value == 2)
    }

    @Test(arguments: [
        "2 — no wait, it was more like a 3 after the weekend we had with the kids and the in-laws visiting us",
        "3 - or maybe 4, hard to say after the week we had with the kids and the in-laws visiting us",
        "1) We talked a lot this week about the kids and the holidays and what each of us needs from the other",
        "4. We talked a lot this week about the kids and the holidays and what each of us needs from the other",
        "12 — days of silence, that is what this week was like for me and I do not know what to make of it",
    ])
    func otherNumbersCorrectionsOrNumberingAreNot(_ text: String) {
        let r = ScaleValueReader.read(text)
        #expect(r?.value == nil || r?.doubt != nil, "\(text): \(String(describing: r))")
    }
}

@Suite struct PoliteDutchPauseTests {
    @Test func aPassiveQuestionWithItsLengthIsARequest() {
        #expect(CommandReader.read("Kunnen de check-ins drie weken gepauzeerd worden?", hasAnswers: false)
                == .command(.pause(weeks: 3), rule: "a pause with its length"))
    }
}

/// A stop request naming the mailing by the name its language's check-in gives it.
@Suite struct LocalMailingNamesTests {
    @Test(arguments: ["Sluta med avstämningarna, tack.", "Ya no quiero recibir los seguimientos.", "Arrêtez les points hebdomadaires s'il vous plaît.",
                      "Proszę przestać wysyłać te pytania."])
    func aStopNamingTheMailingIsAStop(_ text: String) {
        #expect(CommandReader.read(text, hasAnswers: false) == .command(.stop, rule: "a request to stop"), "\(text)")
    }
}
