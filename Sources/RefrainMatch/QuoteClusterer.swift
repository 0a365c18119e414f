import Foundation
import RefrainText
import RefrainParallel
import RefrainCorpus

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
    /// Two quotes of one speaker are also variants when a passage of the lighter one in which at
    /// least this many content words match aligns with the other at ``minPassageSimilarity`` or
    /// better (two outlets quoting overlapping stretches of one speech). Default 5.
    public var minPassageWords: Int = 5
    /// Alignment score over the weight of the aligned passage that such a passage needs. Default 0.7.
    public var minPassageSimilarity: Double = 0.7
    /// Keep unattributed scare quotes ("reconstruction efforts") as clusters of their own. Default
    /// false: one is reported only when it joins an attributed statement's cluster (it needs
    /// ``minScareContentWords`` content words for that).
    public var keepUnattributedScareQuotes: Bool = false
    /// Content words an unattributed scare quote needs to join an attributed cluster. Default 2.
    public var minScareContentWords: Int = 2
    /// Index keys held by more quotes than this are not used to find candidate pairs. Default 2,000.
    public var maxKeyQuotes: Int = 2_000
    /// After clustering, look for passages that reprint a statement without quotation marks
    /// (the finder's alignment over the whole corpus) and add them as ``VariantForm/unmarked``
    /// variants. Default true.
    public var findUnmarked: Bool = true
    /// An unmarked passage must hold at least this share of the canonical wording
    /// (``VariantScores/coverage``). Default 0.8.
    public var unmarkedMinCoverage: Double = 0.8
    /// An unmarked passage must align at least this well with the canonical wording
    /// (``VariantScores/similarity``). Default 0.7.
    public var unmarkedMinSimilarity: Double = 0.7
    /// Only statements with at least this many content words are looked for unmarked: shorter
    /// ones recur in reporters' own sentences. Default 6.
    public var unmarkedMinContentWords: Int = 6
    /// Link clusters of one speaker that share a statement's distinctive content: numbers, and
    /// names (capitalised rare words that do not open the statement) other than the speaker's
    /// (see ``ClusterLink/Kind/paraphrase``). Default false.
    public var paraphraseLinks: Bool = false
    /// Distinctive terms two clusters must share for a paraphrase link. Default 2.
    public var paraphraseMinShared: Int = 2
    /// A capitalised word counts as a name when it weighs at least this (rare in the corpus; see
    /// ``TermWeighting``; in 8 documents, a word in 2 weighs 0.87 and in 3 0.80). Default 0.8.
    public var paraphraseRareWeight: Float = 0.8
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

/// How a variant appears in its document.
public enum VariantForm: String, Sendable, Hashable, Codable, CaseIterable {
    /// Between quotation marks.
    case quoted
    /// Reprinted without quotation marks (a block paragraph, a paraphrase-free copy), found by
    /// aligning the statement with the corpus's text.
    case unmarked
}

/// Where a variant's speaker comes from.
public enum SpeakerBasis: String, Sendable, Hashable, Codable, CaseIterable {
    /// The document names the speaker for this quote (see ``Quote/attribution``).
    case attributed
    /// The document attributes the words to an organisation the cluster's speaker speaks for.
    case organisation
    /// No attribution in the document: the speaker is the cluster's (an unmarked reprint, or an
    /// unattributed quote that joined the cluster).
    case inferred
    /// No speaker at all (an unattributed cluster).
    case none
}

/// Where a document was published, as far as the input says.
public struct Outlet: Sendable, Hashable, Comparable {
    /// What the name is.
    public enum Basis: String, Sendable, Hashable, Codable, CaseIterable {
        /// The document's `source` metadata.
        case source
        /// The host of the document's `url` (`www.` dropped).
        case url
        /// Neither is known: the name is the document id, not an outlet.
        case document
    }

    /// The outlet's name, or the document id when ``basis`` is ``Basis/document``.
    public var name: String
    /// What the name is.
    public var basis: Basis

    /// Creates an outlet.
    public init(name: String, basis: Basis) {
        self.name = name
        self.basis = basis
    }

    /// The outlet of a document: its source, else its URL's host, else its id.
    public init(source: String?, url: String?, documentID: String) {
        if let source = source?.trimmingCharacters(in: .whitespaces), !source.isEmpty {
            self.init(name: source, basis: .source)
        } else if let host = url.flatMap(Self.host) {
            self.init(name: host, basis: .url)
        } else {
            self.init(name: documentID, basis: .document)
        }
    }

    /// The host of `url` without `www.`, lower-cased; nil when it has none.
    static func host(_ url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        let withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed
        guard var host = URLComponents(string: withScheme)?.host?.lowercased(), host.contains(".") else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        return host.isEmpty ? nil : host
    }

    /// Named outlets first (by name, ignoring case), then document ids.
    public static func < (a: Outlet, b: Outlet) -> Bool {
        let ka = a.basis == .document ? 1 : 0, kb = b.basis == .document ? 1 : 0
        if ka != kb { return ka < kb }
        let la = a.name.lowercased(), lb = b.name.lowercased()
        if la != lb { return la < lb }
        if a.name != b.name { return a.name < b.name }
        return a.basis.rawValue < b.basis.rawValue
    }
}

