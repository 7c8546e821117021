// `swift package --package-path Benchmarks/InProcess benchmark --target Replies`
//
// Tightrope's reading path (`ReadingPipeline`: MIME parse, best text body, reply extraction,
// answers and commands, safety screen — what poll runs on a message) over the reply corpus,
// the corpus read and the readers' tables built in setup, outside every measurement:
// - "scored corpus, one pass": one iteration reads the 285 scored cases in turn
//   (throughput × 285 = cases/s);
// - "one case per iteration": iteration i reads case i mod 285, so the wall-clock percentiles
//   are those of the cases themselves and p100 is about the slowest case (5 rounds of the corpus);
// - "timing-only 766 KB case": the corpus's unscored quote run, which the scorer times apart.
import Benchmark
import RepliesCorpus
import TightropeApp

/// What setup hands every benchmark: the corpus in memory and a ready pipeline.
struct Loaded: @unchecked Sendable {
    let corpus: RepliesCorpus
    let pipeline: ReadingPipeline
    static func load() throws -> Loaded {
        Loaded(corpus: try RepliesCorpus.load(), pipeline: try ReadingPipeline())
    }
}

/// The next case of "one case per iteration" (iterations run one after another on one thread).
final class Cursor: @unchecked Sendable {
    var next = 0
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident]

    Benchmark(
        "scored corpus, one pass",
        configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 50)
    ) { benchmark, loaded in
        let cases = loaded.corpus.scored
        for _ in benchmark.scaledIterations {
            var tally = ReadingTally()
            for c in cases { tally.add(loaded.pipeline.read(message: c.message)) }
            blackHole(tally)
        }
    } setup: {
        try Loaded.load()
    }

    let cursor = Cursor()
    Benchmark(
        "one case per iteration",
        configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 285,
                             maxDuration: .seconds(20), maxIterations: 285 * 5)
    ) { benchmark, loaded in
        let cases = loaded.corpus.scored
        for _ in benchmark.scaledIterations {
            let c = cases[cursor.next % cases.count]
            cursor.next += 1
            blackHole(loaded.pipeline.read(message: c.message))
        }
    } setup: { () throws -> Loaded in
        cursor.next = 0
        return try Loaded.load()
    }

    Benchmark(
        "timing-only 766 KB case",
        configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], timeUnits: .milliseconds,
                             warmupIterations: 1, maxDuration: .seconds(5), maxIterations: 20)
    ) { benchmark, loaded in
        for c in loaded.corpus.timingOnly {
            for _ in benchmark.scaledIterations { blackHole(loaded.pipeline.read(message: c.message)) }
        }
    } setup: {
        try Loaded.load()
    }
}
