/// How a ``CorpusReader`` interprets its inputs. Every property has a documented default, so
/// `ReaderOptions()` reads the common layouts.
public struct ReaderOptions: Sendable, Hashable {
    /// What standard input (`-`) holds.
    public enum StdinFormat: String, Sendable, Hashable, CaseIterable {
        /// One JSON object per line, like a `.jsonl` file.
        case jsonl
        /// One plain-text document (id `"<stdin>"`).
        case text
    }

    /// JSON Lines field holding the document text. Default `"text"`; e.g. `"content"` for some dumps.
    /// The field must be present and a string, or the line is malformed.
    public var textField: String = "text"
    /// JSON Lines field holding the document id. Default `"id"`. A string, or a number kept as its
    /// literal text; when missing or `null` the id is `"<file>:<line>"`. Any other type is malformed.
    public var idField: String = "id"
    /// JSON Lines field for ``Document/source``; `nil` ignores it. Default `"source"`.
    /// Metadata fields take strings and numbers (as literal text); `null` and other types give `nil`.
    public var sourceField: String? = "source"
    /// JSON Lines field for ``Document/date``; `nil` ignores it. Default `"date"`.
    public var dateField: String? = "date"
    /// JSON Lines field for ``Document/url``; `nil` ignores it. Default `"url"`.
    public var urlField: String? = "url"
    /// JSON Lines field for ``Document/title``; `nil` ignores it. Default `"title"`.
    public var titleField: String? = "title"

    /// Read a text file's leading `source:`/`date:`/`url:`/`title:` header block and its
    /// dateline (see ``TextMetadata``) into the document's metadata. Default `true`.
    public var readTextMetadata: Bool = true

    /// Skip bad records instead of failing. Default `false`.
    ///
    /// When `true`, malformed JSON lines and lines or text files over the size limits are skipped,
    /// reported as a ``CorpusWarning`` and counted in ``ReadSummary/skipped``. When `false`, the
    /// first one stops reading with a ``CorpusError`` naming `file:line`.
    /// Missing paths, unreadable files and corrupt gzip data are always errors.
    public var skipBadLines: Bool = false

    /// Longest JSON line accepted, in bytes, without its terminator. Default 64 MiB.
    /// Memory use of a JSON Lines read is bounded by about this much plus ``readChunkBytes``.
    public var maxLineBytes: Int = 64 << 20

    /// Largest text file accepted, in bytes (decompressed for `.gz`). Default 256 MiB.
    public var maxTextFileBytes: Int = 256 << 20

    /// What standard input holds when an input is `-`. Default ``StdinFormat/jsonl``.
    /// gzip-compressed standard input is recognised by its magic bytes and decompressed.
    public var stdinFormat: StdinFormat = .jsonl

    /// Size of each read from a JSON Lines file, in bytes. Default 1 MiB. Lines may straddle reads.
    public var readChunkBytes: Int = 1 << 20

    /// Creates options with the defaults above.
    public init() {}

    /// Creates options, naming only what differs from the defaults.
    public init(
        textField: String = "text", idField: String = "id",
        sourceField: String? = "source", dateField: String? = "date",
        urlField: String? = "url", titleField: String? = "title",
        skipBadLines: Bool = false, maxLineBytes: Int = 64 << 20, maxTextFileBytes: Int = 256 << 20,
        stdinFormat: StdinFormat = .jsonl, readChunkBytes: Int = 1 << 20
    ) {
        self.textField = textField
        self.idField = idField
        self.sourceField = sourceField
        self.dateField = dateField
        self.urlField = urlField
        self.titleField = titleField
        self.skipBadLines = skipBadLines
        self.maxLineBytes = maxLineBytes
        self.maxTextFileBytes = maxTextFileBytes
        self.stdinFormat = stdinFormat
        self.readChunkBytes = readChunkBytes
    }
}
