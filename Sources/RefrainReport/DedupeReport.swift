import Foundation
import RefrainParallel
import RefrainDedupe

/// The report of `refrain dedupe`, schema `refrain.dedupe/1`: the parameters of the run, counts,
/// clusters of near-duplicate units with byte ranges and excerpts, the verified pairs, and the
/// boilerplate lines left out of matching.
///
/// Build one from a ``RefrainDedupe/DedupeResult`` with ``init(result:skippedDocuments:)``; encode
/// it with ``ReportModel/jsonData(pretty:)`` (sorted keys, so equal results give equal bytes).
/// Offsets are UTF-8 byte offsets into the document text, half-open, with the exact text beside
/// them: a paragraph member carries its `text`; a document member spans the whole document and
/// carries the exact text its excerpt shows as `excerpt_span`. Similarities are rounded to 6 decimals.
public struct DedupeReport: ReportModel {
    /// `"refrain.dedupe/1"`.
    public var schema: String
    /// How the run was configured.
    public var parameters: Parameters
    /// What it saw and found.
    public var counts: Counts
    /// Clusters, ordered by their first member (document read order, then byte offset).
    public var clusters: [Cluster]
    /// Pairs that met the threshold, ordered by first member, then second.
    public var pairs: [Pair]
    /// Lines detected as boilerplate and left out of matching (`--boilerplate`), most widespread first.
    public var boilerplate: [Boilerplate]

    /// The schema id this model writes.
    public static let schemaID = "refrain.dedupe/1"

    /// The parameters of a run.
    public struct Parameters: Codable, Sendable, Hashable {
        /// Similarity threshold.
        public var threshold: Double
        /// Tokens (or characters) per shingle.
        public var shingleSize: Int
        /// `words` or `chars`.
        public var shingles: String
        /// MinHash signature length.
        public var permutations: Int
        /// `one-permutation` or `classic`.
        public var minhash: String
        /// Hash seed.
        public var seed: UInt64
        /// LSH bands.
        public var bands: Int
        /// LSH rows per band.
        public var rows: Int
        /// How bands and rows were chosen, and their error areas.
        public var lsh: LSH
        /// `document` or `paragraph`.
        public var level: String
        /// Paragraph delimiting (`blank-lines`, `line-breaks`) at paragraph level; absent otherwise.
        public var paragraphMode: String?
        /// Whether containment matches count.
        public var containment: Bool
        /// Smallest shingle count of the smaller unit for a containment match.
        public var minContainmentShingles: Int
        /// `exact` or `estimate`.
        public var verify: String
        /// `earliest`, `first` or `longest`.
        public var keep: String
        /// Whether boilerplate detection ran.
        public var boilerplate: Bool
        /// Boilerplate: minimum documents of one source (when detection ran).
        public var boilerplateMinDocuments: Int?
        /// Boilerplate: minimum repeats within a document, 0 when that rule is off (when detection ran).
        public var boilerplateMinRepeats: Int?
        /// Boilerplate: fewest words of a content line (when detection ran).
        public var boilerplateContentWords: Int?
    }

    /// How LSH bands and rows were chosen.
    public struct LSH: Codable, Sendable, Hashable {
        /// `optimized` (weighted false-positive/negative areas minimised) or `given`.
        public var choice: String
        /// Weight of the false-positive area.
        public var falsePositiveWeight: Double
        /// Weight of the false-negative area.
        public var falseNegativeWeight: Double
        /// ∫₀ᵗ P(candidate | s) ds.
        public var falsePositiveArea: Double
        /// ∫ₜ¹ P(miss | s) ds.
        public var falseNegativeArea: Double
        /// Probability that a pair exactly at the threshold becomes a candidate.
        public var recallAtThreshold: Double
    }

    /// Counts of a run.
    public struct Counts: Codable, Sendable, Hashable {
        /// Documents read.
        public var documents: Int
        /// Records or files the reader skipped (not counted in `documents`), when known.
        public var skippedDocuments: Int?
        /// Text bytes read.
        public var bytes: Int
        /// Units compared (documents or paragraphs).
        public var units: Int
        /// Units with no tokens: never matched, always kept.
        public var emptyUnits: Int
        /// Units with fewer tokens than the shingle size: one shingle each.
        public var shortUnits: Int
        /// Units made only of boilerplate lines: never matched, always kept.
        public var boilerplateUnits: Int
        /// Distinct boilerplate lines.
        public var boilerplateLines: Int
        /// Units identical to an earlier unit (normalized tokens): the exact fast path.
        public var exactDuplicates: Int
        /// Candidate pairs from LSH banding.
        public var lshCandidates: Int
        /// Candidate pairs from the containment prefix filter.
        public var containmentCandidates: Int
        /// Distinct candidate pairs verified.
        public var candidates: Int
        /// Candidates that met the threshold.
        public var verifiedPairs: Int
        /// Pairs that met the threshold, identical units included (the length of `pairs` unless truncated).
        public var pairs: Int
        /// Whether `pairs` was cut short.
        public var pairsTruncated: Bool
        /// Clusters.
        public var clusters: Int
        /// Units in clusters.
        public var clusteredUnits: Int
        /// Units a dedupe removes (members with `removed`).
        public var duplicatesRemoved: Int
        /// LSH buckets too large to pair exhaustively.
        public var largeBuckets: Int
    }

