import CLibFuzzer
#if canImport(Glibc)
import Glibc
#endif

/// The one input function of this process (libFuzzer's callback is a C function pointer and
/// cannot capture it).
nonisolated(unsafe) private var target: ((UnsafeBufferPointer<UInt8>) -> Void)?

/// `FUZZ_CPU_BUDGET_MS`: an input that takes more CPU time than this is a finding (the process
/// aborts, so libFuzzer saves the input). CPU time rather than libFuzzer's wall-clock
/// `-timeout`, so that a busy machine does not make inputs look slow.
private let cpuBudgetMs: Double? = getenv("FUZZ_CPU_BUDGET_MS").flatMap { Double(String(cString: $0)) }
/// `FUZZ_REPORT_CPU=1`: print each input's CPU time ("cpu: N ms") to stderr.
private let reportCPU = getenv("FUZZ_REPORT_CPU").map { String(cString: $0) == "1" } ?? false

/// Writes to stderr (fd 2: the C `stderr` global is not concurrency-safe in Swift 6).
private func printError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

private func threadCPUms() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}

/// Runs libFuzzer's driver with the process's arguments (corpus folders, `-max_len=…`,
/// `-timeout=…`, `-rss_limit_mb=…`, or files to replay) and `body` as the fuzz target; exits
/// with the driver's status. Call it from the target's main.swift: SwiftPM gives every
/// executable target a `main`, so libFuzzer's own `main` is not linked in.
package func fuzz(_ body: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
    target = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard reportCPU || cpuBudgetMs != nil else {
            target?(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
        let start = threadCPUms()
        target?(UnsafeBufferPointer(start: data, count: size))
        let ms = threadCPUms() - start
        if reportCPU { printError("cpu: \(Int(ms.rounded())) ms\n") }
        if let budget = cpuBudgetMs, ms > budget {
            printError("ERROR: over the CPU budget: \(Int(ms.rounded())) ms for \(size) bytes (budget \(Int(budget)) ms)\n")
            abort()
        }
        return 0
    }
    exit(status)
}
