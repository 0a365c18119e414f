import RefrainParallel
import RefrainSketch
/// Which measure made a pair match.
public enum MatchKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Jaccard similarity `|A ∩ B| / |A ∪ B|` reached the threshold.
    case jaccard
    /// Containment `|A ∩ B| / min(|A|, |B|)` reached the threshold (Jaccard did not).
    case containment
}

/// A candidate pair that met the threshold.
public struct VerifiedPair: Sendable, Hashable {
    /// The smaller unit index.
    public var a: Int
    /// The larger unit index.
    public var b: Int
    /// The measure that matched.
    public var match: MatchKind
    /// Its value (Jaccard or containment, as ``match`` says).
    public var similarity: Double
    /// Jaccard similarity (exact, or the MinHash estimate).
    public var jaccard: Double
    /// Containment of the smaller set in the larger (exact, or derived from the estimate).
    public var containment: Double

    /// Creates a pair.
    public init(a: Int, b: Int, match: MatchKind, similarity: Double, jaccard: Double, containment: Double) {
        self.a = a
        self.b = b
        self.match = match
        self.similarity = similarity
        self.jaccard = jaccard
        self.containment = containment
    }
}

/// How two units compare: the decision rule shared by verification and cluster reporting.
public struct Similarity: Sendable, Hashable {
    /// The threshold.
    public var threshold: Double
    /// Whether containment counts.
    public var containment: Bool
    /// Smallest set size for a containment match.
    public var minContainmentShingles: Int

    /// A rule.
    public init(threshold: Double, containment: Bool, minContainmentShingles: Int) {
        self.threshold = threshold
        self.containment = containment
        self.minContainmentShingles = minContainmentShingles
    }

    /// The measures of two sets of sizes `sizeA`, `sizeB` sharing `intersection` elements.
    @inlinable
    public func measures(sizeA: Int, sizeB: Int, intersection: Double) -> (jaccard: Double, containment: Double) {
        let union = Double(sizeA + sizeB) - intersection
        let smaller = Double(min(sizeA, sizeB))
        return (union > 0 ? intersection / union : 0, smaller > 0 ? min(1, intersection / smaller) : 0)
    }

    /// The match, if any: Jaccard first, then containment when enabled and the smaller set is big enough.
    @inlinable
    public func decide(jaccard: Double, containment c: Double, smaller: Int) -> MatchKind? {
        if jaccard >= threshold { return .jaccard }
        if containment && smaller >= minContainmentShingles && c >= threshold { return .containment }
        return nil
    }

    /// The measure to show for a pair whether or not it matches: the matching one, else the
    /// larger of those that count.
    @inlinable
    public func describe(jaccard: Double, containment c: Double, smaller: Int) -> (MatchKind, Double) {
        if let m = decide(jaccard: jaccard, containment: c, smaller: smaller) { return (m, m == .jaccard ? jaccard : c) }
        if containment && smaller >= minContainmentShingles && c > jaccard { return (.containment, c) }
        return (.jaccard, jaccard)
    }
}

/// Stage 3: candidate pairs → verified pairs.
///
/// ``VerifyMode/exact`` intersects the sorted unique fingerprint sets of both units (galloping when
/// sizes differ a lot); ``VerifyMode/estimate`` uses the share of equal MinHash values, and derives
/// containment from it and the units' shingle counts. Output order is the candidates' order
/// (ascending `a`, then `b`), whatever the thread count. A pure function of its inputs.
package struct VerifyStage: Sendable {
    /// The decision rule.
    public let rule: Similarity
    /// Exact or estimated.
    public let mode: VerifyMode

    /// A stage.
    public init(rule: Similarity, mode: VerifyMode) {
        self.rule = rule
        self.mode = mode
    }

    /// Verifies `candidates` exactly, loading sets with `set(unit)` (sorted, unique; called
    /// concurrently). Candidates are taken in chunks of 512; each chunk loads each of its units
    /// once, so memory holds the sets of a few chunks, not of every candidate.
    public func run(candidates: CandidatePairs, threads: Int, set: (Int) -> ContiguousArray<UInt32>) -> [VerifiedPair] {
        let chunk = 512
        let chunks = (candidates.count + chunk - 1) / chunk
        let results = Parallel.map(count: chunks, threads: threads) { c, _ -> [VerifiedPair] in
            var out: [VerifiedPair] = []
            var loaded: [Int: ContiguousArray<UInt32>] = [:]
            func get(_ u: Int) -> ContiguousArray<UInt32> {
                if let s = loaded[u] { return s }
                let s = set(u)
                loaded[u] = s
                return s
            }
            for i in (c * chunk)..<min(candidates.count, (c + 1) * chunk) {
                let (a, b) = candidates[i]
                let sa = get(a), sb = get(b)
                let sizeA = sa.count, sizeB = sb.count
                // Jaccard ≤ min/max: skip the intersection when neither measure can reach the threshold.
                if !rule.containment && Double(min(sizeA, sizeB)) < rule.threshold * Double(max(sizeA, sizeB)) { continue }
                let inter = sa.withUnsafeBufferPointer { x in sb.withUnsafeBufferPointer { SortedSets.intersectionCount(x, $0) } }
                let m = rule.measures(sizeA: sizeA, sizeB: sizeB, intersection: Double(inter))
                if let kind = rule.decide(jaccard: m.jaccard, containment: m.containment, smaller: min(sizeA, sizeB)) {
                    out.append(VerifiedPair(a: a, b: b, match: kind, similarity: kind == .jaccard ? m.jaccard : m.containment,
                                            jaccard: m.jaccard, containment: m.containment))
                }
            }
            return out
        }
        return results.flatMap { $0 }
    }

    /// Verifies `candidates` by MinHash estimate; `sizes[u]` is unit `u`'s shingle count.
    public func runEstimate(candidates: CandidatePairs, signatures: ContiguousArray<UInt32>, permutations k: Int,
                            sizes: (Int) -> Int, threads: Int) -> [VerifiedPair] {
        let chunk = 1024
        let chunks = (candidates.count + chunk - 1) / chunk
        let results = Parallel.map(count: chunks, threads: threads) { c, _ -> [VerifiedPair] in
            var out: [VerifiedPair] = []
            signatures.withUnsafeBufferPointer { all in
                for i in (c * chunk)..<min(candidates.count, (c + 1) * chunk) {
                    let (a, b) = candidates[i]
                    let j = MinHasher.estimatedJaccard(UnsafeBufferPointer(rebasing: all[(a * k)..<((a + 1) * k)]),
                                                       UnsafeBufferPointer(rebasing: all[(b * k)..<((b + 1) * k)]))
                    let sizeA = sizes(a), sizeB = sizes(b)
                    let inter = j * Double(sizeA + sizeB) / (1 + j)
                    let m = rule.measures(sizeA: sizeA, sizeB: sizeB, intersection: inter)
                    if let kind = rule.decide(jaccard: j, containment: m.containment, smaller: min(sizeA, sizeB)) {
                        out.append(VerifiedPair(a: a, b: b, match: kind, similarity: kind == .jaccard ? j : m.containment,
                                                jaccard: j, containment: m.containment))
                    }
                }
            }
            return out
        }
        return results.flatMap { $0 }
    }
}