/// How a variant's wording compares with the cluster's canonical wording. Each number means one
/// thing. With `S` the local alignment score of the two wordings (matched term weight less gap
/// and mismatch costs, rarity-weighted; see ``LocalAligner``), `M` the weight of the aligned
/// matching terms and `W(x)` the total weight of wording `x`:
/// - ``similarity`` = `S / ((W(canonical) + W(variant)) / 2)`: how alike the two wordings are,
///   symmetric; a two-word fragment of a long sentence scores low;
/// - ``coverage`` = `M / W(canonical)`: the share of the canonical wording the variant holds;
/// - ``containment`` = `M / W(variant)`: the share of the variant found in the canonical.
/// All lie in [0, 1], rounded to 6 decimals; identical wordings give 1, 1, 1.
public struct VariantScores: Sendable, Hashable {
    /// Symmetric alignment similarity.
    public var similarity: Double
    /// Share of the canonical wording held by the variant.
    public var coverage: Double
    /// Share of the variant held by the canonical wording.
    public var containment: Double

    /// Creates scores.
    public init(similarity: Double, coverage: Double, containment: Double) {
        self.similarity = similarity
        self.coverage = coverage
        self.containment = containment
    }

    /// The scores of a wording against itself.
    public static let identical = VariantScores(similarity: 1, coverage: 1, containment: 1)
}

/// One variant of a statement in a cluster: a quote, or a passage reprinting the statement
/// without marks.
public struct QuoteVariant: Sendable, Hashable {
    /// Document number in the index.
    public var document: Int
    /// Document id.
    public var documentID: String
    /// How the statement appears: quoted, or reprinted without marks.
    public var form: VariantForm
    /// The quote, with its attribution as read in this document. For an unmarked variant, the
    /// passage in a quote's shape: one segment, ``Quote/markedRange`` equal to it, no
    /// attribution, and ``Quote/paragraph`` / ``Quote/sentence`` of -1 (not read).
    public var quote: Quote
    /// Where the speaker comes from.
    public var speakerBasis: SpeakerBasis
    /// The exact text of ``Quote/range`` (a split quote's gap included).
    public var text: String
    /// The quoted words only, segments joined by a space.
    public var statement: String
    /// The wording against the cluster's canonical one (1, 1, 1 for the canonical variant).
    public var scores: VariantScores
    /// For an unmarked variant: the canonical wording's tokens aligned with the passage's.
    public var alignment: [AlignedToken]?
    /// Document metadata: source (outlet), when the input has it.
    public var source: String?
    /// Document date, as written (or `YYYY-MM-DD` from a text file's header or dateline).
    public var date: String?
    /// Document URL.
    public var url: String?
    /// Document title.
    public var title: String?
    /// The outlet: the source, the URL's host, or the document id (labelled as such).
    public var outlet: Outlet
}

