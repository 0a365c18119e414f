import Testing
import Foundation
import RefrainCorpus
import RefrainMatch

/// Damaged index files, as users' copies, syncs and truncations make them: each must throw
/// ``MatchIndexError/corrupt(path:offset:reason:)`` naming the file and the offset of the bad
/// bytes (the reproducers of issue 11), never read out of bounds or trap.
@Suite struct IndexCorruptionTests {
    /// A small index on disk, with its two segment files' bytes.
    struct Damaged {
        let directory: String
        var docs: [UInt8]
        var postings: [UInt8]
        var docsPath: String { directory + "/seg-000000.docs" }
        var postingsPath: String { directory + "/seg-000000.post" }

        init() throws {
            directory = NSTemporaryDirectory() + "refrain-corrupt-test-\(UUID().uuidString)"
            _ = try MatchIndex.write(Seed.corpus.prefix(12), to: directory, threads: 1)
            docs = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/seg-000000.docs")))
            postings = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/seg-000000.post")))
        }

        func u64(_ bytes: [UInt8], _ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        func u32(_ bytes: [UInt8], _ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        static func put(_ v: UInt64, _ bytes: inout [UInt8], _ at: Int, width: Int = 8) {
            for k in 0..<width { bytes[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(k))) }
        }
        var tableOffset: Int { u64(docs, 16) }
        var keysOffset: Int { u64(postings, 24) }
        var keyCount: Int { u64(postings, 16) }
        var blobOffset: Int { u64(postings, 32) }
        func recordOffset(_ d: Int) -> Int { u64(docs, tableOffset + 8 * d) }

        /// Writes the bytes back and opens the index.
        func open() throws -> MatchIndex {
            try Data(docs).write(to: URL(fileURLWithPath: docsPath))
            try Data(postings).write(to: URL(fileURLWithPath: postingsPath))
            return try MatchIndex.open(directory)
        }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// The `.corrupt` error `body` throws (recording an issue if it throws none or another).
    func corruption(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> (path: String, offset: Int, reason: String)? {
        do {
            try body()
            Issue.record("no error for a damaged index", sourceLocation: sourceLocation)
        } catch let MatchIndexError.corrupt(path, offset, reason) {
            return (path, offset, reason)
        } catch {
            Issue.record("expected a corrupt-index error, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// Every query and cluster run over `index` (the paths `find` and `quotes` take).
    func useEverything(_ index: MatchIndex) throws {
        var options = FindOptions()
        options.limit = 0
        options.minScore = 0
        for query in ["another bit of fake news", "North Korean soldiers in Kursk", "highly likely"] {
            _ = try QuoteFinder(index: index, options: options).find(query)
        }
        _ = try QuoteClusterer(index: index).cluster()
        for n in 0..<index.documentCount {
            _ = try index.document(n)
            _ = try index.terms(of: n)
        }
    }

    @Test func theUndamagedIndexAnswers() throws {
        let d = try Damaged()
        defer { d.remove() }
        let index = try d.open()
        try useEverything(index)
        #expect(try !QuoteFinder(index: index).find("another bit of fake news").isEmpty)
    }

    @Test func postingListOffsetsPastTheFileThrowWithTheKeyOffset() throws {
        var d = try Damaged()
        defer { d.remove() }
        for k in 0..<d.keyCount { Damaged.put(UInt64(d.postings.count + 4096), &d.postings, d.keysOffset + 24 * k + 8) }
        let index = try d.open()
        let e = corruption { _ = try QuoteFinder(index: index).find("another bit of fake news") }
        #expect(e?.path == d.postingsPath)
        #expect(e.map { ($0.offset - d.keysOffset - 8) % 24 == 0 } == true)
        #expect(e?.reason.contains("posting list offset") == true)
    }

    @Test func postingListLengthsPastThePostingsThrow() throws {
        var d = try Damaged()
        defer { d.remove() }
        for k in 0..<d.keyCount { Damaged.put(0xFFFF_FFF0, &d.postings, d.keysOffset + 24 * k + 20, width: 4) }
        let index = try d.open()
        let e = corruption { _ = try QuoteFinder(index: index).find("another bit of fake news") }
        #expect(e?.path == d.postingsPath)
        #expect(e.map { ($0.offset - d.keysOffset - 20) % 24 == 0 } == true)
    }

    @Test func documentNumbersPastTheSegmentInAPostingListThrow() throws {
        var d = try Damaged()
        defer { d.remove() }
        // Every list's first number becomes 127 (one varint byte) in a segment of 12 documents.
        for k in 0..<d.keyCount {
            let start = d.blobOffset + d.u64(d.postings, d.keysOffset + 24 * k + 8)
            d.postings[start] = 0x7F
        }
        let index = try d.open()
        let e = corruption { _ = try QuoteFinder(index: index).find("another bit of fake news") }
        #expect(e?.path == d.postingsPath)
        #expect(e.map { $0.offset >= d.blobOffset } == true)
        #expect(e?.reason.contains("document number 127") == true)
    }

    @Test func offsetTableEntriesOf2To63OrMoreAreRefusedAtOpen() throws {
        var d = try Damaged()
        defer { d.remove() }
        let at = d.tableOffset + 8 * 3
        Damaged.put(1 << 63, &d.docs, at)
        let e = corruption { _ = try d.open() }
        #expect(e?.path == d.docsPath)
        #expect(e?.offset == at)
    }

    @Test func offsetTableEntriesPastTheEndAreRefusedAtOpen() throws {
        var d = try Damaged()
        defer { d.remove() }
        let at = d.tableOffset + 8 * 5
        Damaged.put(UInt64(d.docs.count + 100), &d.docs, at)
        let e = corruption { _ = try d.open() }
        #expect(e?.path == d.docsPath)
        #expect(e?.offset == at)
        // Out of order (inside the file, but before the previous record) too.
        var o = try Damaged()
        defer { o.remove() }
        Damaged.put(UInt64(o.recordOffset(1)), &o.docs, o.tableOffset + 8 * 2 + 0)
        Damaged.put(UInt64(o.recordOffset(0)), &o.docs, o.tableOffset + 8 * 3)
        #expect(corruption { _ = try o.open() }?.offset == o.tableOffset + 8 * 3)
    }

    @Test func idAndTextLengthsPastTheRecordThrowWithTheLengthsOffset() throws {
        var d = try Damaged()
        defer { d.remove() }
        let record = d.recordOffset(2)
        Damaged.put(UInt64(d.docs.count), &d.docs, record, width: 4)
        let index = try d.open()
        var e = corruption { _ = try index.documentID(2) }
        #expect(e?.path == d.docsPath)
        #expect(e?.offset == record + 4)
        e = corruption { try useEverything(index) }
        #expect(e?.offset == record + 4)

        var t = try Damaged()
        defer { t.remove() }
        let r4 = t.recordOffset(4)
        let textLengthAt = r4 + 4 + t.u32(t.docs, r4)
        Damaged.put(0x7FFF_FFFF, &t.docs, textLengthAt, width: 4)
        let other = try t.open()
        #expect(corruption { _ = try other.textBytes(4) }?.offset == textLengthAt + 4)
        #expect(corruption { _ = try other.tokenCount(4) }?.offset == textLengthAt + 4)
    }

    @Test func termNumbersPastTheTermTableThrow() throws {
        var d = try Damaged()
        defer { d.remove() }
        // The header's term count shrinks to 1: every later term number is out of range.
        Damaged.put(1, &d.docs, 32)
        let index = try d.open()
        let e = corruption { try useEverything(index) }
        #expect(e?.path == d.docsPath)
        #expect(e?.reason.contains("term number") == true)
    }

    @Test func tokenCountsLargerThanTheRecordThrowBeforeAllocating() throws {
        var d = try Damaged()
        defer { d.remove() }
        // Document 0's token count (after 7 strings and the line) claims 2³² − 1 tokens.
        var o = d.recordOffset(0)
        for _ in 0..<7 {
            let l = d.u32(d.docs, o)
            o += 4 + (l == 0xFFFF_FFFF ? 0 : l)
        }
        Damaged.put(0xFFFF_FFFF, &d.docs, o + 4, width: 4)
        let index = try d.open()
        let e = corruption { _ = try index.terms(of: 0) }
        #expect(e?.offset == o + 4)
    }

    @Test func truncatedSegmentFilesAreRefusedAtOpen() throws {
        var d = try Damaged()
        defer { d.remove() }
        for keep in [0, 7, 40, d.docs.count / 2, d.docs.count - 1] {
            var cut = d
            cut.docs = Array(d.docs.prefix(keep))
            let e = corruption { _ = try cut.open() }
            #expect(e?.path == d.docsPath, "\(keep) bytes")
        }
        d.postings = Array(d.postings.prefix(d.postings.count - 3))
        #expect(corruption { _ = try d.open() }?.path == d.postingsPath)
    }

    @Test func aManifestWhoseSegmentsDisagreeIsRefused() throws {
        let d = try Damaged()
        defer { d.remove() }
        let manifest = d.directory + "/" + MatchIndex.manifestName
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"firstDocument\" : 0", with: "\"firstDocument\" : 5")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(corruption { _ = try MatchIndex.open(d.directory) }?.path == manifest)
        try text.replacingOccurrences(of: "\"seg-000000\"", with: "\"../seg-000000\"")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(corruption { _ = try MatchIndex.open(d.directory) }?.path == manifest)
    }

    /// The `refrain` executable built beside the test bundle.
    static var refrain: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("refrain")
    }

    /// Runs `refrain arguments`; its exit status and standard error.
    func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = Self.refrain
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func findAndQuotesOnADamagedIndexExitOneWithTheFileAndOffset() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.refrain.path), "build the refrain executable first")
        var d = try Damaged()
        defer { d.remove() }
        for k in 0..<d.keyCount { Damaged.put(UInt64(d.postings.count + 4096), &d.postings, d.keysOffset + 24 * k + 8) }
        Damaged.put(1, &d.docs, 32)
        _ = try d.open()
        let find = try run(["find", "another bit of fake news", "--index", d.directory, "--quiet"])
        #expect(find.status == 1)
        #expect(find.stderr.contains("seg-000000.post: corrupt index at byte "), "\(find.stderr)")
        let quotes = try run(["quotes", "--index", d.directory, "--quiet"])
        #expect(quotes.status == 1)
        #expect(quotes.stderr.contains("seg-000000.docs: corrupt index at byte "), "\(quotes.stderr)")
        var offsets = try Damaged()
        defer { offsets.remove() }
        Damaged.put(1 << 63, &offsets.docs, offsets.tableOffset + 8)
        _ = try? offsets.open()
        let open = try run(["find", "fake news", "--index", offsets.directory])
        #expect(open.status == 1)
        #expect(open.stderr.contains("seg-000000.docs: corrupt index at byte \(offsets.tableOffset + 8)"), "\(open.stderr)")
    }
}
