/// An error that stops reading or writing a corpus.
///
/// Every case names the file (and, where it applies, the line and column) the user must look at;
/// ``description`` renders it as `file:line:column: message`, the way compilers report errors.
public enum CorpusError: Error, CustomStringConvertible, Sendable, Hashable {
    /// A path does not exist, cannot be opened, or failed while reading.
    case unreadable(path: String, reason: String)
    /// A path exists but is not something the reader understands (e.g. `report.csv`).
    case unsupportedInput(path: String, reason: String)
    /// A JSON Lines record is not a valid JSON object, or lacks a usable text field.
    /// `column` is 1-based and counts bytes.
    case malformedLine(file: String, line: Int, column: Int?, reason: String)
    /// A JSON Lines record is longer than ``ReaderOptions/maxLineBytes``.
    case lineTooLong(file: String, line: Int, limit: Int)
    /// A text file is larger than ``ReaderOptions/maxTextFileBytes``.
    case fileTooLarge(path: String, limit: Int)
    /// A gzip-compressed input is damaged or truncated.
    case corruptGzip(path: String, reason: String)
    /// Writing an output failed; nothing was left at `path`.
    case writeFailed(path: String, reason: String)
    /// An output cannot be written as asked (mixed input formats, a non-empty directory, ...).
    case invalidOutput(path: String, reason: String)

    /// A one-line message naming the location first, e.g. `data.jsonl:12:7: expected ':'`.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .unsupportedInput(let path, let reason):
            return "\(path): unsupported input: \(reason)"
        case .malformedLine(let file, let line, let column, let reason):
            if let column { return "\(file):\(line):\(column): malformed JSON line: \(reason)" }
            return "\(file):\(line): malformed JSON line: \(reason)"
        case .lineTooLong(let file, let line, let limit):
            return "\(file):\(line): line longer than the limit of \(limit) bytes"
        case .fileTooLarge(let path, let limit):
            return "\(path): file larger than the limit of \(limit) bytes"
        case .corruptGzip(let path, let reason):
            return "\(path): corrupt gzip data: \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .invalidOutput(let path, let reason):
            return "\(path): invalid output: \(reason)"
        }
    }

    /// The file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .unsupportedInput(let path, _), .fileTooLarge(let path, _),
            .corruptGzip(let path, _), .writeFailed(let path, _), .invalidOutput(let path, _):
            return path
        case .malformedLine(let file, _, _, _), .lineTooLong(let file, _, _):
            return file
        }
    }

    /// The 1-based line the error is about, for JSON Lines errors.
    public var line: Int? {
        switch self {
        case .malformedLine(_, let line, _, _), .lineTooLong(_, let line, _):
            return line
        default:
            return nil
        }
    }
}
