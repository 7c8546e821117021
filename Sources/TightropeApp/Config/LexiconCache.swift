import Crypto
import Foundation
import TightropeTransport

/// Where the compiled safety lexicon is kept between processes: one file
/// `safety-lexicon-<key>.bin` (mode 0600, in a directory created 0700), keyed by the SHA-256 of
/// the lexicon's files and of the running program's identity (path, size, modification time and
/// inode), so that an edited lexicon or an upgraded program compiles afresh. A cache that cannot
/// be read or written is never an error: the lexicon is compiled, as without one. It holds only
/// the lexicon, no one's data.
package struct LexiconCache: Sendable {
    package let directory: String
    /// SHA-256 of the lexicon's files and the program.
    package let key: [UInt8]

    package init(directory: String, lexiconDigest: [UInt8]) {
        self.directory = directory
        var hasher = SHA256()
        hasher.update(data: Data("tightrope safety lexicon cache\u{0}".utf8))
        hasher.update(data: lexiconDigest)
        hasher.update(data: Data(Self.programIdentity.utf8))
        key = Array(hasher.finalize())
    }

    /// The cache file for this key.
    package var path: String {
        (directory as NSString).appendingPathComponent(Self.prefix + key.prefix(12).map { String(format: "%02x", $0) }.joined() + ".bin")
    }

    static let prefix = "safety-lexicon-"

    /// The process's cache directory: systemd's `$CACHE_DIRECTORY` (the units set
    /// `CacheDirectory=tightrope`), else `$XDG_CACHE_HOME/tightrope`, else `~/.cache/tightrope`;
    /// nil when none is known. `TIGHTROPE_LEXICON_CACHE=off` turns the cache off.
    /// A directory others may write to is not used (see `directoryIsPrivate`).
    package static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if environment["TIGHTROPE_LEXICON_CACHE"] == "off" { return nil }
        if let dirs = environment["CACHE_DIRECTORY"], let first = dirs.split(separator: ":").first, first.hasPrefix("/") {
            return String(first)
        }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return (xdg as NSString).appendingPathComponent("tightrope") }
        if let home = environment["HOME"], home.hasPrefix("/"), home != "/" { return (home as NSString).appendingPathComponent(".cache/tightrope") }
        return nil
    }

    /// Whether `directory` is one only this user can write to (owned by the effective user, no
    /// group or other write bit). A matcher decides which crisis texts alert: it is read only
    /// from a place no one else could have put it (a forged one could silence the screen).
    /// The directory is followed if it is a symlink: with `DynamicUser=`, systemd's
    /// `$CACHE_DIRECTORY` is `/var/cache/tightrope`, a link to `/var/cache/private/tightrope`;
    /// what is checked is the directory it leads to.
    package var directoryIsPrivate: Bool {
        var st = stat()
        guard stat(directory, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == geteuid(), st.st_mode & 0o022 == 0
        else { return false }
        return true
    }

    /// The file's bytes, or nil when there is none (or it cannot be read, is not a regular file,
    /// is not this user's own with mode 0600 or stricter, or lies in a directory others may write).
    package func read() -> [UInt8]? {
        guard directoryIsPrivate else { return nil }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == geteuid(), st.st_mode & 0o077 == 0,
              st.st_size > 0, st.st_size < 1 << 30 else { return nil }
        // Read into uninitialised memory (no zeroing of ~10 MB first); a short read is a failure.
        let size = Int(st.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let n = Glibc.read(fd, buffer.baseAddress! + done, size - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                done += n
            }
            complete = done == size
            initialized = done
        }
        return complete ? bytes : nil
    }

    /// Writes `bytes` (to a temporary file renamed into place, so a reader sees all or nothing)
    /// and removes the files of other keys. Best effort: any failure leaves no partial file.
    package func write(_ bytes: [UInt8]) {
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                         attributes: [.posixPermissions: 0o700])) != nil,
              directoryIsPrivate  // never written where it would not be read back
        else { return }
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        var ok = FileDescriptorWrite.all(fd, bytes) == 0
        ok = close(fd) == 0 && ok
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
        let mine = (path as NSString).lastPathComponent
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasPrefix(Self.prefix) && name.hasSuffix(".bin") && name != mine {
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    /// What identifies the running program's build: a rebuilt or upgraded binary is another key.
    private static let programIdentity: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        var st = stat()
        guard stat(exe, &st) == 0 else { return exe + " unknown \(UUID())" }
        return "\(exe) \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_ino) \(st.st_dev)"
    }()
}
