/// Every limit that bounds the work one inbound message can cause, in one place. Each step of
/// reading (MIME, charsets, HTML to text, reply extraction, answers, the safety screen) is
/// linear in its input and stops at these; a limit that is reached is recorded as a defect of
/// the message, and a reply that hit one goes to the therapist's review queue rather than being
/// stored as read. The raw message is always stored whole first, so nothing is lost by a limit.
///
/// The figures are chosen so that any message up to `maxMessageBytes` is read in well under a
/// second and 256 MB on a small server (`Benchmarks/run hostile`, BENCHMARKS.md), while no real
/// reply comes near them: the longest reply in the corpora is under 100 KB of text.
package struct ReadingLimits: Sendable, Equatable {
    /// The largest message fetched and parsed (the IMAP fetch stops at the same size).
    package var maxMessageBytes: Int
    /// Header fields per entity; further fields are ignored.
    package var maxHeaderFields: Int
    /// Bytes of one header field with its folds undone; the rest of the field is ignored.
    package var maxHeaderFieldBytes: Int
    /// Multipart nesting; deeper parts are not parsed.
    package var maxDepth: Int
    /// Entities in one message; the rest are not parsed.
    package var maxParts: Int
    /// Defects recorded per message; one more defect says that further ones were dropped.
    package var maxDefects: Int
    /// Bytes of decoded text handed to reading (the chosen body, after HTML to text); a longer
    /// text is read up to here.
    package var maxTextBytes: Int
    /// The part of a reply's new text that answers and commands are read from (bytes, lines):
    /// a check-in answer is a few lines; a reply longer than this is read up to here, screened
    /// whole, and goes to review.
    package var maxAnswerTextBytes: Int
    package var maxAnswerLines: Int
    /// Bytes of HTML converted to text.
    package var maxHTMLBytes: Int
    /// Quote markers written before one line of HTML-quoted text (`<blockquote>` nesting).
    package var maxQuoteDepth: Int
    /// Bytes of one line given to the line-based readers; a longer line is broken (at a space
    /// where there is one), never cut.
    package var maxLineBytes: Int

    package init(maxMessageBytes: Int = 32 << 20, maxHeaderFields: Int = 2_000, maxHeaderFieldBytes: Int = 64 << 10,
                maxDepth: Int = 32, maxParts: Int = 1_000, maxDefects: Int = 64, maxTextBytes: Int = 128 << 10,
                maxAnswerTextBytes: Int = 16 << 10, maxAnswerLines: Int = 400, maxHTMLBytes: Int = 4 << 20, maxQuoteDepth: Int = 8, maxLineBytes: Int = 16 << 10) {
        self.maxMessageBytes = maxMessageBytes
        self.maxHeaderFields = maxHeaderFields
        self.maxHeaderFieldBytes = maxHeaderFieldBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxDefects = maxDefects
        self.maxTextBytes = maxTextBytes
        self.maxAnswerTextBytes = maxAnswerTextBytes
        self.maxAnswerLines = maxAnswerLines
        self.maxHTMLBytes = maxHTMLBytes
        self.maxQuoteDepth = maxQuoteDepth
        self.maxLineBytes = maxLineBytes
    }

    /// The limits every reader uses.
    package static let standard = ReadingLimits()
}
