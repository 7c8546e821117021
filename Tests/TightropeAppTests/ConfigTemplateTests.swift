import Foundation
import Testing
import TightropeTesting
@testable import TightropeApp

/// The configuration `tightrope init` writes: the commented example with the practice's values.
@Suite struct ConfigTemplateTests {
    @Test func theShippedExampleIsTheTemplateWithTheExamplesValues() throws {
        let example = try String(contentsOf: CLISandbox.repository.appendingPathComponent("Deploy/config.example.toml"), encoding: .utf8)
        #expect(ConfigTemplate.example.text == example, "Deploy/config.example.toml and ConfigTemplate have drifted apart")
    }

    @Test func hostileValuesAreEscapedAndReadBackExactly() throws {
        let name = "Zoë's \"Best\" Practice \\ 東京"
        let crisis = "call 112 or \"Telefonseelsorge\" 0800 111 0 111 \\ day and night"
        let template = ConfigTemplate(practiceName: name, from: "check-ins@praxis.example", therapistName: "Zoë Ångström",
                                      therapistEmail: "zoe@praxis.example", timeZone: "Europe/Berlin", crisisText: crisis)
        #expect(template.therapistID == "zoe")
        #expect(template.smtpURL == "smtp://mail.praxis.example:587")
        #expect(template.imapURL == "imaps://mail.praxis.example:993/INBOX")
        let config = try Configuration.parse(template.text, file: "t.toml")
        #expect(config.practiceName == name)
        #expect(config.crisisText == crisis)
        #expect(config.therapists.first?.name == "Zoë Ångström")
        var bell = template
        bell.practiceName = "Bell\u{7}"
        #expect(!bell.text.contains("\u{7}"), "control characters are escaped, never written raw")
        #expect(throws: TOMLFileError.self) { _ = try Configuration.parse(bell.text, file: "t.toml") }
        #expect(ConfigTemplate.identifier(from: "李 明") == "therapist-1")
    }
}
