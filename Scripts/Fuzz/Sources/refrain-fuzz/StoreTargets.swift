import Foundation
import RefrainBytes
import RefrainCorpus
import RefrainText
@testable import RefrainMatch
@testable import RefrainDedupe

extension FuzzTargets {
    /// The index segment reader: a documents file (slot 0) and a postings file (slot 1) opened
    /// as a segment, then everything `find` and `quotes` read: every document, its stored terms,
    /// every posting list, queries and clusters. Damage must throw, never trap or read out of
    /// bounds; what reads without error must be consistent (terms inside the text).
    static let index = FuzzTarget(name: "index", run: { input in
        var docs: [UInt8] = [], postings: [UInt8] = []
        for (slot, bytes) in Container.decode(input) {
            if slot & 1 == 0 { docs = bytes } else { postings = bytes }
        }
        guard let segment = try? Segment(docs: MappedBytes(bytes: docs, path: "docs"), postings: MappedBytes(bytes: postings, path: "post"),
                                         firstDocument: 0) else { return }
        let index = MatchIndex(termOptions: TermOptions(), segments: [segment], directory: nil)
        var terms = TermSequence()
        for n in 0..<min(index.documentCount, 64) {
            _ = try? index.document(n)
            _ = try? index.documentID(n)
            _ = try? index.tokenCount(n)
            guard let text = try? index.textBytes(n), (try? index.terms(of: n, into: &terms)) != nil else { continue }
            for i in 0..<terms.count {
                check(terms.starts[i] <= terms.ends[i] && Int(terms.ends[i]) <= text.count, "term \(i) of document \(n) outside its text")
            }
        }
        // Every posting list named by the key table (read here with its own bounds checks).
        postings.withUnsafeBytes { raw in
            let r = CheckedReader(raw, path: "post")
            guard let keys = try? r.count(at: 16, atMost: 4096, "keys"), let at = try? r.count(at: 24, atMost: raw.count, "keys") else { return }
            for k in 0..<keys {
                guard let feature = try? r.load(at: at + 24 * k, as: UInt64.self) else { break }
                try? index.forEachDocument(feature: feature) { d in check(d >= 0 && d < index.documentCount, "document \(d) from a posting list") }
            }
        }
        guard index.documentCount > 0 else { return }
        var options = FindOptions()
        options.threads = 1
        options.limit = 5
        options.minScore = 0
        for query in ["another bit of fake news", "North Korean soldiers", "said the minister on Tuesday"] {
            _ = try? QuoteFinder(index: index, options: options).find(query)
        }
        if index.documentCount <= 16 {
            var cluster = ClusterOptions()
            cluster.threads = 1
            _ = try? QuoteClusterer(index: index, options: cluster).cluster()
        }
    }, seeds: {
        var seeds: [[UInt8]] = []
        let paragraphs = corpusParagraphs
        for (k, size) in [1, 2, 3, 5, 8, 12].enumerated() {
            let documents = (0..<size).map { i in
                let p = paragraphs[(k * 7 + i * 3) % max(1, paragraphs.count)]
                return Document(ordinal: i, id: "d\(i)", text: p, source: "s\(i % 2)", date: nil, origin: .init(path: "seed.jsonl", line: i + 1))
            }
            let preparer = DocumentPreparer(options: TermOptions())
            var builder = SegmentBuilder()
            for d in documents { builder.add(preparer.prepare(d)) }
            let (docs, postings) = builder.finish(threads: 1)
            seeds.append(Container.encode([(0, docs), (1, postings)]))
        }
        var empty = SegmentBuilder()
        let (docs, postings) = empty.finish(threads: 1)
        seeds.append(Container.encode([(0, docs), (1, postings)]))
        return seeds
    })

    /// The dedupe work directory: a complete one made at start-up, its files replaced by the
    /// input's (slot k is file k of ``WorkTemplate/files``), and the run resumed from it, through
    /// verification and clustering. Damage must throw, never trap.
    static let workdir = FuzzTarget(name: "workdir", run: { input in
        let template = WorkTemplate.shared
        let dir = scratch + "/work"
        for (name, bytes) in template.contents { _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes)) }
        for (slot, bytes) in Container.decode(input) {
            let name = WorkTemplate.files[Int(slot) % WorkTemplate.files.count]
            _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes))
        }
        if let result = try? DedupeEngine(options: WorkTemplate.options, workDirectory: dir, inputFingerprint: "fuzz").run(documents: template.documents) {
            for c in result.clusters {
                for m in c.members { check(m.unit >= 0 && m.unit < result.units.count, "cluster member \(m.unit) of \(result.units.count) units") }
            }
            for u in result.units { check(u.document < result.documents.count && u.start <= u.end, "unit \(u)") }
        }
    }, seeds: {
        let template = WorkTemplate.shared
        var seeds: [[UInt8]] = []
        for (k, name) in WorkTemplate.files.enumerated() {
            if let bytes = template.contents[name] { seeds.append(Container.encode([(UInt8(k), bytes)])) }
        }
        seeds.append([])
        return seeds
    })
}

/// A complete work directory of a small corpus with near-duplicates (the corpus paragraphs,
/// and copies of some with a sentence cut), made once per process.
final class WorkTemplate: @unchecked Sendable {
    static let files = ["units.bin", "signatures.bin", "shingles.bin", "documents.jsonl", "candidates.bin", "pairs.jsonl",
                        "boilerplate.jsonl", "manifest.json"]
    static let options: DedupeOptions = {
        var o = DedupeOptions()
        o.threads = 1
        o.level = .paragraph
        o.permutations = 32
        return o
    }()
    static let shared = WorkTemplate()

    let documents: [Document]
    let contents: [String: [UInt8]]

    private init() {
        var docs: [Document] = []
        // Small, so one resumed run takes milliseconds: three texts cut to a few paragraphs.
        let texts = corpusTexts.prefix(3).map { $0.components(separatedBy: "\n\n").prefix(4).joined(separator: "\n\n") }
        for (k, text) in texts.enumerated() {
            docs.append(Document(ordinal: docs.count, id: "t\(k)", text: text, origin: .init(path: "t\(k).txt")))
            if k % 2 == 0, let cut = text.range(of: ". ") {
                let copy = String(text[text.startIndex..<cut.lowerBound]) + String(text[cut.upperBound...])
                docs.append(Document(ordinal: docs.count, id: "t\(k)-copy", text: copy, origin: .init(path: "t\(k)-copy.txt")))
            }
        }
        documents = docs
        let dir = scratch + "/work"
        _ = try! DedupeEngine(options: WorkTemplate.options, workDirectory: dir, inputFingerprint: "fuzz").run(documents: docs)
        var contents: [String: [UInt8]] = [:]
        for name in WorkTemplate.files {
            if let data = FileManager.default.contents(atPath: dir + "/" + name) { contents[name] = Array(data) }
        }
        self.contents = contents
    }
}
