import RefrainText
import RefrainCorpus

/// Errors from building, opening or appending to a match index. Each names the path.
public enum MatchIndexError: Error, CustomStringConvertible, Sendable, Hashable {
    /// A file could not be read or mapped.
    case unreadable(path: String, reason: String)
    /// A file could not be written.
    case unwritable(path: String, reason: String)
    /// A file is not a Refrain index file, or is damaged (the byte offset where reading failed).
    case corrupt(path: String, offset: Int, reason: String)
    /// The index was written by an incompatible format version.
    case unsupportedVersion(path: String, version: Int)
    /// Appending with term options that differ from the index's.
    case optionsMismatch(path: String, reason: String)

    /// A one-line message naming the file.
    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read index: \(reason)"
        case let .unwritable(path, reason): return "\(path): cannot write index: \(reason)"
        case let .corrupt(path, offset, reason): return "\(path): corrupt index at byte \(offset): \(reason)"
        case let .unsupportedVersion(path, version): return "\(path): unsupported index format version \(version) (this build reads version \(IndexFormat.version))"
        case let .optionsMismatch(path, reason): return "\(path): cannot append: \(reason)"
        }
    }
}

/// The on-disk format of a ``MatchIndex``, version 1.
///
/// An index is a directory:
/// - `refrain-index.json`, the manifest: `{"format": "refrain-index", "version": 1,
///   "terms": {"stem", "stopwords", "foldDiacritics"}, "documents": N, "segments": [{"name",
///   "documents", "firstDocument"}]}`. It is written last and replaced atomically, so it only
///   ever names complete segments.
/// - for each segment `seg-NNNNNN`, two files written once and never changed:
///   `seg-NNNNNN.docs` and `seg-NNNNNN.post`.
///
/// Integers are little-endian. A string is a `u32` byte length (`0xFFFFFFFF` for none) and its
/// UTF-8 bytes.
///
/// **Documents file** (`.docs`): a 64-byte header — magic `RFDOCS01`, `u32` version, `u32`
/// document count, `u64` offset of the offset table, zero padding — then one record per
/// document: id, text, source, date, url, title, origin path (strings), `u32` origin line
/// (`0xFFFFFFFF` for none), `u32` token count; then, 8-byte aligned, the offset table: one `u64`
/// record offset per document plus the table's own offset as an end marker.
///
/// **Postings file** (`.post`): a 64-byte header — magic `RFPOST01`, `u32` version, `u32`
/// document count, `u64` key count, `u64` keys offset, `u64` postings offset, `u64` postings
/// length, zero padding — then the keys, sorted by key, 24 bytes each: `u64` key, `u64` offset
/// of its list within the postings, `u32` document frequency, `u32` list length in bytes; then
/// the postings: for each key, its segment-local document numbers, ascending, as LEB128
/// varints of the gaps (the first number as is).
///
/// A key is the ``StableHash`` mix of a content term's hash (a unigram key), or of two
/// neighbouring content terms' hashes with stopwords between them skipped (a bigram key),
/// each with its own seed. Term hashes are ``StableHash`` of the normalized, optionally stemmed
/// token (``Token/hash``), so they are the same on every machine and run.
/// Global document numbers are `firstDocument` plus the local number.
public enum IndexFormat {
    /// The format version this build writes and reads.
    public static let version = 1
    static let docsMagic: [UInt8] = Array("RFDOCS01".utf8)
    static let postingsMagic: [UInt8] = Array("RFPOST01".utf8)
    static let headerSize = 64
    static let keySize = 24
}

/// Index keys: rare single terms and pairs of neighbouring content terms.
enum Features {
    @inline(__always) static func unigram(_ t: UInt64) -> UInt64 { StableHash.mix(t, seed: 0x756E_6967_7261_6D31) }
    @inline(__always) static func bigram(_ a: UInt64, _ b: UInt64) -> UInt64 {
        StableHash.mix(a &* 0x9E37_79B9_7F4A_7C15 ^ b, seed: 0x6269_6772_616D_3031)
    }

    /// The distinct features of `terms`, sorted: a unigram for every content term, and a bigram
    /// for every pair of consecutive content terms (stopwords between them skipped).
    static func of(_ terms: TermSequence, into out: inout [UInt64]) {
        out.removeAll(keepingCapacity: true)
        var previous: UInt64? = nil
        for i in 0..<terms.count where !terms.isStopword[i] {
            let t = terms.terms[i]
            out.append(unigram(t))
            if let p = previous { out.append(bigram(p, t)) }
            previous = t
        }
        out.sort()
        var w = 0
        for r in 0..<out.count where r == 0 || out[r] != out[r - 1] {
            out[w] = out[r]
            w += 1
        }
        out.removeLast(out.count - w)
    }
}

