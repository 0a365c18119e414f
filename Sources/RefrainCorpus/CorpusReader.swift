import Foundation

/// Reads documents from files, directory trees, JSON Lines and standard input, one at a time.
///
/// ```swift
/// let reader = CorpusReader(inputs: ["articles/", "dump.jsonl.gz"], options: ReaderOptions()) {
///     warning in print(warning)
/// }
/// while let document = try reader.next() { ... }
/// print(reader.summary)
/// ```
///
/// Inputs are read in the order given; see ``Document/id`` for how each kind is named and
/// ``ReaderOptions`` for the formats. Documents stream: only the current line (JSON Lines) or
/// file (text) is in memory. Every path is checked before the first document is returned, so a
/// missing input fails fast with ``CorpusError/unreadable(path:reason:)``.
///
/// Errors end the read: after ``next()`` throws, every later call throws the same error.
/// Problems that can be repaired or skipped are reported to `warn` and counted in ``summary``.
///
/// Standard input (`-`) is spooled to an anonymous temporary file the first time it is opened
/// in the process (see ``CorpusWriter``), so that it can be read again.
///
/// A reader is not thread-safe; hand batches from ``nextBatch(maxDocuments:maxBytes:)`` to
/// worker tasks to process documents in parallel.
public final class CorpusReader {
    /// The inputs, as given.
    public let inputs: [String]
    /// The options in effect.
    public let options: ReaderOptions

    /// What has been read so far; final once ``next()`` has returned nil.
    public var summary: ReadSummary { context.summary }

    private let context: ReadContext
    private let stdinSpool: StdinSpool
    private var resolved: [CorpusInput]? = nil
    private var inputIndex = 0
    private var cursor: Cursor = .idle
    private var nextOrdinal = 0
    private var failure: CorpusError? = nil
    private var ids = UniqueIDs()

    private enum Cursor {
        case idle
        case tree(entries: [TextTree.Entry], index: Int)
        case jsonLines(JSONLinesReader)
    }

    /// The original bytes behind a document, for ``CorpusWriter``.
    enum RawRecord {
        /// A JSON line, valid until the next read.
        case line(UnsafeBufferPointer<UInt8>)
        /// A whole text file and the relative path to give its copy.
        case textFile(path: String, outputPath: String)
        /// Standard input read as one text document.
        case stdinText(gzip: Bool)
    }

    /// A record ``CorpusWriter`` copies although it is no document: a JSON line whose text is
    /// `""`, or an empty text file (both skipped as ``SkipReason/empty``).
    enum Item {
        case document(Document, RawRecord)
        case empty(RawRecord)
    }

    /// Creates a reader. Nothing is opened until the first call to ``next()``.
    /// - Parameters:
    ///   - inputs: paths, directories, or `-` for standard input.
    ///   - options: formats, field names and limits.
    ///   - warn: called for each repair or skip worth telling the user about; defaults to ignoring.
    public convenience init(
        inputs: [String], options: ReaderOptions = ReaderOptions(),
        warn: @escaping @Sendable (CorpusWarning) -> Void = { _ in }
    ) {
        self.init(inputs: inputs, options: options, stdin: .shared, warn: warn)
    }

    init(
        inputs: [String], options: ReaderOptions, stdin: StdinSpool,
        warn: @escaping @Sendable (CorpusWarning) -> Void
    ) {
        self.inputs = inputs
        self.options = options
        self.stdinSpool = stdin
        self.context = ReadContext(options: options, warn: warn)
    }

    /// The next document in read order, or nil when all inputs are exhausted.
    public func next() throws(CorpusError) -> Document? {
        try nextRecord()?.document
    }

    /// Up to `maxDocuments` documents, stopping early once their texts reach `maxBytes` UTF-8
    /// bytes (a batch always holds at least one document unless the read is over). Returns an
    /// empty array at the end. If an error occurs after some documents were read, they are
    /// returned and the error is thrown by the next call.
    public func nextBatch(maxDocuments: Int, maxBytes: Int = .max) throws(CorpusError) -> [Document] {
        var batch: [Document] = []
        var bytes = 0
        while batch.count < max(maxDocuments, 1) && (batch.isEmpty || bytes < maxBytes) {
            let document: Document?
            do {
                document = try next()
            } catch {
                if batch.isEmpty { throw error }
                break
            }
            guard let document else { break }
            bytes += document.text.utf8.count
            batch.append(document)
        }
        return batch
    }

