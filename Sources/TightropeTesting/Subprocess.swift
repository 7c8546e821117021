import Foundation

/// Runs a program to completion and collects its output. Input and output go through
/// temporary files, so a chatty program can never block on a full pipe.
package enum Subprocess {
    package static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                            input: Data? = nil) throws -> CLIRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let dir = FileManager.default.temporaryDirectory
        let outFile = dir.appendingPathComponent("tightrope-out-\(UUID().uuidString)")
        let errFile = dir.appendingPathComponent("tightrope-err-\(UUID().uuidString)")
        let inFile = dir.appendingPathComponent("tightrope-in-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
            try? FileManager.default.removeItem(at: inFile)
        }
        if let input {
            _ = FileManager.default.createFile(atPath: inFile.path, contents: input)
            process.standardInput = try FileHandle(forReadingFrom: inFile)
        }
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        process.waitUntilExit()
        return CLIRun(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }
}
