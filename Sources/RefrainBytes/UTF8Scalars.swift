/// UTF-8 scanning over raw bytes: sequence lengths, validation by the Unicode rules, and decoding
/// to scalar values, without `String` or `Character`. The one implementation every target uses.
///
/// Well-formedness is Unicode's (§3.9, table 3-7): no overlong forms, no surrogates, nothing
/// above U+10FFFF. Where input may be ill-formed, ``maximalSubpartLength(_:_:_:)`` gives the
/// bytes one U+FFFD replaces, the "maximal subpart" practice that `String(decoding:as:)` follows.
/// Every function is `@inlinable` so the tokenizer's and the extractor's hot loops inline it.
public enum UTF8Scalars {
    /// Whether `byte` continues a multi-byte sequence (10xxxxxx).
    @inlinable @inline(__always)
    public static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// The length a sequence starting with `lead` has if well-formed: 1 for ASCII and for bytes
    /// that cannot lead (so a scan always advances), 2, 3 or 4 otherwise. Cheap: a scan that
    /// only steps over characters of text already known to be valid uses it instead of decoding.
    @inlinable @inline(__always)
    public static func sequenceLength(lead: UInt8) -> Int {
        lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    }

    /// The length (1...4) of the well-formed sequence at `p[i]`, reading no byte at or past `end`,
    /// or 0 if it is ill-formed there.
    @inlinable @inline(__always)
    public static func wellFormedLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < end && p[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0...0xEF:
            guard i + 1 < end else { return 0 }
            let b1 = p[i + 1]
            let ok1: Bool
            switch b0 {
            case 0xE0: ok1 = b1 >= 0xA0 && b1 <= 0xBF  // not overlong
            case 0xED: ok1 = b1 >= 0x80 && b1 <= 0x9F  // not a surrogate
            default: ok1 = b1 & 0xC0 == 0x80
            }
            return ok1 && cont(2) ? 3 : 0
        case 0xF0...0xF4:
            guard i + 1 < end else { return 0 }
            let b1 = p[i + 1]
            let ok1: Bool
            switch b0 {
            case 0xF0: ok1 = b1 >= 0x90 && b1 <= 0xBF  // not overlong
            case 0xF4: ok1 = b1 >= 0x80 && b1 <= 0x8F  // not above U+10FFFF
            default: ok1 = b1 & 0xC0 == 0x80
            }
            return ok1 && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// For an ill-formed sequence at `p[i]`: how many bytes (1...3) one U+FFFD replaces.
    @inlinable
    public static func maximalSubpartLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        let b0 = p[i]
        let need: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; low = 0xA0
        case 0xED: need = 2; high = 0x9F
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xF0: need = 3; low = 0x90
        case 0xF4: need = 3; high = 0x8F
        case 0xF1...0xF3: need = 3
        default: return 1  // 0x80...0xC1, 0xF5...0xFF never start a sequence
        }
        var length = 1
        while length <= need, i + length < end {
            let b = p[i + length]
            let ok = length == 1 ? (b >= low && b <= high) : b & 0xC0 == 0x80
            if !ok { break }
            length += 1
        }
        return length
    }

    /// The scalar value and length of the well-formed sequence at `bytes[i]` (before `end`), or
    /// nil when the bytes there are ill-formed.
    @inlinable @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (scalar: UInt32, length: Int)? {
        guard let p = bytes.baseAddress, i < end else { return nil }
        let b0 = p[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        switch wellFormedLength(p, i, end) {
        case 2: return (UInt32(b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2)
        case 3: return (UInt32(b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        case 4:
            return (UInt32(b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                | UInt32(p[i + 3] & 0x3F), 4)
        default: return nil
        }
    }

    /// ``decode(_:at:end:)``, tolerating ill-formed input: a byte that starts no well-formed
    /// sequence decodes as U+FFFD with length 1, so a scan always advances.
    @inlinable @inline(__always)
    public static func decodeReplacing(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (scalar: UInt32, length: Int) {
        decode(bytes, at: i, end: end) ?? (0xFFFD, 1)
    }

    /// Where `bytes` first go wrong and how many ill-formed subparts (each one U+FFFD) they
    /// hold, or nil when they are valid UTF-8. One pass; ASCII runs are checked eight bytes at
    /// a time.
    public static func firstIllFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, count: Int)? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        var first = -1
        var count = 0
        while i < n {
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            if i >= n { break }
            let length = wellFormedLength(base, i, n)
            if length > 0 {
                i += length
            } else {
                if first < 0 { first = i }
                count += 1
                i += maximalSubpartLength(base, i, n)
            }
        }
        return first < 0 ? nil : (first, count)
    }
}
