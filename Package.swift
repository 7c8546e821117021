// swift-tools-version:6.0
// Tightrope: weekly email check-ins for couples in therapy.
import PackageDescription

/// Strict settings shared by every target of the project's own.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Tightrope",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tightrope", targets: ["tightrope"]),
        // For Benchmarks/InProcess only (a package of its own, which CI does not build): the reading
        // path's one public type, `ReadingPipeline`; everything else stays `package`.
        .library(name: "TightropeReading", targets: ["TightropeApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Tests only: the property test of FuzzRegressionTests.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Pure domain: schedules, themes, validation. No I/O; time is passed in.
        .target(name: "TightropeCore", swiftSettings: strict),
        // RFC 5322 / MIME composition. Bytes in, bytes out; knows nothing of therapy.
        .target(name: "TightropeMail", dependencies: ["TightropeCore"], swiftSettings: strict),
        // Loads and checks Templates/, renders explicit view models.
        .target(
            name: "TightropeRendering",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        // libcurl as a system library plus typed wrappers for its variadic calls.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // SMTP submission and IMAP over libcurl; a Maildir transport for demo and dry runs.
        .target(name: "TightropeTransport", dependencies: ["CCurl"], swiftSettings: strict),
        // SQLite through GRDB: migrations, couples, rounds, outbox.
        .target(
            name: "TightropeStore",
            dependencies: ["TightropeCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The jobs, configuration and credentials, written against protocols it declares.
        .target(
            name: "TightropeApp",
            dependencies: [
                "TightropeCore", "TightropeMail", "TightropeRendering", "TightropeTransport", "TightropeStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict,
            // ICU as Foundation ships it (plural rules: LocaleSupport.pluralCategory).
            linkerSettings: [.linkedLibrary("_FoundationICU", .when(platforms: [.linux]))]
        ),
        // The thin executable: argument parsing, logging bootstrap, exit codes.
        .executableTarget(
            name: "tightrope",
            dependencies: [
                "TightropeApp", "TightropeCore", "TightropeStore", "TightropeTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Golden files, fixed dates, log capture, subprocesses, the CLI sandbox and the test mail
        // stack: what every test target may use, without building the application.
        .target(
            name: "TightropeTesting",
            dependencies: ["TightropeTransport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The test practice, a recording sender and client-style replies: for App and integration tests.
        .target(
            name: "TightropeAppTesting",
            dependencies: ["TightropeTesting", "TightropeCore", "TightropeApp", "TightropeMail"],
            swiftSettings: strict
        ),
        .testTarget(name: "TightropeCoreTests", dependencies: ["TightropeCore", "TightropeTesting"], swiftSettings: strict),
        .testTarget(name: "TightropeMailTests", dependencies: ["TightropeMail", "TightropeTesting"], exclude: ["Golden", "Fixtures"], swiftSettings: strict),
        .testTarget(name: "TightropeRenderingTests", dependencies: ["TightropeRendering", "TightropeTesting"], swiftSettings: strict),
        .testTarget(name: "TightropeStoreTests", dependencies: ["TightropeStore", "TightropeCore", "TightropeTesting"], swiftSettings: strict),
        .testTarget(
            name: "TightropeAppTests",
            dependencies: ["TightropeApp", "TightropeCore", "TightropeMail", "TightropeStore", "TightropeTransport", "TightropeTesting",
                           "TightropeAppTesting",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        // Against the real Postfix and Dovecot of scripts/mailstack.sh, through the built executable.
        .testTarget(
            name: "TightropeIntegrationTests",
            dependencies: ["TightropeApp", "TightropeCore", "TightropeStore", "TightropeTransport", "TightropeTesting", "TightropeAppTesting"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: Fuzzing (FUZZING.md)

/// The libFuzzer targets exist only when `TIGHTROPE_FUZZ=1` is set, so that the ordinary
/// `swift build` and `swift test` neither see nor build them. `Fuzz/run` sets it and builds them
/// with `-sanitize=fuzzer,address` into `.build-fuzz`, and without sanitizers (libFuzzer's
/// driver only) into `.build-fuzz-budget` for the budget check. They are targets of this package
/// because the readers they drive are `package` symbols.
if Context.environment["TIGHTROPE_FUZZ"] == "1" {
    package.targets += [
        // libFuzzer's driver, declared for Swift.
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/Sources/CLibFuzzer"),
        // `fuzz { input in … }`: the main of every fuzz target.
        .target(name: "FuzzDriver", dependencies: ["CLibFuzzer"], path: "Fuzz/Sources/FuzzDriver", swiftSettings: strict),
        // What the targets of the whole reading path share: the lexicon, the rounds, the path itself.
        .target(
            name: "TightropeFuzzing",
            dependencies: ["TightropeApp", "TightropeCore", "TightropeMail"],
            path: "Fuzz/Sources/TightropeFuzzing",
            swiftSettings: strict
        ),
    ]
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("fuzz-mime", ["TightropeCore", "TightropeMail"]),
        ("fuzz-html", ["TightropeCore", "TightropeMail"]),
        ("fuzz-reply", ["TightropeCore", "TightropeMail"]),
        ("fuzz-answers", ["TightropeCore", "TightropeMail", "TightropeFuzzing"]),
        ("fuzz-safety", ["TightropeCore", "TightropeFuzzing"]),
    ]
    for target in fuzzTargets {
        package.targets.append(.executableTarget(
            name: target.name,
            dependencies: target.dependencies + ["FuzzDriver"],
            path: "Fuzz/Sources/\(target.name)",
            swiftSettings: strict,
            // -sanitize=fuzzer links libFuzzer whole, its `main` included; SwiftPM points `main` at
            // the target's own (--defsym), which lld lets override and gold cannot.
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])]
        ))
        package.products.append(.executable(name: target.name, targets: [target.name]))
    }
}
