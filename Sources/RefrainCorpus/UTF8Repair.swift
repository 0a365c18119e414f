/// UTF-8 validation that reports where input goes wrong, and repair by replacement.
///
/// Repair follows the Unicode "maximal subpart" practice (Unicode §3.9, U+FFFD substitution):
/// each maximal prefix of a well-formed sequence that is cut short, and each byte that cannot
/// start a sequence, becomes one U+FFFD. Swift's `String(decoding:as:)` implements the same rule;
/// ``UTF8Repair/string(from:)`` uses it, and the tests check the two agree.
enum UTF8Repair {
    /// Where the first ill-formed sequence starts and how many there are.
    struct Report: Sendable, Hashable {
        /// Offset of the first byte of the first ill-formed subpart.
        var firstOffset: Int
        /// Number of ill-formed subparts (each becomes one U+FFFD).
        var count: Int
    }

    /// Returns `nil` when `bytes` is valid UTF-8, else where and how often it is not.
    /// Cost: one pass; ASCII runs are checked eight bytes at a time.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Report? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        var report: Report? = nil
        while i < n {
            // ASCII fast path, a word at a time.
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            if i >= n { break }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let length = wellFormedLength(base, i, n)
            if length > 0 {
                i += length
            } else {
                let bad = maximalSubpartLength(base, i, n)
                if report == nil {
                    report = Report(firstOffset: i, count: 1)
                } else {
                    report!.count += 1
                }
                i += bad
            }
        }
        return report
    }

    /// The length (2...4) of the well-formed multi-byte sequence at `i`, or 0 if ill-formed.
    @inline(__always)
    static func wellFormedLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0...0xEF:
            guard i + 1 < n else { return 0 }
            let b1 = p[i + 1]
            let ok1: Bool
            switch b0 {
            case 0xE0: ok1 = (0xA0...0xBF).contains(b1)
            case 0xED: ok1 = (0x80...0x9F).contains(b1)
            default: ok1 = b1 & 0xC0 == 0x80
            }
            return ok1 && cont(2) ? 3 : 0
        case 0xF0...0xF4:
            guard i + 1 < n else { return 0 }
            let b1 = p[i + 1]
            let ok1: Bool
            switch b0 {
            case 0xF0: ok1 = (0x90...0xBF).contains(b1)
            case 0xF4: ok1 = (0x80...0x8F).contains(b1)
            default: ok1 = b1 & 0xC0 == 0x80
            }
            return ok1 && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// For an ill-formed sequence at `i`: how many bytes one U+FFFD replaces (1...3).
    static func maximalSubpartLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
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
        while length <= need, i + length < n {
            let b = p[i + length]
            let ok = length == 1 ? (low...high).contains(b) : b & 0xC0 == 0x80
            if !ok { break }
            length += 1
        }
        return length
    }

    /// Bytes with every ill-formed subpart replaced by U+FFFD (EF BF BD), by the same rule as
    /// ``validate(_:)``. Used by tests to cross-check `String(decoding:as:)`.
    static func repairedBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let base = bytes.baseAddress else { return [] }
        let n = bytes.count
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var i = 0
        while i < n {
            if base[i] < 0x80 {
                out.append(base[i])
                i += 1
                continue
            }
            let length = wellFormedLength(base, i, n)
            if length > 0 {
                out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: length))
                i += length
            } else {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += maximalSubpartLength(base, i, n)
            }
        }
        return out
    }

    /// A `String` from UTF-8 bytes, replacing ill-formed subparts with U+FFFD.
    static func string(from bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A `String` from UTF-8 bytes, and whether any ill-formed subpart had to be replaced.
    ///
    /// Valid input (the common case) is validated once, by the standard library; only invalid
    /// input pays for a second pass that locates the damage.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (string: String, repaired: Bool) {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            if let string = String(validating: bytes, as: UTF8.self) { return (string, false) }
            return (String(decoding: bytes, as: UTF8.self), true)
        }
        let repaired = validate(bytes) != nil
        return (String(decoding: bytes, as: UTF8.self), repaired)
    }
}
