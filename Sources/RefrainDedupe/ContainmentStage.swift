import Foundation
import RefrainParallel
import RefrainSketch

/// Stage 2b: shingle sets → candidate pairs whose containment may reach the threshold, by prefix
/// filtering (exact: it misses no pair).
///
/// If the smaller set `A` shares at least `⌈t·|A|⌉` shingles with `B`, then the `|A| − ⌈t·|A|⌉ + 1`
/// smallest hashes of `A` (its *prefix*; hash order is a random order) include at least one
/// shingle of `B`. The stage indexes every unit's prefix and probes the index with every shingle
/// of every unit; a hit on a unit no larger than the prober is a candidate. Since Jaccard ≥ t
/// implies containment ≥ t, the result also includes every pair with Jaccard ≥ t. This finds
/// paragraphs that gained or lost a sentence, which banding by Jaccard misses when the sizes
/// differ. Cost: index of about `(1 − t)` of all shingles; probes = all shingles. A pure function.
package struct ContainmentStage: Sendable {
    /// The similarity threshold.
    public let threshold: Double

    /// A stage for `threshold`.
    public init(threshold: Double) { self.threshold = threshold }

    /// The prefix length for a set of `n` shingles.
    public func prefixLength(_ n: Int) -> Int {
        let overlap = Int((threshold * Double(n) - 1e-9).rounded(.up))
        return min(n, max(1, n - overlap + 1))
    }

    /// Candidate pairs among `units`, whose sorted unique shingle sets (of 64-bit hashes or 32-bit
    /// fingerprints) are `sets[i]` for `units[i]`, from the probes of the chunks of 64 units that
    /// `part` owns (all by default).
    public func run<T: FixedWidthInteger & UnsignedInteger>(units: [Int], sets: [ContiguousArray<T>], threads: Int,
                                                            part: StagePart = .whole) -> CandidatePairs {
        precondition(units.count == sets.count)
        // Index: prefix shingle → positions (into `units`) whose prefix holds it.
        var entries: [(hash: T, position: Int32)] = []
        for (position, set) in sets.enumerated() {
            for i in 0..<prefixLength(set.count) { entries.append((set[i], Int32(position))) }
        }
        entries.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.position < $1.position }
        var ranges: [T: Range<Int>] = [:]
        ranges.reserveCapacity(entries.count)
        var i = 0
        while i < entries.count {
            var j = i + 1
            while j < entries.count && entries[j].hash == entries[i].hash { j += 1 }
            ranges[entries[i].hash] = i..<j
            i = j
        }
        let chunk = 64
        let chunks = (0..<((units.count + chunk - 1) / chunk)).filter(part.owns)
        let found = Parallel.map(count: chunks.count, threads: threads) { k, _ -> ContiguousArray<UInt64> in
            let c = chunks[k]
            var out = ContiguousArray<UInt64>()
            for p in (c * chunk)..<min(units.count, (c + 1) * chunk) {
                let size = sets[p].count
                for s in sets[p] {
                    guard let r = ranges[s] else { continue }
                    for e in r {
                        let q = Int(entries[e].position)
                        if q == p || sets[q].count > size { continue }
                        let a = units[p], b = units[q]
                        out.append(CandidatePairs.pack(min(a, b), max(a, b)))
                    }
                }
            }
            return out
        }
        var all = ContiguousArray<UInt64>()
        for f in found { all.append(contentsOf: f) }
        return CandidatePairs(unsorted: all)
    }
}
