import Foundation

/// "Pause until 15 January", "bis zum 3. März", "jusqu'au 2 février 2027", "until 2027-01-15":
/// a pause whose end is a clear calendar day becomes a pause of whole weeks from the day the
/// reply was written. A month alone ("until January") or an ambiguous numeric date ("1/2") is
/// not clear: the reply goes to review.
enum PauseDate {
    /// Words for "until" in the languages partners write in (folded).
    static let untilWords = ["until", "till", "til", "bis", "jusqu", "hasta", "ate", "fino", "tot", "do", "till", "kadar", "до",
                             "まで", "到", "直到"]

    /// Month names of the reader's languages (folded, full and short), from the locale data.
    static let months: [String: Int] = {
        var out: [String: Int] = [:]
        for id in NumberWords.locales {
            let f = DateFormatter()
            f.locale = Locale(identifier: id)
            for symbols in [f.monthSymbols, f.shortMonthSymbols, f.standaloneMonthSymbols, f.shortStandaloneMonthSymbols] {
                for (i, name) in (symbols ?? []).enumerated() {
                    let key = ReadingText.folded(name).trimmingCharacters(in: CharacterSet(charactersIn: ". "))
                    // Short names of three letters or more only ("mai" and "may" are fine, "m" is not).
                    if key.count >= 3, out[key] == nil { out[key] = i + 1 }
                }
            }
        }
        return out
    }()

    /// Whole weeks from `reference` to the day named in the folded sentence, or nil.
    static func weeks(in f: String, from reference: Date) -> Int? {
        let words = ReadingText.words(f).map(String.init)
        let saysUntil = untilWords.contains { u in
            if u.unicodeScalars.first.map({ $0.value > 0x3000 }) == true { return f.contains(u) }  // まで, 到
            if u == "jusqu" { return words.contains { $0.hasPrefix(u) } }
            if u == "do" {  // Polish "do 15 stycznia", not English "do"
                return words.indices.contains { words[$0] == u && $0 + 1 < words.count && Int(words[$0 + 1]) != nil }
            }
            return words.contains(u)
        }
        guard saysUntil else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let now = calendar.dateComponents([.year, .month, .day], from: reference)
        var day: Int?, month: Int?, year: Int?
        if let r = f.range(of: #"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b"#, options: .regularExpression) {
            let parts = f[r].split(separator: "-").compactMap { Int($0) }
            (year, month, day) = (parts[0], parts[1], parts[2])
        } else if let r = f.range(of: #"\b(\d{1,2})\.(\d{1,2})\.(20\d\d)?"#, options: .regularExpression) {
            let parts = f[r].split(separator: ".").compactMap { Int($0) }
            (day, month) = (parts[0], parts[1])
            if parts.count > 2 { year = parts[2] }
        } else {
            // "15 january", "january 15", "le 2 fevrier 2027", "3. marz".
            for (i, w) in words.enumerated() {
                guard let m = months[w] else { continue }
                let before = i > 0 ? Int(words[i - 1]) : nil, after = i + 1 < words.count ? Int(words[i + 1]) : nil
                guard let d = before ?? after, (1...31).contains(d) else { continue }
                (day, month) = (d, m)
                for w2 in words[(i + 1)...].prefix(2) { if let y = Int(w2), (2000...2100).contains(y) { year = y } }
                break
            }
        }
        guard let d = day, let m = month, (1...12).contains(m), (1...31).contains(d) else { return nil }
        var components = DateComponents(year: year ?? now.year, month: m, day: d)
        guard var end = calendar.date(from: components) else { return nil }
        // A day already past this year is next year's.
        if year == nil, end < reference, let next = calendar.date(byAdding: .year, value: 1, to: end) { end = next }
        components = calendar.dateComponents([.day], from: calendar.startOfDay(for: reference), to: end)
        guard let days = components.day, days > 0 else { return nil }
        return Int((Double(days) / 7).rounded(.up))
    }
}
