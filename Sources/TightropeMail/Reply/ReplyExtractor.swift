import Foundation

/// What a reply's text consists of, once the quoted original and the signature are set apart.
package struct ExtractedReply: Sendable, Equatable {
    /// The new text only: no quoted original, no reply header, no signature or footer.
    package var text: String
    /// The reply with its inline structure kept: the partner's lines and the quoted lines
    /// they answer (quote markers removed from the quotes), for answers written between
    /// the quoted questions. Empty when the reply was not written inline.
    package var inline: [InlineBlock]
    /// The partner's lines above the quoted original (top-posted text), when the reply also
    /// has inline answers; nil otherwise.
    package var lead: String? = nil
    /// The text came from under a reply header with nothing written above it (a forward, or
    /// an original pasted with no words of the sender's own): not a reply's own words.
    package var onlyBelowHeader = false
    /// What the MIME parser and the reading limits recorded about the message.
    package var defects: [MIMEDefect] = []
}

/// One block of an inline reply: either quoted original text or the partner's own text.
package struct InlineBlock: Sendable, Equatable {
    package enum Kind: Sendable, Equatable { case quoted, reply }
    package var kind: Kind
    package var text: String
}

/// Finds the new text in a reply: cuts at the reply header of the quoted original (the
/// usual clients' forms in several languages), drops quoted lines, signatures, "sent from
/// my phone" lines and mailing-list footers. Line-based and linear in the input.
package enum ReplyExtractor {
    package static func extract(_ input: String) -> ExtractedReply {
        var lines = normalisedLines(input)
        var kept: [String]
        var tail: ArraySlice<String>
        var lead: [String]?
        var onlyBelowHeader = false
        if var header = ReplyHeaders.firstHeader(lines) {
            // "Name\n<address>, date … wrote:": the name on the line above belongs to the header.
            if header.start > 0, header.prefix == nil, lines[header.start].trimmed.hasPrefix("<"),
               !lines[header.start - 1].isBlank, isSenderLine(lines[header.start - 1].lowercased()) {
                header.start -= 1
            }
            // A splitter sharing a line with the reply ("reply On … wrote:"): keep the text before it.
            if let prefix = header.prefix { lines[header.start] = prefix }
            kept = Array(lines[..<(header.prefix == nil ? header.start : header.start + 1)])
            tail = lines[header.end...]
            if originalIsQuoted(tail) {
                // Bottom-posted or inline: the partner's own lines after the quoted original count.
                lead = kept
                kept += ownLines(tail)
            } else if kept.allSatisfy({ $0.isBlank }) {
                // A header with nothing above it introduces the message itself (helpdesk and
                // forwarding layouts): the text below it, up to the next header.
                let below = Array(tail)
                let next = ReplyHeaders.firstHeader(below)?.start ?? below.count
                kept = Array(below[..<next])
                onlyBelowHeader = true
            }
        } else {
            kept = ownLines(lines[...])
            tail = lines[...]
            if let q = lines.firstIndex(where: isQuoted) { lead = Array(lines[..<q]) }
        }
        kept = collapseBlankRuns(trimBlankLines(removeSignature(kept)))
        let inline = inlineBlocks(tail)
        var reply = ExtractedReply(text: kept.joined(separator: "\n"), inline: inline)
        reply.onlyBelowHeader = onlyBelowHeader
        if !inline.isEmpty, let lead {
            reply.lead = collapseBlankRuns(trimBlankLines(removeSignature(lead))).joined(separator: "\n")
        }
        return reply
    }

    /// Whether the original after a reply header is quoted with ">" (rather than pasted as is).
    static func originalIsQuoted(_ tail: ArraySlice<String>) -> Bool {
        tail.first { !$0.isBlank }.map(isQuoted) ?? false
    }

    /// A line the client wrote above the quote that the header rules do not know as a whole: it
    /// stands directly above the quoted text (a blank line between at most) and ends like an
    /// attribution ("… пишет:", "Harbour Lane wrote:") or is only a date ("Tuesday, 22 December 2026, 18:00").
    static func isLooseAttribution(_ lines: ReplyHeaders.Lines, at i: Int) -> Bool {
        let lower = lines.lower[i]
        guard !lower.isEmpty, lower.utf8.count < 300 else { return false }
        var j = i + 1
        if j < lines.count, lines.cleaned[j].isEmpty { j += 1 }
        guard j < lines.count, lines.lower[j].hasPrefix(">") else { return false }
        let words = lower.split(separator: " ").count
        if (lower.hasSuffix(":") || lower.hasSuffix("：")) && ReplyHeaders.containsVerb(lower) && words <= 30 { return true }
        // "Harbour Lane <address> 上， 已寫入", "Alinti Name <address>", "引用 Name <address>：": a client's words and an address.
        if lower.contains("@"), words <= 30, ReplyHeaders.endsLikeAttribution(lower) || ReplyHeaders.opensLikeAttribution(lower) { return true }
        // "05.12.2026:": a date alone with a colon.
        if lower.range(of: #"^\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{1,4}\s*[:：]$"#, options: .regularExpression) != nil { return true }
        // A date and time alone: digits with a time or a year, no sentence in it.
        return ReplyHeaders.hasDateOrAddress(lower) && words <= 8 && !lower.hasSuffix(".") && !lower.contains("?")
            && lower.range(of: #"\b\d{1,2}[:.]\d{2}\b|\b(19|20)\d{2}\b"#, options: .regularExpression) != nil
            && lower.first.map({ !$0.isNumber || lower.contains(" ") }) == true
    }

    /// A line that can be the first half of an attribution: an address, or a short name.
    static func isSenderLine(_ lower: String) -> Bool {
        let words = lower.split(separator: " ").count
        if lower.contains("@") && words <= 8 { return true }
        return words <= 5 && !lower.contains(where: { ".!?,;:。！？".contains($0) }) && !lower.contains(where: \.isNumber)
    }

    /// The lines that are not quoted, stopping at a further reply header whose original is pasted unquoted.
    static func ownLines(_ lines: ArraySlice<String>) -> [String] {
        let all = Array(lines)
        let prepared = ReplyHeaders.Lines(all)
        var out: [String] = []
        var i = 0
        while i < all.count {
            if !isQuoted(all[i]) {
                if let header = ReplyHeaders.headerAt(prepared, at: i) {
                    if !originalIsQuoted(all[header.end...]) { break }
                    i = header.end
                    continue
                }
                if isLooseAttribution(prepared, at: i) {
                    // A two-line attribution that starts with the sender ("Name <address>" / "于…写道：").
                    if let last = out.last, i > 0, all[i - 1] == last, !last.isBlank,
                       isSenderLine(prepared.lower[i - 1]) || ReplyHeaders.opensLikeAttribution(prepared.lower[i - 1]) { out.removeLast() }
                    i += 1
                    continue
                }
                // The blank line after the quote the reply continues under joins nothing: the text
                // above the attribution and below the quote read as one ("Hi," / "You can …").
                if all[i].isBlank, out.isEmpty, i > 0, isQuoted(all[i - 1]) {
                    i += 1
                    continue
                }
                out.append(all[i])
            }
            i += 1
        }
        return out
    }

    // MARK: Lines

    /// The lines of the text, for any of CRLF, CR or LF; no-break spaces become spaces.
    static func normalisedLines(_ input: String) -> [String] {
        var lines: [String] = []
        let u = Array(input.utf8)
        var start = 0, i = 0
        func add(_ end: Int) {
            var line = String(decoding: u[start..<end], as: UTF8.self)
            if line.utf8.contains(0xC2) { line = line.replacingOccurrences(of: "\u{00A0}", with: " ") }
            lines.append(line)
        }
        while i < u.count {
            if u[i] == 10 || u[i] == 13 {
                add(i)
                i += (u[i] == 13 && i + 1 < u.count && u[i + 1] == 10) ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        add(u.count)
        return lines
    }

    static func trimBlankLines(_ lines: [String]) -> [String] {
        var start = 0, end = lines.count
        while start < end, lines[start].isBlank { start += 1 }
        while end > start, lines[end - 1].isBlank { end -= 1 }
        return Array(lines[start..<end])
    }

    /// One blank line where removed quotes left several.
    static func collapseBlankRuns(_ lines: [String]) -> [String] {
        var out: [String] = []
        for line in lines where !(line.isBlank && (out.last?.isBlank ?? false)) { out.append(line) }
        return out
    }

    static func isQuoted(_ line: String) -> Bool {
        guard line.drop(while: { $0 == " " }).first == ">" else { return false }
        // ">>> http://… <<<": arrows around a link, not a quote.
        return !line.hasSuffix("<<<")
    }

    // MARK: Inline replies

    /// Quoted and reply blocks after the cut, when the reply text is interleaved with
    /// quotes (text after a quote block, then more quotes or the end).
    static func inlineBlocks(_ lines: ArraySlice<String>) -> [InlineBlock] {
        var blocks: [InlineBlock] = []
        var current: (InlineBlock.Kind, [String])?
        var ended = false
        var start = lines.startIndex
        // Skip the reply header line(s) if the cut is at one.
        if let first = lines.first, !isQuoted(first) {
            while start < lines.endIndex, !isQuoted(lines[start]) { start += 1 }
        }
        for line in lines[start...] {
            let t = line.trimmed
            let kind: InlineBlock.Kind? = t.isEmpty ? nil : (isQuoted(line) ? .quoted : .reply)
            guard let kind else {
                current?.1.append("")
                continue
            }
            let text = kind == .quoted ? unquote(line) : line
            if kind == .reply && current?.0 == .reply && Signatures.isSignatureStart([line], at: 0) {
                // The signature under the last answer is not part of it.
                ended = true
            }
            if ended { continue }
            if current?.0 == kind {
                current?.1.append(text)
            } else {
                if let c = current { blocks.append(InlineBlock(kind: c.0, text: trimBlankLines(c.1).joined(separator: "\n"))) }
                current = (kind, [text])
            }
        }
        if let c = current { blocks.append(InlineBlock(kind: c.0, text: trimBlankLines(c.1).joined(separator: "\n"))) }
        // Inline only when a reply block follows a quoted block.
        guard let firstQuote = blocks.firstIndex(where: { $0.kind == .quoted }),
              blocks[(firstQuote + 1)...].contains(where: { $0.kind == .reply && !Signatures.isSignatureText($0.text) })
        else { return [] }
        return blocks
    }

    static func unquote(_ line: String) -> String {
        var s = Substring(line).drop { $0 == " " }
        if s.first == ">" { s = s.dropFirst() }
        if s.first == " " { s = s.dropFirst() }
        return String(s)
    }

    // MARK: Signatures

    static func removeSignature(_ lines: [String]) -> [String] {
        // External-sender banners go wherever they stand; a "Sent from my iPhone" line above the
        // reply (some clients put it first) goes too. Anywhere else it starts the signature.
        var lines = lines.filter { !Signatures.isBannerLine($0) }
        // Leading device lines go in one step (linear however many there are); blank lines stay.
        var start = 0
        while start < lines.count, lines[start].isBlank || Signatures.isDeviceLine(lines[start]) { start += 1 }
        if start > 0 { lines = lines.enumerated().filter { $0.offset >= start || $0.element.isBlank }.map(\.element) }
        var end = lines.count
        for i in lines.indices where Signatures.isSignatureStart(lines, at: i) || Signatures.isDeviceLine(lines[i]) {
            // Never remove everything: a reply that is only "--" stays.
            if lines[..<i].contains(where: { !$0.isBlank }) {
                end = i
                break
            }
        }
        return Array(lines[..<end])
    }
}

extension ReplyExtractor {
    /// The new text of a raw message: its best text body (HTML turned into text, with
    /// blockquotes as quotes), then `extract`.
    package static func extract(message bytes: [UInt8]) -> ExtractedReply {
        extract(message: MIMEMessage(bytes))
    }

    /// The new text of a message already parsed.
    package static func extract(message: MIMEMessage) -> ExtractedReply {
        let body = message.readableText()
        var reply = extract(body.text)
        reply.defects = body.defects
        return reply
    }
}
