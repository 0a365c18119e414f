import Dispatch
import Foundation
import RefrainText
import RefrainCorpus
import RefrainParallel
import RefrainBytes

/// An inverted index of documents for ``QuoteFinder`` and ``QuoteClusterer``: the documents'
/// text and metadata, each document's terms (so queries align without re-tokenizing), and
/// for every index key (a content term, or two neighbouring content terms) the documents that
/// contain it.
///
/// Build one in memory from documents (``init(documents:termOptions:threads:)``), or on disk
/// in a directory (``write(_:to:termOptions:segmentDocuments:threads:)`` creates or appends,
/// ``open(_:)`` maps it back). Building tokenizes on several threads; the index is the same
/// whatever their number.
/// An on-disk index is a list of segments, each written once and never changed; appending
/// documents adds a segment. The format is documented at ``IndexFormat``.
///
/// Immutable once made, so one index can serve many threads.
public final class MatchIndex: @unchecked Sendable {
    /// How the index's terms were made; queries must use the same.
    public let termOptions: TermOptions
    /// Number of documents.
    public let documentCount: Int
    let segments: [Segment]
    /// Where the index lives, or nil for an in-memory index.
    public let directory: String?

    init(termOptions: TermOptions, segments: [Segment], directory: String?) {
        self.termOptions = termOptions
        self.segments = segments
        self.documentCount = segments.reduce(0) { $0 + $1.documentCount }
        self.directory = directory
    }

    /// An in-memory index of `documents`, numbered in order from 0, built on `threads` threads
    /// (default: every core; the index is the same whatever the count).
    public convenience init<S: Sequence>(documents: S, termOptions: TermOptions = TermOptions(), threads: Int = Parallel.allCores)
    where S.Element == Document {
        var iterator = documents.makeIterator()
        var segment: Segment? = nil
        // Never throws: the documents come from a sequence and the builder's output is valid by construction.
        _ = try! Self.ingest(termOptions: termOptions, threads: threads, segmentDocuments: Int.max, next: { iterator.next() }) { builder in
            let (docs, postings) = builder.finish(threads: threads)
            segment = try Segment(docs: MappedBytes(bytes: docs), postings: MappedBytes(bytes: postings), firstDocument: 0)
        }
        if segment == nil {
            var empty = SegmentBuilder()
            let (docs, postings) = empty.finish()
            segment = try! Segment(docs: MappedBytes(bytes: docs), postings: MappedBytes(bytes: postings), firstDocument: 0)
        }
        self.init(termOptions: termOptions, segments: [segment!], directory: nil)
    }

    /// Prepares the documents `next` yields on `threads` threads, a batch at a time, and adds
    /// them to segments in input order; `segmentDone` receives each builder that reached
    /// `segmentDocuments` documents, and the last one, and must finish it. Returns the number
    /// of documents added. `next` is called on the calling thread only, and never again after
    /// it returns nil.
    ///
    /// With more than one thread the work is pipelined: while the workers tokenize one batch,
    /// the calling thread reads the next and adds the previous one to the segment (the adding
    /// is serial because segment term numbers are given in document order).
    static func ingest(
        termOptions: TermOptions, threads: Int, segmentDocuments: Int,
        next: () throws -> Document?, segmentDone: (inout SegmentBuilder) throws -> Void
    ) throws -> Int {
        let threads = max(1, threads)
        let preparers = (0..<threads).map { _ in DocumentPreparer(options: termOptions) }
        let batchSize = threads == 1 ? 64 : 256 * threads
        var builder = SegmentBuilder()
        var added = 0
        var more = true
        func read() throws -> [Document] {
            var batch: [Document] = []
            while more && batch.count < batchSize {
                guard let d = try next() else { more = false; break }
                batch.append(matchable(d))
            }
            return batch
        }
        func merge(_ prepared: [PreparedDocument]) throws {
            for p in prepared {
                builder.add(p)
                added += 1
                if builder.documentCount >= segmentDocuments {
                    try segmentDone(&builder)
                    builder = SegmentBuilder()
                }
            }
        }
        if threads == 1 {
            while true {
                let batch = try read()
                if batch.isEmpty { break }
                try merge(batch.map { preparers[0].prepare($0) })
            }
        } else {
            var job = PrepareJob.start(try read(), preparers: preparers, threads: threads)
            while let current = job {
                // Read the next batch while this one is prepared; wait; start the next; add this one.
                let batch: [Document]
                do { batch = try read() } catch { current.wait(); throw error }
                let prepared = current.wait()
                job = PrepareJob.start(batch, preparers: preparers, threads: threads)
                do { try merge(prepared) } catch { _ = job?.wait(); throw error }
            }
        }
        if builder.documentCount > 0 { try segmentDone(&builder) }
        return added
    }

