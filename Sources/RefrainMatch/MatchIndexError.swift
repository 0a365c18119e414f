import RefrainBytes

/// Errors from building, opening or appending to a match index. Each names the path.
public enum MatchIndexError: Error, CustomStringConvertible, Sendable, Hashable {
    /// A file could not be read or mapped.
    case unreadable(path: String, reason: String)
    /// A file could not be written.
    case unwritable(path: String, reason: String)
    /// A file is not a Refrain index file, or is damaged (the byte offset where reading failed).
    case corrupt(path: String, offset: Int, reason: String)
    /// The index was written by an incompatible format version.
    case unsupportedVersion(path: String, version: Int)
    /// Appending with term options that differ from the index's.
    case optionsMismatch(path: String, reason: String)

    /// A one-line message naming the file.
    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read index: \(reason)"
        case let .unwritable(path, reason): return "\(path): cannot write index: \(reason)"
        case let .corrupt(path, offset, reason): return "\(path): corrupt index at byte \(offset): \(reason)"
        case let .unsupportedVersion(path, version): return "\(path): unsupported index format version \(version) (this build reads version \(IndexFormat.version))"
        case let .optionsMismatch(path, reason): return "\(path): cannot append: \(reason)"
        }
    }
}

extension MatchIndexError {
    /// A damaged file: ``corrupt(path:offset:reason:)`` at the failed read.
    init(_ error: ByteReadError) {
        self = .corrupt(path: error.path, offset: error.offset, reason: error.reason)
    }
}
