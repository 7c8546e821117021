import Foundation
import TightropeCore
import TightropeMail
import TightropeRendering

package struct CheckInComposer: Sendable {
    package let practice: Practice

    package init(practice: Practice) { self.practice = practice }

    /// The questions for a couple's next round, chosen from their history.
    /// `chosen`: the theme the therapist picked for this round, else the rotation's.
    package func questions(history: [RoundHistoryEntry], chosen: Theme? = nil) -> RoundQuestions {
        let theme = chosen ?? ThemeRotation.nextTheme(history: history)
        let prompt = ThemeRotation.nextPrompt(theme: theme, bank: practice.bank, history: history)
        return RoundQuestions(theme: theme, themeTitle: practice.bank.themeTitles[theme] ?? theme.rawValue,
                              scales: practice.bank.scales, prompt: prompt)
    }

    /// The reply address for a partner in a round: `local+token@domain`.
    package func replyAddress(roundID: Int64, partnerID: Int64) -> String {
        let token = ReplyToken(roundID: roundID, partnerID: partnerID).encoded(key: practice.hmacKey)
        return "\(practice.config.replyLocalPart)+\(token)@\(practice.config.replyDomain)"
    }

    /// Builds the message. `messageID` is recorded in the outbox before anything is sent.
    /// `partnerRecap` (the other partner's answers) is shown only when the couple chose to
    /// share; otherwise it is dropped here, whatever the caller passed.
    package func compose(couple: Couple, partner: Partner, roundID: Int64, week: ISOWeek, questions: RoundQuestions,
                         recap: CheckInView.RecapView?, partnerRecap: CheckInView.RecapView? = nil, date: Date,
                         messageID: String) throws(AppError) -> OutgoingMessage {
        let config = practice.config
        guard let therapist = config.therapist(id: couple.therapistID) else {
            throw .configuration("couple's therapist is not in the configuration's [[therapists]]")
        }
        let footer = FooterView(practiceName: config.practiceName, crisisText: config.crisisText(for: partner.language) ?? config.crisisText, therapistName: therapist.name)
        // Everything in the partner's language: the round's questions (same ids) and the templates.
        let questions = try practice.questions(questions, for: partner.language)
        let templates = try practice.templates(for: partner.language)
        let view = CheckInView(
            partnerName: partner.greetingName, practiceName: config.practiceName, therapistName: therapist.name,
            weekDate: Self.weekDate(week, language: partner.language, timeZoneID: couple.schedule.timeZoneID), themeTitle: questions.themeTitle,
            scales: questions.scales.enumerated().map { i, s in
                CheckInView.ScaleView(number: i + 1, question: s.question, lowLabel: s.lowLabel, highLabel: s.highLabel)
            },
            promptText: questions.prompt.text, recap: recap.flatMap { $0.isEmpty ? nil : [$0] } ?? [],
            partnerRecap: couple.sharing ? partnerRecap.flatMap { $0.isEmpty ? nil : [$0] } ?? [] : [],
            sharing: couple.sharing, footer: footer)
        var measured = view
        if let measure = questions.measure {
            measured.measureTitle = measure.title
            measured.measureItems = measure.items.map { CheckInView.MeasureItemView(letter: $0.letter, text: $0.text, anchors: $0.anchors) }
        }
        let subject: String, text: String, html: String
        do {
            subject = try templates.render("checkin_subject_text", measured)
                .split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
            text = try templates.render("checkin_text", measured)
            html = try templates.render("checkin_html", measured)
        } catch {
            throw .configuration(error.description)
        }
        let replyTo = replyAddress(roundID: roundID, partnerID: partner.id ?? 0)
        return OutgoingMessage(
            from: config.from, to: [EmailAddress(partner.email, displayName: partner.name)],
            replyTo: EmailAddress(replyTo, displayName: config.practiceName), subject: subject, date: date,
            messageID: messageID,
            extraHeaders: [
                (name: "Auto-Submitted", value: "auto-generated"),
                (name: "List-Unsubscribe", value: "<mailto:\(replyTo)?subject=STOP>"),
                (name: "Content-Language", value: partner.language),
            ],
            textBody: text, htmlBody: html)
    }

    /// The Monday of `week` as a partner who writes in `language` reads a date (ICU's long date
    /// in their locale: "30. November 2026", "2026年11月30日").
    static func weekDate(_ week: ISOWeek, language: String, timeZoneID: String) -> String {
        guard let monday = Schedule.instant(week: week, day: .monday, time: LocalTime(hour: 12, minute: 0)!, timeZoneID: timeZoneID) else {
            return week.description
        }
        return LocaleSupport.longDate(monday, language: language == "en" ? "en-GB" : language, timeZoneID: timeZoneID)
    }
}
