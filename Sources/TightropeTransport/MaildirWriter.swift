import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Delivers messages into a Maildir (tmp → fsync → rename into new), as the demo's and dry
/// runs' file transport. Files and folders are private to the owner.
package struct MaildirWriter: Sendable {
    package let root: URL

    /// Deliveries by this process, for unique file names.
    private static let sequence = Counter()

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Int32 = 0
        func next() -> Int32 { lock.withLock { value += 1; return value } }
    }

    package init(root: URL) throws(TransportError) {
        self.root = root
        for sub in ["", "tmp", "new", "cur"] {
            let path = root.appendingPathComponent(sub).path
            if mkdir(path, 0o700) != 0 && errno != EEXIST { throw .maildir(operation: "mkdir", errno: errno) }
        }
    }

    /// Writes one message; returns its file name under `new/`.
    @discardableResult
    package func deliver(_ bytes: [UInt8], uniqueHint: String) throws(TransportError) -> String {
        let safeHint = String(uniqueHint.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            .map(Character.init).prefix(40))
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        // Fixed-width fields, so names sort in delivery order; Q counts this process's
        // deliveries, so two in the same microsecond never clash.
        let name = String(format: "%lld.M%06ldQ%06dP%d_", Int64(now.tv_sec), Int(now.tv_nsec / 1000), Self.sequence.next(), getpid())
            + safeHint + ".tightrope"
        let tmp = root.appendingPathComponent("tmp/\(name)").path
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .maildir(operation: "open", errno: errno) }
        let code = FileDescriptorWrite.all(fd, bytes)
        guard code == 0 else {
            close(fd)
            unlink(tmp)
            throw .maildir(operation: "write", errno: code)
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            unlink(tmp)
            throw .maildir(operation: "fsync", errno: code)
        }
        close(fd)
        guard rename(tmp, root.appendingPathComponent("new/\(name)").path) == 0 else {
            throw .maildir(operation: "rename", errno: errno)
        }
        return name
    }
}
