import Foundation
import Testing
@testable import TightropeCore

/// The screen's mechanics on a small lexicon written here: concepts as combinations of term
/// groups in one sentence, denials, ambivalence, idioms, contexts, past events, scripts.
@Suite struct SafetyScreenConceptTests {
    static func lexicon() throws -> SafetyLexicon {
        let concepts = [
            SafetyConcept(id: "self", title: "thoughts of suicide", rules: ["kill_self", "want + die within 6", "not + want + live within 6", "wish"]),
            SafetyConcept(id: "topic", title: "suicide mentioned", rules: ["mention: suicide"]),
            SafetyConcept(id: "threat", title: "threat to kill", rules: ["partner > kill_me within 8"]),
            SafetyConcept(id: "harm", title: "urge to hurt someone", rules: ["urge > hurt > person + -other within 6"]),
            SafetyConcept(id: "method", title: "a height scouted", rules: ["height + lowest + !view within 10"]),
            SafetyConcept(id: "plan", title: "a plan with a farewell", rules: ["across: when + farewell + !party within 24"]),
        ]
        let en = SafetyLanguage(code: "en", negationBefore: 5, groups: [
            "kill_self": ["kill* myself|my_self"], "want": ["want|wants|wanna|wanted"], "die": ["die"], "live": ["live"],
            "suicide": ["suicid*"], "partner": ["he", "my husband"], "kill_me": ["kill* me"], "urge": ["could"], "hurt": ["kill"],
            "person": ["him"], "other": ["time"], "height": ["bridge"], "lowest": ["where .. lowest"], "view": ["view"],
            "when": ["friday", "tonight"], "farewell": ["thank* you for everything", "look after the kids"], "party": ["party"],
            "not": ["not", "never", "don't|dont", "not that i_d|id .. ever"], "unsure": ["don't|dont know if", "not sure"], "clause": ["but", "i"],
            "context": ["film", "training"], "past": ["years ago"], "resolved": ["fine now"], "again": ["again"],
            "asked": ["asking|asked if"],
        ], idioms: ["kill* myself laughing", "week .. killed me"])
        let ja = SafetyLanguage(code: "ja", window: 24, negationBefore: 0, negationAfter: 8, groups: [
            "wish": ["死にたい", "しにたい"], "not": ["ない"],
        ])
        return try SafetyLexicon(concepts: concepts, languages: [en, ja])
    }

    static func concepts(_ text: String) throws -> [String] {
        SafetyScreen.screen(text, lexicon: try lexicon()).map(\.category)
    }

    @Test(arguments: [
        ("I want to die", ["self"]),
        ("i wanna die tbh", ["self"]),
        ("I keep thinking about killing myself", ["self"]),
        ("KILLED MYSELF in my dreams", ["self"]),
        ("kill my self", ["self"]),
        ("I wánt to DÍE", ["self"]),
        ("Ｉ ｗａｎｔ ｔｏ ｄｉｅ", ["self"]),
        ("i w4nt to d1e", ["self"]),
        ("k1ll mys3lf", ["self"]),
        ("i wanna diiiie", ["self"]),
        ("ki\u{200B}ll myself", ["self"]),
        ("I want to\njust die", ["self"]),
        ("I\nwant\ndie", ["self"]),
    ] as [(String, [String])])
    func findsAConceptThroughInflectionsSpellingsAndObfuscation(_ c: (String, [String])) throws {
        #expect(try Self.concepts(c.0) == c.1, "\(c.0)")
    }

    @Test(arguments: [
        "I want a new sofa. Die Hard was on TV.",
        "I want a lot of things from this year and honestly the plants on the balcony die",
        "I want to live",
        "",
        "   \n\n  ",
    ])
    func partsMustShareASentenceAndTheWindow(_ text: String) throws {
        #expect(try Self.concepts(text).isEmpty, "\(text)")
    }

    @Test func aClearDenialExcusesButAmbivalenceDoesNot() throws {
        #expect(try Self.concepts("I have never thought about killing myself").isEmpty)
        #expect(try Self.concepts("I do not want to die").isEmpty)
        #expect(try Self.concepts("I don't know if I want to die") == ["self"])
        #expect(try Self.concepts("not sure I want to live") == ["self"])
        #expect(try Self.concepts("I don't want to live") == ["self"], "the denial word is part of the concept")
    }

