import Foundation

/// The numbered answers in a text, in every form people number them: "1) 4", "1. 4", "1: 4",
/// "1 - 4", "1 – 4", "(1) 4", "#1 4", "Q1: 4", "Question 1: 4", "Rating 1: 2", "1 = 4", and
/// several on one line ("1) 4 2) 2 3) …"). An item's body is the rest of its line; the lines
/// under it up to a blank line are `more`; everything else is `rest`.
struct NumberedItems {
    struct Item {
        var number: Int
        var body: String
        var more: String
        var line: String
    }

    var items: [Item] = []
    var rest: String = ""
    /// The same number twice, or numbers the check-in did not ask.
    var skippedNumbers = false

    static let prefixWords = ["zu frage", "ad", "pyt.", "pyt", "spm.", "spm", "otázka", "otazka", "vraag", "soru", "第", "question", "frage", "pregunta", "pergunta", "domanda", "vraag", "pytanie", "fråga", "spørgsmål",
                              "soru", "вопрос", "питання", "rating", "answer", "antwort", "réponse", "respuesta", "resposta",
                              "risposta", "antwoord", "odpowiedź", "svar", "cevap", "ответ", "відповідь", "q", "f", "p", "frage nr",
                              "nr", "no", "nº", "n°", "質問", "问题", "問", "שאלה", "תשובה"]

    init(_ text: String, maxNumber: Int) {
        // "1 4" / "2 3" count as numbering only when at least two such lines run 1, 2, … in order.
        let spacedNumbers = text.components(separatedBy: "\n").compactMap { raw -> Int? in
            let line = ReadingText.normalise(raw).text
            guard let m = Self.marker(in: line, at: line.startIndex, maxNumber: maxNumber), m.mark == "space" else { return nil }
            return m.number
        }
        let allowSpaced = spacedNumbers.count >= 2 && spacedNumbers.prefix(2) == [1, 2]
        var restLines: [String] = []
        var current: Item?
        var seen = Set<Int>()
        for raw in text.components(separatedBy: "\n") {
            let line = Self.cjkNumbering(ReadingText.normalise(raw).text)
            let found = Self.split(line, maxNumber: maxNumber, allowSpaced: allowSpaced)
            if found.isEmpty {
                if current != nil, raw.isBlankText {
                    items.append(current!)
                    current = nil
                    restLines.append("")
                } else if current != nil {
                    current!.more += (current!.more.isEmpty ? "" : "\n") + raw
                } else {
                    restLines.append(raw)
                }
                continue
            }
            if let c = current { items.append(c) }
            current = nil
            for (k, f) in found.enumerated() {
                if seen.contains(f.number) { skippedNumbers = true }
                seen.insert(f.number)
                let item = Item(number: f.number, body: f.body, more: "", line: line)
                if k == found.count - 1 { current = item } else { items.append(item) }
            }
        }
        if let c = current { items.append(c) }
        rest = restLines.joined(separator: "\n")
    }

    /// "第一题：3" / "第2问：4" / "1問目：3点" → "1) 3", so CJK numbering reads like the rest.
    static func cjkNumbering(_ line: String) -> String {
        guard let first = line.first, first == "第" || first.isNumber, line.contains(where: ReadingText.isCJK) else { return line }
        let pattern = #"^第?([0-9一二三])\s*(题|題|问|問|問目|番目|番)\s*[:：]?\s*"#
        guard let r = line.range(of: pattern, options: .regularExpression) else { return line }
        let head = line[r]
        let digit = head.first { $0.isNumber || "一二三".contains($0) }.map { c -> Int in c.wholeNumberValue ?? ("一二三".firstIndex(of: c).map { "一二三".distance(from: "一二三".startIndex, to: $0) + 1 } ?? 0) } ?? 0
        return "\(digit)) " + line[r.upperBound...]
    }

