import Foundation

/// Recognises the line(s) mail clients put above a quoted original: "On … wrote:" in many
/// languages, Outlook's "From: / Sent: / To: / Subject:" block, "-----Original Message-----",
/// forwarded-message separators.
enum ReplyHeaders {
    /// Words that open an attribution line ("On Tue, 3 Mar …", "Am 03.03.2020 …", "Le mar. …").
    static let openers = [
        "on ", "am ", "le ", "el ", "il ", "op ", "em ", "den ", "på ", "w dniu ", "dne ", "в ", "στις ", "al ", "the ",
        "kl. ", "tarihinde ", "pada ", "vào ", "ngày ", "dana ", "dňa ",
    ]
    /// Verbs (and their endings) that close an attribution line.
    static let verbs = [
        "wrote:", "wrote :", "writes:", "schrieb:", "schrieb :", "a écrit :", "a écrit:", "a ecrit :", "escribió:", "escribio:",
        "escreveu:", "ha scritto:", "scrisse:", "schreef:", "napisał:", "napisal:", "pisze:", "skrev:", "kirjoitti:",
        "написал:", "написала:", "написал(а):", "írta:", "napsal:", "napísal:", "yazdı:", "wrote", "skrev följande:",
        "skrev følgende:", "schreef het volgende:", "ha escrito:", "a scris:", "έγραψε:", "kaka:", "menulis:", "viết:",
        "写道：", "寫道：", "写道:", "寫道:", "wrote：",
    ]
    /// Outlook header labels, "From:" first.
    static let fromLabels = [
        "from", "de", "von", "van", "da", "från", "fra", "od", "от", "lähettäjä", "feladó", "kimden", "afzender", "expéditeur",
        "remitente", "送信者", "发件人", "寄件者", "보낸 사람", "mittente", "frá",
    ]
    static let otherLabels = [
        "sent", "date", "to", "subject", "cc", "gesendet", "an", "betreff", "datum", "envoyé", "à", "objet", "date d'envoi",
        "enviado", "para", "asunto", "fecha", "verzonden", "aan", "onderwerp", "inviato", "a", "oggetto", "data", "skickat",
        "till", "ämne", "sendt", "til", "emne", "wysłano", "do", "temat", "отправлено", "кому", "тема", "lähetetty",
        "vastaanottaja", "aihe", "assunto", "gönderildi", "kime", "konu", "送信日時", "宛先", "件名", "发送时间", "收件人", "主题",
        "日期", "enviada", "elküldve", "címzett", "tárgy", "sent at", "sent on",
    ]
    static let separators = [
        "original message", "forwarded message", "ursprüngliche nachricht", "weitergeleitete nachricht", "message d'origine",
        "message transféré", "mensaje original", "mensaje reenviado", "messaggio originale", "messaggio inoltrato",
        "oorspronkelijk bericht", "doorgestuurd bericht", "originalmeddelande", "vidarebefordrat meddelande",
        "opprinnelig melding", "alkuperäinen viesti", "wiadomość oryginalna", "исходное сообщение", "пересылаемое сообщение",
        "mensagem original", "mensagem encaminhada", "původní zpráva", "eredeti üzenet", "original meddelelse",
        "reply message", "original mail",
    ]
    static let forwardIntros = [
        "begin forwarded message:", "anfang der weitergeleiteten nachricht:", "début du message réexpédié :",
        "début du message réexpédié:", "inicio del mensaje reenviado:", "inizio messaggio inoltrato:",
    ]

