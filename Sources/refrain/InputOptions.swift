import ArgumentParser
import RefrainCorpus

/// The corpus inputs every command reads: paths and how to read them.
struct InputOptions: ParsableArguments {
    /// The library's defaults, which the options below show and start from.
    private static let defaults = ReaderOptions()

    @Argument(help: ArgumentHelp(
        "Inputs: directories of .txt/.md files (id = path relative to the directory), .txt/.md files, .jsonl/.ndjson files (one JSON object per line), any of them .gz-compressed, or - for standard input.",
        valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("JSON Lines field holding the text.", valueName: "name"))
    var textField: String = InputOptions.defaults.textField

    @Option(help: ArgumentHelp("JSON Lines field holding the document id (missing: <file>:<line>).", valueName: "name"))
    var idField: String = InputOptions.defaults.idField

    @Option(help: ArgumentHelp("JSON Lines field holding the outlet or source.", valueName: "name"))
    var sourceField: String = "source"

    @Option(help: ArgumentHelp("JSON Lines field holding the publication date (ISO 8601 sorts correctly).", valueName: "name"))
    var dateField: String = "date"

    @Option(help: ArgumentHelp("JSON Lines field holding the URL.", valueName: "name"))
    var urlField: String = "url"

    @Option(help: ArgumentHelp("JSON Lines field holding the title.", valueName: "name"))
    var titleField: String = "title"

    @Flag(help: "Skip malformed or oversized JSON lines and oversized files (each is warned about and counted) instead of stopping with an error.")
    var skipBadLines = false

    @Option(help: ArgumentHelp("Longest JSON line accepted, in bytes.", valueName: "bytes"))
    var maxLineBytes: Int = InputOptions.defaults.maxLineBytes

    @Option(help: ArgumentHelp("What standard input (-) holds: jsonl or text.", valueName: "format"))
    var stdinFormat: ReaderOptions.StdinFormat = InputOptions.defaults.stdinFormat

    func validate() throws {
        if maxLineBytes < 1 { throw ValidationError("--max-line-bytes must be positive") }
    }

    /// Fails with a usage error when no input is given; commands that can read an index instead
    /// call it only when they have none.
    func requirePaths() throws {
        if paths.isEmpty { throw ValidationError("give at least one input path (or - for standard input)") }
    }

    /// The reader options these flags describe.
    var readerOptions: ReaderOptions {
        ReaderOptions(
            textField: textField, idField: idField, sourceField: sourceField, dateField: dateField,
            urlField: urlField, titleField: titleField, skipBadLines: skipBadLines, maxLineBytes: maxLineBytes,
            stdinFormat: stdinFormat)
    }

    /// A reader over the inputs that prints each warning to standard error (unless `quiet`).
    func makeReader(quiet: Bool = false) -> CorpusReader {
        CorpusReader(inputs: paths, options: readerOptions) { warning in
            if !quiet { Console.warn(warning.description) }  // already `file:line: warning: ...`
        }
    }
}
