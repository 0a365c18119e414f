import Foundation

/// How far a read has come through its inputs, for a progress line: input bytes of the
/// documents handed on so far, against the inputs' total size where it is known.
///
/// Safe to update from the thread that reads and to query from another.
public final class ReadProgress: @unchecked Sendable {
    // Safety: `checkpoints` is guarded by `lock`; `total` is immutable.
    private let lock = NSLock()
    /// After each batch: documents and input bytes counted so far.
    private var checkpoints: [(documents: Int, bytes: Int)] = []
    /// The inputs' size in bytes, when ``knownSize(of:)`` could tell it.
    public let total: Int?

    /// Progress through `inputs`; the total is ``knownSize(of:)``.
    public init(inputs: [String]) {
        total = Self.knownSize(of: inputs)
    }

    /// Counts a batch of `documents` as read: the bytes of their records (a JSON line with its
    /// newline, a whole text file).
    public func add(_ documents: [Document]) {
        var bytes = 0
        for document in documents { bytes += document.origin.byteCount + (document.origin.line == nil ? 0 : 1) }
        lock.lock()
        let last = checkpoints.last ?? (0, 0)
        checkpoints.append((last.documents + documents.count, last.bytes + bytes))
        lock.unlock()
    }

    /// Starts over, for another pass over the same inputs.
    public func restart() {
        lock.lock()
        checkpoints.removeAll()
        lock.unlock()
    }

    /// Input bytes of the documents counted so far.
    public var bytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return checkpoints.last?.bytes ?? 0
    }

    /// Input bytes of the first `documents` documents counted, to batch precision: a reader
    /// that reads ahead of the work counts batches before they are done.
    public func bytes(forDocuments documents: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        var lo = 0, hi = checkpoints.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if checkpoints[mid].documents <= documents { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? 0 : checkpoints[lo - 1].bytes
    }

    /// The share of the input the first `documents` documents make, in 0...1, when the total is
    /// known. Approximate: skipped records and blank lines are not counted.
    public func fraction(forDocuments documents: Int) -> Double? {
        guard let total, total > 0 else { return nil }
        return min(1, Double(bytes(forDocuments: documents)) / Double(total))
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
