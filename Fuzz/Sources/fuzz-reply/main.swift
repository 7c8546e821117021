import FuzzDriver
import TightropeCore
import TightropeMail

// Reply extraction on a decoded body (the input as UTF-8), bounded as the readable body is
// (`BoundedText`: at most maxTextBytes, no line over maxLineBytes): reply headers, quotes,
// signatures, inline answers.
fuzz { data in
    var defects: [MIMEDefect] = []
    let text = BoundedText.bounded(String(decoding: data, as: UTF8.self), limits: .standard, defects: &defects)
    _ = ReplyExtractor.extract(text)
}
