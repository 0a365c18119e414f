import RefrainText

/// How paragraphs are found for quote extraction and attribution.
public enum QuoteParagraphMode: String, Sendable, Codable, CaseIterable {
    /// Blank lines separate paragraphs when the text has any; otherwise every line is one. The default.
    case auto
    /// Paragraphs are separated by blank lines.
    case blankLines = "blank-lines"
    /// Every line break ends a paragraph.
    case lineBreaks = "line-breaks"
}

/// Options for ``QuoteExtractor``.
public struct QuoteExtractionOptions: Sendable, Hashable, Codable {
    /// How paragraphs are found. Default ``QuoteParagraphMode/auto``.
    public var paragraphMode: QuoteParagraphMode = .auto
    /// Join a quote interrupted by its attribution (`"…," he said. "…"`) into one statement. Default true.
    public var mergeSplitQuotes: Bool = true
    /// Longest attribution (in words) that may sit between the parts of a split quote. Default 20.
    public var maxGapWords: Int = 20
    /// Keep a quote whose closing mark is missing when it opens a paragraph or follows a colon
    /// (it then ends with its paragraph). Default true.
    public var keepUnterminated: Bool = true

    /// The defaults.
    public init() {}
}

/// Finds the quotations in a text: spans between quotation marks of every common style, with
/// nesting, run-on paragraphs, split quotes, damaged marks, and apostrophes told apart.
///
/// Marks are read by family (``QuoteMarkFamily``) and by their context, the way a reader does:
/// a mark with a space before it and a letter after it opens, a mark after a letter or after
/// `,` `.` `!` `?` and before a space or punctuation closes. Single marks between letters
/// (Kremlin’s, don't), before an elided word ('Tis, '90s) or after a plural noun with no single
/// quote open (soldiers’ morale) are apostrophes. A closing mark of the wrong family right after
/// punctuation (`"…North Korea,' Kim added`) still closes the open quote (``Quote/isRepaired``).
/// A quote left open at the end of a paragraph continues when the next paragraph opens with a
/// mark of its family; otherwise it is kept as unterminated only if it opened the paragraph or
/// followed a colon. Nested quotes are reported with `depth` 1 and more.
///
/// Not thread-safe (it keeps an ICU sentence iterator): use one per thread.
/// Cost: one pass over the bytes plus ICU sentence segmentation of the text.
public final class QuoteExtractor {
    /// The options in use.
    public let options: QuoteExtractionOptions
    private let sentences = SentenceSegmenter()

    /// An extractor with `options`.
    public init(options: QuoteExtractionOptions = QuoteExtractionOptions()) {
        self.options = options
    }

    /// The quotes of `text`, in text order (a quote before the quotes nested in it).
    public func extract(from text: String) -> [Quote] {
        var text = text
        return text.withUTF8 { extract(from: $0) }
    }

    /// The paragraph mode `options` resolves to for `bytes`.
    public func resolvedParagraphMode(_ bytes: UnsafeBufferPointer<UInt8>) -> ParagraphMode {
        QuoteExtractor.resolve(options.paragraphMode, bytes)
    }

    static func resolve(_ mode: QuoteParagraphMode, _ bytes: UnsafeBufferPointer<UInt8>) -> ParagraphMode {
        switch mode {
        case .blankLines: return .blankLines
        case .lineBreaks: return .lineBreaks
        case .auto: return hasBlankLine(bytes) ? .blankLines : .lineBreaks
        }
    }

    /// Whether a line holding only whitespace sits between two lines with text.
    static func hasBlankLine(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var seenText = false
        var lineHasText = false
        var blankAfterText = false
        for c in b {
            if c == 0x0A {
                if lineHasText {
                    if blankAfterText { return true }
                    seenText = true
                } else if seenText {
                    blankAfterText = true
                }
                lineHasText = false
            } else if !(c == 0x20 || c == 0x09 || c == 0x0D) {
                lineHasText = true
            }
        }
        return lineHasText && blankAfterText
    }

    /// The quotes of UTF-8 `bytes`, in text order.
    public func extract(from bytes: UnsafeBufferPointer<UInt8>) -> [Quote] {
        let mode = resolvedParagraphMode(bytes)
        let paragraphs = Paragraphs.ranges(in: bytes, mode: mode)
        var raw = scan(bytes, paragraphs)
        raw += blockStatements(bytes, paragraphs, nesting: &raw)
        if raw.isEmpty { return [] }
        raw.sort { ($0.markedRange.lowerBound, $0.depth) < ($1.markedRange.lowerBound, $1.depth) }
        if options.mergeSplitQuotes { raw = mergeSplits(bytes, raw, paragraphs) }
        let sentenceRanges = sentences.sentences(in: bytes, mode: mode)
        return raw.map { finish($0, bytes, paragraphs, sentenceRanges) }
    }

