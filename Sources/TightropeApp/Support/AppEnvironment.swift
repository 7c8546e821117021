import Foundation
import TightropeCore
import TightropeStore
import TightropeTransport

/// What a command needs from the installation: the configuration, the store, the
/// credentials and the mail clients built from them. The CLI loads it and calls the App.
package struct AppEnvironment {
    package let config: Configuration
    package let store: TightropeStore

    package static func load(configPath: String) throws -> AppEnvironment {
        let config: Configuration
        do { config = try Configuration.load(path: configPath) } catch { throw AppError.configuration(error.description) }
        do {
            return AppEnvironment(config: config, store: try TightropeStore(path: config.databasePath))
        } catch {
            throw AppError.configuration(error.description)
        }
    }

    package var couples: CoupleService { CoupleService(config: config, store: store, clock: SystemClock()) }

    package func hmacKey() throws -> [UInt8] {
        do { return try Credentials().hmacKey() } catch { throw AppError.configuration(error.description) }
    }

    /// The system clock, or a fixed instant given with `--now`.
    package static func clock(now: String?) throws -> any WallClock {
        guard let now else { return SystemClock() }
        guard let date = ISO8601DateFormatter().date(from: now) else { throw AppError.invalidInput("--now: expected ISO 8601") }
        return FixedTime(now: date)
    }

    /// SMTP submission as configured, with its credential.
    package func smtpSender(configPath: String, job: String) throws -> SMTPSender {
        guard let smtp = config.smtp else { throw AppError.configuration("\(configPath): smtp: a [smtp] table is required to \(job)") }
        do {
            let password = try Credentials().secret(.smtpPassword)
            return try SMTPSender(settings: smtp, password: password, caFile: config.caFile, ehloName: String(config.from.domain))
        } catch {
            throw AppError.configuration("\(error)")
        }
    }

    /// Makes SMTP sessions for `send`'s connections (configuration and credential checked now).
    package func smtpFactory(configPath: String, job: String) throws -> SMTPSender.Factory {
        guard let smtp = config.smtp else { throw AppError.configuration("\(configPath): smtp: a [smtp] table is required to \(job)") }
        let password: String
        do { password = try Credentials().secret(.smtpPassword) } catch { throw AppError.configuration("\(error)") }
        return SMTPSender.factory(settings: smtp, password: password, caFile: config.caFile, ehloName: String(config.from.domain))
    }

    /// The practice's IMAP inbox as configured, with its credential.
    package func imapInbox(configPath: String) throws -> IMAPInbox {
        guard let imap = config.imap else { throw AppError.configuration("\(configPath): imap: an [imap] table is required to poll") }
        do {
            return try IMAPInbox(settings: imap, password: try Credentials().secret(.imapPassword), caFile: config.caFile,
                                 processedFolder: config.imapProcessedFolder)
        } catch {
            throw AppError.configuration("\(error)")
        }
    }

    /// The safety lexicon installed with the program.
    package func lexicon() throws -> SafetyLexicon {
        do { return try SafetyLexiconLoader.installed(cacheDirectory: LexiconCache.defaultDirectory()) } catch { throw AppError.configuration(error.description) }
    }
}
