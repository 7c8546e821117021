import Foundation
import TightropeApp
import TightropeCore
import TightropeMail

/// What the fuzz targets share: the safety lexicon and the rounds' questions, loaded once from
/// the source tree, and the whole reading path a reply goes through in `poll`.
package enum FuzzReading {
    /// The repository root: this file is Fuzz/Sources/TightropeFuzzing/FuzzReading.swift.
    package static let repository: URL = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root
    }()

    /// The shipped lexicon (seeds/safety), compiled once; a fuzz run without it is no use.
    package static let lexicon: SafetyLexicon = {
        do {
            return try SafetyLexiconLoader.load(path: repository.appendingPathComponent("seeds/safety").path)
        } catch {
            FileHandle.standardError.write(Data("fuzz: cannot load seeds/safety: \(error)\n".utf8))
            exit(2)
        }
    }()

    /// The questions of the answer fixtures' rounds (Tests/Fixtures/answers/rounds).
    package static let rounds: [RoundQuestions] = {
        let dir = repository.appendingPathComponent("Tests/Fixtures/answers/rounds")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        let rounds = names.compactMap { name in
            (try? Data(contentsOf: dir.appendingPathComponent(name))).flatMap(RoundQuestions.decode)
        }
        if rounds.isEmpty {
            FileHandle.standardError.write(Data("fuzz: no round questions in \(dir.path)\n".utf8))
            exit(2)
        }
        return rounds
    }()

    /// A round chosen by the input's length, so that the input itself stays the message.
    package static func round(for count: Int) -> RoundQuestions { rounds[count % rounds.count] }

    /// Loads everything before the first input, so that the first input is not timed with it.
    package static func prepare() {
        _ = lexicon
        _ = rounds
        AnswerParser.prepare()
    }

    /// What `poll` does with a message's bytes (`ReadingPass`: MIME, the dedupe key, the class,
    /// the readable body, reply extraction, answers and commands, the safety screen), and the
    /// screen's explanation that an alert carries.
    @discardableResult
    package static func wholePath(_ bytes: [UInt8], questions: RoundQuestions) -> ReadingPass {
        let pass = ReadingPass.run(bytes, questions: questions, lexicon: lexicon)
        if !pass.flags.isEmpty { _ = SafetyScreen.explain(pass.reply.text, lexicon: lexicon) }
        return pass
    }
}
