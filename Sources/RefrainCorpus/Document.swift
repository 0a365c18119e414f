/// One document of a corpus: its text, its identity, optional metadata, and where it came from.
///
/// You get documents from a ``CorpusReader``, one at a time (``CorpusReader/next()``) or in
/// batches (``CorpusReader/nextBatch(maxDocuments:maxBytes:)``). `text` is always valid Unicode:
/// invalid UTF-8 in the input was replaced with U+FFFD (and reported as a ``CorpusWarning``).
public struct Document: Sendable, Hashable {
    /// 0-based position of this document in read order across all inputs.
    ///
    /// Read order is deterministic (inputs in the order given, directory trees sorted bytewise by
    /// relative path, JSON Lines in line order), and skipped records do not consume an ordinal, so
    /// the same inputs read with the same ``ReaderOptions`` always give the same ordinals.
    public var ordinal: Int

    /// The document's identifier.
    ///
    /// - Text file inside a directory tree: the path relative to the root given, `/`-separated.
    /// - Text file given directly: the path exactly as given.
    /// - JSON Lines: the id field (a string, or a number kept as its literal text), or
    ///   `"<file>:<line>"` when the field is missing or `null`.
    /// - Text read from standard input: `"<stdin>"`.
    ///
    /// Ids are unique within a read: a document whose id an earlier one already has is renamed
    /// `<id>#2` (`#3`, ...) in read order, with a ``CorpusWarning/Kind/duplicateID`` warning;
    /// see the README's "Document ids" for the exact rule.
    public var id: String

    /// The document's text, always valid UTF-8 (a leading byte-order mark is removed).
    public var text: String

    /// Optional `source` metadata, e.g. the outlet that published the text: the JSON Lines
    /// field, or a text file's `source:` header line (see ``TextMetadata``).
    public var source: String?
    /// Optional `date` metadata: the JSON Lines field as written, or a text file's `date:` header
    /// line or dateline (`YYYY-MM-DD` when it parses; see ``TextMetadata``).
    public var date: String?
    /// Optional `url` metadata: the JSON Lines field or a text file's `url:` header line.
    public var url: String?
    /// Optional `title` metadata: the JSON Lines field or a text file's `title:` header line.
    public var title: String?

    /// Byte offset in ``text`` where the body starts: past a text file's metadata header block
    /// (see ``TextMetadata``), else 0. The bytes before it are not text to match; offsets still
    /// count them, so they refer to the file as read.
    public var bodyOffset: Int = 0

    /// Where the document came from.
    public var origin: Origin

    /// Creates a document. Readers fill every field; this initializer is for tests and callers
    /// that build documents themselves.
    public init(
        ordinal: Int, id: String, text: String,
        source: String? = nil, date: String? = nil, url: String? = nil, title: String? = nil,
        bodyOffset: Int = 0, origin: Origin
    ) {
        self.bodyOffset = max(0, min(bodyOffset, text.utf8.count))
        self.ordinal = ordinal
        self.id = id
        self.text = text
        self.source = source
        self.date = date
        self.url = url
        self.title = title
        self.origin = origin
    }

    /// The location of a document's bytes in the input.
    public struct Origin: Sendable, Hashable, CustomStringConvertible {
        /// The file the document was read from: the path as given, a tree root joined with the
        /// relative path, or `"<stdin>"`.
        public var path: String
        /// The 1-based line number for JSON Lines records; `nil` for whole-file documents.
        public var line: Int?
        /// Byte offset of the record's first byte: the line start for JSON Lines, `0` for a
        /// whole file. For gzip-compressed inputs this is an offset into the decompressed stream.
        public var byteOffset: Int
        /// Length in bytes of the record as stored (decompressed): the line without its
        /// terminator, or the whole file.
        public var byteCount: Int

        /// Creates an origin.
        public init(path: String, line: Int? = nil, byteOffset: Int = 0, byteCount: Int = 0) {
            self.path = path
            self.line = line
            self.byteOffset = byteOffset
            self.byteCount = byteCount
        }

        /// `path:line` for JSON Lines records, `path` for whole files.
        public var description: String {
            if let line { return "\(path):\(line)" }
            return path
        }
    }
}
