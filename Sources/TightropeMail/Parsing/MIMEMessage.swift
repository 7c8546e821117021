import Foundation
import TightropeCore

/// A header field as it stood: the name, and the raw value with folds undone.
package struct HeaderField: Sendable {
    package let name: String
    package let rawValue: [UInt8]
}

/// A parsed `type/subtype; params` value (Content-Type, Content-Disposition).
package struct HeaderParameters: Sendable {
    package var value: String
    package var parameters: [String: String]

    /// Parses a structured value with RFC 2045 parameters and RFC 2231 extensions
    /// (`name*=charset'lang'%XX…`, `name*0=…`, `name*1*=…`), tolerant of stray spaces,
    /// missing quotes and trailing semicolons.
    package init(_ raw: String) {
        var parts: [Substring] = []
        var current = raw.startIndex, inQuotes = false, escaped = false
        for idx in raw.indices {
            let c = raw[idx]
            if escaped { escaped = false; continue }
            if c == "\\" && inQuotes { escaped = true; continue }
            if c == "\"" { inQuotes.toggle(); continue }
            if c == ";" && !inQuotes {
                parts.append(raw[current..<idx])
                current = raw.index(after: idx)
            }
        }
        parts.append(raw[current...])
        value = String(parts.first ?? "").trimmedLines.lowercased()
        var simple: [String: String] = [:]
        var extended: [String: [(Int, String, Bool)]] = [:]
        for part in parts.dropFirst() {
            guard let eq = part.firstIndex(of: "=") else { continue }
            var name = String(part[..<eq]).trimmedLines.lowercased()
            var v = String(part[part.index(after: eq)...]).trimmedLines
            if v.hasPrefix("\"") {
                v.removeFirst()
                if v.hasSuffix("\"") { v.removeLast() }
                v = v.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            guard !name.isEmpty else { continue }
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let section = Int(rest.filter { $0 != "*" }) ?? 0
                extended[base, default: []].append((section, v, encoded))
                name = base
            } else {
                simple[name] = v
            }
        }
        for (name, sections) in extended {
            let ordered = sections.sorted { $0.0 < $1.0 }
            var charset: String?
            var bytes: [UInt8] = []
            for (index, (_, text, encoded)) in ordered.enumerated() {
                var t = Substring(text)
                if index == 0 && encoded, let q1 = t.firstIndex(of: "'"),
                   let q2 = t[t.index(after: q1)...].firstIndex(of: "'") {
                    charset = String(t[..<q1])
                    t = t[t.index(after: q2)...]
                }
                bytes += encoded ? Self.percentDecode(t) : Array(t.utf8)
            }
            var ignored: [MIMEDefect] = []
            simple[name] = Charset.decode(bytes, label: charset ?? "utf-8", defects: &ignored)
        }
        parameters = simple
    }

    private static func percentDecode(_ s: Substring) -> [UInt8] {
        var out: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let v = UInt8(String(decoding: u[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return out
    }
}

/// One entity (part) of a parsed message.
package struct MIMEPart: Sendable {
    package var headers: [HeaderField]
    /// `type/subtype`, lower case.
    package var contentType: String
    package var parameters: [String: String]
    package var isAttachment: Bool
    package var transferEncoding: String
    /// The body's bytes in the message, still transfer-encoded.
    package var body: Range<Int>
    /// Indices of child parts in `MIMEMessage.parts`.
    package var children: [Int]

    package var mainType: Substring { contentType.prefix { $0 != "/" } }
    package var subType: Substring { contentType.drop { $0 != "/" }.dropFirst() }

    package func header(_ name: String) -> HeaderField? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// A message parsed tolerantly into its entity tree. Problems become `defects`; parsing
/// goes on. Limits bound the work a hostile message can cause.
package struct MIMEMessage: Sendable {
    package let bytes: [UInt8]
    package private(set) var parts: [MIMEPart] = []
    package private(set) var defects: [MIMEDefect] = []
    package let limits: ReadingLimits

    package init(_ bytes: [UInt8], limits: ReadingLimits = .standard) {
        self.limits = limits
        var bytes = bytes
        if bytes.count > limits.maxMessageBytes {
            bytes = Array(bytes.prefix(limits.maxMessageBytes))
            defects.append(.tooLarge(limit: limits.maxMessageBytes))
        }
        // Lines end in CRLF, LF, a bare CR (old Mac clients, some gateways) or a mix: bare CRs
        // become LFs, so every line-based step below sees the lines the writer saw.
        self.bytes = Self.withoutBareCR(bytes)
        var start = 0
        // A UTF-8 byte-order mark before the headers.
        if self.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        // A leading blank line (or several) before the headers: skip it rather than read
        // the whole message as body.
        while start < self.bytes.count, self.bytes[start] == 10 || self.bytes[start] == 13 { start += 1 }
        // An mbox "From " line.
        if self.bytes[start...].starts(with: Array("From ".utf8)) {
            start = lineEnd(after: start)
        }
        _ = parseEntity(start..<self.bytes.count, depth: 0, defaultType: "text/plain")
    }

    /// The root entity.
    package var root: MIMEPart { parts[0] }

    /// A header of the message, RFC 2047 decoded.
    package func header(_ name: String) -> String? {
        guard let field = root.header(name) else { return nil }
        var ignored: [MIMEDefect] = []
        return EncodedWords.decode(field.rawValue, defects: &ignored).trimmed
    }

    // MARK: Parsing

    /// The bytes with every CR not followed by LF turned into LF (one pass; a copy only when
    /// there is a bare CR).
    static func withoutBareCR(_ bytes: [UInt8]) -> [UInt8] {
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] == 13, i + 1 >= n || bytes[i + 1] != 10 { break }
            i += 1
        }
        guard i < n else { return bytes }
        var out = bytes
        while i < n {
            if out[i] == 13, i + 1 >= n || out[i + 1] != 10 { out[i] = 10 }
            i += 1
        }
        return out
    }

    private mutating func record(_ defect: MIMEDefect) {
        defects.record(defect, limit: limits.maxDefects)
    }

    private func lineEnd(after index: Int) -> Int {
        var i = index
        while i < bytes.count, bytes[i] != 10 { i += 1 }
        return min(i + 1, bytes.count)
    }

    /// Parses one entity; returns its index in `parts`.
    private mutating func parseEntity(_ range: Range<Int>, depth: Int, defaultType: String) -> Int {
        let (headers, bodyStart) = parseHeaders(range)
        var contentType = defaultType
        var parameters: [String: String] = [:]
        // The first Content-Type and Content-Transfer-Encoding count, as mail readers take them.
        for name in ["content-type", "content-transfer-encoding"] where headers.lazy.filter({ $0.name.lowercased() == name }).count > 1 {
            record(.duplicateHeader(name == "content-type" ? "Content-Type" : "Content-Transfer-Encoding"))
        }
        if let ct = headers.first(where: { $0.name.lowercased() == "content-type" }) {
            var ignored: [MIMEDefect] = []
            let parsed = HeaderParameters(EncodedWords.decode(ct.rawValue, defects: &ignored))
            if parsed.value.contains("/"), !parsed.value.contains(" ") {
                contentType = parsed.value
                parameters = parsed.parameters
            } else {
                parameters = parsed.parameters
            }
        }
        var isAttachment = false
        if let cd = headers.first(where: { $0.name.lowercased() == "content-disposition" }) {
            isAttachment = HeaderParameters(String(decoding: cd.rawValue, as: UTF8.self)).value == "attachment"
        }
        let cte = headers.first { $0.name.lowercased() == "content-transfer-encoding" }
            .map { String(decoding: $0.rawValue, as: UTF8.self).trimmed.lowercased() } ?? "7bit"
        let index = parts.count
        parts.append(MIMEPart(headers: headers, contentType: contentType, parameters: parameters, isAttachment: isAttachment,
                              transferEncoding: cte, body: bodyStart..<range.upperBound, children: []))
        guard contentType.hasPrefix("multipart/") else { return index }
        // `boundary=""` is not valid (RFC 2046: 1 to 70 characters), but readers split on bare "--"
        // lines then (Python's email does), and so does this parser, with a defect.
        if parameters["boundary"] == "" { record(.multipartWithoutBoundary) }
        guard let boundary = parameters["boundary"] else {
            // No parts can be found: the entity has no readable body (as Python's email sees it too).
            record(.multipartWithoutBoundary)
            return index
        }
        guard depth < limits.maxDepth else {
            record(.tooDeep(limit: limits.maxDepth))
            return index
        }
        let childDefault = contentType == "multipart/digest" ? "message/rfc822" : "text/plain"
        for childRange in splitMultipart(bodyStart..<range.upperBound, boundary: Array(boundary.utf8), maxParts: limits.maxParts) {
            guard parts.count < limits.maxParts else {
                record(.tooManyParts(limit: limits.maxParts))
                break
            }
            let child = parseEntity(childRange, depth: depth + 1, defaultType: childDefault)
            parts[index].children.append(child)
        }
        return index
    }

    /// Header fields (folds undone) and where the body starts.
    private mutating func parseHeaders(_ range: Range<Int>) -> ([HeaderField], Int) {
        var fields: [HeaderField] = []
        var i = range.lowerBound
        var currentName: String?
        var currentValue: [UInt8] = []
        var fieldCut = false
        func finish() {
            if let name = currentName { fields.append(HeaderField(name: name, rawValue: currentValue)) }
            currentName = nil
            currentValue = []
            fieldCut = false
        }
        func appendBounded(_ part: ArraySlice<UInt8>) {
            let room = limits.maxHeaderFieldBytes - currentValue.count
            if part.count <= room {
                currentValue += part
            } else {
                currentValue += part.prefix(max(0, room))
                if !fieldCut { record(.headerFieldTooLong(limit: limits.maxHeaderFieldBytes)) }
                fieldCut = true
            }
        }
        while i < range.upperBound {
            var e = i
            while e < range.upperBound, bytes[e] != 10 { e += 1 }
            var lineEnd = e
            if lineEnd > i, bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
            let next = min(e + 1, range.upperBound)
            if lineEnd == i {  // blank line: end of headers
                finish()
                return (fields, next)
            }
            let first = bytes[i]
            if (first == 32 || first == 9), currentName != nil {
                currentValue.append(32)
                var s = i
                while s < lineEnd, bytes[s] == 32 || bytes[s] == 9 { s += 1 }
                appendBounded(bytes[s..<lineEnd])
                i = next
                continue
            }
            // "Name: value" — the name is printable ASCII without spaces (spaces before the colon tolerated).
            var c = i
            while c < lineEnd, bytes[c] != UInt8(ascii: ":"), bytes[c] > 32, bytes[c] < 127 { c += 1 }
            var colon = c
            while colon < lineEnd, bytes[colon] == 32 || bytes[colon] == 9 { colon += 1 }
            guard c > i, colon < lineEnd, bytes[colon] == UInt8(ascii: ":") else {
                if (first == 32 || first == 9) && currentName == nil {
                    // A continuation line with nothing to continue (a stray indented first line).
                    record(.malformedHeaderLine)
                    i = next
                    continue
                }
                finish()
                if fields.isEmpty && i == range.lowerBound {
                    // Not a header at all: the entity has no headers and this is its body.
                    record(.missingHeaderBodySeparator)
                    return (fields, i)
                }
                if first == 32 || first == 9 {
                    i = next
                    continue
                }
                record(.missingHeaderBodySeparator)
                return (fields, i)
            }
            finish()
            guard fields.count < limits.maxHeaderFields else {
                if currentName == nil, !defects.contains(.tooManyHeaders(limit: limits.maxHeaderFields)) {
                    record(.tooManyHeaders(limit: limits.maxHeaderFields))
                }
                i = next
                continue
            }
            currentName = String(decoding: bytes[i..<c], as: UTF8.self)
            var v = colon + 1
            while v < lineEnd, bytes[v] == 32 || bytes[v] == 9 { v += 1 }
            currentValue = []
            appendBounded(bytes[v..<lineEnd])
            i = next
        }
        finish()
        return (fields, range.upperBound)
    }

    /// The ranges of the parts between `--boundary` delimiter lines.
    /// Stops after `maxParts + 1` parts: the caller records the limit, and no list of millions of
    /// empty parts is ever built.
    private mutating func splitMultipart(_ range: Range<Int>, boundary: [UInt8], maxParts: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var partStart: Int?
        var i = range.lowerBound
        var closed = false
        let dashes = UInt8(ascii: "-")
        while i < range.upperBound {
            var e = i
            while e < range.upperBound, bytes[e] != 10 { e += 1 }
            let next = min(e + 1, range.upperBound)
            if e - i >= boundary.count + 2, bytes[i] == dashes, bytes[i + 1] == dashes,
               bytes[(i + 2)..<(i + 2 + boundary.count)].elementsEqual(boundary) {
                var k = i + 2 + boundary.count
                let isClose = k + 1 < e + 1 && k + 1 <= range.upperBound - 1 && bytes[k] == dashes && k + 1 < range.upperBound
                    && bytes[k + 1] == dashes
                if isClose { k += 2 }
                var onlySpace = true
                var t = k
                while t < e { if bytes[t] != 32 && bytes[t] != 9 && bytes[t] != 13 { onlySpace = false; break }; t += 1 }
                if onlySpace {
                    if let start = partStart {
                        // The line break before the delimiter belongs to the delimiter.
                        var end = i
                        if end > start, bytes[end - 1] == 10 { end -= 1 }
                        if end > start, bytes[end - 1] == 13 { end -= 1 }
                        result.append(start..<max(start, end))
                        if result.count > maxParts { return result }
                    }
                    if isClose {
                        closed = true
                        break
                    }
                    partStart = next
                }
            }
            i = next
        }
        if !closed {
            if let start = partStart {
                record(.missingFinalBoundary)
                result.append(start..<range.upperBound)
            } else {
                record(.noBoundaryFound)
            }
        }
        return result
    }
}
