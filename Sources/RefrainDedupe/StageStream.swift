import RefrainBytes

/// The binary record stream the dedupe stages exchange with an outside engine such as Spark
/// (`refrain.stream/1`, documented in `docs/stage-stream.md`): the signature stage's output
/// (`--stop-after signatures --stream`), the verification stage's input and output
/// (`--verify-stream`), and the report stage's input (`--report-stream`).
///
/// A stream is a 16-byte header (the magic `RFSTREAM`, a `UInt32` version, a `UInt32`
/// ``Kind``), then records, each a `UInt8` tag, a `UInt32` payload length and the payload, and
/// last an ``Record/end(records:)`` record counting the records before it, so a cut stream is
/// an error, never a shorter result. Integers are little-endian; strings are a `UInt32` byte
/// count and UTF-8 bytes (`0xFFFF_FFFF` for an absent optional string); doubles are IEEE 754
/// bit patterns.
public enum StageStream {
    /// The version this build reads and writes.
    public static let version: UInt32 = 1
    /// The first eight bytes of every stream.
    public static let magic: [UInt8] = Array("RFSTREAM".utf8)

    /// What a stream carries.
    public enum Kind: UInt32, Sendable {
        /// Documents and units with band keys and shingle sets (signature stage output).
        case signatures = 1
        /// Shingle sets and candidate pairs (verification input).
        case verifyInput = 2
        /// Verified pairs (verification output).
        case verified = 3
        /// Documents, units, verified pairs, components and counts (report input).
        case report = 4
        /// The report input of only the units in clusters and their documents, each with its
        /// index in the whole corpus, and the corpus's totals (see ``Totals``).
        case clusteredReport = 5
    }

    /// One document.
    public struct Document: Sendable, Hashable {
        public var id: String
        public var date: String?
        public var source: String?
        /// UTF-8 length of the text.
        public var length: Int
        /// Its units (1 at document level).
        public var units: Int
        public init(id: String, date: String?, source: String?, length: Int, units: Int) {
            self.id = id
            self.date = date
            self.source = source
            self.length = length
            self.units = units
        }
    }

    /// One unit: what the signature stage learned, its band keys, its sorted unique shingle
    /// fingerprints, excerpt and exact text (the last three may be empty where not needed).
    public struct Unit: Sendable, Hashable {
        public var unit: DedupeUnit
        public var bandKeys: [UInt64]
        public var set: ContiguousArray<UInt32>
        public var excerpt: String
        public var text: String
        public init(unit: DedupeUnit, bandKeys: [UInt64], set: ContiguousArray<UInt32>, excerpt: String, text: String) {
            self.unit = unit
            self.bandKeys = bandKeys
            self.set = set
            self.excerpt = excerpt
            self.text = text
        }
    }

    /// What the outside engine must apply as refrain does: the bands (each unit carries one key
    /// per band), the oversized-bucket rule, whether containment candidates are wanted and at
    /// which threshold; with a fingerprint of every option the stream's values depend on.
    public struct Options: Sendable, Hashable {
        public var fingerprint: UInt64
        public var bands: Int
        public var rows: Int
        /// A bucket pairs each unit (in unit order) with the next this many units only.
        public var maxBucketPairs: Int
        public var containment: Bool
        public var threshold: Double
        public init(fingerprint: UInt64, bands: Int, rows: Int, maxBucketPairs: Int, containment: Bool, threshold: Double) {
            self.fingerprint = fingerprint
            self.bands = bands
            self.rows = rows
            self.maxBucketPairs = maxBucketPairs
            self.containment = containment
            self.threshold = threshold
        }
    }

    /// The counts a report needs that only the outside engine knows.
    public struct Counts: Sendable, Hashable {
        /// Records the readers skipped.
        public var skippedDocuments: Int
        public var lshCandidates: Int
        public var containmentCandidates: Int
        public var largeBuckets: Int
        /// Distinct candidates (LSH and containment).
        public var candidates: Int
        public init(skippedDocuments: Int = 0, lshCandidates: Int = 0, containmentCandidates: Int = 0, largeBuckets: Int = 0, candidates: Int = 0) {
            self.skippedDocuments = skippedDocuments
            self.lshCandidates = lshCandidates
            self.containmentCandidates = containmentCandidates
            self.largeBuckets = largeBuckets
            self.candidates = candidates
        }
    }

