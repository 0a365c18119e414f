/// Reads one JSON Lines stream (a file, a decompressed `.gz`, or standard input) as documents.
///
/// Lines are split in chunks of ``ReaderOptions/readChunkBytes`` (a 10 GB file is never held in
/// memory) and parsed by ``JSONLineParser``. Per line:
/// - blank (only whitespace): ignored, counted in ``ReadSummary/blankLines``;
/// - a UTF-8 byte-order mark at the start of line 1 is ignored;
/// - longer than ``ReaderOptions/maxLineBytes``: ``CorpusError/lineTooLong(file:line:limit:)``,
///   or skipped as ``SkipReason/tooLarge`` with ``ReaderOptions/skipBadLines``;
/// - not one valid JSON object, text field missing or not a string, id neither string, number nor
///   null: ``CorpusError/malformedLine(file:line:column:reason:)``, or skipped as
///   ``SkipReason/malformed`` (with a warning) with ``ReaderOptions/skipBadLines``;
/// - text `""`: skipped as ``SkipReason/empty`` (``CorpusWriter`` still copies the line);
/// - invalid UTF-8 in an extracted string, or a lone surrogate escape: replaced with U+FFFD and
///   reported once per line with the file byte offset of the first bad byte.
final class JSONLinesReader {
    private let splitter: LineSplitter
    private let source: ByteSource
    private let path: String
    private let context: ReadContext
    private var parser: JSONLineParser
    private let textIndex: Int
    private let idIndex: Int
    private let sourceIndex: Int?
    private let dateIndex: Int?
    private let urlIndex: Int?
    private let titleIndex: Int?
    private var reportedStored = 0
    private var reportedDecoded = 0

    /// The bytes of the line that produced the last document (without a byte-order mark or the
    /// newline). Valid until the next call to ``next()``.
    private(set) var currentLine = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    init(source: ByteSource, path: String, context: ReadContext) {
        let options = context.options
        self.source = source
        self.path = path
        self.context = context
        self.splitter = LineSplitter(
            source: source, chunkBytes: options.readChunkBytes, maxLineBytes: options.maxLineBytes)
        var keys = [options.textField, options.idField]
        func add(_ name: String?) -> Int? {
            guard let name else { return nil }
            keys.append(name)
            return keys.count - 1
        }
        textIndex = 0
        idIndex = 1
        sourceIndex = add(options.sourceField)
        dateIndex = add(options.dateField)
        urlIndex = add(options.urlField)
        titleIndex = add(options.titleField)
        parser = JSONLineParser(keys: keys)
        context.summary.files += 1
    }

    /// Moves byte counts into the summary.
    private func syncCounts() {
        let stored = source.storedBytesRead
        let decoded = splitter.bytesConsumed
        context.summary.bytesRead += stored - reportedStored
        context.summary.decodedBytes += decoded - reportedDecoded
        reportedStored = stored
        reportedDecoded = decoded
    }

    /// A record read: a document, or a well-formed record whose text is `""` (skipped as empty,
    /// its bytes in ``currentLine``).
    enum Record {
        case document(Document)
        case emptyText
    }

    /// The next document (ordinal 0; the caller numbers documents), or nil at the end.
    func next() throws(CorpusError) -> Document? {
        while let record = try nextRecord() {
            if case .document(let document) = record { return document }
        }
        return nil
    }

