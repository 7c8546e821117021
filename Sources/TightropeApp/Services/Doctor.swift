import Foundation
import TightropeCore
import TightropeStore
import TightropeTransport

/// One `doctor` finding: ok, or what is wrong and what to do.
package struct DoctorCheck: Equatable, Sendable {
    package var name: String
    package var ok: Bool
    package var detail: String
}

/// `tightrope doctor`: checks the configuration, templates, credentials, the database file,
/// the clock and time zone data, and logs in to the SMTP and IMAP servers with TLS.
package struct Doctor {
    package let configPath: String
    package let credentials: Credentials
    package let now: Date

    package init(configPath: String, credentials: Credentials = Credentials(), now: Date = Date()) {
        self.configPath = configPath
        self.credentials = credentials
        self.now = now
    }

    package func run() -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        func add(_ name: String, _ ok: Bool, _ detail: String) { checks.append(DoctorCheck(name: name, ok: ok, detail: detail)) }

        let config: Configuration
        do {
            config = try Configuration.load(path: configPath)
            add("configuration", true, "\(configPath): \(config.therapists.count) therapist(s)")
        } catch {
            add("configuration", false, error.description)
            return checks
        }
        do {
            // Every installed language too: the jobs load one only when a partner writes in it.
            let practice = try Practice.load(config: config, hmacKey: Array(repeating: 0, count: 32))
            _ = try practice.locales.all()
            add("templates and questions", true, "loaded and checked (languages: en \(practice.languages.joined(separator: " ")))")
        } catch {
            add("templates and questions", false, error.description)
        }
        // The poll loads it only when there is mail to read: a broken one must show here first.
        do {
            let lexicon = try LexiconSource.installed().lexicon()
            let cache = LexiconCache.defaultDirectory().map { "compiled form kept in \($0)" } ?? "no cache directory: compiled in every poll with mail"
            add("safety lexicon", true, "\(lexicon.categories.count) concept(s) loaded (\(lexicon.fromCache ? "from its cache" : "compiled")); \(cache)")
        } catch {
            add("safety lexicon", false, error.description + " (poll reads no reply until this is fixed; nothing is lost)")
        }

        var secrets: [Credentials.Name: String] = [:]
        for name in Credentials.Name.allCases {
            do {
                if name == .hmacKey { _ = try credentials.hmacKey() }
                secrets[name] = try credentials.secret(name)
                add("credential \(name.rawValue)", true, "present")
            } catch {
                add("credential \(name.rawValue)", false, error.description)
            }
        }

        checks += databaseChecks(path: config.databasePath, config: config)

        // The clock and the time zone data every couple's schedule depends on.
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        add("clock", year >= 2024, year >= 2024 ? "UTC now \(ISO8601DateFormatter().string(from: now))"
            : "the system clock reads \(year): set it (timedatectl set-ntp true)")
        let zonesOK = TimeZone(identifier: "Europe/Berlin") != nil && TimeZone(identifier: "America/New_York") != nil
            && (try? InputValidator.checkTimeZone(config.defaults.timeZoneID, field: "defaults.time_zone")) != nil
        add("time zone data", zonesOK, zonesOK ? "IANA zones available" : "time zone data missing: apt-get install tzdata")

        if let smtp = config.smtp, let password = secrets[.smtpPassword] {
            do {
                try ConnectionCheck.smtp(url: smtp.url, username: smtp.username, password: password, caFile: config.caFile,
                                         timeoutSeconds: smtp.timeoutSeconds, ehloName: String(config.from.domain))
                add("SMTP", true, "TLS verified and login accepted")
            } catch {
                add("SMTP", false, error.description)
            }
        } else {
            add("SMTP", false, config.smtp == nil ? "no [smtp] table in the configuration" : "no smtp-password credential")
        }
        if let imap = config.imap, let password = secrets[.imapPassword] {
            do {
                try ConnectionCheck.imap(url: imap.url, username: imap.username, password: password, caFile: config.caFile,
                                         timeoutSeconds: imap.timeoutSeconds)
                add("IMAP", true, "TLS verified and login accepted")
                let mailbox = try IMAPMailbox(url: imap.url, username: imap.username, password: password, caFile: config.caFile,
                                              timeoutSeconds: imap.timeoutSeconds)
                let waiting = try mailbox.examine().exists
                add("IMAP inbox", true, "\(waiting) message(s) wait in \(mailbox.mailbox)"
                    + (waiting > 500 ? " (the next poll reads them all, in UID order; see README, a large inbox)" : ""))
            } catch {
                add("IMAP", false, error.description)
            }
        } else {
            add("IMAP", false, config.imap == nil ? "no [imap] table in the configuration" : "no imap-password credential")
        }
        return checks
    }

    private func databaseChecks(path: String, config: Configuration) -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else {
            return [DoctorCheck(name: "database", ok: false, detail: "\(path) does not exist yet: run tightrope init")]
        }
        let mode = (try? fm.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        checks.append(DoctorCheck(name: "database mode", ok: mode == 0o600,
                                  detail: mode == 0o600 ? "0600" : "mode is \(String(mode, radix: 8)): chmod 600 \(path)"))
        do {
            let store = try TightropeStore(path: path)
            let intact = try store.integrityCheck()
            checks.append(DoctorCheck(name: "database integrity", ok: intact,
                                      detail: intact ? "integrity_check ok, journal \(try store.journalMode())"
                                          : "integrity_check failed: restore from a backup"))
            let repeated = try store.interruptedSends()
            checks.append(DoctorCheck(name: "interrupted deliveries", ok: true,
                                      detail: repeated == 0 ? "none: no message was re-sent after a run died mid-delivery"
                                          : "\(repeated) message(s) re-sent after a run died mid-delivery; each may have "
                                          + "arrived twice (same Message-ID; the audit log names them)"))
            let pending = try store.pendingServerErasures()
            let stuck = pending.filter { $0.attempts >= 3 }
            checks.append(DoctorCheck(name: "pending erasures", ok: stuck.isEmpty,
                                      detail: pending.isEmpty ? "none: every erased message is deleted on the mail server too"
                                          : "\(pending.count) erased message(s) still to delete on the mail server (the next poll does it)"
                                          + (stuck.isEmpty ? "" : "; \(stuck.count) failed 3 times or more: check the IMAP login and the "
                                             + "processed folder, then run tightrope poll")))
            let owed = try store.scrubPendingSince()
            checks.append(DoctorCheck(name: "erased data scrubbed", ok: owed == nil,
                                      detail: owed == nil ? "yes: no erasure waits for its scrub"
                                          : "an erasure's scrub (VACUUM, WAL truncate) did not finish: another process held the database; "
                                          + "the next poll does it (or stop other runs and run tightrope poll)"))
            let couples = try store.couples()
            for couple in couples where (try? InputValidator.checkTimeZone(couple.schedule.timeZoneID, field: "")) == nil {
                checks.append(DoctorCheck(name: "couple \(couple.id)", ok: false, detail: "unknown time zone on record"))
            }
            // Every language partners write in: installed, and with the practice's crisis text in it.
            let available = LocaleSupport.available()
            let languages = Set(couples.filter { $0.status != .ended }.flatMap { $0.partners.map(\.language) })
            for language in languages.sorted() {
                let missing = [available.contains(language) ? nil : "no check-in texts installed",
                               config.crisisText(for: language) == nil ? "no crisis text in [crisis_texts]" : nil].compactMap { $0 }
                checks.append(DoctorCheck(name: "language \(language)", ok: missing.isEmpty,
                                          detail: missing.isEmpty ? "texts and crisis text present" : missing.joined(separator: "; ")))
            }
        } catch {
            checks.append(DoctorCheck(name: "database integrity", ok: false, detail: error.description))
        }
        return checks
    }
}
