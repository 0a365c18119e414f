import Foundation
import Testing
@testable import RefrainCorpus

@Suite struct CorpusWriterTests {
    /// Lines with unusual formatting that a re-serialisation would change.
    static let lines = [
        #"{"id":"a", "text":"alpha",  "extra":{"z":1,"a":[true,null]}}"#,
        #"{"text":"beta","id":2,"unicode":"\u00e9\/"}"#,
        "  ",
        #"{"text":"not closed""#,
        #"{"text":"gamma","id":"c"}"# + "\r",
        #"{"text":""}"#,
        #"{"text":"delta","note":"last line, no newline"}"#,
    ]

    @Test func keepsExactlyTheChosenJSONLinesWithOriginalBytes() throws {
        let dir = try TemporaryDirectory()
        let input = try dir.write("in.jsonl", Self.lines.joined(separator: "\n"))
        var options = ReaderOptions()
        options.skipBadLines = true
        let (documents, _) = try readAll([input], options: options)
        #expect(documents.map(\.text) == ["alpha", "beta", "gamma", "delta"])

        let output = dir.url("out.jsonl")
        let result = try CorpusWriter.writeFiltered(
            inputs: [input], options: options, keep: { $0 == 0 || $0 == 2 || $0 == 3 }, to: output)
        #expect(result.documentsWritten == 3)
        #expect(result.documentsDropped == 1)
        #expect(result.read.skipped(.malformed) == 1)
        #expect(result.read.skipped(.empty) == 1)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        // The record with text "" is no document, but it is no duplicate either: copied as read.
        #expect(written == [Self.lines[0], Self.lines[4], Self.lines[5], Self.lines[6]].joined(separator: "\n") + "\n")
        #expect(result.emptyRecordsWritten == 1)
        #expect(try dir.listing() == ["in.jsonl", "out.jsonl"])
    }