    // MARK: - Scanning marks

    struct Open {
        var family: QuoteMarkFamily
        var markStart: Int
        var contentStart: Int
        var segments: [Range<Int>] = []
        var paragraph: Int
        var startsParagraphOrColon: Bool
        var repaired = false
    }

    struct Raw {
        var segments: [Range<Int>]
        var markedRange: Range<Int>
        var family: QuoteMarkFamily
        var depth: Int
        var paragraph: Int
        /// Index of the paragraph holding the end of the quote (later than ``paragraph`` for a
        /// quote that runs on).
        var lastParagraph: Int
        var terminated: Bool
        var repaired: Bool
        /// A statement printed as its own paragraph without marks (``Quote/isUnmarked``).
        var unmarked = false
    }

    private func scan(_ b: UnsafeBufferPointer<UInt8>, _ paragraphs: [Range<Int>]) -> [Raw] {
        var out: [Raw] = []
        var stack: [Open] = []
        var pending: [Open] = []   // quotes left open at the end of the previous paragraph
        var pendingEnd = 0
        var pendingParagraph = 0

        // Where the text's last non-space byte ends: a quote still open there was cut off by
        // the end of the text (a truncated page), not left open by the writer.
        var textEnd = b.count
        while textEnd > 0, b[textEnd - 1] == 0x20 || b[textEnd - 1] == 0x0A || b[textEnd - 1] == 0x0D || b[textEnd - 1] == 0x09 { textEnd -= 1 }

        func finalizeUnterminated(_ entries: [Open], end: Int, paragraph last: Int) {
            guard options.keepUnterminated, let first = entries.first else { return }
            let cutOff = end >= textEnd
            // A double mark or guillemet left open mid-paragraph, where the paragraph ends a
            // sentence (`They added, "All tickets will be refunded.` ¶): the closing mark was
            // forgotten, the quote ends with the paragraph. (Single marks are apostrophes too often.)
            let endsSentence = first.family != .single && first.segments.last.map { r in
                let s = lastSignificantScalar(b, r)
                return s == 0x2E || s == 0x21 || s == 0x3F || s == 0x2026
            } ?? false
            guard first.startsParagraphOrColon || cutOff || endsSentence else { return }
            let words = first.segments.reduce(0) { $0 + Scalars.wordCount(b, $1) }
            guard words >= 3 || ((cutOff || endsSentence) && words >= 1) else { return }
            out.append(Raw(segments: first.segments, markedRange: Range(total: first.markStart, end), family: first.family,
                           depth: 0, paragraph: first.paragraph, lastParagraph: max(first.paragraph, last),
                           terminated: false, repaired: first.repaired))
        }

        for (pi, p) in paragraphs.enumerated() {
            var i = p.lowerBound
            if !pending.isEmpty && i < p.upperBound {
                let (s, len) = Scalars.decode(b, i)
                let next = Scalars.classAt(b, i + len, upperBound: p.upperBound)
                if let m = QuoteMark.of(s), m.family == pending[0].family, m.shape != .closing, next != .space {
                    var continued = pending[0]
                    continued.contentStart = i + len
                    stack = [continued]
                    i += len
                } else {
                    finalizeUnterminated(pending, end: pendingEnd, paragraph: pendingParagraph)
                }
                pending = []
            }
            while i < p.upperBound {
                let (s, len) = Scalars.decode(b, i)
                guard let m = QuoteMark.of(s) else { i += len; continue }
                let prev = Scalars.classBefore(b, i, lowerBound: p.lowerBound)
                let next = Scalars.classAt(b, i + len, upperBound: p.upperBound)
                handle(m, at: i, length: len, prev: prev, next: next, paragraph: pi, paragraphRange: p,
                       bytes: b, stack: &stack, out: &out)
                i += len
            }
            if !stack.isEmpty {
                let end = p.upperBound
                for k in stack.indices {
                    let seg = Scalars.trimmed(b, Range(total: stack[k].contentStart, end))
                    if !seg.isEmpty { stack[k].segments.append(seg) }
                }
                // Only the outermost quote can run on; inner ones end with the paragraph.
                pending = [stack[0]]
                pendingEnd = end
                pendingParagraph = pi
                stack = []
            }
        }
        if !pending.isEmpty { finalizeUnterminated(pending, end: pendingEnd, paragraph: pendingParagraph) }
        return out.filter { raw in raw.segments.contains { Scalars.hasWordCharacter(b, $0) } }
    }

