import RefrainCorpus
import RefrainText
import RefrainParallel
import RefrainSketch

/// The output of the signature stage for one shard (batch) of documents.
///
/// Everything is in document order, then unit order within a document; ``DedupeUnit/document``
/// holds global document indices and ``DocumentRecord/firstUnit`` indexes this shard's ``units``.
package struct SignatureShard: Sendable {
    /// One record per document of the shard.
    public var documents: [DocumentRecord] = []
    /// The units of those documents.
    public var units: [DedupeUnit] = []
    /// `units.count × permutations` MinHash values, unit after unit.
    public var signatures: ContiguousArray<UInt32> = []
    /// Every unit's shingle fingerprints (``ShingleStore/fingerprint(_:)``) in text order, repeats
    /// kept, unit after unit (``DedupeUnit/shingles`` each).
    public var fingerprints: ContiguousArray<UInt32> = []
    /// One excerpt per unit.
    public var excerpts: [String] = []
    /// One exact text per unit (``ClusterMember/text``).
    public var texts: [String] = []
    /// The boilerplate lines left out of each document, in document order.
    public var boilerplate: [BoilerplateHit] = []
    /// UTF-8 bytes of text processed.
    public var bytes: Int = 0

    /// An empty shard.
    public init() {}

    mutating func append(_ other: SignatureShard) {
        let base = units.count
        for var d in other.documents {
            d.firstUnit += base
            documents.append(d)
        }
        units.append(contentsOf: other.units)
        signatures.append(contentsOf: other.signatures)
        fingerprints.append(contentsOf: other.fingerprints)
        excerpts.append(contentsOf: other.excerpts)
        texts.append(contentsOf: other.texts)
        boilerplate.append(contentsOf: other.boilerplate)
        bytes += other.bytes
    }
}

