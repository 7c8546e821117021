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

    /// The results of the practice's server, or nil when it added none.
    package static func of(_ message: MIMEMessage, authservID: String) -> AuthenticationResults? {
        for value in message.headers("Authentication-Results") {
            let parts = value.split(separator: ";", omittingEmptySubsequences: false)
            let id = parts.first.map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? "" } ?? ""
            guard id.lowercased() == authservID.lowercased() else { continue }
            var results: [Result] = []
            for part in parts.dropFirst() {
                let words = part.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
                guard let first = words.first, let eq = first.firstIndex(of: "=") else { continue }
                var result = Result(method: String(first[..<eq]), result: String(first[first.index(after: eq)...]), domain: nil)
                for word in words.dropFirst() {
                    for key in ["header.d=", "smtp.mailfrom=", "header.from="] where word.hasPrefix(key) {
                        let v = word.dropFirst(key.count)
                        result.domain = String(v.split(separator: "@").last ?? v)
                    }
                }
                results.append(result)
            }
            return AuthenticationResults(results: results)
        }
        return nil
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
    package func verifies(fromDomain: String) -> Bool {
        if has("dmarc", ["pass"]) { return true }
        let from = fromDomain.lowercased()
        return results.contains { r in
            (r.method == "dkim" || r.method == "spf") && r.result == "pass"
                && r.domain.map { from == $0 || from.hasSuffix("." + $0) || $0.hasSuffix("." + from) } == true
        }
    }
}
