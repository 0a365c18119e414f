import Foundation

/// Writes a corpus back in its input format, keeping only chosen documents, or chosen parts of them.
///
/// The typical use is a second pass after deduplication: read the corpus once with a
/// ``CorpusReader``, decide by ordinal what to keep, then call
/// ``writeFiltered(inputs:options:keep:to:warn:)`` (whole documents) or
/// ``write(inputs:options:edit:to:warn:)`` (documents, or passages of them) with the same inputs
/// and options. The writer reads the inputs again in the same deterministic order, so ordinals
/// line up, and copies the kept documents' original bytes:
///
/// - JSON Lines inputs (files, `.gz`, or standard input in ``ReaderOptions/StdinFormat/jsonl``)
///   become one JSON Lines file: each kept line is copied verbatim, every field preserved, followed
///   by `\n`. The output is gzip-compressed when `outputPath` ends with `.gz`. In an edited line
///   only the text field's string changes; every other byte of the line stays.
/// - Text inputs (directory trees, `.txt`/`.md` files, text on standard input) become a directory:
///   a tree document keeps its relative path, a file given directly keeps its file name, text from
///   standard input is named `stdin.txt` (`stdin.txt.gz` when it was compressed). Each file is copied
///   byte for byte (compressed files stay compressed); an edited file holds the document's text
///   (as read: valid UTF-8, without a byte-order mark) less the removed ranges, compressed if the
///   input was.
///
/// Every record that is not dropped or emptied by its edit is written, whatever its text: a JSON
/// line whose text is `""` and an empty text file are no documents (the reader skips them as
/// ``SkipReason/empty``, so they take no ordinal) but are copied as read. Blank lines, malformed
/// and oversized records skipped with ``ReaderOptions/skipBadLines``, and binary files are not
/// written; the returned summary counts them.
/// Standard input cannot be read twice, so the first reader of `-` in the process spools it to an
/// anonymous temporary file and later readers, this writer included, read the spool.
///
/// Nothing partial is left behind: the JSON Lines output is written through an
/// ``AtomicFileWriter``, and a text tree is built in a hidden sibling directory
/// (`.<name>.tmp-<pid>-<random>`, see ``TemporaryName``), each file written atomically, and
/// renamed to `outputPath` only when complete; an error removes it. ``stage(inputs:options:edit:to:warn:)``
/// stops before that rename, so that a caller can publish the corpus together with a report
/// (``OutputCommit``). The output's parent directory must exist; it is never created. Files in the tree are not `fsync`ed one by one (that would cost
/// a disk flush per document): a crash leaves at most the hidden staging directory.
///
/// If the inputs change between the two passes, ordinals no longer correspond; the writer cannot
/// detect this.
public enum CorpusWriter {
    /// What ``writeFiltered(inputs:options:keep:to:warn:)`` did.
    public struct WriteSummary: Sendable, Hashable, CustomStringConvertible {
        /// The file or directory written.
        public var outputPath: String
        /// Documents whose ordinal passed `keep`, written.
        public var documentsWritten: Int
        /// Documents whose ordinal did not pass `keep` (``DocumentEdit/drop``).
        public var documentsDropped: Int
        /// Documents written with passages removed (``DocumentEdit/remove(_:)``), among those written.
        public var documentsEdited = 0
        /// Documents left with nothing but whitespace by their edit, and so not written.
        public var documentsEmptied = 0
        /// UTF-8 bytes of text removed from the edited and emptied documents.
        public var bytesRemoved = 0
        /// The account of the second read of the inputs.
        public var read: ReadSummary
        /// Empty records (JSON lines with text `""`, empty text files) copied as read; not
        /// counted in ``documentsWritten``, as they are no documents.
        public var emptyRecordsWritten = 0

        /// `wrote N of M documents to PATH`, then the empty records and the edits, if any.
        public var description: String {
            let total = documentsWritten + documentsDropped + documentsEmptied
            var s = "wrote \(documentsWritten) of \(total) document\(total == 1 ? "" : "s") to \(outputPath)"
            if emptyRecordsWritten > 0 {
                s += ", and \(emptyRecordsWritten) empty record\(emptyRecordsWritten == 1 ? "" : "s") as read"
            }
            if documentsEdited + documentsEmptied > 0 {
                s += " (\(documentsEdited) with passages removed, \(documentsEmptied) emptied and left out; \(bytesRemoved) bytes removed)"
            }
            return s
        }
    }

