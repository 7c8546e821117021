import Foundation
import Testing
@testable import TightropeApp
@testable import TightropeCore
import TightropeTesting

/// The compiled safety lexicon kept between processes (issue #18: compiling it cost ~0.25 s of
/// every poll with mail): read back, it must screen exactly as the compiled one; anything else
/// (another lexicon, a torn or altered file) must be compiled afresh, never trusted.
@Suite struct LexiconCacheTests {
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tightrope-lexicon-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func cacheFiles(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix("safety-lexicon-") }.sorted()
    }

    /// A small lexicon in a directory of its own, with a denial, a stem and a CJK term.
    static func writeSmallLexicon(_ dir: URL, extra: String = "") throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "[[concepts]]\nid = \"wish\"\ntitle = \"wish to be dead\"\nsource = \"test\"\nrules = [\"want + dead\", \"wish_cjk\"]\n"
            .write(to: dir.appendingPathComponent("concepts.toml"), atomically: true, encoding: .utf8)
        try "language = \"en\"\n[groups]\nwant = [\"want*\", \"wish*\"]\ndead = [\"dead\", \"die\"]\nwish_cjk = [\"死にたい\"]\nnot = [\"don't\", \"never\"]\n\(extra)"
            .write(to: dir.appendingPathComponent("en.toml"), atomically: true, encoding: .utf8)
    }

    /// A small lexicon compiled once into a cache directory: (root, lexicon, cache, the cache file).
    static func cachedSmallLexicon() throws -> (URL, URL, URL, URL) {
        let root = try temporaryDirectory()
        let lexiconDir = root.appendingPathComponent("lexicon"), cacheDir = root.appendingPathComponent("cache")
        try writeSmallLexicon(lexiconDir)
        _ = try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path)
        let file = cacheDir.appendingPathComponent(try #require(cacheFiles(cacheDir).first))
        return (root, lexiconDir, cacheDir, file)
    }

    @Test func theShippedLexiconReadFromItsCacheScreensExactlyAsCompiled() throws {
        let cacheDir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cacheDir) }
        let first = try SafetyLexiconLoader.installed(cacheDirectory: cacheDir.path)
        #expect(!first.fromCache)
        let files = Self.cacheFiles(cacheDir)
        #expect(files.count == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: cacheDir.appendingPathComponent(files[0]).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let second = try SafetyLexiconLoader.installed(cacheDirectory: cacheDir.path)
        #expect(second.fromCache)
        let key = [UInt8](repeating: 7, count: 32)
        #expect(second.cacheBytes(key: key) == first.cacheBytes(key: key), "read back, the matcher is the one that was stored")
        // From the cache the language files are not parsed: the languages carry their settings, not their terms.
        #expect(second.languages.map(\.code) == first.languages.map(\.code))
        #expect(second.languages.map { [$0.window, $0.negationBefore, $0.negationAfter] }
                == first.languages.map { [$0.window, $0.negationBefore, $0.negationAfter] })
        #expect(second.languages.map(\.clausePunctuation) == first.languages.map(\.clausePunctuation))
        #expect(second.languages.allSatisfy(\.groups.isEmpty) && first.languages.allSatisfy { !$0.groups.isEmpty })
        #expect(second.concepts == first.concepts && second.legacyTitles == first.legacyTitles)

        // Every case of the evaluation set, and their words in other places, finds the same concepts and words.
        let cases = try SafetyEvaluationFiles.load(path: SafetyEvaluationTests.evaluationSet)
        #expect(cases.count >= 400)
        var texts = cases.map(\.text)
        texts.append(texts.joined(separator: " "))
        var differing = 0
        for text in texts where SafetyScreen.explain(text, lexicon: first) != SafetyScreen.explain(text, lexicon: second) {
            differing += 1
        }
        #expect(differing == 0)
        #expect(cases.contains { !SafetyScreen.screen($0.text, lexicon: second).isEmpty }, "the cached matcher finds something")
    }

    @Test func anEditedLexiconIsCompiledAfreshAndReplacesTheOldCache() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let lexiconDir = root.appendingPathComponent("lexicon"), cacheDir = root.appendingPathComponent("cache")
        try Self.writeSmallLexicon(lexiconDir)
        #expect(try !SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path).fromCache)
        let cached = try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path)
        #expect(cached.fromCache)
        #expect(SafetyScreen.screen("I just want to die", lexicon: cached).map(\.category) == ["wish"])
        #expect(SafetyScreen.screen("I wish I were dead", lexicon: cached).count == 1)
        #expect(SafetyScreen.screen("死にたい", lexicon: cached).count == 1)
        #expect(SafetyScreen.screen("I don't want to die", lexicon: cached).isEmpty)
        let before = Self.cacheFiles(cacheDir)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: cacheDir.path)
        #expect((dirAttributes[.posixPermissions] as? Int) == 0o700)

        try Self.writeSmallLexicon(lexiconDir, extra: "gone = [\"gone\"]\n")
        try "[[concepts]]\nid = \"wish\"\ntitle = \"wish to be dead\"\nsource = \"test\"\nrules = [\"want + dead\", \"wish_cjk\", \"want + gone\"]\n"
            .write(to: lexiconDir.appendingPathComponent("concepts.toml"), atomically: true, encoding: .utf8)
        let edited = try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path)
        #expect(!edited.fromCache, "an edited lexicon is never read from the old cache")
        #expect(SafetyScreen.screen("I want to be gone", lexicon: edited).count == 1)
        let after = Self.cacheFiles(cacheDir)
        #expect(after.count == 1 && after != before, "the old key's file is removed")
        #expect(try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path).fromCache)
    }

    @Test func aTornOrAlteredCacheIsIgnoredAndRewritten() throws {
        let (root, lexiconDir, cacheDir, file) = try Self.cachedSmallLexicon()
        defer { try? FileManager.default.removeItem(at: root) }
        let good = try [UInt8](Data(contentsOf: file))

        var damaged: [[UInt8]] = [Array(good.prefix(good.count / 2)), Array(good.dropLast()), good + [0], []]
        for position in stride(from: 0, to: good.count, by: max(1, good.count / 40)) {
            var flipped = good
            flipped[position] ^= 0x20
            damaged.append(flipped)
        }
        for bytes in damaged {
            try Data(bytes).write(to: file)
            let lexicon = try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path)
            #expect(!lexicon.fromCache, "a damaged cache of \(bytes.count) bytes was trusted")
            #expect(SafetyScreen.screen("I want to die", lexicon: lexicon).count == 1)
            #expect(try [UInt8](Data(contentsOf: file)) == good, "rewritten")
        }

        // The same bytes under another key, or for other concepts, are not this lexicon's matcher.
        let lexicon = try SafetyLexiconLoader.load(path: lexiconDir.path)
        let key = [UInt8](repeating: 1, count: 32)
        let bytes = lexicon.cacheBytes(key: key)
        #expect(SafetyLexicon(concepts: lexicon.concepts, cache: bytes, key: key) != nil)
        #expect(SafetyLexicon(concepts: lexicon.concepts, cache: bytes, key: [UInt8](repeating: 2, count: 32)) == nil)
        #expect(SafetyLexicon(concepts: [], cache: bytes, key: key) == nil)
    }

    @Test func aCacheOthersCouldHaveWrittenIsNeverTrustedAndAMovedHeaderFails() throws {
        let (root, lexiconDir, cacheDir, file) = try Self.cachedSmallLexicon()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path).fromCache)

        // A file others may read or write: not trusted (and replaced by a private one).
        #expect(chmod(file.path, 0o666) == 0)
        #expect(try !SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path).fromCache)
        #expect(try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path).fromCache)
        // A directory others may write to: never read, never written.
        #expect(chmod(cacheDir.path, 0o777) == 0)
        #expect(try !SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path).fromCache)
        #expect(try !SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: cacheDir.path).fromCache)
        #expect(chmod(cacheDir.path, 0o700) == 0)
        // Reached through a symlink, as systemd's CacheDirectory= with DynamicUser= is: the private directory it leads to is used.
        let link = root.appendingPathComponent("cache-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: cacheDir)
        _ = try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: link.path)
        #expect(try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: link.path).fromCache)

        // A cache built for another key with only its key bytes swapped (the header moved onto
        // another payload): the checksum covers the header, so it is refused.
        let lexicon = try SafetyLexiconLoader.load(path: lexiconDir.path)
        let keyA = [UInt8](repeating: 9, count: 32), keyB = [UInt8](repeating: 7, count: 32)
        var forged = lexicon.cacheBytes(key: keyB)
        let keyAt = 9 + 8 + 8 + 8  // magic, format, byte order, the key's length
        #expect(Array(forged[keyAt..<(keyAt + 32)]) == keyB)
        forged.replaceSubrange(keyAt..<(keyAt + 32), with: keyA)
        #expect(SafetyLexicon(concepts: lexicon.concepts, cache: forged, key: keyA) == nil)
        #expect(SafetyLexicon(concepts: lexicon.concepts, cache: lexicon.cacheBytes(key: keyA), key: keyA) != nil)
    }

    @Test func aCacheThatCannotBeWrittenIsNoError() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let lexiconDir = root.appendingPathComponent("lexicon")
        try Self.writeSmallLexicon(lexiconDir)
        let blocker = root.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: blocker)
        let lexicon = try SafetyLexiconLoader.load(path: lexiconDir.path, cacheDirectory: blocker.appendingPathComponent("cache").path)
        #expect(!lexicon.fromCache)
        #expect(SafetyScreen.screen("I want to die", lexicon: lexicon).count == 1)
    }

    @Test func theCacheDirectoryComesFromSystemdThenXDGThenHome() {
        #expect(LexiconCache.defaultDirectory(environment: ["CACHE_DIRECTORY": "/var/cache/tightrope:/other", "HOME": "/root"])
            == "/var/cache/tightrope")
        #expect(LexiconCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/root"]) == "/x/tightrope")
        #expect(LexiconCache.defaultDirectory(environment: ["HOME": "/home/t"]) == "/home/t/.cache/tightrope")
        #expect(LexiconCache.defaultDirectory(environment: ["HOME": "/"]) == nil)
        #expect(LexiconCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "relative"]) == nil)
        #expect(LexiconCache.defaultDirectory(environment: ["TIGHTROPE_LEXICON_CACHE": "off", "CACHE_DIRECTORY": "/c"]) == nil)
    }
}
