import Dispatch
import Foundation
import RefrainCorpus
import RefrainParallel
import RefrainSketch

/// Where a dedupe run is, for progress lines.
public struct DedupeProgress: Sendable, Hashable {
    /// The stage running: `boilerplate` and `frames` (with boilerplate detection), `signatures`,
    /// `candidates`, `verify`, `clusters`.
    public var stage: String
    /// Documents read so far in this stage (0 for stages that do not read).
    public var documents: Int
    /// Text bytes read so far in this stage.
    public var bytes: Int

    /// Creates a progress value.
    public init(stage: String, documents: Int = 0, bytes: Int = 0) {
        self.stage = stage
        self.documents = documents
        self.bytes = bytes
    }
}

/// Runs the dedupe stages in memory, in order:
///
/// 0. ``BoilerplateStage`` (with ``DedupeOptions/boilerplate``): one pass counting lines, one
///    finding each document's own content and frame;
/// 1. ``SignatureStage``: documents → units, signatures, shingles (spilled past a memory budget);
/// 2. exact-duplicate grouping by content hash (only one unit per group goes on), then
///    ``BandingStage`` (and ``ContainmentStage`` when containment is on) → candidate pairs;
/// 3. ``VerifyStage`` → verified pairs;
/// 4. ``ClusterStage`` → clusters with representatives;
/// 5. the ``DedupeResult``: clusters, pairs expanded over identical units, counts.
///
/// With a work directory, each stage's output is also written there (see ``WorkDirectory``), and a
/// later run with the same inputs and options resumes after the last complete stage.
///
/// Sharded: ``runSignatures(open:)`` runs stages 0–1 on one shard of a corpus into a work
/// directory; ``run(shards:)`` merges such directories in corpus order and runs the rest, with the
/// result of a single run over the shards' inputs in that order. Stages 2 and 3 also split into
/// parts (``StagePart``), each run on its own: ``runCandidates(shards:part:)`` by bands,
/// ``runPairs(shards:candidates:part:)`` by slices of the candidates, and
/// ``run(shards:pairs:)`` clusters the verified parts into the same result.
/// Results are identical for any thread count.
public struct DedupeEngine: Sendable {
    /// The options.
    public let options: DedupeOptions
    /// Where stage files go, if anywhere.
    public let workDirectory: String?
    /// Identifies the inputs (e.g. paths, sizes and modification times), for resuming.
    public let inputFingerprint: String
    /// Called on the calling thread between batches and stages.
    public let progress: (@Sendable (DedupeProgress) -> Void)?

    /// An engine.
    public init(options: DedupeOptions, workDirectory: String? = nil, inputFingerprint: String = "",
                progress: (@Sendable (DedupeProgress) -> Void)? = nil) {
        self.options = options
        self.workDirectory = workDirectory
        self.inputFingerprint = inputFingerprint
        self.progress = progress
    }

    /// The LSH parameters the options lead to.
    public var lshParameters: LSHParameters {
        if let b = options.bands, let r = options.rows { return LSHParameters(bands: b, rows: r, threshold: options.threshold) }
        return LSHParameters.optimal(threshold: options.threshold, permutations: options.permutations,
                                     falsePositiveWeight: options.falsePositiveWeight, falseNegativeWeight: options.falseNegativeWeight)
    }

    /// Dedupes documents in memory.
    public func run(documents: [Document]) throws -> DedupeResult {
        try run { DocumentArraySource(documents) }
    }

    /// Dedupes the documents of the sources `open` returns (called once per pass).
    public func run(open: () throws -> any DocumentBatchSource) throws -> DedupeResult {
        try options.validate()
        let lsh = lshParameters
        let work = try openWorkDirectory(lsh: lsh)
        let (signatures, boilerplate) = try signatureStage(open: open, work: work)
        return try finish(signatures: signatures, boilerplate: boilerplate, lsh: lsh, work: work)
    }