    /// Writes the documents of `inputs` whose ordinal passes `keep` to `outputPath`, in the
    /// input's format. See ``CorpusWriter`` for the rules.
    /// - Parameters:
    ///   - inputs: the inputs given to the first ``CorpusReader``.
    ///   - options: the options given to the first ``CorpusReader``.
    ///   - keep: decides, by ordinal, whether a document is written.
    ///   - outputPath: a `.jsonl`/`.jsonl.gz` file for JSON Lines inputs; a directory that does not
    ///     exist or is empty for text inputs.
    ///   - warn: receives the second pass's warnings (by default ignored: the first pass reported them).
    /// - Throws: ``CorpusError/invalidOutput(path:reason:)`` when the inputs mix JSON Lines and
    ///   text, or the output directory is not empty or lies inside an input tree; any reading error;
    ///   ``CorpusError/writeFailed(path:reason:)``.
    @discardableResult
    public static func writeFiltered(
        inputs: [String], options: ReaderOptions = ReaderOptions(),
        keep: (Int) -> Bool, to outputPath: String,
        warn: @escaping @Sendable (CorpusWarning) -> Void = { _ in }
    ) throws(CorpusError) -> WriteSummary {
        try write(inputs: inputs, options: options, stdin: .shared, edit: { keep($0.ordinal) ? .keep : .drop }, to: outputPath, warn: warn)
    }

    /// Writes the documents of `inputs` to `outputPath` in the input's format, each as `edit`
    /// says (given the document as read again): whole, not at all, or with byte ranges of its
    /// text removed. See
    /// ``CorpusWriter`` for the rules; the parameters and errors are those of
    /// ``writeFiltered(inputs:options:keep:to:warn:)``.
    @discardableResult
    public static func write(
        inputs: [String], options: ReaderOptions = ReaderOptions(),
        edit: (Document) -> DocumentEdit, to outputPath: String,
        warn: @escaping @Sendable (CorpusWarning) -> Void = { _ in }
    ) throws(CorpusError) -> WriteSummary {
        try write(inputs: inputs, options: options, stdin: .shared, edit: edit, to: outputPath, warn: warn)
    }

    @discardableResult
    static func write(
        inputs: [String], options: ReaderOptions, stdin: StdinSpool,
        edit: (Document) -> DocumentEdit, to outputPath: String,
        warn: @escaping @Sendable (CorpusWarning) -> Void
    ) throws(CorpusError) -> WriteSummary {
        let staged = try stage(inputs: inputs, options: options, stdin: stdin, edit: edit, to: outputPath, warn: warn)
        try staged.publish()
        return staged.summary
    }

    /// A corpus written in full under a temporary name beside its path, not yet renamed into
    /// place: ``publish()`` it (alone, or with a report through ``OutputCommit``), or
    /// ``abort()`` it. Dropped unpublished, it is removed.
    public final class StagedCorpus: StagedOutput {
        /// What was written.
        public let summary: WriteSummary
        /// The corpus's final path.
        public var path: String { summary.outputPath }
        /// The temporary file or directory holding the corpus.
        public let temporaryPath: String
        private let file: AtomicFileWriter?
        private var finished = false

        init(summary: WriteSummary, file: AtomicFileWriter) {
            self.summary = summary
            self.file = file
            self.temporaryPath = file.temporaryPath
        }

        init(summary: WriteSummary, directory: String) {
            self.summary = summary
            self.file = nil
            self.temporaryPath = directory
        }

        deinit { abort() }

        /// Renames the corpus into place (an empty directory at the path is replaced).
        public func publish() throws(CorpusError) {
            guard !finished else { throw CorpusError.writeFailed(path: path, reason: "corpus already published or aborted") }
            if let file {
                finished = true
                try file.publish()
                return
            }
            rmdir(path)  // an empty directory; anything else makes the rename fail
            if rename(temporaryPath, path) != 0 {
                let error = CorpusError.writeFailed(path: path, reason: "rename: \(String(cString: strerror(errno)))")
                abort()
                throw error
            }
            finished = true
        }

        /// Removes the temporary corpus. Safe to call more than once.
        public func abort() {
            guard !finished else { return }
            finished = true
            if let file { file.abort() } else { try? FileManager.default.removeItem(atPath: temporaryPath) }
        }
    }

    /// Writes the documents of `inputs` as ``write(inputs:options:edit:to:warn:)`` does, but
    /// leaves the corpus under its temporary name for the caller to publish.
    public static func stage(
        inputs: [String], options: ReaderOptions = ReaderOptions(),
        edit: (Document) -> DocumentEdit, to outputPath: String,
        warn: @escaping @Sendable (CorpusWarning) -> Void = { _ in }
    ) throws(CorpusError) -> StagedCorpus {
        try stage(inputs: inputs, options: options, stdin: .shared, edit: edit, to: outputPath, warn: warn)
    }

