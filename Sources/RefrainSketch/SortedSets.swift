/// Operations on sets represented as sorted arrays of unique hashes (64-bit shingle hashes, or
/// the 32-bit fingerprints verification compares).
public enum SortedSets {
    /// Sorts `values` and removes repeats, in place (any distribution; O(n log n)).
    public static func sortUnique<T: FixedWidthInteger & UnsignedInteger>(_ values: inout ContiguousArray<T>) {
        guard values.count > 1 else { return }
        values.sort()
        removeAdjacentRepeats(&values)
    }

    /// Sorts uniformly distributed `values` (hashes) and removes repeats, in place.
    ///
    /// A distribution sort on the top bits (one counting pass, one scatter, then an insertion sort
    /// over nearly sorted data) runs in linear expected time on hashes, several times faster than a
    /// comparison sort. Only for uniform data: values clustered in their top bits (such as small
    /// integers) make it quadratic.
    public static func sortUniqueHashes<T: FixedWidthInteger & UnsignedInteger>(_ values: inout ContiguousArray<T>) {
        guard values.count > 1 else { return }
        if values.count < 48 {
            values.sort()
        } else {
            distributionSort(&values)
        }
        removeAdjacentRepeats(&values)
    }

    static func removeAdjacentRepeats<T: FixedWidthInteger & UnsignedInteger>(_ values: inout ContiguousArray<T>) {
        let n = values.count
        guard n > 1 else { return }
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

    static func distributionSort<T: FixedWidthInteger & UnsignedInteger>(_ values: inout ContiguousArray<T>) {
        let n = values.count
        let bits = min(T.bitWidth, max(1, Int.bitWidth - (n - 1).leadingZeroBitCount))  // 2^bits ≥ n buckets
        let shift = T(T.bitWidth - bits)
        let buckets = 1 << bits
        withUnsafeTemporaryAllocation(of: Int.self, capacity: buckets + 1) { start in
            withUnsafeTemporaryAllocation(of: T.self, capacity: n) { out in
                values.withUnsafeMutableBufferPointer { v in
                    start.initialize(repeating: 0)
                    for x in v { start[Int(x >> shift) + 1] += 1 }
                    for b in 0..<buckets { start[b + 1] += start[b] }
                    for x in v {
                        let b = Int(x >> shift)
                        out[start[b]] = x
                        start[b] += 1
                    }
                    // Buckets are in order; finish with an insertion sort (elements move only
                    // within their bucket).
                    v[0] = out[0]
                    for i in 1..<n {
                        let x = out[i]
                        var j = i
                        while j > 0 && v[j - 1] > x {
                            v[j] = v[j - 1]
                            j -= 1
                        }
                        v[j] = x
                    }
                }
            }
        }
    }

    /// The number of values in both sorted, unique arrays. Linear merge, or galloping binary
    /// search from the smaller side when the sizes differ by more than 16×.
    @inlinable
    public static func intersectionCount<T: FixedWidthInteger & UnsignedInteger>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>) -> Int {
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
    public static func jaccard<T: FixedWidthInteger & UnsignedInteger>(_ a: [T], _ b: [T]) -> Double {
        let i = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { intersectionCount(x, $0) } }
        let union = a.count + b.count - i
        return union == 0 ? 0 : Double(i) / Double(union)
    }

    /// Containment of the smaller set in the larger: `|A ∩ B| / min(|A|, |B|)` (0 when one is empty).
    public static func containment<T: FixedWidthInteger & UnsignedInteger>(_ a: [T], _ b: [T]) -> Double {
        let i = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { intersectionCount(x, $0) } }
        let smaller = min(a.count, b.count)
        return smaller == 0 ? 0 : Double(i) / Double(smaller)
    }
}
