import Foundation
import RefrainText
import RefrainParallel

/// Options for ``QuoteClusterer``.
public struct ClusterOptions: Sendable, Hashable {
    /// Two statements by the same speaker are variants when their similarity reaches this. Default 0.5.
    public var minSimilarity: Double = 0.5
    /// Clusters of different speakers are linked when two of their quotes align this well. Default 0.6.
    public var linkSimilarity: Double = 0.6
    /// A short quote (a scare quote, or fewer than ``minCoreWords`` content words) or an
    /// unattributed one joins the cluster it aligns with best when the alignment reaches this. Default 0.6.
    public var attachSimilarity: Double = 0.6
    /// Content words a quote needs to found a cluster of its own; shorter ones only attach. Default 4.
    public var minCoreWords: Int = 4
    /// Keep unattributed scare quotes ("reconstruction efforts") as clusters of their own. Default false.
    public var keepUnattributedScareQuotes: Bool = false
    /// Index keys held by more quotes than this are not used to find candidate pairs. Default 2,000.
    public var maxKeyQuotes: Int = 2_000
    /// Alignment costs.
    public var alignment = AlignmentOptions()
    /// Term weights.
    public var weighting = TermWeighting()
    /// Extraction settings.
    public var extraction = QuoteExtractionOptions()
    /// Attribution settings.
    public var attribution = AttributionOptions()
    /// Threads that read quotes (extraction, attribution) and align candidate pairs. Default:
    /// every core. Clusters do not depend on it.
    public var threads: Int = Parallel.allCores

    /// The defaults.
    public init() {}
}

/// One quote in a cluster.
public struct QuoteVariant: Sendable, Hashable {
    /// Document number in the index.
    public var document: Int
    /// Document id.
    public var documentID: String
    /// The quote, with its attribution as read in this document.
    public var quote: Quote
    /// The exact text of ``Quote/range`` (a split quote's gap included).
    public var text: String
    /// The quoted words only, segments joined by a space.
    public var statement: String
    /// Similarity to the cluster's canonical variant, in [0, 1] (1 for the canonical one).
    public var score: Double
    /// Document metadata: source (outlet) and date, when the input has them.
    public var source: String?
    /// Document date, as written.
    public var date: String?
}

/// A link between clusters whose words match but whose speakers differ.
public struct ClusterLink: Sendable, Hashable {
    /// Index of the other cluster in the result.
    public var cluster: Int
    /// The best alignment similarity between a quote of each.
    public var similarity: Double
}

/// Variants of one statement by one speaker, across documents.
public struct QuoteCluster: Sendable, Hashable {
    /// The speaker's display name, nil when no variant is attributed: one name per speaker
    /// across all clusters, the full-name spelling most used in the corpus, ties going to the
    /// earliest document's spelling (see ``SpeakerDirectory/displayName(_:)``). Identity
    /// matching does not depend on it (see ``speakerKey``).
    public var speaker: String?
    /// The speaker's identity key.
    public var speakerKey: String?
    /// Index into ``variants`` of the canonical variant: the one most similar to all others.
    public var canonical: Int
    /// The variants, in document order.
    public var variants: [QuoteVariant]
    /// Outlets quoting it: document sources where known, else document ids; sorted, unique.
    public var outlets: [String]
    /// Index into ``variants`` of the earliest variant by document date, when any date is known.
    public var firstAppearance: Int?
    /// Clusters with matching words by other speakers.
    public var links: [ClusterLink]
}

/// Extracts every quote of an indexed corpus, matches them across documents and clusters the
/// variants of each statement by speaker (in the spirit of MemeTracker's phrase clusters).
///
/// - Quotes with at least ``ClusterOptions/minCoreWords`` content words found clusters: two
///   quotes of the same speaker (identities unified by ``SpeakerDirectory``) join when their
///   similarity reaches ``ClusterOptions/minSimilarity``; similarity is the better of the local
///   alignment normalized by the lighter quote (containment) and the weighted share of the
///   lighter quote's content terms found in the other (paraphrase, reordering).
/// - Short quotes ("fake news.") and unattributed quotes attach to the one cluster they align
///   with best (unattributed ones only when a single speaker matches), so a two-word fragment
///   never chains two statements together.
/// - The same words from different speakers stay in separate clusters, linked.
///
/// Candidate pairs come from an inverted index of the quotes' content terms and term pairs.
/// Quotes are read (from the terms stored in the index, no re-tokenizing) and pairs aligned on
/// ``ClusterOptions/threads`` threads. Deterministic: the clusters do not depend on the thread
/// count; they are ordered by size, then first document, then offset.
public final class QuoteClusterer {
    /// The index clustered.
    public let index: MatchIndex
    /// The options in use.
    public let options: ClusterOptions

