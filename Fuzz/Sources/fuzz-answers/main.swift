import FuzzDriver
import TightropeCore
import TightropeFuzzing
import TightropeMail

// Answer parsing, twice over: `AnswerParser` on the input as the reply's new text, cut as
// `ReplyReader` cuts it (maxAnswerTextBytes, maxAnswerLines), and the whole reading path of `poll`
// and `tightrope parse-reply` on the input as a raw message (`ReadingPass`: MIME, the body, reply
// extraction, `ReplyReader`, the safety screen), against one of the fixtures' rounds.
FuzzReading.prepare()
fuzz { data in
    let bytes = Array(data)
    let questions = FuzzReading.round(for: bytes.count)
    let limits = ReadingLimits.standard
    let text = BoundedText.prefix(String(decoding: bytes, as: UTF8.self), bytes: limits.maxAnswerTextBytes, lines: limits.maxAnswerLines).text
    _ = AnswerParser.parse(text: text, inline: [], questions: questions)
    FuzzReading.wholePath(bytes, questions: questions)
}
