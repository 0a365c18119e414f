import ArgumentParser
import Foundation
import RefrainCorpus
import RefrainMatch
import RefrainReport

/// `refrain quotes`: every quote, attributed, clustered into variants across outlets.
struct Quotes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract every quote, attribute it to its speaker, and cluster the variants of each statement across documents.",
        discussion: """
        Quotes are found between quotation marks of every common style (nested, split by their \
        attribution, running on across paragraphs, with damaged marks), attributed from the text \
        around them ("X said", "said X", "according to X", "X, a professor at ..., told AFP", "he said", \
        "the minister said") with a confidence, and speaker names are unified across outlets \
        ("Lim Eul-chul" = "Eul-Chul Lim", "Peskov" = "Dmitry Peskov"). Variants of one statement \
        by one speaker form a cluster; the same words from different speakers stay separate \
        clusters, linked. After clustering, each attributed statement of six content words or more is \
        aligned with the whole corpus, and passages that reprint it without quotation marks join its \
        cluster as `unmarked` variants, their speaker inferred (--no-unmarked turns this off). The \
        JSON report (schema refrain.quotes/2) lists clusters with speaker, canonical wording, \
        variants (byte ranges, exact text, and three scores against the canonical wording: \
        similarity, coverage, containment), outlets (the source, else the URL's host, else the \
        document id, labelled as such) and first appearance by document date (JSON Lines `date`, or \
        a text file's `date:` header line or dateline).

        Examples:
          refrain quotes Corpora/dprk-ukraine-2024.jsonl --format html -o quotes.html
          refrain quotes Corpora/dprk-ukraine-2024 --no-unmarked
          refrain quotes news.jsonl --date-field published --min-variants 2
          refrain quotes news.idx -o quotes.json     # an index built by refrain index

        Exit codes: 0 success, 1 runtime error, 2 usage error, 3 clusters found with --fail-on-match.
        """)

    @OptionGroup var inputs: MatchInputOptions

    /// The library's defaults, which the options below show and start from.
    private static let defaults = ClusterOptions()

    @Option(help: ArgumentHelp("Similarity two quotes of one speaker need to be variants, in (0, 1].", valueName: "s"))
    var minSimilarity: Double = Quotes.defaults.minSimilarity

    @Option(help: ArgumentHelp("Alignment similarity that links clusters of different speakers, in (0, 1].", valueName: "s"))
    var linkSimilarity: Double = Quotes.defaults.linkSimilarity

    @Option(help: ArgumentHelp("Report only clusters with at least this many variants.", valueName: "n"))
    var minVariants: Int = 1

    @Flag(help: "Also report the unattributed scare quotes (one to three words set off in a sentence) that join no attributed statement.")
    var scareQuotes = false

    @Flag(inversion: .prefixedNo, help: "Look for passages that reprint a statement without quotation marks and add them as unmarked variants.")
    var unmarked = Quotes.defaults.findUnmarked

    @Flag(help: "Link one speaker's clusters in different documents that share two or more numbers or names: perhaps one statement translated or paraphrased. A link, never a merge.")
    var paraphraseLinks = false

    @Option(help: ArgumentHelp("Share of the canonical wording an unmarked passage must hold, in (0, 1].", valueName: "s"))
    var unmarkedCoverage: Double = Quotes.defaults.unmarkedMinCoverage

    @Option(help: ArgumentHelp("Similarity to the canonical wording an unmarked passage needs, in (0, 1].", valueName: "s"))
    var unmarkedSimilarity: Double = Quotes.defaults.unmarkedMinSimilarity

    @OptionGroup var terms: TermFlags

    @OptionGroup var threads: ThreadFlags

    @OptionGroup var output: OutputOptions

    var clusterOptions: ClusterOptions {
        var options = ClusterOptions()
        options.minSimilarity = minSimilarity
        options.linkSimilarity = linkSimilarity
        options.keepUnattributedScareQuotes = scareQuotes
        options.findUnmarked = unmarked
        options.paraphraseLinks = paraphraseLinks
        options.unmarkedMinCoverage = unmarkedCoverage
        options.unmarkedMinSimilarity = unmarkedSimilarity
        options.threads = threads.count
        options.extraction.paragraphMode = terms.paragraphMode
        return options
    }

    func validate() throws {
        do {
            try clusterOptions.validate()
        } catch {
            throw ValidationError(error.description)
        }
        if minVariants < 1 { throw ValidationError("--min-variants must be at least 1") }
        try inputs.requireInputs()
    }

    func run() throws {
        let source = inputs.source(terms: terms, threads: threads)
        try output.prepare(inputs: source.paths)  // before any reading
        let index = try source.open(quiet: output.quiet)
        let options = clusterOptions
        let quiet = output.quiet
        let total = index.documentCount
        let clusters = try reportingErrors {
            try QuoteClusterer(index: index, options: options).cluster(progress: quiet ? nil : { n in
                Console.progress("quotes: \(n)/\(total) documents")
            })
        }
        Console.endProgress()
        let parameters = QuotesReport.Parameters(options: options, minVariants: minVariants, index: index)
        let report = try reportingErrors { try QuotesReport(clusters: clusters, index: index, parameters: parameters) }
        if !quiet {
            let c = report.counts
            Console.warn("quotes: \(Plural.count(c.documents, "document")), \(Plural.count(c.quotes, "quote")) (\(c.attributed) attributed, \(Plural.count(c.unmarked, "unmarked reprint"))), \(Plural.count(c.clusters, "cluster")), \(c.crossOutletClusters) across outlets")
        }
        let shown = Set(report.clusters.flatMap { $0.variants.map(\.ordinal) })
        try output.write(report, threads: threads.count, documents: { try ReportDocuments(shown, in: index) })
    }
}
