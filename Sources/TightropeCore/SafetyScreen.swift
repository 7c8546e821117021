import Foundation

/// The crisis-language lexicon: categories of patterns, and idioms masked before matching.
package struct SafetyLexicon: Sendable {
    package struct Category: Sendable {
        package var id: String
        package var title: String
        package var patterns: [String]

        package init(id: String, title: String, patterns: [String]) {
            self.id = id
            self.title = title
            self.patterns = patterns
        }
    }

    package var categories: [Category]
    package var idioms: [String]

    package init(categories: [Category], idioms: [String]) {
        self.categories = categories
        self.idioms = idioms
    }
}

/// One flag raised by the screen: the category and the lexicon pattern that matched
/// (not the partner's words).
package struct SafetyFlag: Hashable, Sendable, Codable {
    package var category: String
    package var pattern: String
}

/// Screens free text for crisis language. Pure; errs towards alerting (negations are not
/// discounted), but masks ordinary idioms first.
package enum SafetyScreen {
    package static func screen(_ text: String, lexicon: SafetyLexicon) -> [SafetyFlag] {
        var words = normalisedWords(text)
        for idiom in lexicon.idioms {
            let pattern = tokens(idiom)
            var start = 0
            while let range = match(pattern, in: words, from: start) {
                for i in range { words[i] = "\u{1}" }  // masked: matches nothing
                start = range.upperBound
            }
        }
        var flags: [SafetyFlag] = []
        for category in lexicon.categories {
            for pattern in category.patterns where match(tokens(pattern), in: words, from: 0) != nil {
                flags.append(SafetyFlag(category: category.id, pattern: pattern))
            }
        }
        return flags
    }

    /// Lower-case words, apostrophes unified and kept inside words, other punctuation dropped.
    static func normalisedWords(_ text: String) -> [String] {
        let unified = text.lowercased().replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "‘", with: "'")
        return unified.split { !($0.isLetter || $0.isNumber || $0 == "'") }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            .filter { !$0.isEmpty }
    }

    static func tokens(_ pattern: String) -> [String] {
        pattern.lowercased().replacingOccurrences(of: "’", with: "'").split(separator: " ").map(String.init)
    }

    /// The word range where `pattern` matches at or after `from`.
    static func match(_ pattern: [String], in words: [String], from: Int) -> Range<Int>? {
        guard !pattern.isEmpty, from < words.count else { return nil }
        for start in from..<words.count {
            if let end = matchAt(pattern, 0, words, start) { return start..<end }
        }
        return nil
    }

    private static func matchAt(_ pattern: [String], _ p: Int, _ words: [String], _ w: Int) -> Int? {
        if p == pattern.count { return w }
        let token = pattern[p]
        if token == "..." {
            // Up to three words in between.
            for skip in 0...3 where w + skip <= words.count {
                if let end = matchAt(pattern, p + 1, words, w + skip) { return end }
            }
            return nil
        }
        guard w < words.count else { return nil }
        let word = words[w]
        let ok = token.hasSuffix("*") ? word.hasPrefix(String(token.dropLast())) : word == token
        return ok ? matchAt(pattern, p + 1, words, w + 1) : nil
    }
}
