import Foundation
import TightropeCore

/// Reads the safety lexicon (`seeds/safety.toml`) strictly.
package enum SafetyLexiconLoader {
    package static func load(path: String) throws(TOMLFileError) -> SafetyLexicon {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TOMLFileError(file: path, key: "", reason: "cannot be read as UTF-8 text")
        }
        let root = try TOMLTableReader.parse(text, file: path)
        guard (try root.optionalInt("version") ?? 1) == 1 else { throw root.fail("version", "must be 1") }
        var categories: [SafetyLexicon.Category] = []
        for c in try root.tables("categories") {
            let patterns = try strings(c, "patterns")
            categories.append(SafetyLexicon.Category(id: try c.string("id"), title: try c.string("title"), patterns: patterns))
            try c.finish()
        }
        guard !categories.isEmpty else { throw root.fail("categories", "at least one [[categories]] is required") }
        var idioms: [String] = []
        if let i = try root.optionalTable("idioms") {
            idioms = try strings(i, "patterns")
            try i.finish()
        }
        try root.finish()
        return SafetyLexicon(categories: categories, idioms: idioms)
    }

    /// The lexicon shipped with the install (or the source tree).
    package static func installed() throws(TOMLFileError) -> SafetyLexicon {
        try load(path: ResourceLocator.seedsDirectory.appendingPathComponent("safety.toml").path)
    }

    private static func strings(_ t: TOMLTableReader, _ key: String) throws(TOMLFileError) -> [String] {
        guard t.has(key) else { throw t.fail(key, "is required") }
        var out: [String] = []
        for (i, node) in try t.array(key).enumerated() {
            guard case .string(let s) = node, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw t.fail("\(key)[\(i)]", "must be a non-empty string")
            }
            out.append(s)
        }
        return out
    }
}
