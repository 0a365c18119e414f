import RefrainSketch
import RefrainText

/// The stages as an outside engine (Spark) drives them through ``StageStream`` records: the
/// signature stage writes each unit's band keys and shingle set; the engine buckets band keys
/// and co-locates the sets of each candidate slice; ``verify(stream:)`` verifies a slice; the
/// engine finds the components; ``report(stream:)`` builds the single run's result from them.
extension DedupeEngine {
    /// Hashes every option the values of a stream depend on (signatures, bands, verification), so
    /// a stage refuses a stream written under other options.
    public var streamFingerprint: UInt64 {
        StableHash.hash(WorkDirectory.pairKey("stream/1;" + WorkDirectory.signatureOptions(options), options, lshParameters))
    }

    /// The options record of this engine's streams.
    public var streamOptions: StageStream.Options {
        let lsh = lshParameters
        return StageStream.Options(fingerprint: streamFingerprint, bands: lsh.bands, rows: lsh.rows, maxBucketPairs: options.maxBucketPairs,
                                   containment: options.containmentEnabled, threshold: options.threshold)
    }

    private func checkStreamOptions() throws {
        try options.validate()
        guard !options.boilerplate else {
            throw DedupeError.invalidOption("boilerplate detection counts lines across the whole corpus; it does not go with streams")
        }
        guard options.verify == .exact else {
            throw DedupeError.invalidOption("streams carry shingle sets for exact verification; --verify estimate does not go with them")
        }
    }

    /// Stage 1 over the documents `open` returns, as a stream: an options record, then each
    /// document followed by its units (band keys for matchable units, sorted unique shingle
    /// fingerprints, excerpt, exact text), then a counts record with `skipped()` documents.
    /// Document and unit indices count from 0 in the stream.
    public func streamSignatures(open: () throws -> any DocumentBatchSource, skipped: () -> Int,
                                 to writer: inout StageStreamWriter) throws {
        try checkStreamOptions()
        let lsh = lshParameters
        let k = options.permutations
        let banding = BandingStage(parameters: lsh, permutations: k, seed: options.seed, maxBucketPairs: options.maxBucketPairs)
        let stage = SignatureStage(options: options)
        let threads = options.resolvedThreads
        let workers = SignatureWorkers(count: threads, options: options)
        try writer.write(.options(streamOptions))
        var first = 0
        try forEachBatch(open: open, stage: "signatures", threads: threads) { batch in
            let shard = stage.run(batch, firstDocument: first, workers: workers)
            first += batch.count
            var fingerprint = 0
            for d in shard.documents {
                try writer.write(.document(StageStream.Document(id: d.id, date: d.date, source: d.source, length: d.length, units: d.unitCount)))
                for u in d.firstUnit..<(d.firstUnit + d.unitCount) {
                    let unit = shard.units[u]
                    var keys: [UInt64] = []
                    if unit.status.isMatchable {
                        keys.reserveCapacity(lsh.bands)
                        shard.signatures.withUnsafeBufferPointer { all in
                            let sig = UnsafeBufferPointer(rebasing: all[(u * k)..<((u + 1) * k)])
                            for band in 0..<lsh.bands { keys.append(banding.bandKey(sig, band: band)) }
                        }
                    }
                    var set = ContiguousArray(shard.fingerprints[fingerprint..<(fingerprint + unit.shingles)])
                    fingerprint += unit.shingles
                    SortedSets.sortUniqueHashes(&set)
                    try writer.write(.unit(StageStream.Unit(unit: unit, bandKeys: keys, set: set, excerpt: shard.excerpts[u], text: shard.texts[u])))
                }
            }
        }
        try writer.write(.counts(StageStream.Counts(skippedDocuments: skipped())))
        try writer.finish()
    }

    /// Stage 3 on one slice of candidates: the stream holds an options record, the shingle sets
    /// (``StageStream/Record/set(unit:_:)``) of every unit its pairs name, and the pairs, in any
    /// order. Returns the verified pairs in ascending pair order.
    public func verify(stream: inout StageStreamReader) throws -> [VerifiedPair] {
        try checkStreamOptions()
        var sets: [Int: ContiguousArray<UInt32>] = [:]
        var pairs = ContiguousArray<UInt64>()
        var checked = false
        while let record = try stream.next() {
            switch record {
            case .options(let o):
                guard o.fingerprint == streamFingerprint else { throw StageStreamError(stream, "written under other dedupe options") }
                checked = true
            case .set(let unit, let set): sets[unit] = set
            case .pair(let a, let b): pairs.append(CandidatePairs.pack(a, b))
            default: throw StageStreamError(stream, "a verification stream holds sets and pairs only")
            }
        }
        guard checked else { throw StageStreamError(path: stream.source, offset: 16, reason: "no options record") }
        let candidates = CandidatePairs(unsorted: pairs)
        for (a, b) in candidates where sets[a] == nil || sets[b] == nil {
            throw StageStreamError(path: stream.source, offset: 16, reason: "no shingle set for unit \(sets[a] == nil ? a : b) of pair (\(a), \(b))")
        }
        return VerifyStage(rule: similarity, mode: .exact).run(candidates: candidates, threads: options.resolvedThreads) { sets[$0] ?? [] }
    }