    /// Runs only the signature stage of a shard of the corpus, into the work directory (which
    /// is required): the part of a sharded run each machine does. ``run(shards:)`` then merges
    /// the shards and runs the remaining stages.
    public func runSignatures(open: () throws -> any DocumentBatchSource) throws {
        try options.validate()
        guard options.boilerplate == false else {
            throw DedupeError.invalidOption("boilerplate detection counts lines across the whole corpus; it cannot run shard by shard")
        }
        guard let work = try openWorkDirectory(lsh: lshParameters) else {
            throw DedupeError.invalidOption("a shard's signature stage needs a work directory to write to")
        }
        _ = try signatureStage(open: open, work: work)
    }

    /// Merges the signature stages of shards (work directories written by ``runSignatures(open:)``
    /// with the same options, in corpus order) and runs the remaining stages: the result is the
    /// one a single run over the shards' inputs, in that order, gives.
    public func run(shards: [String]) throws -> DedupeResult {
        try options.validate()
        return try finish(signatures: try loadShards(shards), boilerplate: nil, lsh: lshParameters, work: nil)
    }

    private func openWorkDirectory(lsh: LSHParameters) throws(DedupeError) -> WorkDirectory? {
        try workDirectory.map { dir throws(DedupeError) in
            try WorkDirectory(path: dir, options: options, lsh: lsh, inputFingerprint: inputFingerprint)
        }
    }

    /// Stage 0 and 1: boilerplate and signatures (or what a previous run left).
    private func signatureStage(open: () throws -> any DocumentBatchSource, work: WorkDirectory?) throws
        -> (SignatureTables, BoilerplateSet?) {
        let threads = options.resolvedThreads
        if let work, let loaded = try work.loadSignatures() {
            return (loaded.tables, loaded.boilerplate)
        }
        var boilerplate: BoilerplateSet? = nil
        if options.boilerplate {
            boilerplate = try detectBoilerplate(open: open, threads: threads)
        }
        let signatures = try computeSignatures(open: open, boilerplate: boilerplate, threads: threads, work: work)
        // (Written as a method call: swiftc 6.3.1 -O crashed on the equivalent inline code.)
        boilerplate = boilerplate.map { signatures.withLines($0) }
        try work?.saveSignatures(signatures, boilerplate: boilerplate)
        return (signatures, boilerplate)
    }

    /// Stages 2 to 5, from the signature stage's output.
    private func finish(signatures: SignatureTables, boilerplate: BoilerplateSet?, lsh: LSHParameters,
                        work: WorkDirectory?) throws -> DedupeResult {
        let prepared = prepare(signatures, boilerplate: boilerplate)
        var counts = DedupeCounts()
        let candidates: CandidatePairs
        if let work, let loaded = try work.loadCandidates(units: signatures.units.count) {
            candidates = loaded.pairs
            counts.lshCandidates = loaded.lsh
            counts.containmentCandidates = loaded.containment
            counts.largeBuckets = loaded.largeBuckets
        } else {
            let found = candidateStage(prepared, lsh: lsh, part: .whole)
            candidates = found.all
            found.count(into: &counts)
            try work?.saveCandidates(candidates, lsh: counts.lshCandidates, containment: counts.containmentCandidates,
                                     largeBuckets: counts.largeBuckets)
        }
        counts.candidates = candidates.count
        let verified: [VerifiedPair]
        if let work, let loaded = try work.loadVerified(units: signatures.units.count) {
            verified = loaded
        } else {
            verified = verifyStage(prepared, candidates: candidates)
            try work?.saveVerified(verified)
        }
        counts.verifiedPairs = verified.count
        return try complete(prepared, verified: verified, counts: counts, lsh: lsh, work: work)
    }

    // MARK: - Partitioned stages of a sharded run

    /// Stage 2, part `part`, of a sharded run: merges the signature stages of `shards` (as
    /// ``run(shards:)`` does) and writes the candidates of the bands (and containment probes) the
    /// part owns to the work directory (required). ``runPairs(shards:candidates:part:)`` takes
    /// every part's directory.
    public func runCandidates(shards: [String], part: StagePart) throws {
        let (prepared, work, shardsFingerprint) = try prepareParts(shards: shards, holdingSets: true)
        let lsh = lshParameters
        let found = candidateStage(prepared, lsh: lsh, part: part)
        try work.saveCandidatePart(found, part: part,
                                   fingerprint: WorkDirectory.partFingerprint(.candidates, shards: shardsFingerprint, options: options, lsh: lsh))
    }

