import Dispatch
import Foundation
import TightropeApp

/// The reply-extraction corpus (`../shared/corpora/replies`), read whole before anything is timed.
/// Each case becomes the bytes of a message: an `eml` case is one already; a `body` case (a
/// reply's decoded text, as the conformance scorer sends it with kind "body") becomes the only
/// text/plain part of a message (`ReadingPipeline.message(body:)`), so that both go through the
/// one path a poll runs on what it fetches.
public struct RepliesCorpus: Sendable {
    public struct Case: Sendable {
        public var id: String
        public var kind: String
        /// The file's size, as the scorer counts it.
        public var bytes: Int
        /// What `ReadingPipeline.read(message:)` is given.
        public var message: [UInt8]
        /// False for the corpus's one timing-only case (the 766 KB quote run), which the scorer
        /// times apart from the rest.
        public var scored: Bool
    }

    public var directory: String
    public var cases: [Case]
    public var scored: [Case] { cases.filter(\.scored) }
    public var timingOnly: [Case] { cases.filter { !$0.scored } }

    /// `TIGHTROPE_REPLIES_CORPUS`, else `../shared/corpora/replies` beside the checkout (as
    /// `Benchmarks/run` finds it): this file is Benchmarks/InProcess/Sources/RepliesCorpus/.
    public static var defaultDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["TIGHTROPE_REPLIES_CORPUS"], !dir.isEmpty { return dir }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<6 { root.deleteLastPathComponent() }
        return root.appendingPathComponent("shared/corpora/replies").path
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    private struct Entry: Decodable {
        var id: String
        var input_path: String
        var input_kind: String
        var scored: Bool?
    }

    public static func load(directory: String = defaultDirectory) throws -> RepliesCorpus {
        let manifest = (directory as NSString).appendingPathComponent("manifest.jsonl")
        guard let data = FileManager.default.contents(atPath: manifest) else {
            throw LoadError(description: "\(manifest): not readable (set TIGHTROPE_REPLIES_CORPUS)")
        }
        var cases: [Case] = []
        for line in data.split(separator: 10) where !line.isEmpty {
            let entry = try JSONDecoder().decode(Entry.self, from: Data(line))
            let path = (directory as NSString).appendingPathComponent(entry.input_path)
            guard let raw = FileManager.default.contents(atPath: path) else { throw LoadError(description: "\(path): not readable") }
            let bytes = [UInt8](raw)
            let message: [UInt8]
            switch entry.input_kind {
            case "eml": message = bytes
            case "body": message = ReadingPipeline.message(body: bytes)
            default: throw LoadError(description: "\(entry.id): unknown input_kind \(entry.input_kind)")
            }
            cases.append(Case(id: entry.id, kind: entry.input_kind, bytes: bytes.count, message: message, scored: entry.scored ?? true))
        }
        guard !cases.isEmpty else { throw LoadError(description: "\(manifest): no case") }
        return RepliesCorpus(directory: directory, cases: cases)
    }
}

/// A fold of what the readings found, printed at the end so that none of them can be dropped.
public struct ReadingTally: Sendable, Equatable, CustomStringConvertible {
    public var textBytes = 0
    public var scales = 0
    public var reflections = 0
    public var commands = 0
    public var flags = 0
    public var defects = 0

    public init() {}

    public mutating func add(_ r: ReadingPipeline.Reading) {
        textBytes &+= r.text.utf8.count
        scales &+= r.scales
        reflections &+= r.hasReflection ? 1 : 0
        commands &+= r.hasCommand ? 1 : 0
        flags &+= r.flags
        defects &+= r.defects
    }

    public var description: String {
        "text_bytes=\(textBytes) scales=\(scales) reflections=\(reflections) commands=\(commands) flags=\(flags) defects=\(defects)"
    }
}

@inline(__always) public func nowNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