    /// `d` as the index stores it: a text file's metadata header (``Document/bodyOffset``) turned
    /// into spaces, line breaks kept, so it is never matched while every byte offset stays that
    /// of the file as read.
    static func matchable(_ d: Document) -> Document {
        guard d.bodyOffset > 0 else { return d }
        var bytes = Array(d.text.utf8)
        for k in 0..<min(d.bodyOffset, bytes.count) where bytes[k] != 0x0A { bytes[k] = 0x20 }
        var out = d
        out.text = String(decoding: bytes, as: UTF8.self)
        return out
    }

    // MARK: - Reading

    /// Document `number` (0..<``documentCount``). Throws when the index file is damaged.
    public func document(_ number: Int) throws(MatchIndexError) -> StoredDocument {
        let (s, local) = locate(number)
        return try segments[s].document(local)
    }

    /// The id of document `number` (without reading the rest of it).
    public func documentID(_ number: Int) throws(MatchIndexError) -> String {
        let (s, local) = locate(number)
        return try segments[s].id(local)
    }

    /// The UTF-8 text of document `number`, without copying (valid while the index lives).
    public func textBytes(_ number: Int) throws(MatchIndexError) -> UnsafeBufferPointer<UInt8> {
        let (s, local) = locate(number)
        return try segments[s].textBytes(local)
    }

    /// The terms of document `number` as stored in the index: the same as ``TermTokenizer``
    /// gives for its text with ``termOptions``, without tokenizing again.
    public func terms(of number: Int) throws(MatchIndexError) -> TermSequence {
        var out = TermSequence()
        try terms(of: number, into: &out)
        return out
    }

    /// The terms of document `number` (see ``terms(of:)``), replacing the contents of `sequence`.
    public func terms(of number: Int, into sequence: inout TermSequence) throws(MatchIndexError) {
        var stored = DocumentTerms()
        try storedTerms(number, into: &stored)
        stored.sequence(into: &sequence)
    }

    /// The stored terms of document `number`, replacing `out`'s contents.
    func storedTerms(_ number: Int, into out: inout DocumentTerms) throws(MatchIndexError) {
        let (s, local) = locate(number)
        try segments[s].terms(local, into: &out)
    }

    /// The number of tokens of document `number`.
    public func tokenCount(_ number: Int) throws(MatchIndexError) -> Int {
        let (s, local) = locate(number)
        return try segments[s].tokenCount(local)
    }

