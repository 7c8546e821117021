import Foundation
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
    /// Moves exactly these messages out of the inbox, into the processed folder.
    mutating func moveToProcessed(uids: [Int64]) throws(TransportError)
}

/// Replies over IMAP through libcurl, one connection for the run.
package struct IMAPInbox: InboundMailbox {
    private let mailbox: IMAPMailbox
    private let processedFolder: String
    private var useMove = false
    /// What EXAMINE said when the mailbox was opened: the listing must hold at least its count.
    private var status: IMAPMailbox.Status?
    package let name: String

    package init(settings: ServerSettings, password: String, caFile: String?, processedFolder: String) throws(TransportError) {
        mailbox = try IMAPMailbox(url: settings.url, username: settings.username, password: password, caFile: caFile,
                                  timeoutSeconds: settings.timeoutSeconds)
        self.processedFolder = processedFolder
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

    package mutating func moveToProcessed(uids: [Int64]) throws(TransportError) {
        try mailbox.move(uids: uids.map { UInt32($0) }, to: processedFolder, useMove: useMove)
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
    package mutating func moveToProcessed(uids: [Int64]) throws(TransportError) {
        for uid in uids { try inbox.moveToProcessed(uid: uid) }
    }
}