    /// Stage 3, part `part`, of a sharded run: the union of the candidate parts in `candidates`
    /// (all parts of one split, from ``runCandidates(shards:part:)`` over the same shards and
    /// options), of which it verifies the part's slice into the work directory (required).
    public func runPairs(shards: [String], candidates: [String], part: StagePart) throws {
        let (prepared, work, shardsFingerprint) = try prepareParts(shards: shards, holdingSets: false)
        let lsh = lshParameters
        let found = try WorkDirectory.loadCandidateParts(
            candidates, fingerprint: WorkDirectory.partFingerprint(.candidates, shards: shardsFingerprint, options: options, lsh: lsh),
            units: prepared.signatures.units.count)
        let all = found.all
        var counts = DedupeCounts()
        found.count(into: &counts)
        counts.candidates = all.count
        let slice = CandidatePairs(unsorted: ContiguousArray(all.packed[part.slice(of: all.count)]))
        let verified = verifyStage(prepared, candidates: slice)
        try work.savePairPart(verified, counts: counts, part: part,
                              fingerprint: WorkDirectory.partFingerprint(.pairs, shards: shardsFingerprint, options: options, lsh: lsh))
    }

    /// Stages 4 and 5 of a sharded run: merges the signature stages of `shards` and the verified
    /// pair parts in `pairs` (all parts of one split, from ``runPairs(shards:candidates:part:)``),
    /// and clusters them: the result a single run over the shards' inputs gives.
    public func run(shards: [String], pairs: [String]) throws -> DedupeResult {
        try options.validate()
        let tables = try loadShards(shards)
        let lsh = lshParameters
        let shardsFingerprint = try WorkDirectory.shardsFingerprint(shards)
        let (verified, counts) = try WorkDirectory.loadPairParts(
            pairs, fingerprint: WorkDirectory.partFingerprint(.pairs, shards: shardsFingerprint, options: options, lsh: lsh),
            units: tables.units.count)
        var all = counts
        all.verifiedPairs = verified.count
        return try complete(prepare(tables, boilerplate: nil, holdingSets: false), verified: verified, counts: all, lsh: lsh, work: nil)
    }

    private func loadShards(_ shards: [String]) throws -> SignatureTables {
        guard !shards.isEmpty else { throw DedupeError.invalidOption("no shards to merge") }
        guard options.boilerplate == false else {
            throw DedupeError.invalidOption("boilerplate detection counts lines across the whole corpus; it cannot run shard by shard")
        }
        var tables: [SignatureTables] = []
        for shard in shards { tables.append(try WorkDirectory.loadShard(path: shard, options: options)) }
        return SignatureTables.concatenating(tables)
    }

    private func prepareParts(shards: [String], holdingSets: Bool) throws -> (Prepared, WorkDirectory, String) {
        try options.validate()
        let tables = try loadShards(shards)
        guard let work = try openWorkDirectory(lsh: lshParameters) else {
            throw DedupeError.invalidOption("a part of a sharded stage needs a work directory to write to")
        }
        return (prepare(tables, boilerplate: nil, holdingSets: holdingSets), work, try WorkDirectory.shardsFingerprint(shards))
    }

    // MARK: - Stages 2 to 5

    /// What stages 2 to 5 share: the signature stage's output, its exact-duplicate groups, and the
    /// shingle sets of every group leader when containment needs them all at once (its prefix
    /// index); verification and clustering read the others from the store as they go.
    struct Prepared {
        let signatures: SignatureTables
        let boilerplate: BoilerplateSet?
        let groups: ExactGroups
        let sets: [Int: ContiguousArray<UInt32>]

        /// The sorted shingle set of a unit: held, or read from the store.
        func set(_ unit: Int) -> ContiguousArray<UInt32> { sets[unit] ?? signatures.store.shingleSet(unit) }
    }

