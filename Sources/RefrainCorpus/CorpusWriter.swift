import Foundation

/// Writes a corpus back in its input format, keeping only chosen documents.
///
/// The typical use is a second pass after deduplication: read the corpus once with a
/// ``CorpusReader``, decide which ordinals to keep, then call
/// ``writeFiltered(inputs:options:keep:to:warn:)`` with the same inputs and options. The writer
/// reads the inputs again in the same deterministic order, so ordinals line up, and copies the
/// kept documents' original bytes:
///
/// - JSON Lines inputs (files, `.gz`, or standard input in ``ReaderOptions/StdinFormat/jsonl``)
///   become one JSON Lines file: each kept line is copied verbatim, every field preserved, followed
///   by `\n`. The output is gzip-compressed when `outputPath` ends with `.gz`.
/// - Text inputs (directory trees, `.txt`/`.md` files, text on standard input) become a directory:
///   a tree document keeps its relative path, a file given directly keeps its file name, text from
///   standard input is named `stdin.txt` (`stdin.txt.gz` when it was compressed). Each file is copied
///   byte for byte (compressed files stay compressed).
///
/// Skipped, blank and malformed lines are never written; the returned summary counts them.
/// Standard input cannot be read twice, so the first reader of `-` in the process spools it to an
/// anonymous temporary file and later readers, this writer included, read the spool.
///
/// Nothing partial is left behind: the JSON Lines output is written through an
/// ``AtomicFileWriter``, and a text tree is built in a hidden sibling directory
/// (`.<name>.tmp-<random>`), each file written atomically, and renamed to `outputPath` only when
/// complete; an error removes it. Files in the tree are not `fsync`ed one by one (that would cost
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
        /// Documents whose ordinal did not pass `keep`.
        public var documentsDropped: Int
        /// The account of the second read of the inputs.
        public var read: ReadSummary

        /// `wrote N of M documents to PATH`.
        public var description: String {
            "wrote \(documentsWritten) of \(documentsWritten + documentsDropped) documents to \(outputPath)"
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
        try writeFiltered(inputs: inputs, options: options, stdin: .shared, keep: keep, to: outputPath, warn: warn)
    }

    @discardableResult
    static func writeFiltered(
        inputs: [String], options: ReaderOptions, stdin: StdinSpool,
        keep: (Int) -> Bool, to outputPath: String,
        warn: @escaping @Sendable (CorpusWarning) -> Void
    ) throws(CorpusError) -> WriteSummary {
        let reader = CorpusReader(inputs: inputs, options: options, stdin: stdin, warn: warn)
        let resolved = try reader.resolvedInputs()
        guard !resolved.isEmpty else {
            throw CorpusError.invalidOutput(path: outputPath, reason: "no inputs to filter")
        }
        let jsonLines = resolved.filter(\.isJSONLines).count
        if jsonLines == resolved.count {
            return try writeJSONLines(reader: reader, keep: keep, to: outputPath)
        }
        if jsonLines == 0 {
            return try writeTextTree(reader: reader, resolved: resolved, stdin: stdin, keep: keep, to: outputPath)
        }
        throw CorpusError.invalidOutput(
            path: outputPath, reason: "the inputs mix JSON Lines and text files; filter each kind separately")
    }

    private static func writeJSONLines(
        reader: CorpusReader, keep: (Int) -> Bool, to outputPath: String
    ) throws(CorpusError) -> WriteSummary {
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
            while let (document, raw) = try reader.nextRecord() {
                guard keep(document.ordinal) else {
                    summary.documentsDropped += 1
                    continue
                }
                guard case .line(let line) = raw else { continue }
                try emit(UnsafeRawBufferPointer(line))
                try newline.withUnsafeBytes { raw -> Result<Void, CorpusError> in
                    Result { () throws(CorpusError) in try emit(raw) }
                }.get()
                summary.documentsWritten += 1
            }
            try encoder?.finish()
            try file.commit()
        } catch {
            file.abort()
            throw error
        }
        summary.read = reader.summary
        return summary
    }

    private static func writeTextTree(
        reader: CorpusReader, resolved: [CorpusInput], stdin: StdinSpool,
        keep: (Int) -> Bool, to outputPath: String
    ) throws(CorpusError) -> WriteSummary {
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

        let staging = AtomicFileWriter.join(parent, ".\(name).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))")
        do {
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw CorpusError.writeFailed(path: outputPath, reason: "cannot create \(staging): \(error)")
        }
        var summary = WriteSummary(outputPath: outputPath, documentsWritten: 0, documentsDropped: 0, read: ReadSummary())
        do throws(CorpusError) {
            var written = Set<String>()
            while let (document, raw) = try reader.nextRecord() {
                guard keep(document.ordinal) else {
                    summary.documentsDropped += 1
                    continue
                }
                let source: FileByteSource
                let relative: String
                switch raw {
                case .textFile(let path, let outputPath):
                    source = try FileByteSource.open(path)
                    relative = outputPath
                case .stdinText(let gzip):
                    source = try stdin.open()
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
                try copy(source, to: destination)
                summary.documentsWritten += 1
            }
            if exists { rmdir(outputPath) }
            if rename(staging, outputPath) != 0 {
                throw CorpusError.writeFailed(path: outputPath, reason: "rename: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fileManager.removeItem(atPath: staging)
            throw error
        }
        summary.read = reader.summary
        return summary
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
