/// A light clause-level view of text for attribution: words (with abbreviation periods kept),
/// the punctuation that structures clauses, and whole quotes collapsed into one piece each.
/// This is the cold path (only paragraphs near quotes are read this way), so words carry strings.
struct Piece: Sendable {
    enum Kind: UInt8, Sendable { case word, punct, quote }

    var kind: Kind
    var range: Range<Int>
    /// The surface text (a word, or one punctuation character).
    var text: String
    /// Lower-cased, apostrophes folded to `'`, a possessive `'s` and an abbreviation's period removed.
    var lower: String
    /// First letter upper-case.
    var capitalized = false
    /// Two or more letters, all upper-case (AFP, NATO).
    var allCaps = false
    /// Ends in `'s` / `’s`.
    var possessive = false
    /// Absorbed a period that does not end the sentence (Lt., U.S., N.).
    var abbreviation = false
    /// The first word of a sentence.
    var sentenceStart = false
    /// Inside parentheses or brackets.
    var inParens = false
    /// For `.quote` pieces: index of the quote.
    var quote = -1

    var isWord: Bool { kind == .word }
    /// Starts with an ASCII digit.
    var startsWithDigit: Bool { text.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
    /// `.`, `!` or `?`: ends a sentence.
    var endsSentence: Bool { kind == .punct && (text == "." || text == "!" || text == "?") }
}

enum PieceScanner {
    /// The pieces of `b[range]`; byte ranges in `quotes` (sorted, disjoint) become one `.quote`
    /// piece each, tagged with their index.
    static func scan(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, quotes: [(Range<Int>, Int)] = []) -> [Piece] {
        var pieces: [Piece] = []
        var i = range.lowerBound
        var q = 0
        var parens = 0
        var atSentenceStart = true
        while q < quotes.count && quotes[q].0.upperBound <= i { q += 1 }
        while i < range.upperBound {
            if q < quotes.count && quotes[q].0.lowerBound <= i {
                let r = quotes[q].0
                pieces.append(Piece(kind: .quote, range: r, text: "", lower: "", inParens: parens > 0, quote: quotes[q].1))
                i = max(i + 1, r.upperBound)
                q += 1
                atSentenceStart = false
                continue
            }
            let (s, len) = Scalars.decode(b, i)
            let c = Scalars.classify(s)
            switch c {
            case .letter, .digit:
                var word = scanWord(b, i, range.upperBound, limit: q < quotes.count ? quotes[q].0.lowerBound : range.upperBound)
                word.sentenceStart = atSentenceStart
                word.inParens = parens > 0
                atSentenceStart = false
                i = word.range.upperBound
                pieces.append(word)
                continue
            case .terminal, .punct, .dash, .openBracket, .closeBracket:
                if c == .openBracket { parens += 1 }
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[i..<(i + len)]), as: UTF8.self)
                let keep = c != .punct || s == 0x3A || s == 0x3B
                if keep {
                    let normalized = (c == .dash) ? "-" : (s == 0x2026 ? "..." : text)
                    pieces.append(Piece(kind: .punct, range: i..<(i + len), text: normalized, lower: normalized, inParens: parens > 0))
                }
                if c == .closeBracket { parens = max(0, parens - 1) }
                if s == 0x2E || s == 0x21 || s == 0x3F { atSentenceStart = true }
            default:
                break
            }
            i += len
        }
        return pieces
    }

    private static func scanWord(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, limit: Int) -> Piece {
        var i = start
        var hasPeriod = false
        while i < limit {
            let (s, len) = Scalars.decode(b, i)
            let c = Scalars.classify(s)
            if c == .letter || c == .digit { i += len; continue }
            // Joiners inside a word: apostrophes and hyphens followed by a letter or digit.
            if s == 0x27 || s == 0x2019 || s == 0x2D || s == 0x2010 || s == 0x2011 {
                let n = Scalars.classAt(b, i + len, upperBound: limit)
                if n == .letter || n == .digit { i += len; continue }
            }
            if s == 0x2E {
                // An abbreviation keeps its period: known ones, single letters (N., U.S.).
                let stem = lowerASCII(b, start..<i)
                let letters = stem.filter { $0 != "." }
                let isInitial = letters.count == 1 && Scalars.isUppercase(UInt32(b[start]))
                if Lexicon.abbreviations.contains(stem) || isInitial || (hasPeriod && letters.count <= 4) {
                    i += 1
                    hasPeriod = true
                    // "U.S.": another letter group follows the period directly.
                    if Scalars.classAt(b, i, upperBound: limit) == .letter { continue }
                    break
                }
            }
            break
        }
        let range = start..<i
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self)
        var lower = fold(text)
        var possessive = false
        if lower.hasSuffix("'s") && lower.count > 2 { lower.removeLast(2); possessive = true }
        let abbreviation = lower.hasSuffix(".")
        if abbreviation { lower.removeLast() }
        let first = Scalars.decode(b, start).0
        var upperCount = 0, letterCount = 0
        for u in text.unicodeScalars {
            if u.isASCII {
                let v = u.value
                if v >= 0x41 && v <= 0x5A { letterCount += 1; upperCount += 1 } else if v >= 0x61 && v <= 0x7A { letterCount += 1 }
            } else if u.properties.isAlphabetic {
                letterCount += 1
                if u.properties.isUppercase { upperCount += 1 }
            }
        }
        return Piece(kind: .word, range: range, text: text, lower: lower,
                     capitalized: Scalars.isUppercase(first),
                     allCaps: letterCount >= 2 && upperCount == letterCount,
                     possessive: possessive, abbreviation: abbreviation)
    }

    /// Lower-case with curly apostrophes folded.
    static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.lowercased().unicodeScalars { out.append(u == "\u{2019}" ? "'" : u) }
        return String(out)
    }

    private static func lowerASCII(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        var out = ""
        for k in r {
            let c = b[k]
            out.unicodeScalars.append(Unicode.Scalar(c >= 0x41 && c <= 0x5A ? c + 32 : c))
        }
        return out
    }
}