    @Test func aDenialDoesNotReachIntoAnotherClause() throws {
        #expect(try Self.concepts("Not that I'd ever want to die").isEmpty, "a clause word inside the denial phrase ends nothing")
        #expect(try Self.concepts("Not ok, want to die") == ["self"])
        #expect(try Self.concepts("Not great but want to die") == ["self"])
        #expect(try Self.concepts("not ok i want to die") == ["self"])
    }

    @Test func idiomsExcuseOnlyWholeExpressionsWithNoPersonOutside() throws {
        #expect(try Self.concepts("I was killing myself laughing").isEmpty)
        #expect(try Self.concepts("I was killing myself") == ["self"])
        #expect(try Self.concepts("this week killed me").isEmpty)
        #expect(try Self.concepts("he said he will kill me") == ["threat"])
        #expect(try Self.concepts("he said this week killed me") == ["threat"], "a person outside the idiom keeps the alert")
    }

    @Test func aMediaOrWorkContextExcusesMentionsOnly() throws {
        #expect(try Self.concepts("suicide") == ["topic"])
        #expect(try Self.concepts("We watched a film about suicide").isEmpty)
        #expect(try Self.concepts("We watched a film. It was about suicide.").isEmpty, "context in the previous sentence")
        #expect(try Self.concepts("After the film I want to die") == ["self"], "first-person risk is never excused by context")
    }

    @Test func aPastEventIsExcusedOnlyWhenResolvedAndNotRecurring() throws {
        #expect(try Self.concepts("Years ago I wanted to die. I am fine now.").isEmpty)
        #expect(try Self.concepts("Years ago I wanted to die.") == ["self"])
        #expect(try Self.concepts("Years ago I wanted to die. I am fine now but it is back again.") == ["self"])
        // The resolution said first, or the time in the sentence before: the same story.
        #expect(try Self.concepts("I am fine now. Years ago I wanted to die.").isEmpty)
        #expect(try Self.concepts("That was years ago. I wanted to die. I am fine now.").isEmpty)
        // Recurrence anywhere around it still alerts; so does a resolution without a past.
        #expect(try Self.concepts("It is back again. Years ago I wanted to die. I am fine now.") == ["self"])
        #expect(try Self.concepts("I wanted to die. I am fine now.") == ["self"])
        // Two sentences away is another story.
        #expect(try Self.concepts("That was years ago. We moved. I wanted to die yesterday.") == ["self"])
    }

    @Test func orderedRulesAndExclusions() throws {
        #expect(try Self.concepts("kill me, he said").isEmpty, "the partner must come before the threat")
        #expect(try Self.concepts("my husband will kill me") == ["threat"])
        #expect(try Self.concepts("I could kill him") == ["harm"])
        #expect(try Self.concepts("I could kill him some time").isEmpty, "an exclusion right after cancels it")
        #expect(try Self.concepts("time was short and I could kill him") == ["harm"], "a `-` exclusion far from the match does not")
        // `!group`: a hit anywhere in the sentence cancels it, in another sentence it does not.
        #expect(try Self.concepts("on the bridge I looked where it is lowest") == ["method"])
        #expect(try Self.concepts("the view from the bridge, where the rail is lowest, was lovely").isEmpty)
        #expect(try Self.concepts("on the bridge I looked where it is lowest. The view was nice.") == ["method"])
    }

