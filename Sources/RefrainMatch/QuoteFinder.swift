import Foundation
import RefrainText
import RefrainParallel

/// Options for ``QuoteFinder``.
public struct FindOptions: Sendable, Hashable {
    /// Matches scoring below this are dropped. Default 0.3.
    public var minScore: Double = 0.3
    /// At most this many matches, best first; 0 for all. Default 20.
    public var limit: Int = 20
    /// Documents aligned per query: the best candidates by shared index keys. Default 200.
    public var maxCandidates: Int = 200
    /// Separate passages reported per document. Default 4.
    public var maxMatchesPerDocument: Int = 4
    /// Index keys held by more than this fraction of documents are not used to pick candidates
    /// once the rarer keys have found ``maxCandidates`` documents. Default 0.5.
    public var maxKeyFrequency: Double = 0.5
    /// Queries of at least this many tokens (a paragraph or a page, not a quote) are scored by a
    /// chain of alignments: heavy rewriting reorders and rewords sentences, so one local alignment
    /// covers only part of the reuse. Shorter queries use one alignment per passage. Default 40.
    public var chainMinimumQueryTokens: Int = 40
    /// An alignment joins a chain only when it scores at least this (in chain term weight: a rare
    /// word weighs 1): a run of reused wording, in the spirit of a minimum match length, so
    /// shared topic words scattered over independent writing add nothing. A passage with no such
    /// alignment is not reported. Default 6.5.
    public var chainMinimumLinkScore: Float = 6.5
    /// At most this many alignments per chain. Default 64.
    public var chainMaximumLinks: Int = 64
    /// Term weights for chained (long) queries. A long text repeats its topic words, which every
    /// text on the same topic shares, so common terms weigh less than for a quote. Default:
    /// ``TermWeighting`` with `floor` 0.1.
    public var chainWeighting: TermWeighting = {
        var w = TermWeighting()
        w.floor = 0.1
        return w
    }()
    /// Alignment costs.
    public var alignment = AlignmentOptions()
    /// Term weights.
    public var weighting = TermWeighting()
    /// Extract and attribute the quotes of matched documents to report the speaker. Default true.
    public var attributeSpeakers: Bool = true
    /// Quote extraction and attribution settings used for `speaker`.
    public var extraction = QuoteExtractionOptions()
    /// Attribution settings used for `speaker`.
    public var attribution = AttributionOptions()
    /// Threads a query's candidates are aligned (and its matched documents' quotes read) on.
    /// Default: every core. Results do not depend on it.
    public var threads: Int = Parallel.allCores

    /// The defaults.
    public init() {}
}

/// One token of a match's alignment.
public struct AlignedToken: Sendable, Hashable {
    /// How the tokens relate.
    public var step: AlignmentStep
    /// The query token (nil for an insertion).
    public var query: String?
    /// The text token's byte range in the document (nil for a deletion).
    public var range: Range<Int>?
    /// The text token (nil for a deletion).
    public var text: String?

    /// Creates an aligned token.
    public init(step: AlignmentStep, query: String?, range: Range<Int>?, text: String?) {
        self.step = step
        self.query = query
        self.range = range
        self.text = text
    }
}

/// One passage that matches a query.
public struct FindMatch: Sendable, Hashable {
    /// The document's number in the index.
    public var document: Int
    /// The document's id.
    public var documentID: String
    /// Byte range of the passage in the document's text: first to last aligned token.
    public var range: Range<Int>
    /// The exact text of ``range``.
    public var text: String
    /// Similarity in [0, 1]: 1 when the query (or the quote the passage lies in) is found whole.
    /// See ``QuoteFinder`` for the definition.
    public var score: Double
    /// The share of the query's weight the alignment covers, in [0, 1].
    public var coverage: Double
    /// Distinct content terms of the query the alignment matches.
    public var matchedTerms: Int
    /// Distinct content terms of the query.
    public var queryTerms: Int
    /// The quote the passage lies in, when it lies in one (byte range of its words).
    public var quote: Range<Int>?
    /// Who said that quote, when attributed.
    public var speaker: Attribution?
    /// The aligned tokens, in order.
    public var alignment: [AlignedToken]
}

