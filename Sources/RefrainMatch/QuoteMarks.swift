/// The quotation marks Refrain recognises, grouped into families that pair with each other.
///
/// A family is the set of marks that can open and close the same quote: the double family holds
/// `"` `“` `”` `„` (so English “…”, German „…“ and Swedish ”…” all pair), the single family holds
/// `'` `‘` `’` `‚`, the guillemets hold « » (French «…» and German »…«), and so on.
public enum QuoteMarkFamily: UInt8, Sendable, Codable, CaseIterable {
    /// `"` `“` `”` `„` `＂`
    case double
    /// `'` `‘` `’` `‚`
    case single
    /// `«` `»`
    case guillemet
    /// `‹` `›`
    case singleGuillemet
    /// `「` `」`
    case corner
    /// `『` `』`
    case whiteCorner
}

/// The shape of a mark: which way it points, if any.
@usableFromInline
enum QuoteMarkShape: UInt8, Sendable {
    /// Straight marks: direction comes from context alone.
    case neutral
    /// Marks that normally open (“ ‘ „ ‚ « ‹ 「 『).
    case opening
    /// Marks that normally close (” ’ » › 」 』).
    case closing
}

/// One recognised mark.
@usableFromInline
struct QuoteMark: Sendable {
    var family: QuoteMarkFamily
    var shape: QuoteMarkShape
    /// CJK corner brackets carry their direction with no spacing conventions to read.
    var strict: Bool

    /// The mark for scalar `s`, or `nil` when `s` is not a quotation mark.
    @inline(__always)
    static func of(_ s: UInt32) -> QuoteMark? {
        switch s {
        case 0x22, 0xFF02: return QuoteMark(family: .double, shape: .neutral, strict: false)
        case 0x27: return QuoteMark(family: .single, shape: .neutral, strict: false)
        case 0x201C, 0x201E, 0x201F: return QuoteMark(family: .double, shape: .opening, strict: false)
        case 0x201D: return QuoteMark(family: .double, shape: .closing, strict: false)
        case 0x2018, 0x201A, 0x201B: return QuoteMark(family: .single, shape: .opening, strict: false)
        case 0x2019: return QuoteMark(family: .single, shape: .closing, strict: false)
        case 0xAB: return QuoteMark(family: .guillemet, shape: .opening, strict: false)
        case 0xBB: return QuoteMark(family: .guillemet, shape: .closing, strict: false)
        case 0x2039: return QuoteMark(family: .singleGuillemet, shape: .opening, strict: false)
        case 0x203A: return QuoteMark(family: .singleGuillemet, shape: .closing, strict: false)
        case 0x300C: return QuoteMark(family: .corner, shape: .opening, strict: true)
        case 0x300D: return QuoteMark(family: .corner, shape: .closing, strict: true)
        case 0x300E: return QuoteMark(family: .whiteCorner, shape: .opening, strict: true)
        case 0x300F: return QuoteMark(family: .whiteCorner, shape: .closing, strict: true)
        default: return nil
        }
    }
}

/// Words that begin with an elided letter written with an apostrophe ('Tis, 'em, 'til, 'cause).
/// An apostrophe before one of them, or before a digit ('90s), never opens a quote.
enum Elisions {
    static let words: Set<String> = [
        "tis", "twas", "twere", "twill", "em", "til", "till", "cause", "cos", "bout", "n",
        "cept", "nuff", "neath", "tween", "twixt", "s", "ello", "ave", "fraid", "kay", "sup", "scuse", "mongst",
    ]

    /// Whether the word starting at `i` (letters only, lower-cased) is an elision.
    static func startsElision(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, upperBound: Int) -> Bool {
        if i < upperBound, b[i] >= 0x30 && b[i] <= 0x39 { return true }
        var k = i
        var letters: [UInt8] = []
        while k < upperBound, letters.count < 8 {
            let c = b[k]
            if c >= 0x41 && c <= 0x5A { letters.append(c + 32) } else if c >= 0x61 && c <= 0x7A { letters.append(c) } else { break }
            k += 1
        }
        guard !letters.isEmpty, letters.count < 8 else { return false }
        // "'n'" (rock 'n' roll): the word ends in another apostrophe.
        return words.contains(String(decoding: letters, as: UTF8.self))
    }
}
