import Foundation
import RefrainTestSupport
import Testing

/// The built `refrain` binary, run as a user runs it: exit codes, the rules of which options
/// combine, and the help text.
@Suite("refrain command line")
struct CLITests {
    /// What one run gave.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `refrain` executable SwiftPM built next to this test bundle (`REFRAIN_BINARY` overrides).
    static let binary: String? = {
        if let path = ProcessInfo.processInfo.environment["REFRAIN_BINARY"] { return path }
        var directory = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("refrain").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// Runs `refrain arguments` from the repository root.
    static func refrain(_ arguments: [String]) throws -> Run {
        let binary = try #require(binary, "no refrain executable next to the test bundle; build it (swift build) or set REFRAIN_BINARY")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        // Standard error goes to a file, so neither stream can fill a pipe and block the process.
        let errPath = (NSTemporaryDirectory() as NSString).appendingPathComponent("refrain-cli-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let out = Pipe()
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    static let seed = "Corpora/dprk-ukraine-2024"

    // MARK: exit codes

    @Test func successIsZeroAndTheReportGoesToStandardOutput() throws {
        let run = try Self.refrain(["dedupe", Self.seed, "--level", "paragraph", "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""schema" : "refrain.dedupe/1""#))
        #expect(run.stderr.isEmpty, "--quiet prints nothing on standard error")
    }

    @Test func anUnreadableInputIsARuntimeErrorNamingIt() throws {
        let missing = "/nonexistent-\(UUID().uuidString).jsonl"
        let run = try Self.refrain(["dedupe", missing, "-q"])
        #expect(run.status == 1)
        #expect(run.stderr.contains(missing))
    }

    @Test(arguments: [
        ["dedupe"],
        ["dedupe", "--level", "sideways", seed],
        ["dedupe", "--threshold", "1.5", seed],
        ["dedupe", "--part", "3/2", seed],
        ["find", "fake news"],
        ["find", "fake news", seed, "--min-score", "2"],
        ["quotes", seed, "--min-similarity", "0"],
        ["tokenize"],
        ["nonsense-command"],
    ])
    func aUsageErrorIsTwo(arguments: [String]) throws {
        let run = try Self.refrain(arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(!run.stderr.isEmpty, "a usage error says what is wrong")
        #expect(run.stdout.isEmpty)
    }

    @Test func aWrongEnumValueListsTheAllowedOnes() throws {
        let run = try Self.refrain(["dedupe", "--keep", "newest", Self.seed])
        #expect(run.status == 2)
        #expect(run.stderr.contains("earliest") && run.stderr.contains("first") && run.stderr.contains("longest"), "\(run.stderr)")
    }

    @Test func failOnMatchIsThreeWhenSomethingMatched() throws {
        let found = try Self.refrain(["find", "another bit of fake news", Self.seed, "--fail-on-match", "-q"])
        #expect(found.status == 3)
        let duplicates = try Self.refrain(["dedupe", "--level", "paragraph", Self.seed, "--fail-on-match", "-q"])
        #expect(duplicates.status == 3)
        let none = try Self.refrain(["find", "zyxwv qwertyuiop", Self.seed, "--fail-on-match", "-q"])
        #expect(none.status == 0)
    }

    // MARK: stage combinations (the rules are DedupeRunPlan's; these check the CLI applies them)

    @Test(arguments: [
        (["dedupe", "--shard", "stages", seed], "give either input paths or --shard directories"),
        (["dedupe", seed, "--stop-after", "signatures"], "--stop-after signatures writes to --work-dir"),
        (["dedupe", seed, "--stop-after", "candidates", "--work-dir", "w"], "work on --shard directories"),
        (["dedupe", "--shard", "a", "--write-deduped", "out.jsonl"], "--write-deduped needs the corpus"),
        (["dedupe", "--shard", "a", "--format", "html"], "an HTML report shows the documents' text"),
        (["dedupe", seed, "--part", "1/2"], "--part goes with --stop-after candidates or pairs"),
        (["dedupe", "--shard", "a", "--pairs", "p", "--stop-after", "pairs", "--work-dir", "w"], "--stop-after pairs verifies candidates parts"),
        (["dedupe", seed, "--boilerplate", "--stop-after", "signatures", "--work-dir", "w"], "--boilerplate counts lines across the whole corpus"),
        (["dedupe", "--stop-after", "everything", seed], "everything"),
    ])
    func stageOptionsThatDoNotCombineAreUsageErrors(arguments: [String], message: String) throws {
        let run = try Self.refrain(arguments)
        #expect(run.status == 2, "\(arguments)")
        #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
    }

    @Test func aShardedRunGivesTheSingleRunsReport() throws {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("refrain-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let work = (directory as NSString).appendingPathComponent("shard")
        let single = try Self.refrain(["dedupe", Self.seed, "--level", "paragraph", "-q"])
        let stage = try Self.refrain(["dedupe", Self.seed, "--level", "paragraph", "--work-dir", work, "--stop-after", "signatures", "-q"])
        #expect(stage.status == 0, "\(stage.stderr)")
        let merged = try Self.refrain(["dedupe", "--shard", work, "--level", "paragraph", "-q"])
        #expect(merged.status == 0, "\(merged.stderr)")
        // The same report, but for the count of skipped documents, which only a run that read the
        // corpus knows.
        let lines = single.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.contains(#""skipped_documents" : 0,"#) })
        let withoutSkipped = lines.filter { !$0.contains(#""skipped_documents""#) }.joined(separator: "\n")
        #expect(merged.stdout == withoutSkipped)
    }

    // MARK: help snapshots

    /// Set to update the snapshot files instead of comparing with them.
    static let updating = ProcessInfo.processInfo.environment["REFRAIN_UPDATE_SNAPSHOTS"] == "1"

    @Test(arguments: ["", "dedupe", "find", "quotes", "index", "tokenize"])
    func helpMatchesItsSnapshot(command: String) throws {
        let run = try Self.refrain((command.isEmpty ? [] : [command]) + ["--help"])
        #expect(run.status == 0)
        let name = "help-\(command.isEmpty ? "refrain" : command).txt"
        let path = Repository.root.appendingPathComponent("Tests/RefrainCLITests/Snapshots/\(name)").path
        if Self.updating {
            try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        let snapshot = try? String(contentsOfFile: path, encoding: .utf8)
        #expect(run.stdout == snapshot, """
            `refrain \(command) --help` differs from Tests/RefrainCLITests/Snapshots/\(name). If the change is \
            intended, update the snapshots with `REFRAIN_UPDATE_SNAPSHOTS=1 swift test --filter RefrainCLITests` \
            and review the diff.
            """)
    }
}
