import Foundation
import TightropeStore
import TightropeTransport

/// Where replies arrive: an IMAP mailbox, or a Maildir for the demo. Messages are found and
/// fetched by UID; a message is moved to the processed folder only after its raw bytes are
/// committed, and by naming exactly the UIDs that were.
package protocol InboundMailbox {
    /// Names the mailbox in the database's bookkeeping.
    var name: String { get }
    /// Opens the mailbox; returns its UIDVALIDITY.
    mutating func open() throws(TransportError) -> Int64
    /// The UIDs of every message in it, ascending; a listing that does not add up throws
    /// (`TransportError.incompleteResponse`), never a shorter list.
    mutating func uids() throws(TransportError) -> [Int64]
    mutating func fetch(uid: Int64) throws(TransportError) -> [UInt8]
    /// Moves exactly these messages out of the inbox, into the processed folder. Returns where
    /// they went, as far as the server said.
    mutating func moveToProcessed(uids: [Int64]) throws(TransportError) -> MovedMessages
    /// Deletes erased messages on the server (see `ServerErasure`): those deleted or found gone
    /// are `done`; those that cannot be found by UID or key are `notLocated`. Throws when the
    /// server cannot be reached or refuses (the deletions stay pending).
    mutating func erase(_ items: [ServerErasure]) throws(TransportError) -> ServerErasureResult
}

/// Where messages moved out of the inbox went: the processed folder, its UIDVALIDITY and each
/// inbox UID's new UID (empty when the server did not say).
package struct MovedMessages: Equatable, Sendable {
    package var folder: String
    package var folderValidity: Int64
    package var uids: [Int64: Int64]

    package init(folder: String, folderValidity: Int64 = 0, uids: [Int64: Int64] = [:]) {
        self.folder = folder
        self.folderValidity = folderValidity
        self.uids = uids
    }
}

/// What a round of server-side deletions did, by erasure id.
package struct ServerErasureResult: Equatable, Sendable {
    package var done: [Int64] = []
    package var notLocated: [Int64] = []
    /// Messages deleted on the server (a key may find more than one copy).
    package var deleted = 0

    package init() {}
}

