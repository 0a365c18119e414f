import RefrainCorpus
import RefrainSketch
import RefrainTestSupport
import Testing
@testable import RefrainDedupe

@Suite("Stage streams")
struct StageStreamTests {
    static let unit = StageStream.Unit(
        unit: DedupeUnit(document: 1, start: 3, end: 90, tokens: 14, shingles: 10, contentHash: 0xFFFF_0000_1234_5678, status: .short),
        bandKeys: [0, .max, 42], set: [1, 9, 0xFFFF_FFFF], excerpt: "Kremlin’s…", text: "Kremlin’s reply")

    static let records: [StageStream.Record] = [
        .options(StageStream.Options(fingerprint: 0xABCD, bands: 17, rows: 7, maxBucketPairs: 256, containment: true, threshold: 0.8)),
        .document(StageStream.Document(id: "a/b.txt", date: nil, source: "kyiv", length: 90, units: 1)),
        .document(StageStream.Document(id: "", date: "2024-11-02", source: nil, length: 0, units: 0)),
        .unit(unit),
        .set(unit: 7, [2, 3, 5]),
        .pair(a: 2, b: 9),
        .verified(VerifiedPair(a: 1, b: 4, match: .containment, similarity: 0.85, jaccard: 0.5, containment: 0.85)),
        .component([1, 4, 8]),
        .counts(StageStream.Counts(skippedDocuments: 1, lshCandidates: 2, containmentCandidates: 3, largeBuckets: 4, candidates: 5)),
        .totals(StageStream.Totals(documents: 10, bytes: 900, units: 12, emptyUnits: 1, shortUnits: 2, boilerplateUnits: 3)),
        .indexedDocument(index: 7, StageStream.Document(id: "x", date: nil, source: nil, length: 4, units: 2)),
        .indexedUnit(index: 4_000_000_000, unit),
    ]

    static func encoded(kind: StageStream.Kind = .report) throws -> [UInt8] {
        var w = StageStreamWriter(kind: kind)
        for r in records { try w.write(r) }
        try w.finish()
        return w.buffer
    }

    @Test func roundTripOfEveryRecord() throws {
        var r = try StageStreamReader(try Self.encoded(), source: "t", expected: [4])
        #expect(r.kind == .report)
        #expect(try r.all() == Self.records)
        #expect(try r.next() == nil)
    }

    @Test func chunkedWritingGivesTheSameBytes() throws {
        var chunks: [UInt8] = []
        var w = StageStreamWriter(kind: .report, flushAt: 7) { chunks.append(contentsOf: $0) }
        for r in Self.records { try w.write(r) }
        try w.finish()
        #expect(chunks == (try Self.encoded()))
    }

