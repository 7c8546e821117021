import Testing
import TightropeAppTesting
@testable import TightropeApp
@testable import TightropeCore

/// The shipped lexicon (seeds/safety.toml) against crisis language and ordinary idioms.
@Suite struct SafetyScreenTests {
    static let lexicon: SafetyLexicon? = try? TestLexicon.installed()

    static func categories(_ text: String) throws -> Set<String> {
        let lexicon = try #require(Self.lexicon)
        return Set(SafetyScreen.screen(text, lexicon: lexicon).map(\.category))
    }

    @Test(arguments: [
        ("I keep thinking about killing myself.", "suicide-thoughts"),
        ("Honestly I don't want to be here anymore", "suicide-wish-dead"),
        ("everyone would be better off without me", "suicide-wish-dead"),
        ("I've had sucidal thoughts again", "suicide-thoughts"),
        ("I want to just die some days", "suicide-wish-dead"),
        ("there's no point in living like this anymore", "suicide-wish-dead"),
        ("I cut myself on Tuesday", "self-harm"),
        ("I think I should say goodbye to everyone", "suicide-preparation"),
        ("SUICIDE has crossed my mind", "suicide-thoughts"),
        ("I don't want to be alive anymore.", "suicide-wish-dead"),
        ("Honestly I don’t want to be alive", "suicide-wish-dead"),
        ("sometimes I hope I just never wake up", "suicide-wish-dead"),
        ("I'm so tired of living like this", "suicide-wish-dead"),
        ("I'm so angry I could kill him", "harm-to-others"),
        ("I'm going to hurt her if this goes on", "harm-to-others"),
        ("I bought a gun last week", "harm-to-others"),
        ("I’m scared of him when he drinks", "ipv-fear"),
        ("He pushed me against the wall", "ipv-physical"),
        ("She threatened to take the kids and hurt me", "ipv-threat-to-kill"),
        ("I don't feel safe at home", "ipv-fear"),
        ("I'm afraid to go home tonight", "ipv-fear"),
        ("he took my phone and won't let me leave", "ipv-control"),
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
}

/// A screening question put to the writer and answered with a plain no is a denial; an answer
/// with any hedge, recurrence or more to it still alerts (a missed alert is the worst failure).
@Suite struct SafetyQuestionAnsweredTests {
    static let lexicon: SafetyLexicon? = try? TestLexicon.installed()

    @Test func aPlainNoToAQuestionIsADenial() throws {
        let lexicon = try #require(Self.lexicon)
        for text in [
            "My aunt asked if he hits me. No, never.",
            "You asked if I think about suicide. No, just tired from work.",
            "She asked whether I want to die and I said no.",
            "Meine Schwester hat gefragt, ob er mich schlägt. Nein, niemals.",
            "Ma mère m'a demandé s'il me frappe. Non, jamais.",
        ] {
            #expect(SafetyScreen.screen(text, lexicon: lexicon).isEmpty, "\(text)")
            // Without the answer, the same question's words alert: the answer is what excuses them.
            let question = String(text.split(separator: ".").first!) + "."
            if !text.contains("said no") && !text.contains("gefragt") && !text.contains("demandé") {
                #expect(!SafetyScreen.screen(question + " Yes.", lexicon: lexicon).isEmpty, "\(question) Yes.")
            }
        }
    }

    @Test func anAnswerWithAHedgeOrMoreToItStillAlerts() throws {
        let lexicon = try #require(Self.lexicon)
        for text in [
            "My mum asked if I still think about killing myself. No point lying, I do.",
            "He asked if I wanted to kill myself. Nope. Honestly I don't know anymore.",
            "He asked if I wanted to kill myself. No. Not lately anyway.",
            "She asked if he hits me. No one believes me when I tell them he does.",
            "The doctor asked if I want to die. Yes.",
            "I want to die. My sister asked what's wrong. No, nothing, I said.",
        ] {
            #expect(!SafetyScreen.screen(text, lexicon: lexicon).isEmpty, "\(text)")
        }
    }
}
