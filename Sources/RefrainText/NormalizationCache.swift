/// A direct-mapped cache from a token's surface bytes to its normalized bytes and hash.
///
/// Normalizing a non-ASCII token through ICU costs two UTF-16 conversions and a normalization
/// pass; word frequencies are Zipfian, so most tokens of a document were seen moments ago.
/// A hit costs one hash of the surface bytes and one comparison. Owned by one tokenizer (one
/// thread); memory is bounded (the byte pool is cleared when full).
struct NormalizationCache {
    private struct Slot {
        var key: UInt64 = 0
        var offset: Int32 = -1     // surface bytes at pool[offset...], then the normalized bytes
        var surfaceCount: Int32 = 0
        var normCount: Int32 = 0
        var normHash: UInt64 = 0
    }

    private static let slotBits = 14
    private static let poolLimit = 1 << 20
    private static let longestCached = 64

    private var slots = ContiguousArray<Slot>(repeating: Slot(), count: 1 << slotBits)
    private var pool = ContiguousArray<UInt8>()

    /// If `surface` is cached, appends its normalized form to `output` and returns its hash.
    @inline(__always)
    mutating func lookup(_ surface: UnsafeBufferPointer<UInt8>, key: UInt64, appendingTo output: inout ContiguousArray<UInt8>) -> UInt64? {
        let slot = slots[Int(truncatingIfNeeded: key) & ((1 << Self.slotBits) - 1)]
        guard slot.key == key, slot.offset >= 0, Int(slot.surfaceCount) == surface.count else { return nil }
        let start = Int(slot.offset)
        let equal = pool.withUnsafeBufferPointer { p in
            memcmpEqual(p.baseAddress! + start, surface.baseAddress!, surface.count)
        }
        guard equal else { return nil }
        let normStart = start + surface.count
        pool.withUnsafeBufferPointer { p in
            output.append(contentsOf: UnsafeBufferPointer(rebasing: p[normStart..<(normStart + Int(slot.normCount))]))
        }
        return slot.normHash
    }

    /// Remembers that `surface` normalizes to `norm` with `normHash`.
    mutating func store(_ surface: UnsafeBufferPointer<UInt8>, key: UInt64, norm: UnsafeBufferPointer<UInt8>, normHash: UInt64) {
        guard surface.count <= Self.longestCached, norm.count <= 4 * Self.longestCached else { return }
        if pool.count + surface.count + norm.count > Self.poolLimit {
            pool.removeAll(keepingCapacity: true)
            for i in slots.indices { slots[i].offset = -1 }
        }
        let offset = pool.count
        pool.append(contentsOf: surface)
        pool.append(contentsOf: norm)
        slots[Int(truncatingIfNeeded: key) & ((1 << Self.slotBits) - 1)] =
            Slot(key: key, offset: Int32(offset), surfaceCount: Int32(surface.count), normCount: Int32(norm.count), normHash: normHash)
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) { return false }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
