import ArgumentParser
import Dispatch
import Foundation
import TightropeApp
import TightropeCore
import TightropeMail

struct ExtractReplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-reply",
        abstract: "Print the new text of a reply (quotes, reply headers and signatures removed).",
        discussion: """
            Reads a raw message (--format eml) or a decoded body (--format body) on stdin. With --jsonl it \
            stays running: each input line {"id","kind","input_b64"} gives one output line {"id","output"}.
            """)

    enum Format: String, ExpressibleByArgument { case eml, body }

    @Option(help: "eml (a raw message) or body (decoded text).") var format: Format = .eml
    @Flag(help: "Long-lived mode: JSON lines in, JSON lines out.") var jsonl = false

    func run() throws {
        if jsonl {
            try Self.runJSONLines()
            return
        }
        let input = Array(FileHandle.standardInput.readDataToEndOfFile())
        let text = Self.extract(input, kind: format)
        FileHandle.standardOutput.write(Data((text + (text.isEmpty ? "" : "\n")).utf8))
    }

    static func extract(_ input: [UInt8], kind: Format) -> String {
        switch kind {
        case .eml: return ReplyExtractor.extract(message: input).text
        case .body:
            var defects: [MIMEDefect] = []
            return ReplyExtractor.extract(Charset.decode(input, label: "utf-8", defects: &defects)).text
        }
    }

    struct Request: Decodable { var id: String; var kind: String?; var input_b64: String }
    struct Response: Encodable { var id: String; var output: String }

    static func runJSONLines() throws {
        let encoder = JSONEncoder()
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            let request: Request
            do { request = try JSONDecoder().decode(Request.self, from: Data(line.utf8)) } catch {
                FileHandle.standardError.write(Data("tightrope: extract-reply: a line is not a valid request\n".utf8))
                continue
            }
            let bytes = Array(Data(base64Encoded: request.input_b64) ?? Data())
            let output = extract(bytes, kind: Format(rawValue: request.kind ?? "eml") ?? .eml)
            var data = try encoder.encode(Response(id: request.id, output: output))
            data.append(10)
            FileHandle.standardOutput.write(data)
        }
    }
}

struct ExtractBodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-body",
        abstract: "Write the best text body of every message under IN_DIR to OUT_DIR (<id>.txt and index.jsonl).")

    @Argument var inputDirectory: String
    @Argument var outputDirectory: String
    @Flag(help: "Print how long parsing took (files are read before, written after the timed part).") var timing = false

    func run() throws {
        let root = URL(fileURLWithPath: inputDirectory).standardizedFileURL
        let out = URL(fileURLWithPath: outputDirectory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw ValidationError("cannot read \(inputDirectory)")
        }
        var files: [URL] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url.standardizedFileURL)
        }
        files.sort { $0.path < $1.path }
        // Read everything first, so the timing below is parsing only (one warm process).
        let inputs = files.map { Array((try? Data(contentsOf: $0)) ?? Data()) }
        let start = DispatchTime.now().uptimeNanoseconds
        let bodies = inputs.map { MIMEMessage($0).bestText() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if timing {
            let bytes = inputs.reduce(0) { $0 + $1.count }
            let line = String(format: "parsed %d messages (%d bytes) in %.4f s: %.0f msg/s, %.1f MB/s\n", inputs.count, bytes, seconds,
                              Double(inputs.count) / seconds, Double(bytes) / seconds / 1e6)
            FileHandle.standardError.write(Data(line.utf8))
        }
        var index = Data()
        for (file, body) in zip(files, bodies) {
            let id = String(file.path.dropFirst(root.path.count + 1))
            let status: String
            if let body {
                status = body.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "empty" : "ok"
                let target = out.appendingPathComponent(id + ".txt")
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: target.path, contents: Data(body.text.utf8))
            } else {
                status = "no_body"
            }
            let line = try JSONSerialization.data(withJSONObject: ["id": id, "status": status], options: [.sortedKeys])
            index.append(line)
            index.append(10)
        }
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try index.write(to: out.appendingPathComponent("index.jsonl"))
    }
}

struct ParseReplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-reply",
        abstract: "Read a reply (raw message on stdin) against a round's questions and print the answers as JSON.")

    @Option(help: "The round's questions as JSON (as stored with each round).") var round: String?
    @Flag(help: """
        Long-lived mode: each input line {"id","round","input_b64"} (round: a round JSON file) gives one \
        output line {"id","output","micros"} (the reading and how long it took, in microseconds).
        """) var jsonl = false

    struct Output: Encodable {
        var command: String?
        var pauseWeeks: Int?
        var answers: ScaleValues
        var reflection: String?
        var confidence: Double
        var notes: [String]
        /// Each decision with the rule and the line it rests on.
        var evidence: [ReadingEvidence]
    }

    func run() throws {
        if jsonl {
            try Self.runJSONLines()
            return
        }
        guard let round, let data = FileManager.default.contents(atPath: round),
              let questions = RoundQuestions.decode(data) else {
            FileHandle.standardError.write(Data("tightrope: --round: not a readable round JSON file\n".utf8))
            throw ExitCode(.invalidInput)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let reply = ReplyReader.read(message: Array(FileHandle.standardInput.readDataToEndOfFile()), questions: questions)
        FileHandle.standardOutput.write(try encoder.encode(Self.output(reply)) + Data("\n".utf8))
    }

    struct Request: Decodable { var id: String; var round: String; var input_b64: String }
    struct Response: Encodable { var id: String; var output: Output?; var micros: Int }

    /// One warm process reading many replies (the answers benchmark times each reading alone).
    static func runJSONLines() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var rounds: [String: RoundQuestions] = [:]
        AnswerParser.prepare()
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            guard let request = try? JSONDecoder().decode(Request.self, from: Data(line.utf8)) else {
                FileHandle.standardError.write(Data("tightrope: parse-reply: a line is not a valid request\n".utf8))
                continue
            }
            if rounds[request.round] == nil {
                rounds[request.round] = FileManager.default.contents(atPath: request.round).flatMap(RoundQuestions.decode)
            }
            var response = Response(id: request.id, output: nil, micros: 0)
            if let questions = rounds[request.round] {
                let bytes = Array(Data(base64Encoded: request.input_b64) ?? Data())
                let start = DispatchTime.now().uptimeNanoseconds
                let reply = ReplyReader.read(message: bytes, questions: questions)
                response.micros = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
                response.output = output(reply)
            }
            var data = try encoder.encode(response)
            data.append(10)
            FileHandle.standardOutput.write(data)
        }
    }

    static func output(_ reply: ReadReply) -> Output {
        var command: String?
        var weeks: Int?
        switch reply.command {
        case .stop: command = "stop"
        case .resume: command = "resume"
        case .pause(let w): command = "pause"; weeks = w
        case nil: break
        }
        return Output(command: command, pauseWeeks: weeks, answers: reply.answers.scales, reflection: reply.answers.reflection,
                      confidence: reply.answers.confidence, notes: reply.answers.notes, evidence: reply.answers.evidence)
    }
}
