import Foundation
import RefrainText
import RefrainBytes
import RefrainSketch

/// A directory holding each stage's output, so a run can be inspected, moved to other machines
/// stage by stage, or resumed.
///
/// Files (binary ones little-endian, each starting with an 8-byte magic that names its version):
/// - `manifest.json`: `{"schema": "refrain.dedupe-work/1", "stages": {"signatures": FP, "candidates": FP,
///   "pairs": FP}, "signature_options": FP}`; a stage's fingerprint `FP` hashes the inputs and every
///   option it depends on. A stage is reused only when its fingerprint and those of the stages
///   before it match. `signature_options` hashes the options alone: a run merging shards
///   (``DedupeEngine/run(shards:)``) takes a directory's signature stage when it matches.
/// - `documents.jsonl`: one object per document in read order: `index`, `ordinal`, `id`, `date`,
///   `source`, `length` (bytes), `first_unit`, `units`.
/// - `units.bin`: `RFUNIT01`, `UInt64` count, then 32 bytes per unit: `UInt64` content hash,
///   `UInt32` document index, start, end (byte offsets), tokens, shingles, `UInt8` status
///   (0 normal, 1 short, 2 empty, 3 boilerplate), 3 zero bytes.
/// - `signatures.bin`: `RFSIGN01`, `UInt32` permutations, `UInt32` 0, `UInt64` units, then
///   `units × permutations` `UInt32` MinHash values.
/// - `shingles.bin`: see ``ShingleStore``.
/// - `boilerplate.jsonl`: the boilerplate lines left out, one ``BoilerplateLine`` per line.
/// - `candidates.bin`: `RFCAND01`, `UInt64` pair count, `UInt64` LSH candidates, `UInt64`
///   containment candidates, `UInt64` large buckets, then the pairs as `UInt64` `a << 32 | b`, ascending.
/// - `pairs.jsonl`: verified pairs of unit indices: `a`, `b`, `match`, `similarity`, `jaccard`, `containment`.
/// - `clusters.jsonl`: `id`, `representative` (unit), `members`: [{`unit`, `similarity`, `match`}].
///
/// A part of a partitioned stage of a sharded run (``StagePart``) holds `part.json` (`schema`
/// `refrain.dedupe-part/1`, `stage`, `part` as `i/n`, `fingerprint` of the shards' signature
/// stages and every option the stage depends on, and for pairs the candidate counts) and either
/// `candidates-part.bin` (`RFCPRT01`, `UInt64` large buckets, `UInt64` LSH pair count, `UInt64`
/// containment pair count, then both lists of packed pairs, ascending) or `pairs.jsonl` (as above).
package final class WorkDirectory {
    /// The directory.
    public let path: String
    let fingerprints: [String: String]
    var manifest: [String: String]

    static let stageOrder = ["signatures", "candidates", "pairs"]

    /// What a shard's signatures depend on besides its inputs: the options a merging run must share.
    let signatureOptions: String
    /// MinHash values per unit the signature files must hold.
    let permutations: Int

    init(path: String, options: DedupeOptions, lsh: LSHParameters, inputFingerprint: String) throws(DedupeError) {
        self.path = path
        permutations = options.permutations
        try WorkDirectory.makeDirectory(path)
        let signatureOptions = WorkDirectory.signatureOptions(options)
        let signatures = "inputs=\(inputFingerprint);" + signatureOptions
        fingerprints = ["signatures": WorkDirectory.fp(signatures),
                        "candidates": WorkDirectory.fp(WorkDirectory.candidateKey(signatures, options, lsh)),
                        "pairs": WorkDirectory.fp(WorkDirectory.pairKey(signatures, options, lsh))]
        self.signatureOptions = WorkDirectory.fp(signatureOptions)
        manifest = [:]
        if let stages = WorkDirectory.readManifest(file("manifest.json"))?.stages {
            // Keep only the prefix of stages that still match.
            for stage in WorkDirectory.stageOrder {
                guard stages[stage] == fingerprints[stage] else { break }
                manifest[stage] = stages[stage]
            }
        }
    }

    static func fp(_ s: String) -> String { String(StableHash.hash(s), radix: 16) }

    /// What the candidate stage depends on, after what the signatures depend on.
    static func candidateKey(_ signatures: String, _ o: DedupeOptions, _ lsh: LSHParameters) -> String {
        signatures + ";b=\(lsh.bands);r=\(lsh.rows);bucket=\(o.maxBucketPairs);containment=\(o.containmentEnabled);t=\(o.threshold)"
    }

    /// What the verification stage depends on.
    static func pairKey(_ signatures: String, _ o: DedupeOptions, _ lsh: LSHParameters) -> String {
        candidateKey(signatures, o, lsh) + ";verify=\(o.verify);minc=\(o.minContainmentShingles)"
    }

    static func signatureOptions(_ o: DedupeOptions) -> String {
        [
            "level=\(o.level)", "paragraphs=\(o.paragraphMode)", "kind=\(o.shingleKind)",
            "k=\(o.shingleSize)", "perm=\(o.permutations)", "scheme=\(o.scheme)", "seed=\(o.seed)",
            "format=3", "sets=\(o.verify == .exact || o.containmentEnabled)",
            "boilerplate=\(o.boilerplate),\(o.boilerplateMinDocuments),\(o.boilerplateMinRepeats),\(o.boilerplateContentWords)",
            "tokenizer=\(o.tokenizer.foldDiacritics),\(o.tokenizer.keepNumbers),\(o.tokenizer.stem)", "excerpt=\(o.excerptCharacters)",
        ].joined(separator: ";")
    }

    /// The stage fingerprints and signature-options fingerprint of a manifest, if it is one.
    static func readManifest(_ path: String) -> (stages: [String: String], signatureOptions: String?)? {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["schema"] as? String == "refrain.dedupe-work/1",
              let stages = object["stages"] as? [String: String] else { return nil }
        return (stages, object["signature_options"] as? String)
    }

    /// The signature stage of a shard: a work directory whose signature stage is complete and was
    /// computed with the same options (whatever its inputs).
    static func loadShard(path: String, options: DedupeOptions) throws(DedupeError) -> SignatureTables {
        let manifest = (path as NSString).appendingPathComponent("manifest.json")
        guard let found = readManifest(manifest), found.stages["signatures"] != nil else {
            throw .workFile(path: manifest, reason: "no complete signature stage here (run `refrain dedupe --work-dir \(path) --stop-after signatures` first)")
        }
        guard found.signatureOptions == fp(signatureOptions(options)) else {
            throw .workFile(path: manifest, reason: "its signatures were computed with other options (level, shingles, permutations, seed, verification or tokenizer)")
        }
        return try readSignatureFiles(directory: path, permutations: options.permutations).tables
    }

    /// `mkdir -p`, with the system's reason on failure.
    static func makeDirectory(_ path: String) throws(DedupeError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .writeFailed(path: path, reason: "not a directory") }
            return
        }
        // The parent by hand: corelibs Foundation's deletingLastPathComponent traps on a
        // one-character relative path such as "W".
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        if let slash = trimmed.lastIndex(of: "/") {
            let parent = String(trimmed[..<slash])
            if !parent.isEmpty && parent != path { try makeDirectory(parent) }
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func reusable(_ stage: String) -> Bool { manifest[stage] != nil }

    func complete(_ stage: String) throws(DedupeError) {
        // A stage's completion invalidates the ones after it.
        if let i = WorkDirectory.stageOrder.firstIndex(of: stage) {
            for later in WorkDirectory.stageOrder[(i + 1)...] { manifest[later] = nil }
        }
        manifest[stage] = fingerprints[stage]
        var json = "{\"schema\":\"refrain.dedupe-work/1\",\"stages\":{"
        json += WorkDirectory.stageOrder.compactMap { s in manifest[s].map { "\"\(s)\":\"\($0)\"" } }.joined(separator: ",")
        json += "},\"signature_options\":\"\(signatureOptions)\"}\n"
        try write("manifest.json", Data(json.utf8))
    }

    func write(_ name: String, _ data: Data) throws(DedupeError) {
        let target = file(name)
        let temporary = target + ".tmp"
        let written = data.withUnsafeBytes { raw -> Bool in
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var done = 0
            while done < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        guard written, rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .writeFailed(path: target, reason: reason)
        }
    }

    func read(_ name: String) throws(DedupeError) -> Data {
        guard let data = FileManager.default.contents(atPath: file(name)) else { throw .workFile(path: file(name), reason: "missing") }
        return data
    }

    // MARK: - Signatures

    func saveSignatures(_ tables: SignatureTables, boilerplate: BoilerplateSet?) throws(DedupeError) {
        var docs = Data()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (i, d) in tables.documents.enumerated() {
            let row = DocumentRow(index: i, ordinal: d.ordinal, id: d.id, date: d.date, source: d.source, length: d.length,
                                  first_unit: d.firstUnit, units: d.unitCount)
            docs.append((try? encoder.encode(row)) ?? Data())
            docs.append(0x0A)
        }
        try write("documents.jsonl", docs)
        var units = BinaryWriter(magic: "RFUNIT01")
        units.append(UInt64(tables.units.count))
        for u in tables.units {
            units.append(u.contentHash)
            units.append(UInt32(u.document)); units.append(UInt32(u.start)); units.append(UInt32(u.end))
            units.append(UInt32(u.tokens)); units.append(UInt32(u.shingles))
            units.append(u.status.rawValue); units.append(UInt8(0)); units.append(UInt16(0))
        }
        try write("units.bin", Data(units.bytes))
        var sigs = BinaryWriter(magic: "RFSIGN01")
        sigs.append(UInt32(tables.units.isEmpty ? 0 : tables.signatures.count / tables.units.count))
        sigs.append(UInt32(0))
        sigs.append(UInt64(tables.units.count))
        sigs.append(contentsOf: tables.signatures)
        try write("signatures.bin", Data(sigs.bytes))
        var lines = Data()
        for line in boilerplate?.lines ?? [] {
            lines.append((try? encoder.encode(line)) ?? Data())
            lines.append(0x0A)
        }
        try write("boilerplate.jsonl", lines)
        try complete("signatures")
    }

    func loadSignatures() throws(DedupeError) -> (tables: SignatureTables, boilerplate: BoilerplateSet?)? {
        guard reusable("signatures") else { return nil }
        return try WorkDirectory.readSignatureFiles(directory: path, permutations: permutations)
    }

    /// Reads the signature stage's files in `directory`, checked against each other: every
    /// unit inside its document's text and in its document's run of units, `permutations`
    /// MinHash values a unit. A damaged file throws ``DedupeError/workFile(path:reason:)``
    /// naming it and the byte offset (or line) where it is wrong.
    static func readSignatureFiles(directory: String, permutations: Int) throws(DedupeError) -> (tables: SignatureTables, boilerplate: BoilerplateSet?) {
        func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        func read(_ name: String) throws(DedupeError) -> Data {
            guard let data = FileManager.default.contents(atPath: file(name)) else { throw .workFile(path: file(name), reason: "missing") }
            return data
        }
        let decoder = JSONDecoder()
        var documents: [DocumentRecord] = []
        var unitsSoFar = 0
        for line in try read("documents.jsonl").split(separator: 0x0A) {
            guard let row = try? decoder.decode(DocumentRow.self, from: Data(line)) else {
                throw .workFile(path: file("documents.jsonl"), reason: "malformed line \(documents.count + 1)")
            }
            // Each document's units follow the previous document's.
            guard row.index == documents.count, row.first_unit == unitsSoFar, row.units >= 0, row.length >= 0 else {
                throw .workFile(path: file("documents.jsonl"), reason: "line \(documents.count + 1): document \(row.index) with units \(row.first_unit)+\(row.units) does not follow the previous line")
            }
            unitsSoFar += row.units
            documents.append(DocumentRecord(ordinal: row.ordinal, id: row.id, date: row.date, source: row.source,
                                            length: row.length, firstUnit: row.first_unit, unitCount: row.units))
        }
        let units = try binary(file("units.bin"), magic: "RFUNIT01") { r throws(ByteReadError) in
            let count = try r.nextCount(atMost: r.remaining / 32, "unit count")
            guard count == unitsSoFar else { throw r.error("\(count) units, documents.jsonl has \(unitsSoFar)", at: 8) }
            var units: [DedupeUnit] = []
            units.reserveCapacity(count)
            var document = 0
            for u in 0..<count {
                let at = r.offset
                let hash = try r.next(UInt64.self)
                let doc = Int(try r.next(UInt32.self)), start = Int(try r.next(UInt32.self)), end = Int(try r.next(UInt32.self))
                let tokens = Int(try r.next(UInt32.self)), shingles = Int(try r.next(UInt32.self))
                let statusAt = r.offset
                guard let status = UnitStatus(rawValue: try r.next(UInt8.self)) else { throw r.error("unknown unit status", at: statusAt) }
                try r.skip(3)
                while document < documents.count && u >= documents[document].firstUnit + documents[document].unitCount { document += 1 }
                guard doc == document, start <= end, end <= documents[doc].length else {
                    throw r.error("unit \(u) (document \(doc), bytes \(start)..<\(end)) is not inside document \(document)", at: at + 8)
                }
                units.append(DedupeUnit(document: doc, start: start, end: end, tokens: tokens,
                                        shingles: shingles, contentHash: hash, status: status))
            }
            return units
        }
        let count = units.count
        let signatures = try binary(file("signatures.bin"), magic: "RFSIGN01") { r throws(ByteReadError) in
            let k = Int(try r.next(UInt32.self))
            guard count == 0 || k == permutations else { throw r.error("\(k) MinHash values a unit, the options say \(permutations)", at: 8) }
            try r.skip(4)
            let sigUnits = try r.nextCount(atMost: Int(UInt32.max), "unit count")
            guard sigUnits == count else { throw r.error("\(sigUnits) units, units.bin has \(count)", at: 16) }
            guard r.remaining == 4 * k * count else { throw r.error("\(r.remaining) bytes of MinHash values, expected \(4 * k * count)") }
            var signatures = ContiguousArray<UInt32>(repeating: 0, count: k * count)
            for i in 0..<(k * count) { signatures[i] = try r.next(UInt32.self) }
            return signatures
        }
        let store = try ShingleStore(existing: file("shingles.bin"), units: count)
        var tables = SignatureTables(store: store)
        tables.documents = documents
        tables.units = units
        tables.signatures = signatures
        tables.bytes = documents.reduce(0) { $0 + $1.length }
        var lines: [BoilerplateLine] = []
        for line in try read("boilerplate.jsonl").split(separator: 0x0A) {
            guard let l = try? decoder.decode(BoilerplateLine.self, from: Data(line)) else {
                throw .workFile(path: file("boilerplate.jsonl"), reason: "malformed line \(lines.count + 1)")
            }
            lines.append(l)
        }
        return (tables, lines.isEmpty ? nil : BoilerplateSet(lines: lines))
    }

    // MARK: - Candidates, pairs, clusters

    func saveCandidates(_ pairs: CandidatePairs, lsh: Int, containment: Int, largeBuckets: Int) throws(DedupeError) {
        var w = BinaryWriter(magic: "RFCAND01")
        w.append(UInt64(pairs.count)); w.append(UInt64(lsh)); w.append(UInt64(containment)); w.append(UInt64(largeBuckets))
        w.append(contentsOf: pairs.packed)
        try write("candidates.bin", Data(w.bytes))
        try complete("candidates")
    }

    /// The candidate stage's pairs, each of two units among the first `units`.
    func loadCandidates(units: Int) throws(DedupeError) -> (pairs: CandidatePairs, lsh: Int, containment: Int, largeBuckets: Int)? {
        guard reusable("candidates") else { return nil }
        return try WorkDirectory.binary(file("candidates.bin"), magic: "RFCAND01") { r throws(ByteReadError) in
            let n = try r.nextCount(atMost: (r.remaining - 24) / 8, "pair count")
            let lsh = try r.nextCount(atMost: Int.max, "LSH candidate count")
            let containment = try r.nextCount(atMost: Int.max, "containment candidate count")
            let large = try r.nextCount(atMost: Int.max, "large bucket count")
            return (CandidatePairs(unsorted: try WorkDirectory.pairs(&r, n, units: units)), lsh, containment, large)
        }
    }

    /// `n` packed pairs `a << 32 | b` of units, `a < b < units`.
    static func pairs(_ r: inout CheckedReader, _ n: Int, units: Int) throws(ByteReadError) -> ContiguousArray<UInt64> {
        var packed = ContiguousArray<UInt64>()
        packed.reserveCapacity(n)
        for _ in 0..<n {
            let at = r.offset
            let p = try r.next(UInt64.self)
            guard p >> 32 < p & 0xFFFF_FFFF, p & 0xFFFF_FFFF < UInt64(units) else {
                throw r.error("pair \(p >> 32), \(p & 0xFFFF_FFFF) is not two units of \(units)", at: at)
            }
            packed.append(p)
        }
        return packed
    }

    /// Reads the binary file at `path` (mapped) with `body`, after checking its magic; a
    /// damaged file's error names it and the byte offset.
    static func binary<T>(_ path: String, magic: String, _ body: (inout CheckedReader) throws(ByteReadError) -> T) throws(DedupeError) -> T {
        do throws(ByteReadError) {
            let bytes = try MappedBytes(mapping: path)
            return try withExtendedLifetime(bytes) { () throws(ByteReadError) -> T in
                var r = bytes.reader
                try r.expect(magic: Array(magic.utf8), "a \(magic) file")
                return try body(&r)
            }
        } catch {
            throw .workFile(path: path, reason: "at byte \(error.offset): \(error.reason)")
        }
    }

    func saveVerified(_ pairs: [VerifiedPair]) throws(DedupeError) {
        try write("pairs.jsonl", WorkDirectory.encode(pairs))
        try complete("pairs")
    }

    func loadVerified(units: Int) throws(DedupeError) -> [VerifiedPair]? {
        guard reusable("pairs") else { return nil }
        return try WorkDirectory.decodePairs(try read("pairs.jsonl"), path: file("pairs.jsonl"), units: units)
    }

    static func encode(_ pairs: [VerifiedPair]) -> Data {
        var out = Data()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for p in pairs {
            let row = PairRow(a: p.a, b: p.b, match: p.match, similarity: p.similarity, jaccard: p.jaccard, containment: p.containment)
            out.append((try? encoder.encode(row)) ?? Data())
            out.append(0x0A)
        }
        return out
    }

    /// Verified pairs, one JSON object a line, each of two units among the first `units`.
    static func decodePairs(_ data: Data, path: String, units: Int) throws(DedupeError) -> [VerifiedPair] {
        let decoder = JSONDecoder()
        var pairs: [VerifiedPair] = []
        for line in data.split(separator: 0x0A) {
            guard let p = try? decoder.decode(PairRow.self, from: Data(line)) else {
                throw .workFile(path: path, reason: "malformed line \(pairs.count + 1)")
            }
            guard p.a >= 0, p.a < p.b, p.b < units else {
                throw .workFile(path: path, reason: "line \(pairs.count + 1): pair \(p.a), \(p.b) is not two units of \(units)")
            }
            pairs.append(VerifiedPair(a: p.a, b: p.b, match: p.match, similarity: p.similarity, jaccard: p.jaccard, containment: p.containment))
        }
        return pairs
    }

    // MARK: - Parts of a sharded run

    /// The stages a sharded run splits into parts.
    enum PartStage: String, Codable { case candidates, pairs }

    struct PartManifest: Codable {
        var schema = "refrain.dedupe-part/1"
        var stage: PartStage
        var part: String
        var fingerprint: String
        var lsh_candidates: Int?
        var containment_candidates: Int?
        var candidates: Int?
        var large_buckets: Int?
    }

    /// Identifies the signature stages of `shards`, in order (each shard's own fingerprint).
    static func shardsFingerprint(_ shards: [String]) throws(DedupeError) -> String {
        var key = "shards"
        for shard in shards {
            let manifest = (shard as NSString).appendingPathComponent("manifest.json")
            guard let signatures = readManifest(manifest)?.stages["signatures"] else {
                throw .workFile(path: manifest, reason: "no complete signature stage here")
            }
            key += ";" + signatures
        }
        return fp(key)
    }

    /// The fingerprint every part of `stage` over these shards and options carries.
    static func partFingerprint(_ stage: PartStage, shards: String, options: DedupeOptions, lsh: LSHParameters) -> String {
        let signatures = "shards=\(shards);" + signatureOptions(options)
        switch stage {
        case .candidates: return "candidates:" + fp(candidateKey(signatures, options, lsh))
        case .pairs: return "pairs:" + fp(pairKey(signatures, options, lsh))
        }
    }

    func savePart(_ manifest: PartManifest) throws(DedupeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = (try? encoder.encode(manifest)) ?? Data()
        data.append(0x0A)
        try write("part.json", data)
    }

    func saveCandidatePart(_ found: DedupeEngine.FoundCandidates, part: StagePart, fingerprint: String) throws(DedupeError) {
        var w = BinaryWriter(magic: "RFCPRT01")
        w.append(UInt64(found.largeBuckets)); w.append(UInt64(found.lsh.count)); w.append(UInt64(found.containment.count))
        w.append(contentsOf: found.lsh.packed)
        w.append(contentsOf: found.containment.packed)
        try write("candidates-part.bin", Data(w.bytes))
        try savePart(PartManifest(stage: .candidates, part: part.description, fingerprint: fingerprint))
    }

    func savePairPart(_ pairs: [VerifiedPair], counts: DedupeCounts, part: StagePart, fingerprint: String) throws(DedupeError) {
        try write("pairs.jsonl", WorkDirectory.encode(pairs))
        try savePart(PartManifest(stage: .pairs, part: part.description, fingerprint: fingerprint,
                                  lsh_candidates: counts.lshCandidates, containment_candidates: counts.containmentCandidates,
                                  candidates: counts.candidates, large_buckets: counts.largeBuckets))
    }

    /// The manifests of `directories`, checked: each a part of `fingerprint`'s stage, and together
    /// every part of one split, once. Returned in part order, with their directories.
    static func loadParts(_ directories: [String], fingerprint: String) throws(DedupeError) -> [(directory: String, manifest: PartManifest)] {
        guard !directories.isEmpty else { throw .invalidOption("no parts to merge") }
        var parts: [(directory: String, manifest: PartManifest, part: StagePart)] = []
        for directory in directories {
            let path = (directory as NSString).appendingPathComponent("part.json")
            guard let data = FileManager.default.contents(atPath: path),
                  let manifest = try? JSONDecoder().decode(PartManifest.self, from: data),
                  manifest.schema == "refrain.dedupe-part/1", let part = StagePart(manifest.part) else {
                throw .workFile(path: path, reason: "missing or not a part of a sharded stage")
            }
            guard manifest.fingerprint == fingerprint else {
                throw .workFile(path: path, reason: "this \(manifest.stage.rawValue) part was computed from other shards or with other options")
            }
            parts.append((directory, manifest, part))
        }
        parts.sort { $0.part.index < $1.part.index }
        let count = parts[0].part.count
        let given = parts.map(\.part.index)
        guard parts.allSatisfy({ $0.part.count == count }), given == Array(0..<count) else {
            throw .invalidOption("the parts given are \(parts.map(\.part.description).joined(separator: ", ")); a merge takes each part of one split once")
        }
        return parts.map { ($0.directory, $0.manifest) }
    }

    static func loadCandidateParts(_ directories: [String], fingerprint: String, units: Int) throws(DedupeError) -> DedupeEngine.FoundCandidates {
        var found: [DedupeEngine.FoundCandidates] = []
        for (directory, _) in try loadParts(directories, fingerprint: fingerprint) {
            let path = (directory as NSString).appendingPathComponent("candidates-part.bin")
            guard FileManager.default.fileExists(atPath: path) else { throw .workFile(path: path, reason: "missing") }
            found.append(try binary(path, magic: "RFCPRT01") { r throws(ByteReadError) in
                let large = try r.nextCount(atMost: Int.max, "large bucket count")
                let lsh = try r.nextCount(atMost: r.remaining / 8, "LSH pair count")
                let contained = try r.nextCount(atMost: (r.remaining - 8 * lsh) / 8, "containment pair count")
                return DedupeEngine.FoundCandidates(lsh: CandidatePairs(unsorted: try pairs(&r, lsh, units: units)),
                                                    containment: CandidatePairs(unsorted: try pairs(&r, contained, units: units)),
                                                    largeBuckets: large)
            })
        }
        return .merging(found)
    }

    /// The verified pairs of every part, in order, and the candidate counts they were verified from.
    static func loadPairParts(_ directories: [String], fingerprint: String, units: Int) throws(DedupeError) -> ([VerifiedPair], DedupeCounts) {
        var pairs: [VerifiedPair] = []
        var counts = DedupeCounts()
        for (directory, manifest) in try loadParts(directories, fingerprint: fingerprint) {
            let path = (directory as NSString).appendingPathComponent("pairs.jsonl")
            guard let data = FileManager.default.contents(atPath: path) else { throw .workFile(path: path, reason: "missing") }
            pairs += try decodePairs(data, path: path, units: units)
            counts.lshCandidates = manifest.lsh_candidates ?? 0
            counts.containmentCandidates = manifest.containment_candidates ?? 0
            counts.candidates = manifest.candidates ?? 0
            counts.largeBuckets = manifest.large_buckets ?? 0
        }
        return (pairs, counts)
    }

    func saveClusters(_ clusters: [DedupeCluster]) throws(DedupeError) {
        var out = Data()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for c in clusters {
            let row = ClusterRow(id: c.id, representative: c.representative,
                                 members: c.members.map { ClusterRow.Member(unit: $0.unit, similarity: $0.similarity, match: $0.match) })
            out.append((try? encoder.encode(row)) ?? Data())
            out.append(0x0A)
        }
        try write("clusters.jsonl", out)
    }

    struct DocumentRow: Codable {
        var index: Int, ordinal: Int, id: String, date: String?, source: String?, length: Int, first_unit: Int, units: Int
    }

    struct PairRow: Codable {
        var a: Int, b: Int, match: MatchKind, similarity: Double, jaccard: Double, containment: Double
    }

    struct ClusterRow: Codable {
        struct Member: Codable { var unit: Int, similarity: Double, match: MatchKind }
        var id: Int, representative: Int, members: [Member]
    }
}
