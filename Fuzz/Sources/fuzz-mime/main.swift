import FuzzDriver
import TightropeMail

// MIME parsing: the structure, the readable text (the best body, decoded, HTML turned into text,
// within the reading limits), every other text part decoded (transfer encoding and charset), and
// the header readers that classification uses (addresses, message ids, auto-replies, delivery
// reports).
fuzz { data in
    let message = MIMEMessage(Array(data))
    _ = message.readableText()
    var defects: [MIMEDefect] = []
    for index in message.parts.indices where message.parts[index].mainType == "text" {
        _ = message.text(index, defects: &defects)
    }
    for name in ["From", "Subject", "Date", "Message-ID", "Auto-Submitted"] { _ = message.header(name) }
    for value in message.headers("From") { _ = HeaderValues.addresses(value) }
    for value in message.headers("References") + message.headers("In-Reply-To") { _ = HeaderValues.messageIDs(value) }
    _ = AutoReplyDetector.isAutoReply(message)
    _ = DeliveryStatusReport.parse(message)
}
