import ArgumentParser
import Foundation
import RefrainCorpus
import RefrainMatch
import RefrainReport
import RefrainParallel

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

        With --queries, json writes one JSON array of refrain.find/1 reports, one per quote in \
        order; jsonl writes each report's messages in turn (a header line opens each).

        Exit codes: 0 success, 1 runtime error, 2 usage error, 3 matches found with --fail-on-match.
        """)

    @Argument(help: ArgumentHelp("The quote to look for (with --queries: a file of quotes, one per line).", valueName: "quote"))
    var quote: String

    @Flag(help: "Read the quotes from the file named by <quote>, one per line: writes a report per quote, in order (see below), and prints latency percentiles on standard error.")
    var queries = false

    @OptionGroup var input: InputOptions

    /// The library's defaults, which the options below show and start from.
    private static let defaults = FindOptions()

    @Option(help: ArgumentHelp("Search this index (built by `refrain index`) instead of reading the inputs.", valueName: "dir"))
    var index: String?

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

    /// `--queries`: one report per line of the file, as JSON Lines; latency on standard error.
    func runBatch(_ file: String, input: InputOptions) throws {
        let lines: [String]
        do {
            lines = try String(contentsOfFile: file, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        } catch {
            Console.warn("error: cannot read \(file): \(error.localizedDescription)")
            throw ExitStatus.runtimeError
        }
        let opened = try MatchInputs.open(index: index, input: input, terms: terms.options, threads: threads.count, quiet: output.quiet)
        let finder = QuoteFinder(index: opened.index, options: findOptions)
        let parameters = FindReport.Parameters(
            minScore: minScore, limit: limit, stem: opened.index.termOptions.stem, stopwords: opened.index.termOptions.stopwords,
            index: opened.index.directory)
        var reports: [FindReport] = []
        var latencies: [Double] = []
        var total = 0
        let clock = ContinuousClock()
        for line in lines {
            var matches: [FindMatch] = []
            let elapsed = try clock.measure { matches = try reportingErrors { try finder.find(line) } }
            latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            let report = try reportingErrors { try FindReport(query: line, matches: matches, index: opened.index, parameters: parameters) }
            total += report.matches.count
            reports.append(report)
        }
        if !output.quiet && !latencies.isEmpty {
            Console.warn("find: \(lines.count) quer\(lines.count == 1 ? "y" : "ies") over \(Plural.count(opened.index.documentCount, "document")), \(total) match\(total == 1 ? "" : "es"); latency ms: \(LatencySummary(milliseconds: latencies))")
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
        if index == nil { try input.requirePaths() }
    }

    func run() throws {
        try output.prepare(inputs: input.paths + (index.map { [$0] } ?? []))  // before any reading
        if queries { return try runBatch(quote, input: input) }
        let opened = try MatchInputs.open(index: index, input: input, terms: terms.options, threads: threads.count, quiet: output.quiet)
        let matches = try reportingErrors { try QuoteFinder(index: opened.index, options: findOptions).find(quote) }
        let parameters = FindReport.Parameters(
            minScore: minScore, limit: limit, stem: opened.index.termOptions.stem, stopwords: opened.index.termOptions.stopwords,
            index: opened.index.directory)
        let report = try reportingErrors { try FindReport(query: quote, matches: matches, index: opened.index, parameters: parameters) }
        if !output.quiet { Console.warn("find: \(Plural.count(opened.index.documentCount, "document")), \(report.matches.count) match\(report.matches.count == 1 ? "" : "es")") }
        try output.write(report, threads: threads.count, documents: { try MatchInputs.documents(Set(matches.map(\.document)), in: opened.index) })
    }
}

/// Term options shared by `find`, `quotes` and `index`.
struct TermFlags: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Stem English words so inflected forms match (sanction, sanctioned).")
    var stem = true

    @Flag(inversion: .prefixedNo, help: "Give English stopwords a low weight and keep them out of the index keys.")
    var stopwords = true

    @Option(help: ArgumentHelp("How paragraphs are found for quotes: auto (blank lines if any, else every line), blank-lines or line-breaks.", valueName: "mode"))
    var paragraphs: QuoteParagraphMode = QuoteExtractionOptions().paragraphMode

    var options: TermOptions { TermOptions(stem: stem, stopwords: stopwords) }
    var paragraphMode: QuoteParagraphMode { paragraphs }
}

/// `--threads`, shared by `find`, `quotes` and `index`.
struct ThreadFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Worker threads (default: every core). Results are the same for any count.", valueName: "n"))
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// The thread count to use.
    var count: Int { threads ?? Parallel.allCores }
}

/// Opening the documents `find` and `quotes` work on, and writing their JSON.
enum MatchInputs {
    /// An index: the one named by `--index` (or given as the only path), else the inputs indexed in memory.
    static func open(index: String?, input: InputOptions, terms: TermOptions, threads: Int, quiet: Bool) throws -> (index: MatchIndex, reused: Bool) {
        var directory = index
        if directory == nil, input.paths.count == 1, MatchIndex.isIndex(at: input.paths[0]) { directory = input.paths[0] }
        if let directory {
            do {
                let opened = try MatchIndex.open(directory)
                if opened.termOptions != terms && !quiet {
                    Console.warn("note: using the index's term options (stem: \(opened.termOptions.stem), stopwords: \(opened.termOptions.stopwords))")
                }
                return (opened, true)
            } catch {
                Console.warn("error: \(error)")
                throw ExitStatus.runtimeError
            }
        }
        let reader = input.makeReader(quiet: quiet)
        var documents: [Document] = []
        try reportingErrors {
            while let d = try reader.next() {
                documents.append(d)
                if !quiet && documents.count % 10_000 == 0 { Console.progress("read \(documents.count) documents") }
            }
        }
        Console.endProgress()
        Console.summary(reader.summary, quiet: quiet)
        return (MatchIndex(documents: documents, termOptions: terms, threads: threads), false)
    }

    /// The documents numbered `numbers` in `index`, for the HTML report to show passages in place.
    static func documents(_ numbers: Set<Int>, in index: MatchIndex) throws(MatchIndexError) -> ReportDocuments {
        ReportDocuments(try numbers.sorted().map { n throws(MatchIndexError) in
            let d = try index.document(n)
            return Document(ordinal: n, id: d.id, text: d.text, source: d.source, date: d.date, url: d.url, title: d.title,
                            origin: .init(path: d.path, line: d.line))
        })
    }
}
