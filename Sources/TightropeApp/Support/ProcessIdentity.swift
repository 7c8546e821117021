import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Names this process for leases: `host:pid:start-time`, and tells whether a holder named
/// that way is gone (same host, and no such process with that start time).
package enum ProcessIdentity {
    package static var current: String {
        "\(hostName):\(getpid()):\(startTime(of: getpid()) ?? "0")"
    }

    package static func isGone(_ holder: String) -> Bool {
        let parts = holder.split(separator: ":")
        guard parts.count == 3, String(parts[0]) == hostName, let pid = Int32(parts[1]) else { return false }
        guard let start = startTime(of: pid) else { return true }
        return start != String(parts[2])
    }

    private static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Field 22 of /proc/PID/stat (start time in clock ticks since boot); nil if no such
    /// process or it is a zombie.
    private static func startTime(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3); start time is field 22.
        guard fields.count > 19, fields[0] != "Z" else { return nil }
        return String(fields[19])
    }
}
