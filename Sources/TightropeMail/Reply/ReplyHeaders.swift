import Foundation
import TightropeCore
#if canImport(Glibc)
import Glibc
#endif

/// Recognises the line(s) mail clients put above a quoted original: "On … wrote:" in many
/// languages, Outlook's "From: / Sent: / To: / Subject:" block, "-----Original Message-----",
/// forwarded-message separators.
enum ReplyHeaders {
    /// Words that open an attribution line ("On Tue, 3 Mar …", "Am 03.03.2020 …", "Le mar. …").
    static let openers = [
        "on ", "am ", "le ", "el ", "il ", "op ", "em ", "den ", "på ", "w dniu ", "dne ", "в ", "στις ", "al ", "the ",
        "kl. ", "tarihinde ", "pada ", "vào ", "ngày ", "dana ", "dňa ",
    ]
    /// Outlook header labels, "From:" first.
    static let fromLabels = [
        "from", "de", "von", "van", "da", "från", "fra", "od", "от", "lähettäjä", "feladó", "kimden", "afzender", "expéditeur",
        "remitente", "送信者", "发件人", "寄件者", "보낸 사람", "mittente", "frá", "من", "message du", "from (sender)",
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
        "reply message", "original mail", "mail original", "message original", "oprindelig besked", "oprindelig meddelelse", "antwort nachricht",
        "videresendt meddelelse", "alkuperäinen viesti", "ursprungligt meddelande", "oorspronkelijk e-mailbericht",
        "original-nachricht", "originalnachricht", "mensaje original", "oryginalna wiadomość",
    ]
    static let forwardIntros = [
        "begin forwarded message:", "anfang der weitergeleiteten nachricht:", "début du message réexpédié :",
        "début du message réexpédié:", "inicio del mensaje reenviado:", "inizio messaggio inoltrato:",
    ]

    /// A reply header found in the text: its first line, the line after it, and, when it
    /// shares its first line with reply text, that text.
    struct Header {
        var start: Int
        var end: Int
        var prefix: String?
    }

    /// Lines cleaned (`clean`) and lower-cased once: the header checks look at each line
    /// from several starting points, and cleaning was their hot spot.
    struct Lines {
        let cleaned: [String]
        let lower: [String]
        var count: Int { cleaned.count }

        init(_ lines: [String]) {
            cleaned = lines.map(ReplyHeaders.clean)
            lower = cleaned.map { $0.lowercased() }
        }
    }

    /// The first reply header outside quoted text.
    static func firstHeader(_ lines: [String]) -> Header? {
        let prepared = Lines(lines)
        for i in lines.indices where !ReplyExtractor.isQuoted(lines[i]) {
            if let header = headerAt(prepared, at: i) { return header }
        }
        return nil
    }