/// Stage 1: documents → units with MinHash signature, shingles, exact-content hash, excerpt and
/// exact text, leaving boilerplate lines out (and counting what it left out).
///
/// A pure function of a shard of documents (and the boilerplate set, if any): shards can be
/// processed anywhere, in any order, and concatenated in document order. Within a shard, documents
/// are spread over worker threads, each with its own ``Tokenizer``; the output does not depend on
/// the number of threads.
package struct SignatureStage: Sendable {
    /// The options in effect.
    public let options: DedupeOptions
    /// The shingler derived from them.
    public let shingler: Shingler
    /// The MinHash hasher derived from them.
    public let hasher: MinHasher
    /// Lines to leave out of matching, if boilerplate detection ran.
    public let boilerplate: BoilerplateSet?

    /// A stage for `options`, leaving out the lines of `boilerplate`.
    public init(options: DedupeOptions, boilerplate: BoilerplateSet? = nil) {
        self.options = options
        self.shingler = Shingler(kind: options.shingleKind, size: options.shingleSize, seed: options.seed)
        self.hasher = MinHasher(permutations: options.permutations, scheme: options.scheme, seed: options.seed)
        self.boilerplate = boilerplate
    }

    /// Processes `documents`, which get global indices `firstDocument...` in order.
    public func run(_ documents: [Document], firstDocument: Int, workers: SignatureWorkers) -> SignatureShard {
        let outputs = runChunks(documents, firstDocument: firstDocument, workers: workers)
        if outputs.count == 1 { return outputs[0] }
        var shard = SignatureShard()
        shard.documents.reserveCapacity(documents.count)
        shard.units.reserveCapacity(outputs.reduce(0) { $0 + $1.units.count })
        shard.excerpts.reserveCapacity(shard.units.capacity)
        shard.texts.reserveCapacity(shard.units.capacity)
        shard.signatures.reserveCapacity(outputs.reduce(0) { $0 + $1.signatures.count })
        shard.fingerprints.reserveCapacity(outputs.reduce(0) { $0 + $1.fingerprints.count })
        for o in outputs { shard.append(o) }
        return shard
    }

    /// The same output as ``run(_:firstDocument:workers:)``, as consecutive pieces (saves a copy).
    func runChunks(_ documents: [Document], firstDocument: Int, workers: SignatureWorkers) -> [SignatureShard] {
        let chunkSize = 8
        let chunks = (documents.count + chunkSize - 1) / chunkSize
        return Parallel.map(count: chunks, threads: workers.count) { chunk, worker -> SignatureShard in
            var out = SignatureShard()
            let context = workers.contexts[worker]
            for i in (chunk * chunkSize)..<min(documents.count, (chunk + 1) * chunkSize) {
                process(documents[i], index: firstDocument + i, context: context, into: &out)
            }
            return out
        }
    }

    /// Processes one document into `out` (cold-path convenience for tests: a fresh context).
    public func run(_ documents: [Document]) -> SignatureShard {
        run(documents, firstDocument: 0, workers: SignatureWorkers(count: 1, options: options))
    }

    func process(_ document: Document, index: Int, context: SignatureWorkers.Context, into out: inout SignatureShard) {
        // Work on the context's buffers as locals: class properties in a hot loop would pay a
        // dynamic exclusivity check per access.
        var c = context.scratch
        context.scratch = SignatureWorkers.Scratch()
        defer { context.scratch = c }
        defer { c.releaseLargeBuffers() }
        var text = document.text
        text.withUTF8 { bytes in
            // A long document is tokenized a segment at a time inside each unit (see `unit`), so
            // its tokens (32 bytes each) never exist all at once.
            let segmented = bytes.count > context.segmentBytes
            if segmented { c.text.removeAll() } else { context.tokenizer.tokenize(bytes, into: &c.text) }
            c.excluded.removeAll(keepingCapacity: true)
            if let boilerplate {
                let scope = BoilerplateScope.key(BoilerplateScope.name(of: document))
                let nearCopy = boilerplate.isNearCopy(bytes, scope: scope)
                c.excludedLines.removeAll(keepingCapacity: true)
                LineKeys.forEachLine(bytes, scratch: &c.lineScratch) { range, key in
                    let line = LineKeys.scoped(key, scope: scope)
                    if boilerplate.excludes(line: line, inNearCopy: nearCopy) {
                        c.excluded.append(range)
                        c.excludedLines.append(line)
                    }
                }
                c.excludedLines.sort()
                var i = 0
                while i < c.excludedLines.count {
                    var j = i + 1
                    while j < c.excludedLines.count && c.excludedLines[j] == c.excludedLines[i] { j += 1 }
                    out.boilerplate.append(BoilerplateHit(line: c.excludedLines[i], document: index, occurrences: j - i))
                    i = j
                }
            }
            let ranges: [Range<Int>]
            switch options.level {
            case .document: ranges = [0..<bytes.count]
            case .paragraph: ranges = Paragraphs.ranges(in: bytes, mode: options.paragraphMode)
            }
            out.documents.append(DocumentRecord(
                ordinal: document.ordinal, id: document.id, date: document.date, source: document.source,
                length: bytes.count, firstUnit: out.units.count, unitCount: ranges.count))
            out.bytes += bytes.count
            for range in ranges {
                unit(range, bytes: bytes, documentIndex: index, scratch: &c,
                     segments: segmented ? (context.tokenizer, context.segmentBytes) : nil, into: &out)
            }
        }
    }

    /// Shingles, signature, hash, excerpt and exact text of the unit at `range`.
    ///
    /// With `segments`, the document was not tokenized: the unit is, a segment of at most about
    /// `bytes` bytes at a time, each cut where a word starts after a space or a line break (a
    /// word boundary under every rule of the tokenizer, so the tokens are the same as from one
    /// pass). Memory then holds one segment's tokens and 8 bytes per token of the unit.
    @inline(__always)
    func unit(_ range: Range<Int>, bytes: UnsafeBufferPointer<UInt8>, documentIndex: Int, scratch c: inout SignatureWorkers.Scratch,
              segments: (tokenizer: Tokenizer, bytes: Int)?, into out: inout SignatureShard) {
        let k = options.permutations
        let chars = options.shingleKind == .chars
        c.hashes.removeAll(keepingCapacity: true)
        c.scalars.removeAll(keepingCapacity: true)
        var seen = 0
        var keptTokens = 0
        var e = 0
        var segmentStart = range.lowerBound
        repeat {
            let segmentEnd: Int
            let base: Int
            if let segments {
                segmentEnd = Self.segmentEnd(bytes, from: segmentStart, to: range.upperBound, limit: segments.bytes)
                segments.tokenizer.tokenize(UnsafeBufferPointer(rebasing: bytes[segmentStart..<segmentEnd]), into: &c.text)
                base = segmentStart
            } else {
                segmentEnd = range.upperBound
                base = 0
            }
            let keptBefore = keptTokens
            c.kept.removeAll(keepingCapacity: true)
            c.text.tokens.withUnsafeBufferPointer { tokens in
                // First token of the unit: binary search (tokens are in text order).
                var lo = 0, hi = tokens.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if tokens[mid].start + base < segmentStart { lo = mid + 1 } else { hi = mid }
                }
                var t = lo
                let excluded = c.excluded
                while t < tokens.count && tokens[t].start + base < segmentEnd {
                    let start = tokens[t].start + base
                    seen += 1
                    while e < excluded.count && excluded[e].upperBound <= start { e += 1 }
                    if !(e < excluded.count && excluded[e].contains(start)) {
                        c.hashes.append(tokens[t].hash)
                        keptTokens += 1
                        if chars { c.kept.append(t) }
                    }
                    t += 1
                }
            }
            if chars && !c.kept.isEmpty {
                // Tokens of two segments always have a gap (the cut) between them.
                if keptBefore > 0 { c.scalars.append(0x20) }
                Shingler.appendScalars(of: c.text, indices: c.kept, to: &c.scalars)
            }
            segmentStart = segmentEnd
        } while segmentStart < range.upperBound
        c.shingles.removeAll(keepingCapacity: true)
        let values: Int
        let contentHash: UInt64
        switch options.shingleKind {
        case .words:
            values = c.hashes.count
            contentHash = c.hashes.withUnsafeBufferPointer { Shingler.sequenceHash($0, seed: options.seed) }
            // The hashes become the shingles in place: no second buffer of 8 bytes a token.
            swap(&c.hashes, &c.shingles)
            shingler.shingleInPlace(&c.shingles)
        case .chars:
            values = c.scalars.count
            c.hashes.removeAll(keepingCapacity: true)
            for s in c.scalars { c.hashes.append(UInt64(s)) }
            contentHash = c.hashes.withUnsafeBufferPointer { Shingler.sequenceHash($0, seed: options.seed) }
            c.scalars.withUnsafeBufferPointer { _ = shingler.appendShingles(of: $0, to: &c.shingles) }
        }
        let status: UnitStatus
        if keptTokens == 0 {
            status = seen > 0 ? .boilerplate : .empty
        } else {
            status = values < options.shingleSize ? .short : .normal
        }
        out.units.append(DedupeUnit(
            document: documentIndex, start: range.lowerBound, end: range.upperBound, tokens: keptTokens,
            shingles: c.shingles.count, contentHash: contentHash, status: status))
        let base = out.signatures.count
        out.signatures.append(contentsOf: repeatElement(MinHasher.emptyValue, count: k))
        c.shingles.withUnsafeBufferPointer { s in
            out.signatures.withUnsafeMutableBufferPointer { sig in
                hasher.signature(of: s, into: UnsafeMutableBufferPointer(rebasing: sig[base..<(base + k)]))
            }
        }
        let first = out.fingerprints.count
        out.fingerprints.append(contentsOf: repeatElement(0, count: c.shingles.count))
        c.shingles.withUnsafeBufferPointer { s in
            out.fingerprints.withUnsafeMutableBufferPointer { f in
                for i in 0..<s.count { f[first + i] = ShingleStore.fingerprint(s[i]) }
            }
        }
        let unitBytes = UnsafeBufferPointer(rebasing: bytes[range])
        let excerpt = Excerpt.makeWithEnd(unitBytes, characters: options.excerptCharacters)
        out.excerpts.append(excerpt.excerpt)
        // The exact text: the whole paragraph, or the document's first bytes (what the excerpt shows).
        let shown = options.level == .paragraph ? unitBytes : UnsafeBufferPointer(rebasing: unitBytes[..<excerpt.end])
        out.texts.append(String(decoding: shown, as: UTF8.self))
    }

    /// Where the segment starting at `start` ends: `end` if that is at most `limit` bytes away,
    /// else the last word start (an ASCII letter or digit after a space or line feed) within
    /// `limit` bytes, else the first one after; `end` if there is none.
    static func segmentEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, limit: Int) -> Int {
        guard end - start > limit else { return end }
        func isCut(_ p: Int) -> Bool {
            let before = bytes[p - 1], at = bytes[p]
            guard before == 0x20 || before == 0x0A else { return false }
            return (at >= 0x30 && at <= 0x39) || (at | 0x20 >= 0x61 && at | 0x20 <= 0x7A)
        }
        var p = start + limit
        while p > start + 1 {
            if isCut(p) { return p }
            p -= 1
        }
        p = start + limit + 1
        while p < end {
            if isCut(p) { return p }
            p += 1
        }
        return end
    }
}

