import ArgumentParser
import Foundation
import Logging
import TightropeApp
import TightropeCore
import TightropeStore
import TightropeTransport

struct PollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Fetch replies over IMAP, store them, read the check-ins, and send the confirmations.",
        discussion: """
            Every fetched message is stored before anything else is done with it, then moved to the \
            processed folder. Replies that cannot be attributed, or were read with low confidence, go \
            to the review queue (`tightrope review list`).
            Exit status: 0 done, 75 something to retry (a message or a confirmation), 78 configuration error.
            """)
    @OptionGroup var options: ConfigOptions
    @Option(help: "Act as if it were this instant (ISO 8601); for testing.") var now: String?
    @Flag(help: "Print where the run's time went (milliseconds per phase) to standard error.") var timing = false

    func run() throws {
        try runMapped {
            let started = DispatchTime.now().uptimeNanoseconds
            IMAPMailbox.keepLargeBlocksMapped()
            let env = try Environment.load(options)
            let practice = try Practice.load(config: env.config, hmacKey: try env.hmacKey())
            var mailbox = try env.imapInbox(configPath: options.path)
            var sender = try env.smtpSender(configPath: options.path, job: "send confirmations")
            let job = PollJob(practice: practice, store: env.store, lexicons: .installed(), clock: try Environment.clock(now: now),
                              logger: Logger(label: "tightrope.poll"))
            guard let report = try job.run(mailbox: &mailbox, sender: &sender) else {
                print("another poll run is in progress; nothing done")
                return
            }
            print("fetched \(report.fetched) (\(report.duplicates) already stored); check-ins \(report.checkIns), "
                  + "commands \(report.commands), digest replies applied \(report.therapistReplies), auto-replies \(report.autoReplies), bounces \(report.bounces), "
                  + "quarantined \(report.quarantined); to review \(report.toReview); safety alerts \(report.alerts); "
                  + "messages sent \(report.delivery.sent); moved \(report.moved)")
            if timing {
                let t = report.timings
                let ms = { (s: Double) in String(format: "%.1f", s * 1000) }
                let process = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                FileHandle.standardError.write(Data(("timing: process_ms=\(ms(process)) run_ms=\(ms(t.total)) open_ms=\(ms(t.open)) loop_ms=\(ms(t.loop)) "
                    + "fetch_ms=\(ms(t.fetch)) store_ms=\(ms(t.store)) read_ms=\(ms(t.read)) parse_ms=\(ms(t.parse)) "
                    + "dispose_ms=\(ms(t.dispose)) finish_ms=\(ms(t.finish)) move_ms=\(ms(t.move)) "
                    + "erase_ms=\(ms(t.erase)) retention_ms=\(ms(t.retention)) deliver_ms=\(ms(t.deliver)) "
                    + "messages=\(report.fetched) sent=\(report.delivery.sent)\n").utf8))
            }
            if report.errors > 0 {
                FileHandle.standardError.write(Data("tightrope: \(report.errors) message(s) could not be processed; they are stored and will be retried\n".utf8))
            }
            if report.exitStatus != .success { throw ExitCode(report.exitStatus) }
        }
    }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Settle the review queue: replies not attributed, answers read with low confidence.",
        subcommands: [List.self, Show.self, Accept.self, Reject.self])

    static func service(_ options: ConfigOptions) throws -> ReviewService {
        let env = try Environment.load(options)
        let practice = try Practice.load(config: env.config, hmacKey: try env.hmacKey())
        return ReviewService(practice: practice, store: env.store, lexicon: try env.lexicon(), clock: SystemClock())
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open items (id, date, couple, reason).")
        @OptionGroup var options: ConfigOptions
        @Flag(help: "Include settled items.") var all = false

        func run() throws {
            try runMapped {
                let items = try ReviewCommand.service(options).list(all: all)
                if items.isEmpty { print("the review queue is empty") }
                let formatter = ISO8601DateFormatter()
                for item in items {
                    print("\(item.id)\t\(formatter.string(from: item.createdAt))\t\(item.coupleID ?? "-")\t\(item.state)\t\(TerminalText.safe(item.reason, multiline: false))")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an item: why it is here, the sender, and the reply's new text.")
        @OptionGroup var options: ConfigOptions
        @Argument var id: Int64

        func run() throws {
            try runMapped {
                let d = try ReviewCommand.service(options).show(id: id)
                // Partners' words and headers are printed escaped: no control or bidi character reaches the terminal.
                func safe(_ text: String) -> String { TerminalText.safe(text, multiline: false) }
                print("item \(d.item.id) (\(d.item.state)): \(safe(d.item.reason))")
                print("couple: \(d.item.coupleID ?? "unknown")   kind: \(d.kind ?? "-")")
                print("from: \(safe(d.from.joined(separator: ", ")))")
                print("subject: \(safe(d.subject))")
                if let c = d.checkIn {
                    print("read: {\(c.scales.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ","))}, confidence \(String(format: "%.2f", c.confidence))")
                }
                if !d.notes.isEmpty { print("why: \(safe(d.notes.joined(separator: "; ")))") }
                for e in d.evidence {
                    print("  \(e.field): \(safe(e.rule))\(e.line.isEmpty ? "" : " — \"\(safe(e.line))\"")")
                }
                print("---\n\(TerminalText.safe(d.text))\n---")
                if d.item.state == .open {
                    print(d.item.checkInID != nil
                          ? "accept it as read: tightrope review accept \(id); or reject: tightrope review reject \(id)"
                          : "attribute it: tightrope review accept \(id) --as COUPLE/a [--round ID]; or reject: tightrope review reject \(id)")
                }
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept an item. For a reply that was not attributed, say whose it is with --as.")
        @OptionGroup var options: ConfigOptions
        @Argument var id: Int64
        @Option(name: .customLong("as"), help: "The partner who sent it, COUPLE/a or COUPLE/b.") var partner: String?
        @Option(help: "The round it answers (default: the one its thread names, else the latest).") var round: Int64?

        func run() throws {
            try runMapped {
                let ref = try partner.map { text throws -> PartnerRef in
                    guard let ref = PartnerRef(text) else { throw AppError.invalidInput("--as: expected COUPLE/a or COUPLE/b") }
                    return ref
                }
                try ReviewCommand.service(options).accept(id: id, partner: ref, roundID: round)
                print("item \(id) accepted")
            }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject an item: it is kept, but never counts as a check-in.")
        @OptionGroup var options: ConfigOptions
        @Argument var id: Int64

        func run() throws {
            try runMapped {
                try ReviewCommand.service(options).reject(id: id)
                print("item \(id) rejected")
            }
        }
    }
}

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Send each therapist this week's digest (once a week), or write one as an HTML page.",
        discussion: """
            Safety alerts come first, then the review queue, then every couple: status, eight weeks of \
            both partners' scales as bar charts, the latest round's changes, trends, signals and quotes, \
            who did not reply, and delivery problems.
            Exit status: 0 sent, 75 some deferred (retried by the next send or poll run), 78 configuration error.
            """)
    @OptionGroup var options: ConfigOptions
    @Option(help: "Write the digest as a standalone HTML page to FILE instead of sending it (0600).") var html: String?
    @Option(help: "The therapist whose digest --html writes (default: the first).") var therapist: String?
    @Option(help: "Act as if it were this instant (ISO 8601); for testing.") var now: String?

    func run() throws {
        try runMapped {
            let env = try Environment.load(options)
            let practice = try Practice.load(config: env.config, hmacKey: try env.hmacKey())
            let job = DigestJob(practice: practice, store: env.store, lexicon: try env.lexicon(), clock: try Environment.clock(now: now),
                                logger: Logger(label: "tightrope.digest"))
            if let html {
                guard let who = therapist.map({ id in env.config.therapist(id: id) }) ?? env.config.therapists.first else {
                    throw AppError.invalidInput("--therapist: no therapist with this id in the configuration")
                }
                let page = try job.html(for: who)
                guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw AppError.invalidInput("--html: cannot write the file")
                }
                print("digest for \(who.id) written to \(html)")
                return
            }
            var sender = try env.smtpSender(configPath: options.path, job: "send the digest")
            let (queued, report) = try job.run(sender: &sender)
            print("digests queued \(queued); sent \(report.sent), deferred \(report.deferred), failed \(report.failed)")
            if report.exitStatus != .success { throw ExitCode(report.exitStatus) }
        }
    }
}
