/// A cursor over bytes that checks every read against the end of its window: the one way
/// Refrain reads its binary files (the match index, the dedupe work directory), so a damaged
/// or hostile file gives a ``ByteReadError`` naming the file and offset, never an
/// out-of-bounds read or a trap.
///
/// Offsets are always from the start of the underlying buffer (the file), also inside a
/// ``window(at:count:)``, so errors point at the byte to look at. Integers are little-endian.
/// The reader does not own its bytes: whoever made it keeps them alive (e.g. a
/// ``MappedBytes``) for as long as the reader and anything it returned are used.
///
/// Every read is O(1) except ``varint()`` (at most 5 bytes) and the string helpers.
@frozen
public struct CheckedReader {
    /// The whole buffer (the file).
    @usableFromInline let base: UnsafeRawBufferPointer
    /// Start of the window (reads before it fail).
    public let start: Int
    /// End of the window (reads at or past it fail).
    public let end: Int
    /// The file the bytes came from, for errors.
    public let path: String
    /// The next byte the cursor reads.
    public var offset: Int

    /// A reader over all of `bytes`, at offset 0.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer, path: String) {
        base = bytes
        start = 0
        end = bytes.count
        self.path = path
        offset = 0
    }

    @inlinable
    init(base: UnsafeRawBufferPointer, start: Int, end: Int, path: String) {
        self.base = base
        self.start = start
        self.end = end
        self.path = path
        offset = start
    }

    /// Bytes left between the cursor and the window's end.
    @inlinable public var remaining: Int { end - offset }

    /// Whether the cursor is at the window's end.
    @inlinable public var isAtEnd: Bool { offset >= end }

    /// The error for a failure at `offset` (default: the cursor).
    @inlinable
    public func error(_ reason: String, at offset: Int? = nil) -> ByteReadError {
        ByteReadError(path: path, offset: offset ?? self.offset, reason: reason)
    }

    /// Whether `count` bytes at `offset` lie inside the window (no overflow for any inputs).
    @inlinable @inline(__always)
    public func contains(_ offset: Int, count: Int) -> Bool {
        offset >= start && count >= 0 && offset <= end && count <= end - offset
    }

    @inlinable @inline(__always)
    func check(_ offset: Int, _ count: Int, _ what: StaticString) throws(ByteReadError) {
        guard contains(offset, count: count) else {
            throw ByteReadError(path: path, offset: offset,
                                reason: "\(what) of \(count) bytes runs past the end (\(end)) of its range")
        }
    }

    /// A reader over the `count` bytes at `offset` (offsets stay file offsets), its cursor at
    /// `offset`.
    @inlinable
    public func window(at offset: Int, count: Int) throws(ByteReadError) -> CheckedReader {
        try check(offset, count, "range")
        return CheckedReader(base: base, start: offset, end: offset + count, path: path)
    }

    /// A reader over the next `count` bytes; the cursor moves past them.
    @inlinable
    public mutating func window(count: Int) throws(ByteReadError) -> CheckedReader {
        let w = try window(at: offset, count: count)
        offset += count
        return w
    }

    /// Moves the cursor to `offset` (anywhere in the window, or its end).
    @inlinable
    public mutating func seek(to offset: Int) throws(ByteReadError) {
        try check(offset, 0, "seek")
        self.offset = offset
    }

    /// Moves the cursor `count` bytes on.
    @inlinable
    public mutating func skip(_ count: Int) throws(ByteReadError) {
        try check(offset, count, "skip")
        offset += count
    }

    // MARK: - Integers

    /// The little-endian integer at `offset`.
    @inlinable @inline(__always)
    public func load<T: FixedWidthInteger>(at offset: Int, as: T.Type = T.self) throws(ByteReadError) -> T {
        try check(offset, MemoryLayout<T>.size, "integer")
        return T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// The little-endian integer at the cursor; the cursor moves past it.
    @inlinable @inline(__always)
    public mutating func next<T: FixedWidthInteger>(_: T.Type = T.self) throws(ByteReadError) -> T {
        let v: T = try load(at: offset)
        offset += MemoryLayout<T>.size
        return v
    }

    /// A `UInt64` at `offset` that must be at most `limit` (an offset, length or count),
    /// as an `Int`: values of 2⁶³ and more, or past `limit`, throw.
    @inlinable
    public func count(at offset: Int, atMost limit: Int, _ what: StaticString) throws(ByteReadError) -> Int {
        let v: UInt64 = try load(at: offset)
        guard v <= UInt64(max(0, limit)) else {
            throw ByteReadError(path: path, offset: offset, reason: "\(what) \(v) is more than \(limit)")
        }
        return Int(v)
    }

    /// The next `UInt64` as a count of at most `limit` (see ``count(at:atMost:_:)``).
    @inlinable
    public mutating func nextCount(atMost limit: Int, _ what: StaticString) throws(ByteReadError) -> Int {
        let v = try count(at: offset, atMost: limit, what)
        offset += 8
        return v
    }

    /// The LEB128 varint at the cursor (7 bits a byte, low bits first), at most 32 bits; the
    /// cursor moves past it. A varint cut off by the window's end, longer than 5 bytes or
    /// over 32 bits throws.
    @inlinable @inline(__always)
    public mutating func varint() throws(ByteReadError) -> UInt32 {
        // The common case: one byte.
        if offset < end && offset >= start {
            let b = base.load(fromByteOffset: offset, as: UInt8.self)
            if b < 0x80 {
                offset += 1
                return UInt32(b)
            }
        }
        return try varintSlow()
    }

    @inlinable
    mutating func varintSlow() throws(ByteReadError) -> UInt32 {
        let first = offset
        guard first >= start else { throw error("varint before its range") }
        var v: UInt32 = 0
        var shift: UInt32 = 0
        var i = first
        while i < end {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            i += 1
            guard shift < 28 || b < 0x10 else { throw error("varint over 32 bits", at: first) }
            v |= UInt32(b & 0x7F) << shift
            if b < 0x80 {
                offset = i
                return v
            }
            shift += 7
        }
        throw error("varint cut off at the end (\(end)) of its range", at: first)
    }

    // MARK: - Bytes

    /// The `count` bytes at the cursor (no copy); the cursor moves past them.
    @inlinable
    public mutating func bytes(_ count: Int) throws(ByteReadError) -> UnsafeBufferPointer<UInt8> {
        try check(offset, count, "bytes")
        let p = UnsafeRawBufferPointer(rebasing: base[offset..<(offset + count)]).assumingMemoryBound(to: UInt8.self)
        offset += count
        return p
    }

    /// The `count` bytes at `offset` (no copy).
    @inlinable
    public func bytes(at offset: Int, count: Int) throws(ByteReadError) -> UnsafeBufferPointer<UInt8> {
        try check(offset, count, "bytes")
        return UnsafeRawBufferPointer(rebasing: base[offset..<(offset + count)]).assumingMemoryBound(to: UInt8.self)
    }

    /// Throws unless the next bytes are `magic`; the cursor moves past them.
    @inlinable
    public mutating func expect(magic: [UInt8], _ what: String) throws(ByteReadError) {
        let at = offset
        guard contains(at, count: magic.count), try bytes(magic.count).elementsEqual(magic) else {
            throw ByteReadError(path: path, offset: at, reason: "not \(what) (no \(String(decoding: magic, as: UTF8.self)) magic)")
        }
    }
}