/// Finds every passage of an indexed corpus that matches a quote, quoted or not, ranked.
///
/// 1. **Candidates**: the query's index keys (content terms and pairs of neighbouring content
///    terms) are looked up; documents are ranked by the summed rarity (`ln(1 + N/df)`) of the
///    keys they share, and the best ``FindOptions/maxCandidates`` are aligned.
/// 2. **Seed and extend**: in each candidate, the positions of the query's content terms are
///    grouped into windows, and each window is aligned with ``LocalAligner`` (Smith–Waterman,
///    affine weight-scaled gaps). Further passages come from realigning with the found one masked.
/// 3. **Score**: with `S` the alignment score and `W(x)` the total (rarity-weighted) weight of
///    `x`, the *coverage* is `S / W(query)`, and `score = coverage · k/n` where `k` of the query's
///    `n` distinct content terms are matched (the coordination factor of classic vector-space
///    ranking): a phrase found whole scores 1, one word of a two-word query about a quarter, one
///    of a five-word query a few hundredths, so site navigation ("News", "Fake") never reaches
///    the default cut. When the passage lies in a quote `u` of the document and matches at least
///    two content terms, the score is `max(that, sqrt(S/W(query) · S/W(u)))`, so a short quote
///    wholly inside the query ("fake news" for "another bit of fake news") scores by containment too.
/// 4. **Long queries** (``FindOptions/chainMinimumQueryTokens``, a paragraph or a whole text):
///    rewriting reorders and rewords sentences, so one local alignment covers only part of the
///    reuse. Each window is aligned repeatedly, every alignment disjoint from the earlier ones on
///    both sides (the aligned tokens become walls), in any order, like chained BLAST HSPs; only
///    alignments scoring ``FindOptions/chainMinimumLinkScore`` count (a minimum match length), and
///    `S` is their sum, in ``FindOptions/chainWeighting`` (common topic words weigh less), with
///    `score = S / min(W(query), W(document))` (a document wholly reused in a longer one scores 1). The
///    match spans the chain; its steps are in text order.
///
/// Candidates are aligned over the terms stored in the index (no re-tokenizing), on up to
/// ``FindOptions/threads`` threads; the result does not depend on the thread count.
///
/// Not thread-safe (it reuses buffers): one finder per thread over a shared ``MatchIndex``.
public final class QuoteFinder {
    /// The index searched.
    public let index: MatchIndex
    /// The options in use.
    public let options: FindOptions
    private let tokenizer: TermTokenizer
    private let workers: [CandidateWorker]
    private var accumulator: [Float]
    private var touched: [Int32] = []
    private var weights: TermWeightCache
    private var chainWeights: TermWeightCache

    /// A finder over `index`.
    public init(index: MatchIndex, options: FindOptions = FindOptions()) {
        self.index = index
        self.options = options
        weights = TermWeightCache(options.weighting)
        chainWeights = TermWeightCache(options.chainWeighting)
        tokenizer = TermTokenizer(options: index.termOptions)
        workers = (0..<max(1, options.threads)).map { _ in CandidateWorker(index: index, options: options) }
        accumulator = [Float](repeating: 0, count: index.documentCount)
    }

    /// The weight of content term `t` under `weighting` (the finder's plain or chain weighting).
    private func weight(of t: UInt64, _ weighting: TermWeighting) -> Float {
        weighting == options.weighting ? weights.weight(of: t, in: index) : chainWeights.weight(of: t, in: index)
    }

    struct Scored {
        var document: Int
        var alignment: Alignment
        var score: Double
        var coverage: Double
        var matchedTerms: Int
        var queryTerms: Int
        var starts: [UInt32]
        var ends: [UInt32]
    }

    /// The query as the candidate workers see it.
    struct Query {
        var terms: ContiguousArray<UInt64>
        var weights: [Float]
        /// Content terms of the query and their weights.
        var contentWeights: [UInt64: Float]
        /// Total weight of the query.
        var selfWeight: Float
        /// Scored by a chain of alignments (a long query).
        var chained: Bool
        /// The term weights in use.
        var weighting: TermWeighting
    }