    /// `holdingSets`: load the sets containment needs (the candidate stage does; a single run
    /// keeps them for the later stages too).
    func prepare(_ signatures: SignatureTables, boilerplate: BoilerplateSet?, holdingSets: Bool = true) -> Prepared {
        progress?(DedupeProgress(stage: "candidates"))
        let groups = exactGroups(signatures.units)
        let sets = holdingSets && options.containmentEnabled
            ? loadSets(groups.leaders, store: signatures.store, threads: options.resolvedThreads) : [:]
        return Prepared(signatures: signatures, boilerplate: boilerplate, groups: groups, sets: sets)
    }

    /// Stage 2's output, for all bands or a part of them.
    struct FoundCandidates {
        var lsh: CandidatePairs
        var containment: CandidatePairs
        var largeBuckets: Int

        /// Every candidate.
        var all: CandidatePairs { containment.isEmpty ? lsh : CandidatePairs.union([lsh, containment]) }

        /// The parts of one split, as the whole stage's output.
        static func merging(_ parts: [FoundCandidates]) -> FoundCandidates {
            FoundCandidates(lsh: CandidatePairs.union(parts.map(\.lsh)), containment: CandidatePairs.union(parts.map(\.containment)),
                            largeBuckets: parts.reduce(0) { $0 + $1.largeBuckets })
        }

        func count(into counts: inout DedupeCounts) {
            counts.lshCandidates = lsh.count
            counts.containmentCandidates = containment.count
            counts.largeBuckets = largeBuckets
        }
    }

    /// Stage 2: candidates among the group leaders, by banding and (when on) containment.
    func candidateStage(_ p: Prepared, lsh: LSHParameters, part: StagePart) -> FoundCandidates {
        let threads = options.resolvedThreads
        let leaders = p.groups.leaders
        let banding = BandingStage(parameters: lsh, permutations: options.permutations, seed: options.seed, maxBucketPairs: options.maxBucketPairs)
            .run(signatures: p.signatures.signatures, units: leaders, threads: threads, part: part)
        var contained = CandidatePairs()
        if options.containmentEnabled {
            contained = ContainmentStage(threshold: options.threshold)
                .run(units: leaders, sets: leaders.map { p.sets[$0] ?? [] }, threads: threads, part: part)
        }
        return FoundCandidates(lsh: banding.candidates, containment: contained, largeBuckets: banding.largeBuckets)
    }

    var similarity: Similarity {
        Similarity(threshold: options.threshold, containment: options.containmentEnabled, minContainmentShingles: options.minContainmentShingles)
    }

    /// Stage 3: the candidates that meet the threshold.
    func verifyStage(_ p: Prepared, candidates: CandidatePairs) -> [VerifiedPair] {
        progress?(DedupeProgress(stage: "verify"))
        let verifier = VerifyStage(rule: similarity, mode: options.verify)
        let threads = options.resolvedThreads
        switch options.verify {
        case .exact:
            return verifier.run(candidates: candidates, threads: threads, set: p.set)
        case .estimate:
            let units = p.signatures.units
            return verifier.runEstimate(candidates: candidates, signatures: p.signatures.signatures, permutations: options.permutations,
                                        sizes: { units[$0].shingles }, threads: threads)
        }
    }