    /// Where a reply header starts if one starts at line `i` (the index may be `i`).
    static func headerStart(_ lines: [String], at i: Int) -> Int? {
        let line = lines[i].trimmingCharacters(in: .whitespaces)
        let lower = line.lowercased()
        if isSeparator(lower) { return i }
        if forwardIntros.contains(where: { lower.hasPrefix($0) }) { return i }
        if isAttribution(lines, at: i, lower: lower) { return i }
        if isOutlookBlock(lines, at: i) { return i }
        // An underscore rule directly above an Outlook block.
        if lower.count >= 10, lower.allSatisfy({ $0 == "_" }), i + 1 < lines.count {
            var j = i + 1
            while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces).isEmpty, j < i + 3 { j += 1 }
            if j < lines.count, isOutlookBlock(lines, at: j) || labelled(lines[j], fromLabels) { return i }
        }
        return nil
    }

    /// "-----Original Message-----" and friends.
    static func isSeparator(_ lower: String) -> Bool {
        guard lower.hasPrefix("--") || lower.hasPrefix("—") || lower.hasPrefix("==") || lower.hasPrefix("__")
                || lower.hasPrefix("*") || lower.hasPrefix("[") else { return false }
        let core = lower.trimmingCharacters(in: CharacterSet(charactersIn: "-—=_*[] "))
        return separators.contains(core)
    }

    /// "On … wrote:" on one line or wrapped over up to four.
    static func isAttribution(_ lines: [String], at i: Int, lower: String) -> Bool {
        if endsWithVerb(lower) && lower.count < 400 && !ReplyExtractor.isQuoted(lines[i]) {
            // A line ending in "wrote:" is an attribution when it names someone (an address,
            // a date or an opener word), not when a sentence happens to end that way.
            if openers.contains(where: { lower.hasPrefix($0) }) || lower.contains("@") || lower.contains("<")
                || lower.contains(where: \.isNumber) { return true }
        }
        guard openers.contains(where: { lower.hasPrefix($0) }), lower.count < 300 else { return false }
        var joined = lower
        var j = i + 1
        while j < lines.count, j <= i + 3 {
            let next = lines[j].trimmingCharacters(in: .whitespaces).lowercased()
            if next.isEmpty { break }
            joined += " " + next
            if endsWithVerb(joined) { return true }
            j += 1
        }
        return false
    }

    static func endsWithVerb(_ lower: String) -> Bool {
        guard lower.hasSuffix(":") || lower.hasSuffix("：") || lower.hasSuffix("wrote") else { return false }
        return verbs.contains { lower.hasSuffix($0) }
            // Gmail in some locales: "2020-03-03 10:00 GMT+01:00 Name <a@b.c>:"
            || (lower.hasSuffix(">:") && lower.contains("@") && lower.first?.isNumber == true)
    }

    /// Whether `line` starts with one of `labels` and a colon (Outlook bolds them: "*From:*").
    static func labelled(_ line: String, _ labels: [String]) -> Bool {
        var s = line.trimmingCharacters(in: .whitespaces).lowercased()
        if s.hasPrefix("*") { s.removeFirst() }
        guard let colon = s.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return false }
        let label = s[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: " *"))
        return labels.contains(label)
    }

    /// "From: …" followed within a few lines by another header label (Sent, To, Subject …).
    static func isOutlookBlock(_ lines: [String], at i: Int) -> Bool {
        guard labelled(lines[i], fromLabels) else { return false }
        var j = i + 1, seen = 0
        while j < lines.count, j <= i + 6 {
            let t = lines[j].trimmingCharacters(in: .whitespaces)
            if labelled(t, otherLabels) { seen += 1 }
            if seen >= 1 { return true }
            if t.isEmpty && j > i + 1 { break }
            j += 1
        }
        return false
    }
}

/// Signatures, "sent from my phone" lines and mailing-list footers.
enum Signatures {
    static let mobilePrefixes = [
        "sent from my ", "sent from mail for windows", "sent from outlook", "get outlook for ", "sent from yahoo mail",
        "sent via ", "sent using ", "sent from samsung", "sent from the all new aol", "sent from aol", "sent from gmail",
        "sent from proton", "sent with proton", "envoyé de mon ", "envoyé depuis ", "von meinem ", "gesendet von meinem ",
        "gesendet mit ", "enviado desde mi ", "enviado do meu ", "enviado de meu ", "inviato da ", "verzonden vanaf mijn ",
        "verstuurd vanaf mijn ", "skickat från min ", "sendt fra min ", "wysłane z ", "отправлено с ", "sent from my iphone",
        "sent from iphone", "sent from ipad", "sent from blackberry", "sent on the go", "sent from a mobile",
    ]
    static let footerPrefixes = [
        "you received this message because you are subscribed", "to unsubscribe from this group",
        "you are receiving this because", "reply to this email directly", "---\nyou received",
    ]

    static func isSignatureStart(_ lines: [String], at i: Int) -> Bool {
        let raw = lines[i]
        let t = raw.trimmingCharacters(in: .whitespaces)
        if raw == "-- " || raw == "--" || t == "--" || t == "-- " || t == "—" { return true }
        let lower = t.lowercased()
        if mobilePrefixes.contains(where: { lower.hasPrefix($0) }) { return true }
        if footerPrefixes.contains(where: { lower.hasPrefix($0) }) { return true }
        // A list footer rule: "_____" then "xyz mailing list".
        if t.count >= 20, t.allSatisfy({ $0 == "_" }), i + 1 < lines.count,
           lines[(i + 1)...].prefix(3).contains(where: { $0.lowercased().contains("mailing list") }) { return true }
        return false
    }

    static func isSignatureText(_ text: String) -> Bool {
        let lines = text.components(separatedBy: "\n")
        return !lines.isEmpty && isSignatureStart(lines, at: 0)
    }
}