    @Test func anAcrossRuleJoinsASentenceAndTheOneBeforeOnly() throws {
        #expect(try Self.concepts("Friday is the day. Thank you for everything.") == ["plan"])
        #expect(try Self.concepts("Thank you for everything, Friday is the day.") == ["plan"], "in one sentence too, any order")
        #expect(try Self.concepts("Friday is the day. Work was long. Thank you for everything.").isEmpty, "two sentences apart")
        #expect(try Self.concepts("Friday is the day. " + String(repeating: "and then ", count: 12) + "thank you for everything.").isEmpty,
                "beyond the window")
        // Exclusions and denials reach both sentences; the alert quotes both.
        #expect(try Self.concepts("Friday is the party. Thank you for everything!").isEmpty)
        #expect(try Self.concepts("Friday is the day. Thank you for everything, the party was great.").isEmpty)
        #expect(try Self.concepts("Friday I never said goodbye. Look after the kids, he said.") == ["plan"], "a denial of something else")
        #expect(try Self.concepts("Not Friday. Thank you for everything.").isEmpty, "a denial in the first sentence, before its part")
        let finding = try #require(SafetyScreen.explain("We were out. Friday is the day. Look after the kids.", lexicon: try Self.lexicon()).first)
        #expect(finding.sentence == "Friday is the day. Look after the kids.")
        #expect(finding.matchedWords == ["Friday", "Look after the kids"])
    }

    @Test func aQuestionPutToTheWriterIsExcusedByADenialOfTheSameConceptAfterIt() throws {
        #expect(try Self.concepts("My mum keeps asking if my husband will kill me. He never said he would kill me.").isEmpty)
        #expect(try Self.concepts("My mum asked if my husband will kill me. We laughed. He never threatened to kill me.").isEmpty,
                "two sentences on")
        #expect(try Self.concepts("My mum keeps asking if my husband will kill me. He might.") == ["threat"], "no denial")
        #expect(try Self.concepts("My mum asked if my husband will kill me. Work was long. It rained. He never said he would kill me.")
                == ["threat"], "three sentences on")
        #expect(try Self.concepts("My mum keeps asking if my husband will kill me. I never want to die.") == ["threat"],
                "a denial of another concept")
        #expect(try Self.concepts("My husband will kill me. He never said he would kill me.") == ["threat"], "no question: no answer")
        #expect(try Self.concepts("My mum asked if my husband will kill me. He never said he would kill me, I am not sure.") == ["threat"],
                "an unsure answer")
    }

    @Test func chineseAndJapaneseMatchBySubstringWithDenialsAfter() throws {
        #expect(try Self.concepts("最近、本当に死にたいと思う") == ["self"])
        #expect(try Self.concepts("シニタイ") == ["self"], "katakana folds to hiragana")
        #expect(try Self.concepts("死にたいとは思わない").isEmpty)
    }

    @Test func flagsNameTheRuleNeverThePartnersWords() throws {
        let flags = SafetyScreen.screen("Zoë Ångström wants to die", lexicon: try Self.lexicon())
        #expect(flags == [SafetyFlag(category: "self", pattern: "en: want + die within 6")])
        #expect(!flags.contains { $0.pattern.contains("Zoë") || $0.pattern.contains("Ångström") })
    }

    @Test func explainQuotesTheSentenceAndTheMatchedWords() throws {
        let findings = SafetyScreen.explain("All good at work. Honestly I wanted to die on Sunday! Connection 3.", lexicon: try Self.lexicon())
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.concept == "self")
        #expect(finding.title == "thoughts of suicide")
        #expect(finding.sentence == "Honestly I wanted to die on Sunday!")
        #expect(finding.matchedWords == ["wanted", "die"])
        #expect(finding.language == "en")
    }

    @Test func flagsStoredBeforeConceptsStillDecode() throws {
        let old = Data(#"[{"category":"self-harm","pattern":"suicid*"}]"#.utf8)
        #expect(try JSONDecoder().decode([SafetyFlag].self, from: old) == [SafetyFlag(category: "self-harm", pattern: "suicid*")])
    }

    @Test func anyInputIsScreenedWithoutFailing() throws {
        let lexicon = try Self.lexicon()
        var bytes: [UInt8] = []
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<200_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: seed >> 33))
        }
        _ = SafetyScreen.screen(String(decoding: bytes, as: UTF8.self), lexicon: lexicon)
        _ = SafetyScreen.explain(String(decoding: bytes, as: UTF8.self), lexicon: lexicon)
        let line = String(repeating: "we talked about the week and ", count: 36_000) + "I want to die"
        #expect(line.utf8.count > 1_000_000)
        #expect(SafetyScreen.screen(line, lexicon: lexicon).map(\.category) == ["self"])
        let dots = String(repeating: ".", count: 100_000) + String(repeating: "死", count: 100_000)
        #expect(SafetyScreen.screen(dots, lexicon: lexicon).isEmpty)
    }

    @Test(arguments: [
        ("unknown group", ["a + nothing"], ["a": ["x"]]),
        ("unused group", ["a"], ["a": ["x"], "b": ["y"]]),
        ("malformed rule", ["a +"], ["a": ["x"]]),
        ("empty term", ["a"], ["a": [".."]]),
    ] as [(String, [String], [String: [String]])])
    func aBrokenLexiconIsRefusedWithTheReason(_ c: (String, [String], [String: [String]])) {
        #expect(throws: SafetyLexiconError.self, "\(c.0)") {
            try SafetyLexicon(concepts: [SafetyConcept(id: "c", title: "c", rules: c.1)],
                              languages: [SafetyLanguage(code: "xx", groups: c.2)])
        }
    }
}
