/// One thread's share of a ``QuoteFinder`` query: aligns the query with candidate documents
/// over the terms stored in the index, and reads the quotes of matched documents. Owns its
/// aligner, buffers, weight cache and quote reader, so workers run side by side over one
/// shared, immutable ``MatchIndex``.
final class CandidateWorker {
    let index: MatchIndex
    let options: FindOptions
    private let aligner: LocalAligner
    private(set) lazy var reader = QuoteReader(extraction: options.extraction, attribution: options.attribution)
    private var stored = DocumentTerms()
    private var target = ContiguousArray<UInt64>()
    private var targetWeights: [Float] = []
    /// Per distinct term of the current document: its query weight, or -1 when not in the query.
    private var queryWeightOf: [Float] = []
    /// Per distinct term of the current document: its index weight, or NaN until needed.
    private var weightOf: [Float] = []
    private var weights: TermWeightCache
    private var chainWeights: TermWeightCache
    /// The query's terms, with those already chained masked.
    private var queryTerms = ContiguousArray<UInt64>()

    init(index: MatchIndex, options: FindOptions) {
        self.index = index
        self.options = options
        weights = TermWeightCache(options.weighting)
        chainWeights = TermWeightCache(options.chainWeighting)
        aligner = LocalAligner(options: options.alignment)
    }

    /// The weight of content term `t` under `weighting` (the finder's plain or chain weighting).
    private func weight(of t: UInt64, _ weighting: TermWeighting) -> Float {
        weighting == options.weighting ? weights.weight(of: t, in: index) : chainWeights.weight(of: t, in: index)
    }

    /// The best passages of `document` for `query`, at most
    /// ``FindOptions/maxMatchesPerDocument``, best first.
    func align(_ query: QuoteFinder.Query, document doc: Int) throws(MatchIndexError) -> [QuoteFinder.Scored] {
        // The buffers move into locals for the loops (no exclusivity checks on class
        // properties per token) and back afterwards (keeping their capacity).
        var stored = take(&self.stored), target = take(&self.target), targetWeights = take(&self.targetWeights)
        var queryWeightOf = take(&self.queryWeightOf), weightOf = take(&self.weightOf)
        defer {
            self.stored = stored
            self.target = target
            self.targetWeights = targetWeights
            self.queryWeightOf = queryWeightOf
            self.weightOf = weightOf
        }
        try index.storedTerms(doc, into: &stored)
        let n = stored.count
        guard n > 0 else { return [] }
        let weighting = query.weighting
        let stopW = weighting.stopwordWeight
        let defaultWeight = (1 + weighting.floor) / 2
        let sentinel: UInt64 = 0x5EED_5EED_5EED_5EED
        let minCoverage = Float(options.minScore * options.minScore)
        let selfQ = query.selfWeight

        // Query weights looked up once per distinct term, then spread over the tokens.
        queryWeightOf.removeAll(keepingCapacity: true)
        for t in stored.distinct { queryWeightOf.append(query.contentWeights[t] ?? -1) }
        target.removeAll(keepingCapacity: true)
        targetWeights.removeAll(keepingCapacity: true)
        var seeds: [Int] = []
        var stops = 0
        for j in 0..<n {
            let id = Int(stored.ids[j])
            target.append(stored.distinct[id])
            if stored.isStopword[j] { targetWeights.append(stopW); stops += 1; continue }
            let w = queryWeightOf[id]
            if w >= 0 {
                targetWeights.append(w)
                seeds.append(j)
            } else {
                targetWeights.append(defaultWeight)
            }
        }
        guard !seeds.isEmpty else { return [] }
        // The document's weight matters only when it may be lighter than the query.
        var denominator = selfQ
        let lowerBound = Float(n - stops) * weighting.floor + Float(stops) * stopW
        if lowerBound < selfQ {
            weightOf.removeAll(keepingCapacity: true)
            weightOf.append(contentsOf: repeatElement(Float.nan, count: stored.distinct.count))
            var selfDoc: Float = 0
            for j in 0..<n {
                if stored.isStopword[j] { selfDoc += stopW; continue }
                let id = Int(stored.ids[j])
                if weightOf[id].isNaN { weightOf[id] = weight(of: stored.distinct[id], weighting) }
                selfDoc += weightOf[id]
            }
            denominator = min(selfQ, selfDoc)
        }
        var found: [Alignment] = []
        let chained = query.chained
        for window in windows(seeds, n: n, m: query.terms.count) {
            if chained {
                if let a = chain(query, window: window, target: &target, targetWeights: targetWeights, sentinel: sentinel),
                   a.score / selfQ >= minCoverage || a.score / denominator >= Float(options.minScore) {
                    found.append(a)
                }
                continue
            }
            var remaining = options.maxMatchesPerDocument
            while remaining > 0 {
                let a = query.terms.withUnsafeBufferPointer { qt in
                    query.weights.withUnsafeBufferPointer { qw in
                        target.withUnsafeBufferPointer { tt in
                            targetWeights.withUnsafeBufferPointer { tw in
                                aligner.align(query: qt, queryWeights: qw, target: tt, targetWeights: tw, window: window, masked: sentinel)
                            }
                        }
                    }
                }
                guard let a, a.score / selfQ >= minCoverage || a.score / denominator >= Float(options.minScore) else { break }
                if !found.contains(where: { $0.targetRange.overlaps(a.targetRange) }) { found.append(a) }
                for j in a.targetRange { target[j] = sentinel }
                remaining -= 1
            }
        }
        // The best passages of the document, wherever they are.
        found.sort { $0.score != $1.score ? $0.score > $1.score : $0.targetRange.lowerBound < $1.targetRange.lowerBound }
        if found.count > options.maxMatchesPerDocument { found.removeLast(found.count - options.maxMatchesPerDocument) }
        let queryTerms = query.contentWeights.count
        return found.map { a in
            let coverage = min(1, Double(a.score / selfQ))
            let matched = Self.matchedContentTerms(a, query)
            // A quote-length query is scored by weighted query coverage times the share of its
            // distinct content terms matched (the coordination factor), so one word of a longer
            // quote ranks far below the phrase; a long text by its chain's share of the lighter side.
            let score = chained ? min(1, Double(a.score / denominator))
                : coverage * (queryTerms > 0 ? Double(matched) / Double(queryTerms) : 1)
            return QuoteFinder.Scored(document: doc, alignment: a, score: score, coverage: coverage,
                                      matchedTerms: matched, queryTerms: queryTerms,
                                      starts: Array(stored.starts[a.targetRange]), ends: Array(stored.ends[a.targetRange]))
        }
    }

