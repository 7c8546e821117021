import Foundation

/// Why a reading came out as it did: the rule and the partner's line it read, one per
/// decision (each scale, the reflection, a command). Shown by `parse-reply` and `review show`,
/// so a review takes seconds; never logged.
package struct ReadingEvidence: Equatable, Sendable, Codable {
    package var field: String
    package var rule: String
    package var line: String

    package init(field: String, rule: String, line: String) {
        self.field = field
        self.rule = rule
        self.line = line
    }
}

/// A partner's answers to one round, read from their reply, with how sure the reading is.
package struct ParsedAnswers: Equatable, Sendable, Codable {
    /// Scale answers by scale id (`connection`, `room`), 1–5.
    package var scales: ScaleValues
    /// The reflection: the reply's prose that is not a scale answer.
    package var reflection: String?
    /// 0–1: 1 when every answer was numbered or written under its question; below the review
    /// threshold (0.6) whenever a careful reader would hesitate.
    package var confidence: Double
    /// Why the confidence is not 1, in words (no partner text).
    package var notes: [String]
    /// What each decision rests on.
    package var evidence: [ReadingEvidence] = []

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

/// Reads the answers to a round's questions from a reply's new text. Candidates come from
/// answers under the quoted questions, numbered answers in any of the forms people type
/// ("1) 4", "1 – 4", "#1 4", "Q1: 4", one line "1) 4 2) 2", out of order), labelled answers
/// ("connection: 4 out of 5", "room for myself two out of five"), and bare values in order;
/// each scale gets one decision, and anything a careful reader would hesitate over lowers the
/// confidence below the review threshold. Pure and deterministic.
package enum AnswerParser {
    /// Confidence for a reading a careful reader would want to look at.
    static let doubtful = 0.45

    package static func parse(text: String, inline: [InlineAnswer], lead: String? = nil, questions: RoundQuestions) -> ParsedAnswers {
        var reader = Reading(questions: questions)
        reader.run(text: text, inline: inline, lead: lead)
        return reader.result()
    }

    /// The older entry point: scale ids and question texts only (no labels, no prompt).
    package static func parse(text: String, inline: [InlineAnswer], scaleIDs: [ScaleID], scaleQuestions: [String]) -> ParsedAnswers {
        let scales = zip(scaleIDs, scaleQuestions).map { Scale(id: $0, question: $1, lowLabel: "", highLabel: "") }
        let questions = RoundQuestions(theme: .communicatingNeeds, themeTitle: "", scales: scales,
                                       prompt: Prompt(id: "", theme: .communicatingNeeds, text: ""))
        return parse(text: text, inline: inline, questions: questions)
    }

    /// Builds the readers' tables once (ICU's number words, the compiled expressions), so that
    /// the first reply a process reads costs no more than the others. Called by poll and by
    /// `parse-reply --jsonl` before the first message.
    package static func prepare() {
        _ = NumberWords.table.count
        _ = PauseDate.months.count
        _ = CommandReader.read("stop sending these, pause 2 weeks, we're back", hasAnswers: false)
        let scale = Scale(id: .connection, question: "How connected?", lowLabel: "distant, far apart", highLabel: "close, near")
        _ = ScaleValueReader.read("4/5, not 2.5", scale: scale)
        _ = SignOffs.withoutGreetingAndSignOff("Hi,\n\ntext\n\nBest,\nA\n+44 20 7946 0321")
        _ = parse(text: "1) 4\n2) 3\nconnection 4", inline: [], scaleIDs: [.connection, .room], scaleQuestions: ["a", "b"])
    }

    /// The scale value of a short answer, or nil (kept for callers that only need the value).
    static func scaleValue(_ answer: String) -> Int? {
        guard let r = ScaleValueReader.read(answer), r.doubt == nil else { return nil }
        return r.value
    }
}

/// One reading in progress.
struct Reading {
    let questions: RoundQuestions
    let own: OwnText
    var found: [ScaleID: [(value: Int, source: String)]] = [:]
    var doubts: [String] = []
    var notes: [String] = []
    var reflection: [String] = []
    var evidence: [ReadingEvidence] = []
    var bare: [(value: Int, line: String)] = []
    var byOrder = false

    init(questions: RoundQuestions) {
        self.questions = questions
        own = OwnText(questions: questions)
    }

    var scales: [Scale] { questions.scales }
    var promptNumber: Int { scales.count + 1 }

    mutating func run(text: String, inline: [InlineAnswer], lead: String?) {
        var units: [String] = []
        if inline.isEmpty {
            units = [text]
        } else {
            if let lead, !lead.isBlankText { units.append(lead) }
            for pair in inline { readInline(pair, numberedUnits: &units) }
        }
        for unit in units { readUnit(unit) }
        assignBare()
    }

    // MARK: Sources

    mutating func record(_ r: ValueReading, scale index: Int, source: String, line: String) {
        let targets = r.both ? Array(scales.indices) : [index]
        if let doubt = r.doubt { doubts.append("\(scales[index].id): \(doubt)") }
        if let v = r.value {
            for t in targets {
                found[scales[t].id, default: []].append((v, source))
                evidence.append(ReadingEvidence(field: scales[t].id.rawValue, rule: "\(source), \(r.rule)", line: line))
            }
        } else if r.doubt != nil {
            evidence.append(ReadingEvidence(field: scales[index].id.rawValue, rule: "\(source), \(r.rule) (\(r.doubt!))", line: line))
        }
        if let c = r.comment { addReflection(c, rule: "a comment beside the \(scales[index].id) answer") }
    }

    mutating func addReflection(_ text: String, rule: String) {
        var lines = text.components(separatedBy: "\n").filter { !own.isOurs($0) }
        // A greeting opening this part ("Bonjour,") is not reflection, wherever the part ends up.
        if let first = lines.firstIndex(where: { !$0.isBlankText }), SignOffs.isGreeting(lines[first]) { lines.remove(at: first) }
        let kept = lines.joined(separator: "\n")
        guard !kept.isBlankText else { return }
        reflection.append(kept)
        evidence.append(ReadingEvidence(field: "reflection", rule: rule, line: String(kept.prefix(80))))
    }

    /// An answer under a quoted question.
    mutating func readInline(_ pair: InlineAnswer, numberedUnits: inout [String]) {
        if NumberedItems(pair.answer, maxNumber: promptNumber).items.count >= 2 {
            numberedUnits.append(pair.answer)
            return
        }
        let lines = pair.answer.components(separatedBy: "\n")
        guard let index = own.questionIndex(quoted: pair.quoted), index < scales.count,
              let first = lines.firstIndex(where: { !$0.isBlankText }) else {
            readUnit(pair.answer, inlineProse: true)
            return
        }
        if let r = ScaleValueReader.read(lines[first], scale: scales[index]) {
            record(r, scale: index, source: "under its quoted question", line: lines[first])
            let rest = lines[(first + 1)...].joined(separator: "\n")
            if !rest.isBlankText { readUnit(rest, inlineProse: true) }
        } else {
            readUnit(pair.answer, inlineProse: true)
        }
    }

    /// Numbered items, then labelled and bare values, and prose.
    mutating func readUnit(_ unit: String, inlineProse: Bool = false) {
        let numbered = NumberedItems(unit, maxNumber: promptNumber)
        for item in numbered.items {
            if item.number <= scales.count {
                let index = item.number - 1
                if let r = ScaleValueReader.read(item.body, scale: scales[index]) {
                    record(r, scale: index, source: "numbered \(item.number)", line: item.line)
                } else if !item.body.isBlankText {
                    doubts.append("\(scales[index].id): no value")
                    addReflection(item.body, rule: "answer \(item.number) without a value")
                }
                if !item.more.isBlankText { readProse(item.more) }
            } else {
                addReflection([item.body, item.more].filter { !$0.isBlankText }.joined(separator: "\n"),
                              rule: item.number == promptNumber ? "numbered \(item.number) (the reflection)" : "numbered \(item.number)")
            }
        }
        if numbered.skippedNumbers { doubts.append("numbering that does not match the questions") }
        if !numbered.rest.isBlankText { readProse(numbered.rest) }
    }

    /// Text without numbering: labelled values ("connection: 4"), bare values, prose.
    mutating func readProse(_ text: String) {
        var prose: [String] = []
        // "4 | 2 | prose": pipes between answers on one line read as line breaks.
        let lines = text.components(separatedBy: "\n").flatMap { line -> [String] in
            line.components(separatedBy: " | ").count >= 3 ? line.components(separatedBy: " | ") : [line]
        }
        var inSignature = false
        for line in lines {
            // A "-- " signature block (name, company) above or between answers is not reflection.
            if line == "-- " || line == "--" { inSignature = true; continue }
            if inSignature {
                if line.isBlankText { inSignature = false }
                continue
            }
            // A copied question with its answer after it ("How connected did you feel …? 4").
            if let (index, answer) = own.copiedQuestion(line) {
                if index < scales.count, let r = ScaleValueReader.read(answer, scale: scales[index]) {
                    record(r, scale: index, source: "after its copied question", line: line)
                } else if !answer.isBlankText {
                    addReflection(answer, rule: "after the copied prompt")
                }
                continue
            }
            if own.isOurs(line) { continue }
            var kept: [String] = []
            for sentence in ReadingText.sentences(line) {
                if let r = ScaleValueReader.read(sentence), r.both, r.value != nil || r.doubt != nil {
                    record(r, scale: 0, source: "one value for both", line: sentence)
                    continue
                }
                if readCorrection(sentence) { continue }
                if readLabelled(sentence) { continue }
                if readLabelWords(sentence) { continue }
                if let pair = bareValues(sentence) {
                    for v in pair { bare.append((v, sentence)) }
                    continue
                }
                kept.append(sentence)
            }
            prose.append(kept.joined(separator: " "))
        }
        let joined = prose.joined(separator: "\n")
        if !joined.isBlankText { addReflection(joined, rule: "prose") }
    }

    /// "connection: 4", "room for myself — plenty, 5", "I'd say four for connection and two for
    /// me-time": values in a short sentence that names the scales, paired with the names in order.
    mutating func readLabelled(_ sentence: String) -> Bool {
        let words = ReadingText.words(sentence)
        guard words.count <= 24 else { return false }
        let mentions = own.scaleMentions(sentence).sorted { $0.position < $1.position }
        guard !mentions.isEmpty else { return false }
        // One scale named: the sentence's value is its answer.
        if mentions.count == 1 {
            let m = mentions[0]
            guard let r = ScaleValueReader.read(sentence, scale: scales[m.scale], maxWords: 16), r.value != nil || r.doubt != nil else {
                return false
            }
            var reading = r
            reading.comment = nil
            reading.both = false
            record(reading, scale: m.scale, source: "labelled", line: sentence)
            return true
        }
        // Several: the values in order, one per name ("four for connection and two for me-time",
        // "connection 4, room 2").
        let values = ScaleValueReader.values(in: sentence)
        guard !values.isEmpty else { return false }
        if values.count == mentions.count {
            for (m, v) in zip(mentions, values) {
                record(ValueReading(value: (1...5).contains(v) ? v : nil, doubt: (1...5).contains(v) ? nil : "not 1 to 5",
                                    rule: "a value next to the scale's name"),
                       scale: m.scale, source: "labelled", line: sentence)
            }
        } else {
            doubts.append("a sentence naming the scales with \(values.count) value(s)")
        }
        return true
    }

    /// Words that open a later correction ("Edit: answer 2 should be a 3", "Korrektur: Frage 1 eher
    /// eine 3", "PS, reading this back: make those a 4 and a 2").
    static let correctionOpeners = ["edit", "correction", "update", "ps", "p.s", "pps", "reading this back", "on second thought",
                                    "scratch", "make that", "make those", "should be", "should have been", "meant", "i mean", "sorry",
                                    "oops", "typo", "korrektur", "nachtrag", "eher", "doch", "eigentlich", "correctif", "en fait",
                                    "plutôt", "je voulais dire", "corrección", "en realidad", "quise decir", "correção", "na verdade",
                                    "correzione", "anzi", "volevo dire", "correctie", "eigenlijk", "bedoel", "poprawka", "właściwie",
                                    "miałem na myśli", "rättelse", "menade", "faktiskt", "rettelse", "mente", "oprava", "düzeltme",
                                    "aslında", "demek istedim", "исправление", "точнее", "я имел в виду", "виправлення", "訂正", "修正",
                                    "更正", "其实", "应该是", "correggo", "mi correggo", "me corrijo", "corrijo", "quer dizer", "oprava", "rettelse", "förlåt",
                                    "quatsch", "pardon", "meant to be", "was meant", "fat thumbs", "すみません", "でした", "תיקון", "בעצם", "התכוונתי"]

    /// A sentence correcting an earlier answer: the value goes to the scale it names (by number,
    /// ordinal or name), or to every scale in order; always worth a look.
    mutating func readCorrection(_ sentence: String) -> Bool {
        let lower = ReadingText.normalise(sentence).text.lowercased()
        guard Self.correctionOpeners.contains(where: { lower.has($0) }) else { return false }
        let values = ScaleValueReader.values(in: sentence)
        guard values.contains(where: { (1...5).contains($0) }), ReadingText.words(lower).count <= 30 else { return false }
        var target: Int?
        var corrected = values.filter { (1...5).contains($0) }
        // "answer 2", "question 1", "Frage 1", "#2", "no. 2", "Q2": the number names the answer; the value follows.
        if let r = lower.range(of: #"(answer|question|frage|antwort|réponse|pregunta|respuesta|domanda|risposta|vraag|antwoord|pytanie|odpowied\w*|fråga|svar|soru|вопрос|ответ|питання|שאלה|תשובה|#|no\.?|nr\.?|q)\s*([1-9])"#,
                               options: .regularExpression) {
            target = lower[r].last?.wholeNumberValue.map { $0 - 1 }
            corrected = ScaleValueReader.values(in: String(lower[r.upperBound...])).filter { (1...5).contains($0) }
        } else if let r = lower.range(of: #"(^|[\s:：])([1-9])\s*(\)|は|番|問)"#, options: .regularExpression) {
            // "2) should have been 5", "1は3でした".
            target = lower[r].first(where: \.isNumber)?.wholeNumberValue.map { $0 - 1 }
            corrected = ScaleValueReader.values(in: String(lower[r.upperBound...])).filter { (1...5).contains($0) }
        }
        // "la prima è 3", "la segunda es un 3", "u první otázky 3": an ordinal names the answer.
        if target == nil {
            for (i, words) in OwnText.ordinals.enumerated() where i < scales.count {
                if words.contains(where: { w in ReadingText.words(lower).contains { $0 == w } }) { target = i; break }
            }
        }
        if target == nil, let m = own.scaleMentions(sentence).first { target = m.scale }
        if let t = target, t < scales.count, let v = corrected.last {
            record(ValueReading(value: v, doubt: "corrected later in the reply", rule: "a later correction"), scale: t,
                   source: "a correction", line: sentence)
        } else if corrected.count == 2, let old = corrected.first,
                  let index = scales.indices.first(where: { found[scales[$0].id]?.last?.value == old }),
                  scales.indices.filter({ found[scales[$0].id]?.last?.value == old }).count == 1 {
            // "the 5 was meant to be a 4": the answer that was 5 becomes 4.
            record(ValueReading(value: corrected[1], doubt: "corrected later in the reply", rule: "a later correction of one value"),
                   scale: index, source: "a correction", line: sentence)
        } else if corrected.count == scales.count {
            for (i, v) in corrected.enumerated() {
                record(ValueReading(value: v, doubt: "corrected later in the reply", rule: "a later correction, in order"), scale: i,
                       source: "a correction", line: sentence)
            }
        } else {
            doubts.append("a correction that names no answer")
        }
        return true
    }

    /// A sentence in the scale's own words ("we really reached each other this week, so a 5",
    /// "we were living side by side"): the label's value, or the number written with it.
    mutating func readLabelWords(_ sentence: String) -> Bool {
        let lower = ReadingText.normalise(sentence).text.lowercased()
        guard ReadingText.words(lower).count <= 16 else { return false }
        var hits: [(Int, Int)] = []
        for (i, scale) in scales.enumerated() {
            for (phrase, value) in [(ScaleValueReader.labelPhrase(scale.lowLabel), 1), (ScaleValueReader.labelPhrase(scale.highLabel), 5)] {
                if let phrase, lower.has(phrase) { hits.append((i, value)) }
            }
        }
        guard hits.count == 1, let (index, implied) = hits.first else { return false }
        let values = ScaleValueReader.values(in: sentence)
        if values.count == 1 {
            let v = values[0]
            record(ValueReading(value: v, doubt: abs(v - implied) >= 2 ? "the number and the words disagree" : nil,
                                rule: "a number with the scale's own words"), scale: index, source: "the scale's words", line: sentence)
        } else if values.isEmpty {
            record(ValueReading(value: implied, doubt: "read from the scale's own words", rule: "the scale's own words"),
                   scale: index, source: "the scale's words", line: sentence)
        } else {
            return false
        }
        return true
    }

    /// A short sentence that is only one or two values ("4", "four", "4 and 3", "4, 3").
    mutating func bareValues(_ sentence: String) -> [Int]? {
        var (norm, _) = ReadingText.normalise(sentence)
        // A note in brackets beside the value ("3 (I first wrote 2, but …)") is the partner's comment.
        if let open = norm.firstIndex(of: "("), let close = norm.lastIndex(of: ")"), open < close, norm.first != "(" {
            let note = String(norm[norm.index(after: open)..<close])
            let before = String(norm[..<open])
            if ReadingText.words(before).count <= 3, let v = bareValues(before) {
                if note.contains(where: \.isNumber) || ScaleValueReader.corrections.contains(where: { note.lowercased().has($0) }) {
                    doubts.append("a value with a note that names another")
                }
                addReflection(note, rule: "a note beside a value")
                return v
            }
        }
        // "Answers: 2, 5": the values after a label and a colon.
        if let colon = norm.firstIndex(of: ":"), ReadingText.words(String(norm[..<colon])).count <= 3,
           !norm[..<colon].contains(where: \.isNumber) {
            norm = String(norm[norm.index(after: colon)...])
        }
        // "Same as last week, so 3 and 3", "Scales: 5 and 5": the values after the last comma or colon.
        if let comma = norm.lastIndex(where: { $0 == "," || $0 == ":" }), ReadingText.words(String(norm[norm.index(after: comma)...])).count <= 4 {
            let tail = String(norm[norm.index(after: comma)...])
            let lead = ReadingText.words(String(norm[..<comma]))
            if lead.count <= 5, !lead.contains(where: { NumberWords.value($0) != nil }) { norm = tail }
        }
        let words = ReadingText.words(norm.lowercased())
        guard !words.isEmpty, words.count <= 4 else { return nil }
        // "2, 5": a comma between two values separates them.
        let values = words.compactMap { w -> Int? in
            if let n = Int(w) { return n }
            return NumberWords.articles.contains(String(w)) ? nil : NumberWords.value(w)
        }
        let fillers: Set<String> = ["and", "und", "et", "y", "e", "en", "i", "och", "ve", "и", "і", "a", "about", "maybe", "ok", "so",
                                    "also", "dann", "donc", "entonces", "então", "quindi", "dus", "więc", "så", "yani", "так", "то", "then",
                                    "puis", "luego", "poi", "potem", "sedan", "sonra", "потом", "затем", "first", "erst", "d'abord"]
        guard !values.isEmpty, values.count == words.count - words.filter({ fillers.contains(String($0)) }).count else { return nil }
        // "3-4" and "4 or 5" are ranges, not two answers.
        if values.count == 2, norm.contains("-") || norm.lowercased().contains(" or ") { return nil }
        return values.count <= 2 ? values : nil
    }

    /// Bare values fill the scales still without an answer, in order.
    mutating func assignBare() {
        guard !bare.isEmpty else { return }
        let missing = scales.filter { found[$0.id] == nil }
        if bare.count == missing.count {
            for (scale, b) in zip(missing, bare) {
                if (1...5).contains(b.value) {
                    found[scale.id, default: []].append((b.value, "in order"))
                    evidence.append(ReadingEvidence(field: scale.id.rawValue, rule: "a bare value, matched by order", line: b.line))
                } else {
                    doubts.append("\(scale.id): not 1 to 5")
                }
            }
            byOrder = missing.count > 1 || scales.count == 1
            if byOrder { notes.append("scale answers matched by their order only") }
            if missing.count == 1 { doubts.append("one bare value for a missing answer") }
        } else {
            doubts.append("\(bare.count) bare value(s) for \(missing.count) unanswered scale(s)")
        }
    }

    // MARK: Decision

    func result() -> ParsedAnswers {
        var out = ParsedAnswers()
        var notes = self.notes
        var confidence = byOrder ? 0.8 : 1.0
        for scale in scales {
            guard let values = found[scale.id], let last = values.last else {
                confidence = min(confidence, 0.5)
                notes.append("no answer for \(scale.id)")
                continue
            }
            if Set(values.map(\.value)).count > 1 {
                confidence = min(confidence, 0.3)
                notes.append("contradictory answers for \(scale.id)")
            }
            // A value off the scale is never stored, however it was read; the reply goes to review.
            guard (1...5).contains(last.value) else {
                confidence = min(confidence, AnswerParser.doubtful)
                notes.append("\(scale.id): \(last.value) is not on the 1 to 5 scale")
                continue
            }
            out.scales[scale.id] = last.value
        }
        if !doubts.isEmpty {
            confidence = min(confidence, AnswerParser.doubtful)
            notes += doubts
        }
        let text = SignOffs.withoutGreetingAndSignOff(reflection.joined(separator: "\n\n"))
        out.reflection = text.isEmpty ? nil : text
        if out.reflection == nil { notes.append("no reflection") }
        out.confidence = max(0, min(1, confidence))
        out.notes = notes
        out.evidence = evidence
        return out
    }
}
