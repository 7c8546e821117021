import Foundation
import TightropeCore
import TightropeMail
import TightropeStore

/// `tightrope preview`: the exact check-in a partner would get if the couple's next round
/// opened now. Writes nothing. Only the Message-ID, the round number in the reply token and
/// the Date differ from the real send, which fixes them when the round opens.
package struct Preview {
    package let practice: Practice
    package let store: TightropeStore
    package let clock: any WallClock

    package init(practice: Practice, store: TightropeStore, clock: any WallClock) {
        self.practice = practice
        self.store = store
        self.clock = clock
    }

    package func render(coupleID: String, label: PartnerLabel) throws(AppError) -> [UInt8] {
        guard let couple = try wrap({ () throws(StoreError) in try store.couple(id: coupleID) }) else {
            throw .invalidInput("couple: not found")
        }
        guard let partner = couple.partner(label) else { throw .invalidInput("partner: not found") }
        let rounds = try wrap { () throws(StoreError) in try store.rounds(coupleID: coupleID) }
        let composer = CheckInComposer(practice: practice)
        let questions = composer.questions(history: rounds.map { RoundHistoryEntry(theme: $0.theme, promptID: $0.promptID) })
        let now = clock.now
        let week = Schedule.week(containing: now, timeZoneID: couple.schedule.timeZoneID)
        let messageID = "preview." + MessageIDGenerator.make(domain: practice.config.messageIDDomain, date: now,
                                                             random: SystemRandomNumberGenerator())
        let nextRound = (rounds.map(\.id).max() ?? 0) + 1
        return try composer.compose(couple: couple, partner: partner, roundID: nextRound, week: week, questions: questions,
                                    recap: nil, date: now, messageID: messageID).render()
    }
}
