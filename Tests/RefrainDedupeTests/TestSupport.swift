import Foundation
import RefrainCorpus
@testable import RefrainDedupe
import RefrainTestSupport

/// The package root.
let packageRoot = Repository.root

/// The seed corpus directory.
let seedCorpus = Repository.seedCorpus.path

/// The five article files of the seed corpus (not its README), in name order.
var seedFiles: [String] { Repository.seedFiles }

/// Reads every document of `inputs`.
func readAll(_ inputs: [String], options: ReaderOptions = ReaderOptions()) throws -> [Document] {
    try readAllDocuments(inputs, options: options).documents
}



/// A pseudo-English word list: syllable combinations, so texts tokenize as ordinary words.
let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "go", "hu", "ji", "pe", "zo"]

func randomWord(_ rng: inout SplitMix64) -> String {
    let n = 2 + Int(rng.next() % 2)
    return (0..<n).map { _ in syllables[Int(rng.next() % UInt64(syllables.count))] }.joined()
}

/// A random "article" of `words` words in sentences.
func randomText(words: Int, rng: inout SplitMix64) -> String {
    var out: [String] = []
    for i in 0..<words {
        var w = randomWord(&rng)
        if i % 12 == 0 { w = w.prefix(1).uppercased() + w.dropFirst() }
        if i % 12 == 11 { w += "." }
        out.append(w)
    }
    return out.joined(separator: " ")
}

/// `text` with `edits` random word substitutions.
func edited(_ text: String, edits: Int, rng: inout SplitMix64) -> String {
    var words = text.split(separator: " ").map(String.init)
    for _ in 0..<edits {
        let i = Int(rng.next() % UInt64(words.count))
        words[i] = randomWord(&rng)
    }
    return words.joined(separator: " ")
}

/// A corpus of `unique` random documents plus, for every third one, 1–3 near copies with a few
/// word substitutions (Jaccard of 5-shingles well above 0.8) and, for every tenth, an exact copy.
func plantedCorpus(unique: Int, seed: UInt64 = 7) -> (documents: [Document], families: [[Int]]) {
    var rng = SplitMix64(seed: seed)
    var texts: [(String, Int)] = []  // text, family
    for f in 0..<unique {
        let base = randomText(words: 150 + Int(rng.next() % 200), rng: &rng)
        texts.append((base, f))
        if f % 3 == 0 {
            for _ in 0..<(1 + Int(rng.next() % 3)) { texts.append((edited(base, edits: 2, rng: &rng), f)) }
        }
        if f % 10 == 0 { texts.append((base, f)) }
    }
    // Shuffle deterministically so copies are not adjacent.
    for i in stride(from: texts.count - 1, to: 0, by: -1) {
        let j = Int(rng.next() % UInt64(i + 1))
        texts.swapAt(i, j)
    }
    var families = [[Int]](repeating: [], count: unique)
    var docs: [Document] = []
    for (i, (text, f)) in texts.enumerated() {
        families[f].append(i)
        docs.append(Document(ordinal: i, id: String(format: "doc-%05d", i), text: text,
                             date: String(format: "2024-01-%02d", 1 + i % 28), origin: .init(path: "generated")))
    }
    return (docs, families)
}

func options(_ configure: (inout DedupeOptions) -> Void = { _ in }) -> DedupeOptions {
    var o = DedupeOptions()
    configure(&o)
    return o
}

/// Reader options that leave text files' datelines unread: the seed tests below are about what
/// dedupe keeps when documents carry no dates (001 and 004 have datelines, so read with them the
/// earlier 004 would be kept instead).
let undated: ReaderOptions = {
    var options = ReaderOptions()
    options.readTextMetadata = false
    return options
}()
