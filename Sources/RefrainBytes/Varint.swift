/// LEB128 varints of up to 32 bits: 7 bits a byte, low bits first, the high bit set on every
/// byte but the last, so values under 128 take one byte and any `UInt32` at most five.
/// ``BinaryWriter/varint(_:)`` writes them, ``CheckedReader/varint()`` reads them back.
public enum Varint {
    /// The most bytes a varint of a `UInt32` takes.
    public static let maxBytes = 5

    /// The bytes `v` takes.
    @inlinable
    public static func size(_ v: UInt32) -> Int {
        var v = v, n = 1
        while v >= 0x80 {
            v >>= 7
            n += 1
        }
        return n
    }

    /// Appends the varint of `v` to `bytes`.
    @inlinable
    public static func append(_ v: UInt32, to bytes: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
}
