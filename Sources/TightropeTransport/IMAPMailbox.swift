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

    /// The receive buffer. libcurl keeps a response line whole only while it fits in half of
    /// it (Debian 12's 7.88 clips longer lines silently, keeping the head and the tail), so this
    /// sets the longest line read whole: 2 MB. A longer one is detected and is an error.
    package static let receiveBufferBytes = 4 << 20
    /// The UIDVALIDITY the caller works under (set by `examine()` of this mailbox). Every
    /// request that names a UID carries it, and libcurl refuses the request when the server's
    /// differs, so a UID can never address a message of another numbering.
    package private(set) var uidValidity: UInt32?
    private let watch = ResponseWatch()

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
        try curl.set(CURLOPT_BUFFERSIZE, Self.receiveBufferBytes)
        try curl.watchResponses(watch)
    }

    /// What EXAMINE says of a mailbox (read-only: it changes nothing).
    package struct Status: Equatable, Sendable {
        package var uidValidity: UInt32
        /// How many messages it holds.
        package var exists: Int
        /// The UID the next message will get (0 when the server did not say).
        package var uidNext: UInt32
    }

    /// The mailbox's status. Examining this mailbox (no `name`) also fixes the UIDVALIDITY that
    /// later requests carry.
    package func examine(_ name: String? = nil) throws(TransportError) -> Status {
        let text = try command("EXAMINE \(Self.quoted(name ?? mailbox))", selecting: false, name: "EXAMINE")
        let status = try Self.parseStatus(text)
        if name == nil || name == mailbox { uidValidity = status.uidValidity }
        return status
    }

    /// Reads UIDVALIDITY, EXISTS and UIDNEXT from an EXAMINE/SELECT response.
    static func parseStatus(_ text: String) throws(TransportError) -> Status {
        var status = Status(uidValidity: 0, exists: -1, uidNext: 0)
        for line in text.split(whereSeparator: \.isNewline) {
            if let range = line.range(of: "[UIDVALIDITY ") {
                status.uidValidity = UInt32(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
            } else if let range = line.range(of: "[UIDNEXT ") {
                status.uidNext = UInt32(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
            } else if line.hasPrefix("* "), line.hasSuffix(" EXISTS") {
                status.exists = Int(line.dropFirst(2).prefix { $0.isNumber }) ?? -1
            }
        }
        guard status.uidValidity > 0, status.exists >= 0 else { throw .command("EXAMINE", curlCode: 0) }
        return status
    }

    /// The UIDs of every message in the mailbox, ascending, checked before they are believed.
    ///
    /// They are listed with `UID FETCH 1:* (UID)`: one short line per message, never one long
    /// SEARCH line that a client could clip. The listing must number its messages 1, 2, 3…
    /// without a gap, with rising UIDs, and hold at least `expected` messages (what EXAMINE
    /// counted just before; messages only arrive meanwhile). Anything else throws
    /// `.incompleteResponse` and nothing listed may be taken as done.
    package func listUIDs(expected: Int) throws(TransportError) -> [UInt32] {
        let text = try command("UID FETCH 1:* (UID)", selecting: true, name: "UID FETCH")
        let uids = try Self.parseListing(text)
        guard uids.count >= expected else { throw .incompleteResponse("listed \(uids.count) of \(expected) messages") }
        return uids
    }

    /// The UIDs of messages with a UID of at least `from`, ascending (checked as `listUIDs`).
    package func uids(from: UInt32) throws(TransportError) -> [UInt32] {
        try listUIDs(expected: 0).filter { $0 >= from }
    }

    /// Parses the untagged responses of `UID FETCH 1:* (UID)` into the UIDs in sequence order,
    /// or throws when they are not one unbroken, rising listing.
    static func parseListing(_ text: String) throws(TransportError) -> [UInt32] {
        var bySequence: [Int: UInt32] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard line.hasPrefix("* ") else { continue }
            let fields = line.dropFirst(2).split(separator: " ", maxSplits: 2)
            guard fields.count >= 2, let sequence = Int(fields[0]) else { continue }
            switch fields[1].uppercased() {
            case "EXPUNGE":
                // Sequence numbers shifted under the listing: it cannot be trusted.
                throw .incompleteResponse("a message was expunged while listing")
            case "FETCH":
                guard fields.count == 3, let range = fields[2].range(of: "UID ") else { continue }
                guard sequence > 0, let uid = UInt32(fields[2][range.upperBound...].prefix { $0.isNumber }), uid > 0 else {
                    throw .incompleteResponse("a malformed FETCH line")
                }
                if let seen = bySequence[sequence], seen != uid { throw .incompleteResponse("two UIDs for one message") }
                bySequence[sequence] = uid
            default:
                continue
            }
        }
        var uids: [UInt32] = []
        uids.reserveCapacity(bySequence.count)
        for sequence in 1...max(1, bySequence.count) where !bySequence.isEmpty {
            guard let uid = bySequence[sequence] else { throw .incompleteResponse("message \(sequence) missing from the listing") }
            guard uids.last.map({ $0 < uid }) ?? true else { throw .incompleteResponse("UIDs out of order") }
            uids.append(uid)
        }
        return uids
    }

    /// The raw bytes of one message.
    package func fetch(uid: UInt32) throws(TransportError) -> [UInt8] {
        let sink = DownloadSink(limit: Self.maxMessageBytes)
        let code: CURLcode = try withExtendedLifetime(sink) { () throws(TransportError) -> CURLcode in
            try curl.set(CURLOPT_URL, "\(mailboxURL);UID=\(uid)")
            try curl.set(CURLOPT_CUSTOMREQUEST, pointer: nil)
            try curl.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
            return try perform("UID FETCH")
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

    /// Moves exactly these messages to `folder`: UID MOVE where offered, else copy, flag
    /// deleted and expunge those UIDs only. A few hundred UIDs per command.
    package func move(uids: [UInt32], to folder: String, useMove: Bool) throws(TransportError) {
        var start = 0
        let sorted = uids.sorted()
        while start < sorted.count {
            let set = Self.sequenceSet(sorted[start..<min(sorted.count, start + 500)])
            start += 500
            if useMove {
                _ = try command("UID MOVE \(set) \(Self.quoted(folder))", selecting: true, name: "UID MOVE")
            } else {
                _ = try command("UID COPY \(set) \(Self.quoted(folder))", selecting: true, name: "UID COPY")
                _ = try command("UID STORE \(set) +FLAGS.SILENT (\\Deleted)", selecting: true, name: "UID STORE")
                _ = try command("UID EXPUNGE \(set)", selecting: true, name: "UID EXPUNGE")
            }
        }
    }

    /// Moves one message (see `move(uids:to:useMove:)`).
    package func move(uid: UInt32, to folder: String, useMove: Bool) throws(TransportError) {
        try move(uids: [uid], to: folder, useMove: useMove)
    }

    /// An IMAP sequence set for ascending UIDs, runs folded: 3,5:9,12.
    static func sequenceSet(_ uids: some Collection<UInt32>) -> String {
        var parts: [String] = []
        var runStart: UInt32?, runEnd: UInt32 = 0
        for uid in uids {
            if runStart != nil, uid == runEnd + 1 {
                runEnd = uid
                continue
            }
            if let start = runStart { parts.append(start == runEnd ? "\(start)" : "\(start):\(runEnd)") }
            runStart = uid
            runEnd = uid
        }
        if let start = runStart { parts.append(start == runEnd ? "\(start)" : "\(start):\(runEnd)") }
        return parts.joined(separator: ",")
    }

    /// This mailbox's URL, with the UIDVALIDITY it is read under once that is known.
    private var mailboxURL: String {
        "\(server)/\(Self.urlPath(mailbox))" + (uidValidity.map { ";UIDVALIDITY=\($0)" } ?? "")
    }

    /// One transfer; a response line libcurl had to clip makes it fail, never a shorter answer.
    private func perform(_ name: String) throws(TransportError) -> CURLcode {
        watch.clipped = false
        let code = curl.perform()
        if watch.clipped { throw .incompleteResponse("\(name): a response line longer than \(Self.receiveBufferBytes >> 21) MB") }
        return code
    }

    /// Runs a command; with `selecting`, libcurl SELECTs the mailbox first. Returns the
    /// untagged responses.
    func command(_ text: String, selecting: Bool, name: String) throws(TransportError) -> String {
        let sink = DownloadSink(limit: 8 << 20)
        let code: CURLcode = try withExtendedLifetime(sink) { () throws(TransportError) -> CURLcode in
            try curl.set(CURLOPT_URL, selecting ? mailboxURL : "\(server)/")
            try curl.set(CURLOPT_CUSTOMREQUEST, text)
            try curl.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
            return try perform(name)
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

