import Foundation
import RefrainCorpus
import Testing
import RefrainTestSupport
@testable import RefrainDedupe

@Suite("Dedupe engine")
struct EngineTests {
    static let corpus = plantedCorpus(unique: 150)

    func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "refrain-sketch-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func plantedNearDuplicatesAreFoundAndNothingElse() throws {
        let (docs, families) = Self.corpus
        let result = try DedupeEngine(options: options { $0.threads = 2 }).run(documents: docs)
        // Every family with copies is exactly one cluster; every singleton family is in none.
        var clusterOf: [Int: Int] = [:]
        for c in result.clusters { for m in c.members { clusterOf[result.units[m.unit].document] = c.id } }
        for family in families {
            if family.count == 1 {
                #expect(clusterOf[family[0]] == nil)
            } else {
                let ids = Set(family.map { clusterOf[$0] })
                #expect(ids.count == 1 && ids.first! != nil, "family \(family)")
                #expect(result.clusters[ids.first!!].members.count == family.count)
            }
        }
        // Pairs: every reported pair is within a family and truly similar.
        var familyOf: [Int: Int] = [:]
        for (f, members) in families.enumerated() { for m in members { familyOf[m] = f } }
        for p in result.pairs {
            #expect(familyOf[p.a] == familyOf[p.b])
            #expect(p.similarity >= 0.8)
        }
        #expect(result.counts.exactDuplicateUnits == families.indices.filter { $0 % 10 == 0 }.count)
        #expect(result.counts.duplicates == families.reduce(0) { $0 + $1.count - 1 })
    }

    @Test func writeDedupedKeepsEveryUniqueDocumentAndOneRepresentativePerCluster() throws {
        let (docs, families) = Self.corpus
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Through the real reader and writer, as the CLI does.
        let input = dir + "/corpus.jsonl"
        var lines = ""
        for d in docs {
            let object: [String: String] = ["id": d.id, "text": d.text, "date": d.date!]
            lines += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        try lines.write(toFile: input, atomically: true, encoding: .utf8)
        let result = try DedupeEngine(options: options()).run { CorpusReaderSource(reader: CorpusReader(inputs: [input])) }
        let removed = result.removedOrdinals
        let output = dir + "/deduped.jsonl"
        let summary = try CorpusWriter.writeFiltered(inputs: [input], keep: { !removed.contains($0) }, to: output)
        let kept = try readAll([output])
        #expect(summary.documentsWritten == kept.count)
        let keptIDs = Set(kept.map(\.id))
        // Invariant 1: every document not in a cluster is kept, byte for byte.
        let clustered = Set(result.clusters.flatMap { $0.members.map { result.units[$0.unit].document } })
        for (i, d) in docs.enumerated() where !clustered.contains(i) {
            #expect(keptIDs.contains(d.id))
            #expect(kept.first { $0.id == d.id }?.text == d.text)
        }
        // Invariant 2: each cluster keeps exactly its representative.
        for c in result.clusters {
            let members = c.members.map { docs[result.units[$0.unit].document].id }
            #expect(members.filter { keptIDs.contains($0) } == [docs[result.units[c.representative].document].id])
        }
        // Invariant 3: each planted family keeps exactly one document; the count adds up.
        for family in families { #expect(family.filter { keptIDs.contains(docs[$0].id) }.count == 1) }
        #expect(kept.count == families.count)
        // Default rule (earliest date): the representative has the earliest date of its cluster.
        for c in result.clusters {
            let dates = c.members.map { result.document(ofUnit: $0.unit).date! }
            #expect(result.document(ofUnit: c.representative).date == dates.min())
        }
    }

    @Test func paragraphLevelWriteDedupedCutsCoveredParagraphsKeepsLargerOnesAndLeavesOutEmptiedDocuments() throws {
        var rng = SplitMix64(seed: 11)
        let p1 = randomText(words: 40, rng: &rng), p2 = randomText(words: 40, rng: &rng), p3 = randomText(words: 40, rng: &rng)
        let q1 = randomText(words: 40, rng: &rng)
        let p3Longer = p3 + " " + randomText(words: 15, rng: &rng)  // holds p3: containment 1, Jaccard about 0.7
        let articles: [(id: String, date: String, text: String)] = [
            ("a", "2024-01-01", "\(p1)\n\n\(p2)\n\n\(p3)\n"),
            ("b", "2024-01-02", "\(p2)\n\n  \(q1)\n\n\n\(p3)"),  // first and last paragraphs repeat a's
            ("c", "2024-01-03", "\n\(p1)\n \n\(p2)\n"),  // nothing of its own
            ("d", "2024-01-04", "\(p3Longer)\n"),  // later than a, but holds more than a's paragraph
        ]
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = dir + "/corpus.jsonl"
        var lines = ""
        for a in articles {
            let object = ["id": a.id, "date": a.date, "text": a.text, "url": "https://example.org/\(a.id)"]
            lines += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        try lines.write(toFile: input, atomically: true, encoding: .utf8)
        let result = try DedupeEngine(options: options { $0.level = .paragraph }).run {
            CorpusReaderSource(reader: CorpusReader(inputs: [input]))
        }
        #expect(result.clusters.count == 3)
        let output = dir + "/deduped.jsonl"
        let edits = result.edits
        let summary = try CorpusWriter.write(inputs: [input], edit: edits.edit, to: output)
        #expect(summary.documentsWritten == 3 && summary.documentsEdited == 1 && summary.documentsEmptied == 1)
        let kept = try readAll([output])
        #expect(kept.map(\.id) == ["a", "b", "d"])
        #expect(kept[0].text == articles[0].text)  // the earliest holds every representative
        #expect(kept[1].text == "  \(q1)")  // b keeps only its own paragraph, its indent included
        #expect(kept[2].text == articles[3].text)  // d's longer paragraph is not covered by a's
        // Unedited lines are copied as read; an edited one keeps its other fields.
        let written = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
        let original = lines.split(separator: "\n").map(String.init)
        #expect(written[0] == original[0] && written[2] == original[3])
        let url = original[1].range(of: #""url":"[^"]*""#, options: .regularExpression).map { String(original[1][$0]) }
        #expect(url != nil && written[1].contains(url!) && written[1].contains(#""date":"2024-01-02""#))
    }

    @Test func resultsAndStageFilesAreByteIdenticalAcrossRunsAndThreadCounts() throws {
        let (docs, _) = Self.corpus
        var snapshots: [[String: Data]] = []
        var results: [DedupeResult] = []
        for threads in [1, 2, 2, 4] {
            let dir = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let o = options { $0.threads = threads; $0.level = .paragraph; $0.shingleMemoryBudget = 1 << 16 }
            // Small batches, so documents are spread over many shards and workers.
            let result = try DedupeEngine(options: o, workDirectory: dir).run { DocumentArraySource(docs, batch: 7) }
            results.append(result)
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
                files[name] = FileManager.default.contents(atPath: dir + "/" + name)
            }
            snapshots.append(files)
        }
        #expect(snapshots[0].keys.sorted() == ["boilerplate.jsonl", "candidates.bin", "clusters.jsonl", "documents.jsonl",
                                                "manifest.json", "pairs.jsonl", "shingles.bin", "signatures.bin", "units.bin"])
        for s in snapshots.dropFirst() { #expect(s == snapshots[0]) }
        for r in results.dropFirst() {
            #expect(r.clusters == results[0].clusters)
            #expect(r.pairs == results[0].pairs)
            #expect(r.counts == results[0].counts)
            #expect(r.units == results[0].units)
        }
        #expect(!results[0].clusters.isEmpty)
    }

    @Test func workDirectoryResumesWithoutRereadingTheCorpus() throws {
        let (docs, _) = Self.corpus
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try DedupeEngine(options: options(), workDirectory: dir, inputFingerprint: "v1").run(documents: docs)
        var opened = 0
        let again = try DedupeEngine(options: options(), workDirectory: dir, inputFingerprint: "v1").run {
            opened += 1
            return DocumentArraySource(docs)
        }
        #expect(opened == 0)
        #expect(again.clusters == first.clusters && again.pairs == first.pairs && again.counts == first.counts)
        // A different keep rule reuses every stage; a different threshold recomputes from the candidates.
        let longest = try DedupeEngine(options: options { $0.keep = .longest }, workDirectory: dir, inputFingerprint: "v1").run {
            opened += 1
            return DocumentArraySource(docs)
        }
        #expect(opened == 0 && longest.pairs == first.pairs)
        let stricter = try DedupeEngine(options: options { $0.threshold = 0.95 }, workDirectory: dir, inputFingerprint: "v1").run {
            opened += 1
            return DocumentArraySource(docs)
        }
        #expect(opened == 0 && stricter.pairs.count < first.pairs.count && stricter.pairs.allSatisfy { $0.similarity >= 0.95 })
        // Other inputs: everything is recomputed.
        _ = try DedupeEngine(options: options(), workDirectory: dir, inputFingerprint: "v2").run {
            opened += 1
            return DocumentArraySource(docs)
        }
        #expect(opened == 1)
    }

    /// Estimate verification stores no shingle sets, so an exact run must not resume from its
    /// signatures: it recomputes them and finds the same pairs as a fresh exact run.
    @Test func anExactRunDoesNotResumeFromAnEstimateRunsSignatures() throws {
        let (docs, _) = Self.corpus
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try DedupeEngine(options: options { $0.verify = .estimate }, workDirectory: dir, inputFingerprint: "v1").run(documents: docs)
        var opened = 0
        let exact = try DedupeEngine(options: options(), workDirectory: dir, inputFingerprint: "v1").run {
            opened += 1
            return DocumentArraySource(docs)
        }
        #expect(opened == 1)
        let fresh = try DedupeEngine(options: options()).run(documents: docs)
        #expect(!fresh.pairs.isEmpty && exact.pairs == fresh.pairs && exact.clusters == fresh.clusters)
    }

    /// Shards' signature stages, computed apart (each reader counting ordinals from 0) and merged
    /// in corpus order, give exactly the single run's result, at both levels.
    @Test(arguments: [DedupeLevel.document, .paragraph])
    func mergedShardsGiveTheSingleRunsResult(level: DedupeLevel) throws {
        let (docs, _) = Self.corpus
        let o = options { $0.level = level }
        let single = try DedupeEngine(options: o).run(documents: docs)
        let cuts = [0, docs.count / 3, docs.count / 3 + 7, docs.count]
        var dirs: [String] = []
        defer { for d in dirs { try? FileManager.default.removeItem(atPath: d) } }
        for s in 0..<(cuts.count - 1) {
            let shard = docs[cuts[s]..<cuts[s + 1]].enumerated().map { i, d in
                var d = d
                d.ordinal = i
                return d
            }
            let dir = temporaryDirectory()
            dirs.append(dir)
            try DedupeEngine(options: o, workDirectory: dir, inputFingerprint: "shard \(s)").runSignatures { DocumentArraySource(shard, batch: 5) }
        }
        let merged = try DedupeEngine(options: o).run(shards: dirs)
        #expect(!single.clusters.isEmpty)
        #expect(merged.documents == single.documents && merged.units == single.units)
        #expect(merged.clusters == single.clusters && merged.pairs == single.pairs && merged.counts == single.counts)

        // The candidate stage in three parts and verification in two, each written to a directory
        // of its own (in any order), then merged: the single run's result again.
        let shardDirs = dirs
        var candidateDirs: [String] = [], pairDirs: [String] = []
        for i in [2, 0, 1] {
            let dir = temporaryDirectory()
            dirs.append(dir)
            candidateDirs.append(dir)
            try DedupeEngine(options: o, workDirectory: dir).runCandidates(shards: shardDirs, part: StagePart(index: i, count: 3)!)
        }
        for j in [1, 0] {
            let dir = temporaryDirectory()
            dirs.append(dir)
            pairDirs.append(dir)
            try DedupeEngine(options: o, workDirectory: dir).runPairs(shards: shardDirs, candidates: candidateDirs, part: StagePart(index: j, count: 2)!)
        }
        let staged = try DedupeEngine(options: o).run(shards: shardDirs, pairs: pairDirs)
        #expect(staged.clusters == single.clusters && staged.pairs == single.pairs && staged.counts == single.counts)
        // A missing or repeated part, or parts computed with other options, are refused.
        let scratch = temporaryDirectory()
        dirs.append(scratch)
        let missing = #expect(throws: DedupeError.self) {
            try DedupeEngine(options: o, workDirectory: scratch).runPairs(shards: shardDirs, candidates: Array(candidateDirs.prefix(2)), part: .whole)
        }
        #expect(missing?.description.contains("each part of one split once") == true)
        #expect(throws: DedupeError.self) { try DedupeEngine(options: o).run(shards: shardDirs, pairs: [pairDirs[0], pairDirs[0]]) }
        let other = #expect(throws: DedupeError.self) {
            try DedupeEngine(options: options { $0.level = level; $0.threshold = 0.9 }).run(shards: shardDirs, pairs: pairDirs)
        }
        #expect(other?.description.contains("other options") == true)
        dirs = shardDirs + candidateDirs + pairDirs + [scratch]

        // Other options, or a directory without a signature stage, are refused with its path.
        #expect(throws: DedupeError.self) { try DedupeEngine(options: options { $0.level = level; $0.permutations = 64 }).run(shards: dirs) }
        let empty = temporaryDirectory()
        dirs.append(empty)
        #expect(throws: DedupeError.self) { try DedupeEngine(options: o).run(shards: [dirs[0], empty]) }
    }

    @Test func damagedWorkFilesAreReportedWithTheirPath() throws {
        let (docs, _) = Self.corpus
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try DedupeEngine(options: options(), workDirectory: dir).run(documents: docs)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: dir + "/units.bin"))
        #expect {
            try DedupeEngine(options: options(), workDirectory: dir).run(documents: docs)
        } throws: { error in
            guard case DedupeError.workFile(let path, _) = error else { return false }
            return path.hasSuffix("units.bin") && "\(error)".contains("units.bin")
        }
    }

    @Test func emptyAndShortDocumentsAreCountedKeptAndNeverMatchedByAccident() throws {
        var rng = SplitMix64(seed: 3)
        let long = randomText(words: 200, rng: &rng)
        let texts = [
            "",                       // 0 empty
            "  ...  —  !!! ",          // 1 no tokens
            "Breaking news",          // 2 short
            "breaking NEWS!",         // 3 short, same normalized tokens as 2
            "Breaking news today",    // 4 short, different
            long,                     // 5
            "Breaking news " + long,  // 6 near copy of 5
            "   ",                    // 7 whitespace
        ]
        let docs = texts.enumerated().map { Document(ordinal: $0.offset, id: "d\($0.offset)", text: $0.element, origin: .init(path: "t")) }
        for level in DedupeLevel.allCases {
            let result = try DedupeEngine(options: options { $0.level = level }).run(documents: docs)
            #expect(result.documents.count == 8)
            let clusters = Set(result.clusters.map { Set($0.members.map { result.units[$0.unit].document }) })
            #expect(clusters == [[2, 3], [5, 6]], "\(level)")
            #expect(result.removedOrdinals.count == (level == .document ? 2 : 0))
            if level == .document {
                #expect(result.counts.emptyUnits == 3)
                #expect(result.counts.shortUnits == 3)
                #expect(result.units.map(\.status) == [.empty, .empty, .short, .short, .short, .normal, .normal, .empty])
                #expect(!result.removedOrdinals.contains(0) && !result.removedOrdinals.contains(1))
            } else {
                // Paragraph level: blank and whitespace-only texts have no paragraphs at all.
                #expect(result.documents[0].unitCount == 0 && result.documents[7].unitCount == 0)
                #expect(result.units.filter { $0.status == .empty }.count == 1)
            }
        }
    }

    @Test func estimateModeAgreesWithExactVerificationOnClearCases() throws {
        let (docs, _) = Self.corpus
        let exact = try DedupeEngine(options: options()).run(documents: docs)
        let estimate = try DedupeEngine(options: options { $0.verify = .estimate }).run(documents: docs)
        let e = Set(exact.pairs.map { [$0.a, $0.b] }), s = Set(estimate.pairs.map { [$0.a, $0.b] })
        // Pairs far from the threshold agree.
        for p in exact.pairs where p.similarity >= 0.9 { #expect(s.contains([p.a, p.b])) }
        #expect(Double(e.symmetricDifference(s).count) <= 0.05 * Double(e.count))
    }

    @Test func characterShinglesMatchCJKTextThatWordShinglesCannot() throws {
        let a = "北京大学是中国著名的综合性大学，创建于一八九八年，初名京师大学堂。"
        let b = "北京大学是中国著名的综合性大学，创建于一八九八年，当时名为京师大学堂。"
        let c = "东京是日本的首都，也是世界上人口最多的城市之一，经济非常发达。"
        let docs = [a, b, c].enumerated().map { Document(ordinal: $0.offset, id: "z\($0.offset)", text: $0.element, origin: .init(path: "t")) }
        let chars = try DedupeEngine(options: options { $0.shingleKind = .chars; $0.shingleSize = 3; $0.threshold = 0.7 }).run(documents: docs)
        #expect(chars.clusters.count == 1)
        #expect(Set(chars.clusters[0].members.map(\.unit)) == [0, 1])
    }

    @Test func badOptionsAreRejectedWithAMessageNamingThem() {
        let bad: [(DedupeOptions, String)] = [
            (options { $0.threshold = 0 }, "threshold"),
            (options { $0.threshold = 1.5 }, "threshold"),
            (options { $0.shingleSize = 0 }, "shingle size"),
            (options { $0.permutations = 100 }, "permutations"),
            (options { $0.bands = 20 }, "bands and rows"),
            (options { $0.bands = 20; $0.rows = 7 }, "bands × rows"),
            (options { $0.threads = 0 }, "threads"),
            (options { $0.boilerplateMinDocuments = 1 }, "boilerplate"),
            (options { $0.boilerplateContentWords = 0 }, "boilerplate"),
        ]
        for (o, word) in bad {
            #expect {
                try DedupeEngine(options: o).run(documents: [])
            } throws: { error in
                "\(error)".contains(word)
            }
        }
    }

    @Test func anEmptyCorpusGivesAnEmptyResult() throws {
        let result = try DedupeEngine(options: options()).run(documents: [])
        #expect(result.documents.isEmpty && result.clusters.isEmpty && result.pairs.isEmpty && result.counts.units == 0)
    }
}
