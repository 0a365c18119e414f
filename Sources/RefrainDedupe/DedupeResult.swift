import RefrainSketch

/// Counts of a dedupe run, for the report.
public struct DedupeCounts: Sendable, Hashable, Codable {
    /// Documents read.
    public var documents = 0
    /// UTF-8 bytes of text read.
    public var bytes = 0
    /// Units compared (documents, or paragraphs).
    public var units = 0
    /// Units with no tokens (never matched, always kept).
    public var emptyUnits = 0
    /// Units with fewer tokens than the shingle size (one shingle each).
    public var shortUnits = 0
    /// Units made only of boilerplate lines (never matched, always kept).
    public var boilerplateUnits = 0
    /// Distinct boilerplate lines left out of matching.
    public var boilerplateLines = 0
    /// Units identical (same normalized token sequence) to an earlier unit: the exact fast path.
    public var exactDuplicateUnits = 0
    /// Candidate pairs from LSH banding (between distinct contents).
    public var lshCandidates = 0
    /// Candidate pairs from the containment prefix filter (0 when containment is off).
    public var containmentCandidates = 0
    /// Distinct candidate pairs verified.
    public var candidates = 0
    /// Candidate pairs that met the threshold (between distinct contents).
    public var verifiedPairs = 0
    /// Pairs in the report: verified pairs expanded over identical units, plus the pairs of
    /// identical units.
    public var pairs = 0
    /// Whether the report's pair list was cut at ``DedupeOptions/maxPairs``.
    public var pairsTruncated = false
    /// Clusters (two or more members).
    public var clusters = 0
    /// Units in clusters.
    public var clusteredUnits = 0
    /// Units a dedupe removes (``DedupeResult/removes(_:representative:)``): at document level
    /// every cluster member but the representative; at paragraph level those it covers.
    public var duplicates = 0
    /// LSH buckets too large to pair exhaustively (see ``DedupeOptions/maxBucketPairs``).
    public var largeBuckets = 0

    /// All zero.
    public init() {}
}

/// A pair of units in the report.
public struct ReportedPair: Sendable, Hashable {
    /// Smaller unit index.
    public var a: Int
    /// Larger unit index.
    public var b: Int
    /// The measure that matched.
    public var match: MatchKind
    /// Its value.
    public var similarity: Double

    /// Creates a pair.
    public init(a: Int, b: Int, match: MatchKind, similarity: Double) {
        self.a = a
        self.b = b
        self.match = match
        self.similarity = similarity
    }
}

/// Everything a dedupe run found: the input to the report and to `--write-deduped`.
public struct DedupeResult: Sendable {
    /// The options in effect.
    public var options: DedupeOptions
    /// The LSH bands and rows used (chosen or given).
    public var lsh: LSHParameters
    /// Every document read, in read order.
    public var documents: [DocumentRecord]
    /// Every unit, in document order then byte order.
    public var units: [DedupeUnit]
    /// Counts.
    public var counts: DedupeCounts
    /// Clusters, ordered by first member.
    public var clusters: [DedupeCluster]
    /// Matching pairs, ordered by `a`, then `b`.
    public var pairs: [ReportedPair]
    /// Boilerplate lines left out of matching (empty unless boilerplate detection ran).
    public var boilerplate: [BoilerplateLine]

    /// Creates a result.
    public init(options: DedupeOptions, lsh: LSHParameters, documents: [DocumentRecord], units: [DedupeUnit],
                counts: DedupeCounts, clusters: [DedupeCluster], pairs: [ReportedPair], boilerplate: [BoilerplateLine]) {
        self.options = options
        self.lsh = lsh
        self.documents = documents
        self.units = units
        self.counts = counts
        self.clusters = clusters
        self.pairs = pairs
        self.boilerplate = boilerplate
    }

    /// The document of unit `unit`.
    public func document(ofUnit unit: Int) -> DocumentRecord { documents[units[unit].document] }

    /// Ordinals of the documents a document-level dedupe removes: cluster members that are not
    /// their cluster's representative. Every other document (unique, empty, representative) stays.
    /// Empty at paragraph level, where ``edits`` take paragraphs out instead.
    public var removedOrdinals: Set<Int> {
        guard options.level == .document else { return [] }
        var removed = Set<Int>()
        for c in clusters {
            for m in c.members where !m.isRepresentative { removed.insert(documents[units[m.unit].document].ordinal) }
        }
        return removed
    }

    /// Whether the dedupe removes cluster member `member` (of the cluster whose representative is
    /// unit `representative`) from the output.
    ///
    /// Document level: every member but the representative. Paragraph level, where a member is cut
    /// out of a document that otherwise stays: a member the representative covers, by Jaccard at
    /// the threshold or by holding it (containment at the threshold, the member no larger). A
    /// member that holds more than its representative, or joined the cluster only through a chain
    /// of other members, stays, so no paragraph goes unless its text is (up to the threshold) in
    /// one that stays.
    public func removes(_ member: ClusterMember, representative: Int) -> Bool {
        guard !member.isRepresentative else { return false }
        guard options.level == .paragraph else { return true }
        guard member.similarity >= options.threshold else { return false }
        switch member.match {
        case .jaccard: return true
        case .containment: return units[member.unit].shingles <= units[representative].shingles
        }
    }

    /// What `--write-deduped` writes of each document: see ``DedupeEdits``.
    public var edits: DedupeEdits { DedupeEdits(self) }
}