    /// A clusterer over `index`.
    public init(index: MatchIndex, options: ClusterOptions = ClusterOptions()) {
        self.index = index
        self.options = options
    }

    struct Item {
        var document: Int
        var quote: Quote
        var terms: ContiguousArray<UInt64>
        var weights: [Float]
        var isStop: [Bool]
        /// Distinct content terms, sorted, with their weights.
        var content: [(term: UInt64, weight: Float)]
        var total: Float
        var contentTotal: Float
        var speaker: String?     // canonical key
        var core: Bool
    }

    /// One thread's reader, aligner, term buffer and weight cache.
    final class Worker {
        let index: MatchIndex
        let options: ClusterOptions
        let reader: QuoteReader
        let aligner: LocalAligner
        var terms = TermSequence()
        private var weights: TermWeightCache

        init(index: MatchIndex, options: ClusterOptions) {
            self.index = index
            self.options = options
            reader = QuoteReader(extraction: options.extraction, attribution: options.attribution)
            aligner = LocalAligner(options: options.alignment)
            weights = TermWeightCache(options.weighting)
        }

        func weight(_ t: UInt64) -> Float { weights.weight(of: t, in: index) }

        /// The clustered quotes of document `doc`, in text order.
        func items(of doc: Int) throws(MatchIndexError) -> [Item] {
            let bytes = try index.textBytes(doc)
            let quotes = reader.quotes(in: bytes).filter { $0.depth == 0 }
            guard !quotes.isEmpty else { return [] }
            try index.terms(of: doc, into: &terms)
            var out: [Item] = []
            for q in quotes {
                let sub = terms.restricted(to: q.segments)
                var weights: [Float] = []
                var content: [UInt64: Float] = [:]
                var stops: [Bool] = []
                for i in 0..<sub.count {
                    let stop = sub.isStopword[i]
                    let w = stop ? options.weighting.stopwordWeight : weight(sub.terms[i])
                    weights.append(w)
                    stops.append(stop)
                    if !stop { content[sub.terms[i]] = w }
                }
                let contentWords = stops.filter { !$0 }.count
                guard contentWords > 0 else { continue }
                let distinct = content.keys.sorted().map { (term: $0, weight: content[$0]!) }
                if q.attribution == nil && q.kind == .scare && !options.keepUnattributedScareQuotes { continue }
                out.append(Item(document: doc, quote: q, terms: sub.terms, weights: weights, isStop: stops,
                                content: distinct, total: weights.reduce(0, +), contentTotal: distinct.reduce(0) { $0 + $1.weight },
                                speaker: q.attribution?.key, core: q.kind != .scare && contentWords >= options.minCoreWords))
            }
            return out
        }

        /// Local alignment normalized by the lighter quote: containment of one in the other.
        func alignmentSimilarity(_ a: Item, _ b: Item) -> Double {
            let (q, t) = a.total <= b.total ? (a, b) : (b, a)
            let result = q.terms.withUnsafeBufferPointer { qt in
                q.weights.withUnsafeBufferPointer { qw in
                    t.terms.withUnsafeBufferPointer { tt in
                        t.weights.withUnsafeBufferPointer { tw in
                            aligner.align(query: qt, queryWeights: qw, target: tt, targetWeights: tw, window: 0..<t.terms.count)
                        }
                    }
                }
            }
            guard let result, q.total > 0 else { return 0 }
            return min(1, Double(result.score / q.total))
        }
    }

