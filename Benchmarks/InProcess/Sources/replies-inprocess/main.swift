// replies-inprocess [--passes N] [--dump DIR] [--corpus DIR]
//
// Times Tightrope's reading path (`ReadingPipeline`: what poll runs on a message's bytes — MIME
// parse, best text body, reply extraction, answers and commands, safety screen) over every case
// of the reply corpus inside this one process, files read and the readers' tables built before
// the timed part, one untimed warm-up pass, then N timed passes (default 5) with each reading
// timed alone. Prints one JSON line:
//   cases, bytes, passes, seconds (median pass), cases_per_s (cases / median pass),
//   worst_ms (the slowest case: the largest of the cases' median times over the passes),
//   worst_case, worst_single_ms (the largest single timing seen), slowest (the five slowest
//   cases and their median ms), median_case_ms,
//   timing_only (the corpus's unscored 766 KB case, timed apart as the scorer does),
//   steps_ms (one extra pass with each step timed alone; `extract` is run once more there),
//   tally (counts of what was read, so that no reading can be optimised away).
// With --dump DIR, each scored case's new text is written to DIR/<id with / as __>.out.txt.
import Foundation
import RepliesCorpus
import TightropeApp

var passes = 5
var dump: String?
var corpusDirectory = RepliesCorpus.defaultDirectory
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--passes": passes = max(1, Int(arguments.next() ?? "") ?? 5)
    case "--dump": dump = arguments.next()
    case "--corpus": corpusDirectory = arguments.next() ?? corpusDirectory
    default:
        FileHandle.standardError.write(Data("usage: replies-inprocess [--passes N] [--dump DIR] [--corpus DIR]\n".utf8))
        exit(64)
    }
}

let corpus: RepliesCorpus
let pipeline: ReadingPipeline
do {
    corpus = try RepliesCorpus.load(directory: corpusDirectory)
    pipeline = try ReadingPipeline()
} catch {
    FileHandle.standardError.write(Data("replies-inprocess: \(error)\n".utf8))
    exit(1)
}
let cases = corpus.scored
var tally = ReadingTally()

// Warm-up: every case once, untimed.
for c in corpus.cases { tally.add(pipeline.read(message: c.message)) }

var caseNanos = [[UInt64]](repeating: [], count: cases.count)
var passNanos: [UInt64] = []
for _ in 0..<passes {
    let passStart = nowNanos()
    for (i, c) in cases.enumerated() {
        let t0 = nowNanos()
        let reading = pipeline.read(message: c.message)
        let t1 = nowNanos()
        caseNanos[i].append(t1 - t0)
        tally.add(reading)
    }
    passNanos.append(nowNanos() - passStart)
}

func median(_ values: [UInt64]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? Double(s[s.count / 2]) : (Double(s[s.count / 2 - 1]) + Double(s[s.count / 2])) / 2
}

let perCase = caseNanos.map(median)
let worstIndex = perCase.indices.max { perCase[$0] < perCase[$1] }!
let passSeconds = median(passNanos) / 1e9

var timingOnly: [String: Double] = [:]
for c in corpus.timingOnly {
    var times: [UInt64] = []
    for _ in 0..<passes {
        let t0 = nowNanos()
        tally.add(pipeline.read(message: c.message))
        times.append(nowNanos() - t0)
    }
    timingOnly[c.id] = median(times) / 1e6
}

var steps = ReadingPipeline.StepNanos()
for c in cases { steps = steps + pipeline.readTimingSteps(message: c.message) }

if let dump {
    try? FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
    for c in cases {
        let path = (dump as NSString).appendingPathComponent(c.id.replacingOccurrences(of: "/", with: "__") + ".out.txt")
        _ = FileManager.default.createFile(atPath: path, contents: Data(pipeline.read(message: c.message).text.utf8))
    }
}

struct Figures: Encodable {
    var tool = "tightrope-inprocess"
    var cases: Int
    var bytes: Int
    var passes: Int
    var seconds: Double
    var cases_per_s: Double
    var mb_per_s: Double
    var worst_ms: Double
    var worst_case: String
    var worst_single_ms: Double
    var slowest: [[String]]
    var median_case_ms: Double
    var timing_only: [String: Double]
    var steps_ms: [String: Double]
    var tally: String
}
let bytes = cases.reduce(0) { $0 + $1.bytes }
let figures = Figures(
    cases: cases.count, bytes: bytes, passes: passes, seconds: passSeconds, cases_per_s: Double(cases.count) / passSeconds,
    mb_per_s: Double(bytes) / passSeconds / 1e6, worst_ms: perCase[worstIndex] / 1e6, worst_case: cases[worstIndex].id,
    worst_single_ms: Double(caseNanos.joined().max() ?? 0) / 1e6,
    slowest: perCase.indices.sorted { perCase[$0] > perCase[$1] }.prefix(5).map { [cases[$0].id, String(format: "%.2f", perCase[$0] / 1e6)] }, median_case_ms: median(perCase.map { UInt64($0) }) / 1e6,
    timing_only: timingOnly,
    steps_ms: ["parse": Double(steps.parse) / 1e6, "key_and_class": Double(steps.keyAndClass) / 1e6,
               "extract": Double(steps.extract) / 1e6, "read": Double(steps.read) / 1e6, "screen": Double(steps.screen) / 1e6],
    tally: tally.description)
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
FileHandle.standardOutput.write((try! encoder.encode(figures)) + Data("\n".utf8))
