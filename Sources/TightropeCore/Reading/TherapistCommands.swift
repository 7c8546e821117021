import Foundation

/// One instruction a therapist gives by replying to the weekly digest. References are the ones
/// the digest prints: `R<n>` a review item, `A<n>` an alert, a couple by its id.
package enum TherapistCommand: Equatable, Sendable {
    /// Accept a review item as it was read (or as attributed by the poller).
    case accept(review: Int64)
    /// Accept a review item with these scale values, in the check-in's scale order.
    case setValues(review: Int64, values: [Int])
    case reject(review: Int64)
    /// Acknowledge an alert: it is no longer repeated or re-sent.
    case seen(alert: Int64)
    /// Next week's theme for a couple (the word as written; matched to the bank by the caller).
    case theme(couple: String, theme: String)
    case share(couple: String, on: Bool)
    /// Pause a couple's check-ins for `weeks`, or until resumed when nil.
    case pause(couple: String, weeks: Int?)
    case resume(couple: String)
    /// A private note about a couple, shown in the therapist's next digest.
    case note(couple: String, text: String)
    /// Take back everything the previous reply applied.
    case undo
}

/// What a line of the therapist's reply says: instructions, or a line that was not understood
/// (reported back with the line, never guessed at).
package enum TherapistLine: Equatable, Sendable {
    case commands([TherapistCommand], line: String)
    case notUnderstood(String)
}

