import Testing
@testable import TightropeApp
@testable import TightropeCore

/// The shipped lexicon (seeds/safety.toml) against crisis language and ordinary idioms.
@Suite struct SafetyScreenTests {
    static let lexicon: SafetyLexicon? = try? SafetyLexiconLoader.installed()

    static func categories(_ text: String) throws -> Set<String> {
        let lexicon = try #require(Self.lexicon)
        return Set(SafetyScreen.screen(text, lexicon: lexicon).map(\.category))
    }

    @Test(arguments: [
        ("I keep thinking about killing myself.", "self-harm"),
        ("Honestly I don't want to be here anymore", "self-harm"),
        ("everyone would be better off without me", "self-harm"),
        ("I've had sucidal thoughts again", "self-harm"),
        ("I want to just die some days", "self-harm"),
        ("there's no point in living like this anymore", "self-harm"),
        ("I cut myself on Tuesday", "self-harm"),
        ("I think I should say goodbye to everyone", "self-harm"),
        ("SUICIDE has crossed my mind", "self-harm"),
        ("I don't want to be alive anymore.", "self-harm"),
        ("Honestly I don’t want to be alive", "self-harm"),
        ("sometimes I hope I just never wake up", "self-harm"),
        ("I'm so tired of living like this", "self-harm"),
        ("I'm so angry I could kill him", "harm-to-others"),
        ("I'm going to hurt her if this goes on", "harm-to-others"),
        ("I bought a gun last week", "harm-to-others"),
        ("I’m scared of him when he drinks", "partner-violence"),
        ("He pushed me against the wall", "partner-violence"),
        ("She threatened to take the kids and hurt me", "partner-violence"),
        ("I don't feel safe at home", "partner-violence"),
        ("I'm afraid to go home tonight", "partner-violence"),
        ("he took my phone and won't let me leave", "partner-violence"),
    ] as [(String, String)])
    func crisisLanguageIsFlagged(_ c: (String, String)) throws {
        #expect(try Self.categories(c.0).contains(c.1), "\(c.0)")
    }

    @Test(arguments: [
        "This week killed me, honestly. 4 and 3.",
        "I could murder a pizza right now",
        "I want to be alive for my kids, that keeps me going",
        "I did not wake up on time and missed the bus",
        "Dying to see the kids this weekend",
        "Her lasagne is to die for",
        "We were killing time at the airport",
        "Work is killing me but we're okay",
        "It hit me how much I miss our walks",
        "I'm terrified of flying to the wedding",
        "We laughed until we cried. Connection 5, room 4.",
        "1) 4\n2) 3\n3) We planned a Sunday pancake ritual.",
    ])
    func ordinaryIdiomsDoNotAlert(_ text: String) throws {
        #expect(try Self.categories(text).isEmpty, "\(text)")
    }

    @Test func patternsSupportPrefixesAndGaps() {
        let lexicon = SafetyLexicon(categories: [.init(id: "x", title: "x", patterns: ["suicid*", "want ... die"])], idioms: ["to die for"])
        #expect(SafetyScreen.screen("suicidal", lexicon: lexicon).count == 1)
        #expect(SafetyScreen.screen("I want to really truly die", lexicon: lexicon).count == 1)
        #expect(SafetyScreen.screen("I want a cake to die for", lexicon: lexicon).isEmpty)
        #expect(SafetyScreen.screen("I want to go out and have fun and then die laughing", lexicon: lexicon).isEmpty)
    }
}