    /// The passages matching `query`, best first (ties: document number, then offset).
    public func find(_ query: String) throws(MatchIndexError) -> [FindMatch] {
        var queryText = query
        let q = queryText.withUTF8 { bytes -> TermSequence in
            var out = TermSequence()
            tokenizer.terms(of: bytes, into: &out)
            return out
        }
        guard q.count > 0, index.documentCount > 0 else { return [] }
        let chained = q.count >= options.chainMinimumQueryTokens
        let weighting = chained ? options.chainWeighting : options.weighting
        let stopW = weighting.stopwordWeight
        var qWeights = [Float](repeating: stopW, count: q.count)
        var queryTerms: [UInt64: Float] = [:]
        for i in 0..<q.count where !q.isStopword[i] {
            let w = weight(of: q.terms[i], weighting)
            qWeights[i] = w
            queryTerms[q.terms[i]] = w
        }
        let prepared = Query(terms: q.terms, weights: qWeights, contentWeights: queryTerms, selfWeight: qWeights.reduce(0, +),
                             chained: chained, weighting: weighting)
        let candidates = try selectCandidates(q)

        // Each candidate on its own; results concatenated in candidate order.
        let workers = self.workers
        var scored = try Parallel.map(count: candidates.count, threads: workers.count, chunk: 4) { k, worker throws(MatchIndexError) in
            try workers[worker].align(prepared, document: candidates[k])
        }.flatMap { $0 }
        scored.sort { ($0.score, -$0.document, -Int($0.starts[0])) > ($1.score, -$1.document, -Int($1.starts[0])) }

        // Quotes: the speaker, and containment of a short quote.
        var matches: [FindMatch] = []
        let detailed = options.limit > 0 ? Set(scored.prefix(options.limit * 2).map(\.document)) : Set(scored.map(\.document))
        var quotesByDocument: [Int: [Quote]] = [:]
        if options.attributeSpeakers {
            let documents = detailed.sorted()
            let index = self.index
            let lists = try Parallel.map(count: documents.count, threads: workers.count) { k, worker throws(MatchIndexError) in
                workers[worker].reader.quotes(in: try index.textBytes(documents[k])).filter { $0.depth == 0 }
            }
            for (d, list) in zip(documents, lists) { quotesByDocument[d] = list }
        }
        for s in scored {
            let textBytes = try index.textBytes(s.document)
            let start = Int(s.starts[0])
            let first = s.alignment.targetRange.lowerBound
            let range = start..<Int(s.ends[s.ends.count - 1])
            var score = s.score
            var quoteRange: Range<Int>?
            var speaker: Attribution?
            if options.attributeSpeakers && detailed.contains(s.document) {
                let quotes = quotesByDocument[s.document] ?? []
                let matchedContent = s.alignment.steps.filter { $0.step == .match && !q.isStopword[Int($0.query)] }.count
                if let quote = quotes.first(where: { overlap($0.range, range) * 2 >= range.count }) {
                    quoteRange = quote.range
                    speaker = quote.attribution
                    let unitWeight = quoteWeight(quote, textBytes, weighting)
                    if unitWeight > 0 && matchedContent >= 2 {
                        let containment = sqrt(min(1, s.coverage) * min(1, Double(s.alignment.score / unitWeight)))
                        score = max(score, min(1, containment))
                    }
                }
            }
            guard score >= options.minScore else { continue }
            var tokens: [AlignedToken] = []
            tokens.reserveCapacity(s.alignment.steps.count)
            queryText.withUTF8 { qb in
                for step in s.alignment.steps {
                    let qs: String? = step.query >= 0 ? Scalars.string(qb, q.range(Int(step.query))) : nil
                    var r: Range<Int>? = nil
                    var text: String? = nil
                    if step.target >= 0 {
                        let k = Int(step.target) - first
                        r = Int(s.starts[k])..<Int(s.ends[k])
                        text = Scalars.string(textBytes, r!)
                    }
                    tokens.append(AlignedToken(step: step.step, query: qs, range: r, text: text))
                }
            }
            matches.append(FindMatch(document: s.document, documentID: try index.documentID(s.document), range: range,
                                     text: Scalars.string(textBytes, range), score: score, coverage: s.coverage,
                                     matchedTerms: s.matchedTerms, queryTerms: s.queryTerms,
                                     quote: quoteRange, speaker: speaker, alignment: tokens))
        }
        matches.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.document != b.document { return a.document < b.document }
            return a.range.lowerBound < b.range.lowerBound
        }
        if options.limit > 0 && matches.count > options.limit { matches.removeLast(matches.count - options.limit) }
        return matches
    }

    private func overlap(_ a: Range<Int>, _ b: Range<Int>) -> Int {
        max(0, min(a.upperBound, b.upperBound) - max(a.lowerBound, b.lowerBound))
    }

    /// The total weight of a quote's words.
    private func quoteWeight(_ quote: Quote, _ bytes: UnsafeBufferPointer<UInt8>, _ weighting: TermWeighting) -> Float {
        var total: Float = 0
        for segment in quote.segments {
            let terms = tokenizer.terms(of: Scalars.string(bytes, segment))
            for i in 0..<terms.count { total += terms.isStopword[i] ? weighting.stopwordWeight : weight(of: terms.terms[i], weighting) }
        }
        return total
    }

    /// The documents to align: ranked by the summed rarity of the index keys they share with the query.
    private func selectCandidates(_ q: TermSequence) throws(MatchIndexError) -> [Int] {
        var features: [UInt64] = []
        Features.of(q, into: &features)
        let n = index.documentCount
        var keyed: [(feature: UInt64, df: Int)] = features.map { ($0, index.documentFrequency(feature: $0)) }.filter { $0.df > 0 }
        keyed.sort { $0.df != $1.df ? $0.df < $1.df : $0.feature < $1.feature }
        let cap = Int(options.maxKeyFrequency * Double(n))
        for k in keyed {
            // Common keys only help when the rarer ones found too few documents.
            if k.df > cap && touched.count >= options.maxCandidates { break }
            let idf = Float(log1p(Double(n) / Double(k.df)))
            try accumulator.withUnsafeMutableBufferPointer { acc throws(MatchIndexError) in
                try index.forEachDocument(feature: k.feature) { d in
                    if acc[d] == 0 { touched.append(Int32(d)) }
                    acc[d] += idf
                }
            }
        }
        var ranked = touched.map { (doc: Int($0), score: accumulator[Int($0)]) }
        for d in touched { accumulator[Int(d)] = 0 }
        touched.removeAll(keepingCapacity: true)
        let k = options.maxCandidates
        if ranked.count > k {
            // Partial selection: the k best by score, ties to the lower document number.
            ranked = topK(ranked, k)
        }
        return ranked.map(\.doc).sorted()
    }

    private func topK(_ items: [(doc: Int, score: Float)], _ k: Int) -> [(doc: Int, score: Float)] {
        func better(_ a: (doc: Int, score: Float), _ b: (doc: Int, score: Float)) -> Bool {
            a.score != b.score ? a.score > b.score : a.doc < b.doc
        }
        // A min-heap (worst at the root) of the k best seen so far.
        var heap: [(doc: Int, score: Float)] = []
        heap.reserveCapacity(k)
        func siftUp(_ i: Int) {
            var i = i
            while i > 0 {
                let p = (i - 1) / 2
                if better(heap[p], heap[i]) { heap.swapAt(p, i); i = p } else { break }
            }
        }
        func siftDown(_ i: Int) {
            var i = i
            while true {
                let l = 2 * i + 1, r = l + 1
                var w = i
                if l < heap.count && better(heap[w], heap[l]) { w = l }
                if r < heap.count && better(heap[w], heap[r]) { w = r }
                if w == i { return }
                heap.swapAt(i, w)
                i = w
            }
        }
        for item in items {
            if heap.count < k {
                heap.append(item)
                siftUp(heap.count - 1)
            } else if better(item, heap[0]) {
                heap[0] = item
                siftDown(0)
            }
        }
        return heap
    }
}
