/// What the practice's own mail server said about a message's sender (RFC 8601
/// `Authentication-Results`). Only the first field carrying the configured authserv-id counts:
/// a receiving server adds its own at the top and removes look-alikes from outside; any other
/// such field was written by whoever sent the message.
package struct AuthenticationResults: Sendable, Equatable {
    /// One `method=result` with the properties that tie it to a domain.
    package struct Result: Sendable, Equatable {
        package var method: String
        package var result: String
        /// `header.d` (DKIM), `smtp.mailfrom` (SPF, its domain), `header.from` (DMARC), lower case.
        package var domain: String?
    }

    package var results: [Result]

    /// The results of the practice's server, or nil when it added none. Read as RFC 8601 writes
    /// them: comments `( … )` (nested) are dropped, and a `;` or a space inside a quoted string
    /// (`smtp.mailfrom="x;dmarc=pass y"@…`, which a server may copy from the envelope) neither ends
    /// a result nor starts one.
    package static func of(_ message: MIMEMessage, authservID: String) -> AuthenticationResults? {
        for value in message.headers("Authentication-Results") {
            let parts = segments(value)
            let id = parts.first.map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? "" } ?? ""
            guard id.lowercased() == authservID.lowercased() else { continue }
            var results: [Result] = []
            for part in parts.dropFirst() {
                let words = part.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
                guard let first = words.first, let eq = first.firstIndex(of: "="), !first.contains("\u{1}"), !first.contains("\"") else { continue }
                var result = Result(method: String(first[..<eq]), result: String(first[first.index(after: eq)...]), domain: nil)
                for word in words.dropFirst() {
                    for key in ["header.d=", "smtp.mailfrom=", "header.from="] where word.hasPrefix(key) {
                        let v = word.dropFirst(key.count)
                        // A quoted value is never a domain we trust.
                        result.domain = v.contains("\"") || v.contains("\u{1}") ? nil : String(v.split(separator: "@").last ?? v)
                    }
                }
                results.append(result)
            }
            return AuthenticationResults(results: results)
        }
        return nil
    }

    /// The `;`-separated parts of a header value, comments removed and quoted strings kept whole
    /// (their spaces and semicolons replaced by U+0001, which no result or domain contains).
    static func segments(_ value: String) -> [String] {
        var parts: [String] = [], current = ""
        var depth = 0, quoted = false, escaped = false, commentEscaped = false
        for ch in value {
            if escaped { current.append(ch == " " || ch == ";" ? "\u{1}" : ch); escaped = false; continue }
            if quoted {
                if ch == "\\" { escaped = true } else if ch == "\"" { quoted = false; current.append(ch) }
                else { current.append(ch == " " || ch == "\t" || ch == ";" ? "\u{1}" : ch) }
                continue
            }
            if depth > 0 {
                if commentEscaped { commentEscaped = false } else if ch == "\\" { commentEscaped = true }
                else if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
                continue
            }
            switch ch {
            case "(": depth = 1; current.append(" ")
            case "\"": quoted = true; current.append(ch)
            case ";": parts.append(current); current = ""
            default: current.append(ch)
            }
        }
        parts.append(current)
        return parts
    }

    /// Whether a result for `method` is one of `values`.
    package func has(_ method: String, _ values: Set<String>) -> Bool {
        results.contains { $0.method == method && values.contains($0.result) }
    }

    /// An explicit failure (DMARC, DKIM or ARC fail, SPF fail or softfail).
    package var fails: Bool {
        has("dmarc", ["fail"]) || has("dkim", ["fail"]) || has("arc", ["fail"]) || has("spf", ["fail", "softfail"])
    }

    /// Whether the sender's domain (`fromDomain`) is verified: DMARC pass, or a DKIM signature or
    /// SPF pass for that domain or a parent of it (relaxed alignment, RFC 7489). `none`, `neutral`,
    /// `temperror` or no result at all is not a pass.
    /// Any explicit failure is not a pass, whatever else passed; a DMARC pass counts only for the
    /// From domain it names (`header.from`).
    package func verifies(fromDomain: String) -> Bool {
        let from = fromDomain.lowercased()
        if fails { return false }
        if results.contains(where: { $0.method == "dmarc" && $0.result == "pass" && $0.domain == from }) { return true }
        return results.contains { r in
            (r.method == "dkim" || r.method == "spf") && r.result == "pass"
                && r.domain.map { from == $0 || from.hasSuffix("." + $0) || $0.hasSuffix("." + from) } == true
        }
    }
}
