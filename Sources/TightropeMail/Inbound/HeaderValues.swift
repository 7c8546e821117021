import Foundation

/// Addresses and Message-IDs as they appear in header values.
package enum HeaderValues {
    /// The addresses of an address-list header (`"Name" <a@b>, c@d`), lower-cased. Display
    /// names, comments and group syntax are skipped; what cannot be an address is dropped.
    package static func addresses(_ value: String) -> [String] {
        var result: [String] = []
        var current = "", angle: String?, inQuotes = false, commentDepth = 0
        func finish() {
            let candidate = (angle ?? current).trimmingCharacters(in: .whitespaces)
            if candidate.contains("@"), !candidate.contains(" ") { result.append(candidate.lowercased()) }
            current = ""
            angle = nil
        }
        var escaped = false
        for ch in value {
            if escaped { escaped = false; if angle != nil { angle!.append(ch) }; continue }
            if ch == "\\" { escaped = true; continue }
            if commentDepth > 0 {
                if ch == "(" { commentDepth += 1 } else if ch == ")" { commentDepth -= 1 }
                continue
            }
            if inQuotes { if ch == "\"" { inQuotes = false }; continue }
            switch ch {
            case "\"": inQuotes = true
            case "(": commentDepth = 1
            case "<": angle = ""
            case ">":
                if let a = angle { finishAngle(&result, a) }
                angle = nil
                current = ""
            case ",", ";": finish()
            case ":": current = ""  // a group's name
            default:
                if angle != nil { angle!.append(ch) } else { current.append(ch) }
            }
        }
        finish()
        return result
    }

    private static func finishAngle(_ result: inout [String], _ address: String) {
        let candidate = address.trimmingCharacters(in: .whitespaces)
        if candidate.contains("@"), !candidate.contains(" ") { result.append(candidate.lowercased()) }
    }

    /// The `<…>` Message-IDs in a header value (In-Reply-To, References), in order.
    package static func messageIDs(_ value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let id = rest[rest.index(after: open)..<close]
            if id.contains("@"), !id.contains(" "), id.count <= 250 { ids.append(String(id)) }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }
}
