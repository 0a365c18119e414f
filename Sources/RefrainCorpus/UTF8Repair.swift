import RefrainBytes

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
        UTF8Scalars.firstIllFormed(bytes).map { Report(firstOffset: $0.offset, count: $0.count) }
    }

    /// The length (2...4) of the well-formed multi-byte sequence at `i`, or 0 if ill-formed.
    @inline(__always)
    static func wellFormedLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        UTF8Scalars.wellFormedLength(p, i, n)
    }

    /// For an ill-formed sequence at `i`: how many bytes one U+FFFD replaces (1...3).
    static func maximalSubpartLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        UTF8Scalars.maximalSubpartLength(p, i, n)
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
