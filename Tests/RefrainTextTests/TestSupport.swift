import Foundation

/// The repository's `Corpora/` folder, found from this file's path.
let corporaURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Corpora")

/// The seed corpus: five news articles on one story, by file name.
let seedCorpus: [(name: String, text: String)] = {
    let dir = corporaURL.appendingPathComponent("dprk-ukraine-2024")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter { $0.hasSuffix(".txt") }.sorted() ?? []
    return names.map { ($0, try! String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
}()

/// A small deterministic generator (SplitMix64) so property tests are reproducible.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
