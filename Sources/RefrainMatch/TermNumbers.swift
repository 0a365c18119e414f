/// Numbers distinct term hashes 0, 1, 2, … in order of first sight: an open-addressing hash
/// table (linear probing) specialised for keys that are already well-mixed 64-bit hashes.
///
/// Several times faster than `Dictionary<UInt64, UInt32>` for the index builder's two uses:
/// a document's local term numbers (reset for every document; the reset costs the number of
/// terms seen, not the table size) and a segment's term numbers.
struct TermNumbers {
    private var keys: ContiguousArray<UInt64>
    private var values: ContiguousArray<UInt32>   // `empty` where no key
    private var used: ContiguousArray<Int32> = []   // occupied slots, for reset
    private var mask: Int
    /// The terms numbered so far, by number.
    private(set) var terms: [UInt64] = []

    private static let empty = UInt32.max

    /// A table sized for about `capacity` terms before it first grows.
    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = ContiguousArray(repeating: 0, count: size)
        values = ContiguousArray(repeating: Self.empty, count: size)
        mask = size - 1
    }

    /// Number of distinct terms.
    var count: Int { terms.count }

    /// The number of `term`, giving it the next one if it is new.
    @inline(__always)
    mutating func number(_ term: UInt64) -> UInt32 {
        if (terms.count + 1) * 2 > values.count { grow() }
        var slot = Int(truncatingIfNeeded: term ^ (term >> 29)) & mask
        while true {
            let v = values[slot]
            if v == Self.empty {
                let n = UInt32(terms.count)
                keys[slot] = term
                values[slot] = n
                used.append(Int32(slot))
                terms.append(term)
                return n
            }
            if keys[slot] == term { return v }
            slot = (slot + 1) & mask
        }
    }

    /// Forgets every term, keeping the table's size.
    mutating func reset() {
        if used.count * 4 < values.count {
            for s in used { values[Int(s)] = Self.empty }
        } else {
            for s in values.indices { values[s] = Self.empty }
        }
        used.removeAll(keepingCapacity: true)
        terms.removeAll(keepingCapacity: true)
    }

    private mutating func grow() {
        let size = values.count * 2
        keys = ContiguousArray(repeating: 0, count: size)
        values = ContiguousArray(repeating: Self.empty, count: size)
        used.removeAll(keepingCapacity: true)
        mask = size - 1
        for (n, term) in terms.enumerated() {
            var slot = Int(truncatingIfNeeded: term ^ (term >> 29)) & mask
            while values[slot] != Self.empty { slot = (slot + 1) & mask }
            keys[slot] = term
            values[slot] = UInt32(n)
            used.append(Int32(slot))
        }
    }
}
