import Testing
import Foundation
import RefrainCorpus
import RefrainMatch
import RefrainTestSupport

/// Collects what a `@Sendable` callback hands over.
private final class Collected<Value>: @unchecked Sendable {
    // Safety: `items` is guarded by `lock`.
    private let lock = NSLock()
    private var items: [Value] = []
    func add(_ value: Value) { lock.lock(); items.append(value); lock.unlock() }
    var all: [Value] { lock.lock(); defer { lock.unlock() }; return items }
}

private func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "refrain-source-test-\(UUID().uuidString)-\(name)"
}

@Suite struct MatchSourceTests {
    @Test func inputsAreReadInOrderAndIndexedLikeTheirDocuments() throws {
        let inputs = [Repository.corpora.appendingPathComponent("dprk-ukraine-2024.jsonl").path]
        let source = MatchSource(inputs: inputs, termOptions: TermOptions(stem: false), threads: 2)
        #expect(source.indexDirectory == nil)
        var counts: [Int] = []
        let opened = try source.open(progress: { counts.append($0) })
        let (documents, summary) = try readAllDocuments(inputs)
        #expect(counts == Array(1...documents.count))
        #expect(opened.readSummary == summary && summary.documents == 5)
        #expect(!opened.termOptionsDiffer)
        #expect(opened.index.directory == nil && opened.index.termOptions == TermOptions(stem: false))
        let direct = MatchIndex(documents: documents, termOptions: TermOptions(stem: false), threads: 1)
        #expect(opened.index.documentCount == direct.documentCount)
        for n in 0..<direct.documentCount {
            #expect(try opened.index.document(n) == direct.document(n))
        }
    }

    @Test func readerWarningsReachTheCallerAndBadLinesFollowTheReaderOptions() throws {
        let file = temporaryPath("bad.jsonl")
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("{\"id\":\"a\",\"text\":\"one “quoted” line\"}\n{not json\n{\"id\":\"b\",\"text\":\"two\"}\n".utf8)
            .write(to: URL(fileURLWithPath: file))
        // Default options stop at the malformed line, naming the file and line.
        #expect {
            _ = try MatchSource(inputs: [file]).open()
        } throws: { error in
            guard case .malformedLine(let path, 2, _, _) = error as? CorpusError else { return false }
            return path == file
        }
        var reader = ReaderOptions()
        reader.skipBadLines = true
        let warnings = Collected<CorpusWarning>()
        let opened = try MatchSource(inputs: [file], reader: reader).open(warn: { warnings.add($0) })
        #expect(opened.index.documentCount == 2)
        #expect(try opened.index.documentID(1) == "b")
        #expect(warnings.all.count == 1 && warnings.all.first?.line == 2)
        #expect(opened.readSummary?.totalSkipped == 1)
    }

    @Test func anIndexIsOpenedByNameOrAsTheOnlyInputWithItsOwnTermOptions() throws {
        let dir = temporaryPath("idx")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try MatchIndex.write(Seed.corpus, to: dir, termOptions: TermOptions(stopwords: false))

        let named = MatchSource(index: dir, inputs: ["ignored-when-an-index-is-named"])
        #expect(named.indexDirectory == dir)
        #expect(named.paths == ["ignored-when-an-index-is-named", dir])
        let progress = Collected<Int>()
        let opened = try named.open(warn: { _ in progress.add(-1) }, progress: { progress.add($0) })
        #expect(opened.readSummary == nil && progress.all.isEmpty)
        #expect(opened.index.directory == dir && opened.index.documentCount == 5)
        #expect(opened.termOptionsDiffer && opened.index.termOptions == TermOptions(stopwords: false))

        let asInput = MatchSource(inputs: [dir], termOptions: TermOptions(stopwords: false))
        #expect(asInput.indexDirectory == dir && asInput.paths == [dir])
        let same = try asInput.open()
        #expect(!same.termOptionsDiffer && same.readSummary == nil && same.index.directory == dir)
    }

    @Test func aMissingIndexOrInputIsAnErrorNamingIt() throws {
        let missing = temporaryPath("nothing-here")
        #expect {
            _ = try MatchSource(index: missing).open()
        } throws: { error in
            guard case .unreadable(let path, _) = error as? MatchIndexError else { return false }
            return path.hasPrefix(missing)
        }
        #expect {
            _ = try MatchSource(inputs: [missing]).open()
        } throws: { error in
            guard case .unreadable(let path, _) = error as? CorpusError else { return false }
            return path == missing
        }
        // Two inputs are a corpus even when one of them is an index.
        let dir = temporaryPath("idx")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try MatchIndex.write(Seed.corpus, to: dir)
        #expect(MatchSource(inputs: [dir, Repository.seedCorpus.path]).indexDirectory == nil)
    }
}
