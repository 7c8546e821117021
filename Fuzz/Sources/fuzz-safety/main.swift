import FuzzDriver
import TightropeCore
import TightropeFuzzing

// The safety screen with the shipped lexicon (seeds/safety): the flags and the explanation.
FuzzReading.prepare()
fuzz { data in
    let text = String(decoding: data, as: UTF8.self)
    _ = SafetyScreen.screen(text, lexicon: FuzzReading.lexicon)
    _ = SafetyScreen.explain(text, lexicon: FuzzReading.lexicon)
}
