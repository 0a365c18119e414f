import Foundation

/// How far a read has come through its inputs, for a progress line: input bytes of the
/// documents handed on so far, against the inputs' total size where it is known.
///
/// Safe to update from the thread that reads and to query from another.
public final class ReadProgress: @unchecked Sendable {
    // Safety: `done` is guarded by `lock`; `total` is immutable.
    private let lock = NSLock()
    private var done = 0
    /// The inputs' size in bytes, when ``knownSize(of:)`` could tell it.
    public let total: Int?

    /// Progress through `inputs`; the total is ``knownSize(of:)``.
    public init(inputs: [String]) {
        total = Self.knownSize(of: inputs)
    }

    /// Counts `documents` as read: the bytes of their records (a JSON line with its newline,
    /// a whole text file).
    public func add(_ documents: [Document]) {
        var bytes = 0
        for document in documents { bytes += document.origin.byteCount + (document.origin.line == nil ? 0 : 1) }
        lock.lock()
        done += bytes
        lock.unlock()
    }

    /// Input bytes of the documents counted so far.
    public var bytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return done
    }

    /// The share of the input read, in 0...1, when the total is known. Approximate: skipped
    /// records and blank lines are not counted.
    public var fraction: Double? {
        guard let total, total > 0 else { return nil }
        return min(1, Double(bytes) / Double(total))
    }

    /// The total size of `inputs` when every one is an uncompressed regular file (the bytes the
    /// reader will go through); nil for standard input, directory trees and `.gz` files, whose
    /// size is unknown before they are read.
    public static func knownSize(of inputs: [String]) -> Int? {
        var total = 0
        for input in inputs {
            guard input != "-", !input.lowercased().hasSuffix(".gz") else { return nil }
            var info = stat()
            guard stat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            total += Int(info.st_size)
        }
        return total
    }
}
