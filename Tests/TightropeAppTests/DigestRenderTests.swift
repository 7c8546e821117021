import Foundation
import Testing
import TightropeTesting
@testable import TightropeApp

/// The digest as a mail client shows it: rendered by headless Chromium (Debian's package,
/// installed by scripts/test.sh) at 600 px wide. The PNG is kept in .build/test-artifacts
/// for anyone to look at; the page must not scroll sideways.
@Suite struct DigestRenderTests {
    static let chromium = HeadlessChromium.path
    static let required = ProcessInfo.processInfo.environment["CI"] != nil

    @Test(.enabled(if: chromium != nil || required, "Chromium is not installed (scripts/test.sh installs it)"))
    func theDigestRendersAt600PixelsWithoutHorizontalOverflow() throws {
        let browser = HeadlessChromium(browser: try #require(Self.chromium, "Chromium is required in CI"))
        let world = try ScenarioTests.run()
        let html = try world.digest("2026-12-28T07:00:00Z").html(for: try #require(world.practice.config.therapists.first))
        let artifacts = CLISandbox.repository.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let page = artifacts.appendingPathComponent("digest.html")
        try Data(html.utf8).write(to: page)

        let png = artifacts.appendingPathComponent("digest.png")
        try? FileManager.default.removeItem(at: png)
        let shot = try browser.run(["--window-size=600,2400", "--screenshot=\(png.path)", page.absoluteString])
        #expect(shot.status == 0, "\(shot.stderr)")
        let bytes = try Data(contentsOf: png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(bytes.count > 10_000)

        // The page measures itself: its scroll width against the 600 px viewport.
        let probe = artifacts.appendingPathComponent("digest-probe.html")
        let script = "<script>document.title = 'width ' + document.documentElement.scrollWidth + ' ' + window.innerWidth;</script></body>"
        try Data(html.replacingOccurrences(of: "</body>", with: script).utf8).write(to: probe)
        let dump = try browser.run(["--window-size=600,2400", "--dump-dom", probe.absoluteString])
        let title = try #require(dump.stdout.range(of: "<title>width ").map { dump.stdout[$0.upperBound...].prefix { $0 != "<" } })
        let numbers = title.split(separator: " ").compactMap { Int($0) }
        try #require(numbers.count == 2, "\(title)")
        #expect(numbers[1] == 600)
        #expect(numbers[0] <= numbers[1], "the digest is \(numbers[0]) px wide in a 600 px window")
    }
}