    private func handle(
        _ m: QuoteMark, at i: Int, length len: Int, prev: CharClass, next: CharClass, paragraph pi: Int,
        paragraphRange p: Range<Int>, bytes b: UnsafeBufferPointer<UInt8>, stack: inout [Open], out: inout [Raw]
    ) {
        func close(_ k: Int, repaired: Bool) {
            var q = stack[k]
            let seg = Scalars.trimmed(b, Range(total: q.contentStart, i))
            if !seg.isEmpty { q.segments.append(seg) }
            stack.removeSubrange(k...)
            guard !q.segments.isEmpty else { return }
            out.append(Raw(segments: q.segments, markedRange: Range(total: q.markStart, i + len), family: q.family, depth: k,
                           paragraph: q.paragraph, lastParagraph: pi, terminated: true, repaired: q.repaired || repaired))
        }
        func push() {
            let before = previousSignificant(b, i, lowerBound: p.lowerBound)
            let startsParagraph = before == nil
            let afterColon = before.map { b[$0] == 0x3A } ?? false
            stack.append(Open(family: m.family, markStart: i, contentStart: i + len, paragraph: pi,
                              startsParagraphOrColon: startsParagraph || afterColon))
        }

        let same = stack.lastIndex { $0.family == m.family }
        // Damaged text: a closing-shaped double mark opening a paragraph, then a space and a
        // capital (`” We are really lucky,” the chair said`), opens the quote.
        if m.family == .double && m.shape == .closing && same == nil && next == .space && i == p.lowerBound {
            let after = i + len + 1
            if after < p.upperBound, Scalars.isUppercase(Scalars.decode(b, after).0) {
                stack.append(Open(family: m.family, markStart: i, contentStart: after, paragraph: pi, startsParagraphOrColon: true, repaired: true))
                return
            }
        }
        if m.strict {
            if m.shape == .opening { push() } else if let k = same { close(k, repaired: false) }
            return
        }
        // Chinese and Japanese set curly marks between characters with no space (李强说“发展是
        // 硬道理”，并强调…): beside a CJK character a shaped mark opens or closes by its shape.
        if m.shape != .neutral && (m.family == .double || m.family == .single) {
            let before = i > p.lowerBound ? Scalars.decode(b, Scalars.previousStart(b, i, lowerBound: p.lowerBound)).0 : 0
            let after = i + len < p.upperBound ? Scalars.decode(b, i + len).0 : 0
            if QuoteExtractor.isCJK(before) || QuoteExtractor.isCJK(after) {
                if m.shape == .opening { push() } else if let k = same { close(k, repaired: false) }
                return
            }
        }
        let prevWordy = prev == .letter || prev == .digit
        let nextWordy = next == .letter || next == .digit
        if m.family == .single {
            if prevWordy && nextWordy { return }                      // don't, Kremlin’s
            if !prevWordy && nextWordy && Elisions.startsElision(b, i + len, upperBound: p.upperBound) { return } // 'Tis, '90s
        }
        var canOpen = next != .space && !prevWordy && prev != .closeBracket
        var canClose = prev != .space && prev != .openBracket &&
            (next == .space || next == .terminal || next == .punct || next == .closeBracket || next == .dash ||
             next == .quoteMark || prev == .terminal)
        if m.family == .guillemet || m.family == .singleGuillemet {
            // French typography puts a space inside guillemets: « oui ».
            if m.shape == .opening && !prevWordy { canOpen = true }
            if m.shape == .closing && !nextWordy { canClose = true }
        }
        let preferClose = m.shape != .opening || !canOpen

        if canClose && preferClose, let k = same {
            close(k, repaired: false)
        } else if canOpen && !(m.family == .single && prevWordy) {
            push()
        } else if canClose, let k = same {
            close(k, repaired: false)
        } else if prev == .space && m.shape != .opening, let k = same, k == stack.count - 1, k > 0,
                  next == .space || next == .quoteMark || next == .terminal || next == .punct || next == .closeBracket {
            // A nested quote closed after a stray space (`“… he said ‘we will win ’ and left”`).
            close(k, repaired: false)
        } else if canClose && prev == .terminal && !stack.isEmpty {
            // A closing mark of another family right after punctuation: damaged text, close the open quote.
            close(stack.count - 1, repaired: true)
        } else if m.shape == .closing && m.family != .single && (prevWordy || prev == .terminal) && nextWordy, let k = same {
            // A closing mark glued to the next word (`…of the country”explains the doctor`).
            close(k, repaired: false)
        } else if m.shape == .neutral && m.family == .double && prevWordy && nextWordy {
            // `word"word`: a straight mark with no space on either side toggles.
            if let k = same { close(k, repaired: false) } else { push() }
        }
    }

