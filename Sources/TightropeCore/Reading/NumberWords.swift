import Foundation

/// Number words from one to twelve in the languages partners write in. The table comes from
/// ICU's spell-out rules (Foundation's `NumberFormatter` with `.spellOut`, per locale), so
/// each language's words are ICU's; only the forms spell-out does not produce (gendered and
/// declined forms, kana readings, "two" as 两) are added by hand below.
package enum NumberWords {
    /// The languages spelled out through ICU.
    static let locales = ["en", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "da", "nb", "cs", "tr", "ru", "uk", "ja", "zh", "he"]

    /// Forms spell-out does not give: feminine and declined forms (the ones used with
    /// "weeks"), kana, and colloquial forms. Folded (lower case, no diacritics) like the input.
    static let extra: [String: Int] = [
        "une": 1, "una": 1, "uma": 1, "duas": 2, "eine": 1, "ein": 1, "einen": 1, "een": 1, "en": 1, "ett": 1,
        "jedna": 1, "jedną": 1, "jednej": 1, "dwie": 2, "dwoch": 2, "dwóch": 2, "trzech": 3, "czterech": 4, "pieciu": 5, "pięciu": 5,
        "одна": 1, "одну": 1, "две": 2, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5,
        "дві": 2, "двох": 2, "трьох": 3, "чотирьох": 4, "п'ять": 5, "п'яти": 5, "пять": 5,
        "dve": 2, "dvě": 2, "ctyri": 4,
        "いち": 1, "に": 2, "さん": 3, "よん": 4, "し": 4, "ご": 5, "ひとつ": 1, "ふたつ": 2, "みっつ": 3, "よっつ": 4, "いつつ": 5,
        // School-grade nouns used as ratings ("dvojka", "четвёрка", "czwórka").
        "jednička": 1, "dvojka": 2, "trojka": 3, "čtyřka": 4, "pětka": 5, "единица": 1, "двойка": 2, "тройка": 3, "четвёрка": 4,
        "четверка": 4, "пятёрка": 5, "пятерка": 5, "одиниця": 1, "двійка": 2, "трійка": 3, "четвірка": 4, "п'ятірка": 5,
        "jedynka": 1, "dwójka": 2, "trójka": 3, "czwórka": 4, "piątka": 5,
        "两": 2, "兩": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5,
        // Hebrew: ICU spells the feminine forms (counting); the masculine ones count weeks ("שלושה שבועות").
        "אחד": 1, "שניים": 2, "שלושה": 3, "ארבעה": 4, "חמישה": 5, "שישה": 6, "שבעה": 7, "תשעה": 9, "עשרה": 10,
    ]

    /// Word → value, every form folded (lower case; diacritics kept and removed both).
    package static let table: [String: Int] = {
        var t: [String: Int] = [:]
        func add(_ word: String, _ n: Int) {
            let lower = word.lowercased()
            if t[lower] == nil { t[lower] = n }
            let f = ReadingText.folded(lower)
            if t[f] == nil { t[f] = n }
        }
        for id in locales {
            let f = NumberFormatter()
            f.locale = Locale(identifier: id)
            f.numberStyle = .spellOut
            for n in 1...12 {
                guard let word = f.string(from: NSNumber(value: n)), !word.contains(" ") else { continue }
                add(word, n)
            }
        }
        for (w, n) in extra { add(w, n) }
        return t
    }()

    /// Words that are also articles or pronouns ("un", "a", "en", "bir", "one of"): they count as
    /// a number only when they stand alone as the whole answer or before a unit.
    package static let articles: Set<String> = ["un", "une", "uno", "una", "um", "uma", "ein", "eine", "einen", "een", "en", "et",
                                                "ett", "bir", "jeden", "jedna", "один", "одна", "одну", "jedno"]

    /// Number words of one language that are ordinary words of another partners write in ("to" is
    /// Danish for two, "on" Turkish for ten, "fire" Danish for four, "due" Italian for two): a
    /// number only in a short answer, never inside a sentence.
    package static let collisions: Set<String> = ["to", "on", "fire", "due", "sei", "ti", "ni", "sex", "elf", "tre", "seks", "dez",
                                                  "nove", "otte", "et", "en", "un", "una", "uno", "i", "ett", "de", "dos",
                                                  "tres", "sette", "acht", "zes", "ses", "tio", "nio", "sju",
                                                  "שבע", "שש"]  // Hebrew "full", "glad"

    /// The value of one word: digits or a number word.
    package static func value(_ word: Substring) -> Int? {
        if let n = Int(word) { return n }
        let lower = word.lowercased()
        return table[lower] ?? table[ReadingText.folded(lower)]
    }
}
