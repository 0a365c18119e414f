/// Why a record or file did not become a ``Document``.
public enum SkipReason: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable,
    CustomStringConvertible
{
    /// An empty text file (0 bytes, or only a byte-order mark), or a JSON record whose text is `""`.
    case empty
    /// A text file with a NUL byte in its first 8 KiB.
    case binary
    /// A JSON line that is not a valid object or lacks a string text field (``ReaderOptions/skipBadLines``).
    case malformed
    /// A line over ``ReaderOptions/maxLineBytes`` or a text file over ``ReaderOptions/maxTextFileBytes``
    /// (``ReaderOptions/skipBadLines``).
    case tooLarge
    /// A file inside a directory tree that is not `.txt` or `.md` (optionally `.gz`).
    case unsupported
    /// A hidden entry (name starting with `.`) inside a directory tree; its contents are not visited.
    case hidden

    /// The reason in words, e.g. `"malformed"`, `"too large"`.
    public var description: String { self == .tooLarge ? "too large" : rawValue }
}

/// The account of a read: what was read, what was skipped and why, how much input was consumed.
///
/// ``CorpusReader/summary`` is updated as reading proceeds; read it after ``CorpusReader/next()``
/// returns `nil` for the final figures.
public struct ReadSummary: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Documents returned to the caller.
    public var documents: Int = 0
    /// Records and files skipped, per reason. Blank JSON lines are counted in ``blankLines`` instead.
    public var skipped: [SkipReason: Int] = [:]
    /// The first ``namesKept`` skipped records and files per reason, by name: a path, or
    /// `file:line` for a JSON line, in read order.
    public var skippedNames: [SkipReason: [String]] = [:]
    /// Warnings issued (each was passed to the reader's `warn` handler).
    public var warnings: Int = 0
    /// Documents renamed because an earlier document had their id (see ``Document/id``).
    public var duplicateIDs: Int = 0
    /// Documents whose text or metadata had invalid UTF-8 or lone surrogates replaced with U+FFFD.
    public var repairedDocuments: Int = 0
    /// Files opened (standard input counts as one file).
    public var files: Int = 0
    /// JSON lines seen, including blank, malformed and oversized ones.
    public var lines: Int = 0
    /// JSON lines that held only whitespace; they are ignored.
    public var blankLines: Int = 0
    /// Bytes consumed from files and standard input, as stored (compressed size for `.gz`).
    public var bytesRead: Int = 0
    /// Bytes after decompression (equal to ``bytesRead`` when nothing is compressed).
    public var decodedBytes: Int = 0

    /// How many skipped records or files per reason ``skippedNames`` keeps.
    public static let namesKept = 5

    /// Creates an empty summary.
    public init() {}

    /// The number of records and files skipped for `reason`.
    public func skipped(_ reason: SkipReason) -> Int { skipped[reason, default: 0] }

    /// All skipped records and files, every reason together.
    public var totalSkipped: Int { skipped.values.reduce(0, +) }

    /// Adds the counts of `other` to this summary (e.g. to combine the summaries of two reads).
    public mutating func merge(_ other: ReadSummary) {
        documents += other.documents
        for (reason, count) in other.skipped { skipped[reason, default: 0] += count }
        for (reason, names) in other.skippedNames {
            skippedNames[reason] = Array((skippedNames[reason, default: []] + names).prefix(Self.namesKept))
        }
        warnings += other.warnings
        repairedDocuments += other.repairedDocuments
        duplicateIDs += other.duplicateIDs
        files += other.files
        lines += other.lines
        blankLines += other.blankLines
        bytesRead += other.bytesRead
        decodedBytes += other.decodedBytes
    }

    /// One line, reasons in a fixed order, each with the first skipped names, e.g.
    /// `5 documents from 6 files (12345 bytes); skipped 1 (empty 1: a/b.txt); 0 warnings`.
    public var description: String {
        var out = "\(documents) document\(documents == 1 ? "" : "s") from \(files) file\(files == 1 ? "" : "s")"
        out += " (\(bytesRead) bytes"
        if decodedBytes != bytesRead { out += ", \(decodedBytes) decompressed" }
        out += ")"
        if lines > 0 { out += "; \(lines) line\(lines == 1 ? "" : "s")" + (blankLines > 0 ? " (\(blankLines) blank)" : "") }
        let total = totalSkipped
        if total > 0 {
            let parts = SkipReason.allCases.compactMap { reason -> String? in
                let n = skipped(reason)
                guard n > 0 else { return nil }
                let names = skippedNames[reason, default: []]
                guard !names.isEmpty else { return "\(reason) \(n)" }
                let more = n - names.count
                return "\(reason) \(n): " + names.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
            }
            out += "; skipped \(total) (\(parts.joined(separator: "; ")))"
        }
        if repairedDocuments > 0 { out += "; \(repairedDocuments) repaired" }
        if duplicateIDs > 0 { out += "; \(duplicateIDs) duplicate id\(duplicateIDs == 1 ? "" : "s") renamed" }
        out += "; \(warnings) warning\(warnings == 1 ? "" : "s")"
        return out
    }

    mutating func countSkip(_ reason: SkipReason, name: String) {
        skipped[reason, default: 0] += 1
        if skippedNames[reason, default: []].count < Self.namesKept { skippedNames[reason, default: []].append(name) }
    }
}
