import Foundation
import CCurl

/// IMAP mailbox access through libcurl: `imaps://`, or `imap://` with STARTTLS required;
/// certificate verification on; one connection for the whole session. Correctness rests on
/// UIDs (fetching by URL sets \Seen), never on flags. Logs nothing.
package final class IMAPMailbox {
    /// The connection, kept between transfers in a shared connection cache (see `transfer`).
    private let share: CurlShare
    /// `scheme://host[:port]`, without a path.
    private let server: String
    /// The mailbox to read, as in the URL's path (default INBOX).
    package let mailbox: String
    /// Largest message accepted (a runaway or hostile server is cut off).
    package static let maxMessageBytes = 32 << 20

    /// For a process that reads a mailbox: blocks of 1 MB or more (a large message's bytes and
    /// their copies) each get a mapping of their own, returned to the system when freed, so peak
    /// memory follows the largest message, not the number of large ones (glibc's adaptive
    /// threshold otherwise lets them fragment the heap). Call once, before reading.
    package static func keepLargeBlocksMapped() {
        _ = ccurl_fixed_mmap_threshold(1 << 20)
    }

    /// The receive buffer. libcurl keeps a response line whole only while it fits in half of
    /// it (Debian 12's 7.88 clips longer lines silently, keeping the head and the tail), so this
    /// sets the longest line read whole: 256 KB, more than twice the longest answer asked for
    /// (a search window). A longer one is detected and is an error.
    package static let receiveBufferBytes = 512 << 10
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
        share = try CurlShare()
        let watch = self.watch, share = self.share
        configure = { (curl: CurlEasy) throws(TransportError) in
            try curl.set(CURLOPT_SHARE, pointer: share.handle)
            try curl.configureSession(username: username, password: password, caFile: caFile, connectTimeout: timeoutSeconds,
                                      transferTimeout: max(timeoutSeconds, 120))
            try curl.set(CURLOPT_WRITEFUNCTION, callback: downloadCallback)
            try curl.set(CURLOPT_BUFFERSIZE, Self.receiveBufferBytes)
            try curl.watchResponses(watch)
        }
    }

    /// Sets every option of the session on a transfer's handle.
    private let configure: (CurlEasy) throws(TransportError) -> Void

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

    /// How many UIDs one search covers. Debian 12's libcurl fails a transfer whose untagged
    /// responses pass about 300 KB ("Too large response headers"), so a search never names
    /// more than this many: its one line stays under 110 KB whatever the UIDs' digits.
    package static let searchWindow: UInt32 = 10_000

    /// The UIDs of every message in the mailbox, ascending, checked before they are believed.
    ///
    /// They are searched in windows of `searchWindow` UIDs (`UID SEARCH UID a:b`), from the first
    /// message's UID up to `status.uidNext`, the last window open-ended. Each answer line is read
    /// whole or the transfer fails; every token must be a UID inside its window; and together
    /// they must name at least `status.exists` messages (what EXAMINE counted just before;
    /// messages only arrive meanwhile). Anything else throws `.incompleteResponse`, and nothing
    /// listed may be taken as done.
    package func listUIDs(after status: Status) throws(TransportError) -> [UInt32] {
        guard status.exists > 0 else { return [] }
        let firstLine = try command("FETCH 1 (UID)", selecting: true, name: "FETCH")
        guard var low = Self.firstUID(firstLine) else { throw .incompleteResponse("no UID for the first message") }
        var uids: [UInt32] = []
        while true {
            let (high, overflow) = low.addingReportingOverflow(Self.searchWindow - 1)
            let last = overflow || status.uidNext == 0 || high >= status.uidNext - 1
            let text = try command("UID SEARCH UID \(low):\(last ? "*" : String(high))", selecting: true, name: "UID SEARCH")
            // "n:*" always matches the last message, even when its UID is below n.
            uids += try Self.parseSearch(text).filter { $0 >= low && (last || $0 <= high) }
            if last { break }
            low = high + 1
        }
        uids.sort()
        for i in uids.indices.dropFirst() where uids[i] == uids[i - 1] { throw .incompleteResponse("a UID listed twice") }
        guard uids.count >= status.exists else { throw .incompleteResponse("listed \(uids.count) of \(status.exists) messages") }
        return uids
    }

    /// The UIDs of messages with a UID of at least `from`, ascending (checked as `listUIDs`).
    package func uids(from: UInt32) throws(TransportError) -> [UInt32] {
        try listUIDs(after: try examine()).filter { $0 >= from }
    }

    /// The UID in a `* 1 FETCH (UID n)` answer.
    static func firstUID(_ text: String) -> UInt32? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("* ") {
            guard let range = line.range(of: "UID ") else { continue }
            if let uid = UInt32(line[range.upperBound...].prefix { $0.isNumber }), uid > 0 { return uid }
        }
        return nil
    }

    /// The numbers of the `* SEARCH` lines. A token that is not a UID (a fragment left where a
    /// line was clipped, a server's garbage) throws rather than being skipped.
    static func parseSearch(_ text: String) throws(TransportError) -> [UInt32] {
        var uids: [UInt32] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, fields[0] == "*", fields[1].uppercased() == "SEARCH" else { continue }
            for token in fields.dropFirst(2) {
                if token.hasPrefix("(") { break }  // a trailing (MODSEQ n) where CONDSTORE is on
                guard let uid = UInt32(token), uid > 0 else { throw .incompleteResponse("a malformed SEARCH answer") }
                uids.append(uid)
            }
        }
        return uids
    }

    /// The raw bytes of one message.
    package func fetch(uid: UInt32) throws(TransportError) -> [UInt8] {
        let sink = DownloadSink(limit: Self.maxMessageBytes)
        let code: CURLcode = try withExtendedLifetime(sink) { () throws(TransportError) -> CURLcode in
            try transfer("UID FETCH") { (curl: CurlEasy) throws(TransportError) in
                try curl.set(CURLOPT_URL, "\(mailboxURL);UID=\(uid)")
                try curl.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
            }
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

    /// Whether a folder exists (LIST names it).
    package func folderExists(_ name: String) throws(TransportError) -> Bool {
        let text = try command("LIST \"\" \(Self.quoted(name))", selecting: false, name: "LIST")
        return text.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("* LIST ") }
    }

    /// The URL of another mailbox on the same server: `url`'s scheme and host, `mailbox` as its path.
    package static func url(_ url: String, mailbox: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let host = url[schemeEnd.upperBound...].prefix { $0 != "/" }
        return String(url[..<schemeEnd.upperBound]) + host + "/" + mailbox
    }

    /// Whether the server offers MOVE (RFC 6851).
    package func supportsMove() throws(TransportError) -> Bool {
        try command("CAPABILITY", selecting: false, name: "CAPABILITY").uppercased().contains(" MOVE")
    }

    /// Where moved messages went: the folder's UIDVALIDITY and each source UID's new UID, as
    /// the server said in its COPYUID answer (RFC 4315, RFC 6851). Empty when it did not say.
    package struct MovedUIDs: Equatable, Sendable {
        package var folderValidity: UInt32 = 0
        package var uids: [UInt32: UInt32] = [:]
    }

    /// Moves exactly these messages to `folder`: UID MOVE where offered, else copy, flag
    /// deleted and expunge those UIDs only. At most 100 UIDs per command: Debian 12's libcurl
    /// fails a MOVE whose EXPUNGE answers pass its response limit (at about 250 messages).
    /// Returns the new UIDs where the server reported them (a MOVE's untagged COPYUID; a COPY's
    /// is in the tagged answer, which libcurl does not pass on).
    @discardableResult
    package func move(uids: [UInt32], to folder: String, useMove: Bool) throws(TransportError) -> MovedUIDs {
        var start = 0
        var moved = MovedUIDs()
        let sorted = uids.sorted()
        while start < sorted.count {
            let set = Self.sequenceSet(sorted[start..<min(sorted.count, start + Self.moveChunk)])
            start += Self.moveChunk
            if useMove {
                let text = try command("UID MOVE \(set) \(Self.quoted(folder))", selecting: true, name: "UID MOVE")
                // Believed only for UIDs of this command, each new UID given once: a confused (or
                // hostile) server must not make an erasure delete another message later.
                let chunk = Set(sorted[(start - Self.moveChunk)..<min(sorted.count, start)])
                if let answer = Self.parseCopyUID(text), answer.uids.keys.allSatisfy(chunk.contains),
                   Set(answer.uids.values).count == answer.uids.count,
                   moved.folderValidity == 0 || moved.folderValidity == answer.folderValidity,
                   Set(answer.uids.values).isDisjoint(with: moved.uids.values) {
                    moved.folderValidity = answer.folderValidity
                    moved.uids.merge(answer.uids) { _, new in new }
                }
            } else {
                _ = try command("UID COPY \(set) \(Self.quoted(folder))", selecting: true, name: "UID COPY")
                _ = try command("UID STORE \(set) +FLAGS.SILENT (\\Deleted)", selecting: true, name: "UID STORE")
                _ = try command("UID EXPUNGE \(set)", selecting: true, name: "UID EXPUNGE")
            }
        }
        return moved
    }

    /// The `[COPYUID validity source-set destination-set]` code of a response, source UIDs
    /// paired with destination UIDs in order. Nil when absent or when the sets do not pair up.
    package static func parseCopyUID(_ text: String) -> MovedUIDs? {
        var result: MovedUIDs?
        for line in text.split(whereSeparator: \.isNewline) {
            guard let range = line.range(of: "[COPYUID ", options: .caseInsensitive) else { continue }
            let fields = line[range.upperBound...].prefix { $0 != "]" }.split(separator: " ")
            guard fields.count == 3, let validity = UInt32(fields[0]), validity > 0,
                  let source = expand(fields[1]), let destination = expand(fields[2]), source.count == destination.count else { return nil }
            var answer = result ?? MovedUIDs(folderValidity: validity)
            guard answer.folderValidity == validity else { return nil }
            for (s, d) in zip(source, destination) { answer.uids[s] = d }
            result = answer
        }
        return result
    }

    /// The UIDs of a sequence set written with numbers only ("3:5,9"), at most 100,000 of them.
    static func expand(_ set: Substring) -> [UInt32]? {
        var out: [UInt32] = []
        for part in set.split(separator: ",") {
            let ends = part.split(separator: ":")
            guard (1...2).contains(ends.count), let a = UInt32(ends[0]), let b = UInt32(ends.last!), a > 0, b > 0 else { return nil }
            guard Int(max(a, b) - min(a, b)) + out.count < 100_000 else { return nil }
            out += a <= b ? Array(a...b) : Array((b...a).reversed())
        }
        return out
    }

    /// Deletes exactly these messages of this mailbox: flags them \Deleted and expunges those
    /// UIDs only (UID EXPUNGE, RFC 4315). A server without UIDPLUS is refused: its plain EXPUNGE
    /// would also remove whatever else someone flagged \Deleted. Then checks that none of them
    /// is left. Requires `examine()` first: the UIDVALIDITY is on every request.
    package func delete(uids: [UInt32]) throws(TransportError) {
        guard !uids.isEmpty else { return }
        guard try command("CAPABILITY", selecting: false, name: "CAPABILITY").uppercased().contains(" UIDPLUS") else {
            throw .setup("the IMAP server does not offer UIDPLUS (RFC 4315): erased messages cannot be deleted one by one")
        }
        let sorted = uids.sorted()
        var start = 0
        while start < sorted.count {
            let set = Self.sequenceSet(sorted[start..<min(sorted.count, start + Self.moveChunk)])
            start += Self.moveChunk
            _ = try command("UID STORE \(set) +FLAGS.SILENT (\\Deleted)", selecting: true, name: "UID STORE")
            _ = try command("UID EXPUNGE \(set)", selecting: true, name: "UID EXPUNGE")
            let left = try Self.parseSearch(try command("UID SEARCH UID \(set)", selecting: true, name: "UID SEARCH"))
            // "UID SEARCH UID n" of a gone n may name the last message when n is past it: only a listed UID counts.
            if left.contains(where: { sorted.contains($0) }) { throw .incompleteResponse("a deleted message is still there") }
        }
    }

    /// The UIDs of messages whose Message-ID header contains `messageID` (a case-insensitive
    /// substring search, RFC 3501 SEARCH HEADER): candidates, which the caller must check.
    package func search(messageID: String) throws(TransportError) -> [UInt32] {
        try Self.parseSearch(try command("UID SEARCH HEADER Message-ID \(Self.quoted(messageID))", selecting: true, name: "UID SEARCH"))
    }

    package static let moveChunk = 100

    /// Moves one message (see `move(uids:to:useMove:)`).
    package func move(uid: UInt32, to folder: String, useMove: Bool) throws(TransportError) {
        _ = try move(uids: [uid], to: folder, useMove: useMove)
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

    /// One transfer on a handle of its own, over the session's connection (kept in the shared
    /// cache with its login and selected mailbox). A fresh handle each time because Debian 12's
    /// libcurl adds up a handle's untagged IMAP responses across its transfers (not cleared by
    /// `curl_easy_reset`) and fails the transfer that takes the sum past 300 KB.
    /// A response line libcurl had to clip makes the transfer fail, never a shorter answer.
    private func transfer(_ name: String, _ setUp: (CurlEasy) throws(TransportError) -> Void) throws(TransportError) -> CURLcode {
        let curl = try CurlEasy()
        try configure(curl)
        try setUp(curl)
        watch.clipped = false
        let code = curl.perform()
        if watch.clipped { throw .incompleteResponse("\(name): a response line longer than \(Self.receiveBufferBytes >> 11) KB") }
        return code
    }

    /// Runs a command; with `selecting`, libcurl SELECTs the mailbox first. Returns the
    /// untagged responses.
    func command(_ text: String, selecting: Bool, name: String) throws(TransportError) -> String {
        let sink = DownloadSink(limit: 8 << 20)
        let code: CURLcode = try withExtendedLifetime(sink) { () throws(TransportError) -> CURLcode in
            try transfer(name) { (curl: CurlEasy) throws(TransportError) in
                try curl.set(CURLOPT_URL, selecting ? mailboxURL : "\(server)/")
                try curl.set(CURLOPT_CUSTOMREQUEST, text)
                try curl.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
            }
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

