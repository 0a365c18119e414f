/// What a quote is, by its shape in the sentence.
public enum QuoteKind: String, Sendable, Codable, CaseIterable {
    /// One or more whole sentences: it starts a sentence (or follows a colon) with a capital, or
    /// it is closed by the attribution ("…highly likely," he said).
    case sentence
    /// Part of a sentence, four words or more ("…military to learn "how to handle different weapons""),
    /// or a shorter one that the sentence gives to a speaker it does not name ("residents
    /// chanted “murderers”": set by ``SpeakerAttributor``'s fragment sieve).
    case fragment
    /// One to three words set off inside a sentence (‘Fake’, “fake news.”, "low quality"),
    /// unless the attribution finds who said them.
    case scare
}

/// One quotation found in a text: the statement inside the marks, where it sits, and who said it.
///
/// Offsets are UTF-8 byte offsets into the text the quote was extracted from, half-open.
/// A quote is usually one span between an opening and a closing mark. Two kinds of quote have
/// several ``segments``:
/// - a *split* quote, interrupted by its attribution (`"…highly likely," he said. "As such, …"`):
///   one statement with a gap that holds the attribution;
/// - a quote that *runs on* across paragraphs, where the next paragraph opens with a fresh mark.
public struct Quote: Sendable, Hashable {
    /// The quoted words, without the marks: one range per segment, in text order.
    public var segments: [Range<Int>]
    /// From the first mark that opens the quote to the last mark that closes it (or the end of
    /// the paragraph for an unterminated quote).
    public var markedRange: Range<Int>
    /// What kind of quote this is.
    public var kind: QuoteKind
    /// 0 for a quote in running text, 1 for a quote inside a quote, and so on.
    public var depth: Int
    /// Index of the paragraph holding the opening mark.
    public var paragraph: Int
    /// Byte range of that paragraph.
    public var paragraphRange: Range<Int>
    /// Index (in the whole text) of the sentence holding the opening mark.
    public var sentence: Int
    /// Byte range of that sentence.
    public var sentenceRange: Range<Int>
    /// Which family of marks opened it.
    public var family: QuoteMarkFamily
    /// False when no closing mark was found before the paragraph ended (the quote then ends there).
    public var isTerminated: Bool
    /// True when the closing mark was of another family than the opening one (`"…,' Kim added`).
    public var isRepaired: Bool
    /// Number of words inside the marks (in text without spaces between words, Chinese or
    /// Japanese, three characters count two words).
    public var wordCount: Int
    /// Who said it, when the text says so (filled by ``SpeakerAttributor``).
    public var attribution: Attribution?
    /// A statement printed as a paragraph of its own without quotation marks, which the text
    /// marks as a quotation all the same: under a line that introduces it ("… released the
    /// following statement:") or above a dash line that signs it ("— Name (@handle) date", an
    /// embedded post). ``markedRange`` is then the paragraph (a stray closing mark at its end
    /// included).
    public var isUnmarked: Bool

    /// Creates a quote (extraction fills every field; this is for tests and tools).
    public init(
        segments: [Range<Int>], markedRange: Range<Int>, kind: QuoteKind, depth: Int = 0,
        paragraph: Int, paragraphRange: Range<Int>, sentence: Int, sentenceRange: Range<Int>,
        family: QuoteMarkFamily = .double, isTerminated: Bool = true, isRepaired: Bool = false,
        wordCount: Int, attribution: Attribution? = nil, isUnmarked: Bool = false
    ) {
        self.isUnmarked = isUnmarked
        self.segments = segments
        self.markedRange = markedRange
        self.kind = kind
        self.depth = depth
        self.paragraph = paragraph
        self.paragraphRange = paragraphRange
        self.sentence = sentence
        self.sentenceRange = sentenceRange
        self.family = family
        self.isTerminated = isTerminated
        self.isRepaired = isRepaired
        self.wordCount = wordCount
        self.attribution = attribution
    }

    /// From the first quoted byte to the last (gaps of a split quote included).
    public var range: Range<Int> {
        guard let first = segments.first, let last = segments.last else { return markedRange }
        return Range(total: first.lowerBound, last.upperBound)
    }

    /// The byte ranges between segments: the attribution of a split quote, the paragraph break
    /// and continuation mark of a run-on quote.
    public var gaps: [Range<Int>] {
        (1..<max(1, segments.count)).map { Range(total: segments[$0 - 1].upperBound, segments[$0].lowerBound) }
    }

    /// Whether the quote is one statement in several pieces.
    public var isSplit: Bool { segments.count > 1 }

    /// The quoted words of `text` (the text the quote came from), segments joined by a space
    /// (cold path: copies the text's bytes).
    public func statement(in text: String) -> String {
        let utf8 = Array(text.utf8)
        return segments.map { String(decoding: utf8[$0.clamped(toCount: utf8.count)], as: UTF8.self) }.joined(separator: " ")
    }

    /// The exact bytes of ``range`` in `text` (cold path: copies the text's bytes).
    public func text(in text: String) -> String {
        let utf8 = Array(text.utf8)
        return String(decoding: utf8[range.clamped(toCount: utf8.count)], as: UTF8.self)
    }
}
