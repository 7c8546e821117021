import TightropeMail

/// The "classify" step: what a message is before anyone asks whom it is from. A delivery
/// status report (RFC 3464) about one of our messages, an automatic reply (RFC 3834 and the
/// headers and subjects clients use), or a message a person wrote.
package enum InboundClass: Equatable {
    case deliveryReport(DeliveryStatusReport)
    case autoReply
    case message

    package static func of(_ message: MIMEMessage) -> InboundClass {
        if let report = DeliveryStatusReport.parse(message) { return .deliveryReport(report) }
        return AutoReplyDetector.isAutoReply(message) ? .autoReply : .message
    }
}