/// Per-thread scratch state of the signature stage: one tokenizer and reusable buffers per worker.
package final class SignatureWorkers: @unchecked Sendable {
    // Safety: `Parallel.forEach` never runs two items with the same worker slot at once.
    final class Context {
        let tokenizer: Tokenizer
        let segmentBytes: Int
        var scratch = Scratch()
        init(options: TokenizerOptions, segmentBytes: Int) {
            tokenizer = Tokenizer(options: options)
            self.segmentBytes = segmentBytes
        }
    }

    struct Scratch {
        var text = TokenizedText()
        var hashes = ContiguousArray<UInt64>()
        var kept = ContiguousArray<Int>()
        var scalars = ContiguousArray<UInt32>()
        var shingles = ContiguousArray<UInt64>()
        var lineScratch = ContiguousArray<UInt8>()
        var excluded: [Range<Int>] = []
        var excludedLines: [UInt64] = []

        /// Buffers above this many bytes are let go after a document, so one enormous document
        /// does not keep its memory for the rest of the run (per worker).
        static let retainedBytes = 16 << 20

        mutating func releaseLargeBuffers() {
            let limit = Self.retainedBytes
            if text.tokens.capacity * MemoryLayout<Token>.stride > limit || text.normalized.capacity > limit { text = TokenizedText() }
            if hashes.capacity * 8 > limit { hashes = [] }
            if shingles.capacity * 8 > limit { shingles = [] }
            if kept.capacity * 8 > limit { kept = [] }
            if scalars.capacity * 4 > limit { scalars = [] }
            if lineScratch.capacity > limit { lineScratch = [] }
            if excluded.capacity * 16 > limit { excluded = [] }
        }
    }

    /// Documents longer than this are tokenized in segments of about this many bytes.
    public static let segmentBytes = 1 << 20

    let contexts: [Context]

    /// `count` workers tokenizing with `options.tokenizer`; documents over `segmentBytes` are
    /// tokenized in segments (the result does not depend on it).
    public init(count: Int, options: DedupeOptions, segmentBytes: Int = SignatureWorkers.segmentBytes) {
        var tokenizer = options.tokenizer
        // Word shingles need only the tokens' hashes; character shingles read the forms.
        tokenizer.keepNormalizedForms = options.shingleKind == .chars
        contexts = (0..<max(1, count)).map { _ in Context(options: tokenizer, segmentBytes: max(2, segmentBytes)) }
    }

    /// The number of workers.
    public var count: Int { contexts.count }
}
