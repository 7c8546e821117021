import Foundation
import TightropeCore
import TightropeMail

/// A therapist of the practice: receives digests and alerts for their couples.
package struct Therapist: Hashable, Sendable {
    package var id: String
    package var name: String
    package var email: String
    /// The language of the digest, alerts and confirmations the therapist reads (BCP 47; English
    /// unless `language` is set in their `[[therapists]]` entry).
    package var language: String

    package init(id: String, name: String, email: String, language: String = "en") {
        self.id = id
        self.name = name
        self.email = email
        self.language = language
    }
}

/// A mail server URL, checked: `smtp://` (STARTTLS is then required) or `smtps://`;
/// `imap://` (STARTTLS required) or `imaps://`.
package struct ServerSettings: Hashable, Sendable {
    package var url: String
    package var username: String
    package var timeoutSeconds: Int
    /// SMTP connections used at once by `send` (1 to 8).
    package var connections: Int

    package init(url: String, username: String, timeoutSeconds: Int = 30, connections: Int = 2) {
        self.url = url
        self.username = username
        self.timeoutSeconds = timeoutSeconds
        self.connections = connections
    }
}

/// Weekly defaults given to couples added without their own schedule.
package struct CoupleDefaults: Hashable, Sendable {
    package var timeZoneID: String
    package var sendDay: Weekday
    package var sendTime: LocalTime
    package var reminderDay: Weekday
    /// The language partners are written to unless their own is given (BCP 47).
    package var language = "en"

    package var schedule: WeeklySchedule {
        WeeklySchedule(timeZoneID: timeZoneID, sendDay: sendDay, sendTime: sendTime, reminderDay: reminderDay)
    }
}

/// The practice's configuration, read from `/etc/tightrope/config.toml` (or `--config`).
/// Secrets are never part of it: see `Credentials`.
package struct Configuration: Sendable {
    package static let currentVersion = 1

    package var practiceName: String
    package var from: EmailAddress
    /// Replies go to `<replyLocalPart>+<token>@<replyDomain>`.
    package var replyLocalPart: String
    package var replyDomain: String
    package var smtp: ServerSettings?
    package var imap: ServerSettings?
    package var imapProcessedFolder: String
    /// The folder read messages are moved to (IMAP's, or the demo Maildir's).
    package var processedFolder: String { imapProcessedFolder }
    /// The authserv-id of the practice's own mail server: its `Authentication-Results` are
    /// trusted, and a reply they mark as failing is quarantined.
    package var authservID: String?
    /// Days raw inbound messages are kept once processed (then purged by `poll`).
    package var rawRetentionDays: Int
    /// Days a round (check-ins, replies, outgoing mail) and any other message or digest is kept;
    /// older ones are erased by `poll` as `forget` erases a couple. Nil: kept until the couple is
    /// forgotten (the practice's records policy decides).
    package var recordRetentionDays: Int?
    package var caFile: String?
    /// Days a digest's reply address stays valid for the therapist's instructions.
    package var digestReplyDays = 14
    /// Hours within which `undo` takes back a reply's changes.
    package var undoHours = 48
    /// Hours after which an alert not marked seen is sent again, once (0: never).
    package var alertResendHours = 24
    /// Ask the Couples Satisfaction Index (4 items) with the check-in every `csi4EveryWeeks` weeks.
    package var csi4 = true
    package var csi4EveryWeeks = 4
    package var therapists: [Therapist]
    package var defaults: CoupleDefaults
    /// Where to turn in a crisis; shown in every email to partners (in `defaults.language`).
    package var crisisText: String
    /// The crisis text in each other language partners write in (`[crisis_texts]`, by BCP 47 tag).
    package var crisisTexts: [String: String] = [:]

    /// The crisis text a partner who writes in `language` reads; nil when the practice gave none
    /// in that language (such a partner cannot be added: never an English line in their mail).
    package func crisisText(for language: String) -> String? {
        language == defaults.language ? crisisText : crisisTexts[language]
    }
    package var databasePath: String
    /// Overrides of where templates and the question bank live (else the install's defaults).
    package var templatesDirectory: String?
    package var questionsFile: String?

    package init(practiceName: String, from: EmailAddress, replyLocalPart: String, replyDomain: String,
                 smtp: ServerSettings?, imap: ServerSettings?, imapProcessedFolder: String = "Tightrope/Processed",
                 authservID: String? = nil, rawRetentionDays: Int = 30, recordRetentionDays: Int? = nil,
                 caFile: String? = nil, therapists: [Therapist], defaults: CoupleDefaults, crisisText: String,
                 databasePath: String, templatesDirectory: String? = nil, questionsFile: String? = nil) {
        self.practiceName = practiceName
        self.from = from
        self.replyLocalPart = replyLocalPart
        self.replyDomain = replyDomain
        self.smtp = smtp
        self.imap = imap
        self.imapProcessedFolder = imapProcessedFolder
        self.authservID = authservID
        self.rawRetentionDays = rawRetentionDays
        self.recordRetentionDays = recordRetentionDays
        self.caFile = caFile
        self.therapists = therapists
        self.defaults = defaults
        self.crisisText = crisisText
        self.databasePath = databasePath
        self.templatesDirectory = templatesDirectory
        self.questionsFile = questionsFile
    }

    package func therapist(id: String) -> Therapist? { therapists.first { $0.id == id } }

    /// The domain Message-IDs are generated at.
    package var messageIDDomain: String { String(from.domain) }
}

