import Foundation

/// What the practice itself wrote in the check-in a reply answers: the questions, their
/// scale legends, the prompt, and the fixed sentences of the check-in and its footer. A
/// line of these in a reply's new text was copied or pasted from the check-in (an Outlook
/// original pasted under the reply, questions copied above the answers), so it is never
/// read as the partner's words.
struct OwnText {
    /// Built once (a CharacterSet made on every call leaks in Foundation on Linux).
    static let answerLead = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "?:-"))

    /// Fixed sentences of `Templates/checkin_text.mustache`, `checkin_html.mustache` and the
    /// footers (a test keeps this list in step with the templates).
    static let templatePhrases = [
        "here is this week's check-in from", "it takes a few minutes", "just hit reply and write your answers under",
        "each question, or number them like", "last week you rated your connection", "how does that look to you now",
        "as you both agreed to share", "rated their connection", "your answers go to", "as you both agreed, your partner",
        "also sees your scales and reflection", "only, not to your partner", "replies are not read in real time",
        "if you are in crisis or feel unsafe", "do not wait for a reply", "to pause these check-ins, reply with pause",
        "reply with pause 2 weeks", "to stop them, reply with stop", "reply resume to start again", "this week's theme is",
    ]

    let questions: [String]
    let legends: [String]
    let prompt: String
    let known: String

    init(questions q: RoundQuestions) {
        questions = q.scales.map { Self.key($0.question) }
        legends = q.scales.flatMap { [Self.key($0.lowLabel), Self.key($0.highLabel)] }.filter { $0.count >= 8 }
        prompt = Self.key(q.prompt.text)
        known = ([prompt, Self.key(q.themeTitle)] + questions + legends + Self.templatePhrases).joined(separator: "\u{1}")
    }

    /// Lower case, quote markers, numbering and punctuation runs reduced, spaces single.
    static func key(_ s: String) -> String {
        var t = ReadingText.normalise(s).text.lowercased()
        t = String(t.drop { $0 == ">" || $0 == " " || $0 == "\t" })
        var out = ""
        var space = false
        for c in t {
            if c == "\"" || c == "“" || c == "”" || c == "„" || c == "«" || c == "»" { continue }
            if c.isWhitespace { space = !out.isEmpty; continue }
            if space { out.append(" "); space = false }
            out.append(c)
        }
        return out
    }

    /// Whether a line is the practice's own text (a question, a legend, the prompt, a fixed
    /// sentence of the check-in), whole or as a wrapped piece of it.
    func isOurs(_ line: String) -> Bool {
        var k = Self.key(line)
        // Numbering and legend marks in front ("1) ", "1 = ", "3. ").
        if let first = k.first, first.isNumber {
            k = String(k.drop { $0.isNumber || $0 == ")" || $0 == "." || $0 == "=" || $0 == ":" || $0 == " " || $0 == "-" })
        }
        guard k.count >= 12 else { return false }
        if known.has(k) { return true }
        return Self.templatePhrases.contains { k.has($0) } || questions.contains { !$0.isEmpty && k.has($0) }
            || (!prompt.isEmpty && k.has(prompt))
    }

    /// A question copied into the reply with its answer after it: the question's index and
    /// what follows it on the line. The question may be shortened ("…this week? 4").
    func copiedQuestion(_ line: String) -> (Int, String)? {
        let k = Self.key(line)
        let bare = String(k.drop { $0.isNumber || $0 == ")" || $0 == "." || $0 == ":" || $0 == " " })
        guard bare.count >= 20 else { return nil }
        for (i, q) in (questions + [prompt]).enumerated() where q.count >= 20 {
            // The longest start of the question the line begins with, ending at a word.
            guard bare.hasPrefix(String(q.prefix(20))) else { continue }
            var n = 20
            let qa = Array(q), ba = Array(bare)
            while n < qa.count, n < ba.count, qa[n] == ba[n] { n += 1 }
            // Up to the end of the copied question: its "?" or ":" if it stops there.
            var rest = String(ba[n...])
            if let mark = rest.firstIndex(where: { $0 == "?" || $0 == ":" }), rest.distance(from: rest.startIndex, to: mark) < 60,
               n < qa.count {
                rest = String(rest[rest.index(after: mark)...])
            } else if n < qa.count, !rest.isEmpty, rest.first != " " {
                return nil
            }
            let answer = rest.trimmingCharacters(in: Self.answerLead)
            // The answer keeps the partner's own case: take it from the original line's end.
            let original = line.trimmingCharacters(in: .whitespaces)
            let tail = original.count >= answer.count ? String(original.suffix(answer.count)) : answer
            return (i, tail)
        }
        return nil
    }

    /// Which question a quoted block asks: the last line in it that is a scale question or
    /// the prompt (legend lines belong to the question above them).
    func questionIndex(quoted: String) -> Int? {
        for line in quoted.components(separatedBy: "\n").reversed() {
            let k = Self.key(line)
            guard k.count >= 6 else { continue }
            if legends.contains(where: { k.has($0) }) || k.hasPrefix("1 =") || k.hasPrefix("5 =") { continue }
            let bare = String(k.drop { $0.isNumber || $0 == ")" || $0 == "." || $0 == ":" || $0 == " " })
            for (i, q) in questions.enumerated() where !q.isEmpty {
                if bare.count >= 12 && (q.hasPrefix(bare) || q.contains(bare)) || bare.has(q) { return i }
                if bare.hasPrefix(String(q.prefix(30))) { return i }
            }
            if !prompt.isEmpty, bare.count >= 12, prompt.contains(bare) || bare.has(prompt) || bare.hasPrefix("this week's theme is") {
                return questions.count
            }
            // "2) …" with text we do not know: the numbering says which.
            if let n = k.first?.wholeNumberValue, k.dropFirst().first.map({ ").:".contains($0) }) == true, (1...questions.count + 1).contains(n) {
                return n - 1
            }
        }
        return nil
    }

    /// Words that name a scale, in the languages partners write in, as the start of a word.
    static let scaleWords: [[String]] = [
        ["connection", "connected", "connect", "closeness", "close", "closer", "togetherness", "verbunden", "verbindung", "nähe", "naehe",
         "connexion", "connecté", "connecte", "proximité", "conexión", "conexion", "conectad", "cercanía", "ligação", "ligacao",
         "conexão", "conexao", "proche", "proches", "nah", "nahe", "näher", "blízko", "близко", "близки", "близьк", "connessione", "connessa", "connesso", "vicinanza", "verbinding", "verbonden", "nabijheid", "więź",
         "wiez", "bliskość", "bliskosc", "połączen", "närhet", "samhörighet", "forbundet", "nærhed", "bağlılık", "yakınlık", "bağ ",
         "связь", "связи", "близость", "зв'яз", "звʼяз", "близькість", "つながり", "繋がり", "親密", "亲密", "亲近", "親近", "连接", "联系", "联结",
         "spojen", "blízkost"],
        ["room", "space", "me-time", "me time", "myself", "own time", "time for me", "time to myself", "freiraum", "zeit für mich", "raum für mich", "espace",
         "temps pour moi", "espacio", "tiempo para mí", "tiempo para mi", "espaço", "espaco", "tempo para mim", "spazio",
         "tempo per me", "per me stess", "temps à moi", "temps pour moi", "headspace", "ruimte", "tijd voor mezelf",
         "voor mezelf", "dla siebie", "для себя", "для себе", "för mig själv", "para mim", "para mí", "para mi mism", "przestrze", "czas dla siebie", "utrymme", "tid för mig", "plads",
         "tid til mig", "kendime", "kendi alan", "пространств", "время для себя", "простір", "час для себе", "自分の時間",
         "余裕", "空间", "自己的时间", "prostor", "čas pro sebe"],
    ]

    /// "the first question", "die zweite Frage", "la deuxième": which scale an ordinal names, with
    /// a word for question next to it.
    static let ordinals: [[String]] = [
        ["first", "1st", "erste", "ersten", "première", "premiere", "primera", "primeira", "prima", "primo", "eerste", "pierwsze",
         "första", "ilk", "birinci", "первый", "первом", "перше", "першому", "一つ目", "第一", "první"],
        ["second", "2nd", "zweite", "zweiten", "deuxième", "deuxieme", "seconde", "segunda", "seconda", "secondo", "tweede",
         "drugie", "andra", "ikinci", "второй", "втором", "друге", "другому", "二つ目", "第二", "druhá", "druhou"],
    ]
    static let questionWords = ["question", "frage", "pregunta", "pergunta", "domanda", "vraag", "pytanie", "fråga", "soru",
                                "вопрос", "питання", "質問", "问题", "שאלה", "otázk", "one", "scale", "skala", "échelle", "escala", "scala"]

    /// The first occurrence of `needle`, found byte-wise (the word lists are literals, the text composed).
    static func range(of needle: String, in text: String) -> Range<String.Index>? {
        guard let offset = text.byteOffset(of: needle) else { return nil }
        let utf8 = text.utf8
        let lo = utf8.index(utf8.startIndex, offsetBy: offset), hi = utf8.index(lo, offsetBy: needle.utf8.count)
        // Only whole characters (a match inside a character's bytes cannot happen in valid UTF-8,
        // but a combining mark after it could): fall back to the character search then.
        guard let l = lo.samePosition(in: text), let h = hi.samePosition(in: text) else { return text.range(of: needle) }
        return l..<h
    }

    /// Where a sentence names each scale (the first mention of each).
    func scaleMentions(_ sentence: String) -> [(scale: Int, position: Int, range: Range<String.Index>)] {
        let lower = sentence.lowercased()
        var out: [(Int, Int, Range<String.Index>)] = []
        for (i, words) in Self.scaleWords.enumerated() where i < questions.count {
            var best: Range<String.Index>?
            for w in words {
                guard let r = Self.range(of: w, in: lower) else { continue }
                // At the start of a word (CJK has no word starts).
                if r.lowerBound != lower.startIndex, let c = w.first, !ReadingText.isCJK(c) {
                    let before = lower[lower.index(before: r.lowerBound)]
                    if before.isLetter { continue }
                }
                // A short word is a whole word ("nah", not "nahm").
                if w.count <= 4, r.upperBound != lower.endIndex, lower[r.upperBound].isLetter, w.first.map(ReadingText.isCJK) == false { continue }
                if best == nil || r.lowerBound < best!.lowerBound { best = r }
            }
            if let best { out.append((i, lower.distance(from: lower.startIndex, to: best.lowerBound), best)) }
        }
        // Ordinals next to a word for question ("for the first question I'd say 3").
        if lower.count == sentence.count, Self.questionWords.contains(where: { lower.has($0) }) {
            for (i, words) in Self.ordinals.enumerated() where i < questions.count && !out.contains(where: { $0.0 == i }) {
                for w in words {
                    guard let r = Self.range(of: w, in: lower) else { continue }
                    if r.lowerBound != lower.startIndex, lower[lower.index(before: r.lowerBound)].isLetter { continue }
                    out.append((i, lower.distance(from: lower.startIndex, to: r.lowerBound), r))
                    break
                }
            }
        }
        // Ranges of `lower` are used on the sentence itself: only when lower-casing kept the length.
        guard lower.count == sentence.count else { return [] }
        return out.map { (s, p, r) in
            let lo = sentence.index(sentence.startIndex, offsetBy: p)
            let hi = sentence.index(lo, offsetBy: lower.distance(from: r.lowerBound, to: r.upperBound))
            return (s, p, lo..<hi)
        }
    }
}
