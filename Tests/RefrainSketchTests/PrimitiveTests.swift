import Foundation
import RefrainText
import Testing
import RefrainTestSupport
@testable import RefrainSketch

@Suite("Shingles, sets, union-find")
struct PrimitiveTests {
    @Test func wordShinglesFollowTheShortTextRule() {
        let s = Shingler(size: 3)
        #expect(s.shingles(of: [UInt64]()) == [])
        #expect(s.shingles(of: [UInt64(7)]).count == 1)
        #expect(s.shingles(of: [UInt64(7), 8]).count == 1)
        #expect(s.shingles(of: [UInt64(1), 2, 3]).count == 1)
        #expect(s.shingles(of: [UInt64(1), 2, 3, 4, 5]).count == 3)
        // Order matters; the one-shingle rule does not collide with a real shingle.
        #expect(s.shingles(of: [UInt64(1), 2, 3]) != s.shingles(of: [UInt64(3), 2, 1]))
        #expect(s.shingles(of: [UInt64(1), 2]) != s.shingles(of: [UInt64(1), 2, 3]))
        // A shingle depends only on its tokens, not its position.
        let x = s.shingles(of: [UInt64(9), 1, 2, 3])
        #expect(x[1] == s.shingles(of: [UInt64(1), 2, 3])[0])
    }

    @Test func shinglesSeeNormalizedTokens() {
        let tokenizer = Tokenizer()
        let s = Shingler()
        #expect(s.shingles(of: "The Kremlin’s “fake” news story, again!", tokenizer: tokenizer)
                == s.shingles(of: "the kremlin's \"FAKE\" news   story again", tokenizer: tokenizer))
    }

    @Test func shingleHashesAreWellDistributed() {
        // Sequential token hashes (worst case for a weak mix) give uniform top bits.
        let s = Shingler(size: 5)
        let hashes = s.shingles(of: (0..<20_000).map { UInt64($0) })
        var buckets = [Int](repeating: 0, count: 16)
        for h in hashes { buckets[Int(h >> 60)] += 1 }
        let expected = Double(hashes.count) / 16
        let chi2 = buckets.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chi2 < 40, "chi² \(chi2) over 15 degrees of freedom")
        #expect(Set(hashes).count == hashes.count)
    }

    @Test func intersectionCountMergeAndGallopAgree() {
        var rng = SplitMix64(seed: 1)
        for (na, nb) in [(0, 10), (5, 5), (20, 1000), (3, 5000), (300, 280)] {
            let pool = (0..<(na + nb)).map { _ in rng.next() % 4000 }
            var a = ContiguousArray(pool.prefix(na)), b = ContiguousArray(pool.suffix(nb))
            SortedSets.sortUnique(&a)
            SortedSets.sortUnique(&b)
            let expected = Set(a).intersection(Set(b)).count
            let got = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { SortedSets.intersectionCount(x, $0) } }
            #expect(got == expected, "\(na)×\(nb)")
            #expect(Array(a) == Set(a).sorted())
        }
        #expect(SortedSets.jaccard([1, 2, 3, 4] as [UInt64], [3, 4, 5, 6]) == 2.0 / 6)
        #expect(SortedSets.containment([1, 2] as [UInt32], [1, 2, 3, 4, 5]) == 1)
        #expect(SortedSets.jaccard([] as [UInt64], []) == 0)
    }

    @Test func hashSortAgreesWithComparisonSort() {
        var rng = SplitMix64(seed: 4)
        for n in [0, 1, 2, 47, 48, 49, 64, 300, 1000, 5000] {
            // Hashes with repeats, as a unit's raw shingles have.
            let distinct = (0..<max(1, n / 2)).map { _ in rng.next() }
            let values = ContiguousArray((0..<n).map { _ in distinct[Int(rng.next() % UInt64(distinct.count))] })
            var a = values, b = values
            SortedSets.sortUnique(&a)
            SortedSets.sortUniqueHashes(&b)
            #expect(a == b, "n = \(n)")
            #expect(Array(a) == Set(values).sorted())
            // The same for 32-bit values (the fingerprints verification sorts are a hash's high half).
            let fingerprints = ContiguousArray(values.map { UInt32(truncatingIfNeeded: $0 >> 32) })
            var c = fingerprints, d = fingerprints
            SortedSets.sortUnique(&c)
            SortedSets.sortUniqueHashes(&d)
            #expect(c == d, "n = \(n)")
            #expect(Array(c) == Set(fingerprints).sorted())
        }
    }

    @Test func unionFindSetsAreCanonical() {
        var a = UnionFind(count: 8), b = UnionFind(count: 8)
        for (x, y) in [(0, 3), (3, 5), (6, 7), (1, 1)] { a.union(x, y) }
        for (x, y) in [(7, 6), (5, 0), (3, 0)] { b.union(x, y) }
        #expect(a.sets(minimumSize: 2) == [[0, 3, 5], [6, 7]])
        #expect(b.sets(minimumSize: 2) == a.sets(minimumSize: 2))
        #expect(a.sets().count == 5)
    }
}