    /// Stages 4 and 5: clusters of the verified pairs, then the result.
    /// `components`, when given, are the clusters (the connected components of the pairs and
    /// identical units, found elsewhere and checked by the caller).
    func complete(_ p: Prepared, verified: [VerifiedPair], counts: DedupeCounts, lsh: LSHParameters,
                  work: WorkDirectory?, components: [[Int]] = []) throws -> DedupeResult {
        let threads = options.resolvedThreads
        let signatures = p.signatures
        let units = signatures.units
        let documents = signatures.documents
        let store = signatures.store
        let groups = p.groups
        let leaderOf = groups.leaderOf
        let k = options.permutations
        let rule = similarity
        var counts = counts
        progress?(DedupeProgress(stage: "clusters"))
        var clusters = ClusterStage(keep: options.keep).run(
            units: units, documents: documents, groups: components.isEmpty ? groups.multiple : components,
            pairs: components.isEmpty ? verified : [], threads: threads
        ) { rep, others in
            let repLeader = Int(leaderOf[rep])
            switch options.verify {
            case .exact:
                let repSet = p.set(repLeader)
                return others.map { member in
                    let leader = Int(leaderOf[member])
                    if leader == repLeader { return (.jaccard, 1) }
                    let s = p.set(leader)
                    let inter = repSet.withUnsafeBufferPointer { x in s.withUnsafeBufferPointer { SortedSets.intersectionCount(x, $0) } }
                    let m = rule.measures(sizeA: repSet.count, sizeB: s.count, intersection: Double(inter))
                    return rule.describe(jaccard: m.jaccard, containment: m.containment, smaller: min(repSet.count, s.count))
                }
            case .estimate:
                return others.map { member in
                    if leaderOf[member] == leaderOf[rep] { return (.jaccard, 1) }
                    let j = signatures.signatures.withUnsafeBufferPointer { all in
                        MinHasher.estimatedJaccard(UnsafeBufferPointer(rebasing: all[(rep * k)..<((rep + 1) * k)]),
                                                   UnsafeBufferPointer(rebasing: all[(member * k)..<((member + 1) * k)]))
                    }
                    let sa = units[rep].shingles, sb = units[member].shingles
                    let m = rule.measures(sizeA: sa, sizeB: sb, intersection: j * Double(sa + sb) / (1 + j))
                    return rule.describe(jaccard: j, containment: m.containment, smaller: min(sa, sb))
                }
            }
        }
        let annotated = Parallel.map(count: clusters.count, threads: threads) { c, _ -> [ClusterMember] in
            clusters[c].members.map { member in
                var member = member
                (member.excerpt, member.text) = store.annotation(member.unit)
                return member
            }
        }
        for c in clusters.indices { clusters[c].members = annotated[c] }
        try work?.saveClusters(clusters)

        // Stage 5: pairs over identical units, counts.
        let pairs = expandPairs(groups: groups, leaderOf: leaderOf, verified: verified, counts: &counts)
        counts.documents = documents.count
        counts.bytes = signatures.bytes
        counts.units = units.count
        for u in units {
            switch u.status {
            case .empty: counts.emptyUnits += 1
            case .short: counts.shortUnits += 1
            case .boilerplate: counts.boilerplateUnits += 1
            case .normal: break
            }
        }
        counts.boilerplateLines = p.boilerplate?.lines.count ?? 0
        counts.exactDuplicateUnits = groups.multiple.reduce(0) { $0 + $1.count - 1 }
        counts.clusters = clusters.count
        counts.clusteredUnits = clusters.reduce(0) { $0 + $1.members.count }
        var result = DedupeResult(options: options, lsh: lsh, documents: documents, units: units, counts: counts,
                                  clusters: clusters, pairs: pairs, boilerplate: p.boilerplate?.lines ?? [])
        result.counts.duplicates = clusters.reduce(0) { n, c in
            n + c.members.count { result.removes($0, representative: c.representative) }
        }
        return result
    }

    // MARK: - Stages

    /// The sorted shingle sets of `units`, loaded in parallel.
    func loadSets(_ units: [Int], store: ShingleStore, threads: Int) -> [Int: ContiguousArray<UInt32>] {
        let loaded = Parallel.map(count: units.count, threads: threads) { i, _ in store.shingleSet(units[i]) }
        var sets: [Int: ContiguousArray<UInt32>] = [:]
        sets.reserveCapacity(units.count)
        for (i, u) in units.enumerated() { sets[u] = loaded[i] }
        return sets
    }

    func detectBoilerplate(open: () throws -> any DocumentBatchSource, threads: Int) throws -> BoilerplateSet {
        var stage = BoilerplateStage(options: options, threads: threads)
        try forEachBatch(open: open, stage: "boilerplate", threads: threads) { stage.count($0) }
        try forEachBatch(open: open, stage: "frames", threads: threads) { stage.frame($0) }
        return stage.finish()
    }

