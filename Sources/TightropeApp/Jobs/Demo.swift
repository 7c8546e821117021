import Foundation
import Logging
import TightropeCore
import TightropeMail
import TightropeStore
import TightropeTransport

/// `tightrope demo`: the weekly loop on embedded defaults, with no config and no network.
/// A practice with a few couples (one with non-ASCII names) runs five weeks of hourly
/// `send` runs, as the systemd timer would, writing every message into a Maildir.
package struct Demo {
    package struct Result: Sendable {
        package var directory: URL
        package var databasePath: String
        package var maildir: URL
        /// The practice's inbox, where the partners' replies arrive.
        package var inbox: URL
        package var weeks: [SendReport]
        package var polls: [PollReport]
        /// The therapist's digest of the last week, as a page (it was also mailed into the Maildir).
        package var digest: URL
        /// What the therapist replied to the digest before the last week.
        package var therapistReply: [String]
    }

    /// Weeks of the loop: four, the therapist's reply to the digest, then a fifth that shows its effect.
    package static let weeks = 5
    /// The demo practice's mail server, whose Authentication-Results the poller trusts.
    static let authservID = "mx.harbourlane.example"

    /// The demo practice's configuration, rooted in `directory`.
    package static func configuration(directory: URL) -> Configuration {
        var config = Configuration(
            practiceName: "Harbour Lane Couples Practice",
            from: EmailAddress("checkins@harbourlane.example", displayName: "Harbour Lane Couples Practice"),
            replyLocalPart: "checkins", replyDomain: "harbourlane.example", smtp: nil, imap: nil,
            therapists: [Therapist(id: "robin", name: "Robin Okafor", email: "robin@harbourlane.example")],
            defaults: CoupleDefaults(timeZoneID: "Europe/London", sendDay: .tuesday, sendTime: LocalTime(hour: 18, minute: 0)!,
                                     reminderDay: .friday),
            crisisText: "call your local emergency number, or in the UK call Samaritans on 116 123 (free, day or night).",
            databasePath: directory.appendingPathComponent("tightrope.sqlite").path)
        config.crisisTexts = [
            "de": "Rufen Sie die 112 an oder, in Deutschland, die TelefonSeelsorge unter 0800 111 0 111 (kostenlos, rund um die Uhr).",
            "ja": "119番に電話するか、日本では「いのちの電話」0570-783-556 に電話してください。",
            "he": "התקשרו ל-101 (מד״א) או לער״ן בטלפון 1201, עזרה ראשונה נפשית בכל שעה.",
            "es": "llame al 112 o, en España, a la línea 024 de atención a la conducta suicida (gratuita, 24 horas).",
            "nl": "bel 112 of, in Nederland, 113 Zelfmoordpreventie via 0800-0113 (gratis, dag en nacht).",
            "pt": "ligue 112 ou, em Portugal, o SNS 24 através do 808 24 24 24 (24 horas por dia).",
            "it": "chiami il 112 o, in Italia, Telefono Amico allo 02 2327 2327.",
            "pl": "zadzwoń pod 112 lub, w Polsce, pod bezpłatny numer 116 123 (telefon zaufania dla dorosłych).",
            "sv": "ring 112 eller, i Sverige, Självmordslinjen på 90101 (dygnet runt).",
            "fr": "appelez le 112 ou, en France, le 3114 (numéro national de prévention du suicide, gratuit, 24 h/24).",
        ]
        return config
    }

    /// The demo's couples: different time zones and send days, one with non-ASCII names.
    package static func couples(consentAt: Date) -> [Couple] {
        let consent = Consent(recordedAt: consentAt, method: "demo: agreed at intake")
        func schedule(_ tz: String, _ day: Weekday, _ h: Int, _ m: Int, _ reminder: Weekday) -> WeeklySchedule {
            WeeklySchedule(timeZoneID: tz, sendDay: day, sendTime: LocalTime(hour: h, minute: m)!, reminderDay: reminder)
        }
        return [
            Couple(id: "ashford", therapistID: "robin", schedule: schedule("Europe/London", .tuesday, 18, 0, .friday), partners: [
                Partner(label: .a, name: "Maya Ashford", email: "maya.ashford@mail.example", consent: consent),
                Partner(label: .b, name: "Tom Ashford", email: "tom.ashford@mail.example", consent: consent),
            ]),
            Couple(id: "nunez-angstrom", therapistID: "robin", schedule: schedule("Europe/Berlin", .wednesday, 19, 30, .saturday),
                   sharing: true, partners: [
                Partner(label: .a, name: "Zoë Ångström", email: "zoe@mail.example", consent: consent, language: "de"),
                Partner(label: .b, name: "José Núñez-Łukasik", email: "jose@mail.example", consent: consent),
            ]),
            Couple(id: "okoye-lin", therapistID: "robin", schedule: schedule("America/New_York", .thursday, 9, 0, .sunday), partners: [
                Partner(label: .a, name: "Ada Okoye", email: "ada@mail.example", consent: consent),
                Partner(label: .b, name: "Wei Lin", email: "wei.lin@mail.example", consent: consent),
            ]),
            Couple(id: "sato", therapistID: "robin", schedule: schedule("Asia/Tokyo", .saturday, 10, 0, .tuesday), partners: [
                Partner(label: .a, name: "佐藤 花子", email: "hanako@mail.example", consent: consent, language: "ja"),
                Partner(label: .b, name: "Kenji Sato", email: "kenji@mail.example", consent: consent),
            ]),
        ]
    }

    /// Runs the demo in `directory` (created, must be empty or new), starting on the Monday
    /// (00:00 UTC) of the week that contains `start`.
    package static func run(directory: URL, start: Date, logger: Logger) throws(AppError) -> Result {
        var config = configuration(directory: directory)
        // As a practice's own server would, the demo's inbox stamps each reply with a passing
        // Authentication-Results: replies to the digest are applied only when the server vouches.
        config.authservID = authservID
        var key = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in key.indices { key[i] = rng.next() }
        let practice = try Practice.load(config: config, hmacKey: key)
        let store: TightropeStore
        do { store = try TightropeStore(path: config.databasePath) } catch { throw .failure(error.description) }
        guard try wrap({ () throws(StoreError) in try store.couples() }).isEmpty else {
            throw .invalidInput("demo: \(directory.path) already holds a demo database; choose a new --dir")
        }
        let monday = Schedule.instant(week: Schedule.week(containing: start, timeZoneID: "UTC"), day: .monday,
                                      time: LocalTime(hour: 0, minute: 0)!, timeZoneID: "UTC") ?? start
        let setupClock = FixedTime(now: monday.addingTimeInterval(-86_400))
        let service = CoupleService(config: config, store: store, clock: setupClock)
        for couple in couples(consentAt: setupClock.now) { try service.add(couple) }

        let maildir = directory.appendingPathComponent("Maildir")
        var sender: MaildirSender
        do { sender = MaildirSender(writer: try MaildirWriter(root: maildir)) } catch { throw .failure(error.description) }
        var weekly: [SendReport] = []
        var polls: [PollReport] = []
        let seeds = try ReplySeed.installed().filter { $0.name != "stop" }
        guard !seeds.isEmpty, let stop = try ReplySeed.installed().first(where: { $0.name == "stop" }) else {
            throw .configuration("demo: seeds/replies has no replies")
        }
        let inboxURL = directory.appendingPathComponent("Inbox")
        var replies: MaildirReplies
        let inboxWriter: MaildirWriter
        do {
            replies = MaildirReplies(inbox: try MaildirInbox(root: inboxURL, processedFolder: config.imapProcessedFolder))
            inboxWriter = try MaildirWriter(root: inboxURL)
        } catch { throw .failure(error.description) }
        let lexicon: SafetyLexicon
        do { lexicon = try SafetyLexiconLoader.installed() } catch { throw .configuration(error.description) }
        var answered: Set<Int64> = []
        // Hourly runs, as the systemd timer does: each couple's round opens at its own local time.
        var therapistReply: TherapistStep?
        for week in 0..<weeks {
            var total = SendReport()
            var polled = PollReport()
            for hour in 0..<(7 * 24) {
                let clock = FixedTime(now: monday.addingTimeInterval(Double((week * 7 * 24 + hour) * 3600)))
                if week == weeks - 1, hour == 7 {
                    // Monday morning of the last week: the digest of the weeks before, and the therapist's reply to it.
                    therapistReply = try therapistStep(practice: practice, store: store, lexicon: lexicon, sender: &sender,
                                                       inbox: inboxWriter, at: clock.now, logger: logger)
                }
                guard let report = try SendJob(practice: practice, store: store, clock: clock, logger: logger).run(sender: &sender) else {
                    throw .failure("demo: another send run holds the lease")
                }
                total.roundsOpened += report.roundsOpened
                total.queued += report.queued
                total.sent += report.sent
                total.deferred += report.deferred
                total.failed += report.failed
                total.reminders += report.reminders
                guard hour % 6 == 5 else { continue }
                // Every six hours: partners who got their check-in a day ago answer, in their own
                // mail clients' styles, and the poller reads the replies.
                for entry in try wrap({ () throws(StoreError) in try store.outbox() })
                where entry.kind == .checkin && !answered.contains(entry.id) {
                    guard let roundID = entry.roundID, let partnerID = entry.partnerID,
                          let round = try wrap({ () throws(StoreError) in try store.round(id: roundID) }),
                          clock.now.timeIntervalSince(round.openedAt) >= 20 * 3600 else { continue }
                    answered.insert(entry.id)
                    guard let (couple, partner) = try wrap({ () throws(StoreError) in try store.partner(id: partnerID) }),
                          let plan = replyPlan(coupleID: couple.id, label: partner.label, week: week) else { continue }
                    let checkIn = MIMEMessage(entry.bytes)
                    guard let replyTo = checkIn.headers("Reply-To").flatMap(HeaderValues.addresses).first else { continue }
                    let coupleIndex = couples(consentAt: monday).firstIndex(where: { $0.id == couple.id }) ?? 0
                    // Partners answer in their own language (German and Japanese seeds), the others in every client's style.
                    let own = seeds.filter { Demo.seedLanguage($0.name) == partner.language }
                    let pool = own.isEmpty ? seeds.filter { Demo.seedLanguage($0.name) == "en" } : own
                    let seed = plan.stop ? stop : pool[(coupleIndex * 2 + (partner.label == .a ? 0 : 1) + week) % pool.count]
                    let values = ReplySeed.Values(
                        name: partner.name, from: partner.email, to: replyTo, subject: checkIn.header("Subject") ?? "",
                        inReplyTo: entry.messageID, messageID: "demo-\(entry.id)@\(partner.email.split(separator: "@").last ?? "mail.example")",
                        date: clock.now.addingTimeInterval(-3600), connection: plan.connection, room: plan.room)
                    let stamped = Array("Authentication-Results: \(authservID); dkim=pass header.d=mail.example\r\n".utf8) + seed.fill(values)
                    do { try inboxWriter.deliver(stamped, uniqueHint: "reply\(entry.id)") } catch { throw .failure(error.description) }
                }
                let poll = PollJob(practice: practice, store: store, lexicon: lexicon, clock: clock, logger: logger)
                guard let report = try poll.run(mailbox: &replies, sender: &sender) else {
                    throw .failure("demo: another poll run holds the lease")
                }
                polled.add(report)
            }
            weekly.append(total)
            polls.append(polled)
        }
        // Monday morning after the last week: the therapist's digest, mailed and kept as a page (it
        // shows what the reply changed: the note, the paused couple).
        let digestJob = DigestJob(practice: practice, store: store, lexicon: lexicon,
                                  clock: FixedTime(now: monday.addingTimeInterval(Double(weeks * 7 * 86_400 + 7 * 3600))), logger: logger)
        _ = try digestJob.run(sender: &sender)
        let digest = directory.appendingPathComponent("digest.html")
        guard let therapist = config.therapists.first,
              FileManager.default.createFile(atPath: digest.path, contents: Data(try digestJob.html(for: therapist).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw .failure("demo: cannot write the digest page")
        }
        return Result(directory: directory, databasePath: config.databasePath, maildir: maildir, inbox: inboxURL, weeks: weekly,
                      polls: polls, digest: digest, therapistReply: therapistReply?.instructions ?? [])
    }

    /// The language a reply seed is written in: the tag after the last dot of its name
    /// (`gmail.de`, `iphone.ja`); English without one.
    static func seedLanguage(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "en" }
        return String(name[name.index(after: dot)...])
    }

    /// What the demo's therapist replied to the digest.
    struct TherapistStep {
        var instructions: [String]
    }

    /// The digest of the weeks so far, mailed; then the therapist's reply to it as Gmail writes
    /// one: the silent couple paused, a theme and a note for the drifting one, every alert marked
    /// seen and every review item accepted. The next poll applies it.
    static func therapistStep(practice: Practice, store: TightropeStore, lexicon: SafetyLexicon, sender: inout MaildirSender,
                              inbox: MaildirWriter, at now: Date, logger: Logger) throws(AppError) -> TherapistStep {
        let job = DigestJob(practice: practice, store: store, lexicon: lexicon, clock: FixedTime(now: now), logger: logger)
        guard let therapist = practice.config.therapists.first else { throw .configuration("demo: no therapist") }
        let message = try job.message(for: therapist)
        _ = try job.run(sender: &sender)
        let view = try job.view(for: therapist)
        var instructions = view.alerts.filter { !$0.ref.isEmpty && !$0.seen }.map { "\($0.ref) seen" }
        instructions += view.reviews.map { "R\($0.id) accept" }
        instructions += ["theme ashford boundaries", "note ashford: connection apart two weeks running; ask about it on Thursday",
                         "pause okoye-lin 2 weeks"]
        let reply = DigestReplyWriter.reply(
            to: message.render(), style: .gmail, instructions: instructions.map { .init($0) }, from: therapist.email, name: therapist.name,
            signature: "Robin", extraHeaders: ["Authentication-Results: \(authservID); dkim=pass header.d=harbourlane.example"],
            date: now.addingTimeInterval(3600))
        do { try inbox.deliver(reply, uniqueHint: "therapist") } catch { throw .failure(error.description) }
        return TherapistStep(instructions: instructions)
    }

    /// One line per check-in read: who, which week, the scales, the confidence, the start of the reflection.
    package static func checkInLines(databasePath: String) throws(AppError) -> [String] {
        let store: TightropeStore
        do { store = try TightropeStore(path: databasePath) } catch { throw .failure(error.description) }
        var lines: [String] = []
        for checkIn in try wrap({ () throws(StoreError) in try store.allCheckIns() }) {
            guard let (couple, partner) = try wrap({ () throws(StoreError) in try store.partner(id: checkIn.partnerID) }),
                  let round = try wrap({ () throws(StoreError) in try store.round(id: checkIn.roundID) }) else { continue }
            let scales = checkIn.scales
            let reflection = InboundProcessor.excerpt(checkIn.reflection ?? "", limit: 60)
            lines.append("\(couple.id)/\(partner.label.rawValue), \(round.week): connection \(scales[.connection].map(String.init) ?? "-"), "
                         + "room \(scales[.room].map(String.init) ?? "-"), confidence \(String(format: "%.2f", checkIn.confidence)), "
                         + "\"\(reflection)\"")
        }
        return lines
    }

    /// How each partner answers in each week of the demo: one couple drifting apart on the
    /// connection scale, one partner falling silent, one stopping the check-ins.
    struct ReplyPlan {
        var connection: Int
        var room: Int
        var stop = false
    }

    static func replyPlan(coupleID: String, label: PartnerLabel, week: Int) -> ReplyPlan? {
        let scales: [String: ([Int], [Int])] = [
            "ashford/a": ([4, 3, 2, 2, 3], [3, 3, 2, 2, 3]), "ashford/b": ([4, 4, 5, 5, 4], [3, 4, 4, 4, 3]),
            "nunez-angstrom/a": ([3, 4, 4, 5, 5], [3, 3, 4, 4, 4]), "nunez-angstrom/b": ([3, 3, 4, 4, 4], [4, 4, 4, 5, 4]),
            "okoye-lin/a": ([4, 4, 3, 3, 3], [2, 2, 3, 3, 3]), "okoye-lin/b": ([3, 3, 0, 0, 0], [3, 3, 0, 0, 0]),
            "sato/a": ([5, 4, 4, 4, 4], [2, 3, 3, 3, 3]), "sato/b": ([4, 4, 0, 0, 0], [3, 3, 0, 0, 0]),
        ]
        let key = "\(coupleID)/\(label.rawValue)"
        if key == "okoye-lin/b", week >= 2 { return nil }  // falls silent
        if key == "sato/b", week == 2 { return ReplyPlan(connection: 0, room: 0, stop: true) }
        guard let (connection, room) = scales[key], week < connection.count, connection[week] > 0 else { return nil }
        return ReplyPlan(connection: connection[week], room: room[week])
    }
}

