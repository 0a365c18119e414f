/// What one dedupe run does, decided from what it was given: a corpus or the work directories of
/// earlier stages, where it stops, and which part of a partitioned stage it runs.
///
/// It owns the rules of which combine (the CLI only fills it in), so every front end refuses the
/// same combinations with the same messages. ``action()`` checks the rules and says what to run:
///
/// | given | action |
/// |---|---|
/// | input paths | ``Action/corpus``: every stage, the report |
/// | input paths, `stopAfter: .signatures`, a work directory | ``Action/signatures``: one shard's signature stage |
/// | shards | ``Action/shards``: the shards merged, the remaining stages, the report |
/// | shards, `stopAfter: .candidates`, a part, a work directory | ``Action/candidates(_:)`` |
/// | shards, candidates parts, `stopAfter: .pairs`, a part, a work directory | ``Action/pairs(_:)`` |
/// | shards, pairs parts | ``Action/clusterPairs``: the pairs clustered, the report |
/// | input paths, `stopAfter: .signatures`, `signatureStream` | ``Action/signatureStream``: one shard's signatures as a stream on standard output |
/// | `verifyStream` | ``Action/verifyStream``: a verification stream in, verified pairs out |
/// | `reportStream` | ``Action/reportStream(_:)``: the report from a report stream |
///
/// Boilerplate detection counts lines across the whole corpus, so it runs only with
/// ``Action/corpus``. See `docs/dedupe-stages.md` for the protocol of a sharded run.
public struct DedupeRunPlan: Sendable, Hashable {
    /// A stage a run can stop after, leaving its files in the work directory.
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        /// The signature stage of one shard of the corpus.
        case signatures
        /// One part of the candidate stage, over shards.
        case candidates
        /// One part of the verification stage, over shards and every candidates part.
        case pairs
    }

    /// What the run does.
    public enum Action: Sendable, Hashable {
        /// Read the corpus, run every stage, write the report.
        case corpus
        /// Read the corpus (a shard of it) and stop after its signature stage.
        case signatures
        /// Band part `StagePart` of the merged shards and stop.
        case candidates(StagePart)
        /// Verify slice `StagePart` of the union of the candidates parts and stop.
        case pairs(StagePart)
        /// Merge the shards and run the remaining stages.
        case shards
        /// Merge the shards and the pairs parts, cluster, write the report.
        case clusterPairs
        /// Read the corpus and write its signature stage as a ``StageStream`` to standard output.
        case signatureStream
        /// Verify the pairs of a verification stream on standard input; write them as a stream.
        case verifyStream
        /// Write the report from the report stream at the path (`-`: standard input).
        case reportStream(String)

        /// Whether the run ends with a report (else it ends with files in the work directory).
        public var writesReport: Bool {
            switch self {
            case .corpus, .shards, .clusterPairs, .reportStream: return true
            case .signatures, .candidates, .pairs, .signatureStream, .verifyStream: return false
            }
        }
    }

    /// How many input paths (files, directories, `-`) were given.
    public var inputCount = 0
    /// Work directories of signature stages to merge, in corpus order.
    public var shards: [String] = []
    /// The stage to stop after, if any.
    public var stopAfter: Stage?
    /// The part of a partitioned stage to run. Default: the whole stage.
    public var part = StagePart.whole
    /// Work directories of the candidates parts (for `stopAfter: .pairs`).
    public var candidateParts: [String] = []
    /// Work directories of the pairs parts to cluster.
    public var pairParts: [String] = []
    /// The work directory, if one was given.
    public var workDirectory: String?
    /// Whether the deduplicated corpus is to be written (it needs the corpus).
    public var writesDeduped = false
    /// Whether the report is an HTML page (it shows the documents' text, so needs the corpus).
    public var htmlReport = false
    /// Whether boilerplate detection is on.
    public var boilerplate = false
    /// Whether the signature stage goes to standard output as a stream (with `stopAfter: .signatures`).
    public var signatureStream = false
    /// Whether the run verifies a verification stream.
    public var verifyStream = false
    /// The report stream to write the report from, if any.
    public var reportStream: String?
    /// Whether an output file was given (the verification stream goes to standard output).
    public var writesToOutput = false

    /// A plan with nothing given; set the properties, then call ``action()``.
    public init() {}

    /// Checks the combination and says what to run.
    /// - Throws: ``DedupeError/invalidOption(_:)`` with a message naming the options that do not
    ///   combine (the CLI's usage error, exit code 2).
    public func action() throws(DedupeError) -> Action {
        if verifyStream || reportStream != nil {
            if verifyStream && reportStream != nil { throw .invalidOption("give --verify-stream or --report-stream, not both") }
            if inputCount > 0 || !shards.isEmpty || stopAfter != nil || workDirectory != nil || writesDeduped
                || !candidateParts.isEmpty || !pairParts.isEmpty || part != .whole || signatureStream {
                throw .invalidOption("--verify-stream and --report-stream read a stream; no inputs, --shard, --stop-after, --work-dir, --write-deduped, --candidates, --pairs or --part go with them")
            }
            if boilerplate { throw .invalidOption("--boilerplate counts lines across the whole corpus; it does not go with streams") }
            if let path = reportStream {
                if htmlReport { throw .invalidOption("an HTML report shows the documents' text; it does not go with --report-stream") }
                return .reportStream(path)
            }
            if writesToOutput { throw .invalidOption("--verify-stream writes its stream to standard output; no --output goes with it") }
            return .verifyStream
        }
        if signatureStream {
            if stopAfter != .signatures { throw .invalidOption("--stream goes with --stop-after signatures") }
            if workDirectory != nil { throw .invalidOption("--stream writes to standard output; no --work-dir goes with it") }
            if inputCount == 0 { throw .invalidOption("give at least one input path (or - for standard input)") }
            if !shards.isEmpty { throw .invalidOption("--stop-after signatures reads a corpus; it does not go with --shard") }
            if writesDeduped { throw .invalidOption("--write-deduped does not go with --stop-after") }
            if boilerplate { throw .invalidOption("--boilerplate counts lines across the whole corpus; it does not go with --stop-after or --shard") }
            return .signatureStream
        }
        let partial = stopAfter == .candidates || stopAfter == .pairs
        if shards.isEmpty {
            if inputCount == 0 { throw .invalidOption("give at least one input path (or - for standard input)") }
            if partial || !candidateParts.isEmpty || !pairParts.isEmpty {
                throw .invalidOption("--stop-after candidates or pairs, --candidates and --pairs work on --shard directories; give them")
            }
        } else {
            if inputCount > 0 { throw .invalidOption("give either input paths or --shard directories, not both") }
            if workDirectory != nil && !partial {
                throw .invalidOption("--shard reads work directories; --work-dir goes with it only for --stop-after candidates or pairs")
            }
            if writesDeduped { throw .invalidOption("--write-deduped needs the corpus; it does not go with --shard") }
            if htmlReport { throw .invalidOption("an HTML report shows the documents' text; it does not go with --shard") }
        }
        if let stopAfter {
            if workDirectory == nil { throw .invalidOption("--stop-after \(stopAfter.rawValue) writes to --work-dir; give one") }
            if stopAfter == .signatures && !shards.isEmpty {
                throw .invalidOption("--stop-after signatures reads a corpus; it does not go with --shard")
            }
        }
        if part != .whole && !partial { throw .invalidOption("--part goes with --stop-after candidates or pairs") }
        if (stopAfter == .pairs) != !candidateParts.isEmpty {
            throw .invalidOption("--stop-after pairs verifies candidates parts: give it every --candidates directory (and --candidates only to it)")
        }
        if !pairParts.isEmpty && stopAfter != nil {
            throw .invalidOption("--pairs directories are merged into the report; no --stop-after goes with them")
        }
        if boilerplate && (stopAfter != nil || !shards.isEmpty) {
            throw .invalidOption("--boilerplate counts lines across the whole corpus; it does not go with --stop-after or --shard")
        }
        switch stopAfter {
        case .signatures: return .signatures
        case .candidates: return .candidates(part)
        case .pairs: return .pairs(part)
        case nil: return shards.isEmpty ? .corpus : pairParts.isEmpty ? .shards : .clusterPairs
        }
    }
}
