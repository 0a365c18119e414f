/// Operations on sets represented as sorted arrays of unique 64-bit hashes.
public enum SortedSets {
    /// Sorts `values` and removes repeats, in place.
    public static func sortUnique(_ values: inout ContiguousArray<UInt64>) {
        guard values.count > 1 else { return }
        values.sort()
        let n = values.count
        let unique = values.withUnsafeMutableBufferPointer { p -> Int in
            var w = 1
            for i in 1..<p.count where p[i] != p[w - 1] {
                p[w] = p[i]
                w += 1
            }
            return w
        }
        values.removeLast(n - unique)
    }

    /// The number of values in both sorted, unique arrays. Linear merge, or galloping binary
    /// search from the smaller side when the sizes differ by more than 16×.
    @inlinable
    public static func intersectionCount(_ a: UnsafeBufferPointer<UInt64>, _ b: UnsafeBufferPointer<UInt64>) -> Int {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        if small.isEmpty { return 0 }
        if large.count > 16 * small.count {
            var count = 0
            var low = 0
            for x in small {
                var lo = low, hi = large.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if large[mid] < x { lo = mid + 1 } else { hi = mid }
                }
                if lo < large.count && large[lo] == x { count += 1 }
                low = lo
            }
            return count
        }
        var i = 0, j = 0, count = 0
        while i < small.count && j < large.count {
            let x = small[i], y = large[j]
            if x == y {
                count += 1
                i += 1
                j += 1
            } else if x < y {
                i += 1
            } else {
                j += 1
            }
        }
        return count
    }

    /// Jaccard similarity `|A ∩ B| / |A ∪ B|` of two sorted, unique arrays (0 when both are empty).
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        let i = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { intersectionCount(x, $0) } }
        let union = a.count + b.count - i
        return union == 0 ? 0 : Double(i) / Double(union)
    }

    /// Containment of the smaller set in the larger: `|A ∩ B| / min(|A|, |B|)` (0 when one is empty).
    public static func containment(_ a: [UInt64], _ b: [UInt64]) -> Double {
        let i = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { intersectionCount(x, $0) } }
        let smaller = min(a.count, b.count)
        return smaller == 0 ? 0 : Double(i) / Double(smaller)
    }
}
