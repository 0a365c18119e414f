import Foundation
import RefrainMatch

/// The report of `refrain quotes`, schema `refrain.quotes/1`: every quote of the corpus,
/// clustered into variants of one statement by one speaker, with outlets, first appearance and
/// links between clusters whose words match but whose speakers differ.
///
/// Build one from ``QuoteClusterer`` output with ``init(clusters:index:parameters:)``; encode it
/// with ``ReportModel/jsonData(pretty:)`` (keys sorted, so equal results give equal bytes). Offsets are UTF-8
/// byte offsets into the document text, half-open, always with the exact text beside them.
/// Scores are rounded to 6 decimals.
public struct QuotesReport: ReportModel {
    /// `"refrain.quotes/1"`.
    public var schema: String
    /// How the run was configured.
    public var parameters: Parameters
    /// What it read and found.
    public var counts: Counts
    /// Clusters: largest first, then by first document and offset.
    public var clusters: [Cluster]

    /// The schema id this model writes.
    public static let schemaID = "refrain.quotes/1"

    /// The parameters of a run.
    public struct Parameters: Codable, Sendable, Hashable {
        /// Same-speaker similarity that makes two quotes variants.
        public var minSimilarity: Double
        /// Alignment similarity that links clusters of different speakers.
        public var linkSimilarity: Double
        /// Similarity at which a short or unattributed quote joins a cluster.
        public var attachSimilarity: Double
        /// Clusters with fewer variants were left out.
        public var minVariants: Int
        /// Terms were stemmed.
        public var stem: Bool
        /// Stopwords were marked.
        public var stopwords: Bool
        /// The index read, or null when the inputs were read directly.
        @NullEncoded public var index: String?

        /// Creates parameters.
        public init(minSimilarity: Double, linkSimilarity: Double, attachSimilarity: Double, minVariants: Int,
                    stem: Bool, stopwords: Bool, index: String?) {
            self.minSimilarity = minSimilarity
            self.linkSimilarity = linkSimilarity
            self.attachSimilarity = attachSimilarity
            self.minVariants = minVariants
            self.stem = stem
            self.stopwords = stopwords
            self.index = index
        }
    }

    /// Counts.
    public struct Counts: Codable, Sendable, Hashable {
        /// Documents read.
        public var documents: Int
        /// Quotes in the reported clusters.
        public var quotes: Int
        /// Of those, quotes with a speaker.
        public var attributed: Int
        /// Clusters reported.
        public var clusters: Int
        /// Clusters with more than one variant.
        public var multiVariantClusters: Int
        /// Clusters with at least one outlet besides the first.
        public var crossOutletClusters: Int

        /// Creates counts.
        public init(documents: Int, quotes: Int, attributed: Int, clusters: Int, multiVariantClusters: Int, crossOutletClusters: Int) {
            self.documents = documents
            self.quotes = quotes
            self.attributed = attributed
            self.clusters = clusters
            self.multiVariantClusters = multiVariantClusters
            self.crossOutletClusters = crossOutletClusters
        }
    }

    /// How a variant's speaker was found.
    public typealias Speaker = FindReport.Speaker
    /// A byte range with its exact text.
    public typealias Span = FindReport.Span

    /// One quote of a cluster.
    public struct Variant: Codable, Sendable, Hashable {
        /// Document id.
        public var doc: String
        /// Document number in read order (or in the index).
        public var ordinal: Int
        /// First byte of the quoted words.
        public var start: Int
        /// One past the last byte (a split quote's attribution gap lies inside).
        public var end: Int
        /// The exact text of the range.
        public var text: String
        /// The quoted words only: the segments joined by a space.
        public var statement: String
        /// The quoted segments (one unless the quote is split or runs on across paragraphs).
        public var segments: [Span]
        /// The speaker named in this document, null when unattributed.
        @NullEncoded public var speaker: String?
        /// How the speaker was found, null when unattributed.
        @NullEncoded public var attribution: Speaker?
        /// Similarity to the cluster's canonical variant, in [0, 1].
        public var score: Double
        /// `sentence`, `fragment` or `scare`.
        public var kind: String
        /// Paragraph index in the document.
        public var paragraph: Int
        /// Sentence index in the document.
        public var sentence: Int
        /// The document's source (outlet), left out when the input gives none.
        public var source: String?
        /// The document's date, left out when the input gives none.
        public var date: String?
    }

