import Crypto
import Foundation
import TightropeCore

/// Reads the safety lexicon strictly and compiles it once: a directory (`seeds/safety/`) with
/// `concepts.toml` and one file per language (a language may span several files, such as
/// `en.toml` and `en-violence.toml`: their groups, idioms and rules add up, and its settings
/// are written in one of them), or one file holding `[[concepts]]` and `[[languages]]`.
/// Errors name the file and key, never any text being screened.
///
/// Compiling takes ~0.25 s; with a cache directory the compiled matcher is kept there
/// (`LexiconCache`) and read back in milliseconds by the next process, as long as neither the
/// lexicon's files nor the program changed.
package enum SafetyLexiconLoader {
    /// The concepts file of a lexicon directory; every other `*.toml` there is a language.
    package static let conceptsFile = "concepts.toml"

    package static func load(path: String, cacheDirectory: String? = nil) throws(TOMLFileError) -> SafetyLexicon {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TOMLFileError(file: path, key: "", reason: "does not exist")
        }
        // The files' bytes first: they alone key the cache, so a process that finds the compiled
        // matcher there parses only the concepts (the language files are ~1.8 MB of TOML).
        var files: [(path: String, text: String)] = []
        var hasher = SHA256()
        if isDirectory.boolValue {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
            guard names.contains(conceptsFile) else {
                throw TOMLFileError(file: path, key: "", reason: "has no \(conceptsFile)")
            }
            for name in [conceptsFile] + names.filter({ $0 != conceptsFile }) {
                let file = (path as NSString).appendingPathComponent(name)
                files.append((file, try read(file, into: &hasher)))
            }
        } else {
            files.append((path, try read(path, into: &hasher)))
        }
        let cache = cacheDirectory.map { LexiconCache(directory: $0, lexiconDigest: Array(hasher.finalize())) }
        let root = try parse(files[0])
        let (concepts, legacy) = try readConcepts(root)
        if let cache, let bytes = cache.read(),
           let lexicon = SafetyLexicon(concepts: concepts, legacyTitles: legacy, cache: bytes, key: cache.key)
        {
            return lexicon
        }
        var languages: [SafetyLanguage] = []
        var settingsRead: [String: Bool] = [:]
        if isDirectory.boolValue {
            try root.finish()
            for source in files.dropFirst() {
                let file = try parse(source)
                try merge(try readLanguage(file), into: &languages, settingsRead: &settingsRead, file: file)
                try file.finish()
            }
        } else {
            for table in try root.tables("languages") {
                try merge(try readLanguage(table), into: &languages, settingsRead: &settingsRead, file: table)
                try table.finish()
            }
            try root.finish()
        }
        guard !languages.isEmpty else { throw TOMLFileError(file: path, key: "", reason: "defines no language") }
        let lexicon: SafetyLexicon
        do {
            lexicon = try SafetyLexicon(concepts: concepts, languages: languages, legacyTitles: legacy)
        } catch {
            throw TOMLFileError(file: path, key: "", reason: error.message)
        }
        cache?.write(lexicon.cacheBytes(key: cache!.key))
        return lexicon
    }

    /// The lexicon shipped with the install (or the source tree), its compiled form kept in
    /// `cacheDirectory` when one is given.
    package static func installed(cacheDirectory: String? = nil) throws(TOMLFileError) -> SafetyLexicon {
        try load(path: ResourceLocator.seedsDirectory.appendingPathComponent("safety").path, cacheDirectory: cacheDirectory)
    }

    /// A file's text, its name, length and bytes added to `hasher`.
    private static func read(_ file: String, into hasher: inout SHA256) throws(TOMLFileError) -> String {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw TOMLFileError(file: file, key: "", reason: "cannot be read as UTF-8 text")
        }
        hasher.update(data: Data("\((file as NSString).lastPathComponent)\u{0}\(data.count)\u{0}".utf8))
        hasher.update(data: data)
        return text
    }

    private static func parse(_ source: (path: String, text: String)) throws(TOMLFileError) -> TOMLTableReader {
        let root = try TOMLTableReader.parse(source.text, file: source.path)
        guard (try root.optionalInt("version") ?? 1) == 1 else { throw root.fail("version", "must be 1") }
        return root
    }

    private static func readConcepts(_ root: TOMLTableReader) throws(TOMLFileError) -> ([SafetyConcept], [String: String]) {
        var concepts: [SafetyConcept] = []
        for c in try root.tables("concepts") {
            let id = try c.string("id")
            guard !id.isEmpty, !concepts.contains(where: { $0.id == id }) else { throw c.fail("id", "must be non-empty and unique") }
            concepts.append(SafetyConcept(id: id, title: try c.string("title"), source: try c.string("source"),
                                          rules: try strings(c, "rules")))
            try c.finish()
        }
        guard !concepts.isEmpty else { throw root.fail("concepts", "at least one [[concepts]] is required") }
        var legacy: [String: String] = [:]
        if let table = try root.optionalTable("legacy") {
            for key in table.keys {
                guard let title = try table.optionalString(key) else { continue }
                legacy[key] = title
            }
            try table.finish()
        }
        return (concepts, legacy)
    }

    /// Adds one file's part of a language: a new language, or more groups, idioms and rules for
    /// one already read (whose settings it may not repeat).
    private static func merge(_ part: (SafetyLanguage, settings: Bool), into languages: inout [SafetyLanguage],
                              settingsRead: inout [String: Bool], file: TOMLTableReader) throws(TOMLFileError) {
        let (language, settings) = part
        guard let i = languages.firstIndex(where: { $0.code == language.code }) else {
            languages.append(language)
            settingsRead[language.code] = settings
            return
        }
        if settings {
            guard settingsRead[language.code] != true else { throw file.fail("window", "is set in another file of '\(language.code)'") }
            let groups = languages[i].groups, idioms = languages[i].idioms, rules = languages[i].rules, respell = languages[i].respell
            languages[i] = language
            languages[i].groups.merge(groups) { $0 + $1 }
            languages[i].idioms += idioms
            languages[i].rules.merge(rules) { $0 + $1 }
            languages[i].respell.merge(respell) { a, _ in a }
            settingsRead[language.code] = true
        } else {
            languages[i].groups.merge(language.groups) { $0 + $1 }
            languages[i].idioms += language.idioms
            languages[i].rules.merge(language.rules) { $0 + $1 }
            languages[i].respell.merge(language.respell) { a, _ in a }
        }
    }

    private static func readLanguage(_ t: TOMLTableReader) throws(TOMLFileError) -> (SafetyLanguage, settings: Bool) {
        let code = try t.string("language")
        var groups: [String: [String]] = [:]
        let table = try t.table("groups")
        for key in table.keys { groups[key] = try strings(table, key) }
        try table.finish()
        var rules: [String: [String]] = [:]
        if let r = try t.optionalTable("rules") {
            for key in r.keys { rules[key] = try strings(r, key) }
            try r.finish()
        }
        var respell: [String: String] = [:]
        if let r = try t.optionalTable("respell") {
            for key in r.keys {
                guard let standard = try r.optionalString(key) else { throw r.fail(key, "must be a string") }
                respell[key] = standard
            }
            try r.finish()
        }
        let settings = ["window", "negation_before", "negation_after", "clause_punctuation"].contains(where: t.has)
        let language = SafetyLanguage(
            code: code, window: try t.optionalInt("window") ?? 12, negationBefore: try t.optionalInt("negation_before") ?? 4,
            negationAfter: try t.optionalInt("negation_after") ?? 0,
            clausePunctuation: try t.optionalBool("clause_punctuation") ?? true, groups: groups,
            idioms: t.has("idioms") ? try strings(t, "idioms") : [], rules: rules)
        var withRespell = language
        withRespell.respell = respell
        return (withRespell, settings)
    }

    private static func strings(_ t: TOMLTableReader, _ key: String) throws(TOMLFileError) -> [String] {
        guard t.has(key) else { throw t.fail(key, "is required") }
        var out: [String] = []
        for (i, node) in try t.array(key).enumerated() {
            guard case .string(let s) = node, s.contains(where: { !$0.isWhitespace }) else {
                throw t.fail("\(key)[\(i)]", "must be a non-empty string")
            }
            out.append(s)
        }
        return out
    }
}

/// A safety lexicon loaded once, when first asked for (a poll with nothing to read never pays
/// for parsing it). A failure to load is a configuration error, asked again each time.
package final class LexiconSource: @unchecked Sendable {
    private let load: () throws(AppError) -> SafetyLexicon
    private var loaded: SafetyLexicon?
    private let lock = NSLock()

    package init(_ lexicon: SafetyLexicon) {
        loaded = lexicon
        load = { lexicon }
    }

    package init(loading load: @escaping () throws(AppError) -> SafetyLexicon) {
        self.load = load
    }

    /// The lexicon installed with the program, loaded on first use, its compiled form kept in
    /// the process's cache directory (`LexiconCache.defaultDirectory`).
    package static func installed() -> LexiconSource {
        LexiconSource { () throws(AppError) in
            do { return try SafetyLexiconLoader.installed(cacheDirectory: LexiconCache.defaultDirectory()) } catch {
                throw .configuration("\(error)")
            }
        }
    }

    package func lexicon() throws(AppError) -> SafetyLexicon {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let lexicon = try load()
        loaded = lexicon
        return lexicon
    }
}