    /// Stages 4 and 5 from a report stream: an options record; every document in corpus order,
    /// each followed by its units (shingle sets, excerpts and texts needed only for units in a
    /// cluster); the verified pairs; optionally the connected components of pairs and identical
    /// units (then clusters are these, checked against the pairs); and a counts record. Returns
    /// the result a single run gives, and the skipped documents.
    ///
    /// A clustered report stream (kind 5) holds only the units in clusters and their documents,
    /// each with its index in the corpus, and the corpus's totals: the same report, from what the
    /// clusters need (see ``reportClustered(stream:)``).
    public func report(stream: inout StageStreamReader) throws -> (result: DedupeResult, skippedDocuments: Int) {
        try checkStreamOptions()
        if stream.kind == .clusteredReport { return try reportClustered(stream: &stream) }
        var tables = SignatureTables(store: ShingleStore(memoryBudget: options.shingleMemoryBudget))
        var verified: [VerifiedPair] = []
        var components: [[Int]] = []
        var counts: StageStream.Counts? = nil
        var checked = false
        var declaredUnits = 0
        var document = 0
        while let record = try stream.next() {
            switch record {
            case .options(let o):
                guard o.fingerprint == streamFingerprint else { throw StageStreamError(stream, "written under other dedupe options") }
                checked = true
            case .document(let d):
                tables.documents.append(DocumentRecord(ordinal: tables.documents.count, id: d.id, date: d.date, source: d.source,
                                                       length: d.length, firstUnit: declaredUnits, unitCount: d.units))
                declaredUnits += d.units
                tables.bytes += d.length
            case .unit(let u):
                let i = tables.units.count
                while document < tables.documents.count && tables.documents[document].firstUnit + tables.documents[document].unitCount <= i {
                    document += 1
                }
                guard document < tables.documents.count, u.unit.document == document else {
                    throw StageStreamError(stream, "unit \(i) names document \(u.unit.document); expected \(document)")
                }
                tables.units.append(u.unit)
                try u.set.withUnsafeBufferPointer { try tables.store.append(fingerprints: $0, excerpt: u.excerpt, text: u.text) }
            case .verified(let p):
                guard p.a < p.b else { throw StageStreamError(stream, "pair (\(p.a), \(p.b)) is not ascending") }
                verified.append(p)
            case .component(let c): components.append(c)
            case .counts(let c): counts = c
            default: throw StageStreamError(stream, "a report stream holds no sets or candidate pairs")
            }
        }
        guard checked, let counts else {
            throw StageStreamError(path: stream.source, offset: 16, reason: checked ? "no counts record" : "no options record")
        }
        guard declaredUnits == tables.units.count else {
            throw StageStreamError(path: stream.source, offset: 16, reason: "documents declare \(declaredUnits) units, the stream holds \(tables.units.count)")
        }
        let result = try completeReport(tables, verified: verified, components: components, counts: counts, source: stream.source)
        return (result, counts.skippedDocuments)
    }

