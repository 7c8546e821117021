/// Scores the safety screen on a labelled set: one case a line,
/// `label<TAB>category<TAB>language<TAB>text` with label `risk` or `safe` (blank lines, lines
/// starting with `#` and a `label…` header are skipped). Recall is the share of risk texts that
/// raise any flag; the false-alert rate the share of safe texts that do.
package struct SafetyEvaluation: Sendable {
    /// One labelled text.
    package struct Case: Sendable, Hashable {
        package var isRisk: Bool
        package var category: String
        package var language: String
        package var text: String
        /// "file:line", to find it again.
        package var source: String

        package init(isRisk: Bool, category: String, language: String, text: String, source: String) {
            self.isRisk = isRisk
            self.category = category
            self.language = language
            self.text = text
            self.source = source
        }
    }

    /// Counts for one slice of the set.
    package struct Score: Sendable, Equatable {
        package var risk = 0, caught = 0, safe = 0, alerts = 0
        package var recall: Double { risk == 0 ? 1 : Double(caught) / Double(risk) }
        package var falseAlertRate: Double { safe == 0 ? 0 : Double(alerts) / Double(safe) }

        mutating func add(_ isRisk: Bool, flagged: Bool) {
            if isRisk {
                risk += 1
                if flagged { caught += 1 }
            } else {
                safe += 1
                if flagged { alerts += 1 }
            }
        }
    }

    package var overall = Score()
    package var byCategory: [String: Score] = [:]
    package var byLanguage: [String: Score] = [:]
    /// Risk cases that raised no flag.
    package var misses: [Case] = []
    /// Safe cases that raised a flag, with the concepts they raised.
    package var falseAlerts: [(Case, [String])] = []

    /// Reads cases from the text of one file; a malformed line is a defect (by line number).
    package static func parse(_ text: String, source: String) -> (cases: [Case], defects: [String]) {
        var cases: [Case] = []
        var defects: [String] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            if i == 0 && fields.first == "label" { continue }
            guard fields.count == 4, fields[0] == "risk" || fields[0] == "safe", !fields[3].isEmpty else {
                defects.append("\(source):\(i + 1): not label<TAB>category<TAB>language<TAB>text with label risk or safe")
                continue
            }
            cases.append(Case(isRisk: fields[0] == "risk", category: fields[1], language: fields[2], text: fields[3],
                              source: "\(source):\(i + 1)"))
        }
        return (cases, defects)
    }

    /// Screens every case with `lexicon` and counts.
    package init(cases: [Case], lexicon: SafetyLexicon) {
        for c in cases {
            let flags = SafetyScreen.screen(c.text, lexicon: lexicon)
            let flagged = !flags.isEmpty
            overall.add(c.isRisk, flagged: flagged)
            byCategory[c.category, default: Score()].add(c.isRisk, flagged: flagged)
            byLanguage[c.language, default: Score()].add(c.isRisk, flagged: flagged)
            if c.isRisk && !flagged { misses.append(c) }
            if !c.isRisk && flagged { falseAlerts.append((c, flags.map(\.category))) }
        }
    }

    /// A plain-text table: overall, per category, per language.
    package var table: String {
        var lines = ["slice                           risk  caught  recall    safe  alerts  false-alert"]
        func row(_ name: String, _ s: Score) -> String {
            let recall = s.risk == 0 ? "     -" : percent(s.recall)
            let fa = s.safe == 0 ? "     -" : percent(s.falseAlertRate)
            return pad(name, 30) + lpad(String(s.risk), 6) + lpad(String(s.caught), 8) + lpad(recall, 8) + lpad(String(s.safe), 8)
                + lpad(String(s.alerts), 8) + lpad(fa, 13)
        }
        lines.append(row("overall", overall))
        for (k, v) in byCategory.sorted(by: { $0.key < $1.key }) { lines.append(row("category " + k, v)) }
        for (k, v) in byLanguage.sorted(by: { $0.key < $1.key }) { lines.append(row("language " + k, v)) }
        return lines.joined(separator: "\n")
    }

    private func percent(_ x: Double) -> String {
        let tenths = Int((x * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
