import Foundation
import Testing
import RefrainTestSupport
@testable import RefrainCorpus

@Suite struct JSONLinesReaderTests {
    @Test func readsFieldsAndOrigins() throws {
        let dir = try TemporaryDirectory()
        let lines = [
            #"{"id":"a1","text":"First.","source":"KCNA","date":"2024-06-19","url":"http://x/1","title":"T1"}"#,
            #"{"text":"Second.","id":42,"extra":{"nested":[1,2,{"k":null}]}}"#,
            #"{"text":"Third.","source":null,"date":1718755200,"title":true}"#,
        ]
        let path = try dir.write("news.jsonl", lines.joined(separator: "\n") + "\n")
        let (documents, summary) = try readAll([path])
        #expect(documents.count == 3)
        #expect(documents[0] == Document(
            ordinal: 0, id: "a1", text: "First.", source: "KCNA", date: "2024-06-19", url: "http://x/1", title: "T1",
            origin: .init(path: path, line: 1, byteOffset: 0, byteCount: lines[0].utf8.count)))
        #expect(documents[1].id == "42")
        #expect(documents[1].origin.line == 2)
        #expect(documents[1].origin.byteOffset == lines[0].utf8.count + 1)
        #expect(documents[2].id == "\(path):3")  // missing id
        #expect(documents[2].source == nil)       // null
        #expect(documents[2].date == "1718755200")  // number kept as written
        #expect(documents[2].title == nil)        // boolean ignored
        #expect(summary.lines == 3)
        #expect(summary.documents == 3)
        #expect(summary.bytesRead == lines.joined(separator: "\n").utf8.count + 1)
    }

    @Test func fieldNamesAreConfigurable() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("c.ndjson", #"{"doc_id":"x","content":"Body","outlet":"Yonhap","text":"not this"}"# + "\n")
        var options = ReaderOptions(textField: "content", idField: "doc_id", sourceField: "outlet")
        options.dateField = nil
        let documents = try readAll([path], options: options).documents
        #expect(documents.map(\.id) == ["x"])
        #expect(documents.map(\.text) == ["Body"])
        #expect(documents.map(\.source) == ["Yonhap"])
        // With the default field names the same line reads "text".
        #expect(try readAll([path]).documents.map(\.text) == ["not this"])
    }

    @Test func escapesAndSurrogatePairsAreDecoded() throws {
        let dir = try TemporaryDirectory()
        let line = #"{"id":"\u0041\/\"q\"","text":"tab\there\nline \\ \u00e9 \u4e2d \ud83d\ude00 \b\f\r end","t\u0069tle":"escaped key"}"#
        let path = try dir.write("e.jsonl", line)
        let documents = try readAll([path]).documents
        #expect(documents.first?.id == "A/\"q\"")
        #expect(documents.first?.text == "tab\there\nline \\ é 中 😀 \u{8}\u{C}\r end")
        #expect(documents.first?.title == "escaped key")
    }

    @Test func loneSurrogateEscapeBecomesReplacementWithWarning() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("s.jsonl", #"{"text":"a\ud800b\udc00c\ud83d"}"#)
        let log = WarningLog()
        let (documents, summary) = try readAll([path], log: log)
        #expect(documents.first?.text == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(log.warnings.map(\.kind) == [.loneSurrogate])
        #expect(log.warnings.first?.line == 1)
        #expect(summary.repairedDocuments == 1)
    }

    @Test func invalidUTF8InALineIsReplacedAndReportedWithFileOffset() throws {
        let dir = try TemporaryDirectory()
        let first = Array(#"{"text":"fine"}"#.utf8)
        let second = Array(#"{"id":"b","text":"bad "#.utf8) + [0xC3, 0x28] + Array(#" byte"}"#.utf8)
        let path = try dir.write("u.jsonl", bytes: first + [0x0A] + second + [0x0A])
        let log = WarningLog()
        let documents = try readAll([path], log: log).documents
        #expect(documents.map(\.text) == ["fine", "bad \u{FFFD}( byte"])
        let warning = try #require(log.warnings.first)
        #expect(warning.kind == .invalidUTF8)
        #expect(warning.line == 2)
        #expect(warning.byteOffset == first.count + 1 + 22)
        #expect(warning.description.hasPrefix("\(path):2: warning:"))
    }

    @Test func malformedLineErrorNamesFileLineAndColumn() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("m.jsonl", "{\"text\":\"ok\"}\n{\"text\" \"no colon\"}\n{\"text\":\"never read\"}\n")
        let reader = CorpusReader(inputs: [path])
        #expect(try reader.next()?.text == "ok")
        let error = #expect(throws: CorpusError.self) { try reader.next() }
        #expect(error == .malformedLine(file: path, line: 2, column: 9, reason: "expected ':' after key, found '\"'"))
        #expect(error?.description == "\(path):2:9: malformed JSON line: expected ':' after key, found '\"'")
        #expect(error?.line == 2)
        #expect(reader.summary.documents == 1)
    }

    @Test func skipBadLinesCountsAndWarnsInsteadOfFailing() throws {
        let dir = try TemporaryDirectory()
        let lines = [
            #"{"text":"one"}"#,
            #"{"text":"two""#,              // unterminated object
            #"["text","array"]"#,           // not an object
            #"{"id":"x"}"#,                 // missing text
            #"{"text":7}"#,                 // text not a string
            #"{"text":"bad id","id":[1]}"#, // id of the wrong type
            #"{"text":""}"#,                // empty text: skipped as empty, not malformed
            "   ",                          // blank
            #"{"text":"three"}"#,
        ]
        let path = try dir.write("bad.jsonl", lines.joined(separator: "\n"))
        var options = ReaderOptions()
        options.skipBadLines = true
        let log = WarningLog()
        let (documents, summary) = try readAll([path], options: options, log: log)
        #expect(documents.map(\.text) == ["one", "three"])
        #expect(documents.map(\.ordinal) == [0, 1])
        #expect(documents.map { $0.origin.line } == [1, 9])
        #expect(summary.skipped(.malformed) == 5)
        #expect(summary.skipped(.empty) == 1)
        #expect(summary.blankLines == 1)
        #expect(summary.lines == 9)
        #expect(log.warnings.map(\.line) == [2, 3, 4, 5, 6])
        #expect(log.warnings.allSatisfy { $0.kind == .malformedLineSkipped })
        #expect(log.warnings[2].message.contains("missing text field \"text\""))
        #expect(log.warnings[3].message.contains("must be a string, found a number"))
        // Without skipping, the first bad line stops the read.
        let error = #expect(throws: CorpusError.self) { try readAll([path]) }
        #expect(error?.line == 2)
    }

    @Test func enormousLineIsAnErrorOrSkipped() throws {
        let dir = try TemporaryDirectory()
        let big = "{\"text\":\"" + String(repeating: "y", count: 5000) + "\"}"
        let path = try dir.write("big.jsonl", ["{\"text\":\"a\"}", big, "{\"text\":\"b\"}", big].joined(separator: "\n"))
        var options = ReaderOptions()
        options.maxLineBytes = 1000
        options.readChunkBytes = 64  // the long line spans many reads
        #expect(throws: CorpusError.lineTooLong(file: path, line: 2, limit: 1000)) {
            try readAll([path], options: options)
        }
        options.skipBadLines = true
        let log = WarningLog()
        let (documents, summary) = try readAll([path], options: options, log: log)
        #expect(documents.map(\.text) == ["a", "b"])
        #expect(documents.map { $0.origin.line } == [1, 3])
        #expect(documents[1].origin.byteOffset == 13 + big.utf8.count + 1)
        #expect(summary.skipped(.tooLarge) == 2)
        #expect(log.warnings.map(\.line) == [2, 4])
        // With the whole file in one chunk the result is the same.
        options.readChunkBytes = 1 << 20
        #expect(try readAll([path], options: options).documents == documents)
    }

    @Test func linesStraddlingChunkBordersReadIdentically() throws {
        let dir = try TemporaryDirectory()
        var generator = SplitMix64(seed: 7)
        var expected: [String] = []
        var content = ""
        for index in 0..<400 {
            let length = Int(generator.next() % 300)
            let text = String((0..<length).map { _ in "abcdé中 \n\"\\".randomElement(using: &generator)! })
            expected.append(text)
            let object: [String: Any] = ["id": "d\(index)", "text": text.isEmpty ? "-" : text]
            if text.isEmpty { expected[index] = "-" }
            let data = try JSONSerialization.data(withJSONObject: object)
            content += String(decoding: data, as: UTF8.self) + (index % 3 == 0 ? "\r\n" : "\n")
        }
        let path = try dir.write("chunks.jsonl", content)
        #expect(content.utf8.count > 50_000)
        var reference: [Document]? = nil
        for chunk in [17, 64, 1000, 4096, 1 << 20] {
            var options = ReaderOptions()
            options.readChunkBytes = chunk
            let (documents, summary) = try readAll([path], options: options)
            #expect(documents.map(\.text) == expected, "chunk \(chunk)")
            #expect(summary.bytesRead == content.utf8.count)
            if let reference { #expect(documents == reference, "chunk \(chunk)") } else { reference = documents }
        }
        // Offsets point at the lines.
        let bytes = Array(content.utf8)
        for document in reference! {
            let start = document.origin.byteOffset
            #expect(bytes[start] == UInt8(ascii: "{"))
            #expect(start == 0 || bytes[start - 1] == 0x0A)
        }
    }

    @Test func gzippedJSONLinesIncludingConcatenatedMembers() throws {
        let dir = try TemporaryDirectory()
        let part1 = (0..<300).map { #"{"id":"p1-\#($0)","text":"member one, line \#($0)"}"# }.joined(separator: "\n") + "\n"
        let part2 = (0..<300).map { #"{"id":"p2-\#($0)","text":"member two, line \#($0)"}"# }.joined(separator: "\n") + "\n"
        let path = try dir.write("d.jsonl.gz", bytes: try gzip(Array(part1.utf8)) + (try gzip(Array(part2.utf8))))
        var options = ReaderOptions()
        options.readChunkBytes = 1000
        let (documents, summary) = try readAll([path], options: options)
        #expect(documents.count == 600)
        #expect(documents.first?.id == "p1-0")
        #expect(documents.last?.id == "p2-299")
        #expect(documents[300].origin.byteOffset == part1.utf8.count)
        #expect(summary.decodedBytes == part1.utf8.count + part2.utf8.count)
        #expect(summary.bytesRead == (try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int))
    }

    @Test func truncatedOrCorruptGzipIsAnError() throws {
        let dir = try TemporaryDirectory()
        let compressed = try gzip(Array(String(repeating: "{\"text\":\"line\"}\n", count: 2000).utf8))
        let truncated = try dir.write("t.jsonl.gz", bytes: Array(compressed.prefix(compressed.count / 2)))
        let error = #expect(throws: CorpusError.self) { try readAll([truncated]) }
        guard case .corruptGzip(let path, let reason)? = error else {
            Issue.record("expected corruptGzip, got \(String(describing: error))")
            return
        }
        #expect(path == truncated)
        #expect(reason.contains("unexpected end of file"))
        let notGzip = try dir.write("n.jsonl.gz", "{\"text\":\"plain\"}\n")
        #expect(throws: CorpusError.self) { try readAll([notGzip]) }
    }

    @Test func trailingGarbageAfterGzipIsIgnoredWithWarning() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write(
            "g.jsonl.gz", bytes: try gzip(Array("{\"text\":\"x\"}\n".utf8)) + Array("garbage".utf8))
        let log = WarningLog()
        let documents = try readAll([path], log: log).documents
        #expect(documents.map(\.text) == ["x"])
        #expect(log.warnings.map(\.kind) == [.trailingGzipData])
    }

    @Test func byteOrderMarkAndMissingFinalNewline() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("b.jsonl", bytes: [0xEF, 0xBB, 0xBF] + Array("{\"text\":\"a\"}\n{\"text\":\"b\"}".utf8))
        let documents = try readAll([path]).documents
        #expect(documents.map(\.text) == ["a", "b"])
        #expect(documents[0].origin.byteOffset == 3)
        #expect(documents[1].origin.byteOffset == 16)
    }

    @Test func emptyJSONLinesFileReadsNothing() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("empty.jsonl", "")
        let (documents, summary) = try readAll([path])
        #expect(documents.isEmpty)
        #expect(summary.files == 1)
        #expect(summary.lines == 0)
    }

    @Test func stdinIsSpooledAndCanBeReadTwice() throws {
        let dir = try TemporaryDirectory()
        let spool = try stdinSpool(Array("{\"text\":\"one\"}\n{\"id\":7}\n{\"text\":\"two\"}\n".utf8), in: dir)
        var options = ReaderOptions()
        options.skipBadLines = true
        for _ in 0..<2 {
            let reader = CorpusReader(inputs: ["-"], options: options, stdin: spool, warn: { _ in })
            var documents: [Document] = []
            while let document = try reader.next() { documents.append(document) }
            #expect(documents.map(\.text) == ["one", "two"])
            #expect(documents.map(\.id) == ["<stdin>:1", "<stdin>:3"])
            #expect(documents.map(\.origin.path) == ["<stdin>", "<stdin>"])
            #expect(reader.summary.skipped(.malformed) == 1)
        }
    }

    @Test func gzippedStdinIsRecognisedByMagicBytes() throws {
        let dir = try TemporaryDirectory()
        let spool = try stdinSpool(try gzip(Array("{\"text\":\"zipped\"}\n".utf8)), in: dir)
        let reader = CorpusReader(inputs: ["-"], options: ReaderOptions(), stdin: spool, warn: { _ in })
        #expect(try reader.next()?.text == "zipped")
        #expect(try reader.next() == nil)
    }

    @Test func stdinAsText() throws {
        let dir = try TemporaryDirectory()
        let spool = try stdinSpool(Array("Just prose,\nno JSON.".utf8), in: dir)
        let options = ReaderOptions(stdinFormat: .text)
        let reader = CorpusReader(inputs: ["-"], options: options, stdin: spool, warn: { _ in })
        let document = try #require(try reader.next())
        #expect(document.id == "<stdin>")
        #expect(document.text == "Just prose,\nno JSON.")
        #expect(try reader.next() == nil)
    }
}