    @Test func gzipOutputAndMultipleInputsKeepOrdinals() throws {
        let dir = try TemporaryDirectory()
        let first = try dir.write("1.jsonl.gz", bytes: try gzip(Array("{\"text\":\"one\"}\n{\"text\":\"two\"}\n".utf8)))
        let second = try dir.write("2.ndjson", "{\"text\":\"three\"}\n{\"text\":\"four\"}\n")
        let output = dir.url("kept.jsonl.gz")
        try CorpusWriter.writeFiltered(inputs: [first, second], keep: { $0 % 2 == 1 }, to: output)
        let compressed = try Array(Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(compressed.starts(with: [0x1F, 0x8B]))
        #expect(String(decoding: try gunzip(compressed), as: UTF8.self) == "{\"text\":\"two\"}\n{\"text\":\"four\"}\n")
        // And the reader reads its own output.
        #expect(try readAll([output]).documents.map(\.text) == ["two", "four"])
    }

    @Test func largeGzipOutputRoundTrips() throws {
        let dir = try TemporaryDirectory()
        let lines = (0..<20_000).map { #"{"id":\#($0),"text":"document number \#($0) \#(String(repeating: "x", count: $0 % 97))"}"# }
        let input = try dir.write("big.jsonl", lines.joined(separator: "\n") + "\n")
        let output = dir.url("big.out.jsonl.gz")
        let result = try CorpusWriter.writeFiltered(inputs: [input], keep: { $0 % 3 != 0 }, to: output)
        let kept = lines.enumerated().filter { $0.offset % 3 != 0 }.map(\.element)
        #expect(result.documentsWritten == kept.count)
        let bytes = try gunzip(Array(Data(contentsOf: URL(fileURLWithPath: output))))
        #expect(String(decoding: bytes, as: UTF8.self) == kept.joined(separator: "\n") + "\n")
    }

    @Test func textTreeIsWrittenWithTheSameRelativePaths() throws {
        let dir = try TemporaryDirectory()
        try dir.write("in/a.txt", "A")
        try dir.write("in/sub/b.md", "B")
        try dir.write("in/sub/c.txt", "")  // empty: no document, takes no ordinal, but copied
        try dir.write("in/sub/deeper/d.txt", bytes: [0x44, 0xFF])  // repaired on reading, copied verbatim
        try dir.write("in/e.txt.gz", bytes: try gzip(Array("E".utf8)))
        let single = try dir.write("loose/f.txt", "F")
        let output = dir.url("out")
        let ids = try readAll([dir.url("in"), single]).documents.map(\.id)
        #expect(ids == ["a.txt", "e.txt.gz", "sub/b.md", "sub/deeper/d.txt", single])

        let result = try CorpusWriter.writeFiltered(
            inputs: [dir.url("in"), single], keep: { [1, 3, 4].contains($0) }, to: output)
        #expect(result.documentsWritten == 3)
        #expect(result.documentsDropped == 2)
        #expect(result.read.skipped(.empty) == 1)
        #expect(try dir.listing("out") == ["e.txt.gz", "f.txt", "sub"])
        #expect(try dir.listing("out/sub") == ["c.txt", "deeper"])
        #expect(result.emptyRecordsWritten == 1)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: output + "/sub/deeper/d.txt"))) == [0x44, 0xFF])
        #expect(try gunzip(Array(Data(contentsOf: URL(fileURLWithPath: output + "/e.txt.gz")))) == Array("E".utf8))
        #expect(try dir.listing() == ["in", "loose", "out"])  // no staging directory left
    }

    @Test func seedCorpusFilteredCopyMatchesTheOriginals() throws {
        let dir = try TemporaryDirectory()
        let output = dir.url("filtered")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)  // empty is fine
        try CorpusWriter.writeFiltered(inputs: [seedCorpusPath], keep: { $0 != 2 }, to: output)
        let documents = try readAll([output]).documents
        let originals = try readAll([seedCorpusPath]).documents
        #expect(documents.map(\.id) == originals.filter { $0.ordinal != 2 }.map(\.id))
        #expect(documents.map(\.text) == originals.filter { $0.ordinal != 2 }.map(\.text))
    }

    @Test func refusesMixedFormatsNonEmptyOutputAndOutputInsideInput() throws {
        let dir = try TemporaryDirectory()
        try dir.write("tree/a.txt", "A")
        let jsonl = try dir.write("d.jsonl", "{\"text\":\"x\"}\n")
        try dir.write("occupied/file.txt", "already here")
        #expect(throws: CorpusError.self) {
            try CorpusWriter.writeFiltered(inputs: [dir.url("tree"), jsonl], keep: { _ in true }, to: dir.url("o"))
        }
        let error = #expect(throws: CorpusError.self) {
            try CorpusWriter.writeFiltered(inputs: [dir.url("tree")], keep: { _ in true }, to: dir.url("occupied"))
        }
        #expect(error?.description.contains("must be empty") == true)
        #expect(throws: CorpusError.self) {
            try CorpusWriter.writeFiltered(inputs: [dir.url("tree")], keep: { _ in true }, to: dir.url("tree/out"))
        }
        #expect(try dir.listing("occupied") == ["file.txt"])
        #expect(!FileManager.default.fileExists(atPath: dir.url("o")))
    }

    @Test func failedReadLeavesNoOutput() throws {
        let dir = try TemporaryDirectory()
        let input = try dir.write("in.jsonl", "{\"text\":\"ok\"}\n{broken\n")
        let output = dir.url("out.jsonl")
        #expect(throws: CorpusError.self) {
            try CorpusWriter.writeFiltered(inputs: [input], keep: { _ in true }, to: output)
        }
        #expect(try dir.listing() == ["in.jsonl"])
    }

    @Test func stdinIsReadAgainFromTheSpool() throws {
        let dir = try TemporaryDirectory()
        let content = "{\"text\":\"s1\"}\n{\"text\":\"s2\",\"keep\":\"me\"}\n{\"text\":\"s3\"}\n"
        let spool = try stdinSpool(Array(content.utf8), in: dir)
        let reader = CorpusReader(inputs: ["-"], options: ReaderOptions(), stdin: spool, warn: { _ in })
        var kept: Set<Int> = []
        while let document = try reader.next() {
            if document.text != "s1" { kept.insert(document.ordinal) }
        }
        let output = dir.url("from-stdin.jsonl")
        try CorpusWriter.write(
            inputs: ["-"], options: ReaderOptions(), stdin: spool, edit: { kept.contains($0.ordinal) ? .keep : .drop }, to: output, warn: { _ in })
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "{\"text\":\"s2\",\"keep\":\"me\"}\n{\"text\":\"s3\"}\n")
    }

    // MARK: Edits

    @Test func editedJSONLinesChangeOnlyTheTextStringAndReadBackAsTheEditedText() throws {
        let dir = try TemporaryDirectory()
        let lines = [
            #"{"id":"a", "body":"One \"quoted\"\n\nTwo\ttab é\n\nThree",  "extra":{"z":1,"a":[true,null]}}"#,
            #"{"body":"only\n\nparagraphs","id":"b"}"#,
            #"{"body":"untouched \u00e9","id":"c"}"#,
        ]
        let input = try dir.write("in.jsonl", lines.joined(separator: "\n") + "\n")
        var options = ReaderOptions()
        options.textField = "body"
        let originals = try readAll([input], options: options).documents
        let first = originals[0].text
        #expect(first == "One \"quoted\"\n\nTwo\ttab é\n\nThree")
        // Cut "Two\ttab é\n\n" (a range ending inside "é" is widened to the whole scalar).
        let two = first.utf8.firstIndex(of: UInt8(ascii: "T"))!
        let start = first.utf8.distance(from: first.utf8.startIndex, to: two)
        let eAcute = start + 8
        let output = dir.url("out.jsonl")
        let result = try CorpusWriter.write(inputs: [input], options: options, edit: { document in
            switch document.ordinal {
            case 0: return .remove([start..<(eAcute + 1), (eAcute + 1)..<(eAcute + 4)])
            case 1: return .remove([0..<4, 4..<("only\n\nparagraphs".utf8.count)])
            default: return .keep
            }
        }, to: output)
        #expect(result.documentsWritten == 2)
        #expect(result.documentsEdited == 1)
        #expect(result.documentsEmptied == 1)
        #expect(result.bytesRemoved == "Two\ttab é\n\n".utf8.count + "only\n\nparagraphs".utf8.count)
        #expect(result.description.contains("1 emptied"))
        let written = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(written == [
            #"{"id":"a", "body":"One \"quoted\"\n\nThree",  "extra":{"z":1,"a":[true,null]}}"#,
            Substring(lines[2]), "",
        ])
        let reread = try readAll([output], options: options).documents
        #expect(reread.map(\.text) == ["One \"quoted\"\n\nThree", "untouched é"])
    }

    @Test func editedTextFilesHoldTheEditedTextCompressedWhenTheInputWas() throws {
        let dir = try TemporaryDirectory()
        try dir.write("in/a.txt", "Keep this.\n\nCut this.\n\nAnd this stays.\n")
        try dir.write("in/b.txt.gz", bytes: try gzip(Array("Gone.\n\nStays.\n".utf8)))
        try dir.write("in/c.txt", "Untouched\r\n")
        let output = dir.url("out")
        let result = try CorpusWriter.write(inputs: [dir.url("in")], edit: { document in
            switch document.ordinal {
            case 0: return .remove([12..<23])
            case 1: return .remove([0..<7])
            default: return .keep
            }
        }, to: output)
        #expect(result.documentsWritten == 3 && result.documentsEdited == 2 && result.documentsEmptied == 0)
        #expect(try String(contentsOfFile: output + "/a.txt", encoding: .utf8) == "Keep this.\n\nAnd this stays.\n")
        #expect(try gunzip(Array(Data(contentsOf: URL(fileURLWithPath: output + "/b.txt.gz")))) == Array("Stays.\n".utf8))
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: output + "/c.txt"))) == Array("Untouched\r\n".utf8))
    }

    @Test func removingClampsMergesAndKeepsScalarsWhole() {
        let text = "añb\u{1F600}c"  // a, ñ (2 bytes), b, 😀 (4 bytes), c
        #expect(DocumentEdit.removing([], from: text) == Array(text.utf8))
        #expect(String(decoding: DocumentEdit.removing([2..<3], from: text), as: UTF8.self) == "ab\u{1F600}c")
        #expect(String(decoding: DocumentEdit.removing([5..<6, 4..<5, -3..<1], from: text), as: UTF8.self) == "ñbc")
        #expect(DocumentEdit.removing([0..<100], from: text).isEmpty)
        #expect(DocumentEdit.isBlank(DocumentEdit.removing([0..<1], from: "x \n\t")))
    }
}
