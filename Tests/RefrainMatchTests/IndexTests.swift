import Testing
import Foundation
import RefrainCorpus
import RefrainMatch

private func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "refrain-index-test-\(UUID().uuidString)"
    return path
}

@Suite struct IndexTests {
    @Test func onDiskIndexAnswersLikeTheInMemoryOne() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summary = try MatchIndex.write(Seed.corpus, to: dir)
        #expect(summary.added == 5 && summary.total == 5 && !summary.appended)
        let disk = try MatchIndex.open(dir)
        let memory = Seed.index()
        #expect(disk.documentCount == memory.documentCount)
        for n in 0..<disk.documentCount {
            #expect(try disk.document(n) == memory.document(n))
            #expect(try disk.documentID(n) == Seed.corpus[n].id)
        }
        var options = FindOptions()
        options.limit = 0
        options.minScore = 0.1
        for query in ["another bit of fake news", "highly likely", "This might even be a driving factor behind sending North Korean soldiers"] {
            #expect(try QuoteFinder(index: disk, options: options).find(query) == QuoteFinder(index: memory, options: options).find(query))
        }
    }

    @Test func appendingAddsASegmentAndKeepsNumbering() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let corpus = Seed.corpus
        _ = try MatchIndex.write(corpus.prefix(3), to: dir)
        let second = try MatchIndex.write(corpus.dropFirst(3), to: dir)
        #expect(second.appended && second.added == 2 && second.total == 5)
        let index = try MatchIndex.open(dir)
        #expect(index.documentCount == 5)
        #expect(try index.document(4).id == corpus[4].id)
        #expect(try index.document(4).number == 4)
        // Queries see both segments, and document frequencies add up across them.
        let matches = try QuoteFinder(index: index).find("This might even be a driving factor behind sending North Korean soldiers")
        #expect(Set(matches.prefix(2).map { $0.documentID.prefix(3) }) == ["001", "003"])
        #expect(index.documentFrequency(term: TermTokenizer().term("news")!) == 5)
    }

    @Test func appendingWithOtherTermOptionsIsRefused() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try MatchIndex.write(Seed.corpus.prefix(1), to: dir)
        #expect(throws: MatchIndexError.self) { try MatchIndex.write(Seed.corpus.prefix(1), to: dir, termOptions: TermOptions(stem: false)) }
    }

    @Test func aFailedAppendLeavesTheIndexAsItWas() throws {
        struct Boom: Error {}
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try MatchIndex.write(Seed.corpus.prefix(2), to: dir)
        var n = 0
        #expect(throws: Boom.self) {
            try MatchIndex.write(to: dir, segmentDocuments: 1) {
                n += 1
                if n == 3 { throw Boom() }
                return Seed.corpus[n]
            }
        }
        #expect(try MatchIndex.open(dir).documentCount == 2)
    }

    @Test func corruptFilesAreReportedWithTheirPath() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try MatchIndex.write(Seed.corpus.prefix(1), to: dir)
        let postings = dir + "/seg-000000.post"
        try Data("not an index".utf8).write(to: URL(fileURLWithPath: postings))
        do {
            _ = try MatchIndex.open(dir)
            Issue.record("opened a corrupt index")
        } catch {
            #expect(error.description.contains("seg-000000.post"))
        }
        #expect(throws: MatchIndexError.self) { try MatchIndex.open(dir + "/missing") }
    }

    @Test func anIndexOfAnotherFormatVersionIsRefused() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try MatchIndex.write(Seed.corpus.prefix(1), to: dir)
        let manifest = dir + "/refrain-index.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(text.contains("\"version\" : \(IndexFormat.version)"))
        try text.replacingOccurrences(of: "\"version\" : \(IndexFormat.version)", with: "\"version\" : 1")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(throws: MatchIndexError.unsupportedVersion(path: manifest, version: 1)) { try MatchIndex.open(dir) }
    }

    @Test func aTermTableOutOfBoundsIsReportedWithItsPath() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try MatchIndex.write(Seed.corpus.prefix(2), to: dir)
        let docs = dir + "/seg-000000.docs"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: docs)))
        // The header's term count (bytes 32..<40) claims far more terms than the file holds.
        for k in 32..<40 { bytes[k] = 0x7F }
        try Data(bytes).write(to: URL(fileURLWithPath: docs))
        #expect(throws: MatchIndexError.corrupt(path: docs, offset: 32, reason: "term count 9187201950435737471 is more than 391")) {
            try MatchIndex.open(dir)
        }
    }

    @Test func anEmptyIndexAnswersNothing() throws {
        let index = MatchIndex(documents: [Document]())
        #expect(index.documentCount == 0)
        #expect(try QuoteFinder(index: index).find("fake news").isEmpty)
        #expect(try QuoteClusterer(index: index).cluster().isEmpty)
    }
}
