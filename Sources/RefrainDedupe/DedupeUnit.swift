/// Why a unit has the shingles it has.
public enum UnitStatus: UInt8, Sendable, Hashable, Codable {
    /// At least `k` tokens: ordinary shingles.
    case normal = 0
    /// `1 ..< k` tokens: one shingle of all of them (see ``DedupeOptions/shingleSize``).
    case short = 1
    /// No tokens at all: no shingles; never matched, always kept.
    case empty = 2
    /// Tokens, but every one of them on boilerplate lines: no shingles; never matched, always kept.
    case boilerplate = 3

    /// Whether the unit takes part in matching.
    @inlinable public var isMatchable: Bool { self == .normal || self == .short }
}

/// One compared unit: a whole document or one of its paragraphs, with what the signature stage
/// learned about it. Stored compactly (32 bytes); offsets are UTF-8 byte offsets into the
/// document's text, half-open.
public struct DedupeUnit: Sendable, Hashable {
    /// Hash of the unit's normalized token sequence (after boilerplate removal): the key of the
    /// exact-duplicate fast path.
    public var contentHash: UInt64
    @usableFromInline var _document: UInt32
    @usableFromInline var _start: UInt32
    @usableFromInline var _end: UInt32
    @usableFromInline var _tokens: UInt32
    @usableFromInline var _shingles: UInt32
    /// What kind of unit this is.
    public var status: UnitStatus

    /// Creates a unit.
    public init(document: Int, start: Int, end: Int, tokens: Int, shingles: Int, contentHash: UInt64, status: UnitStatus) {
        _document = UInt32(truncatingIfNeeded: document)
        _start = UInt32(truncatingIfNeeded: start)
        _end = UInt32(truncatingIfNeeded: end)
        _tokens = UInt32(truncatingIfNeeded: tokens)
        _shingles = UInt32(truncatingIfNeeded: shingles)
        self.contentHash = contentHash
        self.status = status
    }

    /// Index of the unit's document in ``DedupeResult/documents`` (read order).
    @inlinable public var document: Int { Int(_document) }
    /// First byte of the unit in its document.
    @inlinable public var start: Int { Int(_start) }
    /// One past the last byte of the unit in its document.
    @inlinable public var end: Int { Int(_end) }
    /// The byte range in the document.
    @inlinable public var range: Range<Int> { start..<end }
    /// Length in bytes.
    @inlinable public var length: Int { end - start }
    /// Tokens counted for matching (boilerplate lines excluded).
    @inlinable public var tokens: Int { Int(_tokens) }
    /// Shingles emitted, with repeats (`tokens − k + 1`, 1 for short units, 0 for empty ones).
    @inlinable public var shingles: Int { Int(_shingles) }
}

/// What a dedupe run keeps of each document: identity and the metadata the keep rule needs.
public struct DocumentRecord: Sendable, Hashable {
    /// The reader's ordinal (``RefrainCorpus/Document/ordinal``).
    public var ordinal: Int
    /// The document id.
    public var id: String
    /// The `date` metadata, as written.
    public var date: String?
    /// The `source` metadata.
    public var source: String?
    /// UTF-8 length of the text.
    public var length: Int
    /// Index of the document's first unit in ``DedupeResult/units``.
    public var firstUnit: Int
    /// Number of units (1 at document level; the paragraphs at paragraph level, possibly 0).
    public var unitCount: Int

    /// Creates a record.
    public init(ordinal: Int, id: String, date: String?, source: String?, length: Int, firstUnit: Int, unitCount: Int) {
        self.ordinal = ordinal
        self.id = id
        self.date = date
        self.source = source
        self.length = length
        self.firstUnit = firstUnit
        self.unitCount = unitCount
    }
}
