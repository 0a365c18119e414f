import RefrainText
import RefrainBytes

/// Turns a unit's tokens into 64-bit shingle hashes.
///
/// A word shingle is `k` consecutive token hashes (``Token/hash``, the hash of the normalized
/// form) folded by a chain of wyhash-style multiply-fold steps, one per token, so order matters
/// ("a b c" ≠ "c b a") and the result is well distributed. A character shingle folds `k`
/// consecutive Unicode scalars of the normalized text the same way.
///
/// Short texts: a unit with `1 ..< k` tokens (or scalars) yields exactly one shingle, the fold of
/// all of them; a unit with none yields no shingle. Shingles are emitted in text order with
/// repeats (the shingle *set* is what MinHash and verification see).
public struct Shingler: Sendable, Hashable {
    /// What shingles are made of.
    public let kind: ShingleKind
    /// Tokens (or scalars) per shingle.
    public let size: Int
    /// Seed of the fold.
    public let seed: UInt64

    /// A shingler for `kind`, `size` and `seed`.
    public init(kind: ShingleKind = .words, size: Int = 5, seed: UInt64 = 0x5EED) {
        precondition(size >= 1, "shingle size must be positive")
        self.kind = kind
        self.size = size
        self.seed = seed
    }

    /// Folds `count` values starting at `base` into one well-mixed hash: a chain of multiply-fold
    /// steps, so the result depends on the order of the values.
    @inlinable @inline(__always)
    static func fold<T: FixedWidthInteger>(_ base: UnsafePointer<T>, _ count: Int, seed: UInt64) -> UInt64 {
        var acc = seed ^ 0xA076_1D64_78BD_642F
        var j = 0
        while j < count {
            acc = StableHash.mum(acc ^ UInt64(truncatingIfNeeded: base[j]), 0x9E37_79B9_7F4A_7C15)
            j += 1
        }
        return StableHash.mum(acc ^ UInt64(truncatingIfNeeded: count), 0xE703_7ED1_A0B4_28DB)
    }

    /// Appends the shingles of `values` (token hashes for ``ShingleKind/words``, scalar values for
    /// ``ShingleKind/chars``) to `output`; returns how many were appended.
    @inlinable @discardableResult
    public func appendShingles<T: FixedWidthInteger>(of values: UnsafeBufferPointer<T>, to output: inout ContiguousArray<UInt64>) -> Int {
        let n = values.count
        guard n > 0, let base = values.baseAddress else { return 0 }
        if n < size {
            output.append(Shingler.fold(base, n, seed: seed))
            return 1
        }
        let count = n - size + 1
        output.reserveCapacity(output.count + count)
        var i = 0
        while i < count {
            output.append(Shingler.fold(base + i, size, seed: seed))
            i += 1
        }
        return count
    }

    /// Replaces `values` (token hashes) by their shingles, as ``appendShingles(of:to:)`` computes
    /// them, without a second buffer: shingle `i` reads values `i ..< i + size`, so it can be
    /// written over value `i`. Returns the number of shingles.
    @inlinable @discardableResult
    public func shingleInPlace(_ values: inout ContiguousArray<UInt64>) -> Int {
        let n = values.count
        guard n > 0 else { return 0 }
        let count = n < size ? 1 : n - size + 1
        let width = min(n, size)
        values.withUnsafeMutableBufferPointer { v in
            let base = v.baseAddress!
            var i = 0
            while i < count {
                base[i] = Shingler.fold(UnsafePointer(base + i), width, seed: seed)
                i += 1
            }
        }
        values.removeLast(n - count)
        return count
    }

    /// The shingles of `values` (convenience; allocates).
    public func shingles<T: FixedWidthInteger>(of values: [T]) -> [UInt64] {
        var out = ContiguousArray<UInt64>()
        values.withUnsafeBufferPointer { _ = appendShingles(of: $0, to: &out) }
        return Array(out)
    }

    /// The word shingles of `text` tokenized with `tokenizer` (cold path, for tests and tools).
    public func shingles(of text: String, tokenizer: Tokenizer) -> [UInt64] {
        let tokens = tokenizer.tokenize(text)
        switch kind {
        case .words:
            return shingles(of: tokens.tokens.map(\.hash))
        case .chars:
            var scalars = ContiguousArray<UInt32>()
            Shingler.appendScalars(of: tokens, indices: 0..<tokens.count, to: &scalars)
            return shingles(of: Array(scalars))
        }
    }

    /// Appends the Unicode scalars of the normalized forms of `tokens[indices]` to `output`,
    /// with one space (U+0020) between two tokens that had a gap between them in the original.
    /// The input of character shingles.
    public static func appendScalars(of text: TokenizedText, indices: some Sequence<Int>, to output: inout ContiguousArray<UInt32>) {
        var previousEnd = -1
        text.normalized.withUnsafeBufferPointer { norm in
            for index in indices {
                let token = text.tokens[index]
                if previousEnd >= 0 && token.start > previousEnd { output.append(0x20) }
                previousEnd = token.end
                let r = token.normRange
                var k = r.lowerBound
                while k < r.upperBound {
                    let (scalar, length) = UTF8Scalars.decodeReplacing(norm, at: k, end: r.upperBound)
                    output.append(scalar)
                    k += length
                }
            }
        }
    }

    /// A hash of a token-hash sequence, equal for equal sequences: the key of the exact-duplicate
    /// fast path (two units with the same normalized tokens have the same hash).
    @inlinable
    public static func sequenceHash(_ values: UnsafeBufferPointer<UInt64>, seed: UInt64) -> UInt64 {
        var acc = seed ^ 0x8EBC_6AF0_9C88_C6E3
        for v in values { acc = StableHash.mum(acc ^ v, 0x9E37_79B9_7F4A_7C15) }
        return StableHash.mix(acc ^ UInt64(truncatingIfNeeded: values.count), seed: seed)
    }
}

/// What a shingle is made of.
public enum ShingleKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `k` consecutive normalized word tokens. The default.
    case words
    /// `k` consecutive Unicode scalars of the normalized text (tokens joined by one space where the
    /// original had a gap). For CJK and very short texts.
    case chars
}