    static func stage(
        inputs: [String], options: ReaderOptions, stdin: StdinSpool,
        edit: (Document) -> DocumentEdit, to outputPath: String,
        warn: @escaping @Sendable (CorpusWarning) -> Void
    ) throws(CorpusError) -> StagedCorpus {
        let reader = CorpusReader(inputs: inputs, options: options, stdin: stdin, warn: warn)
        let resolved = try reader.resolvedInputs()
        guard !resolved.isEmpty else {
            throw CorpusError.invalidOutput(path: outputPath, reason: "no inputs to filter")
        }
        let jsonLines = resolved.filter(\.isJSONLines).count
        if jsonLines == resolved.count {
            return try writeJSONLines(reader: reader, edit: edit, to: outputPath)
        }
        if jsonLines == 0 {
            return try writeTextTree(reader: reader, resolved: resolved, stdin: stdin, edit: edit, to: outputPath)
        }
        throw CorpusError.invalidOutput(
            path: outputPath, reason: "the inputs mix JSON Lines and text files; filter each kind separately")
    }

    /// What an edit leaves of a document.
    private enum Outcome {
        /// Write the record's original bytes.
        case asRead
        /// Write nothing (dropped, or emptied by its edit).
        case skip
        /// Write this text (UTF-8) in the document's place.
        case text([UInt8])
    }

    /// Applies `edit` to `document`, counting drops, edits and emptied documents in `summary`.

    private static func outcome(_ edit: DocumentEdit, _ document: Document, _ summary: inout WriteSummary) -> Outcome {
        switch edit {
        case .keep:
            return .asRead
        case .drop:
            summary.documentsDropped += 1
            return .skip
        case .remove(let ranges):
            if ranges.isEmpty { return .asRead }
            let text = DocumentEdit.removing(ranges, from: document.text)
            summary.bytesRemoved += document.text.utf8.count - text.count
            if DocumentEdit.isBlank(text) {
                summary.documentsEmptied += 1
                return .skip
            }
            summary.documentsEdited += 1
            return .text(text)
        }
    }

    private static func writeJSONLines(
        reader: CorpusReader, edit: (Document) -> DocumentEdit, to outputPath: String
    ) throws(CorpusError) -> StagedCorpus {
        let file = try AtomicFileWriter(path: outputPath)
        var summary = WriteSummary(outputPath: outputPath, documentsWritten: 0, documentsDropped: 0, read: ReadSummary())
        do throws(CorpusError) {
            let encoder: GzipEncoder? =
                outputPath.lowercased().hasSuffix(".gz")
                ? try GzipEncoder(path: outputPath, sink: { (bytes) throws(CorpusError) in try file.write(bytes) })
                : nil
            let newline: [UInt8] = [0x0A]
            func emit(_ bytes: UnsafeRawBufferPointer) throws(CorpusError) {
                if let encoder { try encoder.write(bytes) } else { try file.write(bytes) }
            }
            var parser = JSONLineParser(keys: [reader.options.textField])
            while let item = try reader.nextItem() {
                let document: Document
                let line: UnsafeBufferPointer<UInt8>
                switch item {
                case .document(let read, .line(let bytes)):
                    (document, line) = (read, bytes)
                case .empty(.line(let bytes)):
                    try emit(UnsafeRawBufferPointer(bytes))
                    try newline.withUnsafeBytes { raw -> Result<Void, CorpusError> in
                        Result { () throws(CorpusError) in try emit(raw) }
                    }.get()
                    summary.emptyRecordsWritten += 1
                    continue
                default:
                    continue
                }
                switch outcome(edit(document), document, &summary) {
                case .skip:
                    continue
                case .asRead:
                    try emit(UnsafeRawBufferPointer(line))
                case .text(let text):
                    // The reader accepted this line, so it parses; only the text string changes.
                    do { try parser.parse(line) } catch {
                        throw CorpusError.writeFailed(path: outputPath, reason: "cannot re-read \(document.origin): \(error.message)")
                    }
                    let field = parser.fields[0]
                    var edited = Array(UnsafeBufferPointer(rebasing: line[..<field.start]))
                    edited.append(contentsOf: DocumentEdit.jsonStringContents(text))
                    edited.append(contentsOf: UnsafeBufferPointer(rebasing: line[field.end...]))
                    try edited.withUnsafeBytes { raw -> Result<Void, CorpusError> in
                        Result { () throws(CorpusError) in try emit(raw) }
                    }.get()
                }
                try newline.withUnsafeBytes { raw -> Result<Void, CorpusError> in
                    Result { () throws(CorpusError) in try emit(raw) }
                }.get()
                summary.documentsWritten += 1
            }
            try encoder?.finish()
            try file.prepare()
        } catch {
            file.abort()
            throw error
        }
        summary.read = reader.summary
        return StagedCorpus(summary: summary, file: file)
    }