/// A document as the index stores it.
public struct StoredDocument: Sendable, Hashable {
    /// Position of the document in the index (0-based, across all segments, in the order added).
    public var number: Int
    /// The document's id (see ``Document/id``).
    public var id: String
    /// The text.
    public var text: String
    /// Optional metadata.
    public var source: String?
    /// Optional date, as written in the input.
    public var date: String?
    /// Optional URL.
    public var url: String?
    /// Optional title.
    public var title: String?
    /// The file it was read from.
    public var path: String
    /// The line for JSON Lines records.
    public var line: Int?

    /// Creates a stored document.
    public init(number: Int, id: String, text: String, source: String? = nil, date: String? = nil, url: String? = nil,
                title: String? = nil, path: String = "", line: Int? = nil) {
        self.number = number
        self.id = id
        self.text = text
        self.source = source
        self.date = date
        self.url = url
        self.title = title
        self.path = path
        self.line = line
    }
}

/// Builds one segment: the documents file and the postings file, as byte arrays.
struct SegmentBuilder {
    private var docs = ByteWriter()
    private var offsets: [UInt64] = []
    private var pairs: [(feature: UInt64, doc: UInt32)] = []
    private(set) var documentCount = 0
    private var features: [UInt64] = []

    init() {
        docs.bytes = IndexFormat.docsMagic
        docs.bytes.append(contentsOf: [UInt8](repeating: 0, count: IndexFormat.headerSize - 8))
    }

    /// Adds a document with its terms.
    mutating func add(_ d: Document, terms: TermSequence) {
        offsets.append(UInt64(docs.bytes.count))
        docs.string(d.id)
        docs.string(d.text)
        docs.string(d.source)
        docs.string(d.date)
        docs.string(d.url)
        docs.string(d.title)
        docs.string(d.origin.path)
        docs.u32(d.origin.line.map { UInt32(truncatingIfNeeded: $0) } ?? UInt32.max)
        docs.u32(UInt32(terms.count))
        Features.of(terms, into: &features)
        let local = UInt32(documentCount)
        for f in features { pairs.append((f, local)) }
        documentCount += 1
    }

    /// The two files' bytes.
    mutating func finish() -> (docs: [UInt8], postings: [UInt8]) {
        // Documents: header, records, offset table.
        docs.pad(to: 8)
        let table = docs.bytes.count
        offsets.append(UInt64(table))
        for o in offsets { docs.u64(o) }
        var header = ByteWriter()
        header.u32(UInt32(IndexFormat.version))
        header.u32(UInt32(documentCount))
        header.u64(UInt64(table))
        for (k, b) in header.bytes.enumerated() { docs.bytes[8 + k] = b }

        // Postings: features sorted, each with its delta-coded document list.
        pairs.sort { $0.feature != $1.feature ? $0.feature < $1.feature : $0.doc < $1.doc }
        var keys = ByteWriter()
        var blob = ByteWriter()
        var featureCount = 0
        var i = 0
        while i < pairs.count {
            let f = pairs[i].feature
            let start = blob.bytes.count
            var previous: UInt32 = 0
            var df: UInt32 = 0
            var first = true
            while i < pairs.count && pairs[i].feature == f {
                let d = pairs[i].doc
                if first || d != previous {
                    blob.varint(first ? d : d - previous)
                    previous = d
                    df += 1
                    first = false
                }
                i += 1
            }
            keys.u64(f)
            keys.u64(UInt64(start))
            keys.u32(df)
            keys.u32(UInt32(blob.bytes.count - start))
            featureCount += 1
        }
        var out = ByteWriter()
        out.bytes = IndexFormat.postingsMagic
        out.u32(UInt32(IndexFormat.version))
        out.u32(UInt32(documentCount))
        out.u64(UInt64(featureCount))
        let keysOffset = IndexFormat.headerSize
        let blobOffset = keysOffset + keys.bytes.count
        out.u64(UInt64(keysOffset))
        out.u64(UInt64(blobOffset))
        out.u64(UInt64(blob.bytes.count))
        out.pad(to: IndexFormat.headerSize)
        out.bytes.append(contentsOf: keys.bytes)
        out.bytes.append(contentsOf: blob.bytes)
        pairs = []
        return (docs.bytes, out.bytes)
    }
}

/// A read-only view of one segment's two files.
final class Segment: @unchecked Sendable {
    let docs: ByteStore
    let postings: ByteStore
    let documentCount: Int
    let firstDocument: Int
    private let featureCount: Int
    private let keysOffset: Int
    private let blobOffset: Int
    private let tableOffset: Int

