import ArgumentParser
import Foundation
import Logging
import TightropeApp
import TightropeCore
import TightropeTransport
#if canImport(Glibc)
import Glibc
#endif

@main
struct Tightrope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tightrope",
        abstract: "Weekly email check-ins for couples in therapy.",
        subcommands: [
            InitCommand.self, CoupleCommand.self, RosterCommand.self, ConsentCommand.self, PreviewCommand.self,
            SendCommand.self, PollCommand.self, ReviewCommand.self, DigestCommand.self, DoctorCommand.self, ExportCommand.self, ForgetCommand.self, DemoCommand.self, DebugCommand.self, ExtractReplyCommand.self, ExtractBodyCommand.self, ParseReplyCommand.self, ScreenCommand.self,
        ]
    )

    static func main() {
        // Everything this process creates (database, -wal, -shm, Maildir files) is private.
        umask(0o077)
        CurlRuntime.initialize()
        let level = ProcessInfo.processInfo.environment["TIGHTROPE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        main(nil)
    }
}

/// Options every command that reads the configuration shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $TIGHTROPE_CONFIG or /etc/tightrope/config.toml).")
    var config: String?

    var path: String {
        config ?? ProcessInfo.processInfo.environment["TIGHTROPE_CONFIG"] ?? "/etc/tightrope/config.toml"
    }
}

/// Runs a command body, mapping errors to the project's exit codes with a message on stderr.
func runMapped(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as AppError {
        // A last guard: no error message can carry a control or bidi character to the terminal.
        FileHandle.standardError.write(Data("tightrope: \(TerminalText.safe(error.description, multiline: false))\n".utf8))
        throw ExitCode(error.exitStatus)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("tightrope: \(TerminalText.safe(String(describing: error), multiline: false))\n".utf8))
        throw ExitCode(.failure)
    }
}

extension ExitCode {
    /// The one place where the project's outcomes become process exit codes.
    init(_ status: ExitStatus) { self.init(status.rawValue) }
}
