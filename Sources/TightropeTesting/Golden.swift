import Foundation

/// Golden-file comparison. With `TIGHTROPE_RECORD=1` the file is (re)written and the
/// comparison fails on purpose, so a recording run can never pass unnoticed.
package enum Golden {
    package enum Outcome: Equatable {
        case matches
        case differs(String)
        case recorded
    }

    package static func compare(_ actual: [UInt8], file: URL) -> Outcome {
        if ProcessInfo.processInfo.environment["TIGHTROPE_RECORD"] == "1" {
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: file.path, contents: Data(actual))
            return .recorded
        }
        guard let expected = FileManager.default.contents(atPath: file.path) else {
            return .differs("golden file \(file.lastPathComponent) is missing; run with TIGHTROPE_RECORD=1 to create it")
        }
        if Array(expected) == actual { return .matches }
        let a = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
        let e = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        return .differs("\(file.lastPathComponent) differs at line \(line + 1)")
    }
}

/// A fixed instant builder for tests: `fixedDate("2026-11-27T09:00:00Z")`.
package func fixedDate(_ iso: String) -> Date {
    ISO8601DateFormatter().date(from: iso) ?? Date(timeIntervalSince1970: 0)
}
