import Foundation
import RefrainCorpus
import RefrainParallel

/// Where a dedupe run gets its documents: batches in read order, an empty batch at the end.
///
/// The engine opens a fresh source for each pass over the corpus (boilerplate detection reads it
/// twice), so sources must yield the same documents each time.
public protocol DocumentBatchSource {
    /// The next documents in read order; empty when there are no more.
    mutating func nextBatch() throws -> [Document]
}

/// Batches from a ``CorpusReader``.
///
/// Batches start small and double up to the limits, so the workers start on the first documents
/// while the reader is still on the next ones (a short corpus is not read in one serial gulp).
public struct CorpusReaderSource: DocumentBatchSource {
    /// The reader.
    public let reader: CorpusReader
    /// Most documents per batch. Default 4096.
    public var maxDocuments: Int
    /// Batch size in text bytes. Default 4 MiB.
    public var maxBytes: Int
    private var scale = 16

    /// Batches from `reader`.
    public init(reader: CorpusReader, maxDocuments: Int = 4096, maxBytes: Int = 4 << 20) {
        self.reader = reader
        self.maxDocuments = maxDocuments
        self.maxBytes = maxBytes
    }

    /// The next batch.
    public mutating func nextBatch() throws -> [Document] {
        defer { scale = max(1, scale / 2) }
        return try reader.nextBatch(maxDocuments: max(1, maxDocuments / scale), maxBytes: max(1, maxBytes / scale))
    }
}

/// Batches from documents in memory (tests, small corpora).
public struct DocumentArraySource: DocumentBatchSource {
    let documents: [Document]
    var position = 0
    let batch: Int

    /// Batches of up to `batch` documents from `documents`.
    public init(_ documents: [Document], batch: Int = 256) {
        self.documents = documents
        self.batch = max(1, batch)
    }

    /// The next batch.
    public mutating func nextBatch() throws -> [Document] {
        let end = min(documents.count, position + batch)
        defer { position = end }
        return Array(documents[position..<end])
    }
}

/// Reads batches on a background thread while the caller processes the previous ones, keeping at
/// most `capacity` batches in flight.
final class Prefetcher: @unchecked Sendable {
    // Safety: all mutable state is guarded by `condition`; the source is used only by the thread.
    private let condition = NSCondition()
    private var queue: [[Document]] = []
    private var done = false
    private var failure: Error? = nil
    private var cancelled = false
    private let capacity: Int

    init(source: any DocumentBatchSource, capacity: Int = 2) {
        self.capacity = capacity
        let box = Unchecked(source)
        let thread = Thread { [self] in
            var source = box.value
            while true {
                let batch: [Document]
                do {
                    batch = try source.nextBatch()
                } catch {
                    condition.lock()
                    failure = error
                    done = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                condition.lock()
                if batch.isEmpty || cancelled {
                    done = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                while queue.count >= capacity && !cancelled { condition.wait() }
                queue.append(batch)
                condition.broadcast()
                condition.unlock()
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next batch, empty at the end; rethrows the source's error after the batches before it.
    func next() throws -> [Document] {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !done { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return []
    }

    /// Stops the thread after its current batch.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    deinit { cancel() }
}
