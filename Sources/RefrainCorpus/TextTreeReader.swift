import Foundation

/// A directory tree of text documents.
///
/// Every regular file under the root whose name ends `.txt` or `.md` (optionally followed by
/// `.gz`, case-insensitive) is a document whose id is its path relative to the root, with `/`
/// separators. Entries whose name starts with `.` are skipped without visiting them (counted as
/// ``SkipReason/hidden``); other files are counted as ``SkipReason/unsupported``. Symbolic links
/// are followed; a directory link leading back into its own ancestors is reported as a
/// ``CorpusWarning/Kind/symlinkLoop`` warning and not followed.
///
/// Order: all documents sorted bytewise by relative path (UTF-8 code units, the order of `LC_ALL=C
/// sort`), independent of the file system's listing order.
enum TextTree {
    /// One document file in a tree.
    struct Entry: Sendable, Hashable {
        /// The id: the path relative to the root, `/`-separated.
        var relativePath: String
        /// The path to open: the root joined with the relative path.
        var path: String
        var gzip: Bool
    }

    /// Lists the document files under `root`, sorted, counting what it skips in `context`.
    /// Throws ``CorpusError/unreadable(path:reason:)`` for a directory that cannot be listed.
    static func enumerate(root: String, context: ReadContext) throws(CorpusError) -> [Entry] {
        var entries: [Entry] = []
        var ancestors: [DirectoryIdentity] = []
        var rootInfo = stat()
        guard stat(root, &rootInfo) == 0 else {
            throw CorpusError.unreadable(path: root, reason: String(cString: strerror(errno)))
        }
        ancestors.append(DirectoryIdentity(rootInfo))
        try walk(directory: root, relative: "", root: root, ancestors: &ancestors, into: &entries, context: context)
        entries.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
        return entries
    }

    private struct DirectoryIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func walk(
        directory: String, relative: String, root: String,
        ancestors: inout [DirectoryIdentity], into entries: inout [Entry], context: ReadContext
    ) throws(CorpusError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CorpusError.unreadable(path: directory, reason: Self.reason(for: error, path: directory))
        }
        for name in names {
            let path = join(directory, name)
            if name.hasPrefix(".") {
                context.summary.countSkip(.hidden, name: path)
                continue
            }
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw CorpusError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                let identity = DirectoryIdentity(info)
                if ancestors.contains(identity) {
                    context.warn(CorpusWarning(
                        kind: .symlinkLoop, file: path,
                        message: "directory link leads back to one of its ancestors; not followed"))
                    continue
                }
                ancestors.append(identity)
                try walk(
                    directory: path, relative: relativePath, root: root,
                    ancestors: &ancestors, into: &entries, context: context)
                ancestors.removeLast()
            case S_IFREG:
                if case .text(let gzip)? = CorpusInput.classify(name) {
                    entries.append(Entry(relativePath: relativePath, path: path, gzip: gzip))
                } else {
                    context.summary.countSkip(.unsupported, name: path)
                }
            default:
                context.summary.countSkip(.unsupported, name: path)
            }
        }
    }

    private static func reason(for error: Error, path: String) -> String {
        // FileManager's errors wrap errno; `opendir` again gives the plain system message.
        if let dir = opendir(path) {
            closedir(dir)
            return "\(error)"
        }
        return String(cString: strerror(errno))
    }
}

/// Reads one whole text file (or standard input) as a single document.
///
/// Rules, in order: a file over ``ReaderOptions/maxTextFileBytes`` is an error (or skipped as
/// ``SkipReason/tooLarge`` with ``ReaderOptions/skipBadLines``); an empty file, or one holding
/// only a UTF-8 byte-order mark, is skipped and counted as ``SkipReason/empty`` (no warning: it
/// holds no text to lose); a file with a NUL byte in its first 8 KiB is skipped as
/// ``SkipReason/binary`` with a warning; a leading byte-order mark is removed; invalid UTF-8 is
/// replaced with U+FFFD and reported once per file with the byte offset of the first bad byte.
enum TextFileReader {
    /// How many leading bytes are checked for NUL to call a file binary.
    static let binaryProbeBytes = 8 << 10

    /// Reads `source` to the end and returns its document (ordinal 0), or nil when it is skipped.
    static func read(
        source: ByteSource, displayPath: String, id: String, sizeHint: Int?, context: ReadContext
    ) throws(CorpusError) -> Document? {
        let options = context.options
        context.summary.files += 1
        let storedBefore = source.storedBytesRead
        defer { context.summary.bytesRead += source.storedBytesRead - storedBefore }

        func skipOversized() throws(CorpusError) -> Document? {
            if options.skipBadLines {
                context.summary.countSkip(.tooLarge, name: displayPath)
                context.warn(CorpusWarning(
                    kind: .oversizedSkipped, file: displayPath,
                    message: "skipped a file larger than the limit of \(options.maxTextFileBytes) bytes"))
                return nil
            }
            throw CorpusError.fileTooLarge(path: displayPath, limit: options.maxTextFileBytes)
        }
        if let sizeHint, sizeHint > options.maxTextFileBytes { return try skipOversized() }
        guard let bytes = try source.readAll(limit: options.maxTextFileBytes, sizeHint: sizeHint) else {
            return try skipOversized()
        }
        context.summary.decodedBytes += bytes.count

        return bytes.withUnsafeBufferPointer { all -> Document? in
            var body = all
            var bomLength = 0
            if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF {
                bomLength = 3
                body = UnsafeBufferPointer(rebasing: all[3...])
            }
            if body.isEmpty {
                context.summary.countSkip(.empty, name: displayPath)
                return nil
            }
            let probe = min(body.count, binaryProbeBytes)
            if let nul = memchr(body.baseAddress!, 0, probe) {
                let offset = bomLength + UnsafeRawPointer(body.baseAddress!).distance(to: UnsafeRawPointer(nul))
                context.summary.countSkip(.binary, name: displayPath)
                context.warn(CorpusWarning(
                    kind: .binaryFile, file: displayPath, byteOffset: offset,
                    message: "skipped a binary file (NUL byte in the first \(binaryProbeBytes) bytes)"))
                return nil
            }
            let (text, repaired) = UTF8Repair.decode(body)
            if repaired, let report = UTF8Repair.validate(body) {
                context.summary.repairedDocuments += 1
                context.warn(CorpusWarning(
                    kind: .invalidUTF8, file: displayPath, byteOffset: bomLength + report.firstOffset,
                    message: "invalid UTF-8 replaced with U+FFFD (\(report.count) sequence\(report.count == 1 ? "" : "s"))"))
            }
            let metadata = options.readTextMetadata ? TextMetadata.read(text) : TextMetadata.Fields()
            return Document(
                ordinal: 0, id: id, text: text, source: metadata.source, date: metadata.date, url: metadata.url,
                title: metadata.title, bodyOffset: metadata.bodyOffset,
                origin: Document.Origin(path: displayPath, line: nil, byteOffset: 0, byteCount: all.count))
        }
    }
}
