import Foundation
import RefrainCorpus
import Testing

/// The data-loss edges of the command line (issue 11), run as a new user runs them: each fix of
/// "found by trying every bad input" against the built binary.
@Suite("refrain: outputs, ids and messages on bad input")
struct DataLossEdgeTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built `refrain` in `directory` with `input` on standard input.
    static func refrain(_ arguments: [String], in directory: String, input: String = "") throws -> Run {
        let binary = try #require(CLITests.binary, "no refrain executable next to the test bundle")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let inPath = directory + "/.stdin-\(UUID().uuidString)", errPath = directory + "/.stderr-\(UUID().uuidString)"
        try Data(input.utf8).write(to: URL(fileURLWithPath: inPath))
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: inPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = Pipe()
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }

    /// A scratch directory, removed when released.
    final class Scratch {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("refrain-edges-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let full = path + "/" + name
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            return full
        }
        func read(_ name: String) throws -> String { try String(contentsOfFile: path + "/" + name, encoding: .utf8) }
        func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
    }

    static let fox = "the quick brown fox jumps over the lazy dog near the river bank"
    static let corpus = [
        #"{"id":"a","text":"\#(fox)"}"#, #"{"id":"b","text":""}"#, #"{"id":"c","text":"  "}"#,
        #"{"id":"d","text":"\#(fox)"}"#, #"{"id":"e","text":"a different document about something else entirely today"}"#,
    ].joined(separator: "\n") + "\n"

    @Test func anOutputThatIsAnInputIsRefusedBeforeAnythingIsRead() throws {
        let dir = try Scratch()
        try dir.write("corpus.jsonl", Self.corpus)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link.jsonl", withDestinationPath: "corpus.jsonl")
        for output in [["--write-deduped", "corpus.jsonl"], ["--write-deduped", "link.jsonl"], ["-o", "./corpus.jsonl"]] {
            let run = try Self.refrain(["dedupe", "corpus.jsonl"] + output, in: dir.path)
            #expect(run.status == 1, "\(output)")
            #expect(run.stderr.contains("would replace the input corpus.jsonl"), "\(run.stderr)")
            #expect(!run.stderr.contains("read:"), "refused before reading")
        }
        #expect(try dir.read("corpus.jsonl") == Self.corpus)
    }

    @Test func everyRecordThatIsNotARemovedDuplicateIsWritten() throws {
        let dir = try Scratch()
        try dir.write("corpus.jsonl", Self.corpus)
        let run = try Self.refrain(["dedupe", "corpus.jsonl", "--write-deduped", "out.jsonl", "-o", "report.json"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = Self.corpus.split(separator: "\n").map(String.init)
        #expect(try dir.read("out.jsonl") == [lines[0], lines[1], lines[2], lines[4]].joined(separator: "\n") + "\n")
        #expect(run.stderr.contains("wrote 3 of 4 documents to out.jsonl, and 1 empty record as read"), "\(run.stderr)")
    }

    @Test func duplicateIDsWarnAndAreUniqueInTheReport() throws {
        let dir = try Scratch()
        try dir.write("corpus.jsonl", Self.corpus)
        let run = try Self.refrain(["dedupe", "corpus.jsonl", "corpus.jsonl", "-o", "report.json"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains(#"corpus.jsonl:1: warning: duplicate id "a" (an earlier document has it); reported as "a#2""#), "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(try dir.read("report.json").utf8)) as? [String: Any]
        let clusters = report?["clusters"] as? [[String: Any]] ?? []
        let ids = clusters.flatMap { ($0["members"] as? [[String: Any]] ?? []).compactMap { $0["doc"] as? String } }
        #expect(ids.count == Set(ids).count, "no document named twice: \(ids)")
        #expect(Set(ids) == ["a", "d", "a#2", "d#2", "e", "e#2"], "\(ids)")
    }

    @Test func missingOutputDirectoriesFailAtOnceForEveryOutput() throws {
        let dir = try Scratch()
        try dir.write("corpus.jsonl", Self.corpus)
        for output in [["-o", "missing/dir/report.json"], ["--write-deduped", "missing/out.jsonl"]] {
            let run = try Self.refrain(["dedupe", "corpus.jsonl"] + output, in: dir.path)
            #expect(run.status == 1)
            #expect(run.stderr.contains("missing directories are not created"), "\(run.stderr)")
            #expect(!run.stderr.contains("dedupe:"), "failed before the work")
        }
        #expect(try dir.listing() == ["corpus.jsonl"])
    }

    @Test func leftoversOfKilledRunsAreRemovedAndThePairSharesARunID() throws {
        let dir = try Scratch()
        try dir.write("corpus.jsonl", Self.corpus)
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        try dir.write(".report.json.tmp-\(exited.processIdentifier)-abc", "half a report")
        try dir.write(".out.jsonl.tmp-\(exited.processIdentifier)-def", "half a corpus")
        let run = try Self.refrain(["dedupe", "corpus.jsonl", "--write-deduped", "out.jsonl", "-o", "report.json"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("note: removed ./.report.json.tmp-"), "\(run.stderr)")
        #expect(try dir.listing() == ["corpus.jsonl", "out.jsonl", "report.json"])
        let ids = [dir.path + "/report.json", dir.path + "/out.jsonl"].map(OutputCommit.runID(at:))
        #expect(ids[0] != nil && ids[0] == ids[1], "\(ids)")
    }

    @Test func messagesNameWhatWasSkippedAndSpeakPlainly() throws {
        let dir = try Scratch()
        try dir.write("tree/a.txt", Self.fox)
        try dir.write("tree/blank.txt", " \n\n  ")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1]).write(to: URL(fileURLWithPath: dir.path + "/tree/blob"))
        let run = try Self.refrain(["dedupe", "tree", "-o", "report.json"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("unsupported 1: tree/blob"), "\(run.stderr)")
        #expect(run.stderr.contains("dedupe: 2 documents (1 empty, without words: blank.txt), 0 candidates, 0 pairs"), "\(run.stderr)")
        // Plain text piped on standard input: the way out is named.
        let piped = try Self.refrain(["dedupe", "-"], in: dir.path, input: "just some plain text\n")
        #expect(piped.status == 1)
        #expect(piped.stderr.contains("--stdin-format text"), "\(piped.stderr)")
        // One "warning" per warning, no names from the code, singular nouns for one.
        try dir.write("bad.jsonl", "{\"id\":\"x\",\"text\":\"caf\u{FFFD} ok\"}\n{\"id\":\"y\",\"text\":\"\(String(repeating: "z", count: 300))\"}\n")
        let bad = try Self.refrain(["dedupe", "bad.jsonl", "--max-line-bytes", "100", "--skip-bad-lines"], in: dir.path)
        #expect(bad.status == 0, "\(bad.stderr)")
        #expect(!bad.stderr.contains("warning: bad.jsonl"), "\(bad.stderr)")
        #expect(!bad.stderr.contains("tooLarge") && !bad.stderr.contains("maxLineBytes"), "\(bad.stderr)")
        #expect(bad.stderr.contains("too large 1: bad.jsonl:2"), "\(bad.stderr)")
        #expect(bad.stderr.contains("dedupe: 1 document, 0 candidates, 0 pairs, 0 clusters, 0 duplicates"), "\(bad.stderr)")
        let strict = try Self.refrain(["dedupe", "bad.jsonl", "--max-line-bytes", "100"], in: dir.path)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("--max-line-bytes") && !strict.stderr.contains("maxLineBytes"), "\(strict.stderr)")
    }
}
