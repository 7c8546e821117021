import Foundation

/// A partner's answers to one round, read from their reply, with how sure the reading is.
package struct ParsedAnswers: Equatable, Sendable, Codable {
    /// Scale answers by scale id (`connection`, `room`), 1–5.
    package var scales: ScaleValues
    /// The reflection: the reply's prose that is not a scale answer.
    package var reflection: String?
    /// 0–1: 1 when every answer was numbered or written under its question; lower when
    /// answers were matched by order or keyword, missing, or contradictory.
    package var confidence: Double
    /// Why the confidence is not 1, in words (no partner text).
    package var notes: [String]

    package init(scales: ScaleValues = [:], reflection: String? = nil, confidence: Double = 0, notes: [String] = []) {
        self.scales = scales
        self.reflection = reflection
        self.confidence = confidence
        self.notes = notes
    }
}

/// An answer written directly under a quoted question (an inline reply).
package struct InlineAnswer: Equatable, Sendable {
    package var quoted: String
    package var answer: String

    package init(quoted: String, answer: String) {
        self.quoted = quoted
        self.answer = answer
    }
}

/// Reads the answers to a round's questions from a reply's new text: numbered answers
/// ("1) 4", "1. four", "Q2: 3/5", "2 - 4 out of 5"), answers under the quoted questions,
/// number words, a bare pair of numbers, keyword hints ("connection 4, room 2"), and
/// prose, which is the reflection. Pure and deterministic.
package enum AnswerParser {
    /// - Parameters:
    ///   - text: the reply's new text (quotes and signature removed).
    ///   - inline: answers written under quoted text, when the reply was inline.
    ///   - scaleIDs: the round's scales in the order they were numbered (1, 2, …).
    ///   - scaleQuestions: the scales' question texts, to recognise them when quoted.
    package static func parse(text: String, inline: [InlineAnswer], scaleIDs: [ScaleID], scaleQuestions: [String]) -> ParsedAnswers {
        var result = ParsedAnswers()
        var sure = true
        var found: [ScaleID: [Int]] = [:]
        var reflectionParts: [String] = []
        let promptNumber = scaleIDs.count + 1

        // 1. Answers under quoted questions. A numbered block of answers under a quote (a reply
        // bottom-posted under the whole check-in) is read as numbered text instead.
        var numberedTexts: [String] = inline.isEmpty ? [text] : []
        for pair in inline {
            if numberedSections(pair.answer, maxNumber: promptNumber).sections.count >= 2 {
                numberedTexts.append(pair.answer)
            } else if let index = questionIndex(in: pair.quoted, scaleQuestions: scaleQuestions, count: promptNumber) {
                if index < scaleIDs.count {
                    if let value = scaleValue(pair.answer) { found[scaleIDs[index], default: []].append(value) }
                    else { reflectionParts.append(pair.answer) }
                } else {
                    reflectionParts.append(pair.answer)
                }
            } else if !pair.answer.isBlankText {
                reflectionParts.append(pair.answer)
            }
        }

        // 2. Numbered answers in the text itself.
        var unnumbered: [String] = []
        for text in numberedTexts {
            let numbered = numberedSections(text, maxNumber: promptNumber)
            if numbered.isEmpty {
                unnumbered = [text]
            } else {
                for (number, body) in numbered {
                    if number <= scaleIDs.count, let value = scaleValue(body) {
                        found[scaleIDs[number - 1], default: []].append(value)
                    } else if number == promptNumber || number > scaleIDs.count {
                        reflectionParts.append(body)
                    } else {
                        reflectionParts.append(body)
                        sure = false
                        result.notes.append("answer \(number) has no number from 1 to 5")
                    }
                }
                if let preamble = numbered.preamble, !preamble.isBlankText { unnumbered.append(preamble) }
            }
        }

        // 3. Unnumbered text: keyword hints, then a bare pair of numbers in order; the rest is prose.
        for chunk in unnumbered {
            let (assigned, rest, byOrder) = unnumberedScales(chunk, scaleIDs: scaleIDs, alreadyFound: Set(found.keys))
            for (id, value) in assigned { found[id, default: []].append(value) }
            if byOrder {
                sure = false
                result.notes.append("scale answers matched by their order only")
            }
            if !rest.isBlankText { reflectionParts.append(rest) }
        }

        // Contradictions and gaps.
        var confidence = sure ? 1.0 : 0.7
        for id in scaleIDs {
            guard let values = found[id] else {
                confidence -= 0.25
                result.notes.append("no answer for \(id)")
                continue
            }
            if Set(values).count > 1 {
                confidence = min(confidence, 0.3)
                result.notes.append("contradictory answers for \(id)")
            }
            result.scales[id] = values.last
        }
        let reflection = reflectionParts.map { withoutGreetingAndSignOff($0) }.filter { !$0.isEmpty }
            .joined(separator: "\n\n")
        result.reflection = reflection.isEmpty ? nil : reflection
        if result.reflection == nil { result.notes.append("no reflection") }
        result.confidence = max(0, min(1, confidence))
        return result
    }

    // MARK: Numbers

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
        "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
        "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    ]

    /// Tokens of letters and digits, lower case.
    static func tokens(_ text: String) -> [Substring] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }
    }

    /// The scale value of a short answer: "4", "four", "4/5", "4 out of 5", "a 4", "4!".
    /// Nil when there is no value from 1 to 5, or several different ones.
    static func scaleValue(_ answer: String) -> Int? {
        let words = tokens(answer)
        guard !words.isEmpty else { return nil }
        var values: [Int] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if let n = Int(w) ?? numberWords[String(w)] {
                // "4 out of 5", "4/5", "4 of 5": the second number is the scale's top.
                if i + 2 < words.count, words[i + 1] == "out", words[i + 2] == "of" { i += 3 }
                else if i + 1 < words.count, words[i + 1] == "of" || words[i + 1] == "5" && answer.contains("/") { i += 1 }
                if (1...5).contains(n) { values.append(n) }
            }
            i += 1
        }
        // "4/5": drop the trailing "5" that is the scale's top.
        if answer.contains("/"), values.count == 2, values[1] == 5 { values.removeLast() }
        guard let first = values.first, values.allSatisfy({ $0 == first }) else { return nil }
        // A long sentence with one number in it is prose, not a scale answer.
        return words.count <= 12 ? first : nil
    }

    // MARK: Numbered sections

    struct Numbered: Sequence {
        var sections: [(Int, String)]
        var preamble: String?
        var isEmpty: Bool { sections.isEmpty }
        func makeIterator() -> IndexingIterator<[(Int, String)]> { sections.makeIterator() }
    }

    /// Splits "1) 4\n2. three\n3: prose…" into numbered sections (1 … maxNumber, in order).
    static func numberedSections(_ text: String, maxNumber: Int) -> Numbered {
        var sections: [(Int, String)] = []
        var preamble: [String] = []
        var current: (Int, [String])?
        for line in text.components(separatedBy: "\n") {
            if let (number, rest) = numberPrefix(line), number <= maxNumber,
               number > (current?.0 ?? sections.last?.0 ?? 0) {
                if let c = current { sections.append((c.0, c.1.joined(separator: "\n"))) }
                current = (number, [rest])
            } else if current != nil {
                current?.1.append(line)
            } else {
                preamble.append(line)
            }
        }
        if let c = current { sections.append((c.0, c.1.joined(separator: "\n"))) }
        let pre = preamble.joined(separator: "\n")
        return Numbered(sections: sections, preamble: pre.isBlankText ? nil : pre)
    }

    /// "1) x", "1. x", "1: x", "1 - x", "(1) x", "Q1: x", "#1 x", "Question 2: x" → (1, "x").
    static func numberPrefix(_ line: String) -> (Int, String)? {
        var s = Substring(line).drop { $0 == " " || $0 == "\t" || $0 == "*" }
        let lower = s.lowercased()
        if lower.hasPrefix("question ") { s = s.dropFirst(9) }
        else if lower.hasPrefix("q") && s.dropFirst().first?.isNumber == true { s = s.dropFirst() }
        else if s.first == "#" || s.first == "(" { s = s.dropFirst() }
        let digits = s.prefix { $0.isNumber }
        guard digits.count == 1, let n = Int(digits) else { return nil }
        var rest = s.dropFirst(digits.count)
        guard let marker = rest.first, ")].:-–—".contains(marker) || (marker == " " && rest.dropFirst().first == "-") else { return nil }
        // "4.5" or "1.000" is a number, not a label.
        if marker == ".", rest.dropFirst().first?.isNumber == true { return nil }
        rest = rest.drop { ")].:-–— ".contains($0) }
        return (n, String(rest))
    }

    // MARK: Unnumbered answers

    static let connectionWords = ["connect", "close", "together", "verbunden", "verbind", "nähe", "proche", "connexion", "conexi", "us "]
    static let roomWords = ["room", "space", "myself", "own", "me time", "alone", "freiraum", "raum", "espace", "espacio"]

    /// Scale values in prose: by keyword ("connection 4", "room for myself: 2"), else the
    /// first two standalone 1–5 numbers in order. Returns what is left as prose.
    static func unnumberedScales(_ text: String, scaleIDs: [ScaleID], alreadyFound: Set<ScaleID>)
        -> ([(ScaleID, Int)], String, Bool) {
        var assigned: [(ScaleID, Int)] = []
        var consumed = Set<Int>()
        var orderValues: [Int] = []
        var orderPieces: [Int] = []
        // Sentences, so "4 and 3. Busy week." gives the scales and keeps the prose.
        var pieces: [(line: Int, text: String)] = []
        for (lineIndex, line) in text.components(separatedBy: "\n").enumerated() {
            let sentences = sentences(line)
            if sentences.isEmpty { pieces.append((lineIndex, "")) }
            for sentence in sentences { pieces.append((lineIndex, sentence)) }
        }
        for (index, piece) in pieces.enumerated() {
            let lower = piece.text.lowercased()
            let words = tokens(piece.text)
            let values = words.compactMap { Int($0) ?? numberWords[String($0)] }.filter { (1...5).contains($0) }
            guard words.count <= 14, !values.isEmpty else { continue }
            let hasConnection = connectionWords.contains { lower.contains($0) }
            let hasRoom = roomWords.contains { lower.contains($0) }
            if hasConnection && hasRoom && values.count == 2, scaleIDs.count >= 2 {
                // Keep the order in which the two words appear.
                let c = connectionWords.compactMap { lower.range(of: $0)?.lowerBound }.min()
                let r = roomWords.compactMap { lower.range(of: $0)?.lowerBound }.min()
                let connectionFirst = (c ?? lower.startIndex) <= (r ?? lower.endIndex)
                assigned.append((scaleIDs[0], connectionFirst ? values[0] : values[1]))
                assigned.append((scaleIDs[1], connectionFirst ? values[1] : values[0]))
                consumed.insert(index)
            } else if hasConnection && !hasRoom && values.count == 1, let id = scaleIDs.first {
                assigned.append((id, values[0]))
                consumed.insert(index)
            } else if hasRoom && !hasConnection && values.count == 1, scaleIDs.count >= 2 {
                assigned.append((scaleIDs[1], values[0]))
                consumed.insert(index)
            } else if values.count <= 2 && words.count <= 6 {
                orderValues += values
                orderPieces.append(index)
            }
        }
        var byOrder = false
        let missing = scaleIDs.filter { id in !alreadyFound.contains(id) && !assigned.contains { $0.0 == id } }
        if !orderValues.isEmpty, !missing.isEmpty {
            for (id, value) in zip(missing, orderValues) { assigned.append((id, value)) }
            consumed.formUnion(orderPieces)
            byOrder = true
        }
        // Rebuild the prose line by line from what is left.
        var lines: [Int: [String]] = [:]
        var lastLine = -1
        for (index, piece) in pieces.enumerated() {
            lastLine = max(lastLine, piece.line)
            if !consumed.contains(index) { lines[piece.line, default: []].append(piece.text) }
        }
        let prose = (0...max(lastLine, 0)).map { (lines[$0] ?? []).joined(separator: " ") }.joined(separator: "\n")
        return (assigned, prose, byOrder)
    }

    /// A line split after ". ", "! ", "? " and "; " (the marks stay with their sentence).
    static func sentences(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previous: Character?
        for ch in line {
            if ch == " ", let p = previous, ".!?;".contains(p), !current.isEmpty {
                out.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
            previous = ch
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { out.append(last) }
        return out
    }

    static let greetings = ["hi", "hello", "hey", "dear", "hallo", "bonjour", "salut", "hola", "ciao", "good morning", "morning"]
    static let signOffs = ["regards", "best", "thanks", "thank you", "cheers", "love", "xx", "viele grüße", "liebe grüße", "grüße",
                           "lg", "cordialement", "bises", "bisous", "saludos", "un abrazo", "take care", "warmly", "all the best"]

    /// The reflection without a greeting line at the top or a sign-off block at the end.
    static func withoutGreetingAndSignOff(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        while let first = lines.first, first.isBlankText { lines.removeFirst() }
        if let first = lines.first?.lowercased().trimmingCharacters(in: .whitespaces),
           greetings.contains(where: { first.hasPrefix($0) }), tokens(first).count <= 4, first.hasSuffix(",") || first.hasSuffix("!") {
            lines.removeFirst()
        }
        while let last = lines.last, last.isBlankText { lines.removeLast() }
        // A sign-off, then at most two short lines (a name).
        for back in 0..<min(3, lines.count) {
            let line = lines[lines.count - 1 - back].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " ,.!"))
            if signOffs.contains(line) || signOffs.contains(where: { line.hasPrefix($0 + " ") && tokens(line).count <= 4 }) {
                lines.removeLast(back + 1)
                break
            }
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Which question a quoted block asks: its number ("1)", "2.") or its text.
    static func questionIndex(in quoted: String, scaleQuestions: [String], count: Int) -> Int? {
        let lines = quoted.components(separatedBy: "\n").filter { !$0.isBlankText }
        // The last question in the quote is the one answered below it.
        for line in lines.reversed() {
            if let (n, _) = numberPrefix(line), (1...count).contains(n) { return n - 1 }
            for (i, q) in scaleQuestions.enumerated() where !q.isEmpty && line.lowercased().contains(q.lowercased().prefix(30)) {
                return i
            }
        }
        return nil
    }
}

extension StringProtocol {
    /// Whether the text has no visible characters.
    var isBlankText: Bool { allSatisfy { $0.isWhitespace } }
}
