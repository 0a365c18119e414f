import Foundation
import RefrainMatch

/// The report of `refrain quotes`, schema `refrain.quotes/2`: every quote of the corpus,
/// clustered into variants of one statement by one speaker (with the passages that reprint a
/// statement without quotation marks), with outlets, first appearance and links between
/// clusters whose words match but whose speakers differ.
///
/// Version 2 (from 1): a variant's `score` became three scores that each mean one thing,
/// `similarity`, `coverage` and `containment` (see ``RefrainMatch/VariantScores``); `kind` may be
/// `unmarked` (a reprint without marks, with its `alignment`); `speaker_basis` says where the
/// speaker comes from; `paragraph` and `sentence` are null for unmarked variants; variants carry
/// `outlet` (name and basis), `url` and `title`; cluster `outlets` are objects with a basis
/// (`source`, `url` or `document`: a document id, not an outlet); counts gained `unmarked`;
/// parameters gained the unmarked search settings and `paraphrase_links`; links gained `kind`
/// (`same-words`, or `paraphrase` with the `shared` distinctive words).
///
/// Build one from ``QuoteClusterer`` output with ``init(clusters:index:parameters:)``; encode it
/// with ``ReportModel/jsonData(pretty:)`` (keys sorted, so equal results give equal bytes). Offsets are UTF-8
/// byte offsets into the document text, half-open, always with the exact text beside them.
/// Scores are rounded to 6 decimals.
public struct QuotesReport: ReportModel {
    /// `"refrain.quotes/2"`.
    public var schema: String
    /// How the run was configured.
    public var parameters: Parameters
    /// What it read and found.
    public var counts: Counts
    /// Clusters: largest first, then by first document and offset.
    public var clusters: [Cluster]

    /// The schema id this model writes.
    public static let schemaID = "refrain.quotes/2"

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
        /// Unmarked reprints were looked for.
        public var findUnmarked: Bool
        /// Coverage of the canonical wording an unmarked passage needed.
        public var unmarkedMinCoverage: Double
        /// Similarity to the canonical wording an unmarked passage needed.
        public var unmarkedMinSimilarity: Double
        /// Content words a statement needed to be looked for unmarked.
        public var unmarkedMinContentWords: Int
        /// Paraphrase links between one speaker's clusters were made.
        public var paraphraseLinks: Bool

        /// Creates parameters.
        public init(minSimilarity: Double, linkSimilarity: Double, attachSimilarity: Double, minVariants: Int,
                    stem: Bool, stopwords: Bool, index: String?, findUnmarked: Bool = true,
                    unmarkedMinCoverage: Double = 0.8, unmarkedMinSimilarity: Double = 0.7, unmarkedMinContentWords: Int = 6,
                    paraphraseLinks: Bool = false) {
            self.minSimilarity = minSimilarity
            self.linkSimilarity = linkSimilarity
            self.attachSimilarity = attachSimilarity
            self.minVariants = minVariants
            self.stem = stem
            self.stopwords = stopwords
            self.index = index
            self.findUnmarked = findUnmarked
            self.unmarkedMinCoverage = unmarkedMinCoverage
            self.unmarkedMinSimilarity = unmarkedMinSimilarity
            self.unmarkedMinContentWords = unmarkedMinContentWords
            self.paraphraseLinks = paraphraseLinks
        }