    @Test func versionMagicAndKindAreChecked() throws {
        var bytes = try Self.encoded()
        bytes[8] = 2
        #expect(throws: StageStreamError(path: "t", offset: 8, reason: "stream version 2; this refrain reads version 1")) {
            _ = try StageStreamReader(bytes, source: "t", expected: [4])
        }
        bytes = try Self.encoded()
        bytes[0] = UInt8(ascii: "X")
        #expect(throws: StageStreamError.self) { _ = try StageStreamReader(bytes, source: "t", expected: [4]) }
        #expect(throws: StageStreamError(path: "t", offset: 12, reason: "unexpected stream kind 4")) {
            _ = try StageStreamReader(try Self.encoded(), source: "t", expected: [1])
        }
    }

    /// Every cut of a stream is an error at or before the cut, never a shorter list of records.
    @Test func truncatedInputIsAnErrorWithItsOffset() throws {
        let bytes = try Self.encoded()
        for cut in 0..<bytes.count {
            do {
                var r = try StageStreamReader(Array(bytes[0..<cut]), source: "<stdin>", expected: [4])
                _ = try r.all()
                Issue.record("a stream cut at \(cut) of \(bytes.count) bytes was read")
            } catch {
                #expect(error.offset <= cut, "cut at \(cut): \(error)")
                #expect(error.description.hasPrefix("<stdin>: at byte \(error.offset): "))
            }
        }
    }

    @Test func damageInsideARecordIsAnError() throws {
        var bytes = try Self.encoded()
        bytes.append(0)
        var r = try StageStreamReader(bytes, source: "t", expected: [4])
        #expect(throws: StageStreamError.self) { _ = try r.all() }
        // A set that is not ascending.
        var w = StageStreamWriter(kind: .verifyInput)
        try w.write(.set(unit: 1, [5, 3]))
        try w.finish()
        var s = try StageStreamReader(w.buffer, source: "t", expected: [2])
        #expect(throws: StageStreamError.self) { _ = try s.all() }
    }

    /// The stages driven from outside, as Spark drives them (band buckets with refrain's rule,
    /// verification of co-located sets, report from the pairs), give a single run's result.
    /// With `clustered`, the report stream is kind 5: only the units in clusters and their
    /// documents, by corpus index, and the corpus's totals.
    @Test(arguments: [DedupeLevel.document, .paragraph], [false, true])
    func streamedStagesGiveTheSingleRunsResult(level: DedupeLevel, clustered: Bool) throws {
        // The planted corpus, and ten near-identical documents whose buckets outgrow the limit.
        var docs = EngineTests.corpus.documents
        for i in 0..<10 {
            let n = docs.count
            docs.append(Document(ordinal: n, id: "near-\(i)", text: docs[0].text + " A closing line, number \(i).",
                                 origin: .init(path: "generated")))
        }
        let engine = DedupeEngine(options: options { $0.threads = 2; $0.level = level; $0.maxBucketPairs = 3 })
        let single = try engine.run(documents: docs)
        var sig = StageStreamWriter(kind: .signatures)
        try engine.streamSignatures(open: { DocumentArraySource(docs) }, skipped: { 0 }, to: &sig)
        var reader = try StageStreamReader(sig.buffer, source: "sig", expected: [1])
        var opts: StageStream.Options? = nil
        var documents: [StageStream.Document] = []
        var units: [StageStream.Unit] = []
        while let r = try reader.next() {
            switch r {
            case .options(let o): opts = o
            case .document(let d): documents.append(d)
            case .unit(let u): units.append(u)
            default: break
            }
        }
        let o = try #require(opts)
        // Identical units: the first of each content hash leads.
        var leaderOf: [UInt64: Int] = [:]
        for (i, u) in units.enumerated() where u.unit.status.isMatchable && leaderOf[u.unit.contentHash] == nil { leaderOf[u.unit.contentHash] = i }
        let leaders = Set(leaderOf.values)
        var candidates = Set<UInt64>()
        var large = 0
        for band in 0..<o.bands {
            var buckets: [UInt64: [Int]] = [:]
            for (i, u) in units.enumerated() where leaders.contains(i) { buckets[u.bandKeys[band], default: []].append(i) }
            for (_, bucket) in buckets where bucket.count > 1 {
                if bucket.count > o.maxBucketPairs + 1 { large += 1 }
                for x in bucket.indices {
                    for y in (x + 1)..<min(bucket.count, x + 1 + o.maxBucketPairs) { candidates.insert(CandidatePairs.pack(bucket[x], bucket[y])) }
                }
            }
        }
        let lsh = candidates.count
        var containment = Set<UInt64>()
        if o.containment {
            let stage = ContainmentStage(threshold: o.threshold)
            let sorted = leaders.sorted()
            containment = Set(stage.run(units: sorted, sets: sorted.map { units[$0].set }, threads: 1).packed)
            candidates.formUnion(containment)
        }
        var v = StageStreamWriter(kind: .verifyInput)
        try v.write(.options(o))
        for p in candidates.sorted().reversed() { try v.write(.pair(a: Int(p >> 32), b: Int(p & 0xFFFF_FFFF))) }
        for u in leaders.sorted() { try v.write(.set(unit: u, units[u].set)) }
        try v.finish()
        var vr = try StageStreamReader(v.buffer, source: "verify", expected: [2])
        let verified = try engine.verify(stream: &vr)
        let counts = StageStream.Counts(lshCandidates: lsh, containmentCandidates: containment.count, largeBuckets: large,
                                        candidates: candidates.count)
        var report = StageStreamWriter(kind: clustered ? .clusteredReport : .report)
        try report.write(.options(o))
        // The units a clustered report holds: every cluster member (identical units included).
        let inClusters = Set(single.clusters.flatMap { $0.members.map(\.unit) })
        if clustered {
            try report.write(.totals(StageStream.Totals(
                documents: documents.count, bytes: documents.reduce(0) { $0 + $1.length }, units: units.count,
                emptyUnits: units.count { $0.unit.status == .empty }, shortUnits: units.count { $0.unit.status == .short },
                boilerplateUnits: units.count { $0.unit.status == .boilerplate })))
            var lastDocument = -1
            for (i, u) in units.enumerated() where inClusters.contains(i) {
                if u.unit.document != lastDocument {
                    try report.write(.indexedDocument(index: u.unit.document, documents[u.unit.document]))
                    lastDocument = u.unit.document
                }
                try report.write(.indexedUnit(index: i, u))
            }
        } else {
            var next = 0
            for (d, doc) in documents.enumerated() {
                try report.write(.document(doc))
                for _ in 0..<doc.units {
                    #expect(units[next].unit.document == d)
                    try report.write(.unit(units[next]))
                    next += 1
                }
            }
        }
        for p in verified { try report.write(.verified(p)) }
        try report.write(.counts(counts))
        try report.finish()
        var rr = try StageStreamReader(report.buffer, source: "report", expected: [4, 5])
        let streamed = try engine.report(stream: &rr).result
        #expect(single.counts.largeBuckets > 0)
        #expect(streamed.counts == single.counts)
        if clustered {
            // Units renumbered in order: the same clusters, pairs and documents by corpus index.
            let corpusIndex = inClusters.sorted()
            #expect(streamed.units.count == corpusIndex.count)
            func global(_ c: DedupeCluster) -> DedupeCluster {
                var c = c
                c.representative = corpusIndex[c.representative]
                c.members = c.members.map { var m = $0; m.unit = corpusIndex[m.unit]; return m }
                return c
            }
            #expect(streamed.clusters.map(global) == single.clusters)
            #expect(streamed.pairs.map { ReportedPair(a: corpusIndex[$0.a], b: corpusIndex[$0.b], match: $0.match, similarity: $0.similarity) }
                    == single.pairs)
            for (i, u) in streamed.units.enumerated() {
                #expect(streamed.documents[u.document].ordinal == single.units[corpusIndex[i]].document)
                #expect(streamed.documents[u.document].id == single.documents[single.units[corpusIndex[i]].document].id)
            }
        } else {
            #expect(streamed.clusters == single.clusters)
            #expect(streamed.pairs == single.pairs)
            #expect(streamed.documents == single.documents)
        }
    }

    /// A clustered report names units by corpus index: ones it does not hold, or out of order, are errors.
    @Test func clusteredReportRefusesUnitsItDoesNotHold() throws {
        let engine = DedupeEngine(options: options())
        func stream(_ body: (inout StageStreamWriter) throws -> Void) throws -> StageStreamReader {
            var w = StageStreamWriter(kind: .clusteredReport)
            try w.write(.options(engine.streamOptions))
            try w.write(.totals(StageStream.Totals(documents: 10, bytes: 50, units: 10, emptyUnits: 0, shortUnits: 0, boilerplateUnits: 0)))
            try body(&w)
            try w.write(.counts(StageStream.Counts()))
            try w.finish()
            return try StageStreamReader(w.buffer, source: "t", expected: [5])
        }
        func unit(_ document: Int, _ hash: UInt64) -> StageStream.Unit {
            StageStream.Unit(unit: DedupeUnit(document: document, start: 0, end: 5, tokens: 5, shingles: 1, contentHash: hash, status: .normal),
                             bandKeys: [], set: [UInt32(hash)], excerpt: "x", text: "x")
        }
        let doc = StageStream.Document(id: "d", date: nil, source: nil, length: 5, units: 1)
        var missing = try stream { w in
            try w.write(.indexedDocument(index: 2, doc))
            try w.write(.indexedUnit(index: 2, unit(2, 1)))
            try w.write(.verified(VerifiedPair(a: 2, b: 5, match: .jaccard, similarity: 1, jaccard: 1, containment: 1)))
        }
        #expect(throws: StageStreamError.self) { _ = try engine.report(stream: &missing) }
        var disordered = try stream { w in
            try w.write(.indexedDocument(index: 5, doc))
            try w.write(.indexedUnit(index: 5, unit(5, 1)))
            try w.write(.indexedDocument(index: 3, doc))
        }
        #expect(throws: StageStreamError.self) { _ = try engine.report(stream: &disordered) }
        var orphan = try stream { w in
            try w.write(.indexedDocument(index: 1, doc))
            try w.write(.indexedUnit(index: 1, unit(4, 1)))
        }
        #expect(throws: StageStreamError.self) { _ = try engine.report(stream: &orphan) }
    }

    @Test func reportRefusesComponentsThatAreNotThePairs() throws {
        let engine = DedupeEngine(options: options())
        var w = StageStreamWriter(kind: .report)
        try w.write(.options(engine.streamOptions))
        for i in 0..<3 {
            try w.write(.document(StageStream.Document(id: "\(i)", date: nil, source: nil, length: 5, units: 1)))
            try w.write(.unit(StageStream.Unit(unit: DedupeUnit(document: i, start: 0, end: 5, tokens: 5, shingles: 1, contentHash: UInt64(i), status: .normal),
                                               bandKeys: [], set: [UInt32(i)], excerpt: "x", text: "x")))
        }
        try w.write(.verified(VerifiedPair(a: 0, b: 1, match: .jaccard, similarity: 1, jaccard: 1, containment: 1)))
        try w.write(.component([0, 1, 2]))
        try w.write(.counts(StageStream.Counts()))
        try w.finish()
        var r = try StageStreamReader(w.buffer, source: "t", expected: [4])
        #expect(throws: StageStreamError.self) { _ = try engine.report(stream: &r) }
    }
}

