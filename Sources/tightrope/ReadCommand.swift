import ArgumentParser
import Dispatch
import Foundation
import TightropeApp
import TightropeCore
import TightropeMail

/// `tightrope debug read FILE…`: the whole reading path a poll runs on each message (MIME,
/// de-duplication key, classification, reply extraction, answers, commands, safety screen),
/// in memory, one JSON line per file with how long it took and every defect and limit met.
/// The budget benchmark (`Benchmarks/run hostile`) runs it one process per message.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Run the whole reading path on raw messages and print one JSON line each (time, defects, limits).")

    @Option(help: "The round's questions as JSON (default: the installed question bank's scales).") var round: String?
    @Argument(help: "Raw message files (.eml).") var files: [String]

    struct Line: Encodable {
        var file: String
        var bytes: Int
        var micros: Int
        var kind: String
        var textBytes: Int
        var confidence: Double
        var flags: Int
        var defects: [String]
    }

    func run() throws {
        let lexicon: SafetyLexicon
        let questions: RoundQuestions
        do {
            lexicon = try SafetyLexiconLoader.installed(cacheDirectory: LexiconCache.defaultDirectory())
            if let round {
                guard let q = FileManager.default.contents(atPath: round).flatMap(RoundQuestions.decode) else {
                    FileHandle.standardError.write(Data("tightrope: --round: not a readable round JSON file\n".utf8))
                    throw ExitCode(.invalidInput)
                }
                questions = q
            } else {
                questions = try ReadingPass.installedRound()
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("tightrope: \(error)\n".utf8))
            throw ExitCode(.configuration)
        }
        AnswerParser.prepare()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("tightrope: \(file): not readable\n".utf8))
                throw ExitCode(.invalidInput)
            }
            let bytes = [UInt8](data)
            let start = DispatchTime.now().uptimeNanoseconds
            let pass = ReadingPass.run(bytes, questions: questions, lexicon: lexicon)
            let micros = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
            let kind = switch pass.kind {
            case .deliveryReport: "delivery-report"
            case .autoReply: "auto-reply"
            case .message: pass.reply.command == nil ? "reply" : "command"
            }
            let line = Line(file: file, bytes: bytes.count, micros: micros, kind: kind, textBytes: pass.reply.text.utf8.count,
                            confidence: pass.reply.answers.confidence, flags: pass.flags.count, defects: pass.defects.map(\.description))
            FileHandle.standardOutput.write(try encoder.encode(line) + Data("\n".utf8))
        }
    }
}
