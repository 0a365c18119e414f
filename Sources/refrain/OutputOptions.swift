import ArgumentParser
import RefrainCorpus
import RefrainParallel
import RefrainReport


/// The output options every reporting command shares: where the report goes, in which format,
/// whether a match fails the run, and whether to talk.
///
/// Data goes to standard output (or `--output`); warnings, progress and the end-of-run summary go
/// to standard error. Exit codes: 0 success, 1 runtime error, 2 usage error, 3 with
/// `--fail-on-match` when anything matched.
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp(
        "Write the report to this file (replaced atomically) instead of standard output; - is standard output.",
        valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp(
        "Report format: json (one document), jsonl (one JSON object per line: header, one per cluster or match, summary) or html (a self-contained page). Default: from the --output file's extension (.html, .jsonl/.ndjson, .json), else json.",
        valueName: "format"))
    var format: ReportFormat?

    @Flag(help: "Exit with status 3 when anything matched (duplicate clusters, matches, quote clusters): for CI checks.")
    var failOnMatch = false

    @Flag(name: [.short, .long], help: "Print no progress, warnings or summary on standard error (errors still are).")
    var quiet = false

    func validate() throws {
        if let output, output.isEmpty { throw ValidationError("--output needs a file name (or - for standard output)") }
        if let output, output.hasSuffix("/") { throw ValidationError("--output names a directory: \(output)") }
    }

    /// The format to write: `--format`, else what the output file name suggests, else JSON.
    var resolvedFormat: ReportFormat {
        format ?? output.flatMap { ReportFormat(fileName: $0) } ?? .json
    }

    /// Where the report goes.
    var destination: ReportWriter.Destination { ReportWriter.Destination(path: output) }

    /// Whether the report needs the documents' texts (HTML shows passages in their paragraphs).
    /// Commands that do not keep texts re-read just the documents the report names only then.
    var needsDocuments: Bool { resolvedFormat == .html }

    /// Checks the report's destination and `alsoWriting` against `inputs` and the file system
    /// (see ``OutputPlan``), then removes what killed runs left beside them. Call before reading.
    /// - Throws: exit code 1, after the message, when an output cannot be written as planned.
    func prepare(inputs: [String], alsoWriting others: [OutputPlan.Output] = []) throws {
        var outputs = others
        if case .file(let path) = destination { outputs.insert(OutputPlan.Output(role: "report", path: path), at: 0) }
        let plan = OutputPlan(inputs: inputs, outputs: outputs)
        try reportingErrors { try plan.check() }
        for path in plan.removeStaleTemporaries() where !quiet {
            Console.warn("note: removed \(path), left by a run that was killed before it finished")
        }
    }

    /// Writes `report` in the chosen format to the chosen destination, then applies
    /// `--fail-on-match`. `publishingFirst` are other outputs of the run, complete under their
    /// temporary names: they are renamed into place just before the report, with one run id
    /// (``OutputCommit``), and `published` is called once they all are.
    ///
    /// - Parameters:
    ///   - report: the report.
    ///   - html: page layout options.
    ///   - threads: threads encoding the report (the bytes do not depend on it).
    ///   - documents: the texts an HTML page shows passages within; called only for `--format html`.
    /// - Throws: exit code 1 (after printing the error) when writing fails; exit code 3 when
    ///   `--fail-on-match` is set and the report has matches.
    func write<Report: RenderableReport>(
        _ report: Report, html: HTMLOptions = HTMLOptions(), threads: Int = Parallel.allCores,
        publishingFirst staged: [any StagedOutput] = [], published: () -> Void = {},
        documents: () throws -> ReportDocuments = { ReportDocuments() }
    ) throws {
        let texts = resolvedFormat == .html ? try reportingErrors(documents) : ReportDocuments()
        try deliver(Report.self, matchCount: report.matchCount, html: html, threads: threads, publishingFirst: staged,
                    published: published) { writer throws(ReportError) in
            try writer.stage(report, documents: texts)
        }
    }

    /// Writes several reports of one kind (one per query) in the chosen format (json: an array of
    /// the reports; jsonl: each report's messages in turn), then applies `--fail-on-match` to
    /// their matches together.
    func write<Report: RenderableReport>(batch reports: [Report], threads: Int = Parallel.allCores) throws {
        try deliver(Report.self, matchCount: reports.reduce(0) { $0 + $1.matchCount }, threads: threads) { writer throws(ReportError) in
            try writer.write(batch: reports)
            return nil
        }
    }

    private func deliver<Report: RenderableReport>(
        _: Report.Type, matchCount: Int, html: HTMLOptions = HTMLOptions(), threads: Int = Parallel.allCores,
        publishingFirst staged: [any StagedOutput] = [], published: () -> Void = {},
        _ body: (ReportWriter) throws(ReportError) -> AtomicFileWriter?
    ) throws {
        let format = resolvedFormat
        do throws(any Error) {
            // The report is staged, then published after the run's other outputs (``OutputCommit``).
            var outputs = staged
            if let file = try body(ReportWriter(format: format, destination: destination, html: html, threads: threads)) {
                outputs.append(file)
            }
            try OutputCommit().publish(outputs)
        } catch {
            for output in staged { output.abort() }
            Console.warn("error: \(error)")
            throw ExitStatus.runtimeError
        }
        published()
        if !quiet, case .file(let path) = destination {
            Console.warn("wrote \(format.rawValue) report to \(path)")
        }
        if failOnMatch && matchCount > 0 {
            if !quiet {
                let noun = Report.kind.recordType == "match" ? (matchCount == 1 ? "match" : "matches") : (matchCount == 1 ? "cluster" : "clusters")
                Console.warn("--fail-on-match: \(matchCount) \(noun) found")
            }
            throw ExitStatus.matchFound
        }
    }
}
