import ArgumentParser
import Foundation
import RefrainCorpus
import RefrainMatch

/// `refrain index`: build (or append to) an on-disk index for `find` and `quotes`.
struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build an index of documents for repeated `find` and `quotes` runs, or append documents to one.",
        discussion: """
        The index directory holds a manifest (refrain-index.json) and segments: each segment is a \
        documents file (ids, texts, metadata, and each document's terms so queries never \
        re-tokenize) and a postings file (for every content term and pair of neighbouring content \
        terms, the documents holding it). Documents are tokenized on --threads threads; the files \
        are the same bytes for any thread count. Running again on an existing \
        index appends a new segment; the manifest is replaced last, atomically, so a failed run \
        leaves the index as it was. The format is documented with RefrainMatch's IndexFormat.

        Examples:
          refrain index Corpora/dprk-ukraine-2024 --out dprk.idx
          refrain index more-news.jsonl --out dprk.idx          # appends
          refrain find "fake news" --index dprk.idx

        Exit codes: 0 success, 1 runtime error, 2 usage error.
        """)

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("The index directory to create or append to.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Documents per segment (bounds memory while building).", valueName: "n"))
    var segmentDocuments: Int = 50_000

    @OptionGroup var terms: TermFlags

    @OptionGroup var threads: ThreadFlags

    @Flag(name: [.short, .long], help: "Print no progress, warnings or summary on standard error (errors still are).")
    var quiet = false

    func validate() throws {
        if segmentDocuments < 1 { throw ValidationError("--segment-documents must be positive") }
        if out.isEmpty { throw ValidationError("--out needs a directory") }
        try input.requirePaths()
    }

    func run() throws {
        let reader = input.makeReader(quiet: quiet)
        var count = 0
        let summary: MatchIndex.WriteSummary
        do {
            summary = try MatchIndex.write(to: out, termOptions: terms.options, segmentDocuments: segmentDocuments,
                                         threads: threads.count) {
                let d = try reader.next()
                if d != nil {
                    count += 1
                    if !quiet && count % 10_000 == 0 { Console.progress("index: \(count) documents") }
                }
                return d
            }
        } catch {
            // A read error stops the write before the manifest changes: the index is as it was.
            Console.endProgress()
            Console.warn("error: \(error)")
            throw ExitStatus.runtimeError
        }
        Console.endProgress()
        Console.summary(reader.summary, quiet: quiet)
        if !quiet {
            Console.warn("index: \(summary.appended ? "appended" : "indexed") \(Plural.count(summary.added, "document")) in \(Plural.count(summary.segmentsWritten, "segment")); \(Plural.count(summary.total, "document")) in \(out)")
        }
    }
}
