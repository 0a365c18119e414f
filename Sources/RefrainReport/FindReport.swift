import Foundation
import RefrainMatch

/// The report of `refrain find`, schema `refrain.find/2`: the query, the parameters, counts, and
/// every matching passage, best first, with its speaker and its aligned tokens.
///
/// Version 2 (from 1): a quote-length query's `score` is its weighted coverage times the share
/// of its distinct content terms matched (see ``RefrainMatch/QuoteFinder``), so one word of a
/// longer query scores far below the phrase; matches gained `matched_terms` and `query_terms`,
/// and `url` and `title` beside `source` and `date`.
///
/// Build one from ``QuoteFinder`` results with ``init(query:matches:index:parameters:)``; encode it
/// with ``ReportModel/jsonData(pretty:)`` (keys sorted, so equal results give equal bytes). Offsets are UTF-8
/// byte offsets into the document text, half-open, always with the exact text beside them.
/// Scores are rounded to 6 decimals. `speaker` is `null` when the passage is not an attributed quote.
public struct FindReport: ReportModel {
    /// `"refrain.find/2"`.
    public var schema: String
    /// The quote searched for.
    public var query: String
    /// How the run was configured.
    public var parameters: Parameters
    /// What it searched and found.
    public var counts: Counts
    /// Matching passages, best first (ties: document order, then offset).
    public var matches: [Match]

    /// The schema id this model writes.
    public static let schemaID = "refrain.find/2"

    /// The parameters of a run.
    public struct Parameters: Codable, Sendable, Hashable {
        /// Matches below this score were dropped.
        public var minScore: Double
        /// At most this many matches were kept (0: all).
        public var limit: Int
        /// Terms were stemmed.
        public var stem: Bool
        /// Stopwords were marked.
        public var stopwords: Bool
        /// The index searched, or null when the inputs were indexed in memory.
        @NullEncoded public var index: String?

        /// Creates parameters.
        public init(minScore: Double, limit: Int, stem: Bool, stopwords: Bool, index: String?) {
            self.minScore = minScore
            self.limit = limit
            self.stem = stem
            self.stopwords = stopwords
            self.index = index
        }

        /// The parameters of a search with `options` over `index` (whose term options and
        /// directory the report records).
        // Assigns every member itself rather than calling the init with defaults, so a new
        // member (without a default value) does not compile until it is taken from the options.
        public init(options: FindOptions, index: MatchIndex) {
            minScore = options.minScore
            limit = options.limit
            stem = index.termOptions.stem
            stopwords = index.termOptions.stopwords
            self.index = index.directory
        }
    }

    /// Counts.
    public struct Counts: Codable, Sendable, Hashable {
        /// Documents searched.
        public var documents: Int
        /// Matches reported.
        public var matches: Int

        /// Creates counts.
        public init(documents: Int, matches: Int) {
            self.documents = documents
            self.matches = matches
        }
    }

    /// A byte range with its exact text.
    public struct Span: Codable, Sendable, Hashable {
        /// First byte.
        public var start: Int
        /// One past the last byte.
        public var end: Int
        /// The exact text of the range.
        public var text: String

        /// Creates a span.
        public init(start: Int, end: Int, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }

