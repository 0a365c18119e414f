/// Little-endian binary writing into a growing byte array: the counterpart of
/// ``CheckedReader`` for Refrain's binary files.
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// A writer that starts with `magic` (e.g. `RFUNIT01`).
    public init(magic: String) { bytes = Array(magic.utf8) }

    /// Bytes written so far.
    @inlinable public var count: Int { bytes.count }

    /// Appends `v`, little-endian.
    @inlinable
    public mutating func append<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends one byte.
    @inlinable public mutating func u8(_ v: UInt8) { bytes.append(v) }
    /// Appends a `UInt32`, little-endian.
    @inlinable public mutating func u32(_ v: UInt32) { append(v) }
    /// Appends a `UInt64`, little-endian.
    @inlinable public mutating func u64(_ v: UInt64) { append(v) }

    /// Appends the ``Varint`` of `v`.
    @inlinable public mutating func varint(_ v: UInt32) { Varint.append(v, to: &bytes) }

    /// Appends raw bytes.
    @inlinable
    public mutating func append(raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    /// Appends the bytes of `values`, each little-endian.
    @inlinable
    public mutating func append<T: FixedWidthInteger>(contentsOf values: some Collection<T>) {
        if T(1).littleEndian == 1, let done: Void = values.withContiguousStorageIfAvailable({ bytes.append(contentsOf: UnsafeRawBufferPointer($0)) }) {
            return done
        }
        for v in values { append(v) }
    }

    /// Overwrites the `UInt64` at `offset` (already written) with `v`.
    @inlinable
    public mutating func patch(_ v: UInt64, at offset: Int) {
        withUnsafeBytes(of: v.littleEndian) { raw in for k in 0..<8 { bytes[offset + k] = raw[k] } }
    }

    /// The `UInt64` at `offset` (already written).
    @inlinable
    public func u64(at offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
        return v
    }

    /// Zero bytes up to the next multiple of `alignment`.
    @inlinable
    public mutating func pad(to alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}
