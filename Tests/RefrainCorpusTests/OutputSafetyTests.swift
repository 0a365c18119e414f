import Foundation
import Testing
@testable import RefrainCorpus

/// The data-loss edges of writing outputs (issue 11): an output over an input, missing parents,
/// leftovers of killed runs, a report and corpus of two different runs, empty records, duplicate ids.
@Suite struct OutputSafetyTests {
    static let corpus = [
        #"{"id":"a","text":"the quick brown fox jumps over the lazy dog"}"#,
        #"{"id":"b","text":""}"#,
        #"{"id":"c","text":"   \t "}"#,
        #"{"id":"d","text":"the quick brown fox jumps over the lazy dog"}"#,
    ].joined(separator: "\n") + "\n"

    // MARK: 1. An output that is one of the inputs

    @Test func anOutputThatIsAnInputIsRefusedWhateverTheNameItGoesBy() throws {
        let dir = try TemporaryDirectory()
        let input = try dir.write("corpus.jsonl", Self.corpus)
        try FileManager.default.createSymbolicLink(atPath: dir.url("link.jsonl"), withDestinationPath: input)
        try FileManager.default.linkItem(atPath: input, toPath: dir.url("hard.jsonl"))
        try dir.write("tree/a.txt", "one document")
        for name in [input, dir.url("link.jsonl"), dir.url("hard.jsonl"), dir.url("tree/../corpus.jsonl"), dir.url("tree/./../corpus.jsonl")] {
            let plan = OutputPlan(inputs: [input], outputs: [OutputPlan.Output(role: "deduplicated corpus", path: name)])
            #expect(throws: CorpusError.self, "\(name)") { try plan.check() }
            do { try plan.check() } catch {
                #expect(error.description.contains("would replace the input"), "\(error)")
            }
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == Self.corpus)
        // A report, or a text file, inside an input tree would be read as one of its documents.
        let tree = dir.url("tree")
        #expect(throws: CorpusError.self) {
            try OutputPlan(inputs: [tree], outputs: [OutputPlan.Output(role: "report", path: dir.url("tree/report.txt"))]).check()
        }
        #expect(throws: CorpusError.self) {
            try OutputPlan(inputs: [tree], outputs: [OutputPlan.Output(role: "corpus", path: dir.url("tree/out"), isDirectory: true)]).check()
        }
        // A JSON report beside the documents is not read by the tree reader: allowed.
        try OutputPlan(inputs: [tree], outputs: [OutputPlan.Output(role: "report", path: dir.url("tree/report.json"))]).check()
        // Two outputs at one place.
        #expect(throws: CorpusError.self) {
            try OutputPlan(inputs: [input], outputs: [
                OutputPlan.Output(role: "report", path: dir.url("x.json")),
                OutputPlan.Output(role: "deduplicated corpus", path: dir.url("./x.json")),
            ]).check()
        }
    }

    // MARK: 4. Output locations, checked before the work

    @Test func missingParentsAreRefusedForEveryOutputAndNeverCreated() throws {
        let dir = try TemporaryDirectory()
        let input = try dir.write("corpus.jsonl", Self.corpus)
        try dir.write("tree/a.txt", "one document")
        let missing = dir.url("missing/dir")
        for output in [
            OutputPlan.Output(role: "report", path: missing + "/report.json"),
            OutputPlan.Output(role: "deduplicated corpus", path: missing + "/out.jsonl"),
            OutputPlan.Output(role: "deduplicated corpus", path: missing + "/tree", isDirectory: true),
        ] {
            do {
                try OutputPlan(inputs: [input], outputs: [output]).check()
                Issue.record("accepted \(output.path)")
            } catch {
                #expect(error.description.contains("missing directories are not created"), "\(error)")
            }
        }
        // The writer itself refuses too (for callers that skip the plan), and creates nothing.
        #expect(throws: CorpusError.self) {
            try CorpusWriter.writeFiltered(inputs: [dir.url("tree")], keep: { _ in true }, to: missing + "/tree")
        }
        #expect(throws: CorpusError.self) {
            try CorpusWriter.writeFiltered(inputs: [input], keep: { _ in true }, to: missing + "/out.jsonl")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.url("missing")))
        // A file output onto a directory, a tree output onto a file or a non-empty directory.
        try dir.write("full/x.txt", "x")
        let cases: [OutputPlan.Output] = [
            OutputPlan.Output(role: "report", path: dir.url("tree")),
            OutputPlan.Output(role: "deduplicated corpus", path: input, isDirectory: true),
            OutputPlan.Output(role: "deduplicated corpus", path: dir.url("full"), isDirectory: true),
        ]
        for output in cases {
            #expect(throws: CorpusError.self, "\(output.path)") { try OutputPlan(inputs: [input], outputs: [output]).check() }
        }
        // The kind of corpus output follows the inputs; mixing kinds fails before reading.
        #expect(try OutputPlan.corpusOutput(path: "o", inputs: [input], options: ReaderOptions()).isDirectory == false)
        #expect(try OutputPlan.corpusOutput(path: "o", inputs: [dir.url("tree")], options: ReaderOptions()).isDirectory == true)
        #expect(throws: CorpusError.self) {
            try OutputPlan.corpusOutput(path: "o", inputs: [input, dir.url("tree")], options: ReaderOptions())
        }
        // Two documents bound for one file name in the copy: refused before the run, not after.
        try dir.write("dirA/x.txt", "from A")
        try dir.write("dirB/x.txt", "from B")
        try dir.write("dirC/sub/a.txt", "from C")
        for inputs in [[dir.url("dirA/x.txt"), dir.url("dirB/x.txt")], [dir.url("dirA"), dir.url("dirB")],
                       [dir.url("tree"), dir.url("dirC/sub/a.txt")]] {
            #expect(throws: CorpusError.self, "\(inputs)") {
                try OutputPlan.corpusOutput(path: "o", inputs: inputs, options: ReaderOptions())
            }
        }
        #expect(try OutputPlan.corpusOutput(path: "o", inputs: [dir.url("dirA"), dir.url("dirC")], options: ReaderOptions()).isDirectory)
    }

    // MARK: 5. Temporary files and the report + corpus pair

    @Test func temporaryFilesOfDeadProcessesAreRemovedAndLiveOnesKept() throws {
        let dir = try TemporaryDirectory()
        let dead = try deadProcessID()
        let mine = getpid()
        try dir.write(".report.json.tmp-\(dead)-k3x9", "half a report")
        try dir.write(".report.json.tmp-\(mine)-a1b2", "a report being written now")
        try dir.write(".out.tmp-\(dead)-zz/inner/a.txt", "half a staged tree")
        try dir.write(".report.json.tmp-notapid", "not ours")
        try dir.write(".other.json.tmp-\(dead)-k3x9", "another output's")
        let plan = OutputPlan(inputs: [], outputs: [
            OutputPlan.Output(role: "report", path: dir.url("report.json")),
            OutputPlan.Output(role: "corpus", path: dir.url("out"), isDirectory: true),
        ])
        let removed = plan.removeStaleTemporaries()
        #expect(removed.count == 2)
        #expect(try dir.listing() == [".other.json.tmp-\(dead)-k3x9", ".report.json.tmp-\(mine)-a1b2", ".report.json.tmp-notapid"])
        #expect(TemporaryName.owner(of: TemporaryName.make(for: "x.jsonl"), for: "x.jsonl") == mine)
        #expect(TemporaryName.owner(of: ".x.jsonl.tmp-12-", for: "x.jsonl") == nil)
    }

    @Test func reportAndCorpusArePublishedTogetherWithOneRunID() throws {
        let dir = try TemporaryDirectory()
        let input = try dir.write("corpus.jsonl", Self.corpus)
        let out = dir.url("out.jsonl"), report = dir.url("report.json")
        func run(dropping: Int, publish: Bool) throws -> String {
            let corpus = try CorpusWriter.stage(inputs: [input], edit: { $0.ordinal == dropping ? .drop : .keep }, to: out)
            let writer = try AtomicFileWriter(path: report)
            try writer.write("report dropping \(dropping)")
            try writer.prepare()
            let commit = OutputCommit()
            if publish {
                try commit.publish([corpus, writer])
            } else {
                corpus.abort()
                writer.abort()
            }
            return commit.runID
        }
        let first = try run(dropping: 2, publish: true)
        let oldCorpus = try String(contentsOfFile: out, encoding: .utf8)
        #expect(OutputCommit.runID(at: out) == first)
        #expect(OutputCommit.runID(at: report) == first)
        // A run that stops before publishing leaves the old pair as it was, and no temporary file.
        _ = try run(dropping: 0, publish: false)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == oldCorpus)
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "report dropping 2")
        #expect(try dir.listing() == ["corpus.jsonl", "out.jsonl", "report.json"])
        let second = try run(dropping: 0, publish: true)
        #expect(second != first)
        #expect(OutputCommit.runID(at: out) == second && OutputCommit.runID(at: report) == second)
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "report dropping 0")
    }

    @Test func devicesAndPipesAreWrittenInPlaceNotReplaced() throws {
        let dir = try TemporaryDirectory()
        let fifo = dir.url("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        let writer = try AtomicFileWriter(path: fifo)
        try writer.write("through the pipe")
        try writer.commit()
        var buffer = [UInt8](repeating: 0, count: 64)
        let got = read(reader, &buffer, 64)
        #expect(String(decoding: buffer[..<max(0, got)], as: UTF8.self) == "through the pipe")
        var info = stat()
        #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(try dir.listing() == ["pipe"])
    }

    // MARK: 2. Every record that is not a removed duplicate is written

    @Test func emptyAndWhitespaceRecordsAreWrittenByteForByte() throws {
        let dir = try TemporaryDirectory()
        let input = try dir.write("corpus.jsonl", Self.corpus)
        let (documents, summary) = try readAll([input])
        #expect(documents.map(\.id) == ["a", "c", "d"])
        #expect(summary.skipped(.empty) == 1)
        // Drop the duplicate "d" (ordinal 2): everything else stays, "" and whitespace included.
        let out = dir.url("out.jsonl")
        let written = try CorpusWriter.writeFiltered(inputs: [input], keep: { $0 != 2 }, to: out)
        let lines = Self.corpus.split(separator: "\n").map(String.init)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == lines[0...2].joined(separator: "\n") + "\n")
        #expect(written.documentsWritten == 2 && written.emptyRecordsWritten == 1)
        #expect(written.description == "wrote 2 of 3 documents to \(out), and 1 empty record as read")
        // A tree: an empty file and a whitespace-only one are copied too.
        try dir.write("tree/a.txt", "the quick brown fox")
        try dir.write("tree/empty.txt", "")
        try dir.write("tree/blank.md", " \n\n ")
        let copy = try CorpusWriter.writeFiltered(inputs: [dir.url("tree")], keep: { _ in true }, to: dir.url("copy"))
        #expect(try dir.listing("copy") == ["a.txt", "blank.md", "empty.txt"])
        #expect(try String(contentsOfFile: dir.url("copy/blank.md"), encoding: .utf8) == " \n\n ")
        #expect(copy.documentsWritten == 2 && copy.emptyRecordsWritten == 1)
    }

    // MARK: 3. Duplicate ids

    @Test func duplicateIDsAreRenamedInReadOrderWithAWarning() throws {
        let dir = try TemporaryDirectory()
        let jsonl = try dir.write("ids.jsonl", [
            #"{"id":"x","text":"one"}"#, #"{"id":"x","text":"two"}"#, #"{"id":"x#2","text":"three"}"#,
            #"{"id":"x","text":"four"}"#, #"{"id":7,"text":"five"}"#, #"{"id":"7","text":"six"}"#,
        ].joined(separator: "\n"))
        let log = WarningLog()
        let (documents, summary) = try readAll([jsonl], log: log)
        #expect(documents.map(\.id) == ["x", "x#2", "x#2#2", "x#3", "7", "7#2"])
        #expect(summary.duplicateIDs == 4)
        #expect(log.warnings.filter { $0.kind == .duplicateID }.count == 4)
        #expect(log.warnings.first?.description == "\(jsonl):2: warning: duplicate id \"x\" (an earlier document has it); reported as \"x#2\"")
        #expect(summary.description.contains("4 duplicate ids renamed"))

        // The same file twice, and two trees sharing a relative path.
        try dir.write("dirA/x.txt", "from A")
        try dir.write("dirB/x.txt", "from B")
        let twice = try readAll([jsonl, jsonl]).documents.map(\.id)
        #expect(twice.count == 12 && Set(twice).count == 12)
        #expect(Array(twice[6...8]) == ["x#4", "x#5", "x#2#3"])
        #expect(try readAll([dir.url("dirA"), dir.url("dirB")]).documents.map(\.id) == ["x.txt", "x.txt#2"])
        // `- -`: standard input read twice.
        let spool = try stdinSpool(Array(#"{"id":"s","text":"from stdin"}"#.utf8), in: dir)
        let reader = CorpusReader(inputs: ["-", "-"], options: ReaderOptions(), stdin: spool, warn: { _ in })
        #expect(try reader.next()?.id == "s")
        #expect(try reader.next()?.id == "s#2")
        // Every read of the same inputs gives the same ids (the writer's pass included).
        #expect(try readAll([jsonl]).documents.map(\.id) == documents.map(\.id))
    }

    // MARK: 7. Messages

    @Test func summaryNamesWhatWasSkippedAndMessagesUseNoInternalNames() throws {
        let dir = try TemporaryDirectory()
        try dir.write("tree/a.txt", "words here")
        try dir.write("tree/blob", bytes: [0x7F, 0x45, 0x4C, 0x46, 0, 1, 2])
        try dir.write("tree/empty.txt", "")
        try dir.write("tree/binary.txt", bytes: [0x61, 0, 0x62])
        let log = WarningLog()
        let (documents, summary) = try readAll([dir.url("tree")], log: log)
        #expect(documents.count == 1)
        let text = summary.description
        #expect(text.hasPrefix("1 document from "), "\(text)")
        for part in ["binary 1: \(dir.url("tree/binary.txt"))", "empty 1: \(dir.url("tree/empty.txt"))",
                     "unsupported 1: \(dir.url("tree/blob"))"] {
            #expect(text.contains(part), "\(text)")
        }
        for warning in log.warnings {
            #expect(warning.description.components(separatedBy: "warning:").count == 2, "\(warning)")
        }
        // Oversized lines: the reason in words, no option names from the code.
        let big = try dir.write("big.jsonl", #"{"text":"\#(String(repeating: "a", count: 200))"}"# + "\n" + #"{"text":"ok"}"#)
        var options = ReaderOptions(maxLineBytes: 100)
        do {
            _ = try readAll([big], options: options)
            Issue.record("an oversized line was accepted")
        } catch {
            #expect(!error.description.contains("maxLineBytes"), "\(error)")
            #expect(error.description == "\(big):1: line longer than the limit of 100 bytes")
        }
        options.skipBadLines = true
        let skipped = try readAll([big], options: options).summary.description
        #expect(skipped.contains("too large 1: \(big):1") && !skipped.contains("tooLarge"), "\(skipped)")
        // More than the names kept: counted, with how many more.
        for i in 0..<8 { try dir.write("many/\(i).bin", "x") }
        let many = try readAll([dir.url("many")]).summary.description
        #expect(many.contains("unsupported 8: ") && many.contains(" and 3 more"), "\(many)")
    }

    @Test func readProgressKnowsTheTotalOnlyForPlainFiles() throws {
        let dir = try TemporaryDirectory()
        let input = try dir.write("corpus.jsonl", Self.corpus)
        let progress = ReadProgress(inputs: [input])
        #expect(progress.total == Self.corpus.utf8.count)
        let (documents, _) = try readAll([input])
        progress.add(Array(documents[..<1]))
        progress.add(Array(documents[1...]))
        // Three documents' lines with their newlines; the empty record is not a document.
        let lines = Self.corpus.split(separator: "\n")
        #expect(progress.bytes == lines[0].utf8.count + lines[2].utf8.count + lines[3].utf8.count + 3)
        #expect(progress.fraction(forDocuments: 3).map { $0 > 0.7 && $0 < 1 } == true)
        // Batch precision: the second batch counts only once its last document is done.
        #expect(progress.bytes(forDocuments: 0) == 0)
        #expect(progress.bytes(forDocuments: 2) == lines[0].utf8.count + 1)
        progress.restart()
        #expect(progress.bytes == 0)
        #expect(ReadProgress(inputs: [dir.path]).total == nil)
        #expect(ReadProgress(inputs: ["-"]).total == nil)
    }
}

/// The id of a process that has exited (and been reaped), so no longer alive.
private func deadProcessID() throws -> pid_t {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}
