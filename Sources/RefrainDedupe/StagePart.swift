/// One part of a partitioned stage, `index` of `count` (written `index/count`, 0-based): how a
/// sharded run splits the candidate and verification stages over machines.
///
/// The candidate stage's part `i` bands the bands `b` with `b % count == i` (and, with
/// containment, probes every `count`-th chunk of units); the verification stage's part `i`
/// verifies the `i`-th of `count` contiguous slices of all candidates. The union of all parts is
/// what the whole stage computes, so a run merging them reports what a single run reports.
public struct StagePart: Sendable, Hashable, CustomStringConvertible {
    /// The part, `0 ..< count`.
    public let index: Int
    /// How many parts.
    public let count: Int

    /// The whole stage in one part.
    public static let whole = StagePart(uncheckedIndex: 0, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Part `index` of `count`, if `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Parses `i/n`.
    public init?(_ text: String) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, let i = Int(pieces[0]), let n = Int(pieces[1]) else { return nil }
        self.init(index: i, count: n)
    }

    /// `index/count`.
    public var description: String { "\(index)/\(count)" }

    /// Whether item `i` of a round-robin split (bands, chunks) belongs to this part.
    @inlinable public func owns(_ i: Int) -> Bool { i % count == index }

    /// This part's contiguous slice of `0 ..< total`.
    public func slice(of total: Int) -> Range<Int> {
        (total * index / count)..<(total * (index + 1) / count)
    }
}
