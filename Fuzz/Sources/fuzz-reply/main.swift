import FuzzDriver
import TightropeMail

// Reply extraction on a decoded body (the input as UTF-8): reply headers, quotes, signatures,
// inline answers.
fuzz { data in
    _ = ReplyExtractor.extract(String(decoding: data, as: UTF8.self))
}
