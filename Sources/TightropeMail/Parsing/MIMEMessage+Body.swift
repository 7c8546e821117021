import TightropeCore

extension MIMEMessage {
    /// A part's body with its Content-Transfer-Encoding undone.
    package func decodedBody(_ index: Int, defects: inout [MIMEDefect]) -> [UInt8] {
        let part = parts[index]
        let raw = bytes[part.body]
        switch part.transferEncoding {
        case "base64": return TransferDecoding.base64(raw, defects: &defects)
        case "quoted-printable": return TransferDecoding.quotedPrintable(raw, defects: &defects)
        default: return Array(raw)
        }
    }

    /// A text part's content as a String: transfer encoding and charset undone, and
    /// `format=flowed` lines rejoined (RFC 3676).
    package func text(_ index: Int, defects: inout [MIMEDefect]) -> String {
        let part = parts[index]
        let text = Charset.decode(decodedBody(index, defects: &defects), label: part.parameters["charset"], defects: &defects)
        if part.contentType == "text/plain", part.parameters["format"]?.lowercased() == "flowed" {
            return FlowedText.unflow(text, delSp: part.parameters["delsp"]?.lowercased() == "yes")
        }
        return text
    }

    /// The part a reader sees as the body: the first text/plain that is not an attachment,
    /// else the first text/html; message/rfc822 parts are not entered and multipart/related
    /// counts by its root only (the same choice as Python's `get_body(('plain', 'html'))`).
    package func bestTextPart() -> Int? {
        var best: (priority: Int, index: Int)?
        func visit(_ index: Int) -> Bool {
            let part = parts[index]
            if part.isAttachment { return false }
            if part.mainType == "text" {
                let priority: Int? = part.subType == "plain" ? 0 : part.subType == "html" ? 1 : nil
                if let priority, best == nil || priority < best!.priority { best = (priority, index) }
                return best?.priority == 0
            }
            guard part.mainType == "multipart" else { return false }
            if part.subType != "related" {
                for child in part.children where visit(child) { return true }
                return false
            }
            var root = part.children.first
            if let start = part.parameters["start"] {
                root = part.children.first { parts[$0].header("Content-ID").map { String(decoding: $0.rawValue, as: UTF8.self) } == start } ?? root
            }
            return root.map(visit) ?? false
        }
        _ = visit(0)
        return best?.index
    }

    /// The text a reader reads: the best body, HTML turned into text, within the reading limits
    /// (a longer body is read up to `maxTextBytes`, a longer line broken into several), with
    /// every defect met on the way, the parser's own included.
    package func readableText() -> (text: String, defects: [MIMEDefect]) {
        var defects = self.defects
        guard let index = bestTextPart() else { return ("", defects) }
        let isHTML = parts[index].subType == "html"
        var decoded = decodedBody(index, defects: &defects)
        let byteLimit = isHTML ? limits.maxHTMLBytes : limits.maxTextBytes
        if decoded.count > byteLimit {
            // Cut at a line end, so that no character of any ASCII-compatible charset is split.
            let cut = decoded[..<byteLimit].lastIndex(of: 10).map { $0 + 1 } ?? byteLimit
            decoded.removeSubrange(cut...)
            defects.record(isHTML ? .htmlTooLong(limit: byteLimit) : .textTooLong(limit: byteLimit), limit: limits.maxDefects)
        }
        var text = Charset.decode(decoded, label: parts[index].parameters["charset"], defects: &defects)
        if isHTML {
            text = HTMLText.toText(text, limits: limits, defects: &defects)
        } else if parts[index].parameters["format"]?.lowercased() == "flowed" {
            text = FlowedText.unflow(text, delSp: parts[index].parameters["delsp"]?.lowercased() == "yes")
        }
        return (BoundedText.bounded(text, limits: limits, defects: &defects), defects)
    }

    /// The best text body, and whether it is HTML.
    package func bestText() -> (text: String, isHTML: Bool)? {
        guard let index = bestTextPart() else { return nil }
        var ignored: [MIMEDefect] = []
        return (text(index, defects: &ignored), parts[index].subType == "html")
    }
}

/// RFC 3676 `format=flowed`: a line ending in a space continues on the next line;
/// space-stuffing is undone; the signature separator stays fixed. Quoted lines are left as
/// written and never joined to the writer's own.
package enum FlowedText {
    package static func unflow(_ text: String, delSp: Bool) -> String {
        var out: [String] = []
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let depth = line.prefix { $0 == ">" }.count
            if depth > 0 {
                // Quoted lines stay as written: only the writer's own lines are rejoined.
                if let open = current { out.append(open) }
                current = nil
                out.append(String(line))
                continue
            }
            if line.hasPrefix(" ") { line = line.dropFirst() }  // space-stuffing
            if var open = current {
                open += line
                current = open
            } else {
                current = String(line)
            }
            let flowed = line.hasSuffix(" ") && line != "-- "
            if flowed {
                if delSp { current?.removeLast() }
            } else {
                out.append(current ?? "")
                current = nil
            }
        }
        if let open = current { out.append(open) }
        return out.joined(separator: "\n")
    }
}
