import RefrainText
import RefrainCorpus
import RefrainParallel

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

/// The on-disk format of a ``MatchIndex``, version 2.
///
/// An index is a directory:
/// - `refrain-index.json`, the manifest: `{"format": "refrain-index", "version": 2,
///   "terms": {"stem", "stopwords", "foldDiacritics"}, "documents": N, "segments": [{"name",
///   "documents", "firstDocument"}]}`. It is written last and replaced atomically, so it only
///   ever names complete segments.
/// - for each segment `seg-NNNNNN`, two files written once and never changed:
///   `seg-NNNNNN.docs` and `seg-NNNNNN.post`.
///
/// Integers are little-endian. A string is a `u32` byte length (`0xFFFFFFFF` for none) and its
/// UTF-8 bytes. A varint is LEB128 (7 bits a byte, low bits first, high bit set on all but the
/// last byte).
///
/// **Documents file** (`.docs`): a 64-byte header — magic `RFDOCS01`, `u32` version, `u32`
/// document count, `u64` offset of the offset table, `u64` offset of the term table, `u64`
/// number of terms in the term table, zero padding — then one record per document; then,
/// 8-byte aligned, the offset table: one `u64` record offset per document plus the table's own
/// offset as an end marker; then, 8-byte aligned, the term table: one `u64` term hash per
/// segment term, numbered from 0 in order of first occurrence in the segment.
///
/// A record: id, text, source, date, url, title, origin path (strings), `u32` origin line
/// (`0xFFFFFFFF` for none), `u32` token count `n`, `u32` distinct term count `k`, `u32` byte
/// length `L` of the token stream; then `k` varints, the segment term numbers of the
/// document's distinct terms in order of first occurrence (the document's local term numbers
/// 0..<k); then the token stream, `L` bytes, three varints per token in text order: `local
/// term number << 1 | stopword bit`, the token's start minus the previous token's end (the
/// first token: its start), and its length in bytes. So a query aligns stored terms and never
/// re-tokenizes a document; a record costs about 4 bytes per token plus 2–3 per distinct term.
///
/// **Postings file** (`.post`): a 64-byte header — magic `RFPOST01`, `u32` version, `u32`
/// document count, `u64` key count, `u64` keys offset, `u64` postings offset, `u64` postings
/// length, zero padding — then the keys, sorted by key, 24 bytes each: `u64` key, `u64` offset
/// of its list within the postings, `u32` document frequency, `u32` list length in bytes; then
/// the postings: for each key, its segment-local document numbers, ascending, as varints of
/// the gaps (the first number as is).
///
/// A key is the ``StableHash`` mix of a content term's hash (a unigram key), or of two
/// neighbouring content terms' hashes with stopwords between them skipped (a bigram key),
/// each with its own seed. Term hashes are ``StableHash`` of the normalized, optionally stemmed
/// token (``Token/hash``), so they are the same on every machine and run.
/// Global document numbers are `firstDocument` plus the local number.
///
/// Files are the same bytes whatever the number of threads that built them.
///
/// Version history: 1 had no term data in records (queries re-tokenized every candidate) and a
/// 16-byte documents header.
public enum IndexFormat {
    /// The format version this build writes and reads.
    public static let version = 2
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

/// A document's terms as the index stores them: its distinct terms, and per token the local
/// number of its term, its stopword flag and its byte range.
struct DocumentTerms {
    /// Term hashes by local number (order of first occurrence).
    var distinct = ContiguousArray<UInt64>()
    /// Per token: the local number of its term.
    var ids = ContiguousArray<UInt32>()
    /// Per token: whether it is a stopword.
    var isStopword = ContiguousArray<Bool>()
    /// Per token: byte offset of its first byte.
    var starts = ContiguousArray<UInt32>()
    /// Per token: byte offset one past its last byte.
    var ends = ContiguousArray<UInt32>()

    var count: Int { ids.count }

    mutating func removeAll() {
        distinct.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        isStopword.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// The terms as a ``TermSequence`` (replacing `out`'s contents).
    func sequence(into out: inout TermSequence) {
        out.removeAll()
        out.terms.reserveCapacity(count)
        for id in ids { out.terms.append(distinct[Int(id)]) }
        out.starts.append(contentsOf: starts)
        out.ends.append(contentsOf: ends)
        out.isStopword.append(contentsOf: isStopword)
    }
}

/// One document made ready for a segment by a worker thread: everything but the segment term
/// numbers, which ``SegmentBuilder/add(_:)`` assigns in document order.
struct PreparedDocument {
    /// The record up to and including the token count.
    var head: ByteWriter
    /// Distinct terms in order of first occurrence.
    var distinct: [UInt64]
    /// The token stream.
    var stream: ByteWriter
    /// The document's index keys, sorted, unique.
    var features: [UInt64]
}

/// Tokenizes documents into ``PreparedDocument``s. Not thread-safe: one per worker thread.
final class DocumentPreparer {
    private let tokenizer: TermTokenizer
    private var terms = TermSequence()
    private var local = TermNumbers(capacity: 512)

