import FuzzDriver
import TightropeCore
import TightropeMail

// HTML to text within the reading limits (as the readable body is made), on the input as UTF-8
// (invalid bytes replaced, as the charset decoder does).
fuzz { data in
    var defects: [MIMEDefect] = []
    _ = HTMLText.toText(String(decoding: data, as: UTF8.self), limits: .standard, defects: &defects)
}
