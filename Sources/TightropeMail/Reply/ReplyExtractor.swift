import Foundation

/// What a reply's text consists of, once the quoted original and the signature are set apart.
package struct ExtractedReply: Sendable, Equatable {
    /// The new text only: no quoted original, no reply header, no signature or footer.
    package var text: String
    /// The reply with its inline structure kept: the partner's lines and the quoted lines
    /// they answer (quote markers removed from the quotes), for answers written between
    /// the quoted questions. Empty when the reply was not written inline.
    package var inline: [InlineBlock]
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
        let lines = normalisedLines(input)
        let cut = quoteStart(lines)
        var body = Array(lines[..<cut])
        let afterCut = lines[cut...]
        // Inline answers: the partner's lines interleaved with quoted lines after the cut.
        let inline = inlineBlocks(afterCut)
        if !inline.isEmpty, body.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let replies = inline.filter { $0.kind == .reply }.map(\.text)
            return ExtractedReply(text: trimBlankLines(removeSignature(replies.joined(separator: "\n\n").components(separatedBy: "\n"))).joined(separator: "\n"),
                                  inline: inline)
        }
        body = removeSignature(body)
        body = trimBlankLines(body)
        return ExtractedReply(text: body.joined(separator: "\n"), inline: inline)
    }

    // MARK: Lines

    static func normalisedLines(_ input: String) -> [String] {
        input.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\u{00A0}", with: " ")
            .components(separatedBy: "\n")
    }

    static func trimBlankLines(_ lines: [String]) -> [String] {
        var start = 0, end = lines.count
        while start < end, lines[start].trimmingCharacters(in: .whitespaces).isEmpty { start += 1 }
        while end > start, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        return Array(lines[start..<end])
    }

    static func isQuoted(_ line: String) -> Bool {
        line.drop { $0 == " " }.first == ">"
    }

    // MARK: Where the quoted original starts

    /// The index of the first line of the quoted original (its reply header, separator, or
    /// first quoted line), or `lines.count` when there is none.
    static func quoteStart(_ lines: [String]) -> Int {
        var sawText = false
        for i in lines.indices {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if let header = ReplyHeaders.headerStart(lines, at: i) {
                return header
            }
            if isQuoted(line) {
                // A quote block that runs to the end (apart from blank lines and a signature)
                // is the quoted original of a top- or bottom-posted reply.
                if quoteRunsToEnd(lines, from: i) || sawText { return i }
            }
            sawText = true
        }
        return lines.count
    }

    /// Whether from `start` on there are only quoted lines, blank lines and trailing
    /// signature-like lines.
    static func quoteRunsToEnd(_ lines: [String], from start: Int) -> Bool {
        var j = start
        while j < lines.count {
            let t = lines[j].trimmingCharacters(in: .whitespaces)
            if !t.isEmpty && !isQuoted(lines[j]) { return Signatures.isSignatureStart(lines, at: j) }
            j += 1
        }
        return true
    }

    // MARK: Inline replies

    /// Quoted and reply blocks after the cut, when the reply text is interleaved with
    /// quotes (text after a quote block, then more quotes or the end).
    static func inlineBlocks(_ lines: ArraySlice<String>) -> [InlineBlock] {
        var blocks: [InlineBlock] = []
        var current: (InlineBlock.Kind, [String])?
        var start = lines.startIndex
        // Skip the reply header line(s) if the cut is at one.
        if let first = lines.first, !isQuoted(first) {
            while start < lines.endIndex, !isQuoted(lines[start]) { start += 1 }
        }
        for line in lines[start...] {
            let t = line.trimmingCharacters(in: .whitespaces)
            let kind: InlineBlock.Kind? = t.isEmpty ? nil : (isQuoted(line) ? .quoted : .reply)
            guard let kind else {
                current?.1.append("")
                continue
            }
            let text = kind == .quoted ? unquote(line) : line
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
        var end = lines.count
        for i in lines.indices where Signatures.isSignatureStart(lines, at: i) {
            // Never remove everything: a reply that is only "--" stays.
            if lines[..<i].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
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
        let message = MIMEMessage(bytes)
        guard let body = message.bestText() else { return ExtractedReply(text: "", inline: []) }
        return extract(body.isHTML ? HTMLText.toText(body.text) : body.text)
    }
}
