import Foundation
import RefrainText
import RefrainCorpus

/// An inverted index of documents for ``QuoteFinder`` and ``QuoteClusterer``: the documents'
/// text and metadata, and for every index key (a content term, or two neighbouring content
/// terms) the documents that contain it.
///
/// Build one in memory from documents (``init(documents:termOptions:)``), or on disk in a
/// directory (``write(_:to:termOptions:)`` creates or appends, ``open(_:)`` maps it back).
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

    /// An in-memory index of `documents`, numbered in order from 0.
    public convenience init<S: Sequence>(documents: S, termOptions: TermOptions = TermOptions()) where S.Element == Document {
        let tokenizer = TermTokenizer(options: termOptions)
        var builder = SegmentBuilder()
        var terms = TermSequence()
        for d in documents {
            var text = d.text
            text.withUTF8 { tokenizer.terms(of: $0, into: &terms) }
            builder.add(d, terms: terms)
        }
        let (docs, postings) = builder.finish()
        // The builder's output is valid by construction.
        let segment = try! Segment(docs: ByteStore(bytes: docs), postings: ByteStore(bytes: postings), firstDocument: 0,
                                   docsPath: "<memory>", postingsPath: "<memory>")
        self.init(termOptions: termOptions, segments: [segment], directory: nil)
    }

    // MARK: - Reading

    /// Document `number` (0..<``documentCount``).
    public func document(_ number: Int) -> StoredDocument {
        let (s, local) = locate(number)
        return segments[s].document(local)
    }

    /// The UTF-8 text of document `number`, without copying (valid while the index lives).
    public func textBytes(_ number: Int) -> UnsafeBufferPointer<UInt8> {
        let (s, local) = locate(number)
        return segments[s].textBytes(local)
    }

    /// The number of tokens of document `number`.
    public func tokenCount(_ number: Int) -> Int {
        let (s, local) = locate(number)
        return segments[s].tokenCount(local)
    }

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

    func forEachDocument(feature: UInt64, _ body: (Int) -> Void) {
        for s in segments { s.forEachDocument(feature, body) }
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
        for entry in manifest.segments {
            let docsPath = (directory as NSString).appendingPathComponent(entry.name + ".docs")
            let postingsPath = (directory as NSString).appendingPathComponent(entry.name + ".post")
            let segment = try Segment(docs: ByteStore(mapping: docsPath), postings: ByteStore(mapping: postingsPath),
                                      firstDocument: entry.firstDocument, docsPath: docsPath, postingsPath: postingsPath)
            guard segment.documentCount == entry.documents else {
                throw .corrupt(path: docsPath, offset: 12, reason: "holds \(segment.documentCount) documents, manifest says \(entry.documents)")
            }
            segments.append(segment)
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

    /// What ``write(_:to:termOptions:segmentDocuments:)`` did.
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
    /// The manifest is replaced atomically after the segment files are written, so a failed
    /// append leaves the index as it was.
    public static func write<S: Sequence>(
        _ documents: S, to directory: String, termOptions: TermOptions = TermOptions(), segmentDocuments: Int = 50_000
    ) throws -> WriteSummary where S.Element == Document {
        var iterator = documents.makeIterator()
        return try write(to: directory, termOptions: termOptions, segmentDocuments: segmentDocuments) { iterator.next() }
    }

    /// Adds the documents `next` returns (until nil) to the index in `directory`, as
    /// ``write(_:to:termOptions:segmentDocuments:)`` does. An error thrown by `next` stops the
    /// write before the manifest changes: the index stays as it was.
    public static func write(
        to directory: String, termOptions: TermOptions = TermOptions(), segmentDocuments: Int = 50_000,
        next: () throws -> Document?
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
        let tokenizer = TermTokenizer(options: termOptions)
        var terms = TermSequence()
        var builder = SegmentBuilder()
        var added = 0
        var written = 0
        func flush() throws {
            guard builder.documentCount > 0 else { return }
            let name = String(format: "seg-%06d", manifest.segments.count)
            let (docs, postings) = builder.finish()
            for (suffix, bytes) in [(".docs", docs), (".post", postings)] {
                let path = (directory as NSString).appendingPathComponent(name + suffix)
                do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                    throw MatchIndexError.unwritable(path: path, reason: error.localizedDescription)
                }
            }
            manifest.segments.append(.init(name: name, documents: builder.documentCount, firstDocument: manifest.documents))
            manifest.documents += builder.documentCount
            builder = SegmentBuilder()
            written += 1
        }
        while let d = try next() {
            var text = d.text
            text.withUTF8 { tokenizer.terms(of: $0, into: &terms) }
            builder.add(d, terms: terms)
            added += 1
            if builder.documentCount >= segmentDocuments { try flush() }
        }
        try flush()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestPath), options: .atomic) } catch {
            throw MatchIndexError.unwritable(path: manifestPath, reason: error.localizedDescription)
        }
        return WriteSummary(added: added, total: manifest.documents, segmentsWritten: written, appended: appended)
    }
}
