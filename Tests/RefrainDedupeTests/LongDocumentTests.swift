import Foundation
import RefrainCorpus
@testable import RefrainDedupe
import RefrainSketch
import RefrainTestSupport
import RefrainText
import Testing

/// Memory per document (issue 11): a long document is tokenized a segment at a time, its hashes
/// become its shingles in place, and no worker keeps an enormous document's buffers afterwards.
/// Checked through the buffers' capacities (independent of the allocator), and the result must
/// not depend on the segment size.
@Suite struct LongDocumentTests {
    /// One long "line" of real text: the seed corpus, paragraphs joined with spaces, repeated,
    /// with some blank-line paragraph breaks and non-ASCII words mixed in.
    static let longText: String = {
        let articles = seedFiles.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        let flat = articles.joined(separator: " ").split(whereSeparator: \.isNewline).joined(separator: " ")
        var text = ""
        var round = 0
        while text.utf8.count < 300_000 {
            text += flat + (round % 3 == 2 ? "\n\nNaïve café – «Ünïcødé» 東京 " : " ")
            round += 1
        }
        return text
    }()

    func documents() -> [Document] {
        [
            Document(ordinal: 0, id: "long", text: Self.longText, origin: Document.Origin(path: "long")),
            Document(ordinal: 1, id: "short", text: "a short document of six words", origin: Document.Origin(path: "short")),
            Document(ordinal: 2, id: "long-again", text: String(Self.longText.dropFirst(1000)), origin: Document.Origin(path: "again")),
        ]
    }

    func shard(_ options: DedupeOptions, segmentBytes: Int) -> (SignatureShard, SignatureWorkers) {
        let workers = SignatureWorkers(count: 1, options: options, segmentBytes: segmentBytes)
        let shards = SignatureStage(options: options).runChunks(documents(), firstDocument: 0, workers: workers)
        var out = SignatureShard()
        for s in shards { out.append(s) }
        return (out, workers)
    }

    @Test(arguments: [
        (DedupeLevel.document, ShingleKind.words), (.document, .chars), (.paragraph, .words), (.paragraph, .chars),
    ])
    func segmentedTokenizationGivesTheSameUnits(level: DedupeLevel, kind: ShingleKind) {
        var options = DedupeOptions()
        options.level = level
        options.shingleKind = kind
        if kind == .chars { options.shingleSize = 3 }
        let (whole, _) = shard(options, segmentBytes: .max)
        for segmentBytes in [4096, 65_536, 1 << 20] {
            let (cut, _) = shard(options, segmentBytes: segmentBytes)
            #expect(cut.units == whole.units, "segments of \(segmentBytes) bytes")
            #expect(cut.signatures == whole.signatures)
            #expect(cut.fingerprints == whole.fingerprints)
            #expect(cut.excerpts == whole.excerpts)
        }
        #expect(whole.units.contains { $0.length > 8192 }, "units long enough to be cut")
    }

    @Test func aLongDocumentHoldsOneSegmentOfTokensAndIsNotKept() {
        let options = DedupeOptions()
        let segmentBytes = 16_384
        let workers = SignatureWorkers(count: 1, options: options, segmentBytes: segmentBytes)
        let stage = SignatureStage(options: options)
        var out = SignatureShard()
        let long = documents()[0]
        let context = workers.contexts[0]
        stage.process(long, index: 0, context: context, into: &out)
        let bytes = long.text.utf8.count
        let tokens = out.units[0].tokens
        #expect(tokens > 40_000)
        // Tokens: one segment's worth (a token takes at least two bytes with its separator),
        // not the document's; shingles: as many as tokens, one buffer of 8 bytes each.
        let scratch = context.scratch
        #expect(scratch.text.tokens.capacity <= 2 * (segmentBytes / 2 + 64), "\(scratch.text.tokens.capacity)")
        #expect(scratch.shingles.capacity <= 2 * tokens)
        #expect(scratch.hashes.capacity <= 2 * tokens)
        #expect(scratch.kept.capacity == 0)
        // The bound, in bytes: 8 per token for the hashes (kept while a unit is shingled) and
        // a segment of tokens, under 2.5x the document's size with growth slack for this text.
        let scratchBytes = (scratch.shingles.capacity + scratch.hashes.capacity) * 8
            + scratch.text.tokens.capacity * MemoryLayout<Token>.stride
        #expect(Double(scratchBytes) < 2.5 * Double(bytes), "\(scratchBytes) bytes of scratch for \(bytes)")

        // Buffers over the retention limit are released after the document.
        let small = SignatureWorkers.Scratch.retainedBytes / 64
        #expect(SignatureWorkers.Scratch.retainedBytes >= 1 << 20)
        var big = SignatureWorkers.Scratch()
        big.hashes.reserveCapacity(SignatureWorkers.Scratch.retainedBytes / 8 + 1)
        big.shingles.reserveCapacity(small)
        big.releaseLargeBuffers()
        #expect(big.hashes.capacity == 0)
        #expect(big.shingles.capacity >= small)
    }

    @Test func segmentsEndWhereAWordStarts() {
        let text = Array("alpha beta\ngamma  delta, «épsilon» zeta".utf8)
        text.withUnsafeBufferPointer { bytes in
            var start = 0
            var cuts: [Int] = []
            while start < bytes.count {
                let end = SignatureStage.segmentEnd(bytes, from: start, to: bytes.count, limit: 8)
                #expect(end > start)
                cuts.append(end)
                start = end
            }
            let words = cuts.dropLast().map { String(decoding: bytes[$0..<min(bytes.count, $0 + 5)], as: UTF8.self) }
            #expect(words == ["beta\n", "gamma", "delta", "zeta"])
            #expect(cuts.last == bytes.count)
        }
        // No word start within or after the limit: the whole rest is one segment.
        let solid = Array(repeating: UInt8(ascii: "x"), count: 100)
        solid.withUnsafeBufferPointer { #expect(SignatureStage.segmentEnd($0, from: 0, to: 100, limit: 10) == 100) }
    }

    @Test func inPlaceShinglesEqualAppendedShingles() {
        var rng = SplitMix64(seed: 7)
        for n in [0, 1, 3, 4, 5, 6, 50] {
            let values = ContiguousArray((0..<n).map { _ in rng.next() })
            let shingler = Shingler(size: 5)
            var appended = ContiguousArray<UInt64>()
            values.withUnsafeBufferPointer { _ = shingler.appendShingles(of: $0, to: &appended) }
            var inPlace = values
            #expect(shingler.shingleInPlace(&inPlace) == appended.count)
            #expect(inPlace == appended, "n = \(n)")
        }
    }
}
