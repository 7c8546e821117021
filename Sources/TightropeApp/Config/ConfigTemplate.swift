import Foundation
import TightropeCore
import TightropeMail
import TightropeTransport

/// The configuration `tightrope init` writes when there is none: the commented example
/// (Deploy/config.example.toml is this template filled with the example practice's values — a
/// test keeps the two identical) with the practice's own values, every string TOML-escaped.
package struct ConfigTemplate: Sendable, Equatable {
    package var practiceName: String
    package var from: String
    package var database: String
    package var replyLocalPart: String
    package var replyDomain: String
    package var smtpURL: String
    package var imapURL: String
    package var username: String
    package var mailHost: String
    package var therapistID: String
    package var therapistName: String
    package var therapistEmail: String
    package var timeZone: String
    package var crisisText: String

    /// The values a new practice gives (`init`'s flags or answers); the rest follows from them:
    /// replies to the From address's mailbox (plus-addressed), SMTP submission on 587 with
    /// STARTTLS and IMAPS on 993 at `mailHost` (default `mail.` + the From domain), logging in
    /// as the From address.
    package init(practiceName: String, from: String, therapistName: String, therapistEmail: String, timeZone: String,
                 crisisText: String, database: String = "/var/lib/tightrope/tightrope.sqlite", mailHost: String? = nil,
                 therapistID: String? = nil) {
        let at = from.lastIndex(of: "@")
        let local = at.map { String(from[..<$0]) } ?? from
        let domain = at.map { String(from[from.index(after: $0)...]) } ?? ""
        let host = mailHost ?? "mail.\(domain)"
        self.practiceName = practiceName
        self.from = from
        self.database = database
        self.replyLocalPart = local
        self.replyDomain = domain
        self.smtpURL = "smtp://\(host):587"
        self.imapURL = "imaps://\(host):993/INBOX"
        self.username = from
        self.mailHost = host
        self.therapistID = therapistID ?? Self.identifier(from: therapistName)
        self.therapistName = therapistName
        self.therapistEmail = therapistEmail
        self.timeZone = timeZone
        self.crisisText = crisisText
    }

    /// The example practice of Deploy/config.example.toml.
    package static let example = ConfigTemplate(
        practiceName: "Harbour Lane Couples Practice", from: "checkins@harbourlane.example", therapistName: "Robin Okafor",
        therapistEmail: "robin@harbourlane.example", timeZone: "Europe/London",
        crisisText: "call 999 or go to your nearest A&E; Samaritans answer day or night on 116 123.")

    /// A therapist id from a name: its first word in lower-case ASCII letters and digits
    /// ("Robin Okafor" → "robin", "Zoë" → "zoe"), or "therapist-1" when nothing is left ("李").
    static func identifier(from name: String) -> String {
        let first = name.split(separator: " ").first.map(String.init) ?? ""
        let folded = first.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        let id = String(folded.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.prefix(32).map(Character.init))
        return id.isEmpty ? "therapist-1" : id
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func q(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Writes `text` to `path` (mode 0644: no secrets are in it, and the services' dynamic user
    /// must read it), creating its directory; never replaces a file that is there, even one
    /// created meanwhile (the text is linked into place, which fails if the name exists).
    package static func write(_ text: String, to path: String) throws(AppError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o755])
            } catch {
                throw .configuration("\(directory): cannot be created (\(error.localizedDescription))")
            }
        }
        let temporary = path + ".\(getpid()).new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .configuration("\(path): cannot be written (\(String(cString: strerror(errno))))") }
        defer { unlink(temporary) }
        let code = FileDescriptorWrite.all(fd, Array(text.utf8))
        guard code == 0 else {
            close(fd)
            throw .configuration("\(path): cannot be written (\(String(cString: strerror(code))))")
        }
        guard fsync(fd) == 0, close(fd) == 0 else { throw .configuration("\(path): cannot be written") }
        fchmodat(AT_FDCWD, temporary, 0o644, 0)  // whatever the umask
        guard link(temporary, path) == 0 else {
            throw .configuration(errno == EEXIST ? "\(path) exists already: it is not replaced"
                                                 : "\(path): cannot be written (\(String(cString: strerror(errno))))")
        }
    }

    /// The configuration file's text.
    package var text: String {
        let q = Self.q
        return """
            # Tightrope configuration: /etc/tightrope/config.toml (or --config FILE).
            #
            # Secrets are NOT read from this file. Put them where systemd loads them as
            # credentials (see Deploy/ and the README), or for development in environment
            # variables:
            #   smtp-password  (TIGHTROPE_SMTP_PASSWORD)   password for [smtp] username
            #   imap-password  (TIGHTROPE_IMAP_PASSWORD)   password for [imap] username
            #   hmac-key       (TIGHTROPE_HMAC_KEY)        32+ random bytes: openssl rand -base64 48
            # An unknown key, or a value of the wrong kind, stops every command with a
            # message that names the key.

            version = 1

            # Shown in every email and as the sender's name.
            practice_name = \(q(practiceName))

            # The From address of every check-in (an address your SMTP account may send as).
            from = \(q(from))

            # The SQLite database (created 0600; its directory 0700).
            database = \(q(database))

            # Optional: a CA bundle to trust for SMTP and IMAP instead of the system's.
            # ca_file = "/etc/tightrope/ca.pem"

            # Optional: where templates and the question bank live (default: the install's
            # share/tightrope directory).
            # templates = "/usr/local/share/tightrope/Templates"
            # questions = "/usr/local/share/tightrope/seeds/questions.toml"

            # Replies go to <local_part>+<token>@<domain>: the token names the round and
            # the partner and is signed with the hmac-key credential. The mailbox must
            # accept plus-addressing and be the one [imap] reads.
            [reply]
            local_part = \(q(replyLocalPart))
            domain = \(q(replyDomain))

            # SMTP submission: smtp:// always requires STARTTLS; smtps:// is TLS from the
            # start. Certificates are always verified.
            [smtp]
            url = \(q(smtpURL))
            username = \(q(username))
            timeout_seconds = 30
            # Connections `send` uses at once (1 to 8); most providers accept a few.
            connections = 2

            # IMAP for replies: imap:// always requires STARTTLS; imaps:// is TLS from the
            # start. Processed messages are moved to processed_folder.
            [imap]
            url = \(q(imapURL))
            username = \(q(username))
            processed_folder = "Tightrope/Processed"
            timeout_seconds = 30
            # Optional: your mail server's name in the Authentication-Results headers it
            # adds. A reply it marks as failing SPF, DKIM or DMARC goes to the review queue.
            # authserv_id = \(q(mailHost))

            # Raw replies are kept this many days after they are read (the check-ins
            # themselves are kept as record_days below says), then purged by poll.
            [retention]
            raw_inbound_days = 30
            # Days a round (its check-ins, the replies, the mail sent) and any other
            # message or digest is kept. Older ones are erased by `poll` as `forget`
            # erases a couple: from the database (scrubbed), the outbox and the mail
            # server's processed folder. Unset: kept until the couple is forgotten.
            # Set it to your records policy (e.g. 2555 for seven years).
            # record_days = 2555

            # Therapists act on the digest by replying to it ("R3 accept", "A1 seen",
            # "pause COUPLE 2 weeks", ...). A reply is applied only when it comes from
            # the therapist's address, within reply_days of the digest, and the practice's
            # mail server verified the sender ([imap] authserv_id must be set; anything
            # else goes to the review queue). "undo" takes back the last reply's changes
            # within undo_hours.
            [digest]
            reply_days = 14
            undo_hours = 48
            # An alert not marked seen ("A12 seen") is sent again once after this many
            # hours (0: never); it is repeated in every digest for four weeks.
            alert_resend_hours = 24

            # A validated monthly measure: the Couples Satisfaction Index, 4 items (Funk &
            # Rogge 2007), asked with the check-in every csi4_every_weeks weeks and scored
            # (0-21) in the digest. Its terms of use and citation: seeds/instruments/csi-4.toml
            # (confirm them before use); set csi4 = false to leave it out.
            [measures]
            csi4 = true
            csi4_every_weeks = 4

            # The crisis text in each other language your partners write in (BCP 47 tags,
            # as in `couple add --a-language de`). A partner cannot be added in a language
            # without one: their mail never carries an English line.
            # [crisis_texts]
            # de = "Rufen Sie 112 an oder die TelefonSeelsorge: 0800 111 0 111 (kostenlos, rund um die Uhr)."

            # One entry per therapist: they get the weekly digest and immediate safety
            # alerts for their couples. Couples name their therapist by id.
            [[therapists]]
            id = \(q(therapistID))
            name = \(q(therapistName))
            email = \(q(therapistEmail))
            # The language of this therapist's digest, alerts and confirmations (en, or one with
            # therapist texts installed: de).
            # language = "de"

            # Defaults for couples added without their own schedule.
            [defaults]
            time_zone = \(q(timeZone))   # IANA name
            send_day = "sunday"           # local to the couple
            send_time = "18:00"           # 24-hour HH:MM, local to the couple
            reminder_day = "wednesday"    # one reminder, same thread, if no reply yet
            # The language partners are written to unless `couple add` gives their own
            # (en, or one installed in Templates/locales/: de es fr he it ja nl pl pt sv).
            language = "en"
            # Printed in the footer of every email to partners: replies are not read in
            # real time, so say where to turn in a crisis.
            crisis_text = \(q(crisisText))

            """
    }
}
