import Foundation
import Mustache

/// Why the templates could not be loaded or rendered. Names files, never data.
package enum RenderingError: Error, Equatable, CustomStringConvertible {
    case directoryUnreadable(String)
    case missing(String)
    case unparsable(String, reason: String)
    case textTemplateEscapesHTML(String)
    case unknownPartial(template: String, partial: String)
    case renderFailed(String)

    package var description: String {
        switch self {
        case .directoryUnreadable(let dir): "templates: cannot read directory \(dir)"
        case .missing(let name): "templates: \(name).mustache is missing"
        case .unparsable(let name, let reason): "templates: \(name).mustache does not parse: \(reason)"
        case .textTemplateEscapesHTML(let name):
            "templates: \(name).mustache is a text template and must start with {{% CONTENT_TYPE: TEXT}}"
        case .unknownPartial(let template, let partial): "templates: \(template).mustache uses unknown partial '\(partial)'"
        case .renderFailed(let name): "templates: \(name) could not be rendered"
        }
    }
}

/// Every template of `Templates/`, loaded and checked once at start-up.
///
/// Names ending in `_text` are plain text and must declare `{{% CONTENT_TYPE: TEXT}}`
/// (swift-mustache otherwise HTML-escapes them); all others are HTML and escape every
/// `{{value}}`. Missing templates, unknown partials and parse errors fail loading, so a
/// broken install is found before any mail is rendered.
package struct TemplateSet: Sendable {
    /// Templates the application renders by name.
    package static let required = [
        "checkin_subject_text", "checkin_text", "checkin_html", "footer_text", "footer_html", "confirmation_text",
        "alert_subject_text", "alert_text", "reminder_text", "digest_subject_text", "digest_text", "digest_html",
        "therapist_echo_subject_text", "therapist_echo_text", "alert_reminder_subject_text", "alert_reminder_text",
    ]
    /// What a partner reads: each language in `Templates/locales/<tag>/` has all of these.
    package static let partnerTemplates = [
        "checkin_subject_text", "checkin_text", "checkin_html", "footer_text", "footer_html", "confirmation_text", "reminder_text",
    ]
    /// What a therapist reads: a language a therapist may choose has all of these too.
    package static let therapistTemplates = [
        "digest_subject_text", "digest_text", "digest_html", "alert_subject_text", "alert_text", "alert_reminder_subject_text",
        "alert_reminder_text", "therapist_echo_subject_text", "therapist_echo_text",
    ]
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    private let library: MustacheLibrary
    package let names: Set<String>

    /// Loads and checks every `*.mustache` file in `directory`; `required` must all be there.
    package init(directory: URL, required: [String] = TemplateSet.required) throws(RenderingError) {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "mustache" }
        } catch {
            throw .directoryUnreadable(directory.path)
        }
        var sources: [String: String] = [:]
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw .unparsable(file.deletingPathExtension().lastPathComponent, reason: "not UTF-8")
            }
            sources[file.deletingPathExtension().lastPathComponent] = text
        }
        try self.init(sources: sources, required: required)
    }

    /// Loads and checks templates given as name → source.
    package init(sources: [String: String], required: [String] = TemplateSet.required) throws(RenderingError) {
        for name in required where sources[name] == nil { throw .missing(name) }
        var library = MustacheLibrary()
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            if name.hasSuffix("_text"), !source.hasPrefix(Self.textPragma) { throw .textTemplateEscapesHTML(name) }
            do {
                try library.register(source, named: name)
            } catch {
                throw .unparsable(name, reason: String(describing: error))
            }
            for partial in Self.partialNames(in: source) where sources[partial] == nil {
                throw .unknownPartial(template: name, partial: partial)
            }
        }
        self.library = library
        self.names = Set(sources.keys)
    }

    /// Renders a view model with the named template.
    package func render(_ name: String, _ view: Any) throws(RenderingError) -> String {
        guard names.contains(name), let out = library.render(view, withTemplate: name) else {
            throw .renderFailed(name)
        }
        return out
    }

    /// The partials a template refers to (`{{> name}}`).
    static func partialNames(in source: String) -> [String] {
        var names: [String] = []
        var rest = source[...]
        while let open = rest.range(of: "{{>") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }
}