    private static func writeTextTree(
        reader: CorpusReader, resolved: [CorpusInput], stdin: StdinSpool,
        edit: (Document) -> DocumentEdit, to outputPath: String
    ) throws(CorpusError) -> StagedCorpus {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: outputPath, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else {
                throw CorpusError.invalidOutput(path: outputPath, reason: "text inputs are written to a directory, and this is a file")
            }
            let contents = (try? fileManager.contentsOfDirectory(atPath: outputPath)) ?? ["?"]
            guard contents.isEmpty else {
                throw CorpusError.invalidOutput(path: outputPath, reason: "the output directory must be empty or not exist")
            }
        }
        let (parent, name) = AtomicFileWriter.split(outputPath.count > 1 && outputPath.hasSuffix("/") ? String(outputPath.dropLast()) : outputPath)
        let parentReal = realPath(parent)
        for case .tree(let root) in resolved {
            let rootReal = realPath(root)
            let outputReal = AtomicFileWriter.join(parentReal, name)
            if outputReal == rootReal || outputReal.hasPrefix(rootReal.hasSuffix("/") ? rootReal : rootReal + "/") {
                throw CorpusError.invalidOutput(path: outputPath, reason: "the output directory lies inside the input tree \(root)")
            }
        }

        let staging = AtomicFileWriter.join(parent, TemporaryName.make(for: name))
        do {
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw CorpusError.writeFailed(path: outputPath, reason: "cannot create \(staging): \(error)")
        }
        var summary = WriteSummary(outputPath: outputPath, documentsWritten: 0, documentsDropped: 0, read: ReadSummary())
        do throws(CorpusError) {
            var written = Set<String>()
            while let item = try reader.nextItem() {
                let what: Outcome
                let raw: CorpusReader.RawRecord
                switch item {
                case .document(let document, let record):
                    what = outcome(edit(document), document, &summary)
                    raw = record
                case .empty(let record):
                    what = .asRead
                    raw = record
                }
                if case .skip = what { continue }
                let relative: String
                let open: () throws(CorpusError) -> FileByteSource
                switch raw {
                case .textFile(let path, let outputPath):
                    open = { () throws(CorpusError) in try FileByteSource.open(path) }
                    relative = outputPath
                case .stdinText(let gzip):
                    open = { () throws(CorpusError) in try stdin.open() }
                    relative = gzip ? "stdin.txt.gz" : "stdin.txt"
                case .line:
                    continue
                }
                guard written.insert(relative).inserted else {
                    throw CorpusError.invalidOutput(
                        path: outputPath, reason: "two documents would be written to the same file \(relative)")
                }
                let destination = AtomicFileWriter.join(staging, relative)
                let (directory, _) = AtomicFileWriter.split(destination)
                do {
                    try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw CorpusError.writeFailed(path: destination, reason: "\(error)")
                }
                if case .text(let text) = what {
                    try writeText(text, gzip: relative.lowercased().hasSuffix(".gz"), to: destination)
                } else {
                    try copy(try open(), to: destination)
                }
                if case .empty = item { summary.emptyRecordsWritten += 1 } else { summary.documentsWritten += 1 }
            }
        } catch {
            try? fileManager.removeItem(atPath: staging)
            throw error
        }
        summary.read = reader.summary
        return StagedCorpus(summary: summary, directory: staging)
    }

    /// Writes an edited document's text to `destination` atomically, gzip-compressed if asked.
    private static func writeText(_ text: [UInt8], gzip: Bool, to destination: String) throws(CorpusError) {
        let writer = try AtomicFileWriter(path: destination, durable: false)
        do throws(CorpusError) {
            let encoder = gzip ? try GzipEncoder(path: destination, sink: { (bytes) throws(CorpusError) in try writer.write(bytes) }) : nil
            try text.withUnsafeBytes { raw -> Result<Void, CorpusError> in
                Result { () throws(CorpusError) in
                    if let encoder { try encoder.write(raw) } else { try writer.write(raw) }
                }
            }.get()
            try encoder?.finish()
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Copies a source's remaining bytes to `destination` atomically.
    private static func copy(_ source: FileByteSource, to destination: String) throws(CorpusError) {
        let writer = try AtomicFileWriter(path: destination, durable: false)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        defer { chunk.deallocate() }
        do throws(CorpusError) {
            while true {
                let got = try source.read(into: chunk)
                if got == 0 { break }
                try writer.write(UnsafeRawBufferPointer(rebasing: chunk[..<got]))
            }
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }

    private static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