    /// The next document with the bytes it came from.
    func nextRecord() throws(CorpusError) -> (document: Document, raw: RawRecord)? {
        while let item = try nextItem() {
            if case .document(let document, let raw) = item { return (document, raw) }
        }
        return nil
    }

    /// The next document with the bytes it came from, or the next empty record.
    func nextItem() throws(CorpusError) -> Item? {
        if let failure { throw failure }
        do {
            guard let item = try advance() else { return nil }
            guard case .document(var document, let raw) = item else { return item }
            document.ordinal = nextOrdinal
            nextOrdinal += 1
            context.summary.documents += 1
            ids.register(&document, context: context)
            return .document(document, raw)
        } catch {
            failure = error
            throw error
        }
    }

    /// The inputs, resolved (and checked) on first use.
    func resolvedInputs() throws(CorpusError) -> [CorpusInput] {
        if let resolved { return resolved }
        var list: [CorpusInput] = []
        for input in inputs { list.append(try CorpusInput.resolve(input, options: options)) }
        resolved = list
        return list
    }

    private func advance() throws(CorpusError) -> Item? {
        let inputs = try resolvedInputs()
        while true {
            switch cursor {
            case .jsonLines(let reader):
                switch try reader.nextRecord() {
                case .document(let document)?: return .document(document, .line(reader.currentLine))
                case .emptyText?: return .empty(.line(reader.currentLine))
                case nil: cursor = .idle
                }
            case .tree(let entries, let index):
                guard index < entries.count else {
                    cursor = .idle
                    continue
                }
                cursor = .tree(entries: entries, index: index + 1)
                let entry = entries[index]
                let raw = RawRecord.textFile(path: entry.path, outputPath: entry.relativePath)
                if let item = try readTextFile(path: entry.path, gzip: entry.gzip, id: entry.relativePath, raw: raw) { return item }
            case .idle:
                guard inputIndex < inputs.count else { return nil }
                let input = inputs[inputIndex]
                inputIndex += 1
                switch input {
                case .tree(let root):
                    cursor = .tree(entries: try TextTree.enumerate(root: root, context: context), index: 0)
                case .textFile(let path, let gzip):
                    let raw = RawRecord.textFile(path: path, outputPath: Self.lastComponent(path))
                    if let item = try readTextFile(path: path, gzip: gzip, id: path, raw: raw) { return item }
                case .jsonLines(let path, let gzip):
                    var source: ByteSource = try FileByteSource.open(path)
                    if gzip { source = try GzipDecoder(input: source, path: path, warn: context.warn) }
                    cursor = .jsonLines(JSONLinesReader(source: source, path: path, context: context))
                case .stdin(let format):
                    let (source, gzip) = try openStdin()
                    switch format {
                    case .jsonl:
                        cursor = .jsonLines(JSONLinesReader(source: source, path: StdinSpool.displayName, context: context))
                    case .text:
                        let empty = context.summary.skipped(.empty)
                        if let document = try TextFileReader.read(
                            source: source, displayPath: StdinSpool.displayName, id: StdinSpool.displayName,
                            sizeHint: nil, context: context)
                        {
                            return .document(document, .stdinText(gzip: gzip))
                        }
                        if context.summary.skipped(.empty) > empty { return .empty(.stdinText(gzip: gzip)) }
                    }
                }
            }
        }
    }

    /// A text file's document, `.empty(raw)` for an empty file, or nil for one skipped otherwise.
    private func readTextFile(path: String, gzip: Bool, id: String, raw: RawRecord) throws(CorpusError) -> Item? {
        let file = try FileByteSource.open(path)
        let source: ByteSource = gzip ? try GzipDecoder(input: file, path: path, warn: context.warn) : file
        let empty = context.summary.skipped(.empty)
        if let document = try TextFileReader.read(
            source: source, displayPath: path, id: id, sizeHint: gzip ? nil : file.size(), context: context)
        {
            return .document(document, raw)
        }
        return context.summary.skipped(.empty) > empty ? .empty(raw) : nil
    }

    /// Standard input's spool, decompressed when it starts with the gzip magic bytes.
    func openStdin() throws(CorpusError) -> (ByteSource, gzip: Bool) {
        let file = try stdinSpool.open()
        var magic: [UInt8] = [0, 0]
        let got = magic.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress, 2, 0) }
        if got == 2 && magic == [0x1F, 0x8B] {
            return (try GzipDecoder(input: file, path: StdinSpool.displayName, warn: context.warn), true)
        }
        return (file, false)
    }

    static func lastComponent(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        return String(trimmed)
    }
}
