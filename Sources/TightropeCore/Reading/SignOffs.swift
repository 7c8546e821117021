import Foundation

/// Greetings, sign-offs and signature blocks around a reflection, in the languages partners
/// write in: "Hi Robin," above, "Liebe Grüße / Zoë", "Groetjes", "Pozdrawiam", "よろしくお願いします",
/// a corporate signature and its legal disclaimer below. None of it is the partner's reflection.
package enum SignOffs {
    static let greetings = [
        "hi", "hello", "hey", "dear", "good morning", "good evening", "morning", "hallo", "hi robin", "liebe", "lieber", "guten morgen",
        "guten tag", "moin", "servus", "bonjour", "salut", "coucou", "bonsoir", "hola", "buenas", "buenos días", "buenos dias", "olá",
        "ola", "oi", "bom dia", "boa tarde", "ciao", "salve", "buongiorno", "buonasera", "hoi", "beste", "goedemorgen", "cześć",
        "czesc", "dzień dobry", "dzien dobry", "witam", "hej", "hejsan", "god morgon", "goddag", "merhaba", "selam", "günaydın",
        "привет", "здравствуйте", "добрый день", "вітаю", "привіт", "добрий день", "こんにちは", "こんばんは", "お疲れ様です", "你好", "您好",
        "ahoj", "dobrý den",
    ]

    /// Closing phrases (folded: lower case, no diacritics). A line that starts with one and is
    /// short ends the reflection.
    static let closings = [
        "regards", "best", "best wishes", "kind regards", "warm regards", "warmest", "many thanks", "thanks", "thank you", "thx",
        "cheers", "love", "lots of love", "with love", "xx", "xxx", "x", "take care", "speak soon", "talk soon", "all the best",
        "warmly", "yours", "see you", "have a good", "have a nice", "bye", "until next week",
        "viele grusse", "liebe grusse", "lg", "vg", "beste grusse", "herzliche grusse", "mit freundlichen grussen", "freundliche grusse",
        "mfg", "gruss", "grusse", "bis bald", "danke", "vielen dank", "tschuss", "alles liebe", "schone grusse", "bis nachste woche",
        "cordialement", "bien a vous", "bises", "bisous", "grosses bises", "amities", "a bientot", "merci", "bonne journee",
        "bonne semaine", "belle journee", "bien cordialement", "je t'embrasse",
        "saludos", "un saludo", "un abrazo", "abrazos", "besos", "un beso", "gracias", "hasta pronto", "atentamente", "cordialmente",
        "un fuerte abrazo", "muchas gracias", "nos vemos",
        "beijinhos", "beijos", "abracos", "um abraco", "obrigado", "obrigada", "atenciosamente", "cumprimentos", "ate logo",
        "ate breve", "um beijo",
        "ciao", "un abbraccio", "baci", "grazie", "saluti", "cordiali saluti", "a presto", "un bacio", "buona settimana",
        "groetjes", "groeten", "met vriendelijke groet", "vriendelijke groet", "hartelijke groet", "liefs", "dank je", "bedankt",
        "tot snel", "mvg", "hartelijke groeten", "fijne week",
        "pozdrawiam", "pozdrowienia", "buziaki", "dzieki", "dziekuje", "serdecznie", "z powazaniem", "caluje", "sciskam",
        "do uslyszenia", "milego tygodnia",
        "halsningar", "mvh", "med vanliga halsningar", "vanliga halsningar", "kram", "kramar", "tack", "hej da", "ha det bra",
        "med venlig hilsen", "venlig hilsen", "hilsen", "knus", "tak", "vennlig hilsen", "mange tak",
        "s pozdravem", "zdravim", "diky", "dekuji",
        "gorusmek uzere", "sevgiler", "saygilar", "saygilarimla", "tesekkurler", "selamlar", "iyi haftalar", "kendine iyi bak",
        "с уважением", "спасибо", "обнимаю", "целую", "всего доброго", "до связи", "пока", "всего хорошего",
        "з повагою", "дякую", "обiймаю", "обіймаю", "цiлую", "цілую", "до зв'язку", "бувай", "гарного тижня",
        "bonne soiree", "bonne soirée", "bonne nuit", "a plus", "abraco", "abraço", "abracos", "abraços", "sevgilerimle", "sevgiyle",
        "kaerlig hilsen", "kærlig hilsen", "de bedste hilsner", "mange hilsner", "hilsner", "knuser", "s laskou", "s láskou",
        "krepko obnimayu", "крепко обнимаю", "hugs", "big hug", "hugs and kisses", "un bacione", "bacioni", "dikke kus", "kusjes",
        "mejte se hezky", "mějte se hezky", "hezky den", "hezký den", "mej se", "měj se",
        "よろしくお願いします", "よろしくお願いいたします", "よろしく", "ありがとうございます", "ありがとう", "では", "それでは", "以上",
        "祝好", "谢谢", "此致", "敬礼", "顺祝商祺", "祝一切顺利", "保重", "多谢", "祝顺利",
    ]

    /// Words of a legal disclaimer or confidentiality notice, in many languages.
    static let disclaimerWords = [
        "confidential", "intended recipient", "intended solely", "privileged", "vertraulich", "empfänger", "confidentiel",
        "destinataire", "confidencial", "destinatario", "riservat", "vertrouwelijk", "geadresseerde", "poufn", "adresat",
        "konfidentiell", "mottagare", "fortrolig", "gizli", "alıcı", "конфиденциал", "адресат", "конфіденційн", "機密", "保密",
        "důvěrn", "sigilos", "this e-mail", "this email", "diese e-mail", "ce message", "este mensaje", "questa e-mail",
        "deze e-mail", "ta wiadomość", "detta e-postmeddelande", "bu e-posta", "это письмо", "цей лист",
    ]

    /// The reflection without a greeting line at the top or a sign-off and signature at the end.
    package static func withoutGreetingAndSignOff(_ text: String) -> String {
        // Placeholders for inline images ("[image: IMG_4471.jpg]") are not words of the partner's.
        var lines = text.components(separatedBy: "\n").filter { !isImagePlaceholder($0) }
        while let first = lines.first, first.isBlankText { lines.removeFirst() }
        if let first = lines.first, isGreeting(first) { lines.removeFirst() }
        // A legal disclaimer and everything after it, with the signature block right above it.
        if let d = lines.firstIndex(where: isDisclaimer), d > 0 {
            lines.removeLast(lines.count - d)
            while let last = lines.last, last.isBlankText { lines.removeLast() }
            if let blank = lines.lastIndex(where: { $0.isBlankText }), lines.count - blank - 1 <= 4,
               lines[(blank + 1)...].allSatisfy({ isSignatureLine($0) && ReadingText.words($0).count <= 6 }) {
                lines.removeLast(lines.count - blank)
            }
        }
        while let last = lines.last, last.isBlankText { lines.removeLast() }
        // A closing line in the last lines, followed only by a few short lines (name, title,
        // company, phone): cut from it. Searched from the end so prose above stays.
        let window = max(0, lines.count - 8)
        for i in stride(from: lines.count - 1, through: window, by: -1) where isClosing(lines[i]) {
            let after = lines[(i + 1)...].filter { !$0.isBlankText }
            if after.count <= 6, after.allSatisfy({ isSignatureLine($0) }) {
                lines.removeLast(lines.count - i)
                break
            }
        }
        // "Closing,\nName" in any language: a short line ending with a comma or "!" and a name under it.
        if lines.count >= 3 {
            let n = lines.count
            let closing = lines[n - 2].trimmingCharacters(in: .whitespaces), name = lines[n - 1].trimmingCharacters(in: .whitespaces)
            let above = lines[..<(n - 2)]
            if ReadingText.words(closing).count <= 4, closing.hasSuffix(",") || closing.hasSuffix("!") || closing.hasSuffix("，"),
               isName(name), above.contains(where: { !$0.isBlankText }), above.last.map({ $0.isBlankText }) == true {
                lines.removeLast(2)
            }
        }
        // A signature block without a closing: a last paragraph of short lines with contact details.
        if let blank = lines.lastIndex(where: { $0.isBlankText }), blank > 0 {
            let block = lines[(blank + 1)...]
            if !block.isEmpty, block.count <= 6, block.allSatisfy({ isSignatureLine($0) }),
               block.contains(where: { hasContactDetail($0) }) {
                lines.removeLast(lines.count - blank)
            }
        }
        while let last = lines.last, last.isBlankText { lines.removeLast() }
        // "M x", "J xx": an initial and kisses.
        if let last = lines.last, lines.count >= 2, isInitialAndKisses(last) { lines.removeLast() }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A signature name: one to three capitalised words, or a short CJK name, no punctuation.
    static func isName(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard !words.isEmpty, words.count <= 3, !line.contains(where: { ".,!?:;@0123456789".contains($0) }) else { return false }
        if line.allSatisfy({ ReadingText.isCJK($0) || $0 == " " }) { return line.count <= 5 }
        return words.allSatisfy { $0.first?.isUppercase == true }
    }

    static func isImagePlaceholder(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces).lowercased()
        return t.hasPrefix("[image:") || t.hasPrefix("[cid:") || t.hasPrefix("[bild:") || t.hasPrefix("[imagen:") || t.hasPrefix("[inline image")
    }

    static func isInitialAndKisses(_ line: String) -> Bool {
        let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard !parts.isEmpty, parts.count <= 3 else { return false }
        let kisses = parts.filter { $0.lowercased().allSatisfy { $0 == "x" } }
        let initials = parts.filter { $0.count <= 2 && $0.first?.isUppercase == true && $0.dropFirst().allSatisfy { $0 == "." } }
        return !kisses.isEmpty && kisses.count + initials.count == parts.count
    }

    static func isGreeting(_ line: String) -> Bool {
        let lower = line.lowercased().trimmingCharacters(in: .whitespaces)
        let words = ReadingText.words(lower)
        guard !words.isEmpty, words.count <= 5 else { return false }
        guard lower.hasSuffix(",") || lower.hasSuffix("!") || lower.hasSuffix("、") || lower.hasSuffix("，") || words.count <= 2 else {
            return false
        }
        return greetings.contains { g in lower.hasPrefix(g) && (lower.count == g.count || !lower[lower.index(lower.startIndex, offsetBy: g.count)].isLetter) }
    }

    /// Built once: a CharacterSet made on every call leaks in Foundation on Linux (found by fuzzing).
    static let closingPunctuation = CharacterSet(charactersIn: ",.!~-–—、。！:;♥❤️😊🙂 ")

    /// A short line that opens a sign-off ("Liebe Grüße", "Thanks for reading all that", "祝好").
    static func isClosing(_ line: String) -> Bool {
        let f = ReadingText.folded(line).trimmingCharacters(in: .whitespaces)
            .trimmingCharacters(in: closingPunctuation)
        guard !f.isEmpty, f.count <= 60 else { return false }
        let words = ReadingText.words(f)
        guard words.count <= 8 else { return false }
        return foldedClosings.contains { fc in
            guard f.hasPrefix(fc) else { return false }
            if f.count == fc.count { return true }
            let next = f[f.index(f.startIndex, offsetBy: fc.count)]
            return !next.isLetter || fc.unicodeScalars.first.map { ReadingText.isCJK(Character($0)) } == true
        }
    }

    /// A line that fits in a signature: short, or contact details.
    static func isSignatureLine(_ line: String) -> Bool {
        let words = ReadingText.words(line)
        return words.count <= 8 && !line.hasSuffix("?") || hasContactDetail(line) || isDisclaimer(line)
    }

    static let contact = PatternSet([#"(\+|\b0)\d[\d ()./-]{6,}\d"#, #"\b(tel|phone|mobile|mob|fax|t|m)[.:]"#])
    /// The closings folded once.
    static let foldedClosings = closings.map { ReadingText.folded($0) }

    static func hasContactDetail(_ line: String) -> Bool {
        let l = line.lowercased()
        if l.has("@") || l.has("http") || l.has("www.") || l.has(".example") || l.has(" | ") { return true }
        return contact.matches(l)
    }

    static func isDisclaimer(_ line: String) -> Bool {
        let l = line.lowercased()
        guard ReadingText.words(l).count >= 6 else { return false }
        return disclaimerWords.contains { l.has($0) } && (l.has("confiden") || l.has("vertrau") || l.has("recipient")
            || l.has("empfänger") || l.has("destinat") || l.has("riservat") || l.has("poufn") || l.has("gizli")
            || l.has("конфиден") || l.has("機密") || l.has("保密") || l.has("adresat") || l.has("mottagare")
            || l.has("fortrolig") || l.has("геадрес") || l.has("geadresseerde") || l.has("sigilo")
            || l.has("конфіден") || l.has("důvěr"))
    }
}
