import Foundation
import TightropeCore
import TightropeMail

/// Everything the poller does with a message's bytes before it asks the store anything: parse
/// the MIME tree, key it for de-duplication, classify it, read the reply and screen its text.
/// One function, so that the budget benchmark, the fuzz targets and the regression tests run
/// exactly the path a poll runs.
package struct ReadingPass: Sendable {
    package var dedupeKey: String
    package var kind: InboundClass
    package var reply: ReadReply
    package var flags: [SafetyFlag]
    /// What the parser and the readers recorded (the parser's own defects included), every
    /// reading limit that was reached among them.
    package var defects: [MIMEDefect]

    package static func run(_ bytes: [UInt8], questions: RoundQuestions, lexicon: SafetyLexicon) -> ReadingPass {
        let message = MIMEMessage(bytes)
        let reply = ReplyReader.read(message: message, questions: questions)
        return ReadingPass(dedupeKey: InboundProcessor.dedupeKey(bytes), kind: InboundClass.of(message), reply: reply,
                           flags: SafetyScreen.screen(reply.text, lexicon: lexicon), defects: reply.defects)
    }

    /// The questions a message is read against when no round is given (`tightrope debug read`
    /// without `--round`, the in-process benchmark): the installed bank's scales and its first
    /// prompt on communicating needs.
    package static func installedRound() throws(TOMLFileError) -> RoundQuestions {
        let bank = try QuestionBankLoader.load(path: ResourceLocator.questionsFile(configured: nil).path)
        let prompt = bank.prompts[Theme.communicatingNeeds]?.first ?? Prompt(id: "", theme: Theme.communicatingNeeds, text: "")
        return RoundQuestions(theme: prompt.theme, themeTitle: "", scales: bank.scales, prompt: prompt)
    }
}
