/// A fast, well-distributed, seeded 64-bit hash over bytes, stable across runs, machines and
/// releases (unlike `Hasher`), so signatures and reports can be compared and stored.
///
/// Built on the multiply-and-fold ("mum") mixing of the wyhash family: each step takes the full
/// 128-bit product of two 64-bit words and folds its halves together with xor. Short inputs
/// (the common case: a word) cost two multiplications.
public enum StableHash {
    @usableFromInline static let p0: UInt64 = 0xa076_1d64_78bd_642f
    @usableFromInline static let p1: UInt64 = 0xe703_7ed1_a0b4_28db
    @usableFromInline static let p2: UInt64 = 0x8ebc_6af0_9c88_c6e3

    /// Folds the 128-bit product of `a` and `b` into 64 bits.
    @inlinable @inline(__always)
    public static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// Mixes one 64-bit value with a seed: the hash of a fixed-width key (e.g. a shingle of token hashes).
    @inlinable @inline(__always)
    public static func mix(_ value: UInt64, seed: UInt64 = 0) -> UInt64 {
        mum(value ^ p0 ^ seed, mum(value ^ p1, p2 ^ seed))
    }

    /// Hashes `count` bytes at `base` with `seed`.
    @inlinable
    public static func hash(_ base: UnsafeRawPointer?, count: Int, seed: UInt64 = 0) -> UInt64 {
        guard let p = base, count > 0 else { return mum(seed ^ p0, p1) }
        var s = seed ^ mum(seed ^ p0, p1)
        var a: UInt64 = 0
        var b: UInt64 = 0
        if count <= 16 {
            if count >= 4 {
                let far = (count >> 3) << 2
                a = UInt64(load32(p, 0)) << 32 | UInt64(load32(p, far))
                b = UInt64(load32(p, count - 4)) << 32 | UInt64(load32(p, count - 4 - far))
            } else {
                let bytes = p.assumingMemoryBound(to: UInt8.self)
                a = UInt64(bytes[0]) << 16 | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count - 1])
            }
        } else {
            var offset = 0
            var remaining = count
            while remaining > 16 {
                s = mum(load64(p, offset) ^ p1, load64(p, offset + 8) ^ s)
                offset += 16
                remaining -= 16
            }
            a = load64(p, count - 16)
            b = load64(p, count - 8)
        }
        return mum(p1 ^ UInt64(truncatingIfNeeded: count), mum(a ^ p1, b ^ s))
    }

    /// Hashes a buffer of bytes.
    @inlinable
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0) -> UInt64 {
        hash(UnsafeRawPointer(bytes.baseAddress), count: bytes.count, seed: seed)
    }

    /// Hashes the UTF-8 bytes of a string (convenience for cold paths).
    public static func hash(_ string: String, seed: UInt64 = 0) -> UInt64 {
        var copy = string
        return copy.withUTF8 { hash($0, seed: seed) }
    }

    @inlinable @inline(__always)
    static func load64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inlinable @inline(__always)
    static func load32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
