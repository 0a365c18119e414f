import Foundation
import Testing
@testable import RefrainCorpus

@Suite struct TextTreeTests {
    @Test func seedCorpusYieldsFiveDocumentsInSortedOrder() throws {
        let (documents, summary) = try readAll([seedCorpusPath])
        #expect(documents.map(\.id) == [
            "000_f49b0cf1a968be6d.txt", "001_716e6fbc3db45469.txt", "002_ba412a54cf4b0082.txt",
            "003_dfa434782f7f7181.txt", "004_dddc448aae3c46ab.txt",
        ])
        #expect(documents.map(\.ordinal) == [0, 1, 2, 3, 4])
        #expect(summary.documents == 5)
        #expect(summary.totalSkipped == 0)
        #expect(summary.warnings == 0)
        for document in documents {
            let onDisk = try String(contentsOfFile: seedCorpusPath + "/" + document.id, encoding: .utf8)
            #expect(document.text == onDisk)
            #expect(document.origin.path == seedCorpusPath + "/" + document.id)
            #expect(document.origin.line == nil)
            #expect(document.origin.byteCount == onDisk.utf8.count)
            #expect(!document.text.isEmpty)
        }
        let totalBytes = documents.reduce(0) { $0 + $1.origin.byteCount }
        #expect(summary.bytesRead == totalBytes)
        #expect(summary.decodedBytes == totalBytes)
    }

    @Test func treeOrderIsBytewiseOnTheWholeRelativePath() throws {
        let dir = try TemporaryDirectory()
        // Per-directory sorting would put "a/z.txt" before "a-b.txt" ('/' is 0x2F, '-' is 0x2D).
        // Unicode-aware String comparison would put precomposed "éa" before decomposed "e\u{301}x";
        // bytewise, 0x65 ('e') comes before 0xC3.
        let names = ["a/z.txt", "a-b.txt", "B.txt", "a/b/c.md", "\u{E9}a.txt", "e\u{301}x.txt", "e.txt", "Z.TXT"]
        for name in names {
            try dir.write(name, "text of \(name)")
        }
        let ids = try readAll([dir.path]).documents.map(\.id)
        #expect(ids.map { Array($0.utf8) } == [
            "B.txt", "Z.TXT", "a-b.txt", "a/b/c.md", "a/z.txt", "e.txt", "e\u{301}x.txt", "\u{E9}a.txt",
        ].map { Array($0.utf8) })
    }

    @Test func hiddenEntriesAndOtherFilesAreSkippedAndCounted() throws {
        let dir = try TemporaryDirectory()
        try dir.write("keep.txt", "kept")
        try dir.write(".hidden.txt", "hidden file")
        try dir.write(".git/objects/x.txt", "inside a hidden directory")
        try dir.write("notes.csv", "a,b")
        try dir.write("data.jsonl", "{\"text\":\"not read inside a tree\"}")
        let (documents, summary) = try readAll([dir.path])
        #expect(documents.map(\.id) == ["keep.txt"])
        #expect(summary.skipped(.hidden) == 2)
        #expect(summary.skipped(.unsupported) == 2)
    }

    @Test func emptyFileIsSkippedAndCountedWithoutWarning() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.txt", "alpha")
        try dir.write("b.txt", "")
        try dir.write("c.txt", bytes: [0xEF, 0xBB, 0xBF])  // only a byte-order mark
        try dir.write("d.txt", "delta")
        let log = WarningLog()
        let (documents, summary) = try readAll([dir.path], log: log)
        #expect(documents.map(\.id) == ["a.txt", "d.txt"])
        #expect(documents.map(\.ordinal) == [0, 1])
        #expect(summary.skipped(.empty) == 2)
        #expect(log.warnings.isEmpty)
    }

    @Test func binaryFileIsSkippedWithWarning() throws {
        let dir = try TemporaryDirectory()
        var bytes = Array("PNG-ish header".utf8)
        bytes += [0x00, 0x01, 0x02]
        try dir.write("image.txt", bytes: bytes)
        // A NUL beyond the first 8 KiB does not make a file binary.
        try dir.write("late-nul.txt", bytes: Array(repeating: UInt8(ascii: "x"), count: 9000) + [0])
        let log = WarningLog()
        let (documents, summary) = try readAll([dir.path], log: log)
        #expect(documents.map(\.id) == ["late-nul.txt"])
        #expect(summary.skipped(.binary) == 1)
        let warning = try #require(log.warnings.first)
        #expect(warning.kind == .binaryFile)
        #expect(warning.file == dir.path + "/image.txt")
        #expect(warning.byteOffset == 14)
        #expect(summary.warnings == 1)
    }

    @Test func invalidUTF8IsReplacedAndReportedWithByteOffset() throws {
        let dir = try TemporaryDirectory()
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9] + Array(" au lait ".utf8) + [0xF0, 0x9F, 0x98] + Array("!".utf8)
        let path = try dir.write("latin1.txt", bytes: bytes)
        let log = WarningLog()
        let (documents, summary) = try readAll([path], log: log)
        #expect(documents.count == 1)
        #expect(documents[0].text == "caf\u{FFFD} au lait \u{FFFD}!")
        #expect(summary.repairedDocuments == 1)
        let warning = try #require(log.warnings.first)
        #expect(warning.kind == .invalidUTF8)
        #expect(warning.file == path)
        #expect(warning.line == nil)
        #expect(warning.byteOffset == 3)
        #expect(warning.message.contains("2 sequences"))
        #expect(warning.description.contains("latin1.txt"))
    }

    @Test func byteOrderMarkIsRemovedAndOffsetsCountIt() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("bom.md", bytes: [0xEF, 0xBB, 0xBF] + Array("ab".utf8) + [0xFF])
        let log = WarningLog()
        let documents = try readAll([path], log: log).documents
        #expect(documents.first?.text == "ab\u{FFFD}")
        #expect(log.warnings.first?.byteOffset == 5)
    }

    @Test func singleFileIdIsThePathAsGiven() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("sub/one.md", "# Title\n\nBody.")
        let documents = try readAll([path]).documents
        #expect(documents.map(\.id) == [path])
        #expect(documents[0].text == "# Title\n\nBody.")
    }

    @Test func gzippedTextFilesAreDecompressed() throws {
        let dir = try TemporaryDirectory()
        let text = String(repeating: "Seoul and Pyongyang. ", count: 5000)
        try dir.write("tree/a.txt.gz", bytes: try gzip(Array(text.utf8)))
        try dir.write("tree/b.txt", "plain")
        let single = try dir.write("single.md.gz", bytes: try gzip(Array("single".utf8)))
        let (documents, summary) = try readAll([dir.url("tree"), single])
        #expect(documents.map(\.id) == ["a.txt.gz", "b.txt", single])
        #expect(documents.map(\.text) == [text, "plain", "single"])
        #expect(summary.decodedBytes == text.utf8.count + 5 + 6)
        #expect(summary.bytesRead < summary.decodedBytes)
    }

    @Test func missingPathIsAClearErrorBeforeAnyDocument() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.txt", "alpha")
        let missing = dir.url("no-such-dir")
        let reader = CorpusReader(inputs: [dir.path, missing])
        let error = #expect(throws: CorpusError.self) { try reader.next() }
        guard case .unreadable(let path, let reason)? = error else {
            Issue.record("expected .unreadable, got \(String(describing: error))")
            return
        }
        #expect(path == missing)
        #expect(reason.contains("No such file"))
        #expect(error?.description.hasPrefix(missing) == true)
        // The error is final.
        #expect(throws: CorpusError.self) { try reader.next() }
    }

    @Test func unsupportedSingleFileIsAnError() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("table.csv", "a,b")
        #expect(throws: CorpusError.unsupportedInput(
            path: path,
            reason: "expected a directory, '-', or a .txt, .md, .jsonl or .ndjson file (optionally .gz)")
        ) { try readAll([path]) }
    }

    @Test func oversizedTextFileIsAnErrorOrSkipped() throws {
        let dir = try TemporaryDirectory()
        try dir.write("big.txt", String(repeating: "x", count: 2000))
        try dir.write("small.txt", "ok")
        var options = ReaderOptions()
        options.maxTextFileBytes = 1000
        #expect(throws: CorpusError.fileTooLarge(path: dir.path + "/big.txt", limit: 1000)) {
            try readAll([dir.path], options: options)
        }
        options.skipBadLines = true
        let log = WarningLog()
        let (documents, summary) = try readAll([dir.path], options: options, log: log)
        #expect(documents.map(\.id) == ["small.txt"])
        #expect(summary.skipped(.tooLarge) == 1)
        #expect(log.warnings.map(\.kind) == [.oversizedSkipped])
    }

    @Test func directorySymlinkLoopIsNotFollowed() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a/doc.txt", "once")
        try FileManager.default.createSymbolicLink(atPath: dir.url("a/loop"), withDestinationPath: dir.url("a"))
        let log = WarningLog()
        let documents = try readAll([dir.path], log: log).documents
        #expect(documents.map(\.id) == ["a/doc.txt"])
        #expect(log.warnings.map(\.kind) == [.symlinkLoop])
    }

    @Test func ordinalsContinueAcrossInputs() throws {
        let dir = try TemporaryDirectory()
        try dir.write("t/x.txt", "x")
        try dir.write("t/y.txt", "y")
        let jsonl = try dir.write("d.jsonl", "{\"text\":\"z\"}\n{\"text\":\"w\"}\n")
        let documents = try readAll([dir.url("t"), jsonl, seedCorpusPath]).documents
        #expect(documents.map(\.ordinal) == Array(0..<9))
        #expect(documents.prefix(4).map(\.text) == ["x", "y", "z", "w"])
    }

    @Test func batchesRespectDocumentAndByteLimits() throws {
        let reader = CorpusReader(inputs: [seedCorpusPath])
        let first = try reader.nextBatch(maxDocuments: 2, maxBytes: .max)
        #expect(first.map(\.ordinal) == [0, 1])
        let second = try reader.nextBatch(maxDocuments: 10, maxBytes: 1)
        #expect(second.map(\.ordinal) == [2])  // at least one document, then the byte limit stops it
        let rest = try reader.nextBatch(maxDocuments: 10, maxBytes: .max)
        #expect(rest.map(\.ordinal) == [3, 4])
        #expect(try reader.nextBatch(maxDocuments: 10, maxBytes: .max).isEmpty)
    }

    @Test func batchReturnsDocumentsReadBeforeAnErrorThenThrows() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("d.jsonl", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{oops\n")
        let reader = CorpusReader(inputs: [path])
        #expect(try reader.nextBatch(maxDocuments: 10).map(\.text) == ["a", "b"])
        #expect(throws: CorpusError.self) { try reader.nextBatch(maxDocuments: 10) }
    }
}
