/// Makes document ids unique in read order, so reports never name two documents alike.
///
/// The rule (also in the README): the first document with an id keeps it; every later document
/// with the same id is renamed `<id>#<n>`, with `n` the smallest number from 2 up that no document
/// read before it has as its id (given or assigned), and a ``CorpusWarning/Kind/duplicateID``
/// warning names it. Ids are compared exactly, byte for byte. So `a.jsonl` holding ids `x, x, x`
/// reads as `x, x#2, x#3`; the same path given twice, two trees that share a relative path, or
/// `- -` read the same way. The rule depends only on read order, which is deterministic, so every
/// read of the same inputs (the dedupe passes, the writer, the HTML re-read) gives the same ids.
///
/// Memory: one 128-bit fingerprint per id (about 24 bytes a document with the table's slack);
/// two different ids share a fingerprint with probability about 2^-128 per pair.
struct UniqueIDs {
    private var seen = Set<Fingerprint>()

    /// Renames `document` if its id was seen before, warning through `context`, and records it.
    mutating func register(_ document: inout Document, context: ReadContext) {
        if seen.insert(Fingerprint(document.id)).inserted { return }
        let original = document.id
        var n = 2
        while !seen.insert(Fingerprint("\(original)#\(n)")).inserted { n += 1 }
        document.id = "\(original)#\(n)"
        context.summary.duplicateIDs += 1
        context.warn(CorpusWarning(
            kind: .duplicateID, file: document.origin.path, line: document.origin.line,
            message: "duplicate id \"\(original)\" (an earlier document has it); reported as \"\(document.id)\""))
    }

    /// Two independent 64-bit hashes of an id's UTF-8 bytes.
    struct Fingerprint: Hashable {
        var low: UInt64
        var high: UInt64

        init(_ id: String) {
            var a: UInt64 = 0x9E37_79B9_7F4A_7C15
            var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
            var count: UInt64 = 0
            for byte in id.utf8 {
                a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                b = (b &+ UInt64(byte)) &* 0xFF51_AFD7_ED55_8CCD
                b ^= b >> 29
                count &+= 1
            }
            low = Self.mix(a ^ count)
            high = Self.mix(b &+ count &* 0x94D0_49BB_1331_11EB)
        }

        /// The SplitMix64 finaliser: every input bit affects every output bit.
        private static func mix(_ x: UInt64) -> UInt64 {
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