        /// The span of `range` in `text`, a document's UTF-8 bytes (`range` lies within them).
        public init(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) {
            self.init(start: range.lowerBound, end: range.upperBound,
                      text: String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self))
        }
    }

    /// How a speaker was found.
    public struct Speaker: Codable, Sendable, Hashable {
        /// The speaker's name as the document gives it in full.
        public var name: String
        /// The identity key (see ``RefrainMatch/SpeakerIdentity``).
        public var key: String
        /// `person`, `organization` or `place`.
        public var kind: String
        /// How it was found: `split-gap`, `after-quote`, `before-quote`, `according-to`,
        /// `pronoun`, `role` or `continuation`.
        public var method: String
        /// Confidence in [0, 1].
        public var confidence: Double
        /// The words that name the speaker.
        public var cue: Span

        /// The speaker of `attribution`, whose cue lies in `text`.
        public init(_ attribution: Attribution, text: UnsafeBufferPointer<UInt8>) {
            name = attribution.speaker
            key = attribution.key
            kind = attribution.kind.rawValue
            method = attribution.method.rawValue
            confidence = FindReport.round(attribution.confidence)
            cue = Span(attribution.cue, in: text)
        }
    }

    /// One token of the alignment between the query and the passage.
    public struct Token: Codable, Sendable, Hashable {
        /// `match`, `substitution`, `insertion` (a passage word the query lacks) or `deletion`
        /// (a query word the passage lacks).
        public var op: String
        /// The query word, null for an insertion.
        @NullEncoded public var query: String?
        /// The passage word's first byte, null for a deletion.
        @NullEncoded public var start: Int?
        /// One past its last byte.
        @NullEncoded public var end: Int?
        /// The passage word, null for a deletion.
        @NullEncoded public var text: String?

        /// Creates a token.
        public init(op: String, query: String?, start: Int?, end: Int?, text: String?) {
            self.op = op
            self.query = query
            self.start = start
            self.end = end
            self.text = text
        }

        /// The report form of an alignment's `token`.
        public init(_ token: AlignedToken) {
            self.init(op: token.step.name, query: token.query, start: token.range?.lowerBound, end: token.range?.upperBound,
                      text: token.text)
        }
    }

    /// One matching passage.
    public struct Match: Codable, Sendable, Hashable {
        /// Document id.
        public var doc: String
        /// Document number in read order (or in the index), unambiguous when ids repeat.
        public var ordinal: Int
        /// First byte of the passage (its first aligned word).
        public var start: Int
        /// One past its last byte (its last aligned word).
        public var end: Int
        /// The exact text of the passage.
        public var text: String
        /// Similarity in [0, 1] (see ``RefrainMatch/QuoteFinder``).
        public var score: Double
        /// Share of the query's weight the alignment covers, in [0, 1].
        public var coverage: Double
        /// Distinct content terms of the query the passage matches.
        public var matchedTerms: Int
        /// Distinct content terms of the query.
        public var queryTerms: Int
        /// The speaker's name when the passage lies in an attributed quote, else null.
        @NullEncoded public var speaker: String?
        /// How the speaker was found, null when there is none.
        @NullEncoded public var attribution: Speaker?
        /// The quote the passage lies in (its words), null when it is not in a quote.
        @NullEncoded public var quote: Span?
        /// The document's source (outlet), left out when the input gives none.
        public var source: String?
        /// The document's date, left out when the input gives none.
        public var date: String?
        /// The document's URL, left out when the input gives none.
        public var url: String?
        /// The document's title, left out when the input gives none.
        public var title: String?
        /// The aligned tokens, in order.
        public var alignment: [Token]
    }

    /// Creates a report from its parts.
    public init(query: String, parameters: Parameters, counts: Counts, matches: [Match]) {
        self.schema = FindReport.schemaID
        self.query = query
        self.parameters = parameters
        self.counts = counts
        self.matches = matches
    }

    /// The report of `matches` (from a ``QuoteFinder`` over `index`) for `query`. Throws when
    /// the index is damaged.
    public init(query: String, matches: [FindMatch], index: MatchIndex, parameters: Parameters) throws(MatchIndexError) {
        var out: [Match] = []
        for m in matches {
            let doc = try index.document(m.document)
            let bytes = try index.textBytes(m.document)
            out.append(Match(
                doc: doc.id, ordinal: m.document, start: m.range.lowerBound, end: m.range.upperBound, text: m.text,
                score: FindReport.round(m.score), coverage: FindReport.round(m.coverage),
                matchedTerms: m.matchedTerms, queryTerms: m.queryTerms, speaker: m.speaker?.speaker,
                attribution: m.speaker.map { Speaker($0, text: bytes) }, quote: m.quote.map { Span($0, in: bytes) },
                source: doc.source, date: doc.date, url: doc.url, title: doc.title, alignment: m.alignment.map(Token.init)))
        }
        self.init(query: query, parameters: parameters, counts: Counts(documents: index.documentCount, matches: out.count), matches: out)
    }
}

extension AlignmentStep {
    /// The step's name in reports.
    public var name: String {
        switch self {
        case .match: return "match"
        case .substitution: return "substitution"
        case .insertion: return "insertion"
        case .deletion: return "deletion"
        }
    }
}

// Large reports encode their matches in parallel chunks (same bytes).
extension FindReport.Match: FastJSONParallelEncodable {}
