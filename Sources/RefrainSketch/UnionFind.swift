/// Disjoint sets over `0..<count` with union by size and path halving.
///
/// `find` and `union` cost amortised O(α(n)). Roots are not stable across different union orders,
/// so callers derive anything they output (cluster order, representatives) from the sets' members,
/// never from the roots.
public struct UnionFind: Sendable {
    @usableFromInline var parent: [Int32]
    @usableFromInline var size: [Int32]

    /// `count` singleton sets.
    public init(count: Int) {
        precondition(count < Int(Int32.max), "too many elements")
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
    }

    /// The number of elements.
    public var count: Int { parent.count }

    /// The root of `x`'s set.
    @inlinable
    public mutating func find(_ x: Int) -> Int {
        var x = Int32(x)
        while parent[Int(x)] != x {
            let grand = parent[Int(parent[Int(x)])]
            parent[Int(x)] = grand
            x = grand
        }
        return Int(x)
    }

    /// Merges the sets of `a` and `b`; returns false if they were already one set.
    @inlinable @discardableResult
    public mutating func union(_ a: Int, _ b: Int) -> Bool {
        var ra = find(a)
        var rb = find(b)
        if ra == rb { return false }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
        return true
    }

    /// The size of `x`'s set.
    public mutating func setSize(_ x: Int) -> Int { Int(size[find(x)]) }

    /// Every set with at least `minimumSize` members, each sorted ascending, the sets ordered by
    /// their smallest member: a canonical form independent of union order. Cost O(n α(n)).
    public mutating func sets(minimumSize: Int = 1) -> [[Int]] {
        var byRoot: [Int: Int] = [:]
        var result: [[Int]] = []
        for x in 0..<count {
            let r = find(x)
            guard Int(size[r]) >= minimumSize else { continue }
            if let slot = byRoot[r] {
                result[slot].append(x)
            } else {
                byRoot[r] = result.count
                result.append([x])
            }
        }
        return result
    }
}
