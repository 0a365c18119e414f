import Foundation

/// One input of a ``CorpusReader``, resolved from the string the user gave.
///
/// - `-`: standard input, in ``ReaderOptions/stdinFormat`` (gzip recognised by its magic bytes).
/// - A directory: a tree of `.txt` / `.md` files (see ``TextTree``).
/// - A file ending `.txt` or `.md`: one document whose id is the path as given.
/// - A file ending `.jsonl` or `.ndjson`: JSON Lines, one document per line.
/// - Any of these files with a further `.gz`: the same, gzip-compressed.
/// Extensions are matched case-insensitively. Anything else is ``CorpusError/unsupportedInput(path:reason:)``.
enum CorpusInput: Sendable, Hashable {
    case stdin(ReaderOptions.StdinFormat)
    case textFile(path: String, gzip: Bool)
    case jsonLines(path: String, gzip: Bool)
    case tree(root: String)

    /// What a file name says about its contents.
    enum FileKind: Sendable, Hashable {
        case text(gzip: Bool)
        case jsonLines(gzip: Bool)
    }

    /// Classifies a file by its name's extension, or nil when it is none of the known kinds.
    static func classify(_ name: String) -> FileKind? {
        var lower = name.lowercased()
        var gzip = false
        if lower.hasSuffix(".gz") {
            gzip = true
            lower.removeLast(3)
        }
        if lower.hasSuffix(".txt") || lower.hasSuffix(".md") { return .text(gzip: gzip) }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines(gzip: gzip) }
        return nil
    }

    /// Resolves `input`, checking that it exists and is readable.
    static func resolve(_ input: String, options: ReaderOptions) throws(CorpusError) -> CorpusInput {
        if input == "-" { return .stdin(options.stdinFormat) }
        guard !input.isEmpty else { throw CorpusError.unreadable(path: input, reason: "empty path") }
        var info = stat()
        guard stat(input, &info) == 0 else {
            throw CorpusError.unreadable(path: input, reason: String(cString: strerror(errno)))
        }
        guard access(input, R_OK) == 0 else {
            throw CorpusError.unreadable(path: input, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .tree(root: input) }
        switch classify(input) {
        case .text(let gzip)?: return .textFile(path: input, gzip: gzip)
        case .jsonLines(let gzip)?: return .jsonLines(path: input, gzip: gzip)
        case nil:
            throw CorpusError.unsupportedInput(
                path: input,
                reason: "expected a directory, '-', or a .txt, .md, .jsonl or .ndjson file (optionally .gz)")
        }
    }

    /// Whether documents from this input are written back as JSON lines (else as text files).
    var isJSONLines: Bool {
        switch self {
        case .stdin(let format): return format == .jsonl
        case .jsonLines: return true
        case .textFile, .tree: return false
        }
    }
}
