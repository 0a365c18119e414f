import Foundation
import Testing
import RefrainTestSupport
@testable import RefrainDedupe
import RefrainSketch

@Suite("Shingle store")
struct ShingleStoreTests {
    /// Records of every shape: empty, odd and even fingerprint counts, empty and non-ASCII strings.
    static func records(_ count: Int, seed: UInt64) -> [(fingerprints: [UInt32], excerpt: String, text: String)] {
        var rng = SplitMix64(seed: seed)
        let words = ["Kremlin", "Пєсков", "fake", "news", "北朝鮮", "", "a"]
        return (0..<count).map { i in
            let n = i % 7 == 0 ? 0 : Int(rng.next() % 900)
            let fingerprints = (0..<n).map { _ in UInt32(truncatingIfNeeded: rng.next()) }
            let excerpt = (0..<Int(rng.next() % 6)).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            let text = i % 5 == 0 ? "" : excerpt + "\n…"
            return (fingerprints, excerpt, text)
        }
    }

    @Test(arguments: [1 << 16, 64 << 20])
    func recordsReadBackExactlyFromMemoryAndFromTheSpillFile(budget: Int) throws {
        let records = Self.records(400, seed: 3)
        let store = ShingleStore(memoryBudget: budget)
        for r in records {
            try r.fingerprints.withUnsafeBufferPointer { try store.append(fingerprints: $0, excerpt: r.excerpt, text: r.text) }
        }
        // A 64 KiB budget spills most records; 64 MiB spills none.
        #expect((store.path != nil) == (budget == 1 << 16))
        #expect(store.count == records.count)
        for (u, r) in records.enumerated() {
            let got = store.record(u)
            #expect(Array(got.fingerprints) == r.fingerprints)
            #expect(got.excerpt == r.excerpt && got.text == r.text)
            #expect(Array(store.shingleSet(u)) == Set(r.fingerprints).sorted())
        }
    }

    @Test func aPersistedFileReopensWithTheSameRecordsAndRefusesAWrongCount() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("refrain-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let records = Self.records(120, seed: 9)
        let store = ShingleStore(memoryBudget: 1 << 16, directory: dir)
        for r in records {
            try r.fingerprints.withUnsafeBufferPointer { try store.append(fingerprints: $0, excerpt: r.excerpt, text: r.text) }
        }
        try store.flush()
        let file = dir + "/shingles.bin"
        let reopened = try ShingleStore(existing: file, units: records.count)
        for (u, r) in records.enumerated() {
            let got = reopened.record(u)
            #expect(Array(got.fingerprints) == r.fingerprints && got.excerpt == r.excerpt && got.text == r.text)
        }
        #expect(throws: DedupeError.self) { try ShingleStore(existing: file, units: records.count + 1) }
    }

    /// Verification compares 32-bit fingerprints: on generated pairs at and around the threshold,
    /// the Jaccard and containment of fingerprint sets equal those of the 64-bit shingle sets
    /// (collisions are expected about once in 2³² / (n·m) pairs).
    @Test func fingerprintSetsGiveTheSameSimilaritiesAsTheShingleSets() {
        var rng = SplitMix64(seed: 77)
        var compared = 0
        for _ in 0..<300 {
            let n = 1 + Int(rng.next() % 4000)
            let a = (0..<n).map { _ in rng.next() }
            // B keeps a random share of A and adds fresh shingles.
            let keep = Double(rng.next() % 1001) / 1000
            var b = a.filter { _ in Double(rng.next() % 1000) / 1000 < keep }
            b += (0..<Int(rng.next() % UInt64(n + 1))).map { _ in rng.next() }
            let exact = (SortedSets.jaccard(a.sortedSet(), b.sortedSet()), SortedSets.containment(a.sortedSet(), b.sortedSet()))
            let fa = a.map(ShingleStore.fingerprint).sortedSet(), fb = b.map(ShingleStore.fingerprint).sortedSet()
            #expect(SortedSets.jaccard(fa, fb) == exact.0)
            #expect(SortedSets.containment(fa, fb) == exact.1)
            compared += 1
        }
        #expect(compared == 300)
    }
}

extension Array where Element: FixedWidthInteger & UnsignedInteger {
    func sortedSet() -> [Element] {
        var s = ContiguousArray(self)
        SortedSets.sortUnique(&s)
        return Array(s)
    }
}