    /// The index of the last byte before `i` that is not whitespace, another quote mark or an
    /// opening bracket, within the paragraph; `nil` at the paragraph start.
    private func previousSignificant(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, lowerBound: Int) -> Int? {
        var k = i
        while k > lowerBound {
            let start = Scalars.previousStart(b, k, lowerBound: lowerBound)
            let c = Scalars.classify(Scalars.decode(b, start).0)
            if c != .space && c != .quoteMark && c != .openBracket { return start }
            k = start
        }
        return nil
    }

    // MARK: - Split quotes

    private func mergeSplits(_ b: UnsafeBufferPointer<UInt8>, _ raw: [Raw], _ paragraphs: [Range<Int>]) -> [Raw] {
        var result: [Raw] = []
        var topLevel: [Int] = []     // indices into result of depth-0 quotes
        for q in raw {
            if q.depth == 0, let lastIndex = topLevel.last, canMerge(result[lastIndex], q, b, paragraphs) {
                result[lastIndex].segments += q.segments
                result[lastIndex].markedRange = Range(total: result[lastIndex].markedRange.lowerBound, q.markedRange.upperBound)
                result[lastIndex].lastParagraph = max(result[lastIndex].lastParagraph, q.lastParagraph)
                result[lastIndex].terminated = q.terminated
                result[lastIndex].repaired = result[lastIndex].repaired || q.repaired
                continue
            }
            result.append(q)
            if q.depth == 0 { topLevel.append(result.count - 1) }
        }
        return result
    }

    private func canMerge(_ a: Raw, _ c: Raw, _ b: UnsafeBufferPointer<UInt8>, _ paragraphs: [Range<Int>]) -> Bool {
        // Paragraphs are counted from where `a` ends (a quote may have run on across several)
        // and where `c` starts; `c` must start after `a` ends.
        // A quote in other marks (‘…’ after “…”) is another quote: a headline, a nested title.
        guard a.terminated, !a.unmarked, !c.unmarked, a.family == c.family, c.paragraph >= a.lastParagraph, c.paragraph - a.lastParagraph <= 1,
              c.markedRange.lowerBound >= a.markedRange.upperBound,
              a.lastParagraph < paragraphs.count, c.lastParagraph < paragraphs.count,
              let lastSeg = a.segments.last else { return false }
        // The first part must stop mid-statement: a comma (inside or right after the mark), `?` or `!`.
        let lastChar = lastSignificantScalar(b, lastSeg)
        let afterMark = a.markedRange.upperBound < b.count ? b[a.markedRange.upperBound] : 0
        guard lastChar == 0x2C || lastChar == 0x3F || lastChar == 0x21 || afterMark == 0x2C else { return false }
        // The gap is an attribution clause.
        let gapEnd: Int
        if c.paragraph == a.lastParagraph {
            gapEnd = c.markedRange.lowerBound
        } else {
            // Across paragraphs: the second part must open its paragraph, the clause end the first.
            guard c.markedRange.lowerBound == paragraphs[c.paragraph].lowerBound else { return false }
            gapEnd = paragraphs[a.lastParagraph].upperBound
        }
        let gap = Range(total: a.markedRange.upperBound, gapEnd)
        guard let clause = ClauseWords(b, gap), clause.words.count >= 1, clause.words.count <= options.maxGapWords,
              // A finite cue: "…,” prompting Trump to warn, “…” opens a new clause whose speaker is
              // someone else, so an infinitive's speech verb does not join the two parts.
              clause.words.indices.contains(where: { k in
                  Lexicon.speechVerbs.contains(clause.words[k]) && !Lexicon.weakSpeechVerbs.contains(clause.words[k])
                      && (k == 0 || clause.words[k - 1] != "to")
              }),
              !clause.hasInnerSentenceEnd, !clause.hasQuoteMark else { return false }
        // The second part must not carry its own attribution.
        let after = Range(total: c.markedRange.upperBound, paragraphs[c.lastParagraph].upperBound)
        if let tail = ClauseWords(b, after, stopAtSentenceEnd: true) {
            let head = tail.words.prefix(8)
            if head.contains(where: { Lexicon.speechVerbs.contains($0) && !Lexicon.weakSpeechVerbs.contains($0) }) { return false }
        }
        return true
    }