    init(options: TermOptions) {
        tokenizer = TermTokenizer(options: options)
    }

    func prepare(_ d: Document) -> PreparedDocument {
        var text = d.text
        text.withUTF8 { tokenizer.terms(of: $0, into: &terms) }
        var head = ByteWriter()
        head.bytes.reserveCapacity(text.utf8.count + d.id.utf8.count + d.origin.path.utf8.count + 64)
        head.string(d.id)
        head.string(text)
        head.string(d.source)
        head.string(d.date)
        head.string(d.url)
        head.string(d.title)
        head.string(d.origin.path)
        head.u32(d.origin.line.map { UInt32(truncatingIfNeeded: $0) } ?? UInt32.max)
        head.u32(UInt32(terms.count))
        local.reset()
        var stream = ByteWriter()
        stream.bytes.reserveCapacity(terms.count * 4)
        var previousEnd: UInt32 = 0
        for i in 0..<terms.count {
            let id = local.number(terms.terms[i])
            stream.varint(id << 1 | (terms.isStopword[i] ? 1 : 0))
            stream.varint(terms.starts[i] &- previousEnd)
            stream.varint(terms.ends[i] &- terms.starts[i])
            previousEnd = terms.ends[i]
        }
        var features: [UInt64] = []
        Features.of(terms, into: &features)
        return PreparedDocument(head: head, distinct: local.terms, stream: stream, features: features)
    }
}

/// Builds one segment: the documents file and the postings file, as byte arrays. Documents are
/// added in order (``add(_:)``, serial, cheap); ``finish(threads:)`` sorts and encodes the
/// postings on several threads. The bytes do not depend on the thread count.
struct SegmentBuilder {
    struct Posting: Comparable {
        var feature: UInt64
        var doc: UInt32
        static func < (a: Posting, b: Posting) -> Bool { a.feature != b.feature ? a.feature < b.feature : a.doc < b.doc }
    }

    /// Postings are spread over buckets by their key's top bits, so each bucket sorts on its own.
    static let bucketBits = 10
    private var docs = ByteWriter()
    private var offsets: [UInt64] = []
    private var buckets: [[Posting]]
    private var termNumbers = TermNumbers(capacity: 1 << 15)
    private(set) var documentCount = 0

    init() {
        docs.bytes = IndexFormat.docsMagic
        docs.bytes.append(contentsOf: [UInt8](repeating: 0, count: IndexFormat.headerSize - 8))
        buckets = Array(repeating: [], count: 1 << Self.bucketBits)
    }

    /// Adds the next document.
    mutating func add(_ p: PreparedDocument) {
        offsets.append(UInt64(docs.bytes.count))
        docs.bytes.append(contentsOf: p.head.bytes)
        docs.u32(UInt32(p.distinct.count))
        docs.u32(UInt32(p.stream.bytes.count))
        for h in p.distinct { docs.varint(termNumbers.number(h)) }
        docs.bytes.append(contentsOf: p.stream.bytes)
        let local = UInt32(documentCount)
        let shift = UInt64(64 - Self.bucketBits)
        for f in p.features { buckets[Int(f >> shift)].append(Posting(feature: f, doc: local)) }
        documentCount += 1
    }