    /// Characters that only steer display (bidi marks, zero-width spaces) and Markdown bold.
    static func clean(_ line: String) -> String {
        // Fast path: plain ASCII without Markdown bold needs only trimming.
        if line.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "*") }) {
            return line.trimmed
        }
        var out = String.UnicodeScalarView()
        for scalar in line.unicodeScalars where !(scalar.properties.generalCategory == .format) && scalar != "*" {
            out.append(scalar)
        }
        return String(out).trimmed
    }

    /// The reply header that starts at line `i`, if any.
    static func headerAt(_ lines: Lines, at i: Int) -> Header? {
        let line = lines.cleaned[i]
        guard !line.isEmpty else { return nil }
        let lower = lines.lower[i]
        if isSeparator(lower) || forwardIntros.contains(where: { lower.begins(with: $0) }) {
            return Header(start: i, end: i + 1)
        }
        // "---------- Původní e-mail ----------": a few words between rules of dashes, in any
        // language, with a header block (or an address) under it.
        if lower.hasPrefix("---"), lower.hasSuffix("---") {
            let core = lower.trimmingCharacters(in: dashesAndSpace)
            if core.utf8.count >= 4, core.utf8.count <= 60, core.split(separator: " ").count <= 4, core.contains(where: \.isLetter),
               let next = ((i + 1)..<min(lines.count, i + 3)).first(where: { !lines.cleaned[$0].isEmpty }),
               isLabelled(lines.cleaned[next], allLabels) || lines.lower[next].contains("@") {
                return Header(start: i, end: i + 1)
            }
        }
        if let split = sharedLineSplit(line, lower: lower) { return Header(start: i, end: i + 1, prefix: split) }
        if let end = attributionEnd(lines, at: i, lower: lower) { return Header(start: i, end: end) }
        if let end = labelBlockEnd(lines, at: i) { return Header(start: i, end: end) }
        // A header block squeezed onto one line by a webmail ("Temat: RE: … Nadawca: … Adresat:"):
        // a label at its start and two more labels in it.
        if isLabelled(line, allLabels), line.utf8.count < 600 {
            let inner = lower.split(separator: " ").filter { $0.hasSuffix(":") && allLabels.contains(String($0.dropLast())) }
            if inner.count >= 3 { return Header(start: i, end: i + 1) }
        }
        // An attribution without its colon directly above a header block ("Am … schrieb X" / "Von: …").
        if i + 1 < lines.count, lower.utf8.count < 400, hasDateOrAddress(lower), containsVerb(lower),
           let end = labelBlockEnd(lines, at: i + 1) {
            return Header(start: i, end: end)
        }
        // A rule (underscores, dashes, equals signs) directly above a header block.
        if lower.utf8.count >= 3, lower.allSatisfy({ $0 == "_" || $0 == "-" || $0 == "=" }) {
            var j = i + 1
            while j < lines.count, j <= i + 2, lines.cleaned[j].isEmpty { j += 1 }
            if j < lines.count, let end = labelBlockEnd(lines, at: j) ?? (isLabelled(lines.cleaned[j], fromLabelSet) ? j + 1 : nil) {
                return Header(start: i, end: end)
            }
        }
        return nil
    }

    /// Built once (a CharacterSet made on every call leaks in Foundation on Linux).
    static let dashesAndSpace = CharacterSet(charactersIn: "-— ")
    static let separatorPunctuation = CharacterSet(charactersIn: "-—=_[]> ")

    /// "-----Original Message-----", "---- John wrote ----" and friends.
    static func isSeparator(_ lower: String) -> Bool {
        guard let first = lower.first, "-—=_[".contains(first) else { return false }
        let core = lower.trimmingCharacters(in: separatorPunctuation)
        guard !core.isEmpty else { return false }
        if separators.contains(where: { core.hasPrefix($0) }) || MailClientStrings.separators.contains(where: { core.hasPrefix($0) }) {
            return true
        }
        // "---- On … wrote ----", "------On 12/29/1987 17:32 PM, Julius Caesar wrote-----"
        return lower.hasPrefix("--") && core.utf8.count < 400 && containsVerb(core)
    }

    static let verbWords = [
        "wrote", "writes", "schrieb", "schreef", "geschreven", "a écrit", "a ecrit", "escribió", "escribio", "escreveu",
        "ha scritto", "scrisse", "napisał", "napisal", "pisze", "skrev", "kirjoitti", "написал", "писал", "írta", "napsal",
        "napísal", "yazdı", "写道", "寫道", "كتب", "a scris", "έγραψε", "menulis", "viết", "sent:", "skriver", "napisana",
        "napisao", "napisala", "scrie", "écrit", "написав", "작성", "のメッセージ", "geschreven",
    ]

    static func containsVerb(_ lower: String) -> Bool {
        verbWords.contains { lower.has($0) } || endsLikeAttribution(lower)
            || MailClientStrings.attributionWords.contains { lower.has($0) }
    }

    /// Whether a line opens the way a client's attribution opens when the sender is not first
    /// ("Quoting …:", "引用 …：", "Alinti …", "在 <date>").
    static func opensLikeAttribution(_ lower: String) -> Bool {
        MailClientStrings.attributionOpeners.contains { lower.begins(with: $0) }
    }

    /// Whether a line ends the way a mail client's attribution ends ("… пишет:", "… さんは書きました:").
    static func endsLikeAttribution(_ lower: String) -> Bool {
        var t = Substring(lower)
        while let last = t.last, last == ":" || last == "：" || last == " " || last == "." { t = t.dropLast() }
        guard t.utf8.count >= 3 else { return false }
        return MailClientStrings.attributionEndings.contains { t.hasSuffix($0) }
    }

    /// Whether the text names a moment or a person: an address, a time or a year.
    static func hasDateOrAddress(_ lower: String) -> Bool {
        if lower.utf8.contains(64) { return true }
        let u = Array(lower.utf8)
        var digits = 0
        for (k, b) in u.enumerated() {
            if b >= 0x30 && b <= 0x39 {
                digits += 1
                if digits >= 4 { return true }  // a year
                if k + 2 < u.count, u[k + 1] == UInt8(ascii: ":") || u[k + 1] == UInt8(ascii: "."),
                   u[k + 2] >= 0x30 && u[k + 2] <= 0x39 { return true }  // a time
            } else {
                digits = 0
            }
        }
        return false
    }

    /// The end of an "On … wrote:" attribution starting at `i` (one line or wrapped over
    /// several, blank lines included), or nil.
    static func attributionEnd(_ lines: Lines, at i: Int, lower: String) -> Int? {
        guard lower.utf8.count < 800 else { return nil }
        if isAttribution(lower) { return i + 1 }
        // Wrapped: it must start like one (an opener word, or a date) and end within five lines.
        guard openers.contains(where: { lower.begins(with: $0) }) || lower.first?.isNumber == true || hasDateOrAddress(lower)
        else { return nil }
        var joined = lower
        var j = i + 1
        while j < lines.count, j <= i + 5 {
            var next = lines.lower[j]
            if next.hasPrefix(">") {
                // "> wrote:" may end a wrapped attribution; a longer quoted line never continues one.
                guard next.utf8.count < 20 else { return nil }
                next = String(next.dropFirst()).trimmed
            }
            // A blank line ends the paragraph: an attribution is wrapped, never split by a blank line
            // (else "3) my answer", a blank line and a two-line attribution read as one header).
            if next.isEmpty { return nil }
            // A later line that is an attribution by itself starts the header there, not here.
            if !next.isEmpty && isAttribution(next) && startsLikeAttribution(next) { return nil }
            if !next.isEmpty { joined += " " + next }
            if joined.utf8.count > 800 { return nil }
            if !next.isEmpty && isAttribution(joined) { return j + 1 }
            j += 1
        }
        return nil
    }

    static func startsLikeAttribution(_ lower: String) -> Bool {
        openers.contains { lower.begins(with: $0) } || lower.first?.isNumber == true
    }

    /// A complete attribution line: ends with a colon (or "wrote"), names a date or an
    /// address, and has a verb, an opener, or ends "<address>:".
    static func isAttribution(_ lower: String) -> Bool {
        var text = Substring(lower)
        while let last = text.last, last == "-" || last == " " { text = text.dropLast() }
        let endsLikeOne = text.hasSuffix(":") || text.hasSuffix("：") || text.hasSuffix("wrote") || text.hasSuffix("geschreven")
        if endsLikeOne && hasDateOrAddress(lower)
            && (text.hasSuffix(">:") || text.hasSuffix("]:") || openers.contains(where: { lower.begins(with: $0) })
                || containsVerb(lower)) {
            return true
        }
        // "2011/4/7 Name <address>" — a date, a name and an address, nothing else.
        if let first = lower.first, first.isNumber, lower.hasSuffix(">"), lower.contains("@"), lower.utf8.count < 300,
           lower.range(of: #"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}"#, options: .regularExpression) != nil {
            return true
        }
        return false
    }

    /// "reply text On Wed, … wrote:" — the attribution begins mid-line: the text before it.
    static func sharedLineSplit(_ line: String, lower: String) -> String? {
        guard lower.hasSuffix(":"), !startsLikeAttribution(lower), hasDateOrAddress(lower), containsVerb(lower),
              let range = lower.range(of: " on ") else { return nil }
        // "Name <address> wrote on 05.12.2026 18:00:": the whole line is the attribution, nothing of the reply.
        let before = String(lower[..<range.lowerBound])
        if before.contains("@") || verbWords.contains(where: { before.hasSuffix($0) }) { return nil }
        let offset = lower.distance(from: lower.startIndex, to: range.lowerBound)
        // "reply--- On …": the rule that ran into the attribution is not part of the reply.
        let prefix = String(String(line.prefix(offset)).trimmed.reversed().drop { $0 == "-" || $0 == "—" || $0 == "_" }.reversed()).trimmed
        return prefix.isEmpty ? nil : prefix
    }

    /// Whether `line` (cleaned) starts with one of `labels` and a colon.
    static func isLabelled(_ line: String, _ labels: Set<String>) -> Bool {
        // Byte scan for ":" or the fullwidth "：" (EF BC 9A) within the first 60 bytes.
        let u = line.utf8
        var end = u.startIndex, n = 0
        while end != u.endIndex, n < 60 {
            let b = u[end]
            if b == UInt8(ascii: ":") { break }
            if b == 0xEF, let next = u.index(end, offsetBy: 2, limitedBy: u.endIndex), next != u.endIndex,
               u[u.index(after: end)] == 0xBC, u[next] == 0x9A { break }
            end = u.index(after: end)
            n += 1
        }
        guard end != u.endIndex, n < 60, let label = String(u[..<end]) else { return false }
        return labels.contains(label.trimmed.lowercased())
    }

    /// A block of mail header lines ("From:", "Sent:", "To:", "Subject:" in any order and
    /// language): at least two labelled lines among the first three, one of them naming a
    /// sender or a date. Returns the line after the block.
    static func labelBlockEnd(_ lines: Lines, at i: Int) -> Int? {
        let first = lines.cleaned[i]
        guard isLabelled(first, allLabels) else { return nil }
        var labelled = 0, senderOrDate = false, j = i, end = i
        while j < lines.count, j < i + 10 {
            let t = lines.cleaned[j]
            if t.isEmpty {
                // Blank lines between labels (HTML turned into Markdown) keep the block going;
                // after two labels, anything else ends it.
                if labelled >= 2, !(j + 1 < lines.count && isLabelled(lines.cleaned[j + 1], allLabels)) { break }
                j += 1
                continue
            }
            if isLabelled(t, allLabels) {
                labelled += 1
                end = j + 1
                if isLabelled(t, fromLabelSet) || isLabelled(t, dateLabels) { senderOrDate = true }
            } else if labelled < 2 && j > i + 1 {
                return nil
            }
            j += 1
        }
        return labelled >= 2 && senderOrDate ? end : nil
    }

    static let fromLabelSet = Set(fromLabels).union(MailClientStrings.fromLabels)
    static let dateLabels: Set<String> = Set([
        "sent", "date", "gesendet", "datum", "envoyé", "date d'envoi", "enviado", "fecha", "verzonden", "inviato", "data",
        "skickat", "sendt", "wysłano", "отправлено", "lähetetty", "gönderildi", "送信日時", "发送时间", "日期", "enviada",
        "elküldve", "sent at", "sent on", "tarih", "dátum", "datum:", "تم الإرسال", "message du", "le",
    ]).union(MailClientStrings.dateLabels)
    static let allLabels: Set<String> = Set(fromLabels + otherLabels).union(dateLabels).union(["من", "إلى", "الموضوع", "تاريخ"])
        .union(MailClientStrings.fromLabels).union(MailClientStrings.dateLabels).union(MailClientStrings.otherLabels)
}

