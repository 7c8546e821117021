import Foundation
import CCurl

/// IMAP mailbox access through libcurl: `imaps://`, or `imap://` with STARTTLS required;
/// certificate verification on; one connection for the whole session. Correctness rests on
/// UIDs (fetching by URL sets \Seen), never on flags. Logs nothing.
package final class IMAPMailbox {
    private let curl: CurlEasy
    /// `scheme://host[:port]`, without a path.
    private let server: String
    /// The mailbox to read, as in the URL's path (default INBOX).
    package let mailbox: String
    /// Largest message accepted (a runaway or hostile server is cut off).
    package static let maxMessageBytes = 32 << 20

    package init(url: String, username: String, password: String, caFile: String?, timeoutSeconds: Int) throws(TransportError) {
        guard let schemeEnd = url.range(of: "://") else { throw .setup("IMAP URL has no scheme") }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(host.count).drop { $0 == "/" }
        server = String(url[..<schemeEnd.upperBound]) + host
        mailbox = path.isEmpty ? "INBOX" : String(path)
        curl = try CurlEasy()
        try curl.configureSession(username: username, password: password, caFile: caFile, connectTimeout: timeoutSeconds,
                                  transferTimeout: max(timeoutSeconds, 120))
        try curl.set(CURLOPT_WRITEFUNCTION, callback: downloadCallback)
    }

    /// The mailbox's UIDVALIDITY and message count (EXAMINE: read-only, changes nothing).
    package func examine(_ name: String? = nil) throws(TransportError) -> (uidValidity: UInt32, exists: Int) {
        let text = try command("EXAMINE \(Self.quoted(name ?? mailbox))", selecting: false, name: "EXAMINE")
        var validity: UInt32 = 0, exists = 0
        for line in text.split(whereSeparator: \.isNewline) {
            if let range = line.range(of: "[UIDVALIDITY ") {
                validity = UInt32(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
            } else if line.hasPrefix("* "), line.hasSuffix(" EXISTS") {
                exists = Int(line.dropFirst(2).prefix { $0.isNumber }) ?? 0
            }
        }
        guard validity > 0 else { throw .command("EXAMINE", curlCode: 0) }
        return (validity, exists)
    }

    /// The UIDs of messages with a UID of at least `from`, ascending.
    package func uids(from: UInt32) throws(TransportError) -> [UInt32] {
        let text = try command("UID SEARCH UID \(max(1, from)):*", selecting: true, name: "UID SEARCH")
        var uids: [UInt32] = []
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("* SEARCH") {
            uids += line.dropFirst(8).split(separator: " ").compactMap { UInt32($0) }
        }
        // "n:*" always matches the last message even when its UID is below n.
        return uids.filter { $0 >= from }.sorted()
    }

    /// The raw bytes of one message.
    package func fetch(uid: UInt32) throws(TransportError) -> [UInt8] {
        let sink = DownloadSink(limit: Self.maxMessageBytes)
        let code: CURLcode = try withExtendedLifetime(sink) { () throws(TransportError) -> CURLcode in
            try curl.set(CURLOPT_URL, "\(server)/\(Self.urlPath(mailbox));UID=\(uid)")
            try curl.set(CURLOPT_CUSTOMREQUEST, pointer: nil)
            try curl.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
            return curl.perform()
        }
        if sink.overflowed { throw .tooLarge(limit: Self.maxMessageBytes) }
        try Self.check(code, name: "UID FETCH")
        return sink.bytes
    }

    /// Creates a folder; an existing one is fine.
    package func createFolder(_ name: String) throws(TransportError) {
        do {
            _ = try command("CREATE \(Self.quoted(name))", selecting: false, name: "CREATE")
        } catch {
            // CREATE fails when the folder exists; make sure that is why.
            _ = try examine(name)
        }
    }

    /// Whether the server offers MOVE (RFC 6851).
    package func supportsMove() throws(TransportError) -> Bool {
        try command("CAPABILITY", selecting: false, name: "CAPABILITY").uppercased().contains(" MOVE")
    }

    /// Moves one message to `folder`: UID MOVE where offered, else copy, flag deleted and
    /// expunge that UID only.
    package func move(uid: UInt32, to folder: String, useMove: Bool) throws(TransportError) {
        if useMove {
            _ = try command("UID MOVE \(uid) \(Self.quoted(folder))", selecting: true, name: "UID MOVE")
        } else {
            _ = try command("UID COPY \(uid) \(Self.quoted(folder))", selecting: true, name: "UID COPY")
            _ = try command("UID STORE \(uid) +FLAGS.SILENT (\\Deleted)", selecting: true, name: "UID STORE")
            _ = try command("UID EXPUNGE \(uid)", selecting: true, name: "UID EXPUNGE")
        }
    }

    /// Runs a command; with `selecting`, libcurl SELECTs the mailbox first. Returns the
    /// untagged responses.
    func command(_ text: String, selecting: Bool, name: String) throws(TransportError) -> String {
        let sink = DownloadSink(limit: 8 << 20)
        let code: CURLcode = try withExtendedLifetime(sink) { () throws(TransportError) -> CURLcode in
            try curl.set(CURLOPT_URL, selecting ? "\(server)/\(Self.urlPath(mailbox))" : "\(server)/")
            try curl.set(CURLOPT_CUSTOMREQUEST, text)
            try curl.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
            return curl.perform()
        }
        try Self.check(code, name: name)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    private static func check(_ code: CURLcode, name: String) throws(TransportError) {
        guard code == CURLE_OK else {
            // Other failures of an IMAP command (a NO/BAD answer) come back as generic codes.
            let error = CurlEasy.sessionError(code, command: name)
            if case .connection = error, ![CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT,
                                           CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING].contains(code) {
                throw .command(name, curlCode: Int32(code.rawValue))
            }
            throw error
        }
    }

    /// An IMAP quoted string (mailbox names here are ASCII; quotes and backslashes escaped).
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A mailbox name as a URL path segment.
    static func urlPath(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name
    }
}