/// The words of a short clause, for quick tests (is this gap an attribution?).
struct ClauseWords {
    var words: [String] = []
    /// A sentence ends before the clause's last piece.
    var hasInnerSentenceEnd = false
    /// A quotation mark appears in the clause.
    var hasQuoteMark = false

    /// Reads `b[range]`; `nil` when it holds no word. With `stopAtSentenceEnd`, reads up to
    /// the first sentence end.
    init?(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, stopAtSentenceEnd: Bool = false) {
        guard !range.isEmpty else { return nil }
        let pieces = PieceScanner.scan(b, range)
        for (k, p) in pieces.enumerated() {
            if p.kind == .word { words.append(p.lower) }
            if p.endsSentence {
                if stopAtSentenceEnd { break }
                if k < pieces.count - 1 { hasInnerSentenceEnd = true }
            }
        }
        var i = range.lowerBound
        while i < range.upperBound {
            let (s, len) = Scalars.decode(b, i)
            if QuoteMark.of(s) != nil {
                let prev = Scalars.classBefore(b, i, lowerBound: range.lowerBound)
                let next = Scalars.classAt(b, i + len, upperBound: range.upperBound)
                let apostrophe = (s == 0x27 || s == 0x2019) && (prev == .letter || prev == .digit)
                if !apostrophe || next == .space && prev != .letter { hasQuoteMark = true }
            }
            i += len
        }
        if words.isEmpty { return nil }
    }

    /// Whether the period just before `end` belongs to an abbreviation (Lt., U.S., N.).
    static func endsWithAbbreviation(_ b: UnsafeBufferPointer<UInt8>, upTo end: Int, lowerBound: Int) -> Bool {
        guard end > lowerBound, b[end - 1] == 0x2E else { return false }
        var k = end - 1
        while k > lowerBound {
            let c = b[k - 1]
            if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E { k -= 1 } else { break }
        }
        let word = String(decoding: UnsafeBufferPointer(rebasing: b[k..<(end - 1)]), as: UTF8.self).lowercased()
        let letters = word.filter { $0 != "." }
        return Lexicon.abbreviations.contains(word) || letters.count == 1
    }
}
