/// Something the reader repaired or skipped without stopping: nothing is dropped silently.
///
/// Warnings are passed to the `warn` handler given to ``CorpusReader`` as they happen and counted
/// in ``ReadSummary/warnings``.
public struct CorpusWarning: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Invalid UTF-8 was replaced with U+FFFD.
        case invalidUTF8
        /// A JSON `\uXXXX` escape named a lone UTF-16 surrogate; it was replaced with U+FFFD.
        case loneSurrogate
        /// A text file looked binary (a NUL byte in its first 8 KiB) and was skipped.
        case binaryFile
        /// A malformed JSON line was skipped (``ReaderOptions/skipBadLines``).
        case malformedLineSkipped
        /// A line or file over the size limit was skipped (``ReaderOptions/skipBadLines``).
        case oversizedSkipped
        /// Bytes after the end of a gzip stream that are not another gzip member were ignored.
        case trailingGzipData
        /// A directory symlink that leads back into its own ancestors was not followed.
        case symlinkLoop
        /// A document's id was already taken by an earlier document; it was renamed (see ``Document/id``).
        case duplicateID
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// The input file concerned (`"<stdin>"` for standard input).
    public var file: String
    /// The 1-based line, for JSON Lines inputs.
    public var line: Int?
    /// The byte offset in the (decompressed) file where the problem starts, when known.
    public var byteOffset: Int?
    /// A human-readable explanation.
    public var message: String

    /// Creates a warning.
    public init(kind: Kind, file: String, line: Int? = nil, byteOffset: Int? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    /// `file:line: warning: message (byte offset N)`.
    public var description: String {
        var out = file
        if let line { out += ":\(line)" }
        out += ": warning: \(message)"
        if let byteOffset { out += " (byte offset \(byteOffset))" }
        return out
    }
}