        /// The parameters of clustering with `options` over `index` (whose term options and
        /// directory the report records), keeping clusters of at least `minVariants` variants.
        // Assigns every member itself rather than calling the init with defaults, so a new
        // member (without a default value) does not compile until it is taken from the options.
        public init(options: ClusterOptions, minVariants: Int, index: MatchIndex) {
            minSimilarity = options.minSimilarity
            linkSimilarity = options.linkSimilarity
            attachSimilarity = options.attachSimilarity
            self.minVariants = minVariants
            stem = index.termOptions.stem
            stopwords = index.termOptions.stopwords
            self.index = index.directory
            findUnmarked = options.findUnmarked
            unmarkedMinCoverage = options.unmarkedMinCoverage
            unmarkedMinSimilarity = options.unmarkedMinSimilarity
            unmarkedMinContentWords = options.unmarkedMinContentWords
            paraphraseLinks = options.paraphraseLinks
        }
    }

    /// Counts.
    public struct Counts: Codable, Sendable, Hashable {
        /// Documents read.
        public var documents: Int
        /// Variants in the reported clusters (quotes and unmarked reprints).
        public var quotes: Int
        /// Of those, unmarked reprints.
        public var unmarked: Int
        /// Of those, quotes with a speaker.
        public var attributed: Int
        /// Clusters reported.
        public var clusters: Int
        /// Clusters with more than one variant.
        public var multiVariantClusters: Int
        /// Clusters with at least one outlet besides the first.
        public var crossOutletClusters: Int

        /// Creates counts.
        public init(documents: Int, quotes: Int, unmarked: Int = 0, attributed: Int, clusters: Int, multiVariantClusters: Int,
                    crossOutletClusters: Int) {
            self.documents = documents
            self.quotes = quotes
            self.unmarked = unmarked
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
    /// One token of an alignment.
    public typealias Token = FindReport.Token

    /// Where a document was published.
    public struct Outlet: Codable, Sendable, Hashable {
        /// The outlet's name, or the document id when `basis` is `document`.
        public var name: String
        /// `source` (the document's source metadata), `url` (its URL's host) or `document` (neither
        /// is known: `name` is the document id, not an outlet).
        public var basis: String

        /// The report form of `outlet`.
        public init(_ outlet: RefrainMatch.Outlet) {
            name = outlet.name
            basis = outlet.basis.rawValue
        }
    }

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
        /// The speaker: as named in this document, or the cluster's when `speaker_basis` is
        /// `inferred`; null when there is none.
        @NullEncoded public var speaker: String?
        /// `attributed` (named in this document), `organisation` (attributed to an organisation the
        /// cluster's speaker speaks for), `inferred` (from the cluster) or `none`.
        public var speakerBasis: String
        /// How the speaker was found in this document, null when it was not.
        @NullEncoded public var attribution: Speaker?
        /// Symmetric alignment similarity to the cluster's canonical wording, in [0, 1].
        public var similarity: Double
        /// Share of the canonical wording this variant holds, in [0, 1].
        public var coverage: Double
        /// Share of this variant found in the canonical wording, in [0, 1].
        public var containment: Double
        /// `sentence`, `fragment` or `scare` for a quote; `unmarked` for a reprint without marks.
        public var kind: String
        /// Paragraph index in the document, null for an unmarked variant.
        @NullEncoded public var paragraph: Int?
        /// Sentence index in the document, null for an unmarked variant.
        @NullEncoded public var sentence: Int?
        /// For an unmarked variant: the canonical wording's tokens (`query`) aligned with the
        /// passage's; left out for quotes.
        public var alignment: [Token]?
        /// The outlet.
        public var outlet: Outlet
        /// The document's source (outlet), left out when the input gives none.
        public var source: String?
        /// The document's date, left out when the input gives none.
        public var date: String?
        /// The document's URL, left out when the input gives none.
        public var url: String?
        /// The document's title, left out when the input gives none.
        public var title: String?
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

    /// A link to another cluster: the same words from another speaker, or (with paraphrase
    /// links on) the same speaker's statement that shares this one's distinctive content.
    public struct Link: Codable, Sendable, Hashable {
        /// The other cluster's id.
        public var cluster: Int
        /// Its speaker, null when unattributed.
        @NullEncoded public var speaker: String?
        /// Same words: the best alignment similarity between a quote of each; paraphrase: the
        /// weight of the shared distinctive terms over the lighter cluster's.
        public var similarity: Double
        /// `same-words` or `paraphrase`.
        public var kind: String
        /// Paraphrase links: the distinctive words both hold; left out for same-words links.
        public var shared: [String]?

        /// Creates a link.
        public init(cluster: Int, speaker: String?, similarity: Double, kind: String = "same-words", shared: [String]? = nil) {
            self.cluster = cluster
            self.speaker = speaker
            self.similarity = similarity
            self.kind = kind
            self.shared = shared
        }
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
        /// Outlets: named ones (by source, else URL host) sorted by name, then the ids of
        /// documents whose outlet is unknown.
        public var outlets: [Outlet]
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
                let unmarked = v.form == .unmarked
                return Variant(
                    doc: v.documentID, ordinal: v.document, start: v.quote.range.lowerBound, end: v.quote.range.upperBound,
                    text: v.text, statement: v.statement,
                    segments: v.quote.segments.map { Span($0, in: bytes) },
                    speaker: v.quote.attribution?.speaker ?? (v.speakerBasis == .inferred ? cluster.speaker : nil),
                    speakerBasis: v.speakerBasis.rawValue,
                    attribution: v.quote.attribution.map { Speaker($0, text: bytes) },
                    similarity: QuotesReport.round(v.scores.similarity), coverage: QuotesReport.round(v.scores.coverage),
                    containment: QuotesReport.round(v.scores.containment),
                    kind: unmarked ? "unmarked" : v.quote.kind.rawValue,
                    paragraph: unmarked ? nil : v.quote.paragraph, sentence: unmarked ? nil : v.quote.sentence,
                    alignment: v.alignment.map { $0.map(Token.init) },
                    outlet: Outlet(v.outlet), source: v.source, date: v.date, url: v.url, title: v.title)
            }
            let first = cluster.firstAppearance.map {
                FirstAppearance(variant: $0, doc: cluster.variants[$0].documentID, date: cluster.variants[$0].date ?? "")
            }
            let links = cluster.links.compactMap { l -> Link? in
                guard let id = newID[l.cluster] else { return nil }
                return Link(cluster: id, speaker: clusters[l.cluster].speaker, similarity: QuotesReport.round(l.similarity),
                            kind: l.kind.rawValue, shared: l.kind == .paraphrase ? l.shared : nil)
            }
            out.append(Cluster(
                id: k, size: variants.count, speaker: cluster.speaker, speakerKey: cluster.speakerKey,
                canonical: cluster.variants[cluster.canonical].statement, canonicalVariant: cluster.canonical,
                variants: variants, outlets: cluster.outlets.map(Outlet.init), firstAppearance: first, links: links))
        }
        let quotes = out.reduce(0) { $0 + $1.size }
        let attributed = out.reduce(0) { $0 + $1.variants.filter { $0.attribution != nil }.count }
        let unmarked = out.reduce(0) { $0 + $1.variants.filter { $0.kind == "unmarked" }.count }
        self.init(parameters: parameters,
                  counts: Counts(documents: index.documentCount, quotes: quotes, unmarked: unmarked, attributed: attributed, clusters: out.count,
                                 multiVariantClusters: out.filter { $0.size > 1 }.count,
                                 crossOutletClusters: out.filter { $0.outlets.count > 1 }.count),
                  clusters: out)
    }
}

// Large reports encode their clusters in parallel chunks (same bytes).
extension QuotesReport.Cluster: FastJSONParallelEncodable {}