    func lastSignificantScalar(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt32 {
        var k = r.upperBound
        while k > r.lowerBound {
            let start = Scalars.previousStart(b, k, lowerBound: r.lowerBound)
            let (s, _) = Scalars.decode(b, start)
            let c = Scalars.classify(s)
            if c != .space && c != .quoteMark { return s }
            k = start
        }
        return 0
    }

    // MARK: - Kind, sentence, paragraph

    /// Han, kana and Hangul: scripts written without spaces between words.
    static func isCJK(_ s: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(s) || (0x3400...0x4DBF).contains(s) || (0x3040...0x30FF).contains(s) ||
            (0xAC00...0xD7AF).contains(s) || (0xF900...0xFAFF).contains(s)
    }

    /// The CJK characters of `r`.
    private func cjkCount(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
        var n = 0
        var i = r.lowerBound
        while i < r.upperBound {
            // ASCII bytes are never CJK: skip the decode.
            if b[i] < 0x80 { i += 1; continue }
            let (s, len) = Scalars.decode(b, i)
            if QuoteExtractor.isCJK(s) { n += 1 }
            i += len
        }
        return n
    }

    private func finish(_ r: Raw, _ b: UnsafeBufferPointer<UInt8>, _ paragraphs: [Range<Int>], _ sentenceRanges: [Range<Int>]) -> Quote {
        // Text without spaces between words (Chinese, Japanese): a word is one and a half
        // characters on average, so three characters count two words.
        let cjk = r.segments.reduce(0) { $0 + cjkCount(b, $1) }
        let words = r.segments.reduce(0) { $0 + Scalars.wordCount(b, $1) } + cjk * 2 / 3
        let p = paragraphs[r.paragraph]
        let before = previousSignificant(b, r.markedRange.lowerBound, lowerBound: p.lowerBound)
        var startsSentence = true
        if let k = before {
            let c = b[k]
            startsSentence = c == 0x2E || c == 0x21 || c == 0x3F || c == 0x3A
            if startsSentence && c == 0x2E {
                // "Lt. "… or "U.S. "…: an abbreviation's period does not end a sentence.
                startsSentence = !ClauseWords.endsWithAbbreviation(b, upTo: k + 1, lowerBound: p.lowerBound)
            }
        }
        let first = firstLetter(b, r.segments.first ?? r.markedRange)
        // A caseless script's first character starts a sentence as a capital does.
        let firstUpper = first.map { Scalars.isUppercase($0) || QuoteExtractor.isCJK($0) } ?? false
        let last = lastSignificantScalar(b, r.segments.last ?? r.markedRange)
        let endsSentence = last == 0x2E || last == 0x21 || last == 0x3F || last == 0x2026 || last == 0x3002 || last == 0xFF01 || last == 0xFF1F
        let kind: QuoteKind
        if words <= 3 && !(startsSentence && firstUpper) {
            kind = .scare
        } else if firstUpper && (startsSentence || endsSentence || r.segments.count > 1) {
            kind = .sentence
        } else if words <= 3 {
            kind = .scare
        } else {
            kind = .fragment
        }
        let start = r.markedRange.lowerBound
        var sentenceIndex = 0
        var lo = 0, hi = sentenceRanges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sentenceRanges[mid].lowerBound <= start { sentenceIndex = mid; lo = mid + 1 } else { hi = mid }
        }
        let sentenceRange = sentenceRanges.isEmpty ? p : sentenceRanges[sentenceIndex]
        return Quote(segments: r.segments, markedRange: r.markedRange, kind: kind, depth: r.depth,
                     paragraph: r.paragraph, paragraphRange: p, sentence: sentenceIndex, sentenceRange: sentenceRange,
                     family: r.family, isTerminated: r.terminated, isRepaired: r.repaired, wordCount: words, isUnmarked: r.unmarked)
    }

    private func firstLetter(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt32? {
        var i = r.lowerBound
        while i < r.upperBound {
            let (s, len) = Scalars.decode(b, i)
            let c = Scalars.classify(s)
            if c == .letter { return s }
            if c == .digit { return nil }
            i += len
        }
        return nil
    }
}