    /// The two files' bytes.
    mutating func finish(threads: Int = 1) -> (docs: [UInt8], postings: [UInt8]) {
        // Documents: header, records, offset table, term table.
        docs.pad(to: 8)
        let table = docs.bytes.count
        offsets.append(UInt64(table))
        docs.bytes.reserveCapacity(docs.bytes.count + offsets.count * 8 + termNumbers.count * 8 + 8)
        for o in offsets { docs.u64(o) }
        docs.pad(to: 8)
        let terms = docs.bytes.count
        for t in termNumbers.terms { docs.u64(t) }
        var header = ByteWriter()
        header.u32(UInt32(IndexFormat.version))
        header.u32(UInt32(documentCount))
        header.u64(UInt64(table))
        header.u64(UInt64(terms))
        header.u64(UInt64(termNumbers.count))
        for (k, b) in header.bytes.enumerated() { docs.bytes[8 + k] = b }

        // Postings: each bucket sorted and encoded on its own (keys with offsets local to the
        // bucket's postings), then concatenated in bucket order, which is key order.
        struct Encoded {
            var keys = ByteWriter()
            var blob = ByteWriter()
            var count = 0
        }
        var encoded: [Encoded] = []
        buckets.withUnsafeMutableBufferPointer { all in
            // Safe: item `b` touches bucket `b` only.
            let shared = Unchecked(all)
            encoded = Parallel.map(count: shared.value.count, threads: threads, chunk: 8) { b, _ in
                var pairs = shared.value[b]
                shared.value[b] = []
                pairs.sort()
                var e = Encoded()
                var i = 0
                while i < pairs.count {
                    let f = pairs[i].feature
                    let start = e.blob.bytes.count
                    var previous: UInt32 = 0
                    var df: UInt32 = 0
                    var first = true
                    while i < pairs.count && pairs[i].feature == f {
                        let d = pairs[i].doc
                        if first || d != previous {
                            e.blob.varint(first ? d : d - previous)
                            previous = d
                            df += 1
                            first = false
                        }
                        i += 1
                    }
                    e.keys.u64(f)
                    e.keys.u64(UInt64(start))
                    e.keys.u32(df)
                    e.keys.u32(UInt32(e.blob.bytes.count - start))
                    e.count += 1
                }
                return e
            }
        }
        let featureCount = encoded.reduce(0) { $0 + $1.count }
        let keysLength = featureCount * IndexFormat.keySize
        let blobLength = encoded.reduce(0) { $0 + $1.blob.bytes.count }
        var out = ByteWriter()
        out.bytes.reserveCapacity(IndexFormat.headerSize + keysLength + blobLength)
        out.bytes = IndexFormat.postingsMagic
        out.u32(UInt32(IndexFormat.version))
        out.u32(UInt32(documentCount))
        out.u64(UInt64(featureCount))
        let keysOffset = IndexFormat.headerSize
        out.u64(UInt64(keysOffset))
        out.u64(UInt64(keysOffset + keysLength))
        out.u64(UInt64(blobLength))
        out.pad(to: IndexFormat.headerSize)
        var base = 0
        for e in encoded {
            let at = out.bytes.count
            out.bytes.append(contentsOf: e.keys.bytes)
            if base > 0 {
                for k in 0..<e.count {
                    let slot = at + k * IndexFormat.keySize + 8
                    out.patch64(slot, out.read64(slot) + UInt64(base))
                }
            }
            base += e.blob.bytes.count
        }
        for e in encoded { out.bytes.append(contentsOf: e.blob.bytes) }
        buckets = Array(repeating: [], count: 1 << Self.bucketBits)
        termNumbers = TermNumbers()
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
    private let termsOffset: Int
    private let termCount: Int
    private let docsPath: String

    init(docs: ByteStore, postings: ByteStore, firstDocument: Int, docsPath: String, postingsPath: String) throws(MatchIndexError) {
        self.docs = docs
        self.postings = postings
        self.firstDocument = firstDocument
        self.docsPath = docsPath
        guard docs.count >= IndexFormat.headerSize, Array(docs.bytes(0, 8)) == IndexFormat.docsMagic else {
            throw .corrupt(path: docsPath, offset: 0, reason: "not a Refrain documents file")
        }
        guard postings.count >= IndexFormat.headerSize, Array(postings.bytes(0, 8)) == IndexFormat.postingsMagic else {
            throw .corrupt(path: postingsPath, offset: 0, reason: "not a Refrain postings file")
        }
        let v1 = Int(docs.u32(8)), v2 = Int(postings.u32(8))
        guard v1 == IndexFormat.version else { throw .unsupportedVersion(path: docsPath, version: v1) }
        guard v2 == IndexFormat.version else { throw .unsupportedVersion(path: postingsPath, version: v2) }
        // Offsets and counts are checked without overflow: a damaged header must not trap.
        func size(_ v: UInt64) -> Int { v > UInt64(Int32.max) * 1024 ? -1 : Int(v) }
        documentCount = Int(docs.u32(12))
        tableOffset = size(docs.u64(16))
        termsOffset = size(docs.u64(24))
        termCount = size(docs.u64(32))
        guard Int(postings.u32(12)) == documentCount else {
            throw .corrupt(path: postingsPath, offset: 12, reason: "document count differs from the documents file")
        }
        featureCount = size(postings.u64(16))
        keysOffset = size(postings.u64(24))
        blobOffset = size(postings.u64(32))
        let blobLength = size(postings.u64(40))
        guard tableOffset >= IndexFormat.headerSize, tableOffset <= docs.count, documentCount < (docs.count - tableOffset) / 8 else {
            throw .corrupt(path: docsPath, offset: 16, reason: "offset table out of bounds")
        }
        guard termsOffset >= tableOffset, termsOffset <= docs.count, termCount >= 0, termCount <= (docs.count - termsOffset) / 8 else {
            throw .corrupt(path: docsPath, offset: 24, reason: "term table out of bounds")
        }
        guard keysOffset >= IndexFormat.headerSize, featureCount >= 0, blobOffset >= keysOffset,
              featureCount <= (blobOffset - keysOffset) / IndexFormat.keySize,
              blobLength >= 0, blobOffset <= postings.count, blobLength <= postings.count - blobOffset else {
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
            let v = Varint.read(bytes, &i)
            doc = first ? v : doc &+ v
            first = false
            body(firstDocument + Int(doc))
        }
    }

    private func recordOffset(_ local: Int) -> Int { Int(docs.u64(tableOffset + local * 8)) }

    /// The id of local document `local`.
    func id(_ local: Int) -> String {
        let o = recordOffset(local)
        let l = Int(docs.u32(o))
        return l == Int(UInt32.max) ? "" : String(decoding: docs.bytes(o + 4, l), as: UTF8.self)
    }

    /// The text bytes of local document `local` (no copy).
    func textBytes(_ local: Int) -> UnsafeBufferPointer<UInt8> {
        var o = recordOffset(local)
        let idLength = Int(docs.u32(o))
        o += 4 + (idLength == Int(UInt32.max) ? 0 : idLength)
        let textLength = Int(docs.u32(o))
        return docs.bytes(o + 4, textLength)
    }

    /// The offset of local document `local`'s token count (after its strings and line).
    private func countsOffset(_ local: Int) -> Int {
        var o = recordOffset(local)
        for _ in 0..<7 {
            let l = Int(docs.u32(o))
            o += 4 + (l == Int(UInt32.max) ? 0 : l)
        }
        return o + 4
    }

    /// Number of tokens of local document `local`.
    func tokenCount(_ local: Int) -> Int {
        Int(docs.u32(countsOffset(local)))
    }

    /// The stored terms of local document `local`, replacing `out`'s contents.
    func terms(_ local: Int, into out: inout DocumentTerms) {
        out.removeAll()
        var o = countsOffset(local)
        let n = Int(docs.u32(o)), k = Int(docs.u32(o + 4)), length = Int(docs.u32(o + 8))
        o += 12
        let end = recordOffset(local + 1)
        // The record's own bounds: a damaged file stops here rather than reading past it.
        precondition(o + length <= end && k <= n, "\(docsPath): corrupt index at byte \(o): term data of document \(local) out of bounds")
        let bytes = docs.bytes(o, end - o)
        var i = 0
        out.distinct.reserveCapacity(k)
        for _ in 0..<k {
            let t = Int(Varint.read(bytes, &i))
            precondition(t < termCount, "\(docsPath): corrupt index at byte \(o + i): term number \(t) of \(termCount)")
            out.distinct.append(docs.u64(termsOffset + t * 8))
        }
        out.ids.reserveCapacity(n)
        out.isStopword.reserveCapacity(n)
        out.starts.reserveCapacity(n)
        out.ends.reserveCapacity(n)
        var previousEnd: UInt32 = 0
        for _ in 0..<n {
            let code = Varint.read(bytes, &i)
            let start = previousEnd &+ Varint.read(bytes, &i)
            let stop = start &+ Varint.read(bytes, &i)
            precondition(Int(code >> 1) < k, "\(docsPath): corrupt index at byte \(o + i): local term number out of range")
            out.ids.append(code >> 1)
            out.isStopword.append(code & 1 != 0)
            out.starts.append(start)
            out.ends.append(stop)
            previousEnd = stop
        }
        precondition(i <= bytes.count, "\(docsPath): corrupt index: token stream of document \(local) overruns its record")
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

/// LEB128 varint reading.
enum Varint {
    /// Reads the varint at `i` of `bytes`, advancing `i`. Reads nothing past the buffer (a
    /// truncated varint ends there).
    @inline(__always)
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        var v: UInt32 = 0
        var shift: UInt32 = 0
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            v |= UInt32(b & 0x7F) &<< shift
            if b < 0x80 { break }
            shift &+= 7
        }
        return v
    }
}
