import Foundation
@testable import RefrainCorpus
import RefrainTestSupport

/// A fresh directory under the system temporary directory, removed when released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("refrain-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func url(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = url(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Names of the entries directly inside `relative` (the root by default), sorted.
    func listing(_ relative: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? path : url(relative)).sorted()
    }
}

/// Runs a command with `input` on standard input and returns its standard output.
func run(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let stdinPipe = Pipe()
    let stdoutPipe = Pipe()
    process.standardInput = stdinPipe
    process.standardOutput = stdoutPipe
    try process.run()
    // Feed input on another thread so a large output cannot deadlock the pipes.
    let writer = Thread {
        stdinPipe.fileHandleForWriting.write(Data(input))
        try? stdinPipe.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(output)
}

/// gzip-compresses with the system's `gzip`, an implementation independent of the reader's.
func gzip(_ bytes: [UInt8]) throws -> [UInt8] { try run(["gzip", "-c", "-n"], input: bytes) }

/// Decompresses with the system's `gzip`.
func gunzip(_ bytes: [UInt8]) throws -> [UInt8] { try run(["gzip", "-d", "-c"], input: bytes) }

/// Collects warnings from a reader's handler.
final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [CorpusWarning] = []

    var warnings: [CorpusWarning] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    var handler: @Sendable (CorpusWarning) -> Void {
        { [self] warning in
            lock.lock()
            stored.append(warning)
            lock.unlock()
        }
    }
}

/// Reads every document of `inputs`.
func readAll(
    _ inputs: [String], options: ReaderOptions = ReaderOptions(), log: WarningLog = WarningLog()
) throws(CorpusError) -> (documents: [Document], summary: ReadSummary) {
    try readAllDocuments(inputs, options: options, warn: log.handler)
}

/// The repository's seed corpus.
let seedCorpusPath = Repository.seedCorpus.path

/// A stdin spool fed from a file holding `bytes`, standing in for the process's standard input.
func stdinSpool(_ bytes: [UInt8], in directory: TemporaryDirectory) throws -> StdinSpool {
    let path = try directory.write("stdin-\(UUID().uuidString).bin", bytes: bytes)
    let fd = open(path, O_RDONLY)
    precondition(fd >= 0)
    return StdinSpool(source: fd)
}

extension Array where Element == UInt8 {
    init(_ string: String) { self = Array(string.utf8) }
}