/// A link between two clusters that are not merged.
public struct ClusterLink: Sendable, Hashable {
    /// Why the clusters are linked.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The same words from another speaker.
        case sameWords = "same-words"
        /// The same speaker in other words, sharing the statement's distinctive content (numbers,
        /// names, rare terms) in another document: perhaps one statement translated or
        /// paraphrased. Lower confidence; never a merge; off by default (on the labelled dev set of
        /// 2026-12-04 it makes no link at all: the translated statements there share no number
        /// or name in both wordings).
        case paraphrase
    }

    /// Index of the other cluster in the result.
    public var cluster: Int
    /// The best alignment similarity between a quote of each (same words), or the weight of the
    /// shared distinctive terms over the lighter cluster's (paraphrase).
    public var similarity: Double
    /// Why they are linked.
    public var kind: Kind = .sameWords
    /// For a paraphrase link: the distinctive words both clusters hold, sorted.
    public var shared: [String] = []

    /// Creates a link.
    public init(cluster: Int, similarity: Double, kind: Kind = .sameWords, shared: [String] = []) {
        self.cluster = cluster
        self.similarity = similarity
        self.kind = kind
        self.shared = shared
    }
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
    /// Outlets quoting it (see ``Outlet``): named outlets sorted by name, then the ids of
    /// documents whose outlet is unknown; unique.
    public var outlets: [Outlet]
    /// Index into ``variants`` of the earliest variant by document date (dates compared as
    /// `YYYY-MM-DD` where they parse), when any date is known.
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
///   with best, so a two-word fragment never chains two statements together. An unattributed
///   quote takes a speaker only when its own document names that speaker (an attribution there,
///   or the full name in its text) and a single speaker matches (or most outlets agree); it is
///   then held to the same-speaker rule when it has ``ClusterOptions/minCoreWords`` content
///   words, to ``ClusterOptions/attachSimilarity`` alignment otherwise. A short quote left alone
///   may then join its speaker's cluster through such an unattributed quote.
/// - Speakers are identities (``SpeakerDirectory``): one key per person whatever the titles,
///   initials, accents or affiliation, organisations keyed apart from people.
/// - The same words from different speakers stay in separate clusters, linked.
/// - With ``ClusterOptions/findUnmarked``, each attributed statement of at least
///   ``ClusterOptions/unmarkedMinContentWords`` content words is then aligned with the whole
///   corpus (``QuoteFinder``); a passage outside every quote that holds at least
///   ``ClusterOptions/unmarkedMinCoverage`` of the canonical wording with a similarity of at
///   least ``ClusterOptions/unmarkedMinSimilarity`` joins the cluster as an unmarked variant,
///   its speaker inferred (a passage two statements claim goes to the more similar one).
/// - Every variant is scored against the canonical wording (``VariantScores``).
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
        var starts: ContiguousArray<UInt32>
        var ends: ContiguousArray<UInt32>
        var weights: [Float]
        var isStop: [Bool]
        /// Distinct content terms, sorted, with their weights.
        var content: [(term: UInt64, weight: Float)]
        var total: Float
        var contentTotal: Float
        var contentWords: Int
        var speaker: String?     // canonical key
        /// For a statement attributed to an organisation or government: the canonical key of
        /// the one person the corpus names as its spokesperson, whose cluster it may join.
        var spokesperson: String? = nil
        var core: Bool
        /// An unattributed scare quote: reported only inside an attributed cluster.
        var optional: Bool = false
    }

    /// An unmarked passage found for a cluster.
    struct Reprint {
        var cluster: Int
        var document: Int
        var range: Range<Int>
        var scores: VariantScores
        var alignment: [AlignedToken]
    }

    /// One thread's reader, aligner, term buffer, weight cache and finder.
    final class Worker {
        let index: MatchIndex
        let options: ClusterOptions
        let reader: QuoteReader
        let aligner: LocalAligner
        var terms = TermSequence()
        private var weights: TermWeightCache
        private lazy var finder: QuoteFinder = {
            var find = FindOptions()
            find.minScore = 0.5
            find.limit = 0
            find.maxMatchesPerDocument = 4
            find.attributeSpeakers = false
            find.alignment = options.alignment
            find.weighting = options.weighting
            find.threads = 1
            return QuoteFinder(index: index, options: find)
        }()

        init(index: MatchIndex, options: ClusterOptions) {
            self.index = index
            self.options = options
            reader = QuoteReader(extraction: options.extraction, attribution: options.attribution)
            aligner = LocalAligner(options: options.alignment)
            weights = TermWeightCache(options.weighting)
        }

        func weight(_ t: UInt64) -> Float { weights.weight(of: t, in: index) }

        /// The item for the terms of `sub` (a quote's or a passage's).
        func item(document: Int, quote: Quote, sub: TermSequence) -> Item? {
            var weights: [Float] = []
            var content: [UInt64: Float] = [:]
            var stops: [Bool] = []
            weights.reserveCapacity(sub.count)
            for i in 0..<sub.count {
                let stop = sub.isStopword[i]
                let w = stop ? options.weighting.stopwordWeight : weight(sub.terms[i])
                weights.append(w)
                stops.append(stop)
                if !stop { content[sub.terms[i]] = w }
            }
            let contentWords = stops.filter { !$0 }.count
            guard contentWords > 0 else { return nil }
            let distinct = content.keys.sorted().map { (term: $0, weight: content[$0] ?? 0) }
            return Item(document: document, quote: quote, terms: sub.terms, starts: sub.starts, ends: sub.ends,
                        weights: weights, isStop: stops, content: distinct, total: weights.reduce(0, +),
                        contentTotal: distinct.reduce(0) { $0 + $1.weight }, contentWords: contentWords,
                        speaker: quote.attribution.map { SpeakerIdentity.identity($0.speaker, organisation: $0.kind != .person) }, core: quote.kind != .scare && contentWords >= options.minCoreWords)
        }

        /// The clustered quotes of document `doc`, in text order, and the marked ranges of all its quotes.
        func items(of doc: Int) throws(MatchIndexError) -> (items: [Item], marked: [Range<Int>]) {
            let bytes = try index.textBytes(doc)
            let all = reader.quotes(in: bytes)
            let quotes = all.filter { $0.depth == 0 }
            guard !quotes.isEmpty else { return ([], all.map(\.markedRange)) }
            try index.terms(of: doc, into: &terms)
            var out: [Item] = []
            for q in quotes {
                let optional = q.attribution == nil && q.kind == .scare && !options.keepUnattributedScareQuotes
                guard var item = item(document: doc, quote: q, sub: terms.restricted(to: q.segments)) else { continue }
                if optional {
                    guard item.contentWords >= options.minScareContentWords else { continue }
                    item.optional = true
                }
                out.append(item)
            }
            return (out, all.map(\.markedRange).sorted { $0.lowerBound < $1.lowerBound })
        }

        /// Local alignment of `q` (as the query) with `t`.
        func align(_ q: Item, _ t: Item) -> Alignment? {
            q.terms.withUnsafeBufferPointer { qt in
                q.weights.withUnsafeBufferPointer { qw in
                    t.terms.withUnsafeBufferPointer { tt in
                        t.weights.withUnsafeBufferPointer { tw in
                            aligner.align(query: qt, queryWeights: qw, target: tt, targetWeights: tw, window: 0..<t.terms.count)
                        }
                    }
                }
            }
        }

        /// Local alignment normalized by the lighter quote: containment of one in the other.
        func alignmentSimilarity(_ a: Item, _ b: Item) -> Double {
            alignmentSimilarities(a, b).whole
        }

        /// Local alignment normalized by the lighter quote (`whole`), and by the aligned part of
        /// it (`passage`) when at least ``ClusterOptions/minPassageWords`` content words match
        /// there (0 otherwise): two long quotes that share one sentence nearly verbatim.
        func alignmentSimilarities(_ a: Item, _ b: Item) -> (whole: Double, passage: Double) {
            let (q, t) = a.total <= b.total ? (a, b) : (b, a)
            guard let result = align(q, t), q.total > 0 else { return (0, 0) }
            let whole = min(1, Double(result.score / q.total))
            var span: Float = 0
            for i in result.queryRange where i < q.weights.count { span += q.weights[i] }
            // Content words matched, not merely spanned: names shared by two translations of a
            // statement ("North Korean … in Ukraine") are not a shared passage.
            var words = 0
            for step in result.steps where step.step == .match && step.query >= 0 && Int(step.query) < q.isStop.count {
                if !q.isStop[Int(step.query)] { words += 1 }
            }
            let passage = words >= options.minPassageWords && span > 0 ? min(1, Double(result.score / span)) : 0
            return (whole, passage)
        }

        /// `variant` against `canonical` (see ``VariantScores``). The lighter wording is always
        /// the query (ties: the lesser term sequence), so the similarity is exactly symmetric.
        func scores(_ variant: Item, against canonical: Item) -> VariantScores {
            Self.scores(variant, against: canonical) { self.align($0, $1) }
        }

        static func scores(_ variant: Item, against canonical: Item, align: (Item, Item) -> Alignment?) -> VariantScores {
            guard variant.total > 0, canonical.total > 0 else { return VariantScores(similarity: 0, coverage: 0, containment: 0) }
            let variantFirst = variant.total != canonical.total ? variant.total < canonical.total
                : variant.terms.lexicographicallyPrecedes(canonical.terms) || variant.terms == canonical.terms
            let result = variantFirst ? align(variant, canonical) : align(canonical, variant)
            guard let result else { return VariantScores(similarity: 0, coverage: 0, containment: 0) }
            let s = Double(result.score), m = Double(result.matchedWeight)
            let wc = Double(canonical.total), wv = Double(variant.total)
            // Rounded to 6 decimals, as reported: the Float sums behind S, M and W differ in order.
            func unit(_ x: Double) -> Double { (min(1, max(0, x)) * 1_000_000).rounded() / 1_000_000 }
            return VariantScores(similarity: unit(s / ((wc + wv) / 2)), coverage: unit(m / wc), containment: unit(m / wv))
        }

        /// Passages outside every quote that reprint `canonical` (whose statement is
        /// `statement`) without marks, for cluster `cluster`.
        func reprints(of canonical: Item, statement: String, cluster: Int, marked: [Int: [Range<Int>]]) throws(MatchIndexError) -> [Reprint] {
            var out: [Reprint] = []
            var passageTerms = TermSequence()
            let canonicalBytes = try index.textBytes(canonical.document)
            for match in try finder.find(statement) {
                let d = match.document, r = match.range
                if d == canonical.document && r.overlaps(canonical.quote.markedRange) { continue }
                if let quotes = marked[d], quotes.contains(where: { $0.overlaps(r) }) { continue }
                try index.terms(of: d, into: &passageTerms)
                let shape = Quote(segments: [r], markedRange: r, kind: .sentence, paragraph: -1, paragraphRange: r,
                                  sentence: -1, sentenceRange: r, wordCount: 0)
                guard let passage = item(document: d, quote: shape, sub: passageTerms.restricted(to: [r])) else { continue }
                let scores = self.scores(passage, against: canonical)
                guard scores.coverage >= options.unmarkedMinCoverage, scores.similarity >= options.unmarkedMinSimilarity else { continue }
                // The canonical wording's tokens against the passage's, for the report.
                var tokens: [AlignedToken] = []
                if let a = align(canonical, passage) {
                    let bytes = try index.textBytes(d)
                    for step in a.steps {
                        let q: String? = step.query >= 0
                            ? Scalars.string(canonicalBytes, Int(canonical.starts[Int(step.query)])..<Int(canonical.ends[Int(step.query)])) : nil
                        var range: Range<Int>? = nil
                        var text: String? = nil
                        if step.target >= 0 {
                            let k = Int(step.target)
                            let r = Int(passage.starts[k])..<Int(passage.ends[k])
                            range = r
                            text = Scalars.string(bytes, r)
                        }
                        tokens.append(AlignedToken(step: step.step, query: q, range: range, text: text))
                    }
                }
                out.append(Reprint(cluster: cluster, document: d, range: r, scores: scores, alignment: tokens))
            }
            return out
        }
    }

    /// The quotes of every document, attributed, as clusters.
    public func cluster(progress: ((Int) -> Void)? = nil) throws(MatchIndexError) -> [QuoteCluster] {
        let threads = max(1, options.threads)
        let workers = (0..<threads).map { _ in Worker(index: index, options: options) }
        var gathered: [Item] = []
        var marked: [Int: [Range<Int>]] = [:]
        var directory = SpeakerDirectory()
        // Quotes of each document, read in parallel a batch at a time, kept in document order.
        let batchSize = 1024 * threads
        var done = 0
        while done < index.documentCount {
            let first = done, count = min(batchSize, index.documentCount - done)
            let perDocument = try Parallel.map(count: count, threads: threads, chunk: 16) { k, worker throws(MatchIndexError) in
                try workers[worker].items(of: first + k)
            }
            for (k, list) in perDocument.enumerated() {
                if options.findUnmarked && !list.marked.isEmpty { marked[first + k] = list.marked }
                for item in list.items {
                    if let a = item.quote.attribution { directory.add(a.speaker, organisation: a.kind != .person) }
                    gathered.append(item)
                }
            }
            done += count
            if let progress { progress(done) }
        }
        directory.build()
        for k in gathered.indices { if let s = gathered[k].speaker { gathered[k].speaker = directory.canonicalKey(s) } }
        try splitAtOtherSpeakers(&gathered, directory: &directory, worker: workers[0])
        Self.linkSpokespeople(&gathered)
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
            guard let list = postings[key], list.count > 1, list.count <= options.maxKeyQuotes else { continue }
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
            let (s, passage) = workers[worker].alignmentSimilarities(items[a], items[b])
            if let sa = items[a].speaker, sa == items[b].speaker || items[a].spokesperson == items[b].speaker && items[b].speaker != nil || items[b].spokesperson == sa {
                // One speaker: the wordings align, share their content, or share a passage nearly verbatim.
                let shared = passage >= options.minPassageSimilarity ? passage : 0
                return (s, max(s, Self.bagSimilarity(items[a], items[b]), shared))
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
            let s = alignSim[p] ?? 0, ss = sameSim[p] ?? -1
            neighbours[a, default: []].append((b, s, ss))
            neighbours[b, default: []].append((a, s, ss))
        }
        let anchored = Set(items.indices.filter { items[$0].core && items[$0].speaker != nil })
        // An unattributed quote takes another document's speaker only when its own document
        // names that speaker: words alone do not make a document quote someone it never mentions.
        var mentions = SpeakerMentions(index: index, items: items)
        var attached = items.indices.map { anchored.contains($0) }
        for k in items.indices where !anchored.contains(k) {
            let item = items[k]
            var best: (root: Int, sim: Double)? = nil
            // Unattributed: per speaker, the documents whose anchored quotes align well enough,
            // and the best alignment.
            var support: [String: (documents: Set<Int>, best: Double, root: Int)] = [:]
            for (other, s, ss) in neighbours[k] ?? [] where anchored.contains(other) {
                guard let otherSpeaker = items[other].speaker else { continue }
                if let sp = item.speaker {
                    guard otherSpeaker == sp || (item.spokesperson != nil && item.spokesperson == otherSpeaker),
                          max(s, ss) >= options.attachSimilarity else { continue }
                    let sim = max(s, ss)
                    let root = find(other)
                    if let b = best, !(sim > b.sim || (sim == b.sim && root < b.root)) { continue }
                    best = (root, sim)
                } else {
                    // A statement its document names the speaker of is held to the rule for two
                    // quotes of one speaker (alignment or shared content); a fragment to alignment.
                    let sim = item.core ? max(s, Self.bagSimilarity(item, items[other])) : s
                    guard sim >= (item.core ? options.minSimilarity : options.attachSimilarity),
                          try mentions.names(otherSpeaker, in: item.document, directory: &directory) else { continue }
                    let root = find(other)
                    var entry = support[otherSpeaker] ?? ([], 0, root)
                    entry.documents.insert(items[other].document)
                    if sim > entry.best || (sim == entry.best && root < entry.root) { entry.best = sim; entry.root = root }
                    support[otherSpeaker] = entry
                }
            }
            if item.speaker == nil {
                // The one speaker the words align with; or, when several outlets name different
                // speakers, the one most documents agree on, if it also aligns best.
                let ranked = support.sorted { a, b in
                    if a.value.documents.count != b.value.documents.count { return a.value.documents.count > b.value.documents.count }
                    if a.value.best != b.value.best { return a.value.best > b.value.best }
                    return a.key < b.key
                }
                if let top = ranked.first {
                    // When outlets disagree and none prevails, the quote stays unattributed.
                    let prevails = ranked.count == 1
                        || (top.value.documents.count > ranked[1].value.documents.count && top.value.best >= ranked[1].value.best)
                    if prevails { best = (top.value.root, top.value.best) }
                }
            }
            if let best {
                union(k, best.root)
                attached[k] = true
            }
        }
        // A short quote still alone joins, by the same rule, its speaker's cluster through a
        // quote that joined it unattributed ("disrespectful to this country." through an
        // outlet's unattributed full sentence).
        var rootSpeaker: [Int: String] = [:]
        for k in anchored { if let s = items[k].speaker { rootSpeaker[find(k)] = s } }
        for k in items.indices where !attached[k] {
            guard let sp = items[k].speaker else { continue }
            var best: (root: Int, sim: Double)? = nil
            for (other, s, _) in neighbours[k] ?? [] where attached[other] && !anchored.contains(other) && items[other].speaker == nil {
                let root = find(other)
                guard rootSpeaker[root] == sp || (items[k].spokesperson != nil && rootSpeaker[root] == items[k].spokesperson),
                      s >= options.attachSimilarity else { continue }
                if let b = best, !(s > b.sim || (s == b.sim && root < b.root)) { continue }
                best = (root, s)
            }
            if let best {
                union(k, best.root)
                attached[k] = true
            }
        }
        // What is left clusters with its own kind: same speaker, or both unattributed.
        for p in pairs {
            let a = Int(p >> 32), b = Int(p & 0xFFFF_FFFF)
            guard !attached[a], !attached[b], items[a].speaker == items[b].speaker else { continue }
            let s = items[a].speaker == nil ? (alignSim[p] ?? 0) : (sameSim[p] ?? 0)
            if s >= options.attachSimilarity { union(a, b) }
        }

        // Assemble clusters.
        var members: [Int: [Int]] = [:]
        for k in items.indices { members[find(k), default: []].append(k) }
        // Unattributed scare quotes are reported only inside an attributed cluster.
        for (root, ms) in members where ms.allSatisfy({ items[$0].optional }) { members[root] = nil }
        var roots = members.keys.sorted()
        roots.sort { ra, rb in
            let ma = members[ra]?.count ?? 0, mb = members[rb]?.count ?? 0
            if ma != mb { return ma > mb }
            return ra < rb
        }
        var clusterOf = [Int](repeating: -1, count: items.count)   // -1: a dropped scare quote
        var clusterSpeaker: [String?] = []
        var memberLists: [[Int]] = []
        for (c, r) in roots.enumerated() {
            let ms = (members[r] ?? []).sorted {
                (items[$0].document, items[$0].quote.range.lowerBound) < (items[$1].document, items[$1].quote.range.lowerBound)
            }
            for k in ms { clusterOf[k] = c }
            // An organisation's statement joined to its spokesperson's cluster does not name it.
            clusterSpeaker.append(ms.filter { items[$0].spokesperson == nil }.compactMap { items[$0].speaker }.first
                                  ?? ms.compactMap { items[$0].speaker }.first)
            memberLists.append(ms)
        }
        func sim(_ a: Int, _ b: Int) -> Double {
            if a == b { return 1 }
            let key = Int64(min(a, b)) << 32 | Int64(max(a, b))
            return max(alignSim[key] ?? 0, sameSim[key] ?? 0)
        }
        // Canonical: the core variant most similar to all others (then the longest, then the first).
        let canonicals: [Int] = memberLists.map { ms in
            let cores = ms.filter { items[$0].core }
            let pool = cores.isEmpty ? ms : cores
            return pool.max { a, b in
                let sa = ms.reduce(0) { $0 + sim(a, $1) }, sb = ms.reduce(0) { $0 + sim(b, $1) }
                if sa != sb { return sa < sb }
                if items[a].total != items[b].total { return items[a].total < items[b].total }
                return a > b
            } ?? ms[0]
        }

        // Unmarked reprints of each attributed statement, then one cluster per passage.
        var reprints: [[Reprint]] = Array(repeating: [], count: memberLists.count)
        if options.findUnmarked {
            let eligible = memberLists.indices.filter { c in
                let item = items[canonicals[c]]
                return clusterSpeaker[c] != nil && item.core && item.contentWords >= options.unmarkedMinContentWords
            }
            let found = try Parallel.map(count: eligible.count, threads: threads, chunk: 8) { k, worker throws(MatchIndexError) -> [Reprint] in
                let c = eligible[k]
                let item = items[canonicals[c]]
                let bytes = try index.textBytes(item.document)
                let statement = item.quote.segments.map { Scalars.string(bytes, $0) }.joined(separator: " ")
                return try workers[worker].reprints(of: item, statement: statement, cluster: c, marked: marked)
            }.flatMap { $0 }
            // A passage claimed by two statements goes to the more similar one (then the first cluster).
            var kept: [Reprint] = []
            for r in found.sorted(by: { a, b in
                if a.scores.similarity != b.scores.similarity { return a.scores.similarity > b.scores.similarity }
                return (a.cluster, a.document, a.range.lowerBound) < (b.cluster, b.document, b.range.lowerBound)
            }) where !kept.contains(where: { $0.document == r.document && $0.range.overlaps(r.range) }) {
                kept.append(r)
            }
            for r in kept { reprints[r.cluster].append(r) }
        }

        // Scores against the canonical variant, per cluster in parallel.
        let scored = Parallel.map(count: memberLists.count, threads: threads, chunk: 16) { c, worker -> [VariantScores] in
            let canonical = items[canonicals[c]]
            return memberLists[c].map { k in k == canonicals[c] ? .identical : workers[worker].scores(items[k], against: canonical) }
        }

        var result: [QuoteCluster] = []
        let displayNames = directory.displayNames()
        for (c, ms) in memberLists.enumerated() {
            let speakerKey = clusterSpeaker[c]
            func basis(_ item: Item) -> SpeakerBasis {
                if item.quote.attribution != nil {
                    // An organisation's words in the cluster of the person who speaks for it.
                    return item.spokesperson != nil && item.speaker != speakerKey ? .organisation : .attributed
                }
                return speakerKey == nil ? .none : .inferred
            }
            func variant(document: Int, form: VariantForm, quote: Quote, basis: SpeakerBasis, scores: VariantScores,
                         alignment: [AlignedToken]?) throws(MatchIndexError) -> QuoteVariant {
                let doc = try index.document(document)
                let bytes = try index.textBytes(document)
                return QuoteVariant(
                    document: document, documentID: doc.id, form: form, quote: quote, speakerBasis: basis,
                    text: Scalars.string(bytes, quote.range),
                    statement: quote.segments.map { Scalars.string(bytes, $0) }.joined(separator: " "),
                    scores: scores, alignment: alignment, source: doc.source, date: doc.date, url: doc.url, title: doc.title,
                    outlet: Outlet(source: doc.source, url: doc.url, documentID: doc.id))
            }
            var variants: [(key: (Int, Int), variant: QuoteVariant, canonical: Bool)] = []
            for (k, member) in ms.enumerated() {
                let item = items[member]
                variants.append(((item.document, item.quote.range.lowerBound),
                                 try variant(document: item.document, form: .quoted, quote: item.quote, basis: basis(item),
                                         scores: scored[c][k], alignment: nil), member == canonicals[c]))
            }
            for r in reprints[c] {
                let shape = Quote(segments: [r.range], markedRange: r.range, kind: .sentence, paragraph: -1, paragraphRange: r.range,
                                  sentence: -1, sentenceRange: r.range, wordCount: 0)
                variants.append(((r.document, r.range.lowerBound),
                                 try variant(document: r.document, form: .unmarked, quote: shape, basis: .inferred,
                                         scores: r.scores, alignment: r.alignment), false))
            }
            variants.sort { $0.key < $1.key }
            let list = variants.map(\.variant)
            let outlets = Set(list.map(\.outlet)).sorted()
            let dated = list.indices.compactMap { k in list[k].date.map { (key: TextMetadata.isoDate($0) ?? $0, k: k) } }
            let first = dated.min { ($0.key, list[$0.k].document) < ($1.key, list[$1.k].document) }?.k
            // Links to clusters of other speakers.
            var linkBest: [Int: Double] = [:]
            for k in ms {
                for (other, s, _) in neighbours[k] ?? [] where s >= options.linkSimilarity {
                    let o = clusterOf[other]
                    guard o >= 0, o != c, clusterSpeaker[o] != speakerKey else { continue }
                    linkBest[o] = max(linkBest[o] ?? 0, s)
                }
            }
            let links = linkBest.keys.sorted().map { ClusterLink(cluster: $0, similarity: linkBest[$0] ?? 0) }
            result.append(QuoteCluster(
                speaker: speakerKey.map { displayNames[$0] ?? $0 }, speakerKey: speakerKey,
                canonical: variants.firstIndex { $0.canonical } ?? 0, variants: list, outlets: outlets,
                firstAppearance: first, links: links))
        }
        if options.paraphraseLinks { try addParaphraseLinks(&result, memberLists: memberLists, items: items, speakers: clusterSpeaker) }
        return result
    }

    /// Links clusters of one speaker, in disjoint documents, that share at least
    /// ``ClusterOptions/paraphraseMinShared`` distinctive terms (numbers, names) besides the speaker's name.
    private func addParaphraseLinks(_ result: inout [QuoteCluster], memberLists: [[Int]], items: [Item], speakers: [String?]) throws(MatchIndexError) {
        let tokenizer = TermTokenizer(options: index.termOptions)
        var bySpeaker: [String: [Int]] = [:]
        for c in memberLists.indices { if let s = speakers[c] { bySpeaker[s, default: []].append(c) } }
        for key in bySpeaker.keys.sorted() {
            guard let clusters = bySpeaker[key], clusters.count > 1, clusters.count <= 500 else { continue }
            let nameTerms = Set(tokenizer.terms(of: result[clusters[0]].speaker ?? key).terms)
            // Per cluster: distinctive term -> (weight, first spelling), and its documents.
            var distinctive: [Int: [UInt64: (weight: Float, text: String)]] = [:]
            var documents: [Int: Set<Int>] = [:]
            for c in clusters {
                var terms: [UInt64: (weight: Float, text: String)] = [:]
                for k in memberLists[c] {
                    let item = items[k]
                    let bytes = try index.textBytes(item.document)
                    for i in 0..<item.terms.count where !item.isStop[i] && !nameTerms.contains(item.terms[i]) {
                        let t = item.terms[i]
                        guard terms[t] == nil else { continue }
                        let r = Int(item.starts[i])..<Int(item.ends[i])
                        guard r.lowerBound < bytes.count else { continue }
                        let first = bytes[r.lowerBound]
                        let isNumber = first >= 0x30 && first <= 0x39
                        // A name: capitalised, not the statement's first word, and rare.
                        let isName = i > 0 && first >= 0x41 && first <= 0x5A && item.weights[i] >= options.paraphraseRareWeight
                        guard isNumber || isName else { continue }
                        terms[t] = (item.weights[i], Scalars.string(bytes, r))
                    }
                }
                distinctive[c] = terms
                documents[c] = Set(memberLists[c].map { items[$0].document })
            }
            for (x, a) in clusters.enumerated() {
                for b in clusters[(x + 1)...] {
                    guard let da = distinctive[a], let db = distinctive[b], let docsA = documents[a], let docsB = documents[b],
                          docsA.isDisjoint(with: docsB) else { continue }
                    let shared = da.keys.filter { db[$0] != nil }
                    guard shared.count >= options.paraphraseMinShared else { continue }
                    let weight = shared.reduce(Float(0)) { $0 + (da[$1]?.weight ?? 0) }
                    let lighter = min(da.values.reduce(Float(0)) { $0 + $1.weight }, db.values.reduce(Float(0)) { $0 + $1.weight })
                    let similarity = lighter > 0 ? min(1, Double(weight / lighter)) : 0
                    let words = shared.compactMap { da[$0]?.text }.sorted()
                    result[a].links.append(ClusterLink(cluster: b, similarity: similarity, kind: .paraphrase, shared: words))
                    result[b].links.append(ClusterLink(cluster: a, similarity: similarity, kind: .paraphrase, shared: words))
                }
            }
        }
        for c in result.indices { result[c].links.sort { ($0.kind.rawValue, $0.cluster) < ($1.kind.rawValue, $1.cluster) } }
    }

    /// A split quote whose cue lies outside it and whose gap names another speaker of the corpus
    /// ("a “propaganda tour,” prompting Trump to warn, “Don’t tell us…”") is two statements: the
    /// pieces before that gap keep the attribution, the rest is an unattributed quote of its own
    /// (it may join a cluster like any unattributed quote).
    private func splitAtOtherSpeakers(_ items: inout [Item], directory: inout SpeakerDirectory, worker: Worker) throws(MatchIndexError) {
        // Each speaker's spellings as name parts, found through any of their parts.
        var spellings: [(speaker: String, parts: Set<String>)] = []
        var byPart: [String: [Int]] = [:]
        var speakers = Set<String>()
        for item in items { if let s = item.speaker { speakers.insert(s) } }
        let all = directory.allSpellings()
        for speaker in speakers.sorted() {
            for spelling in all[speaker] ?? [] {
                let parts = Set(SpeakerIdentity.nameParts(spelling))
                guard !parts.isEmpty else { continue }
                for p in parts { byPart[p, default: []].append(spellings.count) }
                spellings.append((speaker, parts))
            }
        }
        var out: [Item] = []
        out.reserveCapacity(items.count)
        var terms = TermSequence()
        for item in items {
            let q = item.quote
            guard q.isSplit, let a = q.attribution, let speaker = item.speaker,
                  !q.range.contains(a.cue.lowerBound) else { out.append(item); continue }
            let bytes = try index.textBytes(item.document)
            let cut = q.gaps.firstIndex { gap in
                let words = SpeakerIdentity.accentFolded(Scalars.string(bytes, gap)).lowercased()
                    .split { !($0.isLetter || $0.isNumber) }.map(String.init)
                let have = Set(words)
                return words.contains { w in
                    (byPart[w] ?? []).contains { spellings[$0].speaker != speaker && spellings[$0].parts.isSubset(of: have) }
                }
            }
            guard let cut else { out.append(item); continue }
            try index.terms(of: item.document, into: &terms)
            let pieces = [Array(q.segments[...cut]), Array(q.segments[(cut + 1)...])]
            for (k, segments) in pieces.enumerated() {
                guard let first = segments.first, let last = segments.last else { continue }
                var part = q
                part.segments = segments
                part.markedRange = (k == 0 ? q.markedRange.lowerBound : first.lowerBound)..<(k == 0 ? last.upperBound : q.markedRange.upperBound)
                if k > 0 { part.attribution = nil }
                guard var piece = worker.item(document: item.document, quote: part, sub: terms.restricted(to: segments)) else { continue }
                piece.speaker = k == 0 ? speaker : nil
                piece.optional = item.optional
                out.append(piece)
            }
        }
        items = out
    }

    /// Organisation ↔ spokesperson: where the corpus names a person as an organisation's or a
    /// government's spokesperson ("Kremlin spokesman Dmitry Peskov"), a statement attributed to
    /// that organisation (or the government its seat stands for: the Kremlin for Russia) may
    /// join the person's cluster, keeping its own attribution (kind organisation or place).
    /// Only when exactly one person is named so; otherwise the two stay distinct speakers.
    static func linkSpokespeople(_ items: inout [Item]) {
        var spokespeople: [String: Set<String>] = [:]
        for item in items {
            guard let a = item.quote.attribution, a.kind == .person, a.role == "spokesperson",
                  let affiliation = a.affiliation, let person = item.speaker else { continue }
            spokespeople[SpeakerIdentity.organisationKey(affiliation), default: []].insert(person)
        }
        guard !spokespeople.isEmpty else { return }
        for k in items.indices {
            guard let a = items[k].quote.attribution, a.kind != .person,
                  let people = spokespeople[SpeakerIdentity.organisationKey(a.speaker)], people.count == 1 else { continue }
            items[k].spokesperson = people.first
        }
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

/// Which speakers a document names: those its quotes are attributed to, and those whose full
/// name (every part of a spelling the corpus uses; the one spelling of a speaker never named
/// in full) its text holds as words, case and accents folded.
struct SpeakerMentions {
    let index: MatchIndex
    private var attributed: [Int: Set<String>] = [:]
    /// The words of the last document asked about (quotes are visited in document order).
    private var words: (doc: Int, words: Set<String>) = (-1, [])

    init(index: MatchIndex, items: [QuoteClusterer.Item]) {
        self.index = index
        for item in items { if let s = item.speaker { attributed[item.document, default: []].insert(s) } }
    }

    /// Whether document `doc` names `speaker` (a canonical key of `directory`).
    mutating func names(_ speaker: String, in doc: Int, directory: inout SpeakerDirectory) throws(MatchIndexError) -> Bool {
        if attributed[doc]?.contains(speaker) == true { return true }
        if words.doc != doc {
            let bytes = try index.textBytes(doc)
            let folded = SpeakerIdentity.accentFolded(Scalars.string(bytes, 0..<bytes.count)).lowercased()
            words = (doc, Set(folded.split { !($0.isLetter || $0.isNumber) }.map(String.init)))
        }
        let have = words.words
        return nameParts(of: speaker, directory: &directory).contains { parts in !parts.isEmpty && parts.allSatisfy(have.contains) }
    }

    /// The name parts of each full spelling of `speaker` (its one spelling when never named in full).
    private var partsCache: [String: [[String]]] = [:]
    private var spellings: [String: [String]]? = nil
    private mutating func nameParts(of speaker: String, directory: inout SpeakerDirectory) -> [[String]] {
        if let cached = partsCache[speaker] { return cached }
        if self.spellings == nil { self.spellings = directory.allSpellings() }
        let spellings = self.spellings?[speaker] ?? []
        let full = spellings.filter { SpeakerIdentity.nameParts($0).count > 1 }
        let parts = (full.isEmpty ? spellings : full).map { spelling in
            SpeakerIdentity.nameParts(spelling).flatMap { $0.split { !($0.isLetter || $0.isNumber) }.map(String.init) }
        }
        partsCache[speaker] = parts
        return parts
    }
}

/// Compares two wordings the way ``QuoteClusterer`` scores a variant against its cluster's
/// canonical wording (``VariantScores``), with the term weights of an index. Not thread-safe.
public final class WordingComparer {
    private let worker: QuoteClusterer.Worker
    private let tokenizer: TermTokenizer

    /// A comparer using `index`'s terms and document frequencies.
    public init(index: MatchIndex, options: ClusterOptions = ClusterOptions()) {
        worker = QuoteClusterer.Worker(index: index, options: options)
        tokenizer = TermTokenizer(options: index.termOptions)
    }

    /// `variant` against `canonical`.
    public func scores(of variant: String, against canonical: String) -> VariantScores {
        guard let v = item(variant), let c = item(canonical) else { return VariantScores(similarity: 0, coverage: 0, containment: 0) }
        return worker.scores(v, against: c)
    }

    private func item(_ text: String) -> QuoteClusterer.Item? {
        let terms = tokenizer.terms(of: text)
        let r = 0..<text.utf8.count
        let shape = Quote(segments: [r], markedRange: r, kind: .sentence, paragraph: 0, paragraphRange: r,
                          sentence: 0, sentenceRange: r, wordCount: terms.count)
        return worker.item(document: 0, quote: shape, sub: terms)
    }
}
