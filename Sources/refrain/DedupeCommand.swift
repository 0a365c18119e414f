import ArgumentParser
import Foundation
import RefrainCorpus
import RefrainReport
import RefrainSketch
import RefrainDedupe
import RefrainText

/// `refrain dedupe`: near-duplicate documents or paragraphs, by shingles, MinHash and LSH, verified.
struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find near-duplicate documents or paragraphs (MinHash + LSH, verified by exact Jaccard).",
        discussion: """
        Units (documents, or paragraphs with --level paragraph) are cut into word k-shingles; MinHash \
        signatures and LSH banding (bands and rows chosen for the threshold) propose candidate pairs, \
        which are verified against the shingle sets (compared as 32-bit fingerprints); matching \
        pairs are clustered and one representative per cluster is chosen by --keep. The JSON \
        report (schema refrain.dedupe/1) lists parameters, counts, clusters with byte ranges, \
        pairs and boilerplate.

        Examples:
          refrain dedupe corpus.jsonl -o report.json --write-deduped out.jsonl
          refrain dedupe Corpora/dprk-ukraine-2024 --level paragraph
          refrain dedupe crawl.jsonl.gz --threshold 0.9 --boilerplate --fail-on-match
          refrain dedupe corpus.jsonl --work-dir stages/ -o report.html

        Boilerplate (--boilerplate): lines are counted per source (the source field, else the input \
        they came from: a directory tree, a JSON Lines file, or the directory of a text file given \
        directly), identical documents once. A content line has at least --boilerplate-content-words \
        words and ends a sentence; a document's own content is its content lines that no other \
        document of its source has, and its frame is what lies before the first of them and after \
        the last. A line is boilerplate when one document repeats it --boilerplate-min-repeats \
        times (rule "repeats"), when --boilerplate-min-docs documents hold it, ten times as many \
        for a content line ("documents"), or when two or more documents hold it in their frame and \
        none inside its own content ("frame"): a newsletter sign-up line after two articles is \
        chrome, a paragraph two articles share, surrounded by their own paragraphs, is not. Near \
        copies (documents whose shared content lines outweigh their own) give no frame evidence and \
        lose only repeated lines. The report lists each line with its rule, counts and first \
        documents. Costs two extra passes over the input.

        --write-deduped: at document level, every cluster member but the representative is left \
        out; every other document is written as read. At paragraph level, a member paragraph is cut \
        out of its document when its representative covers it (Jaccard at the threshold, or \
        containment at the threshold with the member no larger); one that holds more than its \
        representative, or joined the cluster only through other members, stays. A cut takes the \
        blank lines after the paragraph (before it, for a document's last); everything else, and \
        every other field of a JSON Lines record, is written as read. A document with no paragraph \
        left is left out and counted.

        Memory at document level: about 880 bytes per document (measured; a 512-byte MinHash \
        signature, the 32-byte unit and ~80-byte document records, offsets, grouping tables and \
        the set that spots exact duplicates), plus the shingles as 32-bit fingerprints, excerpts \
        and texts, which spill to an unlinked temporary file past 32 MiB (or to --work-dir).
        Sharded runs: each machine runs the signature stage on its part of the corpus, \
        `refrain dedupe PART --work-dir DIR --stop-after signatures`; one machine then merges them, \
        `refrain dedupe --shard DIR1 --shard DIR2 ... -o report.json`, with the same options. The \
        report is the one a single run over the parts, in that order, writes. (Not with \
        --boilerplate, which counts lines across the whole corpus.) The candidate and verification \
        stages split too, each part a run of its own on any machine that sees the shards: \
        `--shard ... --stop-after candidates --part i/n --work-dir Ci` bands every n-th band (and \
        probes every n-th chunk for containment); `--shard ... --candidates C0 ... --stop-after \
        pairs --part j/m --work-dir Pj` verifies the j-th slice of all the candidates; and \
        `--shard ... --pairs P0 ... -o report.json` clusters the pairs and writes the same report. \
        Every part records a fingerprint of its shards and options; a merge refuses parts of other \
        runs, missing parts and repeated ones.
        Exit codes: 0 success, 1 runtime error, 2 usage error, 3 duplicates found with --fail-on-match.
        """)

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("Similarity a pair must reach, in (0, 1].", valueName: "t"))
    var threshold: Double = 0.8

    @Option(help: ArgumentHelp("Tokens (or characters, with --shingles chars) per shingle.", valueName: "k"))
    var shingleSize: Int = 5

    @Option(help: ArgumentHelp("What shingles are made of: words, or chars (for CJK and very short texts).", valueName: "kind"))
    var shingles: String = "words"

    @Option(help: ArgumentHelp("MinHash signature length (a multiple of 8).", valueName: "n"))
    var permutations: Int = 128

    @Option(help: ArgumentHelp("MinHash scheme: one-permutation (one hash per shingle, densified) or classic.", valueName: "scheme"))
    var minhash: String = "one-permutation"

    @Option(help: ArgumentHelp("Seed of all hash functions.", valueName: "n"))
    var seed: UInt64 = 0x5EED

    @Option(help: ArgumentHelp("LSH bands (with --rows); by default chosen for the threshold.", valueName: "b"))
    var bands: Int?

    @Option(help: ArgumentHelp("LSH rows per band (with --bands).", valueName: "r"))
    var rows: Int?

    @Option(help: ArgumentHelp("Weight of false positives when choosing bands and rows (candidates are verified, so misses cost more).", valueName: "w"))
    var falsePositiveWeight: Double = 0.02

    @Option(help: ArgumentHelp("Weight of false negatives when choosing bands and rows.", valueName: "w"))
    var falseNegativeWeight: Double = 0.98

    @Option(help: ArgumentHelp("Units compared: document or paragraph.", valueName: "level"))
    var level: String = "document"

    @Option(help: ArgumentHelp("Paragraphs at paragraph level: blank-lines or line-breaks.", valueName: "mode"))
    var paragraphMode: String = "blank-lines"

    @Flag(inversion: .prefixedNo, help: "Also match when the smaller unit's shingles are (threshold) contained in the larger. Default: on at paragraph level, off at document level.")
    var containment: Bool?

    @Option(help: ArgumentHelp("Smallest shingle count of the smaller unit for a containment match.", valueName: "n"))
    var minContainmentShingles: Int = 5

    @Option(help: ArgumentHelp("How candidates are confirmed: exact (shingle sets) or estimate (MinHash).", valueName: "mode"))
    var verify: String = "exact"

    @Option(help: ArgumentHelp("Representative of a cluster: earliest (date, then longest, then id), first, or longest.", valueName: "rule"))
    var keep: String = "earliest"

    @Flag(help: "Detect boilerplate lines (site chrome repeated across documents of a source, see below) and leave them out of matching.")
    var boilerplate = false

    @Option(help: ArgumentHelp("Boilerplate: a line in at least this many documents of one source, wherever it stands (10x for a sentence; at least 2).", valueName: "n"))
    var boilerplateMinDocs: Int = 3

    @Option(help: ArgumentHelp("Boilerplate: a line repeated this many times within one document (0: off).", valueName: "n"))
    var boilerplateMinRepeats: Int = 3

    @Option(help: ArgumentHelp("Boilerplate: fewest words of a content line (one that also ends a sentence).", valueName: "n"))
    var boilerplateContentWords: Int = 6

    @Option(help: ArgumentHelp("Most pairs listed in the report (identical units expand to all their pairs; the count stays exact).", valueName: "n"))
    var maxPairs: Int = 1_000_000

    @Option(help: ArgumentHelp("Write the corpus back in its input format without the duplicates: documents, or at paragraph level the paragraphs a kept one covers (see below).", valueName: "path"))
    var writeDeduped: String?

    @Option(help: ArgumentHelp("Keep each stage's files here, and resume from them when inputs and options match.", valueName: "dir"))
    var workDir: String?

    @Option(help: ArgumentHelp("Stop after this stage, leaving its files in --work-dir: signatures (one shard of the corpus), candidates or pairs (one --part of that stage over --shard directories); see below.", valueName: "stage"))
    var stopAfter: String?

    @Option(name: .customLong("shard"), help: ArgumentHelp("Instead of reading a corpus, merge the signature stages in these work directories (repeat, in corpus order) and run the remaining stages.", valueName: "dir"))
    var shards: [String] = []

    @Option(help: ArgumentHelp("With --stop-after candidates or pairs: the part of the stage to run, i/n (0-based).", valueName: "i/n"))
    var part: String = "0/1"

    @Option(name: .customLong("candidates"), help: ArgumentHelp("With --shard --stop-after pairs: a candidates part's work directory (repeat for every part).", valueName: "dir"))
    var candidateParts: [String] = []

    @Option(name: .customLong("pairs"), help: ArgumentHelp("With --shard: a pairs part's work directory (repeat for every part); the run clusters them and writes the report.", valueName: "dir"))
    var pairParts: [String] = []

    @Flag(help: "With --stop-after signatures: write the signature stage to standard output as a refrain.stream/1 record stream (band keys, shingle sets; see Docs/stage-stream.md) instead of to --work-dir.")
    var stream = false

    @Flag(help: "Verify one slice of candidates: read a refrain.stream/1 verification stream (shingle sets and pairs) on standard input, write the verified pairs as a stream to standard output.")
    var verifyStream = false

    @Option(help: ArgumentHelp("Write the report from a refrain.stream/1 report stream (documents, units, verified pairs, components, counts) instead of reading a corpus; - for standard input.", valueName: "path"))
    var reportStream: String?

    @Option(help: ArgumentHelp("Worker threads (default: all processors). Results do not depend on it.", valueName: "n"))
    var threads: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        let partial = stopAfter == "candidates" || stopAfter == "pairs"
        if stream && stopAfter != "signatures" { throw ValidationError("--stream goes with --stop-after signatures") }
        if stream && workDir != nil { throw ValidationError("--stream writes to standard output; no --work-dir goes with it") }
        if verifyStream || reportStream != nil {
            if verifyStream && reportStream != nil { throw ValidationError("give --verify-stream or --report-stream, not both") }
            if !input.paths.isEmpty || !shards.isEmpty || stopAfter != nil || workDir != nil || writeDeduped != nil {
                throw ValidationError("--verify-stream and --report-stream read a stream; no inputs, --shard, --stop-after, --work-dir or --write-deduped go with them")
            }
            if reportStream != nil && output.resolvedFormat == .html { throw ValidationError("an HTML report shows the documents' text; it does not go with --report-stream") }
            if verifyStream && output.output != nil { throw ValidationError("--verify-stream writes to standard output") }
            do { try dedupeOptions().validate() } catch { throw ValidationError(error.description) }
            return
        }
        if shards.isEmpty {
            try input.requirePaths()
            if partial || !candidateParts.isEmpty || !pairParts.isEmpty {
                throw ValidationError("--stop-after candidates or pairs, --candidates and --pairs work on --shard directories; give them")
            }
        } else {
            if !input.paths.isEmpty { throw ValidationError("give either input paths or --shard directories, not both") }
            if workDir != nil && !partial {
                throw ValidationError("--shard reads work directories; --work-dir goes with it only for --stop-after candidates or pairs")
            }
            if writeDeduped != nil { throw ValidationError("--write-deduped needs the corpus; it does not go with --shard") }
            if output.resolvedFormat == .html { throw ValidationError("an HTML report shows the documents' text; it does not go with --shard") }
        }
        if let stopAfter {
            guard ["signatures", "candidates", "pairs"].contains(stopAfter) else {
                throw ValidationError("--stop-after takes signatures, candidates or pairs, not '\(stopAfter)'")
            }
            if workDir == nil && !stream { throw ValidationError("--stop-after \(stopAfter) writes to --work-dir (or, for signatures, --stream); give one") }
            if stopAfter == "signatures" && !shards.isEmpty {
                throw ValidationError("--stop-after signatures reads a corpus; it does not go with --shard")
            }
        }
        guard StagePart(part) != nil else { throw ValidationError("--part takes i/n with 0 <= i < n, not '\(part)'") }
        if part != "0/1" && !partial { throw ValidationError("--part goes with --stop-after candidates or pairs") }
        if (stopAfter == "pairs") != !candidateParts.isEmpty {
            throw ValidationError("--stop-after pairs verifies candidates parts: give it every --candidates directory (and --candidates only to it)")
        }
        if !pairParts.isEmpty && stopAfter != nil { throw ValidationError("--pairs directories are merged into the report; no --stop-after goes with them") }
        if boilerplate && (stopAfter != nil || !shards.isEmpty) {
            throw ValidationError("--boilerplate counts lines across the whole corpus; it does not go with --stop-after or --shard")
        }
        do {
            try dedupeOptions().validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func dedupeOptions() throws(DedupeError) -> DedupeOptions {
        var o = DedupeOptions()
        o.threshold = threshold
        o.shingleSize = shingleSize
        guard let kind = ShingleKind(rawValue: shingles) else { throw .invalidOption("--shingles must be words or chars, not '\(shingles)'") }
        o.shingleKind = kind
        o.permutations = permutations
        guard let scheme = MinHashScheme(rawValue: minhash) else {
            throw .invalidOption("--minhash must be one-permutation or classic, not '\(minhash)'")
        }
        o.scheme = scheme
        o.seed = seed
        o.bands = bands
        o.rows = rows
        o.falsePositiveWeight = falsePositiveWeight
        o.falseNegativeWeight = falseNegativeWeight
        o.maxPairs = maxPairs
        guard let lvl = DedupeLevel(rawValue: level) else { throw .invalidOption("--level must be document or paragraph, not '\(level)'") }
        o.level = lvl
        guard let mode = ParagraphMode(rawValue: paragraphMode) else {
            throw .invalidOption("--paragraph-mode must be blank-lines or line-breaks, not '\(paragraphMode)'")
        }
        o.paragraphMode = mode
        o.containment = containment
        o.minContainmentShingles = minContainmentShingles
        guard let v = VerifyMode(rawValue: verify) else { throw .invalidOption("--verify must be exact or estimate, not '\(verify)'") }
        o.verify = v
        guard let k = KeepRule(rawValue: keep) else { throw .invalidOption("--keep must be earliest, first or longest, not '\(keep)'") }
        o.keep = k
        o.boilerplate = boilerplate
        o.boilerplateMinDocuments = boilerplateMinDocs
        o.boilerplateMinRepeats = boilerplateMinRepeats
        o.boilerplateContentWords = boilerplateContentWords
        o.threads = threads
        return o
    }

    func run() throws {
        let options = try dedupeOptions()
        let quiet = output.quiet
        let readers = ReaderLog()
        let timings = StageTimings.fromEnvironment()
        let progress: (@Sendable (DedupeProgress) -> Void)?
        if quiet && timings == nil {
            progress = nil
        } else {
            progress = { @Sendable p in
                timings?.enter(p.stage)
                if !quiet { Dedupe.showProgress(p) }
            }
        }
        let engine = DedupeEngine(options: options, workDirectory: workDir, inputFingerprint: fingerprint(), progress: progress)
        let passes = options.boilerplate ? 3 : 1
        let open = {
            // Warnings once: on the last pass over the corpus.
            let reader = input.makeReader(quiet: quiet || readers.count + 1 < passes)
            readers.add(reader)
            return CorpusReaderSource(reader: reader) as any DocumentBatchSource
        }
        let result: DedupeResult
        var skippedDocuments: Int? = nil
        do {
            if verifyStream {
                var reader = try StageStreamReader(Console.readStandardInput(), source: "<stdin>", expected: [StageStream.Kind.verifyInput.rawValue])
                let verified = try engine.verify(stream: &reader)
                var writer = StageStreamWriter(kind: .verified, flush: Console.writeStandardOutput)
                try writer.write(.options(engine.streamOptions))
                for p in verified { try writer.write(.verified(p)) }
                try writer.finish()
                return
            }
            if stream {
                var writer = StageStreamWriter(kind: .signatures, flush: Console.writeStandardOutput)
                try engine.streamSignatures(open: open, skipped: { readers.last?.summary.totalSkipped ?? 0 }, to: &writer)
                Console.endProgress()
                if let summary = readers.last?.summary { Console.summary(summary, quiet: quiet) }
                return
            }
            if let path = reportStream {
                let bytes = try path == "-" ? Console.readStandardInput() : Console.readFile(path)
                var reader = try StageStreamReader(bytes, source: path == "-" ? "<stdin>" : path, expected: [StageStream.Kind.report.rawValue])
                let built = try engine.report(stream: &reader)
                result = built.result
                skippedDocuments = built.skippedDocuments
            } else if let stopAfter {
                let part = StagePart(part) ?? .whole
                switch stopAfter {
                case "candidates": try engine.runCandidates(shards: shards, part: part)
                case "pairs": try engine.runPairs(shards: shards, candidates: candidateParts, part: part)
                default: try engine.runSignatures(open: open)
                }
                Console.endProgress()
                if let summary = readers.last?.summary { Console.summary(summary, quiet: quiet) }
                if !quiet, let workDir {
                    Console.warn("dedupe: wrote the \(stopAfter == "signatures" ? "signature stage" : "\(stopAfter) part \(part)") to \(workDir)")
                }
                return
            } else if shards.isEmpty {
                result = try engine.run(open: open)
            } else {
                result = pairParts.isEmpty ? try engine.run(shards: shards) : try engine.run(shards: shards, pairs: pairParts)
            }
        } catch let error as CorpusError {
            Console.endProgress()
            Console.warn("error: \(error)")
            throw ExitStatus.runtimeError
        } catch let error as DedupeError {
            Console.endProgress()
            Console.warn("error: \(error)")
            throw ExitStatus.runtimeError
        } catch let error as StageStreamError {
            Console.endProgress()
            Console.warn("error: \(error)")
            throw ExitStatus.runtimeError
        }
        Console.endProgress()
        timings?.enter("report")
        defer { timings?.finish() }
        let summary = readers.last?.summary
        let report = DedupeReport(result: result, skippedDocuments: summary?.totalSkipped ?? skippedDocuments, threads: options.resolvedThreads)
        if let writeDeduped {
            let edits = result.edits
            let written = try reportingErrors {
                try CorpusWriter.write(inputs: input.paths, options: input.readerOptions, edit: edits.edit, to: writeDeduped)
            }
            if !quiet { Console.warn(written.description) }
        }
        if let summary { Console.summary(summary, quiet: quiet) }
        if !quiet {
            let c = result.counts
            Console.warn("dedupe: \(c.units) \(options.level == .paragraph ? "paragraphs" : "documents"), \(c.candidates) candidates, "
                + "\(c.pairs) pairs, \(c.clusters) clusters, \(c.duplicates) duplicates")
        }
        // HTML shows members in their paragraphs: re-read only the documents the report names.
        try output.write(report, threads: options.resolvedThreads) {
            let ids = Set(report.clusters.flatMap { $0.members.map(\.doc) })
            return try ReportDocuments.read(input.makeReader(quiet: true), keeping: ids)
        }
    }

    static func showProgress(_ p: DedupeProgress) {
        if p.documents == 0 {
            Console.progress("\(p.stage)…")
        } else {
            let mb = String(format: "%.1f", Double(p.bytes) / 1_000_000)
            Console.progress("\(p.stage): \(p.documents) documents, \(mb) MB")
        }
    }

    /// Paths with size and modification time, so a work directory is reused only for the same inputs.
    func fingerprint() -> String {
        input.paths.map { path -> String in
            var info = stat()
            guard path != "-", stat(path, &info) == 0 else { return path }
            return "\(path)|\(info.st_size)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }.joined(separator: "\n") + "\n" + "\(input.readerOptions)"
    }
}

/// The readers the engine opened, to report the last one's summary.
private final class ReaderLog: @unchecked Sendable {
    // Safety: used only on the thread that runs the command (the engine calls `open` there).
    private(set) var readers: [CorpusReader] = []
    var count: Int { readers.count }
    var last: CorpusReader? { readers.last }
    func add(_ reader: CorpusReader) { readers.append(reader) }
}