/// Signatures, "sent from my phone" lines and mailing-list footers.
enum Signatures {
    static let mobilePrefixes = [
        "sent from my ", "sent from mail for windows", "get outlook for ", "sent via ", "sent using ", "sent with ",
        "sent on the go", "von meinem ", "gesendet von meinem ", "gesendet mit ", "envoyé de mon ", "envoyé depuis ",
        "envoyé à partir de ", "enviado desde mi ", "enviado do meu ", "enviado de meu ", "enviado desde ", "inviato da ",
        "verzonden vanaf mijn ", "verstuurd vanaf mijn ", "verzonden met ", "skickat från min ", "sendt fra min ",
        "wysłane z ", "отправлено с ", "отправлено из ", "lähetetty ", "أُرسلت من", "ارسلت من", "gesendet von ",
    ]
    /// "Sent from …" in the phone and app forms: a short line of a "sent" word and a "from" word.
    static let sentWords = ["sent", "gesendet", "envoyé", "enviado", "inviato", "verzonden", "verstuurd", "skickat", "sendt"]
    static let fromWords = [" from ", " von ", " de ", " à partir de ", " desde ", " da ", " vanaf ", " från ", " fra ", " via "]
    static let footerPrefixes = [
        "you received this message because you are subscribed", "to unsubscribe from this group",
        "you are receiving this because", "reply to this email directly", "confidentiality notice",
        "the information contained in this communication", "the information contained in this e-mail",
        "the information contained in this email", "this email and any attachments", "this e-mail and any attachments",
        "this email has been checked for viruses", "this e-mail has been checked for viruses", "virus-free.", "virus-free ",
        "diese e-mail wurde von", "ce courrier électronique ne contient aucun virus", "este correo electrónico se ha revisado",
    ]

