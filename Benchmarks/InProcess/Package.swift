// swift-tools-version: 6.1
// The in-process reading benchmark (issue #18): Tightrope's reading path timed over the reply
// corpus inside one process, with ordo-one/benchmark. A package of its own so that the product
// and CI never build it; `Benchmarks/run replies` builds it in release into its own scratch path.
import PackageDescription

let package = Package(
    name: "TightropeInProcessBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // The main package, for its one public reading type (`ReadingPipeline`, product TightropeReading).
        .package(name: "Tightrope", path: "../.."),
        // Only the malloc interposer trait: the Swift 6.3 runtime interposer is a package this machine does not have.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The corpus (read before any timing) and one case's reading: shared by the two below.
        .target(
            name: "RepliesCorpus",
            dependencies: [.product(name: "TightropeReading", package: "Tightrope")]
        ),
        // One JSON line of figures for Benchmarks/run (throughput, slowest case, per-step totals).
        .executableTarget(name: "replies-inprocess", dependencies: ["RepliesCorpus"]),
        // `swift package benchmark`: the same reading under ordo-one/benchmark.
        .executableTarget(
            name: "Replies",
            dependencies: ["RepliesCorpus", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/Replies",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
