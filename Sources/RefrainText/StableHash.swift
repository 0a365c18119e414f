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

    /// The hash of the ASCII-lower-cased copy of `count` (1...16) plain ASCII bytes at `base`,
    /// without making the copy: the same value as ``hash(_:count:seed:)`` of the lower-cased
    /// bytes. The loads of `hash` lower-case four bytes at a time.
    @inlinable @inline(__always)
    public static func hashLowercasedASCII(_ base: UnsafeRawPointer, count: Int, seed: UInt64 = 0) -> UInt64 {
        precondition(count >= 1 && count <= 16)
        let s = seed ^ mum(seed ^ p0, p1)
        var a: UInt64 = 0
        var b: UInt64 = 0
        if count >= 4 {
            let far = (count >> 3) << 2
            a = UInt64(lower32(load32(base, 0))) << 32 | UInt64(lower32(load32(base, far)))
            b = UInt64(lower32(load32(base, count - 4))) << 32 | UInt64(lower32(load32(base, count - 4 - far)))
        } else {
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            @inline(__always) func lower(_ x: UInt8) -> UInt64 { UInt64(x &- 65 < 26 ? x | 0x20 : x) }
            a = lower(bytes[0]) << 16 | lower(bytes[count >> 1]) << 8 | lower(bytes[count - 1])
        }
        return mum(p1 ^ UInt64(truncatingIfNeeded: count), mum(a ^ p1, b ^ s))
    }

    /// Four ASCII bytes lower-cased at once: a byte gains 0x20 when it lies in `A`...`Z` (the two
    /// additions cannot carry across bytes below 0x80).
    @inlinable @inline(__always)
    static func lower32(_ x: UInt32) -> UInt32 {
        let atLeastA = x &+ 0x3F3F_3F3F          // high bit set where x ≥ 0x41
        let aboveZ = x &+ 0x2525_2525            // high bit set where x ≥ 0x5B
        return x | ((atLeastA & ~aboveZ & 0x8080_8080) >> 2)
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
