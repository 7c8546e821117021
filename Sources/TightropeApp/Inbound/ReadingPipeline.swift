import Dispatch
import Foundation
import TightropeCore
import TightropeMail

/// The one public door into the reading path, for code outside this package (the in-process
/// benchmark in `Benchmarks/InProcess`, which cannot see `package` symbols). It runs
/// `ReadingPass.run`, exactly what `poll` runs on a message's bytes before it asks the store
/// anything: MIME parse, de-duplication key, classification, best text body, reply extraction
/// (new text only), answers and commands against a round's questions, and the safety screen
/// with the installed lexicon. It hands back counts, not the reading itself.
public struct ReadingPipeline: Sendable {
    /// What one reading found, in counts (so that the work cannot be optimised away).
    public struct Reading: Sendable, Equatable {
        /// The new text, as the poll keeps and screens it.
        public var text: String
        /// Scale answers read (0–2).
        public var scales: Int
        public var hasReflection: Bool
        public var hasCommand: Bool
        public var confidence: Double
        /// Safety flags raised on the new text.
        public var flags: Int
        /// Parser and reading-limit defects recorded.
        public var defects: Int
    }

    /// Nanoseconds spent in each step of one reading (`readTimingSteps`).
    public struct StepNanos: Sendable, Equatable {
        /// `MIMEMessage(bytes)`.
        public var parse: UInt64 = 0
        /// De-duplication key and classification (delivery report, auto-reply, message).
        public var keyAndClass: UInt64 = 0
        /// Best text body and reply extraction alone (`ReplyExtractor.extract(message:)`).
        public var extract: UInt64 = 0
        /// `ReplyReader.read`: the extraction again, then answers and commands.
        public var read: UInt64 = 0
        /// `SafetyScreen.screen` on the new text.
        public var screen: UInt64 = 0

        public init() {}

        public static func + (a: StepNanos, b: StepNanos) -> StepNanos {
            var s = a
            s.parse += b.parse
            s.keyAndClass += b.keyAndClass
            s.extract += b.extract
            s.read += b.read
            s.screen += b.screen
            return s
        }
    }

    let questions: RoundQuestions
    let lexicon: SafetyLexicon

    /// Loads the installed safety lexicon and question bank (as `tightrope debug read` does without
    /// `--round`) and builds the readers' tables, so that the first reading is not timed with them.
    public init() throws {
        lexicon = try SafetyLexiconLoader.installed()
        questions = try ReadingPass.installedRound()
        AnswerParser.prepare()
    }

    /// Reads a raw message (RFC 5322 bytes) the way `poll` does.
    public func read(message bytes: [UInt8]) -> Reading {
        let pass = ReadingPass.run(bytes, questions: questions, lexicon: lexicon)
        return Reading(text: pass.reply.text, scales: pass.reply.answers.scales.count, hasReflection: pass.reply.answers.reflection != nil,
                       hasCommand: pass.reply.command != nil, confidence: pass.reply.answers.confidence, flags: pass.flags.count,
                       defects: pass.defects.count)
    }

    /// A message whose only part is `body`, UTF-8 text sent as 8bit: how a reply's text alone (a
    /// corpus's "body" case) is read through the path that reads messages.
    public static func message(body: [UInt8]) -> [UInt8] {
        Array("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".utf8) + body
    }

    /// The steps of `ReadingPass.run`, each timed on its own, for a profile of where the time
    /// goes; the extraction is run once more on its own, so the steps add up to more than one reading.
    public func readTimingSteps(message bytes: [UInt8]) -> StepNanos {
        var t = StepNanos()
        var mark = DispatchTime.now().uptimeNanoseconds
        func lap() -> UInt64 {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { mark = now }
            return now - mark
        }
        let message = MIMEMessage(bytes)
        t.parse = lap()
        let key = InboundProcessor.dedupeKey(bytes)
        let kind = InboundClass.of(message)
        t.keyAndClass = lap()
        let extracted = ReplyExtractor.extract(message: message)
        t.extract = lap()
        let reply = ReplyReader.read(message: message, questions: questions)
        t.read = lap()
        let flags = SafetyScreen.screen(reply.text, lexicon: lexicon)
        t.screen = lap()
        withExtendedLifetime((key, kind, extracted, flags)) {}
        return t
    }
}