    /// The items on one line: a marker at its start, then further markers numbered on from it.
    static func split(_ line: String, maxNumber: Int, allowSpaced: Bool) -> [(number: Int, body: String)] {
        guard let first = marker(in: line, at: line.startIndex, maxNumber: maxNumber), first.mark != "space" || allowSpaced else {
            return []
        }
        var out: [(Int, String.Index, String.Index)] = [(first.number, first.markerStart, first.bodyStart)]
        // Further items on the same line: " 2) …" with the next number and the same kind of mark.
        var search = first.bodyStart
        while let last = out.last, last.0 < maxNumber, [")", "]", ":", "="].contains(first.mark) {
            let next = last.0 + 1
            let needle1 = " \(next)\(first.mark)"
            guard let r = line.range(of: needle1, range: search..<line.endIndex) else { break }
            let after = r.upperBound
            out.append((next, r.lowerBound, after))
            search = after
        }
        var result: [(Int, String)] = []
        for (k, o) in out.enumerated() {
            let end = k + 1 < out.count ? out[k + 1].1 : line.endIndex
            let body = line[o.2..<end].trimmingCharacters(in: .whitespaces)
            result.append((o.0, body))
        }
        return result
    }

    struct Marker {
        var number: Int
        var mark: String
        var markerStart: String.Index
        var bodyStart: String.Index
    }

    /// A numbering mark at the start of a line.
    static func marker(in line: String, at start: String.Index, maxNumber: Int) -> Marker? {
        var s = line[start...].drop { $0 == " " || $0 == "\t" || $0 == "•" }
        let markerStart = s.startIndex
        let lower = s.lowercased()
        for w in prefixWords where lower.hasPrefix(w) {
            let after = s.dropFirst(w.count)
            let trimmed = after.drop { $0 == " " || $0 == "." || $0 == "#" }
            if trimmed.first?.isNumber == true && (w.count > 1 || after.first?.isNumber == true) {
                s = trimmed
                break
            }
        }
        if s.first == "#" { s = s.dropFirst() }
        // "a) 3", "b) 5": letters as numbering (a = 1), with a bracket.
        if let c = s.first, let idx = "abc".firstIndex(of: c), s.dropFirst().first == ")" {
            let n = "abc".distance(from: "abc".startIndex, to: idx) + 1
            guard n <= maxNumber else { return nil }
            let body = s.dropFirst(2).drop { $0 == " " }
            return Marker(number: n, mark: ")", markerStart: markerStart, bodyStart: body.startIndex)
        }
        var paren = false
        if s.first == "(" || s.first == "[" { s = s.dropFirst(); paren = true }
        let digits = s.prefix { $0.isNumber }
        guard digits.count == 1, let n = digits.first?.wholeNumberValue, (1...maxNumber).contains(n) else { return nil }
        var rest = s.dropFirst(digits.count)
        let spaced = rest.first == " "
        rest = rest.drop { $0 == " " }
        guard let m = rest.first else { return nil }
        let mark: String
        switch m {
        case ")", "]":
            mark = String(m)
        case ".":
            // "4.5" or "1.000" is a number, not a label.
            if rest.dropFirst().first?.isNumber == true { return nil }
            mark = "."
        case ":", "=":
            mark = String(m)
        case "/":
            // "1/ 4", "2/ text": a slash after the number, not "4/5".
            guard rest.dropFirst().first == " " else { return nil }
            mark = "/"
        case "-":
            // "1 - 4", "1- 4": a dash after the number, not "1-4" (a range).
            guard spaced || rest.dropFirst().first == " " else { return nil }
            mark = "-"
        default:
            // "#1 4", "Q1 4", "(1) 4" without a mark after the number.
            guard spaced else { return nil }
            if !(paren || line[markerStart...].first == "#" || line[markerStart...].lowercased().first == "q") {
                // "1 4" (a full-width space, a keycap number): numbering only when the lines run 1, 2, …
                // in order; the caller checks that.
                return Marker(number: n, mark: "space", markerStart: markerStart, bodyStart: rest.startIndex)
            }
            return Marker(number: n, mark: " ", markerStart: markerStart, bodyStart: rest.startIndex)
        }
        if paren && mark != ")" && mark != "]" { return nil }
        let body = rest.dropFirst().drop { $0 == " " || $0 == ")" || $0 == ":" }
        return Marker(number: n, mark: spaced ? mark : mark, markerStart: markerStart, bodyStart: body.startIndex)
    }
}