    /// Where a cluster first appeared.
    public struct FirstAppearance: Codable, Sendable, Hashable {
        /// Index into the cluster's variants.
        public var variant: Int
        /// Document id.
        public var doc: String
        /// The document's date.
        public var date: String
    }

    /// A link to a cluster with matching words and another speaker.
    public struct Link: Codable, Sendable, Hashable {
        /// The other cluster's id.
        public var cluster: Int
        /// Its speaker, null when unattributed.
        @NullEncoded public var speaker: String?
        /// The best alignment similarity between a quote of each.
        public var similarity: Double
    }

    /// Variants of one statement by one speaker.
    public struct Cluster: Codable, Sendable, Hashable {
        /// 0-based position in `clusters`.
        public var id: Int
        /// Number of variants.
        public var size: Int
        /// The speaker (most frequent full form of the name), null when no variant is attributed.
        @NullEncoded public var speaker: String?
        /// The speaker's identity key, null when unattributed.
        @NullEncoded public var speakerKey: String?
        /// The canonical wording: the statement of the variant most similar to all others.
        public var canonical: String
        /// Index of that variant in `variants`.
        public var canonicalVariant: Int
        /// The variants, in document order.
        public var variants: [Variant]
        /// Outlets: document sources where known, else document ids; sorted.
        public var outlets: [String]
        /// The earliest variant by document date; null when no document has a date.
        @NullEncoded public var firstAppearance: FirstAppearance?
        /// Clusters with matching words by other speakers.
        public var links: [Link]
    }

    /// Creates a report from its parts.
    public init(parameters: Parameters, counts: Counts, clusters: [Cluster]) {
        self.schema = QuotesReport.schemaID
        self.parameters = parameters
        self.counts = counts
        self.clusters = clusters
    }

    /// The report of `clusters` (from a ``QuoteClusterer`` over `index`), keeping clusters of at
    /// least `parameters.minVariants` variants (ids and links renumbered to match).
    /// Throws when the index is damaged.
    public init(clusters: [QuoteCluster], index: MatchIndex, parameters: Parameters) throws(MatchIndexError) {
        let kept = clusters.indices.filter { clusters[$0].variants.count >= parameters.minVariants }
        var newID: [Int: Int] = [:]
        for (k, c) in kept.enumerated() { newID[c] = k }
        var out: [Cluster] = []
        for (k, c) in kept.enumerated() {
            let cluster = clusters[c]
            let variants = try cluster.variants.map { v throws(MatchIndexError) -> Variant in
                let bytes = try index.textBytes(v.document)
                func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }
                return Variant(
                    doc: v.documentID, ordinal: v.document, start: v.quote.range.lowerBound, end: v.quote.range.upperBound,
                    text: v.text, statement: v.statement,
                    segments: v.quote.segments.map { Span(start: $0.lowerBound, end: $0.upperBound, text: text($0)) },
                    speaker: v.quote.attribution?.speaker, attribution: v.quote.attribution.map { Speaker($0, text: bytes) },
                    score: QuotesReport.round(v.score), kind: v.quote.kind.rawValue, paragraph: v.quote.paragraph,
                    sentence: v.quote.sentence, source: v.source, date: v.date)
            }
            let first = cluster.firstAppearance.map {
                FirstAppearance(variant: $0, doc: cluster.variants[$0].documentID, date: cluster.variants[$0].date ?? "")
            }
            let links = cluster.links.compactMap { l -> Link? in
                guard let id = newID[l.cluster] else { return nil }
                return Link(cluster: id, speaker: clusters[l.cluster].speaker, similarity: QuotesReport.round(l.similarity))
            }
            out.append(Cluster(
                id: k, size: variants.count, speaker: cluster.speaker, speakerKey: cluster.speakerKey,
                canonical: cluster.variants[cluster.canonical].statement, canonicalVariant: cluster.canonical,
                variants: variants, outlets: cluster.outlets, firstAppearance: first, links: links))
        }
        let quotes = out.reduce(0) { $0 + $1.size }
        let attributed = out.reduce(0) { $0 + $1.variants.filter { $0.speaker != nil }.count }
        self.init(parameters: parameters,
                  counts: Counts(documents: index.documentCount, quotes: quotes, attributed: attributed, clusters: out.count,
                                 multiVariantClusters: out.filter { $0.size > 1 }.count,
                                 crossOutletClusters: out.filter { $0.outlets.count > 1 }.count),
                  clusters: out)
    }
}

// Large reports encode their clusters in parallel chunks (same bytes).
extension QuotesReport.Cluster: FastJSONParallelEncodable {}