    /// Non-overlapping local alignments of the query with `target[window]`, best first, each
    /// disjoint from the earlier ones on both sides (any order: rewritten text reorders
    /// sentences), merged into one alignment in target order whose score is their sum. Only
    /// alignments scoring ``FindOptions/chainMinimumLinkScore`` join (nil when none does).
    /// Masks the aligned target tokens with `sentinel`.
    private func chain(_ query: QuoteFinder.Query, window: Range<Int>, target: inout ContiguousArray<UInt64>,
                       targetWeights: [Float], sentinel: UInt64) -> Alignment? {
        queryTerms.removeAll(keepingCapacity: true)
        queryTerms.append(contentsOf: query.terms)
        var links: [Alignment] = []
        while links.count < max(1, options.chainMaximumLinks) {
            let a = queryTerms.withUnsafeBufferPointer { qt in
                query.weights.withUnsafeBufferPointer { qw in
                    target.withUnsafeBufferPointer { tt in
                        targetWeights.withUnsafeBufferPointer { tw in
                            aligner.align(query: qt, queryWeights: qw, target: tt, targetWeights: tw, window: window,
                                          masked: sentinel, barriers: true)
                        }
                    }
                }
            }
            guard let a, a.score >= options.chainMinimumLinkScore else { break }
            links.append(a)
            // Only aligned pairs are used up: a gap of one alignment (a sentence moved elsewhere)
            // stays free for the next.
            for step in a.steps where step.step == .match || step.step == .substitution {
                target[Int(step.target)] = sentinel
                queryTerms[Int(step.query)] = sentinel
            }
        }
        guard !links.isEmpty else { return nil }
        if links.count == 1 { return links[0] }
        // Steps in target order (a later alignment may lie in an earlier one's gap); a query
        // token skipped stays after the target token before it.
        var keyed: [(key: Int, order: Int, step: (step: AlignmentStep, query: Int32, target: Int32))] = []
        var score: Float = 0, matched: Float = 0
        var qLow = Int.max, qHigh = 0, tLow = Int.max, tHigh = 0
        for a in links {
            var key = a.targetRange.lowerBound
            for step in a.steps {
                if step.target >= 0 { key = Int(step.target) }
                keyed.append((key, keyed.count, step))
            }
            tLow = min(tLow, a.targetRange.lowerBound)
            tHigh = max(tHigh, a.targetRange.upperBound)
            score += a.score
            matched += a.matchedWeight
            qLow = min(qLow, a.queryRange.lowerBound)
            qHigh = max(qHigh, a.queryRange.upperBound)
        }
        keyed.sort { ($0.key, $0.order) < ($1.key, $1.order) }
        return Alignment(score: score, queryRange: qLow..<qHigh, targetRange: tLow..<tHigh,
                         steps: keyed.map(\.step), matchedWeight: matched)
    }

    /// The distinct content terms of `query` that `alignment` matches.
    static func matchedContentTerms(_ alignment: Alignment, _ query: QuoteFinder.Query) -> Int {
        var seen: [UInt64] = []
        for step in alignment.steps where step.step == .match && step.query >= 0 {
            let t = query.terms[Int(step.query)]
            if query.contentWeights[t] != nil && !seen.contains(t) { seen.append(t) }
        }
        return seen.count
    }

    @inline(__always)
    private func take<T: RangeReplaceableCollection>(_ value: inout T) -> T {
        let v = value
        value = T()
        return v
    }

    @inline(__always)
    private func take(_ value: inout DocumentTerms) -> DocumentTerms {
        let v = value
        value = DocumentTerms()
        return v
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
}
