import Foundation

/// What Python's `email` package (policy=default) read from a message file.
package struct PythonMailReading: Decodable, Sendable {
    package var file: String
    package var defects: [String]
    package var subject: String?
    package var from: [String]?
    package var from_name: [String]?
    package var to: [String]?
    package var to_name: [String]?
    package var reply_to: [String]?
    package var message_id: String?
    package var content_type: String?
    package var text: String?
    package var html: String?
    package var auto_submitted: String?
    package var list_unsubscribe: String?
}

/// Runs `Tests/tools/check_mail.py` over message files: an independent, strict reader.
package enum PythonMailCheck {
    package static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/tools/check_mail.py")
    }

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    package static func read(_ files: [URL]) throws -> [PythonMailReading] {
        let run = try Subprocess.run("/usr/bin/env", ["python3", script.path] + files.map(\.path))
        guard run.status == 0 else { throw Failure(description: "check_mail.py exited \(run.status)") }
        return try run.stdout.split(separator: "\n").map { try JSONDecoder().decode(PythonMailReading.self, from: Data($0.utf8)) }
    }
}
