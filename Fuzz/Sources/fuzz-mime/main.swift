import FuzzDriver
import TightropeMail

// MIME parsing: the structure, every text part's body decoded (transfer encoding and charset),
// the best text body chosen and, if HTML, turned into text, and the header readers that
// classification uses (addresses, message ids, auto-replies, delivery reports).
fuzz { data in
    let message = MIMEMessage(Array(data))
    var defects: [MIMEDefect] = []
    for index in message.parts.indices where message.parts[index].mainType == "text" {
        _ = message.text(index, defects: &defects)
    }
    if let body = message.bestText(), body.isHTML { _ = HTMLText.toText(body.text) }
    for name in ["From", "Subject", "Date", "Message-ID", "Auto-Submitted"] { _ = message.header(name) }
    for value in message.headers("From") { _ = HeaderValues.addresses(value) }
    for value in message.headers("References") + message.headers("In-Reply-To") { _ = HeaderValues.messageIDs(value) }
    _ = AutoReplyDetector.isAutoReply(message)
    _ = DeliveryStatusReport.parse(message)
}
