import Glibc

/// Writing a whole buffer to a file descriptor: what the Maildir writer, the lexicon cache and
/// `init`'s configuration each need before their fsync/rename.
package enum FileDescriptorWrite {
    /// Writes all of `bytes` to `fd`, going on after short writes and EINTR. Returns 0 when every
    /// byte is written, else the errno of the write that failed (captured before anything else
    /// can change it).
    package static func all(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            written += n
        }
        return 0
    }
}