@Suite("Stage streams: run plan")
struct StageStreamPlanTests {
    @Test func streamModesAndTheirRules() throws {
        var plan = DedupeRunPlan()
        plan.inputCount = 1
        plan.stopAfter = .signatures
        plan.signatureStream = true
        #expect(try plan.action() == .signatureStream)
        plan.workDirectory = "w"
        #expect(throws: DedupeError.self) { try plan.action() }
        plan.workDirectory = nil
        plan.stopAfter = nil
        #expect(throws: DedupeError.invalidOption("--stream goes with --stop-after signatures")) { try plan.action() }

        var verify = DedupeRunPlan()
        verify.verifyStream = true
        #expect(try verify.action() == .verifyStream)
        verify.inputCount = 1
        #expect(throws: DedupeError.self) { try verify.action() }
        verify.inputCount = 0
        verify.writesToOutput = true
        #expect(throws: DedupeError.self) { try verify.action() }

        var report = DedupeRunPlan()
        report.reportStream = "-"
        #expect(try report.action() == .reportStream("-"))
        #expect(try report.action().writesReport)
        report.htmlReport = true
        #expect(throws: DedupeError.self) { try report.action() }
        report.htmlReport = false
        report.boilerplate = true
        #expect(throws: DedupeError.self) { try report.action() }
        report.boilerplate = false
        report.verifyStream = true
        #expect(throws: DedupeError.invalidOption("give --verify-stream or --report-stream, not both")) { try report.action() }
    }
}
