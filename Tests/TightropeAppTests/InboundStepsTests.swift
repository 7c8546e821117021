import Foundation
import Testing
@testable import TightropeApp
@testable import TightropeMail

/// The steps of reading a message, each alone: classify, then authenticate (attribution is
/// covered through the poller in PollJobTests, against the store it reads).
@Suite struct InboundStepsTests {
    static func message(_ headers: [String], body: String = "Hello") -> MIMEMessage {
        MIMEMessage(Array((["From: maya@mail.example", "To: checkins@harbourlane.example", "Subject: Re: your check-in",
                            "Message-ID: <m1@mail.example>"] + headers + ["", body, ""]).joined(separator: "\r\n").utf8))
    }

    @Test func aDeliveryReportIsClassifiedBeforeAnythingElse() throws {
        let dsn = MIMEMessage(PollJobTests.deliveryReport(originalMessageID: "abc@harbourlane.example", recipient: "tom@mail.example"))
        guard case .deliveryReport(let report) = InboundClass.of(dsn) else {
            Issue.record("not a delivery report")
            return
        }
        #expect(report.originalMessageID == "abc@harbourlane.example")
    }

    @Test func automaticRepliesAreClassifiedAsSuch() {
        #expect(InboundClass.of(Self.message(["Auto-Submitted: auto-replied"])) == .autoReply)
        #expect(InboundClass.of(Self.message(["X-Autoreply: yes"])) == .autoReply)
        #expect(InboundClass.of(Self.message(["Auto-Submitted: no"])) == .message)
        #expect(InboundClass.of(Self.message([])) == .message)
    }
}