/// Replies over IMAP through libcurl, one connection for the run.
package struct IMAPInbox: InboundMailbox {
    private let mailbox: IMAPMailbox
    private let processedFolder: String
    private let settings: ServerSettings
    private let password: String
    private let caFile: String?
    private var useMove = false
    /// What EXAMINE said when the mailbox was opened: the listing must hold at least its count.
    private var status: IMAPMailbox.Status?
    package let name: String

    package init(settings: ServerSettings, password: String, caFile: String?, processedFolder: String) throws(TransportError) {
        mailbox = try IMAPMailbox(url: settings.url, username: settings.username, password: password, caFile: caFile,
                                  timeoutSeconds: settings.timeoutSeconds)
        self.processedFolder = processedFolder
        self.settings = settings
        self.password = password
        self.caFile = caFile
        name = "imap:\(settings.username)/\(mailbox.mailbox)"
    }

    package mutating func open() throws(TransportError) -> Int64 {
        useMove = try mailbox.supportsMove()
        try mailbox.createFolder(processedFolder)
        let status = try mailbox.examine()
        self.status = status
        return Int64(status.uidValidity)
    }

    package mutating func uids() throws(TransportError) -> [Int64] {
        guard let status else { throw .setup("the mailbox was listed before it was opened") }
        return try mailbox.listUIDs(after: status).map(Int64.init)
    }

    package mutating func fetch(uid: Int64) throws(TransportError) -> [UInt8] { try mailbox.fetch(uid: UInt32(uid)) }

    package mutating func moveToProcessed(uids: [Int64]) throws(TransportError) -> MovedMessages {
        let moved = try mailbox.move(uids: uids.map { UInt32($0) }, to: processedFolder, useMove: useMove)
        return MovedMessages(folder: processedFolder, folderValidity: Int64(moved.folderValidity),
                             uids: Dictionary(uniqueKeysWithValues: moved.uids.map { (Int64($0.key), Int64($0.value)) }))
    }

    /// Each message by its recorded UID where the folder's UIDVALIDITY still matches; and every
    /// message whose key is a Message-ID also by a search for it, in its folder and in the
    /// processed folder (a copy delivered twice, a move whose new UID was never recorded), each
    /// hit checked by fetching it and comparing its key exactly (SEARCH HEADER is a loose,
    /// case-insensitive substring match). Only UID EXPUNGE of exactly those UIDs.
    package mutating func erase(_ items: [ServerErasure]) throws(TransportError) -> ServerErasureResult {
        var result = ServerErasureResult()
        var places: [String?: (byUID: [ServerErasure], byKey: [ServerErasure])] = [:]
        for item in items {
            places[item.folder, default: ([], [])].byUID.append(item)
            if item.dedupeKey.hasPrefix("<") {
                places[item.folder, default: ([], [])].byKey.append(item)
                if item.folder != processedFolder { places[processedFolder, default: ([], [])].byKey.append(item) }
            }
        }
        var located = Set<Int64>()
        for (folder, work) in places {
            var box = mailbox
            if let folder {
                box = try IMAPMailbox(url: IMAPMailbox.url(settings.url, mailbox: folder), username: settings.username,
                                      password: password, caFile: caFile, timeoutSeconds: settings.timeoutSeconds)
                // A folder that does not exist (any more) holds nothing to delete.
                guard try box.folderExists(folder) else { continue }
            }
            let status = try box.examine()
            var uids: Set<UInt32> = []
            for item in work.byUID {
                if let uid = item.uid, item.uidValidity == Int64(status.uidValidity), let u = UInt32(exactly: uid) {
                    uids.insert(u)
                    located.insert(item.id)
                }
            }
            for item in work.byKey {
                for candidate in try box.search(messageID: item.dedupeKey) where !uids.contains(candidate) {
                    if InboundProcessor.dedupeKey(try box.fetch(uid: candidate)) == item.dedupeKey { uids.insert(candidate) }
                }
                located.insert(item.id)
            }
            try box.delete(uids: Array(uids))
            result.deleted += uids.count
        }
        for item in items {
            if located.contains(item.id) { result.done.append(item.id) } else { result.notLocated.append(item.id) }
        }
        return result
    }
}

/// Replies from a Maildir (the demo).
package struct MaildirReplies: InboundMailbox {
    package let inbox: MaildirInbox
    package var name: String { "maildir:inbox" }

    package init(inbox: MaildirInbox) { self.inbox = inbox }

    package mutating func open() throws(TransportError) -> Int64 { try inbox.open() }
    package mutating func uids() -> [Int64] { inbox.uids() }
    package mutating func fetch(uid: Int64) throws(TransportError) -> [UInt8] { try inbox.fetch(uid: uid) }
    package mutating func moveToProcessed(uids: [Int64]) throws(TransportError) -> MovedMessages {
        for uid in uids { try inbox.moveToProcessed(uid: uid) }
        return MovedMessages(folder: inbox.processedFolder)
    }

    /// Messages in the inbox by UID; in the processed folder by the key of each file's bytes.
    package mutating func erase(_ items: [ServerErasure]) throws(TransportError) -> ServerErasureResult {
        var result = ServerErasureResult()
        let validity = try inbox.open()
        var keys: [String: [Int64]] = [:]
        for item in items {
            // Still in the inbox: by UID. Wherever it is, also by its key in the processed folder
            // (a move that happened after the erasure was queued, a copy delivered twice).
            if item.folder == nil, let uid = item.uid, item.uidValidity == validity, inbox.uids().contains(uid) {
                try inbox.remove(uid: uid)
                result.deleted += 1
            }
            keys[item.dedupeKey, default: []].append(item.id)
            result.done.append(item.id)
        }
        guard !keys.isEmpty else { return result }
        for file in inbox.processedFiles() {
            guard let data = FileManager.default.contents(atPath: file.path),
                  keys[InboundProcessor.dedupeKey(Array(data))] != nil else { continue }
            try inbox.removeProcessed(file)
            result.deleted += 1
        }
        return result
    }
}
