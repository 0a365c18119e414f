import RefrainText
import RefrainCorpus
import RefrainParallel
import RefrainBytes

/// One document made ready for a segment by a worker thread: everything but the segment term
/// numbers, which ``SegmentBuilder/add(_:)`` assigns in document order.
struct PreparedDocument {
    /// The record up to and including the token count.
    var head: BinaryWriter
    /// Distinct terms in order of first occurrence.
    var distinct: [UInt64]
    /// The token stream.
    var stream: BinaryWriter
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
        var head = BinaryWriter()
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
        var stream = BinaryWriter()
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
    private var docs = BinaryWriter()
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
        var header = BinaryWriter()
        header.u32(UInt32(IndexFormat.version))
        header.u32(UInt32(documentCount))
        header.u64(UInt64(table))
        header.u64(UInt64(terms))
        header.u64(UInt64(termNumbers.count))
        for (k, b) in header.bytes.enumerated() { docs.bytes[8 + k] = b }

        // Postings: each bucket sorted and encoded on its own (keys with offsets local to the
        // bucket's postings), then concatenated in bucket order, which is key order.
        struct Encoded {
            var keys = BinaryWriter()
            var blob = BinaryWriter()
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
        var out = BinaryWriter()
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
                    out.patch(out.u64(at: slot) + UInt64(base), at: slot)
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

extension BinaryWriter {
    /// A string as the index stores it: `u32` byte length (`0xFFFFFFFF` for none), then UTF-8.
    mutating func string(_ s: String?) {
        guard var s else { u32(UInt32.max); return }
        s.withUTF8 { u32(UInt32($0.count)); bytes.append(contentsOf: $0) }
    }
}