    init(docs: ByteStore, postings: ByteStore, firstDocument: Int, docsPath: String, postingsPath: String) throws(MatchIndexError) {
        self.docs = docs
        self.postings = postings
        self.firstDocument = firstDocument
        guard docs.count >= IndexFormat.headerSize, Array(docs.bytes(0, 8)) == IndexFormat.docsMagic else {
            throw .corrupt(path: docsPath, offset: 0, reason: "not a Refrain documents file")
        }
        guard postings.count >= IndexFormat.headerSize, Array(postings.bytes(0, 8)) == IndexFormat.postingsMagic else {
            throw .corrupt(path: postingsPath, offset: 0, reason: "not a Refrain postings file")
        }
        let v1 = Int(docs.u32(8)), v2 = Int(postings.u32(8))
        guard v1 == IndexFormat.version else { throw .unsupportedVersion(path: docsPath, version: v1) }
        guard v2 == IndexFormat.version else { throw .unsupportedVersion(path: postingsPath, version: v2) }
        documentCount = Int(docs.u32(12))
        tableOffset = Int(docs.u64(16))
        guard Int(postings.u32(12)) == documentCount else {
            throw .corrupt(path: postingsPath, offset: 12, reason: "document count differs from the documents file")
        }
        featureCount = Int(postings.u64(16))
        keysOffset = Int(postings.u64(24))
        blobOffset = Int(postings.u64(32))
        let blobLength = Int(postings.u64(40))
        guard tableOffset + (documentCount + 1) * 8 <= docs.count else {
            throw .corrupt(path: docsPath, offset: 16, reason: "offset table out of bounds")
        }
        guard keysOffset + featureCount * IndexFormat.keySize <= blobOffset, blobOffset + blobLength <= postings.count else {
            throw .corrupt(path: postingsPath, offset: 16, reason: "keys or postings out of bounds")
        }
    }

    /// Binary search for `feature`: its key slot, or nil.
    @inline(__always)
    private func slot(_ feature: UInt64) -> Int? {
        var lo = 0, hi = featureCount
        while lo < hi {
            let mid = (lo + hi) >> 1
            let f = postings.u64(keysOffset + mid * IndexFormat.keySize)
            if f < feature { lo = mid + 1 } else if f > feature { hi = mid } else { return mid }
        }
        return nil
    }

    /// How many of this segment's documents hold `feature`.
    func documentFrequency(_ feature: UInt64) -> Int {
        guard let s = slot(feature) else { return 0 }
        return Int(postings.u32(keysOffset + s * IndexFormat.keySize + 16))
    }

    /// Calls `body` with each global document number holding `feature`, ascending.
    @inline(__always)
    func forEachDocument(_ feature: UInt64, _ body: (Int) -> Void) {
        guard let s = slot(feature) else { return }
        let key = keysOffset + s * IndexFormat.keySize
        let start = blobOffset + Int(postings.u64(key + 8))
        let length = Int(postings.u32(key + 20))
        let bytes = postings.bytes(start, length)
        var i = 0
        var doc: UInt32 = 0
        var first = true
        while i < length {
            var v: UInt32 = 0
            var shift: UInt32 = 0
            while true {
                let b = bytes[i]
                i += 1
                v |= UInt32(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            doc = first ? v : doc &+ v
            first = false
            body(firstDocument + Int(doc))
        }
    }

    private func recordOffset(_ local: Int) -> Int { Int(docs.u64(tableOffset + local * 8)) }

    /// The text bytes of local document `local` (no copy).
    func textBytes(_ local: Int) -> UnsafeBufferPointer<UInt8> {
        var o = recordOffset(local)
        let idLength = Int(docs.u32(o))
        o += 4 + (idLength == Int(UInt32.max) ? 0 : idLength)
        let textLength = Int(docs.u32(o))
        return docs.bytes(o + 4, textLength)
    }

    /// Number of tokens of local document `local`.
    func tokenCount(_ local: Int) -> Int {
        var o = recordOffset(local)
        for _ in 0..<7 {
            let l = Int(docs.u32(o))
            o += 4 + (l == Int(UInt32.max) ? 0 : l)
        }
        return Int(docs.u32(o + 4))
    }

    /// Local document `local` in full.
    func document(_ local: Int) -> StoredDocument {
        var o = recordOffset(local)
        func field() -> String? {
            let l = Int(docs.u32(o))
            o += 4
            if l == Int(UInt32.max) { return nil }
            let s = String(decoding: docs.bytes(o, l), as: UTF8.self)
            o += l
            return s
        }
        let id = field() ?? ""
        let text = field() ?? ""
        let source = field(), date = field(), url = field(), title = field()
        let path = field() ?? ""
        let line = docs.u32(o)
        return StoredDocument(number: firstDocument + local, id: id, text: text, source: source, date: date, url: url,
                              title: title, path: path, line: line == UInt32.max ? nil : Int(line))
    }
}
