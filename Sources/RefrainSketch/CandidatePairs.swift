/// A sorted, duplicate-free list of unit pairs `(a, b)` with `a < b`, packed as `a << 32 | b`.
///
/// The output of the candidate stages (``BandingStage``, ``ContainmentStage``) and the input of
/// ``VerifyStage``. Sorting by the packed value sorts by `a`, then `b`.
public struct CandidatePairs: Sendable, Hashable, RandomAccessCollection {
    /// The packed pairs, ascending.
    public private(set) var packed: ContiguousArray<UInt64>

    /// No pairs.
    public init() { packed = [] }

    /// Pairs from packed values in any order, with repeats: sorts and removes repeats.
    public init(unsorted: ContiguousArray<UInt64>) {
        packed = unsorted
        SortedSets.sortUnique(&packed)
    }

    /// Pairs from `(a, b)` tuples in any order; each is stored as `(min, max)`; `a == b` is dropped.
    public init(_ pairs: [(Int, Int)]) {
        var p = ContiguousArray<UInt64>()
        for (a, b) in pairs where a != b { p.append(CandidatePairs.pack(Swift.min(a, b), Swift.max(a, b))) }
        self.init(unsorted: p)
    }

    /// Packs a pair; `a < b`, both below 2³².
    @inlinable @inline(__always)
    public static func pack(_ a: Int, _ b: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

    /// The union of several pair lists.
    public static func union(_ lists: [CandidatePairs]) -> CandidatePairs {
        var all = ContiguousArray<UInt64>()
        all.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for l in lists { all.append(contentsOf: l.packed) }
        return CandidatePairs(unsorted: all)
    }

    /// The first index.
    public var startIndex: Int { 0 }
    /// One past the last index.
    public var endIndex: Int { packed.count }
    /// The pair at `i`.
    public subscript(i: Int) -> (a: Int, b: Int) {
        let v = packed[i]
        return (Int(v >> 32), Int(v & 0xFFFF_FFFF))
    }
}