    /// What a clustered report (kind 5) cannot count from the units it holds: the whole corpus's.
    public struct Totals: Sendable, Hashable {
        public var documents: Int
        /// UTF-8 bytes of text.
        public var bytes: Int
        public var units: Int
        public var emptyUnits: Int
        public var shortUnits: Int
        public var boilerplateUnits: Int
        public init(documents: Int, bytes: Int, units: Int, emptyUnits: Int, shortUnits: Int, boilerplateUnits: Int) {
            self.documents = documents
            self.bytes = bytes
            self.units = units
            self.emptyUnits = emptyUnits
            self.shortUnits = shortUnits
            self.boilerplateUnits = boilerplateUnits
        }
    }

    /// A record.
    public enum Record: Sendable, Hashable {
        /// `O`: the options the stream's values depend on; a stage refuses a stream with another fingerprint.
        case options(Options)
        /// `D`.
        case document(Document)
        /// `U`.
        case unit(Unit)
        /// `S`: the sorted unique shingle fingerprints of a unit (verification input).
        case set(unit: Int, ContiguousArray<UInt32>)
        /// `P`: a candidate pair of units, `a < b`.
        case pair(a: Int, b: Int)
        /// `V`: a verified pair.
        case verified(VerifiedPair)
        /// `C`: a connected component's units, ascending.
        case component([Int])
        /// `N`.
        case counts(Counts)
        /// `T`: the corpus's totals (clustered report).
        case totals(Totals)
        /// `G`: a document with its index in the corpus (clustered report).
        case indexedDocument(index: Int, Document)
        /// `W`: a unit with its index in the corpus; its `document` is the corpus index too (clustered report).
        case indexedUnit(index: Int, Unit)
        /// `E`: the last record; how many records came before it.
        case end(records: Int)

        var tag: UInt8 {
            switch self {
            case .options: return UInt8(ascii: "O")
            case .document: return UInt8(ascii: "D")
            case .unit: return UInt8(ascii: "U")
            case .set: return UInt8(ascii: "S")
            case .pair: return UInt8(ascii: "P")
            case .verified: return UInt8(ascii: "V")
            case .component: return UInt8(ascii: "C")
            case .counts: return UInt8(ascii: "N")
            case .totals: return UInt8(ascii: "T")
            case .indexedDocument: return UInt8(ascii: "G")
            case .indexedUnit: return UInt8(ascii: "W")
            case .end: return UInt8(ascii: "E")
            }
        }
    }
}

/// A malformed stream: RefrainBytes' ``ByteReadError`` (the stream's name, the byte offset of
/// the damage, what is wrong), as every binary reader of Refrain reports it.
public typealias StageStreamError = ByteReadError

extension ByteReadError {
    /// An error about the record `reader` returned last.
    public init(_ reader: StageStreamReader, _ reason: String) {
        self.init(path: reader.source, offset: reader.recordOffset, reason: reason)
    }
}

/// Writes a stream into a buffer, handing full chunks to `flush` (e.g. a file descriptor).
public struct StageStreamWriter {
    /// Bytes not yet flushed.
    public private(set) var buffer: [UInt8] = []
    private var records = 0
    private let flushAt: Int
    private let sink: (([UInt8]) throws -> Void)?

    /// A stream of `kind`; with `flush`, the buffer goes to it whenever it holds `flushAt` bytes.
    public init(kind: StageStream.Kind, flushAt: Int = 1 << 20, flush: (([UInt8]) throws -> Void)? = nil) {
        self.flushAt = flushAt
        sink = flush
        buffer.reserveCapacity(flush == nil ? 1 << 12 : flushAt + (1 << 16))
        buffer.append(contentsOf: StageStream.magic)
        put(StageStream.version)
        put(kind.rawValue)
    }

