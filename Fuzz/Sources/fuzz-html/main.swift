import FuzzDriver
import TightropeMail

// HTML to text, on the input as UTF-8 (invalid bytes replaced, as the charset decoder does).
fuzz { data in
    _ = HTMLText.toText(String(decoding: data, as: UTF8.self))
}
