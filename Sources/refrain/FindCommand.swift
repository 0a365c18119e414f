import ArgumentParser
import Foundation
import RefrainMatch
import RefrainReport

/// `refrain find`: every passage that matches a quote, quoted or not, ranked.
struct Find: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find every passage that matches a quote, quoted or not, ranked by alignment score.",
        discussion: """
        The quote and the documents become normalized, stemmed terms. Candidate documents come from \
        an inverted index of content terms and term pairs; each is aligned with the quote \
        (Smith-Waterman local alignment, gaps weighted by word rarity), so reworded, shortened or \
        lengthened variants are found: "another bit of fake news" finds "yet another fake news \
        story" and a bare "fake news". A quote-length query scores by its rarity-weighted coverage \
        times the share of its distinct content terms matched, so one word of a longer quote (a \
        "News" link in site navigation) falls far below the default --min-score. The JSON report \
        (schema refrain.find/2) lists each passage with its byte range and exact text, a score in \
        [0, 1], the matched and query terms, the speaker when the passage is an attributed quote \
        (else null), and the aligned tokens.

        Inputs are indexed in memory; for repeated queries on a large corpus build an index once \
        with `refrain index` and give its directory as the path (or with --index).

        Examples:
          refrain find "another bit of fake news" Corpora/dprk-ukraine-2024
          refrain find "highly likely" news.jsonl --min-score 0.5 --limit 50
          refrain index news.jsonl --out news.idx
          refrain find "This might even be a driving factor" news.idx
          refrain find "fake news" Corpora/dprk-ukraine-2024 --fail-on-match --quiet
          refrain find --queries quotes.txt news.idx --output matches.jsonl

        With --queries, json writes one JSON array of refrain.find/2 reports, one per quote in \
        order; jsonl writes each report's messages in turn (a header line opens each).

        Exit codes: 0 success, 1 runtime error, 2 usage error, 3 matches found with --fail-on-match.
        """)

    @Argument(help: ArgumentHelp("The quote to look for (with --queries: a file of quotes, one per line).", valueName: "quote"))
    var quote: String

    @Flag(help: "Read the quotes from the file named by <quote>, one per line: writes a report per quote, in order (see below), and prints latency percentiles on standard error.")
    var queries = false

    @OptionGroup var inputs: MatchInputOptions

    /// The library's defaults, which the options below show and start from.
    private static let defaults = FindOptions()

    @Option(help: ArgumentHelp("Drop matches scoring below this, in [0, 1].", valueName: "score"))
    var minScore: Double = Find.defaults.minScore

    @Option(help: ArgumentHelp("Report at most this many matches, best first (0: all).", valueName: "n"))
    var limit: Int = Find.defaults.limit

    @Option(help: ArgumentHelp("Documents aligned per query (the best candidates by shared terms).", valueName: "n"))
    var candidates: Int = Find.defaults.maxCandidates

    @OptionGroup var terms: TermFlags

    @OptionGroup var threads: ThreadFlags

    @OptionGroup var output: OutputOptions

    var findOptions: FindOptions {
        var options = FindOptions()
        options.threads = threads.count
        options.minScore = minScore
        options.limit = limit
        options.maxCandidates = candidates
        options.extraction.paragraphMode = terms.paragraphMode
        return options
    }

    /// `--queries`: a report per line of the file, written together (json: an array; jsonl: each
    /// report's messages in turn); latency percentiles on standard error.
    func runBatch(_ file: String, source: MatchSource) throws {
        let lines: [String]
        do {
            lines = try String(contentsOfFile: file, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        } catch {
            Console.warn("error: cannot read \(file): \(error.localizedDescription)")
            throw ExitStatus.runtimeError
        }
        let index = try source.open(quiet: output.quiet)
        let finder = QuoteFinder(index: index, options: findOptions)
        let parameters = FindReport.Parameters(options: findOptions, index: index)
        var reports: [FindReport] = []
        var latencies: [Double] = []
        var total = 0
        let clock = ContinuousClock()
        for line in lines {
            var matches: [FindMatch] = []
            let elapsed = try clock.measure { matches = try reportingErrors { try finder.find(line) } }
            latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            let report = try reportingErrors { try FindReport(query: line, matches: matches, index: index, parameters: parameters) }
            total += report.matches.count
            reports.append(report)
        }
        if !output.quiet && !latencies.isEmpty {
            Console.warn("find: \(lines.count) quer\(lines.count == 1 ? "y" : "ies") over \(Plural.count(index.documentCount, "document")), \(total) match\(total == 1 ? "" : "es"); latency ms: \(LatencySummary(milliseconds: latencies))")
        }
        try output.write(batch: reports, threads: threads.count)
    }

    func validate() throws {
        if quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("the quote is empty") }
        do {
            try findOptions.validate()
        } catch {
            throw ValidationError(error.description)
        }
        if queries && output.resolvedFormat == .html {
            throw ValidationError("--queries writes a report per quote: use --format json or jsonl, not html")
        }
        try inputs.requireInputs()
    }

    func run() throws {
        let source = inputs.source(terms: terms, threads: threads)
        try output.prepare(inputs: source.paths)  // before any reading
        if queries { return try runBatch(quote, source: source) }
        let index = try source.open(quiet: output.quiet)
        let options = findOptions
        let matches = try reportingErrors { try QuoteFinder(index: index, options: options).find(quote) }
        let parameters = FindReport.Parameters(options: options, index: index)
        let report = try reportingErrors { try FindReport(query: quote, matches: matches, index: index, parameters: parameters) }
        if !output.quiet { Console.warn("find: \(Plural.count(index.documentCount, "document")), \(report.matches.count) match\(report.matches.count == 1 ? "" : "es")") }
        try output.write(report, threads: threads.count, documents: { try ReportDocuments(Set(matches.map(\.document)), in: index) })
    }
}