    /// The report from a clustered report stream: an options record, the totals, the documents
    /// (`G`, ascending corpus index) of every unit in a cluster, those units (`W`, ascending,
    /// each after its document, naming it by corpus index) with their sets, excerpts and texts,
    /// the verified pairs and optional components (by corpus unit index), and the counts. The
    /// units are renumbered in order (so clusters, representatives and pair order are those of
    /// the whole corpus); the counts that need every unit come from the totals.
    func reportClustered(stream: inout StageStreamReader) throws -> (result: DedupeResult, skippedDocuments: Int) {
        var tables = SignatureTables(store: ShingleStore(memoryBudget: options.shingleMemoryBudget))
        var verified: [VerifiedPair] = []
        var components: [[Int]] = []
        var counts: StageStream.Counts? = nil
        var totals: StageStream.Totals? = nil
        var checked = false
        var documentIndex: [Int] = []      // corpus index of each local document, ascending
        var unitIndex: [Int] = []          // corpus index of each local unit, ascending
        func local(_ unit: Int) -> Int? {
            var lo = 0, hi = unitIndex.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if unitIndex[mid] < unit { lo = mid + 1 } else { hi = mid }
            }
            return lo < unitIndex.count && unitIndex[lo] == unit ? lo : nil
        }
        while let record = try stream.next() {
            switch record {
            case .options(let o):
                guard o.fingerprint == streamFingerprint else { throw StageStreamError(stream, "written under other dedupe options") }
                checked = true
            case .totals(let t): totals = t
            case .indexedDocument(let index, let d):
                guard documentIndex.last.map({ $0 < index }) ?? true else {
                    throw StageStreamError(stream, "document \(index) after document \(documentIndex.last ?? 0): not ascending")
                }
                documentIndex.append(index)
                tables.documents.append(DocumentRecord(ordinal: index, id: d.id, date: d.date, source: d.source,
                                                       length: d.length, firstUnit: tables.units.count, unitCount: 0))
            case .indexedUnit(let index, var u):
                guard unitIndex.last.map({ $0 < index }) ?? true else {
                    throw StageStreamError(stream, "unit \(index) after unit \(unitIndex.last ?? 0): not ascending")
                }
                guard let d = documentIndex.last, d == u.unit.document else {
                    throw StageStreamError(stream, "unit \(index) names document \(u.unit.document), not the document before it")
                }
                u.unit._document = UInt32(documentIndex.count - 1)
                unitIndex.append(index)
                tables.documents[documentIndex.count - 1].unitCount += 1
                tables.units.append(u.unit)
                try u.set.withUnsafeBufferPointer { try tables.store.append(fingerprints: $0, excerpt: u.excerpt, text: u.text) }
            case .verified(let p):
                guard p.a < p.b else { throw StageStreamError(stream, "pair (\(p.a), \(p.b)) is not ascending") }
                guard let a = local(p.a), let b = local(p.b) else {
                    throw StageStreamError(stream, "pair (\(p.a), \(p.b)) names a unit the stream does not hold")
                }
                var q = p
                q.a = a
                q.b = b
                verified.append(q)
            case .component(let c):
                var mapped: [Int] = []
                mapped.reserveCapacity(c.count)
                for u in c {
                    guard let l = local(u) else { throw StageStreamError(stream, "component names unit \(u), which the stream does not hold") }
                    mapped.append(l)
                }
                components.append(mapped)
            case .counts(let c): counts = c
            default: throw StageStreamError(stream, "a clustered report stream holds no plain documents, units, sets or candidate pairs")
            }
        }
        guard checked, let counts, let totals else {
            throw StageStreamError(path: stream.source, offset: 16,
                                   reason: !checked ? "no options record" : counts == nil ? "no counts record" : "no totals record")
        }
        guard totals.units >= tables.units.count, totals.documents >= tables.documents.count,
              documentIndex.last.map({ $0 < totals.documents }) ?? true, unitIndex.last.map({ $0 < totals.units }) ?? true else {
            throw StageStreamError(path: stream.source, offset: 16, reason: "the totals count fewer documents or units than the stream names")
        }
        var result = try completeReport(tables, verified: verified, components: components, counts: counts, source: stream.source)
        result.counts.documents = totals.documents
        result.counts.bytes = totals.bytes
        result.counts.units = totals.units
        result.counts.emptyUnits = totals.emptyUnits
        result.counts.shortUnits = totals.shortUnits
        result.counts.boilerplateUnits = totals.boilerplateUnits
        return (result, counts.skippedDocuments)
    }

    /// Stages 4 and 5 of a report stream, once its records are read.
    private func completeReport(_ tables: SignatureTables, verified: [VerifiedPair], components: [[Int]], counts: StageStream.Counts,
                                source: String) throws -> DedupeResult {
        let n = tables.units.count
        if let bad = verified.first(where: { $0.b >= n }) {
            throw StageStreamError(path: source, offset: 16, reason: "pair (\(bad.a), \(bad.b)) names a unit past the last (\(n))")
        }
        for c in components {
            guard c.count >= 2, zip(c, c.dropFirst()).allSatisfy({ $0 < $1 }), let last = c.last, last < n else {
                throw StageStreamError(path: source, offset: 16, reason: "a component must list two or more units ascending, below \(n)")
            }
        }
        var c = DedupeCounts()
        c.lshCandidates = counts.lshCandidates
        c.containmentCandidates = counts.containmentCandidates
        c.largeBuckets = counts.largeBuckets
        c.candidates = counts.candidates
        c.verifiedPairs = verified.count
        let prepared = prepare(tables, boilerplate: nil, holdingSets: false)
        if !components.isEmpty {
            // The components given must be exactly those of the verified pairs and identical units.
            var uf = UnionFind(count: n)
            for g in prepared.groups.multiple { for m in g.dropFirst() { uf.union(g[0], m) } }
            for p in verified { uf.union(p.a, p.b) }
            let found = uf.sets(minimumSize: 2)
            guard found == components.sorted(by: { $0[0] < $1[0] }) else {
                throw StageStreamError(path: source, offset: 16,
                                       reason: "the components given differ from those of the verified pairs (\(components.count) given, \(found.count) found)")
            }
        }
        let result = try complete(prepared, verified: verified, counts: c, lsh: lshParameters, work: nil, components: components)
        return result
    }
}
