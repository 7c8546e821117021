import ArgumentParser
import Foundation
import Logging
import TightropeApp
import TightropeCore
import TightropeStore

extension PartnerLabel: ExpressibleByArgument {}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented configuration if there is none, check it and the templates, and create the database (0600).",
        discussion: """
            With no configuration file yet, init writes one (the commented example with your values; edit it afterwards \
            for retention, schedules and more). The values it needs come from the flags below, or are asked for on a \
            terminal. An existing configuration is never overwritten.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "For a new configuration: the practice's name, shown in every email.") var practiceName: String?
    @Option(help: "For a new configuration: the address check-ins come from and replies go to (plus-addressed).") var from: String?
    @Option(help: "For a new configuration: the first therapist's name.") var therapistName: String?
    @Option(help: "For a new configuration: the first therapist's email (digests and alerts).") var therapistEmail: String?
    @Option(help: "For a new configuration: the couples' default IANA time zone (default: this machine's).") var timeZone: String?
    @Option(help: "For a new configuration: where partners should turn in a crisis, printed in every email (your country's lines).")
    var crisisText: String?
    @Option(help: "For a new configuration: the SMTP/IMAP server's host name (default: mail. and the From domain).") var mailHost: String?
    @Option(help: "For a new configuration: the database file (default /var/lib/tightrope/tightrope.sqlite).") var database: String?
    @Flag(help: "Write (if none) and check the configuration only; the database is created by the first run as the service's user.")
    var configOnly = false

    func run() throws {
        try runMapped {
            if !FileManager.default.fileExists(atPath: options.path) {
                try writeConfiguration()
            } else if [practiceName, from, therapistName, therapistEmail, timeZone, crisisText, mailHost, database].contains(where: { $0 != nil }) {
                print("\(options.path) exists: it is checked as it is, and the values given for a new configuration are not used")
            }
            if configOnly {
                let config: Configuration
                do { config = try Configuration.load(path: options.path) } catch { throw AppError.configuration("\(error)") }
                _ = try Practice.load(config: config, hmacKey: Array(repeating: 0, count: 32))
                print("configuration ok: \(config.therapists.count) therapist(s)")
                return
            }
            let env = try Environment.load(options)
            _ = try Practice.load(config: env.config, hmacKey: Array(repeating: 0, count: 32))
            print("configuration ok: \(env.config.therapists.count) therapist(s)")
            print("database ready: \(env.config.databasePath) (journal \(try env.store.journalMode()))")
        }
    }

    /// A DNS host name: dot-separated labels of letters, digits and hyphens.
    static func isHostName(_ s: String) -> Bool {
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        return s.count <= 253 && labels.count >= 1 && labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
    }

    /// Asks for (on a terminal) or takes from the flags the values a new configuration needs,
    /// checks the text as every command would read it, and writes it without replacing any file.
    func writeConfiguration() throws {
        let interactive = isatty(STDIN_FILENO) == 1
        var missing: [String] = []
        func value(_ given: String?, flag: String, question: String, default fallback: String? = nil) -> String {
            if let given, !given.isEmpty { return given }
            if interactive {
                print("\(question)\(fallback.map { " [\($0)]" } ?? ""): ", terminator: "")
                if let line = readLine()?.trimmingCharacters(in: .whitespaces), !line.isEmpty { return line }
            }
            if let fallback { return fallback }
            missing.append(flag)
            return ""
        }
        // The machine's zone as a couple's default; Debian images say "Etc/UTC", which is UTC.
        let machine = TimeZone.current.identifier
        let zone = ["Etc/UTC", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu", "Etc/GMT", "GMT"].contains(machine) ? "UTC" : machine
        let template = ConfigTemplate(
            practiceName: value(practiceName, flag: "--practice-name", question: "Practice name"),
            from: value(from, flag: "--from", question: "Address check-ins come from (replies come back to it)"),
            therapistName: value(therapistName, flag: "--therapist-name", question: "First therapist's name"),
            therapistEmail: value(therapistEmail, flag: "--therapist-email", question: "First therapist's email"),
            timeZone: value(timeZone, flag: "--time-zone", question: "Couples' default time zone",
                            default: zone == "UTC" || (TimeZone(identifier: zone) != nil && zone.contains("/")) ? zone : nil),
            crisisText: value(crisisText, flag: "--crisis-text", question: "Where partners should turn in a crisis (printed in every email)"),
            database: database ?? "/var/lib/tightrope/tightrope.sqlite", mailHost: mailHost)
        if let mailHost, !Self.isHostName(mailHost) {
            throw AppError.invalidInput("--mail-host: must be a host name only, such as mail.example.org (no port, path or scheme)")
        }
        guard missing.isEmpty else {
            throw AppError.configuration("\(options.path) does not exist; to write it, give \(missing.joined(separator: ", ")) (or run init on a terminal to be asked)")
        }
        do {
            _ = try Configuration.parse(template.text, file: options.path)
        } catch {
            throw AppError.invalidInput("the configuration was not written: \(error)")
        }
        try ConfigTemplate.write(template.text, to: options.path)
        print("wrote \(options.path): check the [smtp] and [imap] servers, then see the rest of it (retention, schedules)")
    }
}

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Print the exact check-in email a partner would get if the round opened now.")
    @OptionGroup var options: ConfigOptions
    @Argument var couple: String
    @Option(help: "a or b (default a).") var partner: PartnerLabel = .a

    func run() throws {
        try runMapped {
            let env = try Environment.load(options)
            let key = try env.hmacKey()
            let practice = try Practice.load(config: env.config, hmacKey: key)
            let bytes = try Preview(practice: practice, store: env.store, clock: SystemClock()).render(coupleID: couple, label: partner)
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run five weeks of the loop on embedded defaults: no config, no network.")
    @Option(help: "Directory for the demo's database and Maildir (default: a new temporary directory).") var dir: String?

    func run() throws {
        try runMapped {
            let directory: URL
            if let dir {
                directory = URL(fileURLWithPath: dir)
            } else {
                let tmp = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("tightrope-demo-XXXXXX").path
                var template = Array(tmp.utf8CString)
                guard let made = mkdtemp(&template) else { throw AppError.failure("demo: cannot create a temporary directory") }
                directory = URL(fileURLWithPath: String(cString: made))
            }
            var logger = Logger(label: "tightrope.demo")
            logger.logLevel = .warning
            let result = try Demo.run(directory: directory, start: Date(), logger: logger)
            print("Tightrope demo: \(Demo.couples(consentAt: Date()).count) couples, \(Demo.weeks) weeks of hourly send runs")
            for (i, week) in result.weeks.enumerated() {
                let poll = result.polls[i]
                if i == result.weeks.count - 1, !result.therapistReply.isEmpty {
                    print("  the therapist replies to the digest of weeks 1-\(i): " + result.therapistReply.joined(separator: " / "))
                }
                print("  week \(i + 1): \(week.roundsOpened) rounds opened, \(week.queued) check-ins sent, \(week.reminders) reminder(s); "
                      + "\(poll.fetched) replies read: \(poll.checkIns) check-ins, \(poll.commands) command(s), "
                      + (poll.therapistReplies > 0 ? "\(poll.therapistReplies) digest reply applied, " : "")
                      + "\(poll.toReview) for review, \(poll.delivery.sent) confirmations sent")
            }
            print("\nCheck-ins read (couple/partner, week: scales, confidence, reflection):")
            for line in try Demo.checkInLines(databasePath: result.databasePath) { print("  " + line) }
            print("\ntherapist's digest (also mailed): \(result.digest.path)")
            print("messages (Maildir):             \(result.maildir.path)/new")
            print("replies, as polled (Maildir):   \(result.inbox.path)")
            print("database:                       \(result.databasePath)")
        }
    }
}

/// What most commands need: the configuration, the store, and the couple service.
/// The App's environment, loaded from the command's `--config`.
typealias Environment = AppEnvironment

extension AppEnvironment {
    static func load(_ options: ConfigOptions) throws -> AppEnvironment { try load(configPath: options.path) }
}

struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Open this week's round for every due couple, queue the check-ins, and deliver the outbox over SMTP.",
        discussion: "Exit status: 0 all sent, 75 some deferred (they are retried on later runs), 78 configuration error.")
    @OptionGroup var options: ConfigOptions
    @Flag(help: "Render and report what would be queued; write and send nothing.") var dryRun = false
    @Option(help: "Act as if it were this instant (ISO 8601, e.g. 2026-12-01T18:00:00Z); for testing.") var now: String?
    @Option(help: "Only this couple (and say why it got nothing, if it did not).") var couple: String?
    @Flag(help: "With --couple: open the current week's round now, even before its send time or for a couple added after it (still once per week).")
    var thisWeek = false
    @Flag(help: "Say for every couple that got nothing why (not due yet, added after this week's send time, paused). On a terminal this is the default.")
    var explain = false

    func validate() throws {
        if thisWeek && couple == nil { throw ValidationError("--this-week opens one couple's round: name it with --couple ID") }
    }

    func run() throws {
        try runMapped {
            let env = try Environment.load(options)
            let practice = try Practice.load(config: env.config, hmacKey: try env.hmacKey())
            let clock = try Environment.clock(now: now)
            var job = SendJob(practice: practice, store: env.store, clock: clock, logger: Logger(label: "tightrope.send"))
            job.onlyCouple = couple
            job.thisWeek = thisWeek
            let detailed = explain || couple != nil || isatty(STDOUT_FILENO) == 1
            if dryRun {
                var report = SendReport()
                try job.openDueRounds(report: &report, dryRun: true)
                print("dry run: would open \(report.roundsOpened) round(s) and queue \(report.queued) check-in(s)")
                Self.printSkipped(report)
                Self.printWaiting(report, detailed: detailed)
                return
            }
            let makeSender = try env.smtpFactory(configPath: options.path, job: "send")
            let progress = isatty(STDERR_FILENO) == 1 ? ProgressLine() : nil
            let onProgress: (@Sendable (Int, Int) -> Void)? = progress.map { line in { @Sendable done, total in line.update(done, total) } }
            guard let report = try job.run(connections: env.config.smtp?.connections ?? 1, makeSender: makeSender,
                                           progress: onProgress) else {
                print("another send run is in progress; nothing done")
                return
            }
            progress?.finish()
            print("opened \(report.roundsOpened) round(s); sent \(report.sent), deferred \(report.deferred), failed \(report.failed)"
                  + (report.reminders > 0 ? "; \(report.reminders) reminder(s) queued" : ""))
            Self.printSkipped(report)
            Self.printWaiting(report, detailed: detailed)
            if report.failed > 0 {
                FileHandle.standardError.write(Data("tightrope: \(report.failed) message(s) were refused by the server; see the digest\n".utf8))
            }
            if report.exitStatus != .success { throw ExitCode(report.exitStatus) }
        }
    }

    /// Why couples got nothing: one line per couple when `detailed`, else counts (a timer's
    /// journal gets one line an hour, not one per couple).
    static func printWaiting(_ report: SendReport, detailed: Bool) {
        guard !report.waiting.isEmpty else { return }
        guard detailed else {
            var counts: [String: Int] = [:]
            for w in report.waiting { counts[Self.kind(w.reason), default: 0] += 1 }
            print("no round opened for: " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                  + " (tightrope send --explain lists them)")
            return
        }
        for w in report.waiting {
            let when = { (date: Date) in Self.local(date, timeZoneID: w.timeZoneID) }
            switch w.reason {
            case .notDue(let next):
                print("\(w.coupleID): not due yet; this week's check-in goes out \(when(next))")
            case .addedAfterSendTime(let next):
                print("\(w.coupleID): added after this week's send time; first check-in \(next.map(when) ?? "next week")"
                      + " (or now: tightrope send --couple \(w.coupleID) --this-week)")
            case .couplePaused:
                print("\(w.coupleID): paused (tightrope couple resume \(w.coupleID))")
            case .coupleEnded:
                print("\(w.coupleID): ended; no more check-ins")
            case .alreadyOpened(let week):
                print("\(w.coupleID): the round for \(week) is open already (a round is sent once)")
            }
        }
    }

    static func kind(_ reason: SendReport.Waiting.Reason) -> String {
        switch reason {
        case .notDue: "not due yet"
        case .addedAfterSendTime: "added after this week's send time"
        case .couplePaused: "paused"
        case .coupleEnded: "ended"
        case .alreadyOpened: "open already"
        }
    }

    /// "Thursday 10 December 2026, 09:00 (America/New_York)", in the couple's zone.
    static func local(_ date: Date, timeZoneID: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: timeZoneID)
        f.dateFormat = "EEEE d MMMM yyyy, HH:mm"
        return "\(f.string(from: date)) (\(timeZoneID))"
    }

    static func printSkipped(_ report: SendReport) {
        if !report.skippedWithoutConsent.isEmpty {
            print("skipped, no consent on record: \(report.skippedWithoutConsent.joined(separator: " "))")
        }
        if !report.skippedPaused.isEmpty {
            print("skipped, paused or stopped: \(report.skippedPaused.joined(separator: " "))")
        }
        if !report.skippedFailingAddress.isEmpty {
            print("skipped, address bounced repeatedly (correct it with the couple): \(report.skippedFailingAddress.joined(separator: " "))")
        }
    }
}

/// A one-line progress display on a terminal: count and rate, redrawn at most ten times a second.
final class ProgressLine: @unchecked Sendable {  // called under DeliveryTally's lock
    private let start = Date()
    private var lastDraw = Date.distantPast

    func update(_ done: Int, _ total: Int) {
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let rate = Double(done) / max(now.timeIntervalSince(start), 0.001)
        FileHandle.standardError.write(Data("\rsending \(done)/\(total) (\(Int(rate)) msg/s)   ".utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, credentials, database, clock and time zones, and log in to SMTP and IMAP.",
        discussion: "Exit status 0 when every check is ok, 78 otherwise.")
    @OptionGroup var options: ConfigOptions

    func run() throws {
        let checks = Doctor(configPath: options.path).run()
        for check in checks {
            print("\(check.ok ? "ok  " : "FAIL") \(check.name): \(check.detail)")
        }
        if checks.contains(where: { !$0.ok }) { throw ExitCode(.configuration) }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write everything stored about a couple as one archive (a record request).",
        discussion: """
            The archive (POSIX tar) holds record.json (every stored row about the couple), the raw \
            messages received and sent as .eml files, a README, manifest.json and SHA256SUMS. It holds \
            nothing of any other couple. Created 0600; an existing file is never overwritten.
            """)
    @OptionGroup var options: ConfigOptions
    @Argument var couple: String
    @Option(name: .shortAndLong, help: "The archive to write (default: tightrope-export-COUPLE-DATE.tar here); - for standard output.")
    var output: String?

    func run() throws {
        try runMapped {
            let env = try Environment.load(options)
            let data = try RecordsService(store: env.store, clock: SystemClock(), processedFolder: env.config.processedFolder)
                .export(coupleID: couple)
            if output == "-" {
                FileHandle.standardOutput.write(data)
                return
            }
            let day = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withFullDate])
            let path = output ?? "tightrope-export-\(couple)-\(day).tar"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw AppError.failure("export: cannot create \(TerminalText.safe(path)) (\(String(cString: strerror(errno))))")
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            do { try handle.write(contentsOf: data); try handle.synchronize() } catch {
                throw AppError.failure("export: cannot write \(TerminalText.safe(path))")
            }
            print("wrote \(TerminalText.safe(path)) (\(data.count) bytes); check it with: tar -xf ARCHIVE && cd tightrope-export-\(couple) && sha256sum -c SHA256SUMS")
        }
    }
}

struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Erase a couple from the database, the outbox and the mail server. Only an audit entry that it happened remains.",
        discussion: """
            Removes the couple, partners, rounds, check-ins, every message received from them or naming \
            them, review items, their outgoing mail and alerts; drops unsent digests that speak of them \
            (this week's is rendered again without them) and the stored copies of sent ones; deletes their \
            messages on the mail server (UID STORE \\Deleted + UID EXPUNGE); scrubs the database file and \
            its WAL; then searches the files for what was erased. When the mail server cannot be reached, \
            the server-side deletions stay pending and the next poll finishes them (`doctor` shows them). \
            Not erased: backups the practice made itself, copies in partners' and the therapist's own \
            mailboxes.
            """)
    @OptionGroup var options: ConfigOptions
    @Argument var couple: String
    @Flag(help: "Confirm the erasure (it cannot be undone).") var yes = false

    func run() throws {
        try runMapped {
            guard yes else { throw AppError.invalidInput("forget: this erases the couple's whole record; add --yes to confirm") }
            let env = try Environment.load(options)
            let records = RecordsService(store: env.store, clock: SystemClock(), processedFolder: env.config.processedFolder)
            let result = try records.forget(coupleID: couple, by: RecordsService.actor())
            print("erased couple \(couple):")
            for place in result.report.places where place.name != "mail server deletions queued" {
                print("  \(place.name): \(place.count)")
            }
            print(result.report.scrubbed ? "  database file and WAL: scrubbed (VACUUM, WAL checkpointed and truncated)"
                  : "  database file and WAL: the scrub did not finish (another process held the database); the next poll does it")
            // This week's digests that held them: rendered again without them.
            let redone = rerenderDigests(result.report.droppedDigests, env: env)
            if !result.report.droppedDigests.isEmpty {
                print("  digests rendered again without them: \(redone) (this week's, covering everything since the last one sent)")
            }
            eraseOnServer(queued: result.report.serverDeletionsQueued, records: records, env: env)
            let residue = try records.verifyErased(result.needles)
            if residue.found == 0 {
                print("verified: none of \(residue.searched) distinctive strings of the record (addresses, Message-IDs, "
                      + "reflections) is left in the database files (\(residue.bytesScanned) bytes searched)"
                      + (residue.heldForServer > 0 ? "; \(residue.heldForServer) Message-ID(s) are kept until the mail server has deleted "
                         + "their messages (the next poll), then scrubbed" : ""))
            } else {
                FileHandle.standardError.write(Data(("tightrope: \(residue.found) of \(residue.searched) distinctive strings of the "
                    + "record are still in the database files (another process may have held the WAL); stop other runs and check with `tightrope doctor`\n").utf8))
                throw ExitCode(TightropeApp.ExitStatus.temporary)
            }
        }
    }

    /// Queues again this week's digests that the erasure dropped (a past week's is not sent late).
    private func rerenderDigests(_ dropped: [ErasureReport.DroppedDigest], env: AppEnvironment) -> Int {
        guard !dropped.isEmpty, let key = try? env.hmacKey(), let practice = try? Practice.load(config: env.config, hmacKey: key),
              let lexicon = try? env.lexicon() else { return 0 }
        // This week's digest again, covering everything since the last one sent (so a dropped
        // digest of an earlier week loses no other couple's news); once per therapist.
        let job = DigestJob(practice: practice, store: env.store, lexicon: lexicon, clock: SystemClock(), logger: Logger(label: "tightrope.forget"))
        var done = 0
        for id in Set(dropped.map(\.therapistID)).sorted() {
            if let therapist = env.config.therapist(id: id), (try? job.queue(for: therapist)) == true { done += 1 }
        }
        return done
    }

    /// Deletes the erased messages on the mail server now, or says they are pending.
    private func eraseOnServer(queued: Int, records: RecordsService, env: AppEnvironment) {
        guard queued > 0 else { return }
        guard env.config.imap != nil, var mailbox = try? env.imapInbox(configPath: options.path) else {
            print("  mail server: \(queued) message(s) to delete, pending (no IMAP configured or no credential); the next poll deletes them")
            return
        }
        do {
            let (result, pending) = try records.eraseOnServer(mailbox: &mailbox)
            print("  mail server: \(result.deleted) message(s) deleted" + (pending > 0 ? ", \(pending) pending" : "")
                  + (result.notLocated.isEmpty ? "" : "; \(result.notLocated.count) could not be located (no UID or Message-ID recorded): "
                     + "look for them in the folder \(env.config.processedFolder)"))
        } catch {
            print("  mail server: \(queued) message(s) to delete, pending: \(error.description). The next poll deletes them; "
                  + "`tightrope doctor` shows how many wait")
        }
    }
}
