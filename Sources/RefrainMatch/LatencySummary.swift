import Foundation

/// Percentiles of query latencies, for `refrain find --queries` and the quotes benchmark.
///
/// A percentile is the sample at the nearest rank (`p · (n − 1)`, rounded), so every figure is
/// a latency that was measured, not an interpolation.
public struct LatencySummary: Sendable, Hashable, CustomStringConvertible {
    /// The latencies in milliseconds, ascending.
    public let sorted: [Double]

    /// A summary of `milliseconds`, in any order.
    public init(milliseconds: [Double]) { sorted = milliseconds.sorted() }

    /// The `p`-th quantile (`p` in [0, 1]) in milliseconds, or nil with no samples.
    public func quantile(_ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((min(max(p, 0), 1) * Double(sorted.count - 1)).rounded())
        return sorted[min(sorted.count - 1, rank)]
    }

    /// `median m, p90 a, p99 b, max c` with two decimals, or `no queries`.
    public var description: String {
        guard let median = quantile(0.5), let p90 = quantile(0.9), let p99 = quantile(0.99), let max = quantile(1) else {
            return "no queries"
        }
        func ms(_ v: Double) -> String { String(format: "%.2f", v) }
        return "median \(ms(median)), p90 \(ms(p90)), p99 \(ms(p99)), max \(ms(max))"
    }
}
