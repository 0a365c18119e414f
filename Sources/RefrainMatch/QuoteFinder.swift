import Foundation
import RefrainText

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
/// 3. **Score**: with `S` the alignment score and `W(x)` the total weight of `x`,
///    `score = S / min(W(query), W(document))`; when the passage lies in a quote `u` of the
///    document, `max(that, sqrt(S/W(query) · S/W(u)))`, so a short quote wholly inside the query
///    ("fake news" for "another bit of fake news") scores by containment too.
///
/// Not thread-safe (it reuses buffers): one finder per thread over a shared ``MatchIndex``.
public final class QuoteFinder {
    /// The index searched.
    public let index: MatchIndex
    /// The options in use.
    public let options: FindOptions
    private let tokenizer: TermTokenizer
    private let aligner: LocalAligner
    private lazy var reader = QuoteReader(extraction: options.extraction, attribution: options.attribution)
    private var accumulator: [Float]
    private var touched: [Int32] = []
    private var weightCache: [UInt64: Float] = [:]

    /// A finder over `index`.
    public init(index: MatchIndex, options: FindOptions = FindOptions()) {
        self.index = index
        self.options = options
        tokenizer = TermTokenizer(options: index.termOptions)
        aligner = LocalAligner(options: options.alignment)
        accumulator = [Float](repeating: 0, count: index.documentCount)
    }

    /// The weight of content term `t` in this index (cached per finder).
    func weight(of t: UInt64) -> Float {
        if let w = weightCache[t] { return w }
        let w = options.weighting.weight(df: index.documentFrequency(term: t), documents: index.documentCount)
        if weightCache.count > 1 << 20 { weightCache.removeAll(keepingCapacity: true) }
        weightCache[t] = w
        return w
    }

    struct Scored {
        var document: Int
        var alignment: Alignment
        var score: Double
        var coverage: Double
        var starts: [UInt32]
        var ends: [UInt32]
    }