    /// Appends a record.
    public mutating func write(_ record: StageStream.Record) throws {
        buffer.append(record.tag)
        let lengthAt = buffer.count
        put(UInt32(0))
        switch record {
        case .options(let o):
            put(o.fingerprint); put(UInt32(o.bands)); put(UInt32(o.rows)); put(UInt32(o.maxBucketPairs))
            buffer.append(o.containment ? 1 : 0)
            put(o.threshold.bitPattern)
        case .document(let d): put(document: d)
        case .unit(let u): put(unit: u)
        case .indexedDocument(let index, let d):
            put(UInt64(index)); put(document: d)
        case .indexedUnit(let index, let u):
            put(UInt64(index)); put(unit: u)
        case .totals(let t):
            for v in [t.documents, t.bytes, t.units, t.emptyUnits, t.shortUnits, t.boilerplateUnits] { put(UInt64(v)) }
        case .set(let unit, let s):
            put(UInt32(unit)); put(set: s)
        case .pair(let a, let b):
            put(UInt32(a)); put(UInt32(b))
        case .verified(let p):
            put(UInt32(p.a)); put(UInt32(p.b))
            buffer.append(p.match == .jaccard ? 0 : 1)
            put(p.similarity.bitPattern); put(p.jaccard.bitPattern); put(p.containment.bitPattern)
        case .component(let units):
            put(UInt32(units.count))
            for u in units { put(UInt32(u)) }
        case .counts(let c):
            for v in [c.skippedDocuments, c.lshCandidates, c.containmentCandidates, c.largeBuckets, c.candidates] { put(UInt64(v)) }
        case .end(let n): put(UInt64(n))
        }
        let length = UInt32(buffer.count - lengthAt - 4).littleEndian
        withUnsafeBytes(of: length) { raw in for i in 0..<4 { buffer[lengthAt + i] = raw[i] } }
        records += 1
        if let sink, buffer.count >= flushAt {
            try sink(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Writes the end record and flushes; the stream is complete.
    public mutating func finish() throws {
        try write(.end(records: records))
        if let sink {
            try sink(buffer)
            buffer.removeAll()
        }
    }

    private mutating func put(document d: StageStream.Document) {
        put(UInt32(d.units)); put(UInt64(d.length)); put(d.id); put(optional: d.date); put(optional: d.source)
    }

    private mutating func put(unit u: StageStream.Unit) {
        let x = u.unit
        put(UInt32(x.document)); put(UInt32(x.start)); put(UInt32(x.end)); put(UInt32(x.tokens)); put(UInt32(x.shingles))
        buffer.append(x.status.rawValue)
        put(x.contentHash)
        put(UInt32(u.bandKeys.count))
        for k in u.bandKeys { put(k) }
        put(set: u.set)
        put(u.excerpt); put(u.text)
    }

    private mutating func put<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func put(_ s: String) {
        var s = s
        s.withUTF8 { bytes in
            put(UInt32(bytes.count))
            buffer.append(contentsOf: bytes)
        }
    }

    private mutating func put(optional s: String?) {
        if let s { put(s) } else { put(UInt32.max) }
    }

    private mutating func put(set: ContiguousArray<UInt32>) {
        put(UInt32(set.count))
        if UInt32(1).littleEndian == 1 {
            set.withUnsafeBytes { buffer.append(contentsOf: $0) }
        } else {
            for v in set { put(v) }
        }
    }
}

/// Reads a stream from bytes, record by record, with RefrainBytes' ``CheckedReader``: every
/// length is checked against the record and the stream, and damage is a ``ByteReadError``
/// naming the stream and the byte offset.
public struct StageStreamReader {
    /// The stream's kind.
    public let kind: StageStream.Kind
    private let bytes: [UInt8]
    /// Where the bytes came from.
    public let source: String
    private var offset = 16
    /// Byte offset of the record ``next()`` returned last, for messages about its content.
    public private(set) var recordOffset = 16
    private var records = 0
    private var ended = false

    /// A reader of `bytes` (from `source`, for messages); fails unless they start with a stream
    /// header of this version and of one of the `expected` kinds.
    public init(_ bytes: [UInt8], source: String, expected: Set<UInt32>) throws(ByteReadError) {
        self.bytes = bytes
        self.source = source
        let raw: UInt32 = try Self.reading(bytes) { raw throws(ByteReadError) -> UInt32 in
            var r = CheckedReader(raw, path: source)
            guard raw.count >= 16 else {
                throw r.error("truncated stream header (\(raw.count) of 16 bytes)", at: raw.count)
            }
            try r.expect(magic: StageStream.magic, "a refrain stage stream")
            let version: UInt32 = try r.next()
            guard version == StageStream.version else {
                throw r.error("stream version \(version); this refrain reads version \(StageStream.version)", at: 8)
            }
            return try r.next()
        }
        guard let kind = StageStream.Kind(rawValue: raw), expected.contains(raw) else {
            throw ByteReadError(path: source, offset: 12, reason: "unexpected stream kind \(raw)")
        }
        self.kind = kind
    }

    /// The next record; nil after the end record. A cut or damaged stream is an error naming the offset.
    public mutating func next() throws(ByteReadError) -> StageStream.Record? {
        if ended { return nil }
        let at = offset, count = records, source = source
        let (record, end) = try Self.reading(bytes) { raw throws(ByteReadError) -> (StageStream.Record, Int) in
            var r = CheckedReader(raw, path: source)
            guard at < raw.count else {
                throw r.error("stream ends without its end record (truncated after \(count) records)", at: at)
            }
            guard raw.count - at >= 5 else { throw r.error("truncated record header", at: at) }
            try r.seek(to: at)
            let tag: UInt8 = try r.next()
            let length = Int(try r.next(UInt32.self))
            guard length <= r.remaining else {
                throw r.error("truncated record: \(length) bytes announced, \(r.remaining) left", at: at)
            }
            var p = try r.window(count: length)
            let record = try Self.decode(tag: tag, &p, recordAt: at, records: count)
            guard p.isAtEnd else { throw p.error("\(p.remaining) bytes left over in the record") }
            return (record, r.offset)
        }
        recordOffset = at
        offset = end
        if case .end = record {
            guard offset == bytes.count else {
                throw ByteReadError(path: source, offset: offset, reason: "\(bytes.count - offset) bytes after the end record")
            }
            ended = true
            return nil
        }
        records += 1
        return record
    }

    /// `body` over the bytes, with its typed error (the standard library's `withUnsafeBytes` is untyped).
    private static func reading<T>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(ByteReadError) -> T) throws(ByteReadError) -> T {
        let result: Result<T, ByteReadError> = bytes.withUnsafeBytes { raw in
            do throws(ByteReadError) { return .success(try body(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Every record up to the end record.
    public mutating func all() throws(ByteReadError) -> [StageStream.Record] {
        var out: [StageStream.Record] = []
        while let r = try next() { out.append(r) }
        return out
    }

    private static func decode(tag: UInt8, _ p: inout CheckedReader, recordAt: Int, records: Int) throws(ByteReadError) -> StageStream.Record {
        switch tag {
        case UInt8(ascii: "O"):
            let fp: UInt64 = try p.next()
            let bands = Int(try p.next(UInt32.self)), rows = Int(try p.next(UInt32.self)), bucket = Int(try p.next(UInt32.self))
            let containment: UInt8 = try p.next()
            guard containment <= 1 else { throw p.error("containment flag \(containment)") }
            return .options(StageStream.Options(fingerprint: fp, bands: bands, rows: rows, maxBucketPairs: bucket,
                                                containment: containment == 1, threshold: Double(bitPattern: try p.next())))
        case UInt8(ascii: "D"): return .document(try document(&p))
        case UInt8(ascii: "U"): return .unit(try unit(&p))
        case UInt8(ascii: "G"):
            let index = try p.nextCount(atMost: Int(UInt32.max), "document index")
            return .indexedDocument(index: index, try document(&p))
        case UInt8(ascii: "W"):
            let index = try p.nextCount(atMost: Int(UInt32.max), "unit index")
            return .indexedUnit(index: index, try unit(&p))
        case UInt8(ascii: "S"): return .set(unit: Int(try p.next(UInt32.self)), try set(&p))
        case UInt8(ascii: "P"):
            let a = Int(try p.next(UInt32.self)), b = Int(try p.next(UInt32.self))
            guard a < b else { throw p.error("pair (\(a), \(b)) is not ascending") }
            return .pair(a: a, b: b)
        case UInt8(ascii: "V"):
            let a = Int(try p.next(UInt32.self)), b = Int(try p.next(UInt32.self))
            let m: UInt8 = try p.next()
            guard m <= 1 else { throw p.error("unknown match kind \(m)") }
            let sim = Double(bitPattern: try p.next()), j = Double(bitPattern: try p.next()), c = Double(bitPattern: try p.next())
            return .verified(VerifiedPair(a: a, b: b, match: m == 0 ? .jaccard : .containment, similarity: sim, jaccard: j, containment: c))
        case UInt8(ascii: "C"):
            let n = Int(try p.next(UInt32.self))
            guard n <= p.remaining / 4 else { throw p.error("\(n) units do not fit the record") }
            var units: [Int] = []
            units.reserveCapacity(n)
            for _ in 0..<n { units.append(Int(try p.next(UInt32.self))) }
            return .component(units)
        case UInt8(ascii: "N"):
            let limit = Int.max
            return .counts(StageStream.Counts(
                skippedDocuments: try p.nextCount(atMost: limit, "count"), lshCandidates: try p.nextCount(atMost: limit, "count"),
                containmentCandidates: try p.nextCount(atMost: limit, "count"), largeBuckets: try p.nextCount(atMost: limit, "count"),
                candidates: try p.nextCount(atMost: limit, "count")))
        case UInt8(ascii: "T"):
            let limit = Int.max
            return .totals(StageStream.Totals(
                documents: try p.nextCount(atMost: limit, "count"), bytes: try p.nextCount(atMost: limit, "count"),
                units: try p.nextCount(atMost: limit, "count"), emptyUnits: try p.nextCount(atMost: limit, "count"),
                shortUnits: try p.nextCount(atMost: limit, "count"), boilerplateUnits: try p.nextCount(atMost: limit, "count")))
        case UInt8(ascii: "E"):
            let n = try p.nextCount(atMost: Int.max, "record count")
            guard n == records else { throw p.error("end record counts \(n) records, the stream held \(records)") }
            return .end(records: n)
        default:
            throw ByteReadError(path: p.path, offset: recordAt, reason: "unknown record tag \(tag)")
        }
    }

    private static func document(_ p: inout CheckedReader) throws(ByteReadError) -> StageStream.Document {
        let units = Int(try p.next(UInt32.self)), length = try p.nextCount(atMost: Int.max, "length")
        return StageStream.Document(id: try string(&p), date: try optionalString(&p), source: try optionalString(&p), length: length, units: units)
    }

    private static func unit(_ p: inout CheckedReader) throws(ByteReadError) -> StageStream.Unit {
        let document = Int(try p.next(UInt32.self)), s = Int(try p.next(UInt32.self)), e = Int(try p.next(UInt32.self))
        let tokens = Int(try p.next(UInt32.self)), shingles = Int(try p.next(UInt32.self))
        let rawStatus: UInt8 = try p.next()
        guard let status = UnitStatus(rawValue: rawStatus) else { throw p.error("unknown unit status \(rawStatus)") }
        let hash: UInt64 = try p.next()
        let bands = Int(try p.next(UInt32.self))
        guard bands <= p.remaining / 8 else { throw p.error("\(bands) band keys do not fit the record") }
        var keys: [UInt64] = []
        keys.reserveCapacity(bands)
        for _ in 0..<bands { keys.append(try p.next()) }
        let set = try set(&p)
        let unit = DedupeUnit(document: document, start: s, end: e, tokens: tokens, shingles: shingles, contentHash: hash, status: status)
        return StageStream.Unit(unit: unit, bandKeys: keys, set: set, excerpt: try string(&p), text: try string(&p))
    }

    private static func string(_ p: inout CheckedReader) throws(ByteReadError) -> String {
        let n = Int(try p.next(UInt32.self))
        guard n <= p.remaining else { throw p.error("string of \(n) bytes does not fit the record") }
        return String(decoding: try p.bytes(n), as: UTF8.self)
    }

    private static func optionalString(_ p: inout CheckedReader) throws(ByteReadError) -> String? {
        guard p.remaining >= 4 else { throw p.error("truncated string length") }
        if try p.load(at: p.offset, as: UInt32.self) == UInt32.max {
            try p.skip(4)
            return nil
        }
        return try string(&p)
    }

    private static func set(_ p: inout CheckedReader) throws(ByteReadError) -> ContiguousArray<UInt32> {
        let n = Int(try p.next(UInt32.self))
        guard n <= p.remaining / 4 else { throw p.error("set of \(n) fingerprints does not fit the record") }
        let at = p.offset
        var s = ContiguousArray<UInt32>(repeating: 0, count: n)
        for i in 0..<n { s[i] = try p.next() }
        for i in s.indices.dropFirst() where s[i] <= s[i - 1] { throw p.error("set not ascending and unique", at: at) }
        return s
    }
}