extension Configuration {
    /// Loads and checks a configuration file.
    package static func load(path: String) throws(TOMLFileError) -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TOMLFileError(file: path, key: "", reason: "cannot be read (does it exist? see Deploy/config.example.toml)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TOMLFileError(file: path, key: "", reason: "is not UTF-8")
        }
        return try parse(text, file: path)
    }

    /// Parses configuration text; every error names the key.
    package static func parse(_ text: String, file: String) throws(TOMLFileError) -> Configuration {
        let root = try TOMLTableReader.parse(text, file: file)
        let version = try root.optionalInt("version") ?? currentVersion
        guard version == currentVersion else { throw root.fail("version", "must be \(currentVersion)") }

        let practiceName = try root.string("practice_name")
        try check(root, "practice_name") { () throws(ValidationIssue) in try InputValidator.checkName(practiceName, field: "practice_name") }
        let fromAddress = try root.string("from")
        try check(root, "from") { () throws(ValidationIssue) in try InputValidator.checkEmail(fromAddress, field: "from") }
        let databasePath = try root.optionalString("database") ?? "/var/lib/tightrope/tightrope.sqlite"
        guard databasePath.hasPrefix("/") else { throw root.fail("database", "must be an absolute path") }
        let caFile = try root.optionalString("ca_file")
        if let caFile, !caFile.hasPrefix("/") { throw root.fail("ca_file", "must be an absolute path") }
        let templates = try root.optionalString("templates")
        let questions = try root.optionalString("questions")

        let reply = try root.table("reply")
        let localPart = try reply.string("local_part")
        let domain = try reply.string("domain")
        guard InputValidator.isValidEmail("\(localPart)@\(domain)"), !localPart.contains("+") else {
            throw reply.fail("local_part", "with domain must form a valid address, without '+' (the token is added after it)")
        }
        try reply.finish()

        let smtp = try root.optionalTable("smtp").map { t throws(TOMLFileError) in
            try server(t, schemes: ["smtp", "smtps"])
        }
        var processed = "Tightrope/Processed"
        var authservID: String?
        let imap = try root.optionalTable("imap").map { t throws(TOMLFileError) in
            processed = try t.optionalString("processed_folder") ?? processed
            guard !processed.isEmpty, processed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }) else {
                throw t.fail("processed_folder", "must be a non-empty ASCII folder name without quotes or backslashes")
            }
            authservID = try t.optionalString("authserv_id")
            if let id = authservID, id.isEmpty || id.contains(where: { $0 == ";" || $0.isWhitespace }) {
                throw t.fail("authserv_id", "must be the server's name as it appears in its Authentication-Results headers")
            }
            return try server(t, schemes: ["imap", "imaps"])
        }
        var retentionDays = 30
        var recordDays: Int?
        if let r = try root.optionalTable("retention") {
            retentionDays = try r.optionalInt("raw_inbound_days") ?? retentionDays
            guard (1...3650).contains(retentionDays) else { throw r.fail("raw_inbound_days", "must be between 1 and 3650") }
            recordDays = try r.optionalInt("record_days")
            if let days = recordDays, !(30...36_500).contains(days) {
                throw r.fail("record_days", "must be between 30 and 36500 (days a round is kept before it is erased)")
            }
            try r.finish()
        }
        var digestReplyDays = 14, undoHours = 48, alertResendHours = 24
        if let t = try root.optionalTable("digest") {
            alertResendHours = try t.optionalInt("alert_resend_hours") ?? alertResendHours
            guard (0...336).contains(alertResendHours) else { throw t.fail("alert_resend_hours", "must be between 0 (never) and 336") }
            digestReplyDays = try t.optionalInt("reply_days") ?? digestReplyDays
            guard (1...90).contains(digestReplyDays) else { throw t.fail("reply_days", "must be between 1 and 90") }
            undoHours = try t.optionalInt("undo_hours") ?? undoHours
            guard (1...720).contains(undoHours) else { throw t.fail("undo_hours", "must be between 1 and 720") }
            try t.finish()
        }

        var crisisTexts: [String: String] = [:]
        if let t = try root.optionalTable("crisis_texts") {
            for key in t.keys {
                guard LocaleSupport.isWellFormed(key) else { throw t.fail(key, "must be a BCP 47 language tag such as de or ja") }
                let text = try t.string(key)
                try check(t, key) { () throws(ValidationIssue) in try InputValidator.checkLine(text, field: key) }
                crisisTexts[key] = text
            }
            try t.finish()
        }
        var csi4 = true, csi4EveryWeeks = 4
        if let m = try root.optionalTable("measures") {
            csi4 = try m.optionalBool("csi4") ?? csi4
            csi4EveryWeeks = try m.optionalInt("csi4_every_weeks") ?? csi4EveryWeeks
            guard (2...26).contains(csi4EveryWeeks) else { throw m.fail("csi4_every_weeks", "must be between 2 and 26") }
            try m.finish()
        }

        var therapists: [Therapist] = []
        for t in try root.tables("therapists") {
            let therapist = Therapist(id: try t.string("id"), name: try t.string("name"), email: try t.string("email"),
                                      language: try t.optionalString("language") ?? "en")
            guard LocaleSupport.isWellFormed(therapist.language) else {
                throw t.fail("language", "must be a BCP 47 language tag such as en or de")
            }
            try check(t, "id") { () throws(ValidationIssue) in try InputValidator.checkIdentifier(therapist.id, field: "id") }
            try check(t, "name") { () throws(ValidationIssue) in try InputValidator.checkName(therapist.name, field: "name") }
            try check(t, "email") { () throws(ValidationIssue) in try InputValidator.checkEmail(therapist.email, field: "email") }
            guard !therapists.contains(where: { $0.id == therapist.id }) else { throw t.fail("id", "is used by two therapists") }
            try t.finish()
            therapists.append(therapist)
        }
        guard !therapists.isEmpty else { throw root.fail("therapists", "at least one [[therapists]] entry is required") }

        let d = try root.table("defaults")
        let tz = try d.optionalString("time_zone") ?? "UTC"
        try check(d, "time_zone") { () throws(ValidationIssue) in try InputValidator.checkTimeZone(tz, field: "time_zone") }
        guard let sendDay = Weekday(name: try d.optionalString("send_day") ?? "sunday") else {
            throw d.fail("send_day", "must be a weekday name such as sunday")
        }
        guard let sendTime = LocalTime(try d.optionalString("send_time") ?? "18:00") else {
            throw d.fail("send_time", "must be a 24-hour time HH:MM such as 18:00")
        }
        guard let reminderDay = Weekday(name: try d.optionalString("reminder_day") ?? "wednesday") else {
            throw d.fail("reminder_day", "must be a weekday name such as wednesday")
        }
        let language = try d.optionalString("language") ?? "en"
        guard LocaleSupport.isWellFormed(language) else { throw d.fail("language", "must be a BCP 47 language tag such as en, de or pt-BR") }
        let crisisText = try d.string("crisis_text")
        try check(d, "crisis_text") { () throws(ValidationIssue) in try InputValidator.checkLine(crisisText, field: "crisis_text") }
        try d.finish()
        try root.finish()

        var config = Configuration(
            practiceName: practiceName, from: EmailAddress(fromAddress, displayName: practiceName),
            replyLocalPart: localPart, replyDomain: domain, smtp: smtp, imap: imap, imapProcessedFolder: processed,
            authservID: authservID, rawRetentionDays: retentionDays, recordRetentionDays: recordDays, caFile: caFile, therapists: therapists,
            defaults: { var d = CoupleDefaults(timeZoneID: tz, sendDay: sendDay, sendTime: sendTime, reminderDay: reminderDay); d.language = language; return d }(),
            crisisText: crisisText, databasePath: databasePath, templatesDirectory: templates, questionsFile: questions)
        config.digestReplyDays = digestReplyDays
        config.undoHours = undoHours
        config.alertResendHours = alertResendHours
        config.csi4 = csi4
        config.crisisTexts = crisisTexts
        config.csi4EveryWeeks = csi4EveryWeeks
        return config
    }

    private static func server(_ t: TOMLTableReader, schemes: [String]) throws(TOMLFileError) -> ServerSettings {
        let url = try t.string("url")
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              schemes.contains(scheme), let host = components.host, !host.isEmpty else {
            throw t.fail("url", "must be a URL starting with \(schemes.map { "\($0)://" }.joined(separator: " or ")) and naming a host")
        }
        guard components.user == nil, components.password == nil else {
            throw t.fail("url", "must not contain a user name or password; use 'username' and a credential")
        }
        let username = try t.string("username")
        let timeout = try t.optionalInt("timeout_seconds") ?? 30
        guard (1...600).contains(timeout) else { throw t.fail("timeout_seconds", "must be between 1 and 600") }
        var connections = 1
        if schemes.contains("smtp") {
            connections = try t.optionalInt("connections") ?? 2
            guard (1...8).contains(connections) else { throw t.fail("connections", "must be between 1 and 8") }
        }
        try t.finish()
        return ServerSettings(url: url, username: username, timeoutSeconds: timeout, connections: connections)
    }

    private static func check(_ t: TOMLTableReader, _ key: String, _ body: () throws(ValidationIssue) -> Void) throws(TOMLFileError) {
        do { try body() } catch { throw t.fail(key, error.reason) }
    }
}
