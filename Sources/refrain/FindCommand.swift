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
        story" and a bare "fake news". The JSON report (schema refrain.find/1) lists each passage \
        with its byte range and exact text, a score in [0, 1], the speaker when the passage is an \
        attributed quote (else null), and the aligned tokens.

        Inputs are indexed in memory; for repeated queries on a large corpus build an index once \
        with `refrain index` and give its directory as the path (or with --index).

        Examples:
          refrain find "another bit of fake news" Corpora/dprk-ukraine-2024
          refrain find "highly likely" news.jsonl --min-score 0.5 --limit 50
          refrain index news.jsonl --out news.idx
          refrain find "This might even be a driving factor" news.idx
          refrain find "fake news" Corpora/dprk-ukraine-2024 --fail-on-match --quiet
          refrain find --queries quotes.txt news.idx --output matches.jsonl

        Exit codes: 0 success, 1 runtime error, 2 usage error, 3 matches found with --fail-on-match.
        """)

    @Argument(help: ArgumentHelp("The quote to look for (with --queries: a file of quotes, one per line).", valueName: "quote"))
    var quote: String

    @Flag(help: "Read the quotes from the file named by <quote>, one per line: writes JSON Lines, one compact refrain.find/1 report per quote, in order, and prints latency percentiles on standard error.")
    var queries = false

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("Search this index (built by `refrain index`) instead of reading the inputs.", valueName: "dir"))
    var index: String?

    @Option(help: ArgumentHelp("Drop matches scoring below this, in [0, 1].", valueName: "score"))
    var minScore: Double = 0.3

    @Option(help: ArgumentHelp("Report at most this many matches, best first (0: all).", valueName: "n"))
    var limit: Int = 20

    @Option(help: ArgumentHelp("Documents aligned per query (the best candidates by shared terms).", valueName: "n"))
    var candidates: Int = 200

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
        var out = Data()
        var latencies: [Double] = []
        var total = 0
        let clock = ContinuousClock()
        for line in lines {
            var matches: [FindMatch] = []
            let elapsed = try clock.measure { matches = try reportingErrors { try finder.find(line) } }
            latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            let report = try reportingErrors { try FindReport(query: line, matches: matches, index: opened.index, parameters: parameters) }
            total += report.matches.count
            out.append(try report.jsonData(pretty: false))
        }
        if !output.quiet && !latencies.isEmpty {
            let sorted = latencies.sorted()
            func pct(_ p: Double) -> String { String(format: "%.2f", sorted[min(sorted.count - 1, Int(p * Double(sorted.count - 1) + 0.5))]) }
            Console.warn("find: \(lines.count) queries over \(opened.index.documentCount) documents, \(total) matches; latency ms: median \(pct(0.5)), p90 \(pct(0.9)), p99 \(pct(0.99)), max \(pct(1))")
        }
        try MatchInputs.writeJSON(out, matchCount: total, noun: ("match", "matches"), output: output, allowed: [.json, .jsonl])
    }

    func validate() throws {
        if quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("the quote is empty") }
        if !(0...1).contains(minScore) { throw ValidationError("--min-score must be in [0, 1]") }
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
        if candidates < 1 { throw ValidationError("--candidates must be positive") }
        if index == nil { try input.requirePaths() }
    }

    func run() throws {
        if queries { return try runBatch(quote, input: input) }
        let opened = try MatchInputs.open(index: index, input: input, terms: terms.options, threads: threads.count, quiet: output.quiet)
        let matches = try reportingErrors { try QuoteFinder(index: opened.index, options: findOptions).find(quote) }
        let parameters = FindReport.Parameters(
            minScore: minScore, limit: limit, stem: opened.index.termOptions.stem, stopwords: opened.index.termOptions.stopwords,
            index: opened.index.directory)
        let report = try reportingErrors { try FindReport(query: quote, matches: matches, index: opened.index, parameters: parameters) }
        if !output.quiet { Console.warn("find: \(opened.index.documentCount) documents, \(report.matches.count) matches") }
        try output.write(report, threads: threads.count) { try MatchInputs.documents(Set(matches.map(\.document)), in: opened.index) }
    }
}

/// Term options shared by `find`, `quotes` and `index`.
struct TermFlags: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Stem English words so inflected forms match (sanction, sanctioned).")
    var stem = true

    @Flag(inversion: .prefixedNo, help: "Give English stopwords a low weight and keep them out of the index keys.")
    var stopwords = true

    @Option(help: ArgumentHelp("How paragraphs are found for quotes: auto (blank lines if any, else every line), blank-lines or line-breaks.", valueName: "mode"))
    var paragraphs: String = "auto"

    func validate() throws {
        if QuoteParagraphMode(rawValue: paragraphs) == nil {
            throw ValidationError("--paragraphs must be auto, blank-lines or line-breaks, not '\(paragraphs)'")
        }
    }

    var options: TermOptions { TermOptions(stem: stem, stopwords: stopwords) }
    var paragraphMode: QuoteParagraphMode { QuoteParagraphMode(rawValue: paragraphs) ?? .auto }
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
        if directory == nil, input.paths.count == 1, isIndex(input.paths[0]) { directory = input.paths[0] }
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

    /// Whether `path` is an index directory.
    static func isIndex(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(MatchIndex.manifestName))
    }

    /// Writes a JSON report to `--output` (atomically) or standard output, then applies `--fail-on-match`.
    static func writeJSON(_ data: Data, matchCount: Int, noun: (String, String), output: OutputOptions, allowed: Set<ReportFormat> = [.json]) throws {
        guard allowed.contains(output.resolvedFormat) else {
            Console.warn("error: --format \(output.resolvedFormat.rawValue) is not available for this command yet; use json")
            throw ExitStatus.usageError
        }
        switch output.destination {
        case .file(let path):
            do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                Console.warn("error: cannot write \(path): \(error.localizedDescription)")
                throw ExitStatus.runtimeError
            }
            if !output.quiet { Console.warn("wrote json report to \(path)") }
        default:
            Console.write(String(decoding: data, as: UTF8.self))
        }
        if output.failOnMatch && matchCount > 0 {
            if !output.quiet { Console.warn("--fail-on-match: \(matchCount) \(matchCount == 1 ? noun.0 : noun.1) found") }
            throw ExitStatus.matchFound
        }
    }
}