    /// The next document or empty-text record, or nil at the end.
    func nextRecord() throws(CorpusError) -> Record? {
        defer { syncCounts() }
        let options = context.options
        while true {
            switch try splitter.next() {
            case .end:
                return nil
            case .tooLong(let number, let offset):
                context.summary.lines += 1
                guard options.skipBadLines else {
                    throw CorpusError.lineTooLong(file: path, line: number, limit: options.maxLineBytes)
                }
                try splitter.skipRestOfLine()
                context.summary.countSkip(.tooLarge, name: "\(path):\(number)")
                context.warn(CorpusWarning(
                    kind: .oversizedSkipped, file: path, line: number, byteOffset: offset,
                    message: "skipped a line longer than the limit of \(options.maxLineBytes) bytes"))
            case .line(var bytes, let number, var offset):
                context.summary.lines += 1
                var bomLength = 0
                if number == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                    bytes = UnsafeBufferPointer(rebasing: bytes[3...])
                    offset += 3
                    bomLength = 3
                }
                if bytes.isEmpty || JSONLineParser.skipWhitespace(bytes.baseAddress!, 0, bytes.count) == bytes.count {
                    context.summary.blankLines += 1
                    continue
                }
                do throws(JSONLineError) {
                    currentLine = bytes
                    if let document = try makeDocument(bytes, number: number, offset: offset) {
                        return .document(document)
                    }
                    return .emptyText
                } catch {
                    let column = bomLength + error.offset + 1
                    guard options.skipBadLines else {
                        throw CorpusError.malformedLine(file: path, line: number, column: column, reason: error.message)
                    }
                    context.summary.countSkip(.malformed, name: "\(path):\(number)")
                    context.warn(CorpusWarning(
                        kind: .malformedLineSkipped, file: path, line: number, byteOffset: offset + error.offset,
                        message: "skipped a malformed line: column \(column): \(error.message)"))
                }
            }
        }
    }

    /// Parses one non-blank line; nil when it is skipped as empty.
    private func makeDocument(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, offset: Int
    ) throws(JSONLineError) -> Document? {
        try parser.parse(line)
        let textField = parser.fields[textIndex]
        guard textField.kind == .string else {
            let name = context.options.textField
            if textField.kind == .missing {
                throw JSONLineError(offset: 0, message: "missing text field \"\(name)\"")
            }
            throw JSONLineError(
                offset: textField.start, message: "field \"\(name)\" must be a string, found \(textField.kind.name)")
        }
        if textField.start == textField.end {
            context.summary.countSkip(.empty, name: "\(path):\(number)")
            return nil
        }
        var firstBad: Int? = nil
        var badCount = 0
        var loneSurrogates = 0
        func decode(_ field: JSONField) -> String {
            let (string, repaired) = parser.decodeString(line, field)
            if repaired {
                // Rare: locate the damage in the raw bytes (escapes are ASCII, so raw offsets hold).
                loneSurrogates += parser.lastLoneSurrogates
                if let report = UTF8Repair.validate(UnsafeBufferPointer(rebasing: line[field.start..<field.end])) {
                    let at = field.start + report.firstOffset
                    firstBad = min(firstBad ?? at, at)
                    badCount += report.count
                }
            }
            return string
        }
        let text = decode(textField)

        let idField = parser.fields[idIndex]
        let id: String
        switch idField.kind {
        case .string: id = decode(idField)
        case .number: id = parser.rawString(line, idField)
        case .missing, .null: id = "\(path):\(number)"
        case .bool, .object, .array:
            throw JSONLineError(
                offset: idField.start,
                message: "field \"\(context.options.idField)\" must be a string or a number, found \(idField.kind.name)")
        }
        func metadata(_ index: Int?) -> String? {
            guard let index else { return nil }
            let field = parser.fields[index]
            switch field.kind {
            case .string: return decode(field)
            case .number: return parser.rawString(line, field)
            default: return nil
            }
        }
        let document = Document(
            ordinal: 0, id: id, text: text,
            source: metadata(sourceIndex), date: metadata(dateIndex),
            url: metadata(urlIndex), title: metadata(titleIndex),
            origin: Document.Origin(path: path, line: number, byteOffset: offset, byteCount: line.count))

        if badCount > 0 || loneSurrogates > 0 {
            context.summary.repairedDocuments += 1
            if let firstBad {
                context.warn(CorpusWarning(
                    kind: .invalidUTF8, file: path, line: number, byteOffset: offset + firstBad,
                    message: "invalid UTF-8 replaced with U+FFFD (\(badCount) sequence\(badCount == 1 ? "" : "s"))"))
            }
            if loneSurrogates > 0 {
                context.warn(CorpusWarning(
                    kind: .loneSurrogate, file: path, line: number, byteOffset: offset,
                    message: "\(loneSurrogates) lone surrogate escape\(loneSurrogates == 1 ? "" : "s") replaced with U+FFFD"))
            }
        }
        return document
    }
}
