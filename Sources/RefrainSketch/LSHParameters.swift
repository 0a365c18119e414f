import Foundation

/// LSH banding parameters: a signature of `bands × rows` values is cut into `bands` bands of `rows`
/// values; two units are candidates when all values of at least one band are equal.
///
/// Two units with Jaccard similarity `s` become candidates with probability
/// `P(s) = 1 − (1 − s^rows)^bands`, an S-curve that rises near `(1/bands)^(1/rows)`.
/// ``optimal(threshold:permutations:falsePositiveWeight:falseNegativeWeight:)`` picks the pair that
/// minimises the weighted area under `P` below the threshold (false positives) and above `1 − P`
/// past it (false negatives), the criterion of datasketch's `_optimal_param`, integrated here with
/// composite Simpson's rule.
public struct LSHParameters: Sendable, Hashable, Codable {
    /// Number of bands.
    public var bands: Int
    /// Values per band.
    public var rows: Int
    /// Area under the candidate probability from 0 to the threshold (unweighted).
    public var falsePositiveArea: Double
    /// Area under the miss probability from the threshold to 1 (unweighted).
    public var falseNegativeArea: Double

    /// Parameters with their areas computed for `threshold`.
    public init(bands: Int, rows: Int, threshold: Double) {
        self.bands = bands
        self.rows = rows
        falsePositiveArea = LSHParameters.falsePositiveArea(threshold: threshold, bands: bands, rows: rows)
        falseNegativeArea = LSHParameters.falseNegativeArea(threshold: threshold, bands: bands, rows: rows)
    }

    /// The probability that two units with Jaccard similarity `similarity` share a band.
    public func candidateProbability(_ similarity: Double) -> Double {
        LSHParameters.candidateProbability(similarity, bands: bands, rows: rows)
    }

    /// `1 − (1 − s^rows)^bands`.
    public static func candidateProbability(_ s: Double, bands: Int, rows: Int) -> Double {
        1 - power(1 - power(s, rows), bands)
    }

    /// `x^n` for a non-negative integer `n`, by squaring (exact enough, far cheaper than `pow`).
    static func power(_ x: Double, _ n: Int) -> Double {
        var result = 1.0, base = x, e = n
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }

    /// ∫₀ᵗ P(s) ds.
    public static func falsePositiveArea(threshold: Double, bands: Int, rows: Int) -> Double {
        simpson(0, threshold) { candidateProbability($0, bands: bands, rows: rows) }
    }

    /// ∫ₜ¹ (1 − P(s)) ds.
    public static func falseNegativeArea(threshold: Double, bands: Int, rows: Int) -> Double {
        simpson(threshold, 1) { 1 - candidateProbability($0, bands: bands, rows: rows) }
    }

    /// The (bands, rows) with `bands × rows ≤ permutations` that minimise
    /// `falsePositiveWeight · falsePositiveArea + falseNegativeWeight · falseNegativeArea`.
    /// Ties go to fewer bands, then fewer rows. Cost: O(permutations · log permutations) integrals.
    public static func optimal(
        threshold: Double, permutations: Int, falsePositiveWeight: Double = 0.5, falseNegativeWeight: Double = 0.5
    ) -> LSHParameters {
        precondition(threshold > 0 && threshold <= 1 && permutations >= 1)
        var best: (error: Double, bands: Int, rows: Int)? = nil
        for b in 1...permutations {
            for r in 1...(permutations / b) {
                let fp = falsePositiveArea(threshold: threshold, bands: b, rows: r)
                let fn = falseNegativeArea(threshold: threshold, bands: b, rows: r)
                let error = falsePositiveWeight * fp + falseNegativeWeight * fn
                if best == nil || error < best!.error - 1e-15 { best = (error, b, r) }
            }
        }
        return LSHParameters(bands: best!.bands, rows: best!.rows, threshold: threshold)
    }

    /// Composite Simpson's rule with 256 intervals (the integrands are smooth polynomials).
    static func simpson(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> Double {
        guard b > a else { return 0 }
        let n = 256
        let h = (b - a) / Double(n)
        var sum = f(a) + f(b)
        for i in 1..<n {
            sum += f(a + Double(i) * h) * (i % 2 == 1 ? 4 : 2)
        }
        return sum * h / 3
    }
}
