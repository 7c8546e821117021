import Foundation

/// What one answer to a scale says: the value, and why a careful reader would hesitate.
package struct ValueReading: Equatable, Sendable {
    /// The value read (after a clear correction, the corrected one); nil when none is clear.
    package var value: Int?
    /// Why a careful reader would hesitate ("a range", "corrected", "several values", "not 1 to 5",
    /// "unclear"); nil when the answer is plain.
    package var doubt: String?
    /// The value is meant for every scale ("4 for both", "2s across the board").
    package var both = false
    /// What the partner wrote beside the value ("3, we were both busy"): part of the reflection.
    package var comment: String?
    /// The rule that read it, for the evidence.
    package var rule: String
}

/// Reads a scale answer from a short piece of text: digits and number words in many
/// languages, "4/5", "4 out of 5", "4 of 5", "N for both", the scale's own labels; ranges,
/// corrections, values outside 1–5 and non-answers are reported as doubts. Pure.
package enum ScaleValueReader {
    /// Words that introduce the scale's top ("4 out of 5", "4 von 5", "4 sur 5", "4 из 5").
    static let outOf: Set<String> = ["of", "von", "sur", "de", "su", "van", "z", "av", "af", "из", "з", "na", "od", "ze", "på", "sobre", "מתוך"]
    /// Words that join two values into a range or an alternative.
    static let rangeWords: Set<String> = ["to", "or", "and", "bis", "oder", "und", "a", "à", "ou", "o", "y", "e", "of", "tot", "en",
                                          "lub", "albo", "do", "eller", "till", "och", "veya", "ya", "или", "до", "или", "або", "чи",
                                          "и", "і", "~", "から", "か", "或", "到", "至"]
    /// Words that correct an earlier value ("3, actually make that 2").
    static let corrections = ["actually", "no wait", "make that", "i mean", "correction", "sorry", "on second thought", "scratch that",
                              "rather", "eigentlich", "nein,", "korrektur", "lieber", "en fait", "plutôt", "plutot", "non,", "pardon",
                              "en realidad", "mejor dicho", "perdón", "perdon", "corrijo", "na verdade", "aliás", "alias", "anzi",
                              "cioè", "cioe", "eigenlijk", "nee,", "correctie", "właściwie", "wlasciwie", "poprawka", "faktiskt",
                              "förresten", "rättelse", "aslında", "aslinda", "düzeltme", "точнее", "вернее", "нет,", "точніше",
                              "вірніше", "いや", "訂正", "やっぱり", "不对", "更正", "其实", "ps", "p.s", "בעצם", "לא,", "סליחה", "תיקון"]
    /// Answers that are no answer ("n/a", "?", "pass", "same as last week").
    static let nonAnswers = ["n/a", "na", "?", "??", "-", "pass", "skip", "dunno", "don't know", "dont know", "not sure", "no idea",
                             "meh", "idk", "same as last week", "same as before", "like last week", "ask me next week", "weiß nicht",
                             "keine ahnung", "je ne sais pas", "sais pas", "no sé", "no se", "não sei", "nao sei", "non so", "weet niet",
                             "geen idee", "nie wiem", "vet inte", "bilmiyorum", "не знаю", "わからない", "分からない", "不知道",
                             "wie letzte woche", "comme la semaine dernière", "igual que la semana pasada", "zoals vorige week"]

    /// Reads `text`; nil when there is nothing value-like in it at all (then it is prose).
    /// `scale` gives its labels ("close, we really reached each other" reads as 5).
    package static func read(_ raw: String, scale: Scale? = nil, maxWords: Int = 14) -> ValueReading? {
        let (text, struck) = ReadingText.normalise(raw)
        let lower = text.lowercased()
        let trimmed = lower.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        let words = ReadingText.words(text)
        if words.isEmpty {
            // Only symbols or emoji: no answer, but clearly an attempt at one.
            return trimmed.isEmpty && !lower.has("?") && lower.trimmingCharacters(in: .whitespaces).isEmpty
                ? nil : ValueReading(value: nil, doubt: "unclear", rule: "no number")
        }
        if nonAnswers.contains(trimmed) || nonAnswers.contains(where: { $0.count > 3 && lower.has($0) }) && words.count <= 8 {
            return ValueReading(value: nil, doubt: "unclear", rule: "a non-answer")
        }
        // "Les deux à 4", "两个都是4", "tutti e due 3": one value for both scales; the words for
        // "both" may themselves be number words (deux, dos, due, 两), so they are taken out first.
        let bothPhrase = words.count <= 8 ? bothPhrases.first { lower.has($0) } : nil
        let hasBoth = bothPhrase != nil
        let counted = bothPhrase.map { lower.replacingOccurrences(of: $0, with: " ") } ?? text
        // Stars: "★★★☆☆" is a 3.
        let stars = text.filter { $0 == "★" || $0 == "⭐" }.count
        if stars > 0, stars <= 5, !text.contains(where: \.isNumber) {
            return ValueReading(value: stars, doubt: nil, rule: "stars")
        }
        let found = numbers(in: counted)
        let nums = found.nums
        let tenScale = found.tenScale
        // Decimals and halves ("2.5", "2,5", "2½") are between two values.
        if !nums.isEmpty, (lower.has(".") || lower.has(",") || lower.has("½")), Patterns.half.matches(lower) {
            return ValueReading(value: nil, doubt: "between two values", rule: "a half value")
        }
        if nums.isEmpty {
            if let scale, let label = labelValue(lower, scale: scale) {
                return ValueReading(value: label, doubt: nil, rule: "the scale's own label")
            }
            if words.count <= 8, let extreme = superlative(lower) {
                return ValueReading(value: extreme, doubt: nil, rule: "the lowest or highest")
            }
            return nil
        }
        // A long sentence that only mentions a number is prose, not an answer; but a digit, a dash
        // or colon, then a comment with no other number or correction in it ("4 — went running
        // three times", "2: sabato sono andata …") is that value and the partner's comment.
        if words.count > maxWords { return leadingValue(text) }
        let values = nums.map(\.value)
        let distinct = Set(values)
        var reading: ValueReading
        if distinct.count == 1 {
            reading = ValueReading(value: values[0], doubt: nil, rule: nums[0].word ? "a number word" : "a number")
        } else {
            // Two values: a correction (the later one counts), or a range / alternative.
            let between = Patterns.between.matches(lower)
            let corrected = corrections.contains { lower.has($0) } || struck || correctionCue(between: nums[0].index, nums[nums.count - 1].index, words)
            if corrected, !between {
                reading = ValueReading(value: values.last, doubt: "corrected", rule: "a correction")
            } else if values.count == 2, nums[1].index - nums[0].index <= 2 || between {
                reading = ValueReading(value: nil, doubt: "a range", rule: "two values")
            } else {
                reading = ValueReading(value: nil, doubt: "several values", rule: "several values")
            }
        }
        if struck || found.negated, reading.doubt == nil { reading.doubt = "corrected" }
        if let v = reading.value, !(1...5).contains(v) || tenScale {
            reading.value = nil
            reading.doubt = tenScale ? "a 1-10 answer" : "not 1 to 5"
        }
        reading.both = hasBoth
        // Hedged values ("maybe 3?", "around 4") are still the value, but worth a look.
        if reading.doubt == nil, lower.has("?") {
            reading.doubt = "asked, not said"
        }
        // What follows the value on its line is the partner's comment ("3, we were both busy").
        if let last = nums.last, last.index + 1 < words.count {
            let tail = words[(last.index + 1)...]
            let start = tail.first!.startIndex
            var comment = String(text[start...]).trimmingCharacters(in: .whitespaces)
            // Not the top of the scale or a label.
            if ["out of 5", "of 5"].contains(where: { comment.lowercased().hasPrefix($0) }) { comment = "" }
            if tail.count >= 3, !outOf.contains(tail.first!.lowercased()) { reading.comment = comment }
        }
        return reading
    }

    struct Num { var value: Int; var index: Int; var word: Bool }

    /// "4 — comment": a digit from 1 to 5 (or "4/5") first, a dash, colon or comma, then a
    /// comment that names no other value and corrects nothing. Numbering ("1) …", "4. …") is not one.
    static func leadingValue(_ text: String) -> ValueReading? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard let first = trimmed.first, let value = first.wholeNumberValue, (1...5).contains(value) else { return nil }
        var rest = trimmed.dropFirst()
        if rest.first?.isNumber == true { return nil }
        if rest.hasPrefix("/5") || rest.hasPrefix(" / 5") || rest.hasPrefix("/ 5") { rest = rest.drop { $0 != "5" }.dropFirst() }
        rest = rest.drop { $0 == " " }
        guard let separator = rest.first, "—–-:,;".contains(separator) else { return nil }
        rest = rest.dropFirst()
        guard rest.first == " " else { return nil }
        let comment = rest.trimmingCharacters(in: .whitespaces)
        let lower = comment.lowercased()
        guard numbers(in: comment).nums.isEmpty, !corrections.contains(where: { lower.has($0) }), !Patterns.between.matches(lower),
              !lower.has("?") else { return nil }
        return ValueReading(value: value, doubt: nil, comment: comment, rule: "a number, then a comment")
    }

    /// Expressions compiled once.
    enum Patterns {
        static let half = PatternSet([#"\d\s?[.,]\s?5\b|½"#])
        // Whole words ("tra" is in "mostra"), but the CJK particles anywhere.
        static let between = PatternSet([#"\b(between|zwischen|entre|tra|tussen|między|mellan|arasında|между|між)\b|之间|の間"#])
        static let slashTen = PatternSet([#"\d\s*/\s*10\b"#])
        static let slashTop = PatternSet([#"\d\s*/\s*(5|10)\b"#])
    }

    /// "Both" in the languages partners write in, longest first.
    static let bothPhrases = [
        "across the board", "for both", "both of them", "les deux", "tous les deux", "toutes les deux", "en las dos", "las dos",
        "los dos", "ambas", "ambos", "as duas", "os dois", "tutti e due", "tutte e due", "entrambe", "entrambi", "allebei",
        "alle twee", "beide", "beides", "obie", "oba", "båda", "bägge", "begge", "her ikisi", "ikisi de", "ikisine", "оба", "обе",
        "обидва", "обидві", "oba dva", "obě", "どちらも", "両方とも", "両方", "两个都是", "兩個都是", "两个都", "都是", "both",
    ]

    /// Words after a number that make it a count of something, not a rating ("one evening",
    /// "two hours", "drei Abende").
    static let units = ["hour", "hr", "min", "day", "night", "evening", "morning", "week", "month", "year", "time", "kid", "child",
                        "pizza", "glass", "cup", "pen", "stunde", "tag", "abend", "nacht", "woche", "mal", "heure", "jour", "soir",
                        "nuit", "semaine", "fois", "hora", "dia", "día", "noche", "noite", "semana", "vez", "vezes", "veces", "ora",
                        "giorn", "sera", "volt", "uur", "dag", "avond", "keer", "godzin", "dni", "dzie", "wieczor", "raz", "timm",
                        "kväll", "gång", "saat", "gün", "akşam", "kez", "час", "день", "дня", "вечер", "раз", "недел", "годин", "вечор",
                        "時間", "日", "回", "晚", "天", "次", "小时"]
    /// Words after a number that make it the scale's top written first ("5 üzerinden 4", "5段階で3").
    static let topAfter: Set<String> = ["üzerinden", "uzerinden", "段", "点満点", "点满分", "分制", "punktów", "pontból", "очков"]
    /// Words before a number that make it the scale's top ("满分5分", "満点5").
    static let topBefore: Set<String> = ["满分", "滿分", "満点", "out of", "max", "maximum"]
    /// Words before a number that take it back ("not a 5", "nicht 5").
    static let negators: Set<String> = ["not", "nicht", "pas", "niet", "inte", "ikke", "değil", "не", "kein", "keine", "isn't", "wasn't", "ne"]

    /// The numbers of a text that can be ratings: digits and number words, without the
    /// scale's top ("/5", "out of 5"), counts ("two hours") or numbers taken back ("not a 5").
    static func numbers(in text: String) -> (nums: [Num], tenScale: Bool, negated: Bool) {
        let lower = text.lowercased()
        let words = ReadingText.words(text)
        var nums: [Num] = []
        for (i, w) in words.enumerated() {
            var n: Int?
            var word = false
            if let d = Int(w) { n = d }
            else if w.count >= 2, w.last == "s", let d = Int(w.dropLast()) { n = d }  // "2s across the board"
            else if let v = NumberWords.value(w), !(NumberWords.articles.contains(w.lowercased()) && words.count > 1),
                    !(NumberWords.collisions.contains(w.lowercased()) && words.count > 3) { n = v; word = true }
            guard let value = n else { continue }
            if i + 1 < words.count {
                let next = words[i + 1].lowercased()
                if units.contains(where: { next.hasPrefix($0) }) { continue }
            }
            nums.append(Num(value: value, index: i, word: word))
        }
        let hasSlash = lower.has("/")
        var tenScale = hasSlash && Patterns.slashTen.matches(lower)
        let allNums = nums
        let slash = hasSlash && Patterns.slashTop.matches(lower)
        nums.removeAll { n in
            guard n.value == 5 || n.value == 10, n.index > 0 else { return false }
            let before = words[n.index - 1].lowercased()
            let isTop = outOf.contains(before) || slash && allNums.contains { $0.index == n.index - 1 }
            if isTop && n.value == 10 { tenScale = true }
            return isTop
        }
        // The top written first: "5 üzerinden 4", "5段階で3", "满分5分，我打3分".
        nums.removeAll { n in
            guard n.value == 5 || n.value == 10 else { return false }
            let next = words[min(n.index + 1, words.count)..<min(n.index + 4, words.count)].map { $0.lowercased() }
                .reduce(into: [String]()) { acc, w in acc.append((acc.last ?? "") + w) }.first { topAfter.contains($0) } ?? ""
            let before2 = n.index >= 2 ? words[n.index - 2] + words[n.index - 1] : ""
            let isTop = topAfter.contains(next) || topBefore.contains(String(before2)) || topBefore.contains(n.index >= 1 ? words[n.index - 1].lowercased() : "")
            if isTop && n.value == 10 { tenScale = true }
            return isTop && allNums.count > 1
        }
        // "a 4, not a 5": the number after a negation is taken back.
        var negated = false
        nums.removeAll { n in
            let from = max(0, n.index - 2)
            let taken = words[from..<n.index].contains { negators.contains($0.lowercased()) }
            if taken { negated = true }
            return taken
        }
        return (nums, tenScale, negated)
    }

    /// The rating values of a sentence in order ("four for connection and two for me-time" → [4, 2]).
    package static func values(in text: String) -> [Int] {
        numbers(in: ReadingText.normalise(text).text).nums.map(\.value)
    }

    /// Words between two values that correct the first ("4, nee toch 3", "3 oder doch 2").
    static let cueWords: Set<String> = ["no", "nee", "nein", "non", "nie", "nej", "hayır", "нет", "ні", "actually", "wait", "toch",
                                        "doch", "plutôt", "mejor", "anzi", "eigentlich", "eigenlijk", "właściwie", "faktiskt",
                                        "aslında", "точнее", "вернее", "well", "hmm", "correction", "sorry", "rather", "לא", "בעצם"]

    static func correctionCue(between a: Int, _ b: Int, _ words: [Substring]) -> Bool {
        guard a < b else { return false }
        return words[(a + 1)..<b].contains { cueWords.contains($0.lowercased()) }
    }

    /// "the lowest", "the highest", "top marks" as an answer.
    static func superlative(_ lower: String) -> Int? {
        let low = ["the lowest", "lowest", "the minimum", "rock bottom", "as low as it goes", "am niedrigsten", "le plus bas", "el más bajo",
                   "o mais baixo", "il più basso", "het laagst", "najniższ", "lägsta", "en düşük", "самый низкий", "最低"]
        let high = ["the highest", "highest", "the maximum", "top marks", "full marks", "am höchsten", "le plus haut", "el más alto",
                    "o mais alto", "il più alto", "het hoogst", "najwyższ", "högsta", "en yüksek", "самый высокий", "最高", "満点"]
        let l = low.contains { lower.has($0) }, h = high.contains { lower.has($0) }
        return l == h ? nil : (l ? 1 : 5)
    }

    /// The value of a scale's own label written as the answer: the low label reads 1, the high 5
    /// ("close, we really reached each other", "none", "plenty").
    static func labelValue(_ lower: String, scale: Scale) -> Int? {
        func key(_ label: String) -> [Substring] { ReadingText.words(label.lowercased()) }
        let low = key(scale.lowLabel), high = key(scale.highLabel)
        let words = ReadingText.words(lower)
        guard !words.isEmpty, words.count <= 10 else { return nil }
        func matches(_ label: [Substring]) -> Bool {
            guard let first = label.first else { return false }
            // The label's first word (its anchor: "distant", "close", "none", "plenty") opens the answer.
            return words.first == first || lower.has(label.prefix(3).joined(separator: " "))
        }
        let l = matches(low), h = matches(high)
        if l != h { return l ? 1 : 5 }
        // The label's own words after its anchor ("we really reached each other", "I lost track of myself").
        let lp = labelPhrase(scale.lowLabel), hp = labelPhrase(scale.highLabel)
        let lHit = lp.map { lower.has($0) } ?? false, hHit = hp.map { lower.has($0) } ?? false
        if lHit != hHit { return lHit ? 1 : 5 }
        return nil
    }

    /// The distinctive part of a label: the words after its anchor and comma ("like we were living
    /// side by side" → "living side by side"), at least three words.
    static func labelPhrase(_ label: String) -> String? {
        guard let comma = label.firstIndex(of: ",") else { return nil }
        var words = ReadingText.words(label[label.index(after: comma)...].lowercased())
        let lead: Set<Substring> = ["like", "we", "i", "you", "were", "felt", "really"]
        while let f = words.first, lead.contains(f), words.count > 3 { words.removeFirst() }
        return words.count >= 3 ? words.joined(separator: " ") : nil
    }
}
