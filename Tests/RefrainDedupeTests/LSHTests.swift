import Foundation
import Testing
import RefrainTestSupport
@testable import RefrainDedupe
import RefrainSketch

@Suite("LSH parameters and banding")
struct LSHTests {
    @Test func datasketchWeightsGiveDatasketchsChoice() {
        // datasketch's _optimal_param(0.8, 128, 0.5, 0.5) is (9, 13).
        let p = LSHParameters.optimal(threshold: 0.8, permutations: 128, falsePositiveWeight: 0.5, falseNegativeWeight: 0.5)
        #expect(p.bands == 9 && p.rows == 13)
    }

    @Test func defaultWeightsFavourRecallAtThreshold08() {
        let o = DedupeOptions()
        let p = LSHParameters.optimal(threshold: 0.8, permutations: 128, falsePositiveWeight: o.falsePositiveWeight,
                                      falseNegativeWeight: o.falseNegativeWeight)
        #expect(p.bands * p.rows <= 128)
        #expect(p.bands >= 12 && p.rows >= 5 && p.rows <= 9, "\(p)")
        #expect(p.falseNegativeArea < 0.002)
        #expect(p.falsePositiveArea < 0.25)
        #expect(p.candidateProbability(0.85) >= 0.99)
        #expect(p.candidateProbability(0.8) >= 0.95)
        #expect(p.candidateProbability(0.4) < 0.05)
        // The S-curve rises near (1/b)^(1/r), below the threshold.
        let knee = pow(1 / Double(p.bands), 1 / Double(p.rows))
        #expect(knee > 0.55 && knee < 0.8)
    }

    @Test(arguments: [0.5, 0.7, 0.9])
    func optimizerIsSaneAcrossThresholds(_ t: Double) {
        let p = LSHParameters.optimal(threshold: t, permutations: 128, falsePositiveWeight: 0.02, falseNegativeWeight: 0.98)
        #expect(p.bands * p.rows <= 128)
        #expect(p.candidateProbability(min(1, t + 0.05)) >= 0.98, "\(t): \(p)")
        // Integrals agree with a fine Riemann sum.
        let n = 20_000
        var fn = 0.0
        for i in 0..<n {
            let s = t + (1 - t) * (Double(i) + 0.5) / Double(n)
            fn += (1 - p.candidateProbability(s)) * (1 - t) / Double(n)
        }
        #expect(abs(fn - p.falseNegativeArea) < 1e-6)
    }

    @Test func bandingFindsPairsAboveTheThresholdWithHighRecall() {
        var rng = SplitMix64(seed: 11)
        let o = DedupeOptions()
        let lsh = LSHParameters.optimal(threshold: 0.8, permutations: 128, falsePositiveWeight: o.falsePositiveWeight,
                                        falseNegativeWeight: o.falseNegativeWeight)
        let hasher = MinHasher(permutations: 128, scheme: .onePermutation, seed: o.seed)
        var signatures = ContiguousArray<UInt32>()
        var similar: [(Int, Int)] = []
        var dissimilar: [(Int, Int)] = []
        var unit = 0
        for i in 0..<400 {
            let union = 60 + Int(rng.next() % 400)
            // Half the pairs at J in [0.85, 1), half at J in [0.1, 0.45].
            let high = i % 2 == 0
            let j = high ? 0.85 + Double(rng.next() % 1000) / 1000 * 0.14 : 0.1 + Double(rng.next() % 1000) / 1000 * 0.35
            let inter = Int((Double(union) * j).rounded(.up))
            let rest = union - inter
            let onlyA = rest / 2
            let p = setPair(intersection: inter, onlyA: onlyA, onlyB: rest - onlyA, rng: &rng)
            signatures.append(contentsOf: hasher.signature(of: p.a))
            signatures.append(contentsOf: hasher.signature(of: p.b))
            (high ? { similar.append((unit, unit + 1)) } : { dissimilar.append((unit, unit + 1)) })()
            unit += 2
        }
        let result = BandingStage(parameters: lsh, permutations: 128, seed: o.seed)
            .run(signatures: signatures, units: Array(0..<unit), threads: 2)
        let found = Set(result.candidates.packed)
        let recall = Double(similar.filter { found.contains(CandidatePairs.pack($0.0, $0.1)) }.count) / Double(similar.count)
        let falsePositives = Double(dissimilar.filter { found.contains(CandidatePairs.pack($0.0, $0.1)) }.count) / Double(dissimilar.count)
        #expect(recall >= 0.99, "recall \(recall)")
        #expect(falsePositives <= 0.05, "false positives \(falsePositives)")
        // Output is sorted, without repeats or self-pairs, and independent of the thread count.
        #expect(Array(result.candidates.packed) == result.candidates.packed.sorted())
        #expect(Set(result.candidates.packed).count == result.candidates.count)
        #expect(result.candidates.allSatisfy { $0.a < $0.b })
        let single = BandingStage(parameters: lsh, permutations: 128, seed: o.seed).run(signatures: signatures, units: Array(0..<unit), threads: 1)
        #expect(single.candidates == result.candidates)
    }

    @Test func hugeBucketsArePairedWithinAWindow() {
        // 50 units with identical signatures: one bucket per band.
        let sig = MinHasher().signature(of: [1, 2, 3, 4, 5])
        var all = ContiguousArray<UInt32>()
        for _ in 0..<50 { all.append(contentsOf: sig) }
        let lsh = LSHParameters(bands: 4, rows: 4, threshold: 0.8)
        let full = BandingStage(parameters: lsh, permutations: 128, seed: 1).run(signatures: all, units: Array(0..<50), threads: 1)
        #expect(full.candidates.count == 50 * 49 / 2 && full.largeBuckets == 0)
        let windowed = BandingStage(parameters: lsh, permutations: 128, seed: 1, maxBucketPairs: 3)
            .run(signatures: all, units: Array(0..<50), threads: 1)
        #expect(windowed.largeBuckets == 4)
        #expect(windowed.candidates.count == 47 * 3 + 3)  // each unit with the next 3 (fewer at the end)
        // Still connected: every unit pairs with its successor.
        for u in 0..<49 { #expect(windowed.candidates.packed.contains(CandidatePairs.pack(u, u + 1))) }
    }
}