    /// The quotes of every document, attributed, as clusters.
    public func cluster(progress: ((Int) -> Void)? = nil) throws(MatchIndexError) -> [QuoteCluster] {
        let threads = max(1, options.threads)
        let workers = (0..<threads).map { _ in Worker(index: index, options: options) }
        var gathered: [Item] = []
        var directory = SpeakerDirectory()
        // Quotes of each document, read in parallel a batch at a time, kept in document order.
        let batchSize = 1024 * threads
        var done = 0
        while done < index.documentCount {
            let first = done, count = min(batchSize, index.documentCount - done)
            let perDocument = try Parallel.map(count: count, threads: threads, chunk: 16) { k, worker throws(MatchIndexError) in
                try workers[worker].items(of: first + k)
            }
            for list in perDocument {
                for item in list {
                    if let a = item.quote.attribution { directory.add(a.speaker) }
                    gathered.append(item)
                }
            }
            done += count
            if let progress { progress(done) }
        }
        directory.build()
        for k in gathered.indices { if let s = gathered[k].speaker { gathered[k].speaker = directory.canonicalKey(s) } }
        let items = gathered   // read-only from here on, shared by the workers
        gathered = []

        // Candidate pairs from shared keys.
        let featureLists = Parallel.map(count: items.count, threads: threads, chunk: 64) { k, _ in
            var seq = TermSequence()
            seq.terms = items[k].terms
            seq.isStopword = ContiguousArray(items[k].isStop)
            seq.starts = ContiguousArray(repeating: 0, count: items[k].terms.count)
            seq.ends = seq.starts
            var features: [UInt64] = []
            Features.of(seq, into: &features)
            return features
        }
        var postings: [UInt64: [Int32]] = [:]
        for (k, features) in featureLists.enumerated() {
            for f in features { postings[f, default: []].append(Int32(k)) }
        }
        var pairSet = Set<Int64>()
        for key in postings.keys.sorted() {
            let list = postings[key]!
            guard list.count > 1, list.count <= options.maxKeyQuotes else { continue }
            for x in 0..<list.count { for y in (x + 1)..<list.count {
                pairSet.insert(Int64(list[x]) << 32 | Int64(list[y]))
            } }
        }
        let pairs = pairSet.sorted()

        // Similarities.
        var alignSim: [Int64: Double] = [:]
        var sameSim: [Int64: Double] = [:]
        let similarities = Parallel.map(count: pairs.count, threads: threads, chunk: 32) { k, worker -> (Double, Double?) in
            let a = Int(pairs[k] >> 32), b = Int(pairs[k] & 0xFFFF_FFFF)
            let s = workers[worker].alignmentSimilarity(items[a], items[b])
            if let sa = items[a].speaker, sa == items[b].speaker {
                return (s, max(s, Self.bagSimilarity(items[a], items[b])))
            }
            return (s, nil)
        }
        for (p, (s, same)) in zip(pairs, similarities) {
            alignSim[p] = s
            if let same { sameSim[p] = same }
        }

        // Core quotes of one speaker: union by similarity.
        var parent = Array(0..<items.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for p in pairs {
            let a = Int(p >> 32), b = Int(p & 0xFFFF_FFFF)
            guard items[a].core, items[b].core, items[a].speaker != nil, let s = sameSim[p], s >= options.minSimilarity else { continue }
            union(a, b)
        }
        // Attach short and unattributed quotes to their best cluster.
        var neighbours: [Int: [(Int, Double, Double)]] = [:]   // item -> (other, align, same-speaker sim)
        for p in pairs {
            let a = Int(p >> 32), b = Int(p & 0xFFFF_FFFF)
            let s = alignSim[p]!, ss = sameSim[p] ?? -1
            neighbours[a, default: []].append((b, s, ss))
            neighbours[b, default: []].append((a, s, ss))
        }
        let anchored = Set(items.indices.filter { items[$0].core && items[$0].speaker != nil })
        var attached = items.indices.map { anchored.contains($0) }
        for k in items.indices where !anchored.contains(k) {
            let item = items[k]
            var best: (root: Int, sim: Double)? = nil
            var speakers = Set<String>()
            for (other, s, ss) in neighbours[k] ?? [] where anchored.contains(other) {
                if let sp = item.speaker {
                    guard items[other].speaker == sp, max(s, ss) >= options.attachSimilarity else { continue }
                    let sim = max(s, ss)
                    let root = find(other)
                    if best == nil || sim > best!.sim || (sim == best!.sim && root < best!.root) { best = (root, sim) }
                } else {
                    guard s >= options.attachSimilarity else { continue }
                    speakers.insert(items[other].speaker!)
                    let root = find(other)
                    if best == nil || s > best!.sim || (s == best!.sim && root < best!.root) { best = (root, s) }
                }
            }
            if item.speaker == nil && speakers.count != 1 { best = nil }
            if let best {
                union(k, best.root)
                attached[k] = true
            }
        }
        // What is left clusters with its own kind: same speaker, or both unattributed.
        for p in pairs {
            let a = Int(p >> 32), b = Int(p & 0xFFFF_FFFF)
            guard !attached[a], !attached[b], items[a].speaker == items[b].speaker else { continue }
            let s = items[a].speaker == nil ? alignSim[p]! : (sameSim[p] ?? 0)
            if s >= options.attachSimilarity { union(a, b) }
        }

        // Assemble clusters.
        var members: [Int: [Int]] = [:]
        for k in items.indices { members[find(k), default: []].append(k) }
        var roots = members.keys.sorted()
        roots.sort { ra, rb in
            let ma = members[ra]!, mb = members[rb]!
            if ma.count != mb.count { return ma.count > mb.count }
            return ra < rb
        }
        var clusterOf = [Int](repeating: 0, count: items.count)
        var clusterSpeaker: [String?] = []
        for (c, r) in roots.enumerated() {
            for k in members[r]! { clusterOf[k] = c }
            clusterSpeaker.append(members[r]!.compactMap { items[$0].speaker }.first)
        }
        var result: [QuoteCluster] = []
        var displayNames: [String: String] = [:]
        for r in roots {
            let ms = members[r]!.sorted { (items[$0].document, items[$0].quote.range.lowerBound) < (items[$1].document, items[$1].quote.range.lowerBound) }
            func sim(_ a: Int, _ b: Int) -> Double {
                if a == b { return 1 }
                let key = Int64(min(a, b)) << 32 | Int64(max(a, b))
                return max(alignSim[key] ?? 0, sameSim[key] ?? 0)
            }
            // Canonical: the core variant most similar to all others (then the longest, then the first).
            let pool = ms.filter { items[$0].core }.isEmpty ? ms : ms.filter { items[$0].core }
            let canonicalItem = pool.max { a, b in
                let sa = ms.reduce(0) { $0 + sim(a, $1) }, sb = ms.reduce(0) { $0 + sim(b, $1) }
                if sa != sb { return sa < sb }
                if items[a].total != items[b].total { return items[a].total < items[b].total }
                return a > b
            }!
            let speakerKey = ms.compactMap { items[$0].speaker }.first
            var variants: [QuoteVariant] = []
            for k in ms {
                let item = items[k]
                let doc = try index.document(item.document)
                let bytes = try index.textBytes(item.document)
                variants.append(QuoteVariant(
                    document: item.document, documentID: doc.id, quote: item.quote,
                    text: Scalars.string(bytes, item.quote.range),
                    statement: item.quote.segments.map { Scalars.string(bytes, $0) }.joined(separator: " "),
                    score: k == canonicalItem ? 1 : min(1, sim(k, canonicalItem)), source: doc.source, date: doc.date))
            }
            let outlets = Set(variants.map { $0.source ?? $0.documentID }).sorted()
            let dated = variants.indices.filter { variants[$0].date != nil }
            let first = dated.min { (variants[$0].date!, variants[$0].document) < (variants[$1].date!, variants[$1].document) }
            // Links to clusters of other speakers.
            var linkBest: [Int: Double] = [:]
            let me = result.count
            for k in ms {
                for (other, s, _) in neighbours[k] ?? [] where s >= options.linkSimilarity {
                    let c = clusterOf[other]
                    guard c != me, clusterSpeaker[c] != speakerKey else { continue }
                    linkBest[c] = max(linkBest[c] ?? 0, s)
                }
            }
            let links = linkBest.keys.sorted().map { ClusterLink(cluster: $0, similarity: linkBest[$0]!) }
            result.append(QuoteCluster(
                speaker: speakerKey.map { key in
                    if let name = displayNames[key] { return name }
                    let name = directory.displayName(key)
                    displayNames[key] = name
                    return name
                }, speakerKey: speakerKey,
                canonical: ms.firstIndex(of: canonicalItem)!, variants: variants, outlets: outlets,
                firstAppearance: first, links: links))
        }
        return result
    }

    /// The weighted share of the lighter quote's content terms found in the other.
    static func bagSimilarity(_ a: Item, _ b: Item) -> Double {
        let (small, large) = a.contentTotal <= b.contentTotal ? (a, b) : (b, a)
        guard small.contentTotal > 0 else { return 0 }
        // Both lists are sorted: merge.
        var shared: Float = 0
        var i = 0, j = 0
        while i < small.content.count && j < large.content.count {
            let a = small.content[i].term, b = large.content[j].term
            if a == b { shared += small.content[i].weight; i += 1; j += 1 } else if a < b { i += 1 } else { j += 1 }
        }
        return Double(shared / small.contentTotal)
    }
}