    /// Banners mail systems put on top of external mail ("CAUTION: This email originated …").
    static func isBannerLine(_ line: String) -> Bool {
        guard let first = line.utf8.first(where: { $0 != 32 && $0 != 9 }), "cCwWeE[".utf8.contains(first) else { return false }
        let lower = ReplyHeaders.clean(line).lowercased()
        return (lower.hasPrefix("caution:") || lower.hasPrefix("[external]") || lower.hasPrefix("external email:")
                || lower.hasPrefix("warning: this email originated"))
            && lower.contains("outside")
    }

    /// Devices and apps named in "sent from my phone" lines, in any language.
    static let devices = ["iphone", "ipad", "android", "outlook", "samsung", "galaxy", "blackberry", "typeapp", "huawei",
                          "yahoo mail", "aol", "mobile", "smartphone", "xiaomi", "pixel", "proton", "gmail", "airmail", "spark",
                          "blue mail", "bluemail", "mail for windows"]

    /// A standalone "Sent from my iPhone" line in any language: short, naming a device or app.
    static func isDeviceLine(_ line: String) -> Bool {
        guard line.utf8.count < 200 else { return false }
        let lower = ReplyHeaders.clean(line).lowercased()
        guard !lower.isEmpty, lower.utf8.count < 140, lower.count < 70, lower.split(separator: " ").count <= 9 else { return false }
        // A client's own default line ("Sent with Proton Mail secure email.", "iPhoneから送信", "发自我的iPhone", "发自网易邮箱大师").
        if let first = lower.utf8.first, deviceLinesByFirstByte[first]?.contains(where: { lower.begins(with: $0) }) == true
            || (lower.hasPrefix("发自") || lower.hasPrefix("發自") || lower.hasPrefix("来自")) && lower.count <= 24
            || localDeviceMarkers.contains(where: { lower.begins(with: $0) || lower.has($0) && devices.contains(where: { lower.has($0) }) })
            || mobilePrefixes.contains(where: { lower.begins(with: $0) }) && devices.contains(where: { lower.has($0) }) {
            return true
        }
        guard devices.contains(where: { lower.has($0) }) else { return false }
        // Not a sentence about a phone: no sentence punctuation.
        guard !lower.contains("?"), !lower.hasSuffix("."), !lower.contains(",") else { return false }
        if mobilePrefixes.contains(where: { lower.begins(with: $0) }) { return true }
        let markers = ["sent", "send", "gesendet", "envoy", "enviad", "inviat", "verzonden", "verstuurd", "vanuit", "skickat",
                       "sendt", "wysłan", "отправлен", "lähetetty", "küldve", "trimis", "odesláno", "poslano", "gönder",
                       "أرسلت", "أُرسلت", "from", "von", "vom", "de ", "da ", "obter", "get ", "para ", "für", "pour", "voor"]
        return markers.contains { lower.has($0) }
    }

