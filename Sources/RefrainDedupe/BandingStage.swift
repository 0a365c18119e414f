import RefrainText
import RefrainParallel
import RefrainSketch

/// Stage 2: signatures → candidate pairs, by LSH banding.
///
/// Each signature is cut into ``LSHParameters/bands`` bands of ``LSHParameters/rows`` values; each
/// band is hashed to a 64-bit key; units whose keys are equal in some band are candidates. Per band
/// the (key, unit) list is sorted and runs of equal keys become pairs, so the result is sorted and
/// free of repeats whatever the thread count. A bucket with more than ``maxBucketPairs`` + 1 units
/// pairs each unit only with the next ``maxBucketPairs`` units (counted in
/// ``BandingResult/largeBuckets``). Cost: O(bands · n log n) time, 16 bytes per unit per band in
/// flight. A pure function of its inputs.
package struct BandingStage: Sendable {
    /// Bands and rows.
    public let parameters: LSHParameters
    /// Signature length.
    public let permutations: Int
    /// Seed of the band keys.
    public let seed: UInt64
    /// See ``DedupeOptions/maxBucketPairs``.
    public let maxBucketPairs: Int

    /// A stage for signatures of length `permutations`.
    public init(parameters: LSHParameters, permutations: Int, seed: UInt64, maxBucketPairs: Int = 256) {
        precondition(parameters.bands * parameters.rows <= permutations)
        self.parameters = parameters
        self.permutations = permutations
        self.seed = seed
        self.maxBucketPairs = maxBucketPairs
    }

    /// The output of banding.
    public struct BandingResult: Sendable {
        /// Candidate pairs of unit indices.
        public var candidates: CandidatePairs
        /// Buckets (over all bands) that were too large to pair exhaustively.
        public var largeBuckets: Int
    }

    struct Entry: Comparable {
        var key: UInt64
        var unit: UInt32
        static func < (l: Entry, r: Entry) -> Bool { l.key != r.key ? l.key < r.key : l.unit < r.unit }
    }

    /// Sorts entries by key, then unit. Band keys are uniform hashes, so a distribution sort on the
    /// key's top bits followed by an insertion sort runs in linear expected time.
    static func sortByKey(_ entries: inout [Entry]) {
        let n = entries.count
        guard n >= 64 else { entries.sort(); return }
        let bits = Int.bitWidth - (n - 1).leadingZeroBitCount
        let shift = UInt64(64 - bits)
        var start = [Int](repeating: 0, count: (1 << bits) + 1)
        for e in entries { start[Int(e.key >> shift) + 1] += 1 }
        for b in 0..<(1 << bits) { start[b + 1] += start[b] }
        var out = entries
        for e in entries {
            let b = Int(e.key >> shift)
            out[start[b]] = e
            start[b] += 1
        }
        out.withUnsafeMutableBufferPointer { v in
            for i in 1..<n {
                let x = v[i]
                var j = i
                while j > 0 && x < v[j - 1] {
                    v[j] = v[j - 1]
                    j -= 1
                }
                v[j] = x
            }
        }
        entries = out
    }

    /// The key of band `band` of a signature.
    @inlinable
    public func bandKey(_ signature: UnsafeBufferPointer<UInt32>, band: Int) -> UInt64 {
        let r = parameters.rows
        var acc = StableHash.mix(UInt64(band), seed: seed ^ 0xBA_4D)
        var i = band * r
        let end = i + r
        while i + 1 < end {
            acc = StableHash.mum(acc ^ (UInt64(signature[i]) << 32 | UInt64(signature[i + 1])), 0x9E37_79B9_7F4A_7C15)
            i += 2
        }
        if i < end { acc = StableHash.mum(acc ^ UInt64(signature[i]), 0xC2B2_AE3D_27D4_EB4F) }
        return acc
    }

    /// Candidate pairs among `units` (ascending unit indices), whose signatures are rows of
    /// `signatures` (`permutations` values per unit index), from the bands `part` owns (all by default).
    public func run(signatures: ContiguousArray<UInt32>, units: [Int], threads: Int, part: StagePart = .whole) -> BandingResult {
        let bands = (0..<parameters.bands).filter(part.owns)
        let perBand = Parallel.map(count: bands.count, threads: threads) { b, _ -> (ContiguousArray<UInt64>, Int) in
            let band = bands[b]
            var entries = [Entry]()
            entries.reserveCapacity(units.count)
            signatures.withUnsafeBufferPointer { all in
                for u in units {
                    let sig = UnsafeBufferPointer(rebasing: all[(u * permutations)..<((u + 1) * permutations)])
                    entries.append(Entry(key: bandKey(sig, band: band), unit: UInt32(u)))
                }
            }
            BandingStage.sortByKey(&entries)
            var pairs = ContiguousArray<UInt64>()
            var large = 0
            var i = 0
            while i < entries.count {
                var j = i + 1
                while j < entries.count && entries[j].key == entries[i].key { j += 1 }
                let m = j - i
                if m > 1 {
                    if m > maxBucketPairs + 1 { large += 1 }
                    for x in i..<j {
                        let limit = min(j, x + 1 + maxBucketPairs)
                        for y in (x + 1)..<limit {
                            pairs.append(CandidatePairs.pack(Int(entries[x].unit), Int(entries[y].unit)))
                        }
                    }
                }
                i = j
            }
            return (pairs, large)
        }
        var all = ContiguousArray<UInt64>()
        var large = 0
        for (p, l) in perBand {
            all.append(contentsOf: p)
            large += l
        }
        return BandingResult(candidates: CandidatePairs(unsorted: all), largeBuckets: large)
    }
}