    func computeSignatures(open: () throws -> any DocumentBatchSource, boilerplate: BoilerplateSet?, threads: Int,
                           work: WorkDirectory?) throws -> SignatureTables {
        let store = ShingleStore(memoryBudget: options.shingleMemoryBudget, directory: work?.path)
        let stage = SignatureStage(options: options, boilerplate: boilerplate)
        let workers = SignatureWorkers(count: threads, options: options)
        // Appending a batch's output (and spilling shingles) is serial; it runs on its own queue
        // while the workers compute the next batch. At most one append is pending.
        // Only exact verification and containment read shingle sets back.
        let keepSets = options.verify == .exact || options.containmentEnabled
        let sink = SignatureSink(tables: SignatureTables(store: store, keepsFingerprints: keepSets))
        let appender = DispatchQueue(label: "refrain.dedupe.signatures")
        var documents = 0
        try forEachBatch(open: open, stage: "signatures", threads: threads) { batch in
            let pieces = stage.runChunks(batch, firstDocument: documents, workers: workers)
            documents += batch.count
            try appender.sync { () throws in try sink.check() }
            appender.async { sink.append(pieces) }
        }
        try appender.sync { () throws in try sink.check() }
        if work != nil { try store.flush() }
        return sink.tables
    }

    func forEachBatch(open: () throws -> any DocumentBatchSource, stage: String, threads: Int,
                      _ body: ([Document]) throws -> Void) throws {
        var documents = 0
        var bytes = 0
        progress?(DedupeProgress(stage: stage))
        func handle(_ batch: [Document]) throws {
            try body(batch)
            documents += batch.count
            for d in batch { bytes += d.text.utf8.count }
            progress?(DedupeProgress(stage: stage, documents: documents, bytes: bytes))
        }
        if threads > 1 {
            let prefetcher = Prefetcher(source: try open())
            defer { prefetcher.cancel() }
            while true {
                let batch = try prefetcher.next()
                if batch.isEmpty { break }
                try handle(batch)
            }
        } else {
            var source = try open()
            while true {
                let batch = try source.nextBatch()
                if batch.isEmpty { break }
                try handle(batch)
            }
        }
    }

    /// Units grouped by identical content (same normalized token sequence).
    struct ExactGroups {
        /// For each unit, the first unit of its group (itself for singletons); -1 if not matchable.
        var leaderOf: [Int32]
        /// Matchable units that lead their group, ascending.
        var leaders: [Int]
        /// Groups with two or more members, each ascending, ordered by their first unit.
        var multiple: [[Int]]
    }

    func exactGroups(_ units: [DedupeUnit]) -> ExactGroups {
        var order: [(hash: UInt64, unit: Int32)] = []
        order.reserveCapacity(units.count)
        for (i, u) in units.enumerated() where u.status.isMatchable { order.append((u.contentHash, Int32(i))) }
        order.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.unit < $1.unit }
        var leaderOf = [Int32](repeating: -1, count: units.count)
        var multiple: [[Int]] = []
        var i = 0
        while i < order.count {
            var j = i + 1
            while j < order.count && order[j].hash == order[i].hash { j += 1 }
            for k in i..<j { leaderOf[Int(order[k].unit)] = order[i].unit }
            if j - i > 1 { multiple.append(order[i..<j].map { Int($0.unit) }) }
            i = j
        }
        multiple.sort { $0[0] < $1[0] }
        var leaders: [Int] = []
        for u in 0..<units.count where leaderOf[u] == Int32(u) { leaders.append(u) }
        return ExactGroups(leaderOf: leaderOf, leaders: leaders, multiple: multiple)
    }

    func expandPairs(groups: ExactGroups, leaderOf: [Int32], verified: [VerifiedPair], counts: inout DedupeCounts) -> [ReportedPair] {
        var membersOf: [Int: [Int]] = [:]
        for g in groups.multiple { membersOf[g[0]] = g }
        var pairs: [ReportedPair] = []
        var total = 0
        let limit = options.maxPairs
        func add(_ a: Int, _ b: Int, _ match: MatchKind, _ similarity: Double) {
            total += 1
            if pairs.count < limit {
                pairs.append(ReportedPair(a: min(a, b), b: max(a, b), match: match, similarity: similarity))
            }
        }
        for g in groups.multiple {
            for x in 0..<g.count { for y in (x + 1)..<g.count { add(g[x], g[y], .jaccard, 1) } }
        }
        for p in verified {
            let ga = membersOf[p.a] ?? [p.a]
            let gb = membersOf[p.b] ?? [p.b]
            for a in ga { for b in gb { add(a, b, p.match, p.similarity) } }
        }
        pairs.sort { $0.a != $1.a ? $0.a < $1.a : $0.b < $1.b }
        counts.pairs = total
        counts.pairsTruncated = total > pairs.count
        return pairs
    }
}

