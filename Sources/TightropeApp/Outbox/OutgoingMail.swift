import Foundation
import TightropeCore
import TightropeMail
import TightropeRendering
import TightropeStore

/// Every message the practice sends is made here: the weekly check-in (through
/// `CheckInComposer`, which also picks its questions), the reminder, the confirmation of a
/// reply, the safety alert and the therapist's digest. Each gets a fresh Message-ID, the
/// practice's From, `Auto-Submitted`, and — to partners — the tokened Reply-To; no header
/// takes a value from inbound mail that `HeaderValues` has not parsed.
package struct OutgoingMail: Sendable {
    package let practice: Practice
    package let clock: any WallClock

    package init(practice: Practice, clock: any WallClock) {
        self.practice = practice
        self.clock = clock
    }

    private var composer: CheckInComposer { CheckInComposer(practice: practice) }

    /// The weekly check-in (see `CheckInComposer.compose`).
    package func checkIn(couple: Couple, partner: Partner, roundID: Int64, week: ISOWeek, questions: RoundQuestions,
                         recap: CheckInView.RecapView?, partnerRecap: CheckInView.RecapView? = nil, date: Date,
                         messageID: String) throws(AppError) -> OutgoingMessage {
        try composer.compose(couple: couple, partner: partner, roundID: roundID, week: week, questions: questions, recap: recap,
                             partnerRecap: partnerRecap, date: date, messageID: messageID)
    }

    /// The one reminder of a round, in the check-in's thread.
    package func reminder(couple: Couple, partner: Partner, round: StoredRound, checkIn: OutboxEntry) throws(AppError) -> OutboxDraft {
        let config = practice.config
        guard let therapist = config.therapist(id: couple.therapistID) else {
            throw .configuration("couple's therapist is not in the configuration's [[therapists]]")
        }
        let view = ReminderView(partnerName: partner.greetingName,
                                weekDate: CheckInComposer.weekDate(round.week, language: partner.language, timeZoneID: couple.schedule.timeZoneID),
                                footer: FooterView(practiceName: config.practiceName, crisisText: config.crisisText(for: partner.language) ?? config.crisisText,
                                                   therapistName: therapist.name))
        let text: String
        let templates = try practice.templates(for: partner.language)
        do { text = try templates.render("reminder_text", view) } catch { throw .configuration(error.description) }
        let original = MIMEMessage(checkIn.bytes)
        let now = clock.now
        let messageID = MessageIDGenerator.make(domain: config.messageIDDomain, date: now, random: SystemRandomNumberGenerator())
        let replyTo = composer.replyAddress(roundID: round.id, partnerID: partner.id ?? 0)
        let message = OutgoingMessage(
            from: config.from, to: [EmailAddress(partner.email, displayName: partner.name)],
            replyTo: EmailAddress(replyTo, displayName: config.practiceName),
            subject: InboundProcessor.replySubject(original.header("Subject"), practiceName: config.practiceName), date: now, messageID: messageID,
            inReplyTo: checkIn.messageID, references: [checkIn.messageID],
            extraHeaders: [(name: "Auto-Submitted", value: "auto-generated"),
                           (name: "List-Unsubscribe", value: "<mailto:\(replyTo)?subject=STOP>"),
                           (name: "Content-Language", value: partner.language)],
            textBody: text)
        return OutboxDraft(kind: .reminder, partnerID: partner.id, messageID: messageID, envelopeFrom: config.from.address,
                           envelopeTo: partner.email, bytes: message.render())
    }

    /// A short answer in the reply's thread, sent to the partner on record (never to an
    /// address taken from the reply).
    package func confirmation(_ view: ConfirmationView, to partner: Partner, inReplyTo message: MIMEMessage, roundID: Int64,
                              inboundID: Int64) throws(AppError) -> OutboxDraft {
        let config = practice.config
        let text: String
        let templates = try practice.templates(for: partner.language)
        do { text = try templates.render("confirmation_text", view) } catch { throw .configuration(error.description) }
        let now = clock.now
        let messageID = MessageIDGenerator.make(domain: config.messageIDDomain, date: now, random: SystemRandomNumberGenerator())
        let replyID = message.messageIDs("Message-ID").first
        var references = Array(message.messageIDs("References").suffix(10))
        if let replyID, !references.contains(replyID) { references.append(replyID) }
        let replyTo = composer.replyAddress(roundID: roundID, partnerID: partner.id ?? 0)
        let outgoing = OutgoingMessage(
            from: config.from, to: [EmailAddress(partner.email, displayName: partner.name)],
            replyTo: EmailAddress(replyTo, displayName: config.practiceName), subject: InboundProcessor.replySubject(message.header("Subject"), practiceName: config.practiceName),
            date: now, messageID: messageID, inReplyTo: replyID, references: references,
            extraHeaders: [(name: "Auto-Submitted", value: "auto-replied"), (name: "Content-Language", value: partner.language)], textBody: text)
        return OutboxDraft(kind: .confirmation, partnerID: partner.id, messageID: messageID, envelopeFrom: config.from.address,
                           envelopeTo: partner.email, bytes: outgoing.render(), inboundID: inboundID)
    }

    /// An immediate safety alert to the couple's therapist, in the therapist's language; `week`
    /// is the round's (nil for an automatic reply), `titles` the lexicon's concept names in
    /// English, `text` the reply as the therapist should see it.
    package func alert(couple: Couple, partner: Partner, week: ISOWeek?, flags: [SafetyFlag], titles: [String: String],
                       findings: [SafetyFinding] = [], text: String, inboundID: Int64) throws(AppError) -> OutboxDraft {
        guard let therapist = practice.config.therapist(id: couple.therapistID) else {
            throw .configuration("couple's therapist is not in the configuration's [[therapists]]")
        }
        let t = try practice.therapistLocale(therapist.language).texts
        let weekLabel = week.map {
            t(.weekOf, ["date": CheckInComposer.weekDate($0, language: therapist.language, timeZoneID: couple.schedule.timeZoneID)])
        } ?? t(.automaticReply)
        let view = AlertView(therapistName: therapist.name, practiceName: practice.config.practiceName, coupleID: couple.id,
                             label: partner.label.rawValue, partnerName: partner.name, weekLabel: weekLabel,
                             flags: Self.flagViews(flags, titles: titles, findings: findings, texts: t),
                             text: InboundProcessor.indented(text, limit: 2_000))
        // The crisis text this partner was given: the one in their language.
        return try alert(view, to: therapist, partnerID: partner.id, inboundID: inboundID,
                         crisisText: practice.config.crisisText(for: partner.language))
    }

    /// The alert for a message whose sender is not verified (quarantined, unknown, an auto-reply or
    /// a bounce): to the couple's therapist when the message names a couple, else to the practice's
    /// first therapist. It says plainly that the sender is not on file. `sender` is the From
    /// address (nil when there is none), `what` what the message was, in English as the review
    /// queue keeps it ("sent as an automatic reply"); both are put in the therapist's language.
    package func unverifiedAlert(couple: Couple?, sender: String?, what: String, flags: [SafetyFlag], titles: [String: String],
                                 findings: [SafetyFinding] = [], text: String, inboundID: Int64) throws(AppError) -> OutboxDraft {
        let config = practice.config
        guard let therapist = couple.flatMap({ config.therapist(id: $0.therapistID) }) ?? config.therapists.first else {
            throw .configuration("no [[therapists]] in the configuration to alert")
        }
        let t = try practice.therapistLocale(therapist.language).texts
        var view = AlertView(therapistName: therapist.name, practiceName: config.practiceName, coupleID: couple?.id ?? "",
                             label: "", partnerName: "", weekLabel: "",
                             flags: Self.flagViews(flags, titles: titles, findings: findings, texts: t),
                             text: InboundProcessor.indented(text, limit: 2_000))
        view.verified = false
        view.senderNote = t(.unverifiedFrom, ["sender": sender ?? t(.unknownAddress), "what": t.reason(what)])
        return try alert(view, to: therapist, partnerID: nil, inboundID: inboundID)
    }

    /// One line per concept flagged: its title (in the therapist's language), the sentence that raised it, the rule.
    static func flagViews(_ flags: [SafetyFlag], titles: [String: String], findings: [SafetyFinding],
                          texts: TherapistTexts) -> [AlertView.FlagView] {
        flags.map { flag in
            let finding = findings.first { $0.concept == flag.category }
            return AlertView.FlagView(title: texts.concept(flag.category, english: finding?.title ?? titles[flag.category]), pattern: flag.pattern,
                                      sentence: finding.map { InboundProcessor.excerpt($0.sentence, limit: 300) } ?? "")
        }
    }

    private func alert(_ base: AlertView, to therapist: Therapist, partnerID: Int64?, inboundID: Int64,
                       crisisText: String? = nil) throws(AppError) -> OutboxDraft {
        let config = practice.config
        var view = base
        view.crisisText = crisisText ?? config.crisisText
        view.ref = "A\(inboundID)"
        view.repliesApplied = config.authservID != nil
        view.resendHours = config.alertResendHours
        view.resendHoursLabel = try practice.therapistLocale(therapist.language).texts.count(.hours, config.alertResendHours)
        return try toTherapist(therapist, template: "alert", view: view, kind: .alert, partnerID: partnerID, inboundID: inboundID,
                               headers: [(name: "Importance", value: "high"), (name: "X-Priority", value: "1")])
    }

    /// The one reminder of an alert not marked seen after `[digest] alert_resend_hours`.
    package func alertReminder(_ view: AlertReminderView, to therapist: Therapist, inboundID: Int64) throws(AppError) -> OutboxDraft {
        try toTherapist(therapist, template: "alert_reminder", view: view, kind: .alertReminder, partnerID: nil, inboundID: inboundID,
                        headers: [(name: "Importance", value: "high")])
    }

    /// A text message to a therapist from `<template>_subject_text` and `<template>_text`, with
    /// the signed reply address (replies to it, "A12 seen" or "undo", act as replies to the digest).
    private func toTherapist(_ therapist: Therapist, template: String, view: Any, kind: OutboxKind, partnerID: Int64?, inboundID: Int64,
                             headers: [(name: String, value: String)] = [], autoSubmitted: String = "auto-generated",
                             inReplyTo: MIMEMessage? = nil) throws(AppError) -> OutboxDraft {
        let config = practice.config
        let templates = try practice.therapistLocale(therapist.language).templates
        let subject: String, body: String
        do {
            subject = try templates.render(template + "_subject_text", view).split(whereSeparator: \.isNewline)
                .joined(separator: " ").trimmingCharacters(in: .whitespaces)
            body = try templates.render(template + "_text", view)
        } catch {
            throw .configuration(error.description)
        }
        let now = clock.now
        let messageID = MessageIDGenerator.make(domain: config.messageIDDomain, date: now, random: SystemRandomNumberGenerator())
        let replyID = inReplyTo?.messageIDs("Message-ID").first
        var references = Array((inReplyTo?.messageIDs("References") ?? []).suffix(10))
        if let replyID, !references.contains(replyID) { references.append(replyID) }
        let outgoing = OutgoingMessage(
            from: config.from, to: [EmailAddress(therapist.email, displayName: therapist.name)],
            replyTo: EmailAddress(digestReplyAddress(for: therapist), displayName: config.practiceName), subject: subject, date: now,
            messageID: messageID, inReplyTo: replyID, references: references,
            extraHeaders: [(name: "Auto-Submitted", value: autoSubmitted), (name: "Content-Language", value: therapist.language)] + headers,
            textBody: body)
        return OutboxDraft(kind: kind, partnerID: partnerID, messageID: messageID, envelopeFrom: config.from.address,
                           envelopeTo: therapist.email, bytes: outgoing.render(), inboundID: inboundID)
    }

    /// The digest as an email (HTML and text).
    package func digest(_ view: DigestView, for therapist: Therapist) throws(AppError) -> OutgoingMessage {
        let config = practice.config
        let templates = try practice.therapistLocale(therapist.language).templates
        let subject: String, text: String, html: String
        do {
            subject = try templates.render("digest_subject_text", view).split(whereSeparator: \.isNewline)
                .joined(separator: " ").trimmingCharacters(in: .whitespaces)
            text = try templates.render("digest_text", view)
            html = try templates.render("digest_html", view)
        } catch {
            throw .configuration(error.description)
        }
        let now = clock.now
        return OutgoingMessage(
            from: config.from, to: [EmailAddress(therapist.email, displayName: therapist.name)],
            replyTo: EmailAddress(digestReplyAddress(for: therapist), displayName: config.practiceName), subject: subject, date: now,
            messageID: MessageIDGenerator.make(domain: config.messageIDDomain, date: now, random: SystemRandomNumberGenerator()),
            extraHeaders: [(name: "Auto-Submitted", value: "auto-generated"), (name: "Content-Language", value: therapist.language)],
            textBody: text, htmlBody: html)
    }

    /// Where a therapist replies to act on the digest: `local+TOKEN@domain`, the token naming
    /// the therapist and today (it expires `[digest] reply_days` later).
    package func digestReplyAddress(for therapist: Therapist) -> String {
        let token = DigestReplyToken(therapistID: therapist.id, issuedAt: clock.now).encoded(key: practice.hmacKey)
        return "\(practice.config.replyLocalPart)+\(token)@\(practice.config.replyDomain)"
    }

    /// The confirmation of a therapist's reply to the digest, in its thread, with a fresh reply
    /// address (so "undo" can be sent by replying to it).
    package func therapistEcho(_ view: TherapistEchoView, to therapist: Therapist, inReplyTo message: MIMEMessage,
                               inboundID: Int64) throws(AppError) -> OutboxDraft {
        try toTherapist(therapist, template: "therapist_echo", view: view, kind: .confirmation, partnerID: nil, inboundID: inboundID,
                        autoSubmitted: "auto-replied", inReplyTo: message)
    }
}
