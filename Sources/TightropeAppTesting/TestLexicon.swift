import TightropeApp
import TightropeCore

/// The shipped safety lexicon, compiled once per test process and shared: compiling it takes
/// seconds in a debug build, and dozens of tests screen with it. Tests of loading and caching
/// call `SafetyLexiconLoader` themselves.
package enum TestLexicon {
    private static let compiled: Result<SafetyLexicon, TOMLFileError> = {
        do throws(TOMLFileError) { return .success(try SafetyLexiconLoader.installed()) } catch { return .failure(error) }
    }()

    package static func installed() throws(TOMLFileError) -> SafetyLexicon { try compiled.get() }
}
