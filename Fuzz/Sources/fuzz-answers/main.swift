import FuzzDriver
import TightropeCore
import TightropeFuzzing

// Answer parsing, twice over: `AnswerParser` on the input as the reply's text, and the whole
// reading path of `poll` and `tightrope parse-reply` on the input as a raw message (MIME, the
// body, reply extraction, `ReplyReader`, the safety screen), against one of the fixtures' rounds.
FuzzReading.prepare()
fuzz { data in
    let bytes = Array(data)
    let questions = FuzzReading.round(for: bytes.count)
    _ = AnswerParser.parse(text: String(decoding: bytes, as: UTF8.self), inline: [], questions: questions)
    FuzzReading.wholePath(bytes, questions: questions)
}
