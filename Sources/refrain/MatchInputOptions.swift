import ArgumentParser
import RefrainMatch

/// What `find` and `quotes` search: the corpus inputs, indexed in memory, or an index built by
/// `refrain index` (given with `--index`, or as the only path).
struct MatchInputOptions: ParsableArguments {
    @OptionGroup var corpus: InputOptions

    @Option(help: ArgumentHelp("Read this index (built by `refrain index`) instead of the inputs.", valueName: "dir"))
    var index: String?

    /// Fails with a usage error when there is neither an index nor an input path. Commands call
    /// it from `validate()` after their own checks.
    func requireInputs() throws {
        if index == nil { try corpus.requirePaths() }
    }

    /// The library's description of these inputs, indexed with `terms` on `threads`.
    func source(terms: TermFlags, threads: ThreadFlags) -> MatchSource {
        MatchSource(index: index, inputs: corpus.paths, reader: corpus.readerOptions, termOptions: terms.options,
                    threads: threads.count)
    }
}

extension MatchSource {
    /// The index to search, opened or built from the inputs, with the reader's warnings, progress
    /// and read summary on standard error (unless `quiet`).
    /// - Throws: exit code 1, after the message, when the index or an input cannot be read.
    func open(quiet: Bool) throws -> MatchIndex {
        let opened = try reportingErrors {
            try open(
                warn: { warning in if !quiet { Console.warn(warning.description) } },  // already `file:line: warning: ...`
                progress: { n in if !quiet && n % 10_000 == 0 { Console.progress("read \(n) documents") } })
        }
        if let summary = opened.readSummary {
            Console.endProgress()
            Console.summary(summary, quiet: quiet)
        }
        if opened.termOptionsDiffer && !quiet {
            let used = opened.index.termOptions
            Console.warn("note: using the index's term options (stem: \(used.stem), stopwords: \(used.stopwords))")
        }
        return opened.index
    }
}
