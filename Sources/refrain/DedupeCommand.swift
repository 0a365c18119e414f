import ArgumentParser
import Foundation
import RefrainCorpus
import RefrainDedupe
import RefrainReport
import RefrainSketch
import RefrainText

/// `refrain dedupe`: near-duplicate documents or paragraphs, by shingles, MinHash and LSH, verified.
struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find near-duplicate documents or paragraphs (MinHash + LSH, verified by exact Jaccard).",
        discussion: """
        Units (documents, or paragraphs with --level paragraph) are cut into word k-shingles; MinHash \
        signatures and LSH banding propose candidate pairs, which are verified against the shingle \
        sets; matching pairs are clustered and one representative per cluster is chosen by --keep. \
        The report (schema refrain.dedupe/1) lists parameters, counts, clusters with byte ranges, \
        pairs and boilerplate.

        Examples:
          refrain dedupe corpus.jsonl -o report.json --write-deduped out.jsonl
          refrain dedupe Corpora/dprk-ukraine-2024 --level paragraph --boilerplate
          refrain dedupe crawl.jsonl.gz --threshold 0.9 --fail-on-match
          refrain dedupe corpus.jsonl --work-dir stages/ -o report.html

        --boilerplate leaves site chrome out of matching: lines one page repeats, lines many pages \
        of a source carry, and lines two or more pages carry around their own content. \
        --write-deduped drops every cluster member but the representative (at paragraph level, cuts \
        the paragraphs a kept one covers); everything else is written as read.

        Sharded runs (--stop-after, --shard, --part, --candidates, --pairs) split the stages over \
        processes or machines and merge to the report a single run writes; the protocol, the \
        boilerplate rules and the memory figures are in docs/dedupe-stages.md.

        Exit codes: 0 success, 1 runtime error, 2 usage error, 3 duplicates found with --fail-on-match.
        """)

    /// The library's defaults, which the options below show and start from.
    private static let defaults = DedupeOptions()

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("Similarity a pair must reach, in (0, 1].", valueName: "t"))
    var threshold: Double = Dedupe.defaults.threshold

    @Option(help: ArgumentHelp("Tokens (or characters, with --shingles chars) per shingle.", valueName: "k"))
    var shingleSize: Int = Dedupe.defaults.shingleSize

    @Option(help: ArgumentHelp("What shingles are made of: words, or chars (for CJK and very short texts).", valueName: "kind"))
    var shingles: ShingleKind = Dedupe.defaults.shingleKind

    @Option(help: ArgumentHelp("MinHash signature length (a multiple of 8).", valueName: "n"))
    var permutations: Int = Dedupe.defaults.permutations

    @Option(help: ArgumentHelp("MinHash scheme: one-permutation (one hash per shingle, densified) or classic.", valueName: "scheme"))
    var minhash: MinHashScheme = Dedupe.defaults.scheme

    @Option(help: ArgumentHelp("Seed of all hash functions.", valueName: "n"))
    var seed: UInt64 = Dedupe.defaults.seed

    @Option(help: ArgumentHelp("LSH bands (with --rows); by default chosen for the threshold.", valueName: "b"))
    var bands: Int?

    @Option(help: ArgumentHelp("LSH rows per band (with --bands).", valueName: "r"))
    var rows: Int?

    @Option(help: ArgumentHelp("Weight of false positives when choosing bands and rows (candidates are verified, so misses cost more).", valueName: "w"))
    var falsePositiveWeight: Double = Dedupe.defaults.falsePositiveWeight

    @Option(help: ArgumentHelp("Weight of false negatives when choosing bands and rows.", valueName: "w"))
    var falseNegativeWeight: Double = Dedupe.defaults.falseNegativeWeight

    @Option(help: ArgumentHelp("Units compared: document or paragraph.", valueName: "level"))
    var level: DedupeLevel = Dedupe.defaults.level

    @Option(help: ArgumentHelp("Paragraphs at paragraph level: blank-lines or line-breaks.", valueName: "mode"))
    var paragraphMode: ParagraphMode = Dedupe.defaults.paragraphMode

    @Flag(inversion: .prefixedNo, help: "Also match when the smaller unit's shingles are (threshold) contained in the larger. Default: on at paragraph level, off at document level.")
    var containment: Bool?

    @Option(help: ArgumentHelp("Smallest shingle count of the smaller unit for a containment match.", valueName: "n"))
    var minContainmentShingles: Int = Dedupe.defaults.minContainmentShingles

    @Option(help: ArgumentHelp("How candidates are confirmed: exact (shingle sets) or estimate (MinHash).", valueName: "mode"))
    var verify: VerifyMode = Dedupe.defaults.verify

    @Option(help: ArgumentHelp("Representative of a cluster: earliest (date, then longest, then id), first, or longest.", valueName: "rule"))
    var keep: KeepRule = Dedupe.defaults.keep

    @Flag(help: "Detect boilerplate lines (site chrome repeated across documents of a source) and leave them out of matching.")
    var boilerplate = false

    @Option(help: ArgumentHelp("Boilerplate: a line in at least this many documents of one source, wherever it stands (10x for a sentence; at least 2).", valueName: "n"))
    var boilerplateMinDocs: Int = Dedupe.defaults.boilerplateMinDocuments

    @Option(help: ArgumentHelp("Boilerplate: a line repeated this many times within one document (0: off).", valueName: "n"))
    var boilerplateMinRepeats: Int = Dedupe.defaults.boilerplateMinRepeats

    @Option(help: ArgumentHelp("Boilerplate: fewest words of a content line (one that also ends a sentence).", valueName: "n"))
    var boilerplateContentWords: Int = Dedupe.defaults.boilerplateContentWords

    @Option(help: ArgumentHelp("Most pairs listed in the report (identical units expand to all their pairs; the count stays exact).", valueName: "n"))
    var maxPairs: Int = Dedupe.defaults.maxPairs

    @Option(help: ArgumentHelp("Write the corpus back in its input format without the duplicates: documents, or at paragraph level the paragraphs a kept one covers .", valueName: "path"))
    var writeDeduped: String?

    @Option(help: ArgumentHelp("Keep each stage's files here, and resume from them when inputs and options match.", valueName: "dir"))
    var workDir: String?

    @Option(help: ArgumentHelp("Stop after this stage, leaving its files in --work-dir: signatures (one shard of the corpus), candidates or pairs (one --part of that stage over --shard directories).", valueName: "stage"))
    var stopAfter: DedupeRunPlan.Stage?

    @Option(name: .customLong("shard"), help: ArgumentHelp("Instead of reading a corpus, merge the signature stages in these work directories (repeat, in corpus order) and run the remaining stages.", valueName: "dir"))
    var shards: [String] = []

    @Option(help: ArgumentHelp("With --stop-after candidates or pairs: the part of the stage to run, i/n (0-based).", valueName: "i/n"))
    var part: StagePart = .whole

    @Option(name: .customLong("candidates"), help: ArgumentHelp("With --shard --stop-after pairs: a candidates part's work directory (repeat for every part).", valueName: "dir"))
    var candidateParts: [String] = []

    @Option(name: .customLong("pairs"), help: ArgumentHelp("With --shard: a pairs part's work directory (repeat for every part); the run clusters them and writes the report.", valueName: "dir"))
    var pairParts: [String] = []

    @Flag(help: "With --stop-after signatures: write the signature stage to standard output as a refrain.stream/1 record stream (band keys, shingle sets; see docs/stage-stream.md) instead of to --work-dir.")
    var stream = false

    @Flag(help: "Verify one slice of candidates: read a refrain.stream/1 verification stream (shingle sets and pairs) on standard input, write the verified pairs as a stream to standard output.")
    var verifyStream = false

    @Option(help: ArgumentHelp("Write the report from a refrain.stream/1 report stream (documents, units, verified pairs, components, counts) instead of reading a corpus; - for standard input.", valueName: "path"))
    var reportStream: String?

    @Option(help: ArgumentHelp("Worker threads (default: all processors). Results do not depend on it.", valueName: "n"))
    var threads: Int?

    @OptionGroup var output: OutputOptions

    /// What this run does; the rules of which options combine are the library's.
    var plan: DedupeRunPlan {
        var plan = DedupeRunPlan()
        plan.inputCount = input.paths.count
        plan.shards = shards
        plan.stopAfter = stopAfter
        plan.part = part
        plan.candidateParts = candidateParts
        plan.pairParts = pairParts
        plan.workDirectory = workDir
        plan.writesDeduped = writeDeduped != nil
        plan.htmlReport = output.resolvedFormat == .html
        plan.boilerplate = boilerplate
        plan.signatureStream = stream
        plan.verifyStream = verifyStream
        plan.reportStream = reportStream
        plan.writesToOutput = output.output != nil
        return plan
    }

    func validate() throws {
        do {
            _ = try plan.action()
        } catch .invalidOption(let message) {
            throw ValidationError(message)
        } catch {
            throw ValidationError(error.description)
        }
        do {
            try dedupeOptions.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    var dedupeOptions: DedupeOptions {
        var o = DedupeOptions()
        o.threshold = threshold
        o.shingleSize = shingleSize
        o.shingleKind = shingles
        o.permutations = permutations
        o.scheme = minhash
        o.seed = seed
        o.bands = bands
        o.rows = rows
        o.falsePositiveWeight = falsePositiveWeight
        o.falseNegativeWeight = falseNegativeWeight
        o.maxPairs = maxPairs
        o.level = level
        o.paragraphMode = paragraphMode
        o.containment = containment
        o.minContainmentShingles = minContainmentShingles
        o.verify = verify
        o.keep = keep
        o.boilerplate = boilerplate
        o.boilerplateMinDocuments = boilerplateMinDocs
        o.boilerplateMinRepeats = boilerplateMinRepeats
        o.boilerplateContentWords = boilerplateContentWords
        o.threads = threads
        return o
    }

    func run() throws {
        let options = dedupeOptions
        let action = try plan.action()
        let quiet = output.quiet
        // Every output checked (and killed runs' leftovers removed) before anything is read.
        let corpusOutput = try writeDeduped.map { path in
            try reportingErrors {
                try OutputPlan.corpusOutput(path: path, inputs: input.paths, options: input.readerOptions)
            }
        }
        try output.prepare(inputs: input.paths + shards, alsoWriting: corpusOutput.map { [$0] } ?? [])
        let readers = ReaderLog()
        let timings = StageTimings.fromEnvironment()
        let progress: (@Sendable (DedupeProgress) -> Void)?
        let read = ReadProgress(inputs: input.paths)
        if quiet && timings == nil {
            progress = nil
        } else {
            progress = { @Sendable p in
                timings?.enter(p.stage)
                if !quiet { Dedupe.showProgress(p, read: read) }
            }
        }
        let engine = DedupeEngine(options: options, workDirectory: workDir, inputFingerprint: InputFingerprint.of(input.paths, options: input.readerOptions), progress: progress)
        let passes = options.boilerplate ? 3 : 1
        let open = {
            // Warnings once: on the last pass over the corpus.
            let reader = input.makeReader(quiet: quiet || readers.count + 1 < passes)
            readers.add(reader)
            read.restart()
            return CountingSource(base: CorpusReaderSource(reader: reader), progress: read) as any DocumentBatchSource
        }
        let result: DedupeResult
        var skippedDocuments: Int? = nil
        do {
            switch action {
            case .verifyStream:
                var reader = try StageStreamReader(Console.readStandardInput(), source: "<stdin>", expected: [StageStream.Kind.verifyInput.rawValue])
                let verified = try engine.verify(stream: &reader)
                var writer = StageStreamWriter(kind: .verified, flush: Console.writeStandardOutput)
                try writer.write(.options(engine.streamOptions))
                for p in verified { try writer.write(.verified(p)) }
                try writer.finish()
                return
            case .signatureStream:
                var writer = StageStreamWriter(kind: .signatures, flush: Console.writeStandardOutput)
                try engine.streamSignatures(open: open, skipped: { readers.last?.summary.totalSkipped ?? 0 }, to: &writer)
                Console.endProgress()
                if let summary = readers.last?.summary { Console.summary(summary, quiet: quiet) }
                return
            case .reportStream(let path):
                let bytes = try path == "-" ? Console.readStandardInput() : Console.readFile(path)
                var reader = try StageStreamReader(bytes, source: path == "-" ? "<stdin>" : path, expected: [StageStream.Kind.report.rawValue, StageStream.Kind.clusteredReport.rawValue])
                let built = try engine.report(stream: &reader)
                result = built.result
                skippedDocuments = built.skippedDocuments
            case .corpus: result = try engine.run(open: open)
            case .shards: result = try engine.run(shards: shards)
            case .clusterPairs: result = try engine.run(shards: shards, pairs: pairParts)
            case .signatures, .candidates, .pairs:
                switch action {
                case .candidates(let part): try engine.runCandidates(shards: shards, part: part)
                case .pairs(let part): try engine.runPairs(shards: shards, candidates: candidateParts, part: part)
                default: try engine.runSignatures(open: open)
                }
                Console.endProgress()
                if let summary = readers.last?.summary { Console.summary(summary, quiet: quiet) }
                if !quiet, let workDir, let stopAfter {
                    Console.warn("dedupe: wrote the \(stopAfter == .signatures ? "signature stage" : "\(stopAfter.rawValue) part \(part)") to \(workDir)")
                }
                return
            }
        } catch let error as CorpusError {
            Console.endProgress()
            Console.error(error)
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
        // The corpus is staged and published with the report (report last), as one run.
        let corpus = try writeDeduped.map { path in
            try reportingErrors {
                try CorpusWriter.stage(inputs: input.paths, options: input.readerOptions, edit: result.edits.edit, to: path)
            }
        }
        if let summary { Console.summary(summary, quiet: quiet) }
        if !quiet { Console.warn(Dedupe.describe(result)) }
        // HTML shows members in their paragraphs: re-read only the documents the report names.
        try output.write(report, threads: options.resolvedThreads, publishingFirst: corpus.map { [$0] } ?? [],
                         published: { if !quiet, let corpus { Console.warn(corpus.summary.description) } }) {
            let ids = Set(report.clusters.flatMap { $0.members.map(\.doc) })
            return try ReportDocuments.read(input.makeReader(quiet: true), keeping: ids)
        }
    }

    static func showProgress(_ p: DedupeProgress, read: ReadProgress) {
        if p.documents == 0 {
            Console.progress("\(p.stage)…")
        } else {
            Console.progress("\(p.stage): " + Plural.count(p.documents, "document") + ", " + Console.describe(read, documents: p.documents))
        }
    }

    /// `dedupe: 1 document, 0 candidates, ...`, with the units left unmatched as empty named.
    static func describe(_ result: DedupeResult) -> String {
        let c = result.counts
        let unit = result.options.level == .paragraph ? "paragraph" : "document"
        var line = "dedupe: " + Plural.count(c.units, unit)
        if c.emptyUnits > 0 {
            // (A clustered report stream holds no empty units: then only their count.)
            let names = Array(result.units.lazy.filter { $0.status == .empty }.prefix(5).map { result.documents[$0.document].id })
            line += names.isEmpty ? " (\(c.emptyUnits) empty, without words)"
                : " (\(c.emptyUnits) empty, without words: " + names.joined(separator: ", ")
                + (c.emptyUnits > names.count ? " and \(c.emptyUnits - names.count) more" : "") + ")"
        }
        return line + ", " + [Plural.count(c.candidates, "candidate"), Plural.count(c.pairs, "pair"),
                              Plural.count(c.clusters, "cluster"), Plural.count(c.duplicates, "duplicate")].joined(separator: ", ")
    }
}

/// Counts the documents a source hands on, for the progress line.
private struct CountingSource: DocumentBatchSource {
    var base: CorpusReaderSource
    let progress: ReadProgress
    mutating func nextBatch() throws -> [Document] {
        let batch = try base.nextBatch()
        progress.add(batch)
        return batch
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
