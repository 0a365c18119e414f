/// UAX #29 word segmentation for runs of plain ASCII without whitespace: the rules ICU applies
/// (WB5–WB12), restricted to the ASCII classes, so the fast path yields exactly ICU's tokens.
///
/// ASCII word-break classes: letters are ALetter, digits Numeric, `.` MidNumLet, `'` Single_Quote,
/// `,` and `;` MidNum. A token is a maximal run of letters and digits, joined across one `.` or `'`
/// between two letters (WB6/7: "don't", "e.g") and across one `.`, `'`, `,` or `;` between two
/// digits (WB11/12: "10,000", "1.3"). ICU's tailoring leaves `:` out of MidLetter, and `"` only
/// matters next to Hebrew letters (which never take the fast path), so both simply break. Bytes
/// whose rules need more context (`_`, ExtendNumLet; `@`, which ICU joins into e-mail
/// addresses) send the run to ICU instead. ICU's rule status follows the last join: a token that
/// ends in a digit is a number ("b59", "a1.5"), any other a word. The class values are those of
/// ``UnicodeWords/classes``, whose ASCII entries the scanner reads.
@usableFromInline
enum ASCIIWords {
    @usableFromInline static let letter: UInt8 = 1
    @usableFromInline static let digit: UInt8 = 2
    @usableFromInline static let midLetterOrNumber: UInt8 = 4   // . '
    @usableFromInline static let midNumber: UInt8 = 8           // , ;
    @usableFromInline static let icu: UInt8 = 16                // _ @
    @usableFromInline static let space: UInt8 = 32

    /// ASCII lower-casing without a table: one subtraction and a compare.
    @inlinable @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }

    @inlinable @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    @inlinable @inline(__always)
    static func needsICU(_ b: UInt8) -> Bool { b == UInt8(ascii: "_") || b == UInt8(ascii: "@") }

    /// For eight bytes loaded little-endian: a mask whose lowest set bit (if any) is the high bit of
    /// the first byte that the run scanner must look at (non-ASCII, at most 0x20 — which covers
    /// whitespace —, `@` or `_`); zero when all eight are plain ASCII that continues a run.
    ///
    /// Byte-parallel tests (SWAR): a borrow can set bits above a byte that matched, never below
    /// the first match, so only the lowest set bit is meaningful.
    @inlinable @inline(__always)
    static func attentionMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let notW = ~w
        let nonASCII = w & highs
        let controlOrSpace = (w &- ones &* 0x21) & notW & highs
        let at = w ^ (ones &* 0x40)
        let underscore = w ^ (ones &* 0x5F)
        let isAt = (at &- ones) & ~at & highs
        let isUnderscore = (underscore &- ones) & ~underscore & highs
        return nonASCII | controlOrSpace | isAt | isUnderscore
    }

    /// Calls `emit(start, end, isWord)` for each token in `bytes[start..<end]`, which must be
    /// ASCII with no whitespace and no byte for which ``needsICU(_:)`` holds. `cls` is
    /// ``UnicodeWords/classes`` (its ASCII entries use this type's class values).
    @inlinable @inline(__always)
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, classes cls: UnsafeBufferPointer<UInt8>, _ emit: (Int, Int, Bool) -> Void) {
        do {
            let alnum = letter | digit
            var i = start
            while i < end {
                let c = cls[Int(bytes[i])]
                if c & alnum == 0 { i += 1; continue }
                let tokenStart = i
                var previous = c
                i += 1
                while i < end {
                    let ci = cls[Int(bytes[i])]
                    if ci & alnum != 0 {
                        previous = ci
                        i += 1
                        continue
                    }
                    // A middle byte joins only between two letters (. ') or two digits (. ' , ;).
                    guard i + 1 < end else { break }
                    let next = cls[Int(bytes[i + 1])]
                    if previous == letter && next == letter && ci == midLetterOrNumber {
                        i += 2
                        continue
                    }
                    if previous == digit && next == digit && (ci == midLetterOrNumber || ci == midNumber) {
                        i += 2
                        continue
                    }
                    break
                }
                emit(tokenStart, i, previous == letter)
            }
        }
    }
}
