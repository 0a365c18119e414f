/// Two random sets of 64-bit values with exactly `intersection` shared elements and `onlyA`
/// and `onlyB` private ones, with their Jaccard similarity: ground truth for sketch estimates.
public func setPair(intersection: Int, onlyA: Int, onlyB: Int, rng: inout SplitMix64) -> (a: [UInt64], b: [UInt64], jaccard: Double) {
    var shared: [UInt64] = []
    for _ in 0..<intersection { shared.append(rng.next()) }
    var a = shared, b = shared
    for _ in 0..<onlyA { a.append(rng.next()) }
    for _ in 0..<onlyB { b.append(rng.next()) }
    return (a, b, Double(intersection) / Double(intersection + onlyA + onlyB))
}
