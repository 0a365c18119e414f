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
            case .end: return UInt8(ascii: "E")
            }
        }
    }
}

/// A malformed stream: what is wrong and at which byte offset.
public struct StageStreamError: Error, CustomStringConvertible, Sendable, Hashable {
    /// Where the stream came from (a path, or `<stdin>`).
    public var source: String
    /// Byte offset of the damage.
    public var offset: Int
    /// What is wrong.
    public var reason: String

    public init(source: String, offset: Int, reason: String) {
        self.source = source
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(source): byte \(offset): \(reason)" }

    /// An error about the record `reader` returned last.
    public init(_ reader: StageStreamReader, _ reason: String) {
        self.init(source: reader.source, offset: reader.recordOffset, reason: reason)
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
        case .document(let d):
            put(UInt32(d.units)); put(UInt64(d.length)); put(d.id); put(optional: d.date); put(optional: d.source)
        case .unit(let u):
            let x = u.unit
            put(UInt32(x.document)); put(UInt32(x.start)); put(UInt32(x.end)); put(UInt32(x.tokens)); put(UInt32(x.shingles))
            buffer.append(x.status.rawValue)
            put(x.contentHash)
            put(UInt32(u.bandKeys.count))
            for k in u.bandKeys { put(k) }
            put(set: u.set)
            put(u.excerpt); put(u.text)
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

/// Reads a stream from bytes, record by record, checking every length against the data.
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
    public init(_ bytes: [UInt8], source: String, expected: Set<UInt32>) throws(StageStreamError) {
        self.bytes = bytes
        self.source = source
        guard bytes.count >= 16 else {
            throw StageStreamError(source: source, offset: bytes.count, reason: "truncated stream header (\(bytes.count) of 16 bytes)")
        }
        guard Array(bytes[0..<8]) == StageStream.magic else {
            throw StageStreamError(source: source, offset: 0, reason: "not a refrain stage stream (no RFSTREAM magic)")
        }
        let version = StageStreamReader.load(UInt32.self, bytes, 8)
        guard version == StageStream.version else {
            throw StageStreamError(source: source, offset: 8, reason: "stream version \(version); this refrain reads version \(StageStream.version)")
        }
        let raw = StageStreamReader.load(UInt32.self, bytes, 12)
        guard let kind = StageStream.Kind(rawValue: raw), expected.contains(raw) else {
            throw StageStreamError(source: source, offset: 12, reason: "unexpected stream kind \(raw)")
        }
        self.kind = kind
    }

    private static func load<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], _ at: Int) -> T {
        var v = T.zero
        withUnsafeMutableBytes(of: &v) { dst in
            bytes.withUnsafeBytes { src in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[at..<(at + MemoryLayout<T>.size)])) }
        }
        return T(littleEndian: v)
    }

    /// The next record; nil after the end record. A cut or damaged stream is an error naming the offset.
    public mutating func next() throws(StageStreamError) -> StageStream.Record? {
        if ended {
            return nil
        }
        guard offset < bytes.count else {
            throw StageStreamError(source: source, offset: offset, reason: "stream ends without its end record (truncated after \(records) records)")
        }
        guard offset + 5 <= bytes.count else {
            throw StageStreamError(source: source, offset: offset, reason: "truncated record header")
        }
        recordOffset = offset
        let tag = bytes[offset]
        let length = Int(StageStreamReader.load(UInt32.self, bytes, offset + 1))
        let start = offset + 5
        guard length <= bytes.count - start else {
            throw StageStreamError(source: source, offset: offset, reason: "truncated record: \(length) bytes announced, \(bytes.count - start) left")
        }
        var p = Payload(bytes: bytes, at: start, end: start + length, source: source)
        let record: StageStream.Record
        switch tag {
        case UInt8(ascii: "O"):
            let fp = try p.u64(), bands = Int(try p.u32()), rows = Int(try p.u32()), bucket = Int(try p.u32())
            let containment = try p.u8()
            guard containment <= 1 else { throw p.error("containment flag \(containment)") }
            record = .options(StageStream.Options(fingerprint: fp, bands: bands, rows: rows, maxBucketPairs: bucket,
                                                  containment: containment == 1, threshold: Double(bitPattern: try p.u64())))
        case UInt8(ascii: "D"):
            let units = Int(try p.u32()), length = try p.int64()
            record = .document(StageStream.Document(id: try p.string(), date: try p.optionalString(), source: try p.optionalString(),
                                                    length: length, units: units))
        case UInt8(ascii: "U"):
            let document = Int(try p.u32()), s = Int(try p.u32()), e = Int(try p.u32())
            let tokens = Int(try p.u32()), shingles = Int(try p.u32())
            let rawStatus = try p.u8()
            guard let status = UnitStatus(rawValue: rawStatus) else { throw p.error("unknown unit status \(rawStatus)") }
            let hash = try p.u64()
            let bands = Int(try p.u32())
            guard bands <= p.remaining / 8 else { throw p.error("\(bands) band keys do not fit the record") }
            var keys: [UInt64] = []
            keys.reserveCapacity(bands)
            for _ in 0..<bands { keys.append(try p.u64()) }
            let set = try p.set()
            let unit = DedupeUnit(document: document, start: s, end: e, tokens: tokens, shingles: shingles, contentHash: hash, status: status)
            record = .unit(StageStream.Unit(unit: unit, bandKeys: keys, set: set, excerpt: try p.string(), text: try p.string()))
        case UInt8(ascii: "S"): record = .set(unit: Int(try p.u32()), try p.set())
        case UInt8(ascii: "P"):
            let a = Int(try p.u32()), b = Int(try p.u32())
            guard a < b else { throw p.error("pair (\(a), \(b)) is not ascending") }
            record = .pair(a: a, b: b)
        case UInt8(ascii: "V"):
            let a = Int(try p.u32()), b = Int(try p.u32())
            let m = try p.u8()
            guard m <= 1 else { throw p.error("unknown match kind \(m)") }
            let sim = Double(bitPattern: try p.u64()), j = Double(bitPattern: try p.u64()), c = Double(bitPattern: try p.u64())
            record = .verified(VerifiedPair(a: a, b: b, match: m == 0 ? .jaccard : .containment, similarity: sim, jaccard: j, containment: c))
        case UInt8(ascii: "C"):
            let n = Int(try p.u32())
            guard n <= p.remaining / 4 else { throw p.error("\(n) units do not fit the record") }
            var units: [Int] = []
            units.reserveCapacity(n)
            for _ in 0..<n { units.append(Int(try p.u32())) }
            record = .component(units)
        case UInt8(ascii: "N"):
            record = .counts(StageStream.Counts(skippedDocuments: try p.int64(), lshCandidates: try p.int64(),
                                                containmentCandidates: try p.int64(), largeBuckets: try p.int64(), candidates: try p.int64()))
        case UInt8(ascii: "E"):
            let n = try p.int64()
            guard n == records else { throw p.error("end record counts \(n) records, the stream held \(records)") }
            record = .end(records: n)
        default:
            throw StageStreamError(source: source, offset: offset, reason: "unknown record tag \(tag)")
        }
        guard p.at == p.end else { throw p.error("\(p.end - p.at) bytes left over in the record") }
        offset = p.end
        if case .end = record {
            guard offset == bytes.count else {
                throw StageStreamError(source: source, offset: offset, reason: "\(bytes.count - offset) bytes after the end record")
            }
            ended = true
            return nil
        }
        records += 1
        return record
    }

    /// Every record up to the end record.
    public mutating func all() throws(StageStreamError) -> [StageStream.Record] {
        var out: [StageStream.Record] = []
        while let r = try next() { out.append(r) }
        return out
    }

    /// A record's payload, read with bounds checks.
    struct Payload {
        let bytes: [UInt8]
        var at: Int
        let end: Int
        let source: String

        init(bytes: [UInt8], at: Int, end: Int, source: String) {
            self.bytes = bytes
            self.at = at
            self.end = end
            self.source = source
        }

        var remaining: Int { end - at }

        func error(_ reason: String) -> StageStreamError { StageStreamError(source: source, offset: at, reason: reason) }

        mutating func fixed<T: FixedWidthInteger>(_: T.Type) throws(StageStreamError) -> T {
            let size = MemoryLayout<T>.size
            guard size <= end - at else { throw error("truncated field (\(size) bytes needed, \(end - at) left in the record)") }
            let v = StageStreamReader.load(T.self, bytes, at)
            at += size
            return v
        }
        mutating func u8() throws(StageStreamError) -> UInt8 { try fixed(UInt8.self) }
        mutating func u32() throws(StageStreamError) -> UInt32 { try fixed(UInt32.self) }
        mutating func u64() throws(StageStreamError) -> UInt64 { try fixed(UInt64.self) }
        mutating func int64() throws(StageStreamError) -> Int {
            let v = try u64()
            guard v <= UInt64(Int.max) else { throw error("count \(v) out of range") }
            return Int(v)
        }
        mutating func string() throws(StageStreamError) -> String {
            let n = Int(try u32())
            guard n <= end - at else { throw error("string of \(n) bytes does not fit the record") }
            let s = String(decoding: bytes[at..<(at + n)], as: UTF8.self)
            at += n
            return s
        }
        mutating func optionalString() throws(StageStreamError) -> String? {
            guard 4 <= end - at else { throw error("truncated string length") }
            if StageStreamReader.load(UInt32.self, bytes, at) == UInt32.max {
                at += 4
                return nil
            }
            return try string()
        }
        mutating func set() throws(StageStreamError) -> ContiguousArray<UInt32> {
            let n = Int(try u32())
            guard n <= (end - at) / 4 else { throw error("set of \(n) fingerprints does not fit the record") }
            var s = ContiguousArray<UInt32>(repeating: 0, count: n)
            for i in 0..<n { s[i] = StageStreamReader.load(UInt32.self, bytes, at + 4 * i) }
            at += 4 * n
            var prior: UInt32? = nil
            for v in s {
                if let prior, v <= prior { throw error("set not ascending and unique") }
                prior = v
            }
            return s
        }
    }
}
