import Foundation
import TightropeCore

/// Short texts made from a message or a date, for confirmations, alerts and the digest.
extension InboundProcessor {
    /// "Re: <their subject>", so clients that thread by subject keep the conversation together.
    /// Control characters are dropped and the length bounded. A message without a subject gets
    /// "Re: <practice name>": words of no language, where an English fallback would be wrong for
    /// a partner who reads another.
    static func replySubject(_ subject: String?, practiceName: String) -> String {
        let clean = String((subject ?? "").unicodeScalars.filter { $0.properties.generalCategory != .control && $0 != "\u{7F}" }
            .map(Character.init)).trimmingCharacters(in: .whitespaces)
        let bounded = clean.count > 200 ? String(clean.prefix(200)) + "…" : clean
        if bounded.isEmpty { return "Re: " + practiceName }
        return bounded.lowercased().hasPrefix("re:") ? bounded : "Re: " + bounded
    }

    /// At most `limit` characters of a text, on one paragraph, cut at a word.
    static func excerpt(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        guard flat.count > limit else { return flat }
        let cut = flat.prefix(limit)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + " …"
    }

    /// A text kept with its lines, each indented by two spaces, at most `limit` characters.
    static func indented(_ text: String, limit: Int) -> String {
        let bounded = text.count > limit ? String(text.prefix(limit)) + " …" : text
        return bounded.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: "\n")
    }

    /// "15 December 2026" in the couple's time zone (ICU's long date in English, day first).
    static func dayLabel(_ date: Date, timeZoneID: String, language: String = "en") -> String {
        LocaleSupport.longDate(date, language: language == "en" ? "en-GB" : language, timeZoneID: timeZoneID)
    }
}