/// Reads the therapist's reply to the digest, line by line: `R3 accept`, `R3 1) 4 2) 2`,
/// `R3, R4 reject`, `A1 seen`, `theme ashford-lee boundaries`, `share ashford-lee off`,
/// `pause ashford-lee 2 weeks`, `resume ashford-lee`, `note ashford-lee: …`, `undo`. A line
/// is read only when the whole of it fits one of these forms: a line that starts like an
/// instruction but says more or less is not understood, and nothing is done with it. Pure.
package enum TherapistCommandReader {
    /// The longest line read as an instruction; a note may be longer than others.
    static let maxLineBytes = 2_000
    /// The most lines read from one reply.
    package static let maxLines = 200
    /// Weeks a pause may ask for.
    package static let maxPauseWeeks = 52

    package static func read(_ text: String, scaleCount: Int = 2) -> [TherapistLine] {
        var out: [TherapistLine] = []
        for raw in text.components(separatedBy: .newlines).prefix(maxLines) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard line.utf8.count <= maxLineBytes else {
                out.append(.notUnderstood(String(line.prefix(80)) + "…"))
                continue
            }
            if let commands = parse(line, scaleCount: scaleCount) {
                out.append(.commands(commands, line: line))
            } else {
                out.append(.notUnderstood(line))
            }
        }
        return out
    }

    /// The instructions of one line, or nil when it is not wholly one of the forms.
    static func parse(_ line: String, scaleCount: Int) -> [TherapistCommand]? {
        var s = Substring(line)
        // A list bullet before the instruction ("- R3 accept", "* A1 seen", "• undo").
        while let first = s.first, "-*•·–—".contains(first) { s = s.dropFirst().drop(while: \.isWhitespace) }
        // The note keeps its own text as written: read before anything is folded.
        if let note = parseNote(s) { return [note] }
        let words = tokens(s)
        guard let first = words.first else { return nil }
        switch first {
        case "undo":
            return words.count == 1 ? [.undo] : nil
        case "theme":
            guard words.count == 3, isCoupleHandle(words[1]) else { return nil }
            return [.theme(couple: words[1], theme: words[2])]
        case "share", "sharing":
            guard words.count == 3, isCoupleHandle(words[1]) else { return nil }
            switch words[2] {
            case "on", "yes": return [.share(couple: words[1], on: true)]
            case "off", "no": return [.share(couple: words[1], on: false)]
            default: return nil
            }
        case "resume", "unpause":
            guard words.count == 2, isCoupleHandle(words[1]) else { return nil }
            return [.resume(couple: words[1])]
        case "pause":
            guard words.count >= 2, isCoupleHandle(words[1]) else { return nil }
            var rest = Array(words.dropFirst(2))
            if rest.first == "for" { rest.removeFirst() }
            if rest.isEmpty { return [.pause(couple: words[1], weeks: nil)] }
            guard rest.count == 2, let n = number(rest[0]), (1...maxPauseWeeks).contains(n),
                  ["week", "weeks", "wk", "wks", "w"].contains(rest[1]) else { return nil }
            return [.pause(couple: words[1], weeks: n)]
        default:
            return parseReferences(words, scaleCount: scaleCount)
        }
    }

    /// `R3 accept`, `R3, R4 reject`, `A1 A2 seen`, `R3 1) 4 2) 2`, `R3 values 4 2`.
    private static func parseReferences(_ words: [String], scaleCount: Int) -> [TherapistCommand]? {
        var refs: [(kind: Character, id: Int64)] = []
        var i = 0
        while i < words.count, let ref = reference(words[i]) {
            refs.append(ref)
            i += 1
        }
        guard !refs.isEmpty, i < words.count else { return nil }
        let rest = Array(words[i...])
        let kinds = Set(refs.map(\.kind))
        guard kinds.count == 1, let kind = kinds.first else { return nil }
        if kind == "a" {
            guard rest.count == 1, ["seen", "ack", "acknowledged", "acknowledge", "noted", "read", "ok", "okay", "done", "handled"]
                .contains(rest[0]) else { return nil }
            return refs.map { .seen(alert: $0.id) }
        }
        if rest.count == 1, ["accept", "accepted", "ok", "okay", "approve", "approved", "yes", "confirm", "confirmed"].contains(rest[0]) {
            return refs.map { .accept(review: $0.id) }
        }
        if rest.count == 1, ["reject", "rejected", "discard", "ignore", "no", "drop", "delete"].contains(rest[0]) {
            return refs.map { .reject(review: $0.id) }
        }
        // Values: one item only, exactly one value per scale.
        guard refs.count == 1, let values = values(rest, count: scaleCount) else { return nil }
        return [.setValues(review: refs[0].id, values: values)]
    }

    /// `1) 4 2) 2`, `1: 4, 2: 2`, `1=4 2=2`, `4 2`, `4/2`, `values 4 2`: one value 1–5 per scale,
    /// numbered in order when numbered.
    private static func values(_ words: [String], count: Int) -> [Int]? {
        var w = words
        if let first = w.first, ["values", "value", "set", "scales", "as"].contains(first) { w.removeFirst() }
        // Split "4/2" and "1)4" style run-togethers into tokens of digits. A number marker (")", ":",
        // "=") means the numbered form, which must then be complete: "R3 1) 4" is never read as 1 and 4.
        var items: [String] = []
        var numbered = false
        for word in w {
            var current = ""
            for ch in word {
                if ch.isASCII, ch.isNumber { current.append(ch) } else {
                    if !current.isEmpty { items.append(current); current = "" }
                    if !")(:=./,".contains(ch) { return nil }
                    if ")(:=".contains(ch) { numbered = true }
                }
            }
            if !current.isEmpty { items.append(current) }
        }
        let numbers = items.compactMap { Int($0) }
        guard numbers.count == items.count else { return nil }
        var result: [Int]
        if numbered {
            guard numbers.count == 2 * count, (0..<count).allSatisfy({ numbers[2 * $0] == $0 + 1 }) else { return nil }
            result = (0..<count).map { numbers[2 * $0 + 1] }
        } else if numbers.count == count {
            result = numbers
        } else {
            return nil
        }
        guard result.allSatisfy({ (1...5).contains($0) }) else { return nil }
        return result
    }

    /// `note ashford-lee: text` (the colon may be left out); the text as written, trimmed.
    private static func parseNote(_ s: Substring) -> TherapistCommand? {
        let lower = s.lowercased()
        guard lower.hasPrefix("note ") || lower.hasPrefix("note:") else { return nil }
        var rest = s.dropFirst(4).drop(while: { $0.isWhitespace || $0 == ":" })
        let handle = rest.prefix(while: { !$0.isWhitespace && $0 != ":" })
        guard isCoupleHandle(String(handle).lowercased()) else { return nil }
        rest = rest.dropFirst(handle.count).drop(while: { $0.isWhitespace || $0 == ":" || $0 == "-" || $0 == "–" })
        let text = rest.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        return .note(couple: String(handle).lowercased(), text: text)
    }

    /// Lower-cased words, commas and a closing full stop dropped.
    private static func tokens(_ s: Substring) -> [String] {
        var text = s.lowercased()
        while let last = text.last, ".!".contains(last) { text.removeLast() }
        return text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// `r3`, `r#3`, `#r3`, `a12:` → (kind, id).
    private static func reference(_ word: String) -> (kind: Character, id: Int64)? {
        var w = Substring(word)
        if w.hasSuffix(":") { w = w.dropLast() }
        if w.first == "#" { w = w.dropFirst() }
        guard let kind = w.first, kind == "r" || kind == "a" else { return nil }
        var digits = w.dropFirst()
        if digits.first == "#" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int64(digits), id > 0 else {
            return nil
        }
        return (kind, id)
    }

    /// A couple's id as the digest prints it (the validator's rules; not checked against the store here).
    private static func isCoupleHandle(_ word: String) -> Bool {
        InputValidator.isValidCoupleID(word) && reference(word) == nil
    }

    private static let numberWords = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                                      "nine": 9, "ten": 10, "eleven": 11, "twelve": 12]

    private static func number(_ word: String) -> Int? {
        if word.count <= 3, word.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(word) }
        return numberWords[word]
    }
}
