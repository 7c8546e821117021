import Foundation
import TightropeCore

/// Reads the question bank (`seeds/questions.toml`) strictly.
package enum QuestionBankLoader {
    package static func load(path: String) throws(TOMLFileError) -> QuestionBank {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TOMLFileError(file: path, key: "", reason: "cannot be read as UTF-8 text")
        }
        return try parse(text, file: path)
    }

    package static func parse(_ text: String, file: String) throws(TOMLFileError) -> QuestionBank {
        let root = try TOMLTableReader.parse(text, file: file)
        guard (try root.optionalInt("version") ?? 1) == 1 else { throw root.fail("version", "must be 1") }
        var scales: [Scale] = []
        for t in try root.tables("scales") {
            scales.append(Scale(id: ScaleID(try t.string("id")), question: try t.string("question"), lowLabel: try t.string("low"),
                                highLabel: try t.string("high")))
            try t.finish()
        }
        let themesTable = try root.table("themes")
        var titles: [Theme: String] = [:]
        var prompts: [Prompt] = []
        for key in themesTable.keys {
            guard let theme = Theme(rawValue: key) else {
                throw themesTable.fail(key, "unknown theme (known: \(Theme.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let t = try themesTable.optionalTable(key) else { continue }
            titles[theme] = try t.string("title")
            for p in try t.tables("prompts") {
                prompts.append(Prompt(id: try p.string("id"), theme: theme, text: try p.string("text")))
                try p.finish()
            }
            try t.finish()
        }
        try themesTable.finish()
        try root.finish()
        do {
            return try QuestionBank(scales: scales, themeTitles: titles, prompts: prompts)
        } catch {
            throw TOMLFileError(file: file, key: error.field, reason: error.reason)
        }
    }
}

/// Finds the installed templates and question bank: an explicit path (config or
/// `TIGHTROPE_TEMPLATES` / `TIGHTROPE_QUESTIONS`), else `<prefix>/share/tightrope/` next to
/// the executable, else the source checkout this binary was built from.
package enum ResourceLocator {
    package static func templatesDirectory(configured: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        locate(configured: configured ?? environment["TIGHTROPE_TEMPLATES"], installed: "Templates", source: "Templates")
    }

    package static func questionsFile(configured: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        locate(configured: configured ?? environment["TIGHTROPE_QUESTIONS"], installed: "seeds/questions.toml",
               source: "seeds/questions.toml")
    }

    /// Directory holding the demo's and tests' seed files.
    package static var seedsDirectory: URL { questionsFile(configured: nil).deletingLastPathComponent() }

    private static func locate(configured: String?, installed: String, source: String) -> URL {
        if let configured, !configured.isEmpty { return URL(fileURLWithPath: configured) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let share = exe.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/tightrope/\(installed)")
        if FileManager.default.fileExists(atPath: share.path) { return share }
        // Sources/TightropeApp/Config/QuestionBankLoader.swift → repository root.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root.appendingPathComponent(source)
    }
}

/// Reads a measure (`seeds/instruments/<id>.toml`) strictly: each item's letter, wording and
/// anchors, and the published cut-off.
package enum MeasureLoader {
    package static func load(path: String) throws(TOMLFileError) -> Measure {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TOMLFileError(file: path, key: "", reason: "cannot be read as UTF-8 text")
        }
        let root = try TOMLTableReader.parse(text, file: path)
        guard (try root.optionalInt("version") ?? 1) == 1 else { throw root.fail("version", "must be 1") }
        let id = try root.string("id"), title = try root.string("title")
        guard let cutoff = try root.optionalDouble("cutoff"), cutoff > 0 else { throw root.fail("cutoff", "must be a number such as 13.5") }
        var items: [Measure.Item] = []
        for t in try root.tables("items") {
            let letter = try t.string("letter")
            guard letter.count == 1, letter.first?.isLetter == true else { throw t.fail("letter", "must be one letter") }
            let anchors = try t.array("anchors").map { node throws(TOMLFileError) -> String in
                guard case .string(let s) = node, !s.isEmpty else { throw t.fail("anchors", "must be strings") }
                return s
            }
            guard (2...11).contains(anchors.count) else { throw t.fail("anchors", "must name 2 to 11 values") }
            items.append(Measure.Item(letter: letter, text: try t.string("text"), anchors: anchors))
            try t.finish()
        }
        guard !items.isEmpty, Set(items.map { $0.letter.lowercased() }).count == items.count else {
            throw root.fail("items", "must be at least one, each with its own letter")
        }
        try root.finish()
        return Measure(id: id, title: title, items: items, cutoff: cutoff)
    }

    /// The installed CSI-4.
    package static func csi4() throws(TOMLFileError) -> Measure {
        try load(path: ResourceLocator.seedsDirectory.appendingPathComponent("instruments/csi-4.toml").path)
    }
}