    /// The passages matching `query`, best first (ties: document number, then offset).
    public func find(_ query: String) -> [FindMatch] {
        var queryText = query
        let q = queryText.withUTF8 { bytes -> TermSequence in
            var out = TermSequence()
            tokenizer.terms(of: bytes, into: &out)
            return out
        }
        guard q.count > 0, index.documentCount > 0 else { return [] }
        let stopW = options.weighting.stopwordWeight
        var qWeights = [Float](repeating: stopW, count: q.count)
        var queryTerms: [UInt64: Float] = [:]
        for i in 0..<q.count where !q.isStopword[i] {
            let w = weight(of: q.terms[i])
            qWeights[i] = w
            queryTerms[q.terms[i]] = w
        }
        let selfQ = qWeights.reduce(0, +)
        let candidates = selectCandidates(q)

        var scored: [Scored] = []
        var t = TermSequence()
        var tWeights: [Float] = []
        let defaultWeight = (1 + options.weighting.floor) / 2
        let sentinel: UInt64 = 0x5EED_5EED_5EED_5EED
        let minCoverage = Float(options.minScore * options.minScore)
        for doc in candidates {
            tokenizer.terms(of: index.textBytes(doc), into: &t)
            let n = t.count
            guard n > 0 else { continue }
            tWeights.removeAll(keepingCapacity: true)
            var seeds: [Int] = []
            var stops = 0
            for j in 0..<n {
                if t.isStopword[j] { tWeights.append(stopW); stops += 1; continue }
                if let w = queryTerms[t.terms[j]] {
                    tWeights.append(w)
                    seeds.append(j)
                } else {
                    tWeights.append(defaultWeight)
                }
            }
            guard !seeds.isEmpty else { continue }
            // The document's weight matters only when it may be lighter than the query.
            var denominator = selfQ
            let lowerBound = Float(n - stops) * options.weighting.floor + Float(stops) * stopW
            if lowerBound < selfQ {
                var selfDoc: Float = 0
                for j in 0..<n { selfDoc += t.isStopword[j] ? stopW : weight(of: t.terms[j]) }
                denominator = min(selfQ, selfDoc)
            }
            var found: [Alignment] = []
            for window in windows(seeds, n: n, m: q.count) {
                var remaining = options.maxMatchesPerDocument
                while remaining > 0 {
                    let a = q.terms.withUnsafeBufferPointer { qt in
                        qWeights.withUnsafeBufferPointer { qw in
                            t.terms.withUnsafeBufferPointer { tt in
                                tWeights.withUnsafeBufferPointer { tw in
                                    aligner.align(query: qt, queryWeights: qw, target: tt, targetWeights: tw, window: window, masked: sentinel)
                                }
                            }
                        }
                    }
                    guard let a, a.score / selfQ >= minCoverage || a.score / denominator >= Float(options.minScore) else { break }
                    if !found.contains(where: { $0.targetRange.overlaps(a.targetRange) }) { found.append(a) }
                    for j in a.targetRange { t.terms[j] = sentinel }
                    remaining -= 1
                }
            }
            // The best passages of the document, wherever they are.
            found.sort { $0.score != $1.score ? $0.score > $1.score : $0.targetRange.lowerBound < $1.targetRange.lowerBound }
            if found.count > options.maxMatchesPerDocument { found.removeLast(found.count - options.maxMatchesPerDocument) }
            for a in found {
                let base = min(1, Double(a.score / denominator))
                scored.append(Scored(document: doc, alignment: a, score: base, coverage: min(1, Double(a.score / selfQ)),
                                     starts: Array(t.starts[a.targetRange]), ends: Array(t.ends[a.targetRange])))
            }
        }
        scored.sort { ($0.score, -$0.document, -Int($0.starts[0])) > ($1.score, -$1.document, -Int($1.starts[0])) }

        // Quotes: the speaker, and containment of a short quote.
        var matches: [FindMatch] = []
        var quotesByDocument: [Int: [Quote]] = [:]
        let detailed = options.limit > 0 ? Set(scored.prefix(options.limit * 2).map(\.document)) : Set(scored.map(\.document))
        for s in scored {
            let textBytes = index.textBytes(s.document)
            let start = Int(s.starts[0])
            let first = s.alignment.targetRange.lowerBound
            let range = start..<Int(s.ends[s.ends.count - 1])
            var score = s.score
            var quoteRange: Range<Int>?
            var speaker: Attribution?
            if options.attributeSpeakers && detailed.contains(s.document) {
                let quotes = quotesByDocument[s.document] ?? {
                    let qs = reader.quotes(in: textBytes).filter { $0.depth == 0 }
                    quotesByDocument[s.document] = qs
                    return qs
                }()
                let matchedContent = s.alignment.steps.filter { $0.step == .match && !q.isStopword[Int($0.query)] }.count
                if let quote = quotes.first(where: { overlap($0.range, range) * 2 >= range.count }) {
                    quoteRange = quote.range
                    speaker = quote.attribution
                    let unitWeight = quoteWeight(quote, textBytes)
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
            matches.append(FindMatch(document: s.document, documentID: index.document(s.document).id, range: range,
                                     text: Scalars.string(textBytes, range), score: score, coverage: s.coverage,
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
    private func quoteWeight(_ quote: Quote, _ bytes: UnsafeBufferPointer<UInt8>) -> Float {
        var total: Float = 0
        for segment in quote.segments {
            let terms = tokenizer.terms(of: Scalars.string(bytes, segment))
            for i in 0..<terms.count { total += terms.isStopword[i] ? options.weighting.stopwordWeight : weight(of: terms.terms[i]) }
        }
        return total
    }

    /// Windows of the target around groups of seed positions.
    private func windows(_ seeds: [Int], n: Int, m: Int) -> [Range<Int>] {
        let pad = min(m, 4)
        let joinGap = m + 8
        var out: [Range<Int>] = []
        var start = seeds[0], end = seeds[0]
        func emit() {
            let lo = max(0, start - pad), hi = min(n, end + 1 + pad)
            let maxLength = max(2 * m, options.alignment.maxCells / max(1, m))
            if hi - lo <= maxLength {
                out.append(lo..<hi)
            } else {
                var s = lo
                while s < hi {
                    out.append(s..<min(hi, s + maxLength))
                    if s + maxLength >= hi { break }
                    s += maxLength - m
                }
            }
        }
        for p in seeds.dropFirst() {
            if p - end <= joinGap { end = p } else { emit(); start = p; end = p }
        }
        emit()
        return out
    }

    /// The documents to align: ranked by the summed rarity of the index keys they share with the query.
    private func selectCandidates(_ q: TermSequence) -> [Int] {
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
            accumulator.withUnsafeMutableBufferPointer { acc in
                index.forEachDocument(feature: k.feature) { d in
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
