import RefrainText

/// How text becomes matching terms.
public struct TermOptions: Sendable, Hashable, Codable {
    /// Reduce words to their English stems ("sanctioned" → "sanction"). Default true.
    public var stem: Bool = true
    /// Mark English stopwords: they align with a low weight and never key the index. Default true.
    public var stopwords: Bool = true
    /// Remove diacritics ("café" = "cafe"). Default false.
    public var foldDiacritics: Bool = false

    /// The defaults.
    public init() {}

    /// Options naming only what differs from the defaults.
    public init(stem: Bool = true, stopwords: Bool = true, foldDiacritics: Bool = false) {
        self.stem = stem
        self.stopwords = stopwords
        self.foldDiacritics = foldDiacritics
    }
}

/// The matching terms of one text, in text order, in parallel arrays.
///
/// A term is a ``StableHash`` of a token's normalized (NFKC, case-folded, typographically folded)
/// and optionally stemmed form, so "Kremlin’s" and "kremlin's" and "Kremlins" can agree. Each
/// term keeps the byte range of its token in the original text.
public struct TermSequence: Sendable {
    /// Term hashes.
    public var terms: ContiguousArray<UInt64> = []
    /// Byte offset of each token's first byte.
    public var starts: ContiguousArray<UInt32> = []
    /// Byte offset one past each token's last byte.
    public var ends: ContiguousArray<UInt32> = []
    /// Whether each token is a stopword (always false when stopwords are off).
    public var isStopword: ContiguousArray<Bool> = []

    /// An empty sequence.
    public init() {}

    /// The number of terms.
    @inlinable public var count: Int { terms.count }

    /// The byte range of token `i`.
    @inlinable public func range(_ i: Int) -> Range<Int> { Int(starts[i])..<Int(ends[i]) }

    /// Removes all terms, keeping capacity.
    public mutating func removeAll() {
        terms.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        isStopword.removeAll(keepingCapacity: true)
    }

    /// The terms whose tokens lie inside any of `ranges` (sorted, disjoint), in order.
    public func restricted(to ranges: [Range<Int>]) -> TermSequence {
        var out = TermSequence()
        var r = 0
        for i in 0..<count {
            let s = Int(starts[i]), e = Int(ends[i])
            while r < ranges.count && ranges[r].upperBound <= s { r += 1 }
            if r == ranges.count { break }
            if ranges[r].lowerBound <= s && e <= ranges[r].upperBound {
                out.terms.append(terms[i])
                out.starts.append(starts[i])
                out.ends.append(ends[i])
                out.isStopword.append(isStopword[i])
            }
        }
        return out
    }
}

/// Turns text into ``TermSequence``s: a ``Tokenizer`` that stems and marks stopwords as
/// ``TermOptions`` say; each term is the hash of its (stemmed) normalized form.
///
/// Not thread-safe (it owns a tokenizer and scratch buffers): use one per thread. Allocates
/// nothing per token once its buffers have grown.
public final class TermTokenizer {
    /// The options in use.
    public let options: TermOptions
    private let tokenizer: Tokenizer
    private var scratch = TokenizedText()

    /// A tokenizer for `options`.
    public init(options: TermOptions = TermOptions()) {
        self.options = options
        var t = TokenizerOptions()
        t.foldDiacritics = options.foldDiacritics
        t.stem = options.stem
        t.markStopwords = options.stopwords
        tokenizer = Tokenizer(options: t)
    }

    /// The terms of `text`.
    public func terms(of text: String) -> TermSequence {
        var out = TermSequence()
        var text = text
        text.withUTF8 { terms(of: $0, into: &out) }
        return out
    }

    /// The terms of UTF-8 `bytes`, replacing the contents of `output`.
    public func terms(of bytes: UnsafeBufferPointer<UInt8>, into output: inout TermSequence) {
        output.removeAll()
        tokenizer.tokenize(bytes, into: &scratch)
        let n = scratch.count
        output.terms.reserveCapacity(n)
        output.starts.reserveCapacity(n)
        output.ends.reserveCapacity(n)
        output.isStopword.reserveCapacity(n)
        for t in scratch.tokens {
            output.terms.append(t.hash)
            output.starts.append(UInt32(truncatingIfNeeded: t.start))
            output.ends.append(UInt32(truncatingIfNeeded: t.end))
            output.isStopword.append(t.isStopword)
        }
    }

    /// The term hash of one word as this tokenizer would compute it (cold path, for tests).
    public func term(_ word: String) -> UInt64? {
        terms(of: word).terms.first
    }
}
