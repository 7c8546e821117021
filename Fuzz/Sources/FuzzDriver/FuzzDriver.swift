import CLibFuzzer
#if canImport(Glibc)
import Glibc
#endif

/// The one input function of this process (libFuzzer's callback is a C function pointer and
/// cannot capture it).
nonisolated(unsafe) private var target: ((UnsafeBufferPointer<UInt8>) -> Void)?

/// Runs libFuzzer's driver with the process's arguments (corpus folders, `-max_len=…`,
/// `-timeout=…`, `-rss_limit_mb=…`, or files to replay) and `body` as the fuzz target; exits
/// with the driver's status. Call it from the target's main.swift: SwiftPM gives every
/// executable target a `main`, so libFuzzer's own `main` is not linked in.
package func fuzz(_ body: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
    target = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        target?(UnsafeBufferPointer(start: data, count: size))
        return 0
    }
    exit(status)
}
