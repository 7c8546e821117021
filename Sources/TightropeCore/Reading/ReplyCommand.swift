import Foundation

/// A partner's command: STOP, PAUSE n weeks, RESUME.
package enum ReplyCommand: Equatable, Sendable, Codable {
    case stop
    case pause(weeks: Int)
    case resume

    /// The longest pause a reply may ask for; longer requests are capped.
    package static let maxPauseWeeks = 12

    /// The command a reply's new text clearly gives, or nil (see `CommandReader`).
    package static func parse(_ text: String) -> ReplyCommand? {
        if case .command(let c, _) = CommandReader.read(text, hasAnswers: false) { return c }
        return nil
    }
}

/// What a reply says about the check-ins themselves.
package enum CommandReading: Equatable, Sendable {
    /// A clear request, with the rule that read it.
    case command(ReplyCommand, rule: String)
    /// Something that may be a request, but a careful reader would ask first (a pause with no
    /// length, "maybe we should stop?", "stop sending these at 6am"): goes to review.
    case unclear(String)
}

/// Reads commands written the way people write them, in the languages partners write in:
/// "STOP", "Please unsubscribe me", "Bitte schicken Sie mir keine Check-ins mehr", "Could you
/// pause these for two weeks?", "2週間お休みさせてください", "We're back!". Quotation and negation
/// are respected: the footer's "reply with STOP" pasted into a reply, "he joked I should reply
/// STOP", "please don't stop these" and "stop smoking" are not commands. Pure.
package enum CommandReader {
    /// `hasAnswers`: the reply also answers the check-in; then only an explicit request counts
    /// (a pause with its length, "stop sending these"), never a word inside the reflection.
    /// `writtenAt`: when the reply was written, to turn "pause until 15 January" into weeks.
    /// The longest sentence read for a request.
    static let maxSentenceBytes = 2_000

    package static func read(_ text: String, hasAnswers: Bool, writtenAt: Date? = nil) -> CommandReading? {
        let lines = text.components(separatedBy: "\n").filter { !isFooterLine($0) }
        var split: [String] = []
        for s in lines.flatMap({ ReadingText.sentences(ReadingText.normalise($0).text) }) {
            // "bis zum 3. Januar": a day's ordinal dot does not end the sentence.
            if let last = split.last, last.hasSuffix("."), last.dropLast().last?.isNumber == true,
               let first = ReadingText.words(ReadingText.folded(s)).first, PauseDate.months[String(first)] != nil {
                split[split.count - 1] = last + " " + s
            } else {
                split.append(s)
            }
        }
        let sentences = split.prefix(16)
        let totalWords = sentences.reduce(0) { $0 + ReadingText.words($1).count }
        var unclear: String?
        // "STOP … sorry, ignore that": a request taken back is not applied; a careful reader asks.
        let retractions = sentences.filter { $0.utf8.count <= Self.maxSentenceBytes && Compiled.retractions.matches(" " + ReadingText.folded($0) + " ") }.map { " " + ReadingText.folded($0) + " " }
        for sentence in sentences {
            // A retraction that names another request ("Resume, please — I sent STOP by mistake") takes back that one, not this.
            let retracted = retractions.contains { r in
                !(Compiled.stopVerbs.matches(r) && !Compiled.stopVerbs.matches(" " + ReadingText.folded(sentence) + " "))
            }
            let f = " " + ReadingText.folded(sentence) + " "
            // A request is a short sentence. One of thousands of characters is not read for one (its
            // expressions would cost more than the rest of the reply); if it names one, a person looks.
            if f.utf8.count > Self.maxSentenceBytes {
                if ["stop", "pause", "unsubscribe", "resume"].contains(where: { f.has($0) }) {
                    unclear = unclear ?? "a very long sentence that may hold a request"
                }
                continue
            }
            switch readSentence(f, hasAnswers: hasAnswers, shortReply: totalWords <= 14, writtenAt: writtenAt) {
            case .some(.command(let c, let rule)): return retracted ? .unclear("a request taken back in the same reply") : .command(c, rule: rule)
            case .some(.unclear(let why)): unclear = unclear ?? why
            case nil: continue
            }
        }
        return unclear.map { .unclear($0) }
    }

    static func readSentence(_ f: String, hasAnswers: Bool, shortReply: Bool, writtenAt: Date? = nil) -> CommandReading? {
        let words = ReadingText.words(f).filter { !politeness.contains(String($0)) }
        let hedgedBefore = { (r: Range<String.Index>) -> Bool in  // only asked once a request is found
            // A doubt in the same clause, before the request ("maybe we should stop?"), not after it
            // ("let's stop for now, maybe in spring").
            let clause = f[..<r.lowerBound].split(whereSeparator: { ",;:".contains($0) }).last.map(String.init) ?? ""
            // "pause?" alone is a question; a polite request asked as one ("could you pause these for two
            // weeks?", "können wir die Check-ins bitte für drei Wochen pausieren?": verb-final) is a request.
            let sentence = f[..<r.lowerBound].split(whereSeparator: { ".!?\n".contains($0) }).last.map(String.init) ?? ""
            return Compiled.hedges.matches(clause)
                || Compiled.askedWord.matches(String(f[r.lowerBound...].prefix(14))) && !Compiled.politeRequest.matches(sentence)
        }
        // STOP: a request not to receive these any more.
        lazy var object = Compiled.objects.matches(f) || !hasAnswers && Compiled.receiving.matches(f)
        lazy var reschedule = Compiled.reschedule.matches(f)
        if let m = Compiled.stopNegative.first(in: f).flatMap({ r -> Range<String.Index>? in object ? r : nil })
            ?? Compiled.stopVerbs.first(in: f).flatMap({ r -> Range<String.Index>? in
            let before = String(f[..<r.lowerBound]).suffix(40)
            if isNegated(before) || isMention(before) { return nil }
            guard object || words.count <= 5 || (!hasAnswers && shortReply) else { return nil }
            if hasAnswers && !object { return nil }
            // "stop smoking", "aufhören zu rauchen": a verb about something else.
            if !object, words.count > 3, Compiled.otherActivity.matches(String(f[r.upperBound...])) {
                return nil
            }
            return r
        }) {
            if hedgedBefore(m) { return .unclear("a stop request with a doubt in it") }
            if Compiled.elsewhere.matches(f) { return .unclear("asks to use another address, not (clearly) to stop") }
            if reschedule { return .unclear("asks about timing, not (clearly) to stop") }
            return .command(.stop, rule: "a request to stop")
        }
        // PAUSE: a pause with its length, or an unclear one.
        if let r = Compiled.pause.first(in: f) {
            let hedged = hedgedBefore(r)
            let before = String(f[..<r.lowerBound]).suffix(30)
            if isNegated(before) || isMention(before) { return nil }
            let weeks = duration(f) ?? writtenAt.flatMap { PauseDate.weeks(in: f, from: $0) }
            if let weeks, !hedged {
                return .command(.pause(weeks: min(max(weeks, 1), ReplyCommand.maxPauseWeeks)), rule: "a pause with its length")
            }
            if hasAnswers && weeks == nil { return nil }  // "a pause, even a short one" in a reflection
            return .unclear(weeks == nil ? "a pause without a clear length" : "a pause with a doubt in it")
        }
        // RESUME.
        if !hasAnswers, let r = Compiled.resume.first(in: f) {
            let hedged = hedgedBefore(r)
            let before = String(f[..<r.lowerBound]).suffix(30)
            if isNegated(before) || isMention(before) { return nil }
            // "his resume": the noun.
            if Compiled.resumeNoun.matches(String(before)) { return nil }
            return hedged ? .unclear("a resume request with a doubt in it") : .command(.resume, rule: "a request to resume")
        }
        return nil
    }

    // MARK: Helpers

    static let politeness: Set<String> = ["please", "pls", "plz", "thanks", "thank", "you", "now", "bitte", "danke", "merci", "svp",
                                          "gracias", "por", "favor", "grazie", "dank", "graag", "prosze", "tack", "lutfen", "пожалуйста",
                                          "будь", "ласка", "s'il", "te", "vous", "plait", "בבקשה", "תודה"]

    static let hedges = [#"\bmaybe\b"#, #"\bperhaps\b"#, #"\bshould (we|i)\b"#, #"\bnot sure\b"#, #"\bvielleicht\b"#, #"\bsollten wir\b"#,
                         #"\bpeut-etre\b"#, #"\bquizas?\b"#, #"\btal vez\b"#, #"\btalvez\b"#, #"\bforse\b"#, #"\bmisschien\b"#,
                         #"\bmoze\b"#, #"\bkanske\b"#, #"\bbelki\b"#, #"\bможет быть\b"#, #"\bможливо\b"#, #"かもしれ"#, #"也许"#, #"或许"#,
                         #"\bi don'?t know if\b"#, #"\bthinking (about|of)\b"#, #"\bwondering\b"#, #"\bאולי\b"#, #"\bלא בטוח"#]

    static let negations = [#"\b(do not|don'?t|dont|never|not|no need to)\s+(\w+\s+){0,2}$"#, #"\bnicht\s+(\w+\s+){0,2}$"#,
                            #"\b(ne|n')\s*(\w+\s+){0,1}$"#, #"\bno\s+(\w+\s+){0,1}$"#, #"\bnao\s+(\w+\s+){0,1}$"#,
                            #"\bnon\s+(\w+\s+){0,1}$"#, #"\bniet\s+(\w+\s+){0,1}$"#, #"\bnie\s+(\w+\s+){0,1}$"#, #"\binte\s+$"#,
                            #"\bikke\s+$"#, #"\bне\s+(\w+\s+){0,1}$"#, #"\bні\s+$"#, #"\bwon'?t\s+$"#, #"\bkeep\s+(on\s+)?$"#,
                            #"\b(לא|אל)\s+(\w+\s+){0,1}$"#]
    static let mentions = [#"\b(reply|replying|replied|respond|responding|write|writing|type|typing|answer|answering|say|saying|said|says|joked|word|words|line)\b[^.]{0,20}$"#,
                           #"\b(antworten|antworte|schreiben|repondre|responder|rispondere|antwoorden|odpowiedz|svara|yanitla|ответить|відповісти)\b[^.]{0,15}$"#,
                           #"\b(השיבו|תשיבו|להשיב|ענו|לענות|כתבו|לכתוב|המילה|המילים)\b[^.]{0,15}$"#,
                           #"[\"“„«'‘]\s*$"#]

    static func isNegated(_ before: Substring) -> Bool { Compiled.negations.matches(String(before)) }
    static func isMention(_ before: Substring) -> Bool { Compiled.mentions.matches(String(before)) }

    /// The footer pasted into a reply ("To pause these check-ins, reply with PAUSE 2 weeks. To stop them, reply with STOP.").
    static func isFooterLine(_ line: String) -> Bool {
        let f = ReadingText.folded(line)
        return f.has("reply with") || f.has("reply resume") || f.has("to pause these check-ins") || f.has("to stop them")
            // The localized footers (Templates/locales/*/footer_text): their lines name the commands, never give them.
            || f.has("antworten sie mit") || f.has("auf englisch antworten") || f.contains("と返信してください") || f.contains("でも受け付けます")
            || f.has("ou en anglais") || f.has("il suffit de repondre") || f.has("vous pouvez repondre")
            || f.contains("כדי להשהות את השאלונים") || f.contains("כדי להתחיל שוב") || f.contains("כדי להפסיק אותם")
            || f.contains("אפשר להשיב גם באנגלית")
            || f.has("dan kunt u") || f.has("in het engels kan het ook") || f.has("pode responder") || f.has("em ingles")
            || f.has("puo rispondere") || f.has("in inglese") || f.has("du kan ocksa skriva pa engelska")
            || f.has("wystarczy odpowiedz o tresci") || f.has("en ingles, responder")
    }

    /// Weeks of a pause: "2 weeks", "two weeks", "une semaine", "a fortnight", "2週間", "两周".
    static func duration(_ f: String) -> Int? {
        if Compiled.fortnight.matches(f) { return 2 }
        if let r = f.range(of: #"([0-9一二三四五六七八九十两]{1,2})\s*(週間|週|周|个星期|個星期|星期)"#, options: .regularExpression) {
            let token = f[r].prefix { !"週周个個星".contains($0) }.trimmingCharacters(in: .whitespaces)
            return Int(token) ?? NumberWords.value(Substring(token))
        }
        let words = ReadingText.words(f).map { String($0) }
        for (i, w) in words.enumerated() where Lexicon.weekWords.contains(where: { w.hasPrefix($0) }) {
            // The number just before the unit ("two weeks", "2 Wochen", "dwa tygodnie"), or after it ("weeks: 2").
            for j in stride(from: i - 1, through: max(0, i - 2), by: -1) {
                // Hebrew fuses "for" to the number ("לשלושה שבועות", "ל-3 שבועות"); "שני" is "two" only before the unit.
                let word = words[j].hasPrefix("ל") && words[j].count > 2 ? String(words[j].dropFirst()) : words[j]
                if let n = Int(word) ?? NumberWords.value(Substring(word)) ?? (word == "שני" ? 2 : nil)
                    ?? (["a", "an", "one", "uma", "um"].contains(words[j]) ? 1 : nil) {
                    return n
                }
            }
            if i + 1 < words.count, let n = Int(words[i + 1]) { return n }
        }
        // "pause 3": a bare number right after the word.
        if let r = f.range(of: #"\bpause\s+(\d{1,2})\b"#, options: .regularExpression) {
            return Int(f[r].filter(\.isNumber))
        }
        return nil
    }

    /// Patterns folded like the text they run on (no diacritics: "присылайте" is matched as "присылаите").
    static func folded(_ patterns: [String]) -> [String] { patterns.map { ReadingText.folded($0) } }

    /// Each word list compiled once into one expression, folded like the text it runs on (no
    /// diacritics: "присылайте" is matched as "присылаите").
    enum Compiled {
        static let stopVerbs = PatternSet(Lexicon.stopVerbs)
        static let stopNegative = PatternSet(Lexicon.stopNegative)
        static let objects = PatternSet(Lexicon.sendingObjects)
        static let receiving = PatternSet(Lexicon.receiving)
        static let pause = PatternSet(Lexicon.pauseWords)
        static let resume = PatternSet(Lexicon.resumeWords)
        static let hedges = PatternSet(CommandReader.hedges)
        static let negations = PatternSet(CommandReader.negations)
        static let mentions = PatternSet(CommandReader.mentions)
        static let retractions = PatternSet([#"\bignore (that|this|the (stop|pause|last|above|previous))\b"#, #"\bdisregard\b"#,
                                             #"\bnever ?mind\b"#, #"\bscratch that\b"#, #"\bdidn'?t mean\b"#, #"\bby mistake\b"#,
                                             #"\bvergiss(t)? das\b"#, #"\bignorier"#, #"\boubliez?\b"#, #"\bignorez\b"#, #"\bolvida"#,
                                             #"\bignora\b"#, #"\bnegeer\b"#, #"\bzignoruj"#, #"\bglom det\b"#, #"\bboşver|\bbosver"#,
                                             #"\bзабудь"#, #"\bигнориру"#, #"無視して"#, #"忽略"#, #"\bpor error\b"#, #"\bpar erreur\b"#])
        static let elsewhere = PatternSet([#"\b(this|that|my old|the old) (e-?mail )?address\b"#, #"\b(another|other|new|different) (e-?mail )?address\b"#,
                                           #"\binstead\b"#, #"\bdiese adresse\b"#, #"\bcette adresse\b"#, #"\besta direcci"#])
        /// A request put politely as a question: a modal asking the reader to act, or "please".
        static let politeRequest = PatternSet([#"\b(could|can|would|will) (you|we)\b"#, #"\bplease\b"#, #"\bbitte\b"#,
                                               #"\b(konnen|konnten|kannst|wurden) (sie|wir|ihr|du)\b"#, #"\bpourriez-vous\b"#,
                                               #"\bpouvez-vous\b"#, #"\bs'il vous plait\b"#, #"\bpor favor\b"#, #"\balstublieft\b"#,
                                               #"\bkunnen (jullie|we|u)\b"#, #"^ ?kunnen de \w"#, #"\b(kunt|zou|zouden) (u|jullie)\b"#,
                                               #"\b(potete|potreste|puo|potrebbe)\b"#, #"\bper favore\b"#, #"\b(pueden|podrian|podria|puede)\b"#,
                                               #"\b(podem|poderiam|poderia|pode)\b"#, #"\bczy (mozna|mozecie|moglibyscie|moze)\b"#, #"\bprosze\b"#,
                                               #"\b(kan|skulle) ni\b"#, #"\btack\b"#, #"\bבבקשה\b"#, #"ください"#, #"いただけ"#])
        /// "stop?": the request is a question.
        static let askedWord = PatternSet([#"^[^\s]+\?"#])  // no upper-case escapes: patterns are folded
        /// "stop smoking", "aufhören zu rauchen", "arrêter de fumer": a verb about something else.
        static let otherActivity = PatternSet([#"^ ?\w+ing\b"#, #"^ ?zu \w+"#, #"^ ?de \w+er\b"#])
        /// "his resume": the noun.
        static let resumeNoun = PatternSet([#"\b(his|her|my|your|a|the|our|their)\s*$"#])
        static let fortnight = PatternSet([#"\bfortnight\b"#, #"\b(ל|ל-|ל־)?שבועיים\b"#])  // Hebrew's dual: two weeks
        static let reschedule = PatternSet([#"\b\d{1,2}(:\d\d)? ?(am|pm|h|uhr)\b"#, #"\bat \d"#, #"\b(in the )?(mornings?|evenings?)\b"#,
                                            #"\bearlier\b"#, #"\blater in\b"#, #"\bdifferent (time|day)\b"#])
    }

}

/// Alternative regular expressions compiled once as one.
struct PatternSet: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe
    let regex: NSRegularExpression

    init(_ patterns: [String]) {
        // Patterns are folded (lower-cased) like the text: an upper-case escape (\S, \W, \D, \B) would change meaning.
        assert(!patterns.contains { $0.range(of: #"\\[SWDB]"#, options: .regularExpression) != nil }, "upper-case escape in a folded pattern")
        let joined = patterns.map { "(?:" + ReadingText.folded($0) + ")" }.joined(separator: "|")
        // The patterns are the project's own constants; a bad one is a programming error caught by the tests.
        regex = try! NSRegularExpression(pattern: joined)
    }

    func first(in s: String) -> Range<String.Index>? {
        regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)).flatMap { Range($0.range, in: s) }
    }

    func matches(_ s: String) -> Bool { first(in: s) != nil }
}