/// Accumulates signature tables on the appender queue.
final class SignatureSink: @unchecked Sendable {
    // Safety: touched only on the appender queue, or after `appender.sync` has drained it.
    var tables: SignatureTables
    var failure: Error?

    init(tables: SignatureTables) { self.tables = tables }

    func append(_ pieces: [SignatureShard]) {
        guard failure == nil else { return }
        do {
            for piece in pieces { try tables.append(piece) }
        } catch {
            failure = error
        }
    }

    func check() throws {
        if let failure { throw failure }
    }
}

/// The signature stage's output for a whole run, accumulated shard by shard.
struct SignatureTables {
    var documents: [DocumentRecord] = []
    var units: [DedupeUnit] = []
    var signatures = ContiguousArray<UInt32>()
    var bytes = 0
    var boilerplate = BoilerplateTally()
    let store: ShingleStore
    /// Content hashes of the matchable units stored so far.
    private var stored = Set<UInt64>()
    /// Whether fingerprints are stored at all (not for MinHash-estimate verification).
    let keepsFingerprints: Bool

    init(store: ShingleStore, keepsFingerprints: Bool = true) {
        self.store = store
        self.keepsFingerprints = keepsFingerprints
    }

    /// The tables of consecutive shards as one run's: documents, units and signatures in shard
    /// order, document indices and units renumbered across shards, and each shard's ordinals
    /// shifted past the previous shards' (each shard's reader counts from 0), so the result is
    /// what one pass over the shards' inputs in that order gives.
    static func concatenating(_ shards: [SignatureTables]) -> SignatureTables {
        var all = SignatureTables(store: ShingleStore(concatenating: shards.map(\.store)))
        var ordinalBase = 0
        for shard in shards {
            let documentBase = all.documents.count, unitBase = all.units.count
            var nextOrdinal = ordinalBase
            for var d in shard.documents {
                d.firstUnit += unitBase
                d.ordinal += ordinalBase
                nextOrdinal = max(nextOrdinal, d.ordinal + 1)
                all.documents.append(d)
            }
            for var u in shard.units {
                u._document += UInt32(documentBase)
                all.units.append(u)
            }
            all.signatures.append(contentsOf: shard.signatures)
            all.bytes += shard.bytes
            ordinalBase = nextOrdinal
        }
        return all
    }

    /// `set` with the lines this run left out, most widespread first.
    func withLines(_ set: BoilerplateSet) -> BoilerplateSet {
        var set = set
        set.lines = boilerplate.lines(set)
        return set
    }

    mutating func append(_ shard: SignatureShard) throws {
        let base = units.count
        for var d in shard.documents {
            d.firstUnit += base
            documents.append(d)
        }
        units.append(contentsOf: shard.units)
        signatures.append(contentsOf: shard.signatures)
        bytes += shard.bytes
        for hit in shard.boilerplate { boilerplate.add(hit, documentID: documents[hit.document].id) }
        var offset = 0
        try shard.fingerprints.withUnsafeBufferPointer { all in
            for (i, u) in shard.units.enumerated() {
                let own = UnsafeBufferPointer(rebasing: all[offset..<(offset + u.shingles)])
                // An exact duplicate of an earlier unit: only the group's first unit is ever read.
                let kept = keepsFingerprints && !(u.status.isMatchable && !stored.insert(u.contentHash).inserted)
                try store.append(fingerprints: kept ? own : UnsafeBufferPointer(rebasing: own[0..<0]),
                                 excerpt: shard.excerpts[i], text: shard.texts[i])
                offset += u.shingles
            }
        }
    }
}