    /// A unit named by its document and byte range.
    public struct UnitRef: Codable, Sendable, Hashable {
        /// Document id.
        public var doc: String
        /// Document ordinal (read order), unambiguous when ids repeat.
        public var ordinal: Int
        /// First byte.
        public var start: Int
        /// One past the last byte.
        public var end: Int
    }

    /// A cluster of near-duplicate units.
    public struct Cluster: Codable, Sendable, Hashable {
        /// 0-based position in `clusters`.
        public var id: Int
        /// Number of members.
        public var size: Int
        /// The member kept by `--keep` (and by `--write-deduped`).
        public var representative: UnitRef
        /// Members in document read order, then byte offset; the representative included.
        public var members: [Member]
    }

    /// A byte range with its exact text.
    public typealias Span = FindReport.Span

    /// A member of a cluster.
    public struct Member: Codable, Sendable, Hashable {
        /// Document id.
        public var doc: String
        /// Document ordinal (read order).
        public var ordinal: Int
        /// First byte of the unit.
        public var start: Int
        /// One past its last byte.
        public var end: Int
        /// Similarity to the representative (1 for the representative), by `match`.
        public var similarity: Double
        /// `jaccard` or `containment`.
        public var match: String
        /// Whether this is the representative.
        public var representative: Bool
        /// Whether `--write-deduped` leaves it out: at document level every member but the
        /// representative; at paragraph level the members the representative covers (Jaccard at
        /// the threshold, or containment with the member no larger).
        public var removed: Bool
        /// The unit's first characters, whitespace collapsed, "…" when cut.
        public var excerpt: String
        /// Paragraph level: the exact text of `start..<end`.
        public var text: String?
        /// Document level: the exact text the excerpt shows, the document's first bytes (all of
        /// them when it is short).
        public var excerptSpan: Span?
    }

    /// A pair of units that met the threshold.
    public struct Pair: Codable, Sendable, Hashable {
        /// Id of the first document (in read order).
        public var a: String
        /// Id of the second document.
        public var b: String
        /// The measure's value.
        public var similarity: Double
        /// `jaccard` or `containment`.
        public var match: String
        /// Byte range of the first unit (paragraph level only).
        public var aStart: Int?
        /// End of the first unit's range (paragraph level only).
        public var aEnd: Int?
        /// Byte range of the second unit (paragraph level only).
        public var bStart: Int?
        /// End of the second unit's range (paragraph level only).
        public var bEnd: Int?
    }

    /// A boilerplate line left out of matching.
    public struct Boilerplate: Codable, Sendable, Hashable {
        /// The line, trimmed, whitespace collapsed.
        public var text: String
        /// The source it was counted in: the documents' `source`, else the input they were read
        /// from (the directory tree, the JSON Lines file, or the directory of a text file given directly).
        public var source: String
        /// Why it is boilerplate: `repeats` (within one document), `documents` (in many documents
        /// of its source) or `frame` (in the frame of two or more documents, inside the content of none).
        public var rule: String
        /// Documents it was left out of.
        public var documents: Int
        /// Occurrences left out.
        public var occurrences: Int
        /// Most occurrences left out of one document.
        public var maxRepeats: Int
        /// Ids of the first documents it was left out of, in read order (at most 10).
        public var docs: [String]
    }

    /// Creates a report from its parts.
    public init(parameters: Parameters, counts: Counts, clusters: [Cluster], pairs: [Pair], boilerplate: [Boilerplate]) {
        self.schema = DedupeReport.schemaID
        self.parameters = parameters
        self.counts = counts
        self.clusters = clusters
        self.pairs = pairs
        self.boilerplate = boilerplate
    }

