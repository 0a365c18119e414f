import RefrainBytes

/// Byte-level helpers shared by quote extraction and attribution: UTF-8 decoding at a byte
/// offset and a coarse classification of characters by the role they play around quote marks.

/// What a character is, as far as quote marks and clause scanning care.
@usableFromInline
enum CharClass: UInt8, Sendable {
    /// Whitespace, or the edge of the text.
    case space
    /// A letter (any script; non-ASCII characters default to letters).
    case letter
    /// An ASCII digit.
    case digit
    /// Sentence-ending or clause punctuation: `. , ; ! ?` and the ellipsis.
    case terminal
    /// Other punctuation and symbols: `: / & * # …`.
    case punct
    /// `( [ {`.
    case openBracket
    /// `) ] }`.
    case closeBracket
    /// Hyphens and dashes.
    case dash
    /// A quotation mark of any style.
    case quoteMark
}

extension Range where Bound == Int {
    /// `lower..<upper`, or the empty range at `lower` when `upper < lower`: never traps, so a
    /// range built from offsets that untrusted text decides is always valid.
    @inline(__always)
    init(total lower: Int, _ upper: Int) {
        self = lower..<Swift.max(lower, upper)
    }

    /// This range cut to `0..<count` (empty at the nearer end when it lies outside).
    @inline(__always)
    func clamped(toCount count: Int) -> Range<Int> {
        let lo = Swift.min(Swift.max(0, lowerBound), Swift.max(0, count))
        return Range(total: lo, Swift.min(upperBound, count))
    }
}

@usableFromInline
enum Scalars {
    /// Decodes the scalar starting at `i` (tolerating invalid UTF-8: a bad byte decodes as
    /// U+FFFD with length 1). Returns the scalar value and its length in bytes.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        guard i >= 0 && i < b.count else { return (0x20, 1) }
        let d = UTF8Scalars.decodeReplacing(b, at: i, end: b.count)
        return (d.scalar, d.length)
    }

    /// The start of the scalar that ends just before `i` (`i > 0`).
    @inline(__always)
    static func previousStart(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, lowerBound: Int = 0) -> Int {
        var k = i - 1
        while k > lowerBound && b[k] & 0xC0 == 0x80 && i - k < 4 { k -= 1 }
        return k
    }

    /// The class of the scalar before byte `i`, or `.space` at `lowerBound`.
    @inline(__always)
    static func classBefore(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, lowerBound: Int = 0) -> CharClass {
        if i <= lowerBound { return .space }
        let k = previousStart(b, i, lowerBound: lowerBound)
        return classify(decode(b, k).0)
    }

    /// The class of the scalar at byte `i`, or `.space` at `upperBound`.
    @inline(__always)
    static func classAt(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, upperBound: Int) -> CharClass {
        if i >= upperBound { return .space }
        return classify(decode(b, i).0)
    }

    /// Classifies one scalar.
    @inline(__always)
    static func classify(_ s: UInt32) -> CharClass {
        if s < 0x80 {
            switch s {
            case 0x30...0x39: return .digit
            case 0x41...0x5A, 0x61...0x7A: return .letter
            case 0x20, 0x09...0x0D: return .space
            case 0x2E, 0x2C, 0x3B, 0x21, 0x3F: return .terminal
            case 0x28, 0x5B, 0x7B: return .openBracket
            case 0x29, 0x5D, 0x7D: return .closeBracket
            case 0x2D: return .dash
            case 0x22, 0x27: return .quoteMark
            default: return .punct
            }
        }
        switch s {
        case 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return .space
        case 0x2010...0x2015, 0x2212: return .dash
        case 0x2026, 0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF01, 0xFF1F, 0xFF1B: return .terminal
        case 0xAB, 0xBB, 0x2018...0x201F, 0x2039, 0x203A, 0x300C...0x300F, 0xFF02: return .quoteMark
        case 0xA1, 0xBF, 0xA7, 0xB6, 0xB7, 0x2020...0x2025, 0x2027, 0x2030...0x2038, 0x203B...0x205E, 0xFF1A: return .punct
        case 0xFF08, 0x3008, 0x300A, 0x3010: return .openBracket
        case 0xFF09, 0x3009, 0x300B, 0x3011: return .closeBracket
        default: return .letter
        }
    }

    /// Whether `s` is an upper-case letter (ASCII fast path, Unicode properties otherwise).
    @inline(__always)
    static func isUppercase(_ s: UInt32) -> Bool {
        if s < 0x80 { return s >= 0x41 && s <= 0x5A }
        guard let scalar = Unicode.Scalar(s) else { return false }
        return scalar.properties.isUppercase || scalar.properties.generalCategory == .titlecaseLetter
    }

    /// Whether `s` is a lower-case letter.
    @inline(__always)
    static func isLowercase(_ s: UInt32) -> Bool {
        if s < 0x80 { return s >= 0x61 && s <= 0x7A }
        guard let scalar = Unicode.Scalar(s) else { return false }
        return scalar.properties.isLowercase
    }

    /// Whether bytes `r` contain at least one letter or digit.
    static func hasWordCharacter(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var i = r.lowerBound
        while i < r.upperBound {
            let (s, len) = decode(b, i)
            let c = classify(s)
            if c == .letter || c == .digit { return true }
            i += len
        }
        return false
    }

    /// `r` without leading and trailing whitespace.
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var s = r.lowerBound, e = r.upperBound
        while s < e {
            let (c, len) = decode(b, s)
            if classify(c) != .space { break }
            s += len
        }
        while e > s {
            let k = previousStart(b, e, lowerBound: s)
            if classify(decode(b, k).0) != .space { break }
            e = k
        }
        return s..<e
    }

    /// Counts words (maximal runs of letters and digits, joined by `'` `’` `-` inside a word).
    static func wordCount(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
        var count = 0
        var inWord = false
        var i = r.lowerBound
        while i < r.upperBound {
            let (s, len) = decode(b, i)
            let c = classify(s)
            if c == .letter || c == .digit {
                if !inWord { count += 1; inWord = true }
            } else if inWord && (s == 0x27 || s == 0x2019 || s == 0x2D) {
                // stays in the word only if a letter follows
                let next = i + len < r.upperBound ? classify(decode(b, i + len).0) : .space
                if next != .letter && next != .digit { inWord = false }
            } else {
                inWord = false
            }
            i += len
        }
        return count
    }

    /// A string from bytes `r` (cold path).
    static func string(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[r.clamped(toCount: b.count)]), as: UTF8.self)
    }
}
