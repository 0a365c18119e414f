import RefrainText

/// Computes MinHash signatures of shingle sets: `permutations` 32-bit values per set, such that the
/// share of equal positions in two signatures estimates the Jaccard similarity of the sets.
///
/// Two schemes (``MinHashScheme``):
/// - ``MinHashScheme/onePermutation`` (default): each shingle is hashed once with a seeded 64-bit
///   mix; the high 32 bits pick one of `permutations` bins, the low 32 bits are the value, and each
///   bin keeps its minimum. Bins left empty (sets smaller than about `permutations`) are filled by
///   *optimal densification*: empty bin `i` probes bins `h(i, 1), h(i, 2), …` (a fixed seeded
///   sequence, the same for every set) and copies the first bin that was non-empty before
///   densification. Cost: one hash per shingle plus O(permutations) per set.
/// - ``MinHashScheme/classic``: permutation `p` maps a shingle hash `x` to the high 32 bits of
///   `a_p·x + b_p mod 2^64` (odd seeded `a_p`), as datasketch and rensa do over 64-bit hashes.
///   Cost: `permutations` multiply-adds per shingle.
///
/// Signatures of sets with no shingles are all `UInt32.max`; callers keep such units out of matching.
/// Values never equal `UInt32.max` otherwise. A hasher is immutable and thread-safe.
public struct MinHasher: Sendable, Hashable {
    /// Signature length.
    public let permutations: Int
    /// The scheme.
    public let scheme: MinHashScheme
    /// The seed every hash function derives from.
    public let seed: UInt64
    @usableFromInline let multipliers: [UInt64]
    @usableFromInline let increments: [UInt64]

    /// A hasher with `permutations` values per signature.
    public init(permutations: Int = 128, scheme: MinHashScheme = .onePermutation, seed: UInt64 = 0x5EED) {
        precondition(permutations > 0 && permutations <= 1 << 16, "permutations must be in 1...65536")
        self.permutations = permutations
        self.scheme = scheme
        self.seed = seed
        var a: [UInt64] = []
        var b: [UInt64] = []
        if scheme == .classic {
            a.reserveCapacity(permutations)
            b.reserveCapacity(permutations)
            for p in 0..<permutations {
                a.append(StableHash.mix(UInt64(p) &* 2 &+ 1, seed: seed ^ 0x0A0A_0A0A) | 1)
                b.append(StableHash.mix(UInt64(p) &* 2 &+ 2, seed: seed ^ 0x0B0B_0B0B))
            }
        }
        multipliers = a
        increments = b
    }

    /// The value every position of an empty set's signature holds.
    @inlinable public static var emptyValue: UInt32 { .max }

    /// Writes the signature of the shingles in `shingles` (repeats allowed) to `output`, which must
    /// hold ``permutations`` values.
    @inlinable
    public func signature(of shingles: UnsafeBufferPointer<UInt64>, into output: UnsafeMutableBufferPointer<UInt32>) {
        precondition(output.count == permutations)
        output.update(repeating: MinHasher.emptyValue)
        guard !shingles.isEmpty else { return }
        switch scheme {
        case .onePermutation: onePermutation(shingles, output)
        case .classic: classic(shingles, output)
        }
    }

    /// The signature of `shingles` (convenience; allocates).
    public func signature(of shingles: [UInt64]) -> [UInt32] {
        var out = [UInt32](repeating: 0, count: permutations)
        shingles.withUnsafeBufferPointer { s in out.withUnsafeMutableBufferPointer { signature(of: s, into: $0) } }
        return out
    }

    @inlinable
    func onePermutation(_ shingles: UnsafeBufferPointer<UInt64>, _ out: UnsafeMutableBufferPointer<UInt32>) {
        let k = UInt64(permutations)
        let s = seed
        for x in shingles {
            let h = StableHash.mix(x, seed: s)
            let bin = Int(truncatingIfNeeded: ((h >> 32) &* k) >> 32)
            // Values avoid UInt32.max, which marks an empty bin.
            let v = min(UInt32(truncatingIfNeeded: h), MinHasher.emptyValue - 1)
            if v < out[bin] { out[bin] = v }
        }
        densify(out)
    }

    /// Fills empty bins from non-empty ones (optimal densification). Bins that were filled by
    /// densification are never used as donors, so the probe sequence of each bin is independent
    /// of the order bins are visited in.
    @inlinable
    func densify(_ out: UnsafeMutableBufferPointer<UInt32>) {
        let n = out.count
        var empty = 0
        for v in out where v == MinHasher.emptyValue { empty += 1 }
        if empty == 0 || empty == n { return }
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { wasEmpty in
            for i in 0..<n { wasEmpty[i] = out[i] == MinHasher.emptyValue }
            let k = UInt64(n)
            let s = seed ^ 0xD3D3_D3D3_D3D3_D3D3
            for i in 0..<n where wasEmpty[i] {
                var attempt: UInt64 = 1
                while true {
                    let h = StableHash.mix(UInt64(i) << 32 | attempt, seed: s)
                    let donor = Int(truncatingIfNeeded: ((h >> 32) &* k) >> 32)
                    if !wasEmpty[donor] {
                        out[i] = out[donor]
                        break
                    }
                    attempt += 1
                }
            }
        }
    }

    @inlinable
    func classic(_ shingles: UnsafeBufferPointer<UInt64>, _ out: UnsafeMutableBufferPointer<UInt32>) {
        multipliers.withUnsafeBufferPointer { a in
            increments.withUnsafeBufferPointer { b in
                for x in shingles {
                    for p in 0..<out.count {
                        let v = min(UInt32(truncatingIfNeeded: (a[p] &* x &+ b[p]) >> 32), MinHasher.emptyValue - 1)
                        if v < out[p] { out[p] = v }
                    }
                }
            }
        }
    }

    /// The share of equal positions in two signatures: the MinHash estimate of Jaccard similarity.
    @inlinable
    public static func estimatedJaccard(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Double {
        precondition(a.count == b.count && !a.isEmpty)
        var equal = 0
        for i in 0..<a.count where a[i] == b[i] { equal += 1 }
        return Double(equal) / Double(a.count)
    }

    /// The MinHash estimate of the Jaccard similarity of two signatures (convenience).
    public static func estimatedJaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { estimatedJaccard(x, $0) } }
    }
}

/// How MinHash values are computed.
public enum MinHashScheme: String, Sendable, Hashable, Codable, CaseIterable {
    /// One-permutation hashing with optimal densification (Shrivastava, ICML 2017): each shingle is
    /// hashed once into one of `permutations` bins; empty bins borrow from a pseudo-random non-empty
    /// bin. One hash per shingle instead of one per shingle and permutation. The default; its
    /// estimates match classic MinHash's error (see the tests).
    case onePermutation = "one-permutation"
    /// Classic MinHash: `permutations` independent seeded 64-bit hash functions per shingle.
    case classic
}
