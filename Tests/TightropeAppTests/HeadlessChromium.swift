import Foundation
import TightropeTesting

/// Debian's Chromium run headless for the render tests. Each run gets its own profile
/// directory: two suites rendering at the same time with one profile make the second
/// browser refuse to start ("Failed to create a ProcessSingleton").
struct HeadlessChromium {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let browser: String

    func run(_ arguments: [String]) throws -> CLIRun {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                     "--user-data-dir=\(profile.path)"]
        return try Subprocess.run(browser, flags + arguments)
    }
}
