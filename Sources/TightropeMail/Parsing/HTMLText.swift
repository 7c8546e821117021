import Foundation
import TightropeCore

/// Readable text from HTML: tags dropped, block elements and `<br>` as line breaks,
/// `<blockquote>` as `> ` quoted lines (so reply extraction sees HTML quotes as quotes),
/// script, style and head content removed, entities decoded.
package enum HTMLText {
    private static let blockTags: Set<String> = [
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "section",
        "article", "header", "footer", "blockquote", "dd", "dt", "address",
    ]
    private static let skippedTags: Set<String> = ["script", "style", "head", "title", "template"]

    package static func toText(_ html: String) -> String {
        var ignored: [MIMEDefect] = []
        return toText(html, limits: .standard, defects: &ignored)
    }

    /// Linear in the input: at most `maxQuoteDepth` quote markers per line however deep the
    /// `<blockquote>`s nest (deeper levels read as that depth, and a defect says so).
    package static func toText(_ html: String, limits: ReadingLimits, defects: inout [MIMEDefect]) -> String {
        let u = Array(html.utf8)
        var lines: [String] = []
        var line: [UInt8] = []
        var quoteDepth = 0
        var skipping: String?
        var pendingSpace = false
        var i = 0

        var quoteCapped = false
        func endLine() {
            let text = String(decoding: line, as: UTF8.self).trimmed
            if quoteDepth > limits.maxQuoteDepth, !quoteCapped {
                quoteCapped = true
                defects.record(.quoteTooDeep(limit: limits.maxQuoteDepth), limit: limits.maxDefects)
            }
            let prefix = String(repeating: "> ", count: min(quoteDepth, limits.maxQuoteDepth))
            lines.append(quoteDepth > 0 ? (prefix + text).trimmed : text)
            line = []
            pendingSpace = false
        }

        while i < u.count {
            let b = u[i]
            if b == UInt8(ascii: "<") {
                // Comment
                if u[i...].starts(with: Array("<!--".utf8)) {
                    var j = i + 4
                    while j + 2 < u.count, !(u[j] == 45 && u[j + 1] == 45 && u[j + 2] == 62) { j += 1 }
                    i = min(j + 3, u.count)
                    continue
                }
                // The tag ends at the first ">" outside a quoted attribute value (`alt="2 > 1"`); if a
                // quote never closes, at the first ">" after all, so the scan stays linear.
                var j = i + 1, quote: UInt8?, firstClose: Int?
                while j < u.count {
                    let c = u[j]
                    if c == UInt8(ascii: ">") {
                        if firstClose == nil { firstClose = j }
                        if quote == nil { break }
                    } else if let q = quote {
                        if c == q { quote = nil }
                    } else if c == 34 || c == 39, u[j - 1] == UInt8(ascii: "=") {
                        quote = c
                    }
                    j += 1
                }
                if j >= u.count, let firstClose { j = firstClose }
                let inner = u[(i + 1)..<min(j, u.count)]
                i = min(j + 1, u.count)
                var k = inner.startIndex
                let closing = k < inner.endIndex && inner[k] == UInt8(ascii: "/")
                if closing { k += 1 }
                let nameStart = k
                while k < inner.endIndex, (inner[k] | 0x20) >= 0x61 && (inner[k] | 0x20) <= 0x7A || (inner[k] >= 0x30 && inner[k] <= 0x39) { k += 1 }
                let name = String(decoding: inner[nameStart..<k], as: UTF8.self).lowercased()
                if let skip = skipping {
                    if closing && name == skip { skipping = nil }
                    continue
                }
                if !closing && skippedTags.contains(name) && !(inner.last == UInt8(ascii: "/")) {
                    skipping = name
                    continue
                }
                if blockTags.contains(name) {
                    if !line.isEmpty || name == "br" || name == "p" { endLine() }
                    if name == "blockquote" { quoteDepth = max(0, quoteDepth + (closing ? -1 : 1)) }
                } else if name == "td" || name == "th" {
                    pendingSpace = !line.isEmpty
                }
                continue
            }
            if skipping != nil { i += 1; continue }
            if b == UInt8(ascii: "&") {
                var j = i + 1
                while j < u.count, j - i < 34, u[j] != UInt8(ascii: ";"), u[j] != UInt8(ascii: "&"), u[j] > 32 { j += 1 }
                if j < u.count, u[j] == UInt8(ascii: ";"), let decoded = entity(u[(i + 1)..<j]) {
                    if pendingSpace && !line.isEmpty { line.append(32) }
                    pendingSpace = false
                    line += Array(decoded.utf8)
                    i = j + 1
                    continue
                }
            }
            if b == 32 || b == 9 || b == 10 || b == 13 {
                pendingSpace = true
                i += 1
                continue
            }
            if pendingSpace && !line.isEmpty { line.append(32) }
            pendingSpace = false
            line.append(b)
            i += 1
        }
        if !line.isEmpty { endLine() }
        // Collapse runs of blank lines.
        var out: [String] = []
        for l in lines where !(l.isEmpty && (out.last?.isEmpty ?? true)) { out.append(l) }
        while out.last?.isEmpty == true { out.removeLast() }
        return out.joined(separator: "\n")
    }

    /// Every named character reference of the HTML standard (HTMLEntities.swift).
    private static let named: [String: String] = {
        var table: [String: String] = [:]
        for line in entityTable.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            table[String(line[..<tab])] = String(line[line.index(after: tab)...])
        }
        return table
    }()

    private static func entity(_ name: ArraySlice<UInt8>) -> String? {
        if name.first == UInt8(ascii: "#") {
            let body = name.dropFirst()
            let value: UInt32?
            if body.first == UInt8(ascii: "x") || body.first == UInt8(ascii: "X") {
                value = UInt32(String(decoding: body.dropFirst(), as: UTF8.self), radix: 16)
            } else {
                value = UInt32(String(decoding: body, as: UTF8.self))
            }
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
        return named[String(decoding: name, as: UTF8.self)]
    }
}

