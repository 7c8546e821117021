import Foundation
import Testing
import TightropeAppTesting
import TightropeTesting
@testable import TightropeApp
@testable import TightropeMail

/// Each language's check-in as a mail client shows it: rendered by headless Chromium at 600 px
/// (PNGs in .build/test-artifacts/checkin-<tag>.png for a person to look at), in its language
/// (`lang`), in its direction (right-to-left languages `dir="rtl"`), with a font that has its
/// script installed, and never wider than the window.
@Suite struct LocalizedRenderTests {
    static let rtl: Set<String> = ["he", "ar", "fa", "ur"]

    @Test(.enabled(if: DigestRenderTests.chromium != nil || DigestRenderTests.required, "Chromium is not installed (scripts/test.sh installs it)"))
    func everyLanguagesCheckInRendersInItsDirectionWithoutOverflow() throws {
        let browser = HeadlessChromium(browser: try #require(DigestRenderTests.chromium, "Chromium is required in CI"))
        let practice = try TestPractice.make()
        let tags = practice.languages
        let couples = LocaleTests.onePartnerPerLanguage(tags, prefix: "r")
        let f = try PollJobTests.Fixture(couples: couples)
        let artifacts = CLISandbox.repository.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        for (i, tag) in tags.enumerated() {
            let couple = try #require(try f.store.couple(id: "r\(i)"))
            let round = try #require(try f.store.rounds(coupleID: couple.id).last)
            let message = try CheckInComposer(practice: f.practice).compose(
                couple: couple, partner: try #require(couple.partner(.a)), roundID: round.id, week: round.week,
                questions: try #require(round.questions), recap: nil, date: f.clock.now, messageID: "render-\(i)@harbourlane.example")
            let html = try #require(message.htmlBody, "\(tag): an HTML part")
            let page = artifacts.appendingPathComponent("checkin-\(tag).html")
            try Data(html.utf8).write(to: page)
            let png = artifacts.appendingPathComponent("checkin-\(tag).png")
            try? FileManager.default.removeItem(at: png)
            let shot = try browser.run(["--window-size=600,2000", "--screenshot=\(png.path)", page.absoluteString])
            #expect(shot.status == 0, "\(shot.stderr)")
            #expect(try Data(contentsOf: png).count > 10_000, "\(tag): a screenshot")
            let probe = artifacts.appendingPathComponent("checkin-\(tag)-probe.html")
            // And where the example "1) 4" is drawn: its "1" must stand left of its "4" in every
            // direction (in right-to-left text without an isolate it shows as "4 (1").
            let example = "var w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n, order = 'none';"
                + "while ((n = w.nextNode())) { var i = n.data.indexOf('1) 4'); if (i >= 0) { var x = function (k) { "
                + "var r = document.createRange(); r.setStart(n, i + k); r.setEnd(n, i + k + 1); return r.getBoundingClientRect().left; };"
                + "order = x(0) < x(3) ? 'one-left' : 'mirrored'; break; } }"
            let script = "<script>" + example + "document.title = 'probe ' + document.documentElement.scrollWidth + ' ' + window.innerWidth + ' ' + "
                + "document.documentElement.lang + ' ' + getComputedStyle(document.body.querySelector('td')).direction + ' ' + order;</script></body>"
            try Data(html.replacingOccurrences(of: "</body>", with: script).utf8).write(to: probe)
            let dump = try browser.run(["--window-size=600,2000", "--dump-dom", probe.absoluteString])
            let title = try #require(dump.stdout.range(of: "<title>probe ").map { dump.stdout[$0.upperBound...].prefix { $0 != "<" } })
            let parts = title.split(separator: " ").map(String.init)
            try #require(parts.count == 5, "\(title)")
            #expect((Int(parts[0]) ?? 9_999) <= (Int(parts[1]) ?? 0), "\(tag): \(parts[0]) px wide in a \(parts[1]) px window")
            #expect(parts[2] == tag)
            #expect(parts[3] == (Self.rtl.contains(tag) ? "rtl" : "ltr"), "\(tag): direction \(parts[3])")
            #expect(parts[4] == "one-left", "\(tag): the example \"1) 4\" is drawn \(parts[4])")
            // A font with the script is installed (else a reader would see empty boxes).
            if DigestRenderTests.required {
                let fonts = try Subprocess.run("/usr/bin/fc-list", [":lang=\(tag)"])
                #expect(!fonts.stdout.isEmpty, "\(tag): no installed font covers this language")
            }
        }
    }
}
