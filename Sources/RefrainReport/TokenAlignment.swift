import RefrainText

/// Which words of two passages correspond: a longest common subsequence of their normalized
/// tokens, for showing two variants side by side.
///
/// You get one from ``TokenAlignment/align(_:_:tokenizer:maxTokens:)``. Tokens compare by the hash
/// of their normalized form (case, quote style, width and Unicode normalization do not matter),
/// so "Kim Yong-hyun" and "Kim Yong-Hyun" align word for word. Every token of either side is
/// either paired with one token of the other side, in order, or unpaired: a difference.
///
/// Cost: O((n + m) · d) time for n and m tokens and d differing tokens (Myers' diff, through the
/// standard library's `difference(from:)`), so near-identical passages are cheap. Passages longer
/// than `maxTokens` are aligned on their first `maxTokens` tokens only; the rest count as unaligned.
public struct TokenAlignment: Sendable, Hashable {
    /// Byte ranges of the left passage's tokens, relative to the passage.
    public var leftTokens: [Range<Int>]
    /// Byte ranges of the right passage's tokens, relative to the passage.
    public var rightTokens: [Range<Int>]
    /// For each left token, the index of its partner among ``rightTokens``, or `nil`.
    public var leftPartner: [Int?]
    /// For each right token, the index of its partner among ``leftTokens``, or `nil`.
    public var rightPartner: [Int?]
    /// For each left token, whether it took part in the alignment (it lies in a given segment).
    public var leftIncluded: [Bool]
    /// For each right token, whether it took part in the alignment.
    public var rightIncluded: [Bool]

    /// Number of aligned token pairs.
    public var alignedCount: Int { leftPartner.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    /// Share of the included tokens that are aligned: 2·aligned / (left + right), 1 for two empty
    /// passages.
    public var similarity: Double {
        let total = leftIncluded.filter { $0 }.count + rightIncluded.filter { $0 }.count
        return total == 0 ? 1 : Double(2 * alignedCount) / Double(total)
    }

    /// Aligns two passages.
    /// - Parameters:
    ///   - left: the first passage.
    ///   - right: the second passage.
    ///   - tokenizer: the tokenizer to use (default options: case-folded, not stemmed).
    ///   - maxTokens: tokens per side considered for alignment (default 4,000).
    ///   - leftSegments: byte ranges of `left` whose tokens take part (e.g. the quoted segments of a
    ///     split quote, leaving out the attribution between them); `nil` (default) means all.
    ///   - rightSegments: the same for `right`.
    public static func align(
        _ left: String, _ right: String, tokenizer: Tokenizer, maxTokens: Int = 4000,
        leftSegments: [Range<Int>]? = nil, rightSegments: [Range<Int>]? = nil
    ) -> TokenAlignment {
        let a = tokenizer.tokenize(left)
        let b = tokenizer.tokenize(right)
        let leftIncluded = a.tokens.map { token in leftSegments.map { $0.contains { $0.contains(token.start) } } ?? true }
        let rightIncluded = b.tokens.map { token in rightSegments.map { $0.contains { $0.contains(token.start) } } ?? true }
        // Aligned positions: included tokens only, at most maxTokens per side.
        let leftPositions = Array(a.tokens.indices.filter { leftIncluded[$0] }.prefix(maxTokens))
        let rightPositions = Array(b.tokens.indices.filter { rightIncluded[$0] }.prefix(maxTokens))
        let leftHashes = leftPositions.map { a.tokens[$0].hash }
        let rightHashes = rightPositions.map { b.tokens[$0].hash }
        var leftPartner = [Int?](repeating: nil, count: a.count)
        var rightPartner = [Int?](repeating: nil, count: b.count)
        let difference = rightHashes.difference(from: leftHashes)
        var removed = [Bool](repeating: false, count: leftHashes.count)
        var inserted = [Bool](repeating: false, count: rightHashes.count)
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed[offset] = true
            case .insert(let offset, _, _): inserted[offset] = true
            }
        }
        // What neither removes nor inserts is the common subsequence, in the same order on both sides.
        var j = 0
        for i in leftHashes.indices where !removed[i] {
            while j < rightHashes.count && inserted[j] { j += 1 }
            guard j < rightHashes.count else { break }
            leftPartner[leftPositions[i]] = rightPositions[j]
            rightPartner[rightPositions[j]] = leftPositions[i]
            j += 1
        }
        return TokenAlignment(
            leftTokens: a.tokens.map(\.range), rightTokens: b.tokens.map(\.range),
            leftPartner: leftPartner, rightPartner: rightPartner,
            leftIncluded: leftIncluded, rightIncluded: rightIncluded)
    }
}
