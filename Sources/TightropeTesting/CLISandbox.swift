import Foundation

/// The result of running the `tightrope` executable.
package struct CLIRun: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String
}

/// A practice directory with its own config and database, and a way to run the built
/// `tightrope` executable in it, as a therapist (or a timer) would.
package final class CLISandbox: Sendable {
    package let dir: URL
    package let environment: [String: String]
    package var config: URL { dir.appendingPathComponent("config.toml") }
    package var database: URL { dir.appendingPathComponent("data/tightrope.sqlite") }

    /// The repository checkout these tests belong to.
    package static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The executable sits next to the test bundle in the build directory (or `$TIGHTROPE_BIN`).
    package static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["TIGHTROPE_BIN"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("tightrope").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("tightrope")
    }

    /// Creates a sandbox whose config is `Deploy/config.example.toml` with the database moved
    /// inside it and `edit` applied to the text.
    package init(environment: [String: String] = [:], edit: (String) -> String = { $0 }) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let example = Self.repository.appendingPathComponent("Deploy/config.example.toml")
        let text = try String(contentsOf: example, encoding: .utf8)
            .replacingOccurrences(of: "/var/lib/tightrope/tightrope.sqlite", with: dir.appendingPathComponent("data/tightrope.sqlite").path)
        try Data(edit(text).utf8).write(to: dir.appendingPathComponent("config.toml"))
        self.environment = environment
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// The environment the executable runs with here: this sandbox's config, its credentials, `env`.
    private func processEnvironment(_ env: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TIGHTROPE_CONFIG"] = config.path
        // The compiled safety lexicon is kept here, not in the user's home.
        environment["CACHE_DIRECTORY"] = dir.appendingPathComponent("cache").path
        environment.merge(self.environment) { $1 }
        environment.merge(env) { $1 }
        return environment
    }

    /// Starts the executable without waiting (for concurrency and crash tests).
    package func start(_ args: [String], env: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = args
        process.environment = processEnvironment(env)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the executable to completion.
    package func run(_ args: [String], env: [String: String] = [:]) throws -> CLIRun {
        try Subprocess.run(Self.binary.path, args, environment: processEnvironment(env))
    }

    /// `couple add` with the two partners.
    package func addCouple(_ id: String, a: (String, String), b: (String, String), extra: [String] = []) throws -> CLIRun {
        try run(["couple", "add", id, "--a-name", a.0, "--a-email", a.1, "--b-name", b.0, "--b-email", b.1] + extra)
    }
}
