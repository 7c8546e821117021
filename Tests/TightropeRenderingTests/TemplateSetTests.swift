import Foundation
import Testing
@testable import TightropeRendering

@Suite struct TemplateSetTests {
    static let sources: [String: String] = [
        "checkin_subject_text": "{{% CONTENT_TYPE: TEXT}}\nS", "checkin_text": "{{% CONTENT_TYPE: TEXT}}\n{{> footer_text}}",
        "checkin_html": "<p>{{x}}</p>", "footer_text": "{{% CONTENT_TYPE: TEXT}}\nF", "footer_html": "<p>F</p>",
        "confirmation_text": "{{% CONTENT_TYPE: TEXT}}\nC", "alert_subject_text": "{{% CONTENT_TYPE: TEXT}}\nA",
        "alert_text": "{{% CONTENT_TYPE: TEXT}}\nA", "reminder_text": "{{% CONTENT_TYPE: TEXT}}\nR",
        "digest_subject_text": "{{% CONTENT_TYPE: TEXT}}\nD", "digest_text": "{{% CONTENT_TYPE: TEXT}}\nD", "digest_html": "<p>D</p>",
        "therapist_echo_subject_text": "{{% CONTENT_TYPE: TEXT}}\nE", "therapist_echo_text": "{{% CONTENT_TYPE: TEXT}}\nE",
        "alert_reminder_subject_text": "{{% CONTENT_TYPE: TEXT}}\nA", "alert_reminder_text": "{{% CONTENT_TYPE: TEXT}}\nA",
    ]

    @Test func theProjectsTemplatesLoad() throws {
        let set = try TemplateSet(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates"))
        #expect(set.names.isSuperset(of: TemplateSet.required))
    }

    @Test func aMissingTemplateFailsLoading() {
        var s = Self.sources
        s["footer_html"] = nil
        #expect(throws: RenderingError.missing("footer_html")) { try TemplateSet(sources: s) }
    }

    @Test func aTextTemplateWithoutTheTextPragmaFailsLoading() {
        var s = Self.sources
        s["footer_text"] = "F"
        #expect(throws: RenderingError.textTemplateEscapesHTML("footer_text")) { try TemplateSet(sources: s) }
    }

    @Test func anUnknownPartialFailsLoading() {
        var s = Self.sources
        s["checkin_html"] = "{{> nowhere}}"
        #expect(throws: RenderingError.unknownPartial(template: "checkin_html", partial: "nowhere")) { try TemplateSet(sources: s) }
    }

    @Test func anUnparsableTemplateFailsLoading() {
        var s = Self.sources
        s["checkin_html"] = "{{#open}} never closed"
        #expect(throws: RenderingError.self) { try TemplateSet(sources: s) }
    }
}
