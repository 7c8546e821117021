import Foundation

/// A validated questionnaire asked now and then with the check-in (the Couples Satisfaction
/// Index, 4-item form): items lettered A, B, C… so they never mix with the check-in's
/// numbered answers, each with its own range of values and the instrument's anchor words.
/// Loaded from `seeds/instruments/`; the wording is the instrument's own, never changed.
package struct Measure: Codable, Hashable, Sendable {
    package struct Item: Codable, Hashable, Sendable {
        package var letter: String
        package var text: String
        /// The anchor of each value, lowest first: values run from 0 to `anchors.count - 1`.
        package var anchors: [String]

        package init(letter: String, text: String, anchors: [String]) {
            self.letter = letter
            self.text = text
            self.anchors = anchors
        }

        package var maxValue: Int { anchors.count - 1 }
    }

    package var id: String
    package var title: String
    package var items: [Item]
    /// A total below this suggests notable relationship distress (the published cut-off).
    package var cutoff: Double

    package init(id: String, title: String, items: [Item], cutoff: Double) {
        self.id = id
        self.title = title
        self.items = items
        self.cutoff = cutoff
    }

    /// The highest total.
    package var maxScore: Int { items.reduce(0) { $0 + $1.maxValue } }

    /// The total when every item is answered, else nil (a partial answer is never scored).
    package func score(_ values: [Int?]) -> Int? {
        guard values.count == items.count, values.allSatisfy({ $0 != nil }) else { return nil }
        return values.reduce(0) { $0 + ($1 ?? 0) }
    }
}

/// What a reply answered of a measure.
package struct MeasureReading: Equatable, Sendable {
    /// One value per item (nil: not answered, or not read with certainty).
    package var values: [Int?]
    /// Lines of the text that were answers to the measure (removed before the check-in is read).
    package var consumedLines: Set<Int> = []
    /// Inline answers (by index) that were answers to the measure.
    package var consumedPairs: Set<Int> = []
    /// Why an item that seems answered was not taken (no partner text).
    package var notes: [String] = []

    package var answeredAny: Bool { values.contains { $0 != nil } }
}

/// Reads a measure's answers: lines that are wholly lettered answers ("A) 4", "b: 5",
/// "C. 3 D. 4", "A) 4 - very happy", "a) very happy"), or an answer written under its quoted
/// item in an inline reply. A value out of its item's range, a number and an anchor that
/// disagree, or an item answered twice differently is left unanswered with a note — never
/// guessed. Pure.
package enum MeasureReader {
    package static func read(_ text: String, inline: [InlineAnswer] = [], measure: Measure) -> MeasureReading {
        var reading = MeasureReading(values: Array(repeating: nil, count: measure.items.count))
        var seen: [Int: Int] = [:]
        var conflicted: Set<Int> = []
        func record(_ item: Int, _ value: Int) {
            if let earlier = seen[item], earlier != value { conflicted.insert(item) }
            seen[item] = value
        }
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            guard let pairs = parseLine(raw, measure: measure, notes: &reading.notes) else { continue }
            reading.consumedLines.insert(index)
            for (item, value) in pairs { record(item, value) }
        }
        for (index, pair) in inline.enumerated() {
            guard let item = item(quoted: pair.quoted, measure: measure) else { continue }
            let answer = fold(pair.answer).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let value = value(answer, item: measure.items[item]) else { continue }
            record(item, value)
            reading.consumedPairs.insert(index)
        }
        for (item, value) in seen where !conflicted.contains(item) { reading.values[item] = value }
        for item in conflicted.sorted() { reading.notes.append("\(measure.items[item].letter) answered twice with different values") }
        return reading
    }

    /// The item an inline answer is written under: the last quoted line that starts with an
    /// item's letter and ")" (its values line may follow it).
    package static func item(quoted: String, measure: Measure) -> Int? {
        let letters = measure.items.map { fold($0.letter) + ")" }
        for line in quoted.split(separator: "\n").reversed() {
            let l = fold(line.trimmingCharacters(in: .whitespaces))
            if let i = letters.firstIndex(where: { l.hasPrefix($0) }) { return i }
        }
        return nil
    }

    /// The (item, value) pairs of a line that is nothing but lettered answers; nil otherwise.
    static func parseLine(_ raw: String, measure: Measure, notes: inout [String]) -> [(Int, Int)]? {
        var s = Substring(fold(raw).trimmingCharacters(in: .whitespaces))
        while let first = s.first, "-*•·".contains(first) { s = s.dropFirst().drop(while: \.isWhitespace) }
        guard !s.isEmpty, s.utf8.count <= 300 else { return nil }
        let letters = measure.items.map { fold($0.letter) }
        var pairs: [(Int, Int)] = []
        while !s.isEmpty {
            // A letter, then ")", ":", ".", "=" or "-" (a bare space only before a digit: "A 4").
            guard let letter = s.first.map(String.init), let item = letters.firstIndex(of: letter) else { return nil }
            var rest = s.dropFirst()
            if let sep = rest.first, ")：:.=-".contains(sep) {
                rest = rest.dropFirst()
            } else if rest.first == " ", rest.drop(while: { $0 == " " }).first?.isNumber == true {
            } else { return nil }
            rest = rest.drop(while: { $0 == " " })
            // The value: everything up to the next "<letter><sep>" of this measure (or the end).
            var end = rest.endIndex
            var i = rest.startIndex
            while i < rest.endIndex {
                if rest[i] == " " || rest[i] == "," || rest[i] == ";" {
                    let next = rest[i...].drop(while: { $0 == " " || $0 == "," || $0 == ";" })
                    if let c = next.first, letters.contains(String(c)), let sep = next.dropFirst().first, ")：:.=".contains(sep) {
                        end = i
                        break
                    }
                }
                i = rest.index(after: i)
            }
            let valueText = rest[..<end].trimmingCharacters(in: CharacterSet(charactersIn: " ,;."))
            guard let value = value(valueText, item: measure.items[item]) else {
                if valueText.first?.isNumber == true { notes.append("\(measure.items[item].letter): not a value of its scale") }
                return nil
            }
            pairs.append((item, value))
            s = rest[end...].drop(while: { $0 == " " || $0 == "," || $0 == ";" })
        }
        return pairs.isEmpty ? nil : pairs
    }

    /// A value: a number in range, an anchor word, or both agreeing ("4 - very happy", "4 (very happy)").
    static func value(_ text: String, item: Measure.Item) -> Int? {
        let t = text.trimmingCharacters(in: CharacterSet(charactersIn: " .!"))
        let anchors = item.anchors.map(fold)
        if let n = Int(t) { return (0...item.maxValue).contains(n) ? n : nil }
        if let a = anchors.firstIndex(of: t) { return a }
        // "4 - very happy", "4 = very happy", "4 (very happy)"
        let digits = t.prefix { $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits), (0...item.maxValue).contains(n) else { return nil }
        let label = t.dropFirst(digits.count).trimmingCharacters(in: CharacterSet(charactersIn: " -=–—:()"))
        return anchors.firstIndex(of: label) == n ? n : nil
    }

    /// Lower case, accents kept, curly quotes and dashes as typed ASCII.
    static func fold(_ s: String) -> String {
        s.lowercased().replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "\u{00A0}", with: " ")
    }
}