    /// The report of `result`; `skippedDocuments` is what the reader skipped, if known. Large
    /// cluster and pair lists are converted on `threads` threads (the report does not depend on it).
    public init(result: DedupeResult, skippedDocuments: Int? = nil, threads: Int = Parallel.allCores) {
        let o = result.options
        let lsh = result.lsh
        parameters = Parameters(
            threshold: o.threshold, shingleSize: o.shingleSize, shingles: o.shingleKind.rawValue,
            permutations: o.permutations, minhash: o.scheme.rawValue, seed: o.seed, bands: lsh.bands, rows: lsh.rows,
            lsh: LSH(choice: o.bands == nil ? "optimized" : "given",
                     falsePositiveWeight: o.falsePositiveWeight, falseNegativeWeight: o.falseNegativeWeight,
                     falsePositiveArea: DedupeReport.round(lsh.falsePositiveArea),
                     falseNegativeArea: DedupeReport.round(lsh.falseNegativeArea),
                     recallAtThreshold: DedupeReport.round(lsh.candidateProbability(o.threshold))),
            level: o.level.rawValue, paragraphMode: o.level == .paragraph ? o.paragraphMode.rawValue : nil,
            containment: o.containmentEnabled, minContainmentShingles: o.minContainmentShingles,
            verify: o.verify.rawValue, keep: o.keep.rawValue, boilerplate: o.boilerplate,
            boilerplateMinDocuments: o.boilerplate ? o.boilerplateMinDocuments : nil,
            boilerplateMinRepeats: o.boilerplate ? o.boilerplateMinRepeats : nil,
            boilerplateContentWords: o.boilerplate ? o.boilerplateContentWords : nil)
        let c = result.counts
        counts = Counts(
            documents: c.documents, skippedDocuments: skippedDocuments, bytes: c.bytes, units: c.units,
            emptyUnits: c.emptyUnits, shortUnits: c.shortUnits, boilerplateUnits: c.boilerplateUnits,
            boilerplateLines: c.boilerplateLines, exactDuplicates: c.exactDuplicateUnits, lshCandidates: c.lshCandidates,
            containmentCandidates: c.containmentCandidates, candidates: c.candidates, verifiedPairs: c.verifiedPairs,
            pairs: c.pairs, pairsTruncated: c.pairsTruncated, clusters: c.clusters, clusteredUnits: c.clusteredUnits,
            duplicatesRemoved: c.duplicates, largeBuckets: c.largeBuckets)
        func ref(_ unit: Int) -> UnitRef {
            let u = result.units[unit]
            let d = result.documents[u.document]
            return UnitRef(doc: d.id, ordinal: d.ordinal, start: u.start, end: u.end)
        }
        let paragraph = o.level == .paragraph
        // Looking units and documents up is mostly waiting for memory: large lists overlap it on
        // several threads; small ones stay on this thread.
        let threads = result.clusters.count + result.pairs.count >= 1024 ? threads : 1
        clusters = Parallel.map(count: result.clusters.count, threads: threads, chunk: 64) { index, _ in
            let cluster = result.clusters[index]
            return Cluster(
                id: cluster.id, size: cluster.members.count, representative: ref(cluster.representative),
                members: cluster.members.map { m in
                    let r = ref(m.unit)
                    return Member(doc: r.doc, ordinal: r.ordinal, start: r.start, end: r.end,
                                  similarity: DedupeReport.round(m.similarity), match: m.match.rawValue,
                                  representative: m.isRepresentative,
                                  removed: result.removes(m, representative: cluster.representative), excerpt: m.excerpt,
                                  text: paragraph ? m.text : nil,
                                  excerptSpan: paragraph ? nil : Span(start: r.start, end: r.start + m.text.utf8.count, text: m.text))
                })
        }
        pairs = Parallel.map(count: result.pairs.count, threads: threads, chunk: 256) { index, _ in
            let p = result.pairs[index]
            let ra = ref(p.a), rb = ref(p.b)
            return Pair(a: ra.doc, b: rb.doc, similarity: DedupeReport.round(p.similarity), match: p.match.rawValue,
                        aStart: paragraph ? ra.start : nil, aEnd: paragraph ? ra.end : nil,
                        bStart: paragraph ? rb.start : nil, bEnd: paragraph ? rb.end : nil)
        }
        boilerplate = result.boilerplate.map {
            Boilerplate(text: $0.text, source: $0.source, rule: $0.rule.rawValue, documents: $0.documents,
                        occurrences: $0.occurrences, maxRepeats: $0.maxRepeats, docs: $0.docs)
        }
        schema = DedupeReport.schemaID
    }
}

// Large reports encode their clusters and pairs in parallel chunks (same bytes).
extension DedupeReport.Cluster: FastJSONParallelEncodable {}
extension DedupeReport.Pair: FastJSONParallelEncodable {}
