import RefrainSketch
import RefrainTestSupport
import Testing
@testable import RefrainDedupe

@Suite("Containment candidates")
struct ContainmentTests {
    @Test func containmentPrefixFilterMissesNoPair() {
        var rng = SplitMix64(seed: 21)
        var sets: [ContiguousArray<UInt64>] = []
        for _ in 0..<60 {
            let n = 5 + Int(rng.next() % 60)
            var s = ContiguousArray((0..<n).map { _ in rng.next() % 400 })
            SortedSets.sortUnique(&s)
            sets.append(s)
        }
        let t = 0.6
        let found = ContainmentStage(threshold: t).run(units: Array(0..<sets.count), sets: sets, threads: 2)
        let got = Set(found.packed)
        for i in 0..<sets.count {
            for j in (i + 1)..<sets.count {
                let c = SortedSets.containment(Array(sets[i]), Array(sets[j]))
                let jac = SortedSets.jaccard(Array(sets[i]), Array(sets[j]))
                if c >= t || jac >= t { #expect(got.contains(CandidatePairs.pack(i, j)), "\(i),\(j) c=\(c)") }
            }
        }
    }
}