    /// The clients' device lines by their first byte: a line is compared with the few that can match.
    static let deviceLinesByFirstByte: [UInt8: [String]] = Dictionary(grouping: MailClientStrings.deviceLines.filter { !$0.isEmpty },
                                                                        by: { $0.utf8.first! })

    /// "Sent from" in scripts and word orders the prefixes above do not cover.
    static let localDeviceMarkers = ["から送信", "より送信", "发自我的", "發自我的", "来自我的", "надіслано з", "відправлено з", "wysłano z",
                                     "wysłane z", "gönderildi", "'dan gönderildi", "odesláno z", "odesláno", "poslané z", "gesendet mit der", "verstuurd met", "skickat från",
                                     "sendt fra", "lähetetty", "envoyé de", "inviato da", "enviado de", "enviado desde"]

    static func isSignatureStart(_ lines: [String], at i: Int) -> Bool {
        let raw = lines[i]
        let t = ReplyHeaders.clean(raw)
        if raw == "-- " || raw == "--" || t == "--" || t == "—" { return true }
        // A long underscore rule with no header block under it: a signature or an earlier message follows.
        if t.utf8.count >= 15, t.utf8.allSatisfy({ $0 == UInt8(ascii: "_") }) { return true }
        // A drawn rule above a company signature ("━━━━━━━━", "════════", "********").
        if t.count >= 8, t.allSatisfy({ "━─═*~＝–".contains($0) }) { return true }
        // A dotted rule (". . . . ." or "**. . . . .**" in Markdown) above a company signature.
        if t.utf8.count >= 9, t.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || $0 == 32 }),
           t.utf8.filter({ $0 == UInt8(ascii: ".") }).count >= 5 { return true }
        let lower = t.lowercased()
        if lower.utf8.count < 90, sentWords.contains(where: { lower.begins(with: $0 + " ") }), !lower.utf8.contains(UInt8(ascii: ",")),
           fromWords.contains(where: { lower.has($0) }) {
            return true
        }
        if footerPrefixes.contains(where: { lower.begins(with: $0) }) { return true }
        if lower == "disclaimer" || lower == "disclaimer:", i + 1 < lines.count { return true }
        // A list footer: a rule, then "… mailing list" within three lines.
        if t.utf8.count >= 2, t.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }), i + 1 < lines.count,
           lines[(i + 1)...].prefix(3).contains(where: { $0.lowercased().has("mailing list") }) { return true }
        return false
    }

    static func isSignatureText(_ text: String) -> Bool {
        let lines = text.components(separatedBy: "\n")
        return !lines.isEmpty && isSignatureStart(lines, at: 0)
    }
}


extension String {
    /// Without leading and trailing spaces and tabs (native, much faster than Foundation's
    /// `trimmingCharacters(in:)` on the hot paths of parsing and reply extraction).
    var trimmed: String { trimming { $0 == 32 || $0 == 9 } }

    /// Without leading and trailing spaces, tabs, CR and LF.
    var trimmedLines: String { trimming { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 } }

    private func trimming(_ isSpace: (UInt8) -> Bool) -> String {
        let u = utf8
        guard let first = u.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !isSpace($0) }) ?? first
        return String(u[first...last]) ?? self
    }
}

extension StringProtocol {

    /// Whether the text holds nothing but spaces and tabs.
    var isBlank: Bool { utf8.allSatisfy { $0 == 32 || $0 == 9 } }
}

extension String {
    /// Byte-wise prefix test (the standard `hasPrefix` compares by Unicode canonical
    /// equivalence, which is far slower and not needed for these ASCII and NFC keywords).
    func begins(with prefix: String) -> Bool {
        utf8.starts(with: prefix.utf8)
    }
}
