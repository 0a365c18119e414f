import Foundation

/// How much a term counts in an alignment: rare content words most, common ones less,
/// stopwords little.
///
/// A content term in `df` of `n` documents weighs `floor + (1 - floor) · idf`, where
/// `idf = ln(1 + n/df) / ln(1 + n)` lies in (0, 1]: a term seen in one document weighs 1, a term
/// in every document weighs about `floor`. A term the collection has never seen weighs 1.
/// Stopwords weigh ``stopwordWeight``.
public struct TermWeighting: Sendable, Hashable, Codable {
    /// Weight of a stopword. Default 0.2.
    public var stopwordWeight: Float = 0.2
    /// Weight of a content term found in every document. Default 0.5.
    public var floor: Float = 0.5
    /// Weigh content terms by rarity; when false every content term weighs 1. Default true.
    public var useDocumentFrequency: Bool = true

    /// The defaults.
    public init() {}

    /// The weight of a content term found in `df` of `n` documents.
    @inlinable
    public func weight(df: Int, documents n: Int) -> Float {
        guard useDocumentFrequency, df > 0, n > 0 else { return 1 }
        let idf = Float(log1p(Double(n) / Double(df)) / log1p(Double(n)))
        return floor + (1 - floor) * min(1, max(0, idf))
    }
}

/// The weights of an index's terms under one ``TermWeighting``, each computed once (a document
/// frequency lookup) and kept, bounded in size. One per owner and thread.
struct TermWeightCache {
    /// The weighting applied.
    let weighting: TermWeighting
    private var cache: [UInt64: Float] = [:]

    init(_ weighting: TermWeighting) { self.weighting = weighting }

    /// The weight of content term `t` in `index`.
    mutating func weight(of t: UInt64, in index: MatchIndex) -> Float {
        if let w = cache[t] { return w }
        let w = weighting.weight(df: index.documentFrequency(term: t), documents: index.documentCount)
        if cache.count > 1 << 20 { cache.removeAll(keepingCapacity: true) }
        cache[t] = w
        return w
    }
}
