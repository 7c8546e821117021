import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A Maildir read as an IMAP-like inbox (the demo's file transport for replies): messages
/// in `new/` and `cur/` get ascending UIDs, kept in `tightrope-uidlist` like Dovecot's
/// uidlist, and "moving to the processed folder" renames them into `.<folder>/cur/`.
package struct MaildirInbox: Sendable {
    package let root: URL
    package let processedFolder: String
    private static let listName = "tightrope-uidlist"

    package init(root: URL, processedFolder: String) throws(TransportError) {
        self.root = root
        self.processedFolder = processedFolder
        _ = try MaildirWriter(root: root)
        _ = try MaildirWriter(root: processedRoot)
    }

    private var processedRoot: URL {
        root.appendingPathComponent("." + processedFolder.replacingOccurrences(of: "/", with: "."))
    }

    /// The UID list: validity, next UID, and uid → file path (relative to the root).
    private struct UIDList {
        var validity: Int64
        var next: Int64
        var files: [Int64: String]
    }

    private func loadList() -> UIDList {
        guard let text = try? String(contentsOf: root.appendingPathComponent(Self.listName), encoding: .utf8) else {
            return UIDList(validity: Int64(Date().timeIntervalSince1970), next: 1, files: [:])
        }
        var list = UIDList(validity: 1, next: 1, files: [:])
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2 else { continue }
            switch fields[0] {
            case "validity": list.validity = Int64(fields[1]) ?? 1
            case "next": list.next = Int64(fields[1]) ?? 1
            default: if let uid = Int64(fields[0]) { list.files[uid] = String(fields[1]) }
            }
        }
        return list
    }

    private func save(_ list: UIDList) throws(TransportError) {
        var text = "validity \(list.validity)\nnext \(list.next)\n"
        for (uid, file) in list.files.sorted(by: { $0.key < $1.key }) { text += "\(uid) \(file)\n" }
        let tmp = root.appendingPathComponent(Self.listName + ".tmp").path
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
              rename(tmp, root.appendingPathComponent(Self.listName).path) == 0 else {
            throw .maildir(operation: "write uidlist", errno: errno)
        }
    }

    /// UIDVALIDITY, after giving every new message its UID.
    package func open() throws(TransportError) -> Int64 {
        var list = loadList()
        let known = Set(list.files.values)
        for sub in ["new", "cur"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(sub).path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") && !known.contains("\(sub)/\(name)") {
                list.files[list.next] = "\(sub)/\(name)"
                list.next += 1
            }
        }
        try save(list)
        return list.validity
    }

    /// The UIDs of the messages in the inbox, ascending.
    package func uids() -> [Int64] { loadList().files.keys.sorted() }

    package func fetch(uid: Int64) throws(TransportError) -> [UInt8] {
        guard let file = loadList().files[uid],
              let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) else {
            throw .maildir(operation: "read", errno: ENOENT)
        }
        return Array(data)
    }

    /// Moves a message into the processed folder.
    package func moveToProcessed(uid: Int64) throws(TransportError) {
        var list = loadList()
        guard let file = list.files[uid] else { return }
        let name = (file as NSString).lastPathComponent
        if rename(root.appendingPathComponent(file).path, processedRoot.appendingPathComponent("cur/\(name)").path) != 0,
           errno != ENOENT {
            throw .maildir(operation: "rename", errno: errno)
        }
        list.files[uid] = nil
        try save(list)
    }

    /// The files of the processed folder (`cur/` and `new/`).
    package func processedFiles() -> [URL] {
        ["cur", "new"].flatMap { sub -> [URL] in
            let dir = processedRoot.appendingPathComponent(sub)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
        }
    }

    /// Deletes a message still in the inbox (an erasure).
    package func remove(uid: Int64) throws(TransportError) {
        var list = loadList()
        guard let file = list.files[uid] else { return }
        if unlink(root.appendingPathComponent(file).path) != 0, errno != ENOENT { throw .maildir(operation: "unlink", errno: errno) }
        list.files[uid] = nil
        try save(list)
    }

    /// Deletes a file of the processed folder (an erasure).
    package func removeProcessed(_ file: URL) throws(TransportError) {
        guard file.deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL == processedRoot.standardizedFileURL else {
            throw .maildir(operation: "unlink outside the processed folder", errno: EINVAL)
        }
        if unlink(file.path) != 0, errno != ENOENT { throw .maildir(operation: "unlink", errno: errno) }
    }
}
