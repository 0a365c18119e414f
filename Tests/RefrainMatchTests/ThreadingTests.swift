import Testing
import Foundation
import RefrainCorpus
import RefrainMatch

/// A few hundred documents made of the seed corpus's paragraphs, mixed deterministically, so
/// that work spans several batches, chunks and segments.
private let mixedCorpus: [Document] = {
    let paragraphs = Seed.documents.flatMap { d in
        d.text.components(separatedBy: "\n\n").filter { $0.utf8.count > 40 }
    }
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
    return (0..<300).map { k in
        let text = (0..<(2 + next(4))).map { _ in paragraphs[next(paragraphs.count)] }.joined(separator: "\n\n")
        return Document(ordinal: k, id: String(format: "mix-%03d", k), text: text, source: "outlet-\(k % 7)",
                        date: "2024-10-\(String(format: "%02d", 1 + k % 28))", origin: .init(path: "mix.jsonl", line: k + 1))
    }
}()

private func temporaryDirectory() throws -> String {
    NSTemporaryDirectory() + "refrain-threads-test-\(UUID().uuidString)"
}

/// The bytes of every file of an index directory, by name.
private func files(_ directory: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
        out[name] = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
    }
    return out
}

@Suite struct ThreadingTests {
    @Test func indexFilesAreTheSameBytesForOneAndTwoThreads() throws {
        let one = try temporaryDirectory(), two = try temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: one)
            try? FileManager.default.removeItem(atPath: two)
        }
        // Segments of 70 documents: several segments, and batches that end inside a segment.
        _ = try MatchIndex.write(mixedCorpus.prefix(200), to: one, segmentDocuments: 70, threads: 1)
        _ = try MatchIndex.write(mixedCorpus.dropFirst(200), to: one, segmentDocuments: 70, threads: 1)
        _ = try MatchIndex.write(mixedCorpus.prefix(200), to: two, segmentDocuments: 70, threads: 2)
        _ = try MatchIndex.write(mixedCorpus.dropFirst(200), to: two, segmentDocuments: 70, threads: 2)
        let a = try files(one), b = try files(two)
        #expect(a.keys.sorted() == ["refrain-index.json"] + (0..<5).flatMap { ["seg-00000\($0).docs", "seg-00000\($0).post"] })
        #expect(a.keys.sorted() == b.keys.sorted())
        for name in a.keys.sorted() { #expect(a[name] == b[name], "\(name) differs between 1 and 2 threads") }
    }

    @Test func storedTermsAreTheTokenizersTerms() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try MatchIndex.write(mixedCorpus.prefix(120), to: dir, segmentDocuments: 50)
        let disk = try MatchIndex.open(dir)
        let memory = MatchIndex(documents: mixedCorpus.prefix(120), threads: 2)
        for options in [TermOptions(), TermOptions(stem: false, stopwords: false)] {
            let index = options == TermOptions() ? memory : MatchIndex(documents: mixedCorpus.prefix(40), termOptions: options)
            let tokenizer = TermTokenizer(options: options)
            for n in 0..<index.documentCount {
                let fresh = tokenizer.terms(of: try index.document(n).text)
                let stored = try index.terms(of: n)
                #expect(stored.terms == fresh.terms)
                #expect(stored.starts == fresh.starts)
                #expect(stored.ends == fresh.ends)
                #expect(stored.isStopword == fresh.isStopword)
                #expect(try index.tokenCount(n) == fresh.count)
            }
        }
        for n in 0..<disk.documentCount {
            let a = try disk.terms(of: n), b = try memory.terms(of: n)
            #expect(a.terms == b.terms && a.starts == b.starts && a.ends == b.ends && a.isStopword == b.isStopword)
        }
    }

    @Test func findGivesTheSameMatchesOnOneAndTwoThreads() throws {
        let one = MatchIndex(documents: mixedCorpus, threads: 1)
        let two = MatchIndex(documents: mixedCorpus, threads: 2)
        var options = FindOptions()
        options.limit = 0
        options.minScore = 0.1
        var single = options
        single.threads = 1
        var double = options
        double.threads = 2
        let queries = ["another bit of fake news", "highly likely", "This might even be a driving factor behind sending North Korean soldiers",
                       "military alliance between Russia and North Korea"]
        for query in queries {
            let a = try QuoteFinder(index: one, options: single).find(query)
            let b = try QuoteFinder(index: two, options: double).find(query)
            #expect(!a.isEmpty)
            #expect(a == b, "\(query)")
        }
    }

    @Test func clustersAreTheSameOnOneAndTwoThreads() throws {
        let index = MatchIndex(documents: mixedCorpus)
        var options = ClusterOptions()
        options.threads = 1
        let a = try QuoteClusterer(index: index, options: options).cluster()
        options.threads = 2
        let b = try QuoteClusterer(index: index, options: options).cluster()
        #expect(a.count > 10)
        #expect(a.contains { $0.variants.count > 3 })
        #expect(a == b)
    }

    @Test func progressIsReportedInOrderUpToTheDocumentCount() throws {
        let index = MatchIndex(documents: mixedCorpus)
        var options = ClusterOptions()
        options.threads = 2
        var seen: [Int] = []
        _ = try QuoteClusterer(index: index, options: options).cluster { seen.append($0) }
        #expect(seen == seen.sorted())
        #expect(seen.last == mixedCorpus.count)
    }
}