    /// The segment holding document `number` and its number there. `number` must be in
    /// 0..<``documentCount`` (an argument error, like an array index; document numbers read
    /// from the index are checked against their segment when read).
    @inline(__always)
    func locate(_ number: Int) -> (Int, Int) {
        precondition(number >= 0 && number < documentCount, "document \(number) out of range")
        var lo = 0, hi = segments.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if segments[mid].firstDocument <= number { lo = mid } else { hi = mid - 1 }
        }
        return (lo, number - segments[lo].firstDocument)
    }

    /// Documents holding the content term `term` (a ``TermTokenizer`` hash).
    public func documentFrequency(term: UInt64) -> Int { documentFrequency(feature: Features.unigram(term)) }

    func documentFrequency(feature: UInt64) -> Int {
        var n = 0
        for s in segments { n += s.documentFrequency(feature) }
        return n
    }

    func forEachDocument(feature: UInt64, _ body: (Int) -> Void) throws(MatchIndexError) {
        for s in segments { try s.forEachDocument(feature, body) }
    }

    // MARK: - Disk

    /// The manifest file's name inside an index directory.
    public static let manifestName = "refrain-index.json"

    struct Manifest: Codable {
        struct SegmentEntry: Codable {
            var name: String
            var documents: Int
            var firstDocument: Int
        }
        var format: String
        var version: Int
        var terms: TermOptions
        var documents: Int
        var segments: [SegmentEntry]
    }

    /// Opens the index in `directory` (maps its segment files; reads nothing else up front).
    public static func open(_ directory: String) throws(MatchIndexError) -> MatchIndex {
        let manifestPath = (directory as NSString).appendingPathComponent(manifestName)
        let manifest = try readManifest(manifestPath)
        var segments: [Segment] = []
        var first = 0
        for (k, entry) in manifest.segments.enumerated() {
            // Segment names come from the manifest: plain file names only.
            guard !entry.name.isEmpty, !entry.name.contains("/"), entry.name != ".", entry.name != ".." else {
                throw .corrupt(path: manifestPath, offset: 0, reason: "segment \(k) has the name \"\(entry.name)\"")
            }
            guard entry.firstDocument == first else {
                throw .corrupt(path: manifestPath, offset: 0, reason: "segment \(entry.name) starts at document \(entry.firstDocument), not \(first)")
            }
            let docsPath = (directory as NSString).appendingPathComponent(entry.name + ".docs")
            let postingsPath = (directory as NSString).appendingPathComponent(entry.name + ".post")
            let docs: MappedBytes, postings: MappedBytes
            do throws(ByteReadError) {
                docs = try MappedBytes(mapping: docsPath)
                postings = try MappedBytes(mapping: postingsPath)
            } catch {
                throw .unreadable(path: error.path, reason: error.reason)
            }
            let segment = try Segment(docs: docs, postings: postings, firstDocument: entry.firstDocument)
            guard segment.documentCount == entry.documents else {
                throw .corrupt(path: docsPath, offset: 12, reason: "holds \(segment.documentCount) documents, manifest says \(entry.documents)")
            }
            first += segment.documentCount
            segments.append(segment)
        }
        guard first == manifest.documents else {
            throw .corrupt(path: manifestPath, offset: 0, reason: "segments hold \(first) documents, manifest says \(manifest.documents)")
        }
        return MatchIndex(termOptions: manifest.terms, segments: segments, directory: directory)
    }

    static func readManifest(_ path: String) throws(MatchIndexError) -> Manifest {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: "no index here (\(error.localizedDescription))")
        }
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: data) } catch {
            throw .corrupt(path: path, offset: 0, reason: "manifest is not valid JSON: \(error)")
        }
        guard manifest.format == "refrain-index" else { throw .corrupt(path: path, offset: 0, reason: "not a Refrain index manifest") }
        guard manifest.version == IndexFormat.version else { throw .unsupportedVersion(path: path, version: manifest.version) }
        return manifest
    }

    /// What ``write(_:to:termOptions:segmentDocuments:threads:)`` did.
    public struct WriteSummary: Sendable, Hashable {
        /// Documents added by this call.
        public var added: Int
        /// Documents in the index afterwards.
        public var total: Int
        /// Segments written by this call.
        public var segmentsWritten: Int
        /// Whether the index existed before (documents were appended).
        public var appended: Bool
    }

    /// Adds `documents` to the index in `directory`, creating it (and the directory) if needed.
    /// Appending requires the same `termOptions`. Documents are numbered after those already
    /// there. Each `segmentDocuments` documents make a segment (bounding memory while building).
    /// Documents are tokenized on `threads` threads (default: every core); the files are the
    /// same bytes whatever the count. The manifest is replaced atomically after the segment
    /// files are written, so a failed append leaves the index as it was.
    public static func write<S: Sequence>(
        _ documents: S, to directory: String, termOptions: TermOptions = TermOptions(), segmentDocuments: Int = 50_000,
        threads: Int = Parallel.allCores
    ) throws -> WriteSummary where S.Element == Document {
        var iterator = documents.makeIterator()
        return try write(to: directory, termOptions: termOptions, segmentDocuments: segmentDocuments, threads: threads) { iterator.next() }
    }

    /// Adds the documents `next` returns (until nil) to the index in `directory`, as
    /// ``write(_:to:termOptions:segmentDocuments:threads:)`` does. `next` is called on the
    /// calling thread only. An error thrown by `next` stops the write before the manifest
    /// changes: the index stays as it was.
    public static func write(
        to directory: String, termOptions: TermOptions = TermOptions(), segmentDocuments: Int = 50_000,
        threads: Int = Parallel.allCores, next: () throws -> Document?
    ) throws -> WriteSummary {
        let fm = FileManager.default
        let manifestPath = (directory as NSString).appendingPathComponent(manifestName)
        var manifest: Manifest
        var appended = false
        if fm.fileExists(atPath: manifestPath) {
            manifest = try readManifest(manifestPath)
            guard manifest.terms == termOptions else {
                throw MatchIndexError.optionsMismatch(path: manifestPath, reason: "the index was built with \(manifest.terms), not \(termOptions)")
            }
            appended = true
        } else {
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw MatchIndexError.unwritable(path: directory, reason: error.localizedDescription)
            }
            manifest = Manifest(format: "refrain-index", version: IndexFormat.version, terms: termOptions, documents: 0, segments: [])
        }
        var written = 0
        let added = try ingest(termOptions: termOptions, threads: threads, segmentDocuments: segmentDocuments, next: next) { builder in
            let name = String(format: "seg-%06d", manifest.segments.count)
            let (docs, postings) = builder.finish(threads: threads)
            try writeFileAtomically(docs, to: (directory as NSString).appendingPathComponent(name + ".docs"))
            try writeFileAtomically(postings, to: (directory as NSString).appendingPathComponent(name + ".post"))
            manifest.segments.append(.init(name: name, documents: builder.documentCount, firstDocument: manifest.documents))
            manifest.documents += builder.documentCount
            written += 1
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestPath), options: .atomic) } catch {
            throw MatchIndexError.unwritable(path: manifestPath, reason: error.localizedDescription)
        }
        return WriteSummary(added: added, total: manifest.documents, segmentsWritten: written, appended: appended)
    }
}

/// One batch of documents being prepared on worker threads in the background.
private final class PrepareJob: @unchecked Sendable {
    // Safe: `documents` and `preparers` are only read by the job, and `prepared` is written by
    // it before `group` is left and read by the waiting thread after.
    private let documents: [Document]
    private let preparers: [DocumentPreparer]
    private var prepared: [PreparedDocument] = []
    private let group = DispatchGroup()

    private init(documents: [Document], preparers: [DocumentPreparer]) {
        self.documents = documents
        self.preparers = preparers
    }

    /// Starts preparing `documents` on `threads` threads; nil when there are none.
    static func start(_ documents: [Document], preparers: [DocumentPreparer], threads: Int) -> PrepareJob? {
        guard !documents.isEmpty else { return nil }
        let job = PrepareJob(documents: documents, preparers: preparers)
        job.group.enter()
        DispatchQueue.global().async {
            job.prepared = Parallel.map(count: job.documents.count, threads: threads, chunk: 4) { i, worker in
                job.preparers[worker].prepare(job.documents[i])
            }
            job.group.leave()
        }
        return job
    }

    /// Waits for the batch and returns it, in input order.
    @discardableResult
    func wait() -> [PreparedDocument] {
        group.wait()
        return prepared
    }
}
