import Foundation
import TightropeCore

/// The words of a therapist's mail that the code puts together — the digest's status lines,
/// summaries and signals, the confirmation of a digest reply, the safety screen's concept names,
/// the review queue's reasons — in the therapist's language: `Templates/therapist_texts.toml`
/// (English) and `Templates/locales/<tag>/therapist_texts.toml`.
///
/// Every language has every key of `Key` with the English text's placeholders (`{name}`), a
/// title for every concept of the safety screen, and a translation of every review reason (the
/// English reasons are what the store keeps; `TherapistTextsTests` finds each one the code can
/// write and checks it is translated). A missing text is an error when the file is loaded or a
/// test runs, never English in a German digest.
package struct TherapistTexts: Sendable {
    package enum Key: String, CaseIterable, Sendable {
        // The digest.
        case period, unknownCouple, unverifiedSender, alertTextElsewhere, note, chartRow, scaleConnection, scaleRoom
        case summary, trendRising, trendFalling, trendSteady, trendUnknown, leansRoom, leansTogether, balanced
        case quotedInLanguage, signalDiverging, signalBothDeclining, signalPartnerSilent
        case bouncedCheckIn, bouncedReminder, bouncedOther, refusedCheckIn, refusedReminder, refusedOther
        case statusActive, statusPaused, statusPausedUntil, statusEnded, nextTheme
        case partnerStopped, partnerPaused, partnerPausedUntil, noConsent, addressFailing, partnersJoined, weekShort, summaryWeek
        case measureHeader, measureLine, measureNone, measureScore, measureUp, measureDown, measureUnchanged, measureBelow, measurePartial
        // Alerts.
        case weekOf, automaticReply, unverifiedFrom, unknownAddress
        // The confirmation of a reply to the digest: what was done, and why a line was not.
        case echoAccepted, echoAcceptedCouple, echoAcceptedValues, echoRejected, echoSeen, echoTheme, echoSharingOn, echoSharingOff
        case echoPausedUntil, echoPausedOpen, echoResumed, echoNoteKept, echoUndone, echoAppliedForPartner
        case refuseNotUnderstood, refuseNoCouple, refuseCoupleEnded, refuseSettledEarlier, refuseNoReview, refuseReviewState
        case refuseUndoWithOthers, refuseNoAlert, refuseAlertSeen, refuseNoTheme, refuseNotPaused, refuseNoteTooLong
        case refuseUndoAlone, refuseNothingToUndo, refuseDatabase, refuseValueCount, refuseCheckInGone, refuseMessageGone
        case refuseFailedReply, refuseWhoseReply, refusePurged, refuseUnreadable, refuseCommandValues
        // A reason the store keeps in English that no translation matches (an older wording).
        case reasonInEnglish
    }

    /// One review reason: the English wording (placeholders `{x}` match any text) and its translation.
    struct Reason: Sendable {
        let english: String
        let local: String
        let names: [String]
        let pattern: NSRegularExpression

        init(english: String, local: String) throws {
            self.english = english
            self.local = local
            var regex = "^", names: [String] = []
            var rest = english[...]
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                regex += NSRegularExpression.escapedPattern(for: String(rest[..<open])) + "(.+?)"
                names.append(String(rest[rest.index(after: open)..<close]))
                rest = rest[rest.index(after: close)...]
            }
            self.names = names
            self.pattern = try NSRegularExpression(pattern: regex + NSRegularExpression.escapedPattern(for: String(rest)) + "$",
                                                   options: [.dotMatchesLineSeparators])
        }
    }

    /// Counted words, each in every plural form its language has (CLDR categories, chosen by
    /// ICU's plural rules): "1 safety alert", "2 safety alerts"; Polish one, few, many, other.
    package enum Plural: String, CaseIterable, Sendable {
        case alerts, days, hours, changes
    }

    package let language: String
    let texts: [String: String]
    let plurals: [String: [String: String]]
    let concepts: [String: String]
    let reasons: [Reason]

    /// A text with its placeholders filled in.
    package func callAsFunction(_ key: Key, _ values: [String: String] = [:]) -> String {
        Self.fill(texts[key.rawValue] ?? key.rawValue, values)
    }

    /// `n` with its counted word in the form the language's plural rules choose for it.
    package func count(_ plural: Plural, _ n: Int) -> String {
        let forms = plurals[plural.rawValue] ?? [:]
        let form = forms[LocaleSupport.pluralCategory(n, language: language)] ?? forms["other"] ?? "{n}"
        return Self.fill(form, ["n": String(n)])
    }

    /// A concept of the safety screen by its id; English titles come from the lexicon.
    package func concept(_ id: String, english: String?) -> String {
        concepts[id] ?? english ?? id
    }

    /// A review reason as kept in the store (English), in this language. One whose wording no
    /// translation knows is shown quoted and labelled as English, never passed off as a translation.
    package func reason(_ english: String) -> String {
        guard language != "en" else { return english }
        if let local = translated(english) { return local }
        return self(.reasonInEnglish, ["reason": english])
    }

    /// The translation of a review reason, nil when none matches.
    func translated(_ english: String) -> String? {
        let range = NSRange(english.startIndex..., in: english)
        for r in reasons {
            guard let m = r.pattern.firstMatch(in: english, range: range) else { continue }
            var values: [String: String] = [:]
            for (i, name) in r.names.enumerated() {
                guard let span = Range(m.range(at: i + 1), in: english) else { continue }
                let value = String(english[span])
                // A reason inside a reason ("held for review ({reason})") is translated too.
                values[name] = name == "reason" ? (translated(value) ?? value) : value
            }
            return Self.fill(r.local, values)
        }
        return nil
    }

    static func fill(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("{") else { return text }
        var out = text
        for (name, value) in values { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
        return out
    }

    /// The placeholders of a text (`{name}`), in order.
    static func placeholders(_ text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Reads one language's file. `english` (nil when reading English itself) is what it must
    /// match: every key, with the same placeholders.
    package static func load(path: String, language: String, english: TherapistTexts?) throws(TOMLFileError) -> TherapistTexts {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TOMLFileError(file: path, key: "", reason: "cannot be read as UTF-8 text")
        }
        return try parse(text, file: path, language: language, english: english)
    }

    package static func parse(_ text: String, file: String, language: String, english: TherapistTexts?) throws(TOMLFileError) -> TherapistTexts {
        let root = try TOMLTableReader.parse(text, file: file)
        let table = try root.table("texts")
        var texts: [String: String] = [:]
        for key in Key.allCases {
            let value = try table.string(key.rawValue)
            if let english, let model = english.texts[key.rawValue],
               Set(placeholders(value)) != Set(placeholders(model)) {
                throw table.fail(key.rawValue, "must have the placeholders of the English text (\(placeholders(model).map { "{\($0)}" }.joined(separator: " ")))")
            }
            texts[key.rawValue] = value
        }
        try table.finish()
        // Every counted word in every plural form the language has (ICU says which), each with {n}.
        let pluralTable = try root.table("plurals")
        var plurals: [String: [String: String]] = [:]
        let needed = LocaleSupport.pluralCategories(language: language).union(["other"])
        for plural in Plural.allCases {
            let forms = try pluralTable.table(plural.rawValue)
            var found: [String: String] = [:]
            for category in forms.keys.sorted() {
                guard ["zero", "one", "two", "few", "many", "other"].contains(category) else {
                    throw forms.fail(category, "is not a plural category (zero, one, two, few, many, other)")
                }
                let form = try forms.string(category)
                guard placeholders(form) == ["n"] else { throw forms.fail(category, "must hold {n} once, and no other placeholder") }
                found[category] = form
            }
            if let missing = needed.subtracting(found.keys).sorted().first {
                throw forms.fail(missing, "is missing: the language's plural rules use it")
            }
            try forms.finish()
            plurals[plural.rawValue] = found
        }
        try pluralTable.finish()
        var concepts: [String: String] = [:]
        if let c = try root.optionalTable("concepts") {
            for key in c.keys { concepts[key] = try c.string(key) }
            try c.finish()
        }
        var reasons: [Reason] = []
        for r in try root.tables("reasons") {
            let en = try r.string("en"), local = try r.string("text")
            guard Set(placeholders(en)) == Set(placeholders(local)) else {
                throw r.fail("text", "must have the placeholders of its English reason (\(placeholders(en).map { "{\($0)}" }.joined(separator: " ")))")
            }
            do { reasons.append(try Reason(english: en, local: local)) } catch { throw r.fail("en", "cannot be matched") }
            try r.finish()
        }
        try root.finish()
        return TherapistTexts(language: language, texts: texts, plurals: plurals, concepts: concepts, reasons: reasons)
    }
}
