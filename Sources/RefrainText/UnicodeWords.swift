import CICU
import RefrainBytes

/// The fast path of ``ASCIIWords`` extended to every code point of the Basic Multilingual Plane
/// whose word-break behaviour needs no more context: letters of alphabetic scripts (Latin,
/// Greek, Cyrillic, Armenian, Georgian, ...), runs of Hangul syllables (which ICU's CJK engine
/// keeps as one word, apart from letters and digits beside them), digits, the joining punctuation
/// (’ is MidNumLet like "."), and punctuation that always breaks.
///
/// The classes come from ICU's own properties; punctuation of class Other is additionally
/// probed against ICU's iterator, because ICU tailors a few of them. Anything else — combining
/// marks, format characters, Hebrew, Hangul jamo, kana, ideographs and other dictionary
/// scripts, emoji,
/// characters outside the BMP, invalid UTF-8 — makes the run go to ICU.
@usableFromInline
enum UnicodeWords {
    @usableFromInline static let letter = UInt8(REFRAIN_WB_LETTER)
    @usableFromInline static let digit = UInt8(REFRAIN_WB_DIGIT)
    @usableFromInline static let midLetterOrNumber = UInt8(REFRAIN_WB_MID_LN)
    @usableFromInline static let midNumber = UInt8(REFRAIN_WB_MID_NUM)
    @usableFromInline static let icu = UInt8(REFRAIN_WB_ICU)
    @usableFromInline static let hangul = UInt8(REFRAIN_WB_HANGUL)

    /// Class of each BMP code point, built once per process (about 10 ms; Swift runs it exactly
    /// once even under concurrent first use, which the C probe relies on).
    @usableFromInline static let classes: [UInt8] = (0..<0x10000).map { UInt8(truncatingIfNeeded: refrain_word_class(Int32($0))) }

    /// Decodes the code point at `i` if it is a BMP scalar in well-formed UTF-8 (2 or 3 bytes;
    /// ASCII is the caller's). Returns (scalar, length) or nil.
    @inlinable @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (UInt32, Int)? {
        guard let (scalar, length) = UTF8Scalars.decode(bytes, at: i, end: end), length == 2 || length == 3 else { return nil }
        return (scalar, length)
    }

    /// The class and length of the code point at `i` (ASCII or BMP), or ``icu`` for anything else.
    @inlinable @inline(__always)
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, _ table: UnsafeBufferPointer<UInt8>) -> (UInt8, Int) {
        let b = bytes[i]
        if b < 0x80 { return (table[Int(b)], 1) }
        guard let (scalar, length) = decode(bytes, i, end) else { return (icu, 1) }
        return (table[Int(scalar)], length)
    }

    /// Calls `emit(start, end, isWord, isASCII)` for each token in `bytes[start..<end]`, a run with
    /// no ASCII whitespace in which every code point has a fast class (not ``icu``).
    @inlinable
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, classes table: UnsafeBufferPointer<UInt8>, _ emit: (Int, Int, Bool, Bool) -> Void) {
        do {
            let alnum = letter | digit
            var i = start
            while i < end {
                let (c, length) = classify(bytes, i, end, table)
                if c == hangul {
                    // A run of Hangul syllables is a word of its own (ICU's CJK engine).
                    let tokenStart = i
                    i += length
                    while i < end {
                        let (ci, li) = classify(bytes, i, end, table)
                        guard ci == hangul else { break }
                        i += li
                    }
                    emit(tokenStart, i, true, false)
                    continue
                }
                if c & alnum == 0 { i += length; continue }
                let tokenStart = i
                var previous = c
                var ascii = length == 1
                i += length
                while i < end {
                    let (ci, li) = classify(bytes, i, end, table)
                    if ci & alnum != 0 {
                        previous = ci
                        ascii = ascii && li == 1
                        i += li
                        continue
                    }
                    guard i + li < end else { break }
                    let (next, ln) = classify(bytes, i + li, end, table)
                    if previous == letter && next == letter && ci == midLetterOrNumber
                        || previous == digit && next == digit && (ci == midLetterOrNumber || ci == midNumber)
                    {
                        ascii = ascii && li == 1 && ln == 1
                        previous = next
                        i += li + ln
                        continue
                    }
                    break
                }
                emit(tokenStart, i, previous == letter, ascii)
            }
        }
    }
}
