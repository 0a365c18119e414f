import Foundation
import RefrainCorpus
import RefrainParallel

/// Writes a report in one of the ``ReportFormat``s to standard output or, atomically, to a file.
///
/// - ``ReportFormat/json``: the report as one pretty-printed JSON document with sorted keys and a
///   final newline.
/// - ``ReportFormat/jsonl``: a stream of JSON objects, one per line, each with a `"type"`, in the
///   manner of ripgrep's `--json` messages:
///   ```
///   {"type":"header","schema":"refrain.quotes/2", ...parameters}
///   {"type":"cluster", ...one cluster}            (dedupe, quotes)
///   {"type":"match", ...one match}                (find)
///   {"type":"pair", ...one verified pair}          (dedupe, after the clusters)
///   {"type":"summary", ...counts}
///   ```
///   A consumer can act on each line as it arrives; the schema files describe each message under
///   `$defs` (`header`, `cluster` or `match`, `summary`, and `message` for any line).
/// - ``ReportFormat/html``: one self-contained page (see ``HTMLPage``), with the JSON report
///   embedded in `<script type="application/json" id="refrain-report">` so the page is also
///   machine-readable.
///
/// A file destination is written through ``AtomicFileWriter``: readers see the old file or the
/// complete new one, and a failure leaves nothing behind. Output is byte-identical for equal
/// reports (sorted keys, no dictionary order), whatever the number of ``threads``: large arrays
/// of the JSON document and the JSON Lines messages are encoded in parallel chunks joined in order.
public struct ReportWriter: Sendable {
    /// Where a report goes.
    public enum Destination: Sendable, Hashable, CustomStringConvertible {
        /// Standard output (file descriptor 1).
        case standardOutput
        /// A file, replaced atomically.
        case file(String)

        /// `-` for standard output, the path otherwise. `"-"` and `nil` parse as standard output.
        public init(path: String?) {
            if let path, path != "-" { self = .file(path) } else { self = .standardOutput }
        }

        /// `<stdout>` or the path.
        public var description: String {
            switch self {
            case .standardOutput: return "<stdout>"
            case .file(let path): return path
            }
        }
    }

    /// The format written. Default ``ReportFormat/json``.
    public var format: ReportFormat
    /// Where it goes. Default standard output.
    public var destination: Destination
    /// How HTML pages are laid out (ignored for JSON formats).
    public var html: HTMLOptions
    /// Threads that encode the report (the calling thread is one). Default every core
    /// (`Parallel.allCores`); the bytes do not depend on it.
    public var threads: Int

    /// Creates a writer.
    public init(
        format: ReportFormat = .json, destination: Destination = .standardOutput, html: HTMLOptions = HTMLOptions(),
        threads: Int = Parallel.allCores
    ) {
        self.format = format
        self.destination = destination
        self.html = html
        self.threads = max(1, threads)
    }

    /// Writes `report`. `documents` are the texts the HTML page shows passages within; the JSON
    /// formats ignore them.
    /// - Throws: ``ReportError`` when encoding or writing fails; a file destination is then left
    ///   as it was.
    public func write<Report: RenderableReport>(_ report: Report, documents: ReportDocuments = ReportDocuments()) throws(ReportError) {
        try publish(try stage(report, documents: documents))
    }

    /// Writes several reports of one kind (`refrain find --queries`: one per query) as one output:
    /// - ``ReportFormat/json``: one JSON document, an array of the reports' documents in order;
    /// - ``ReportFormat/jsonl``: each report's messages in turn, as ``write(_:documents:)`` writes
    ///   them, so every line is a message of the report's schema and each report opens with its
    ///   `header` line;
    /// - ``ReportFormat/html`` is a page per report and is refused.
    /// - Throws: ``ReportError/unsupportedFormat(_:)`` for HTML; otherwise as ``write(_:documents:)``.
    public func write<Report: RenderableReport>(batch reports: [Report]) throws(ReportError) {
        if format == .html { throw ReportError.unsupportedFormat("an HTML report shows one report; write several as json or jsonl") }
        try publish(try deliver(Payload<Report>.batch(reports)))
    }

    /// Writes `report` as ``write(_:documents:)`` does, but a file destination is left complete
    /// under its temporary name (see ``AtomicFileWriter/prepare()``) for the caller to publish,
    /// e.g. with other outputs of the run through ``OutputCommit``. Returns nil for standard output,
    /// which is written at once.
    public func stage<Report: RenderableReport>(
        _ report: Report, documents: ReportDocuments = ReportDocuments()
    ) throws(ReportError) -> AtomicFileWriter? {
        try deliver(.one(report, documents))
    }

    /// What one write delivers.
    enum Payload<Report: RenderableReport> {
        case one(Report, ReportDocuments)
        case batch([Report])
    }

    private func publish(_ staged: AtomicFileWriter?) throws(ReportError) {
        guard let staged else { return }
        do {
            try staged.publish()
        } catch {
            throw ReportError.writeFailed(path: staged.path, reason: Self.reason(error))
        }
    }

    /// Emits `payload` to standard output (nil), or to a file left prepared for ``publish(_:)``.
    private func deliver<Report: RenderableReport>(_ payload: Payload<Report>) throws(ReportError) -> AtomicFileWriter? {
        switch destination {
        case .standardOutput:
            var sink = StandardOutputSink()
            try Self.emit(payload, format: format, html: html, threads: threads, to: &sink)
            try sink.flush()
            return nil
        case .file(let path):
            let writer: AtomicFileWriter
            do {
                writer = try AtomicFileWriter(path: path)
            } catch {
                throw ReportError.writeFailed(path: path, reason: Self.reason(error))
            }
            var sink = FileSink(writer: writer)
            do throws(ReportError) {
                try Self.emit(payload, format: format, html: html, threads: threads, to: &sink)
                do {
                    try writer.prepare()
                } catch {
                    throw ReportError.writeFailed(path: path, reason: Self.reason(error))
                }
            } catch {
                writer.abort()
                throw error
            }
            return writer
        }
    }

    static func emit<Report: RenderableReport, Sink: ByteSink>(
        _ payload: Payload<Report>, format: ReportFormat, html: HTMLOptions, threads: Int, to sink: inout Sink
    ) throws(ReportError) {
        switch payload {
        case .one(let report, let documents):
            try emit(report, format: format, documents: documents, html: html, threads: threads, to: &sink)
        case .batch(let reports):
            if format == .json {
                var bytes = try encode(reports, encoder: FastJSONEncoder(prettyPrinted: true, threads: threads))
                bytes.append(0x0A)
                try sink.write(bytes)
            } else {
                for report in reports {
                    try emit(report, format: format, documents: ReportDocuments(), html: html, threads: threads, to: &sink)
                }
            }
        }
    }

    /// The bytes ``write(_:documents:)`` would write, in memory, encoded on `threads` threads
    /// (the bytes do not depend on it).
    public static func render<Report: RenderableReport>(
        _ report: Report, as format: ReportFormat, documents: ReportDocuments = ReportDocuments(),
        html: HTMLOptions = HTMLOptions(), threads: Int = Parallel.allCores
    ) throws(ReportError) -> [UInt8] {
        var sink = MemorySink()
        try emit(report, format: format, documents: documents, html: html, threads: max(1, threads), to: &sink)
        return sink.bytes
    }

    /// The report as one compact JSON document with sorted keys (no final newline): what the
    /// HTML page embeds. Encoded on `threads` threads (the bytes do not depend on it).
    public static func compactJSON<Report: RenderableReport>(_ report: Report, threads: Int = Parallel.allCores) throws(ReportError) -> [UInt8] {
        try encode(report, encoder: FastJSONEncoder(prettyPrinted: false, threads: threads))
    }

    /// JSON Lines body messages encoded per parallel task, and tasks per parallel round (a round's
    /// lines are held in memory before they are written).
    static let messagesPerTask = 64
    static let tasksPerRound = 64

    static func emit<Report: RenderableReport, Sink: ByteSink>(
        _ report: Report, format: ReportFormat, documents: ReportDocuments, html: HTMLOptions, threads: Int, to sink: inout Sink
    ) throws(ReportError) {
        switch format {
        case .json:
            var bytes = try encode(report, encoder: FastJSONEncoder(prettyPrinted: true, threads: threads))
            bytes.append(0x0A)
            try sink.write(bytes)
        case .jsonl:
            // Messages are small: each is encoded on one thread, many messages at once.
            let encoder = FastJSONEncoder(prettyPrinted: false)
            let kind = Report.kind
            try sink.write(try message(type: "header", schema: kind.schemaID, report.streamHeader, encoder: encoder))
            let body = report.streamBody
            let tasks = (body.count + messagesPerTask - 1) / messagesPerTask
            var firstTask = 0
            while firstTask < tasks {
                let round = min(tasksPerRound, tasks - firstTask)
                let lines = Parallel.map(count: round, threads: threads) { task, _ -> Result<[UInt8], ReportError> in
                    let start = (firstTask + task) * messagesPerTask
                    var bytes: [UInt8] = []
                    var keys: [String: String] = [:]
                    do throws(ReportError) {
                        for item in body[start..<min(body.count, start + messagesPerTask)] {
                            try appendMessage(type: item.type, schema: nil, item.payload, encoder: encoder, keys: &keys, to: &bytes)
                        }
                    } catch {
                        return .failure(error)
                    }
                    return .success(bytes)
                }
                // In order: the first failure is the one a serial loop would meet.
                for task in lines { try sink.write(try task.get()) }
                firstTask += round
            }
            try sink.write(try message(type: "summary", schema: nil, report.streamSummary, encoder: encoder))
        case .html:
            var page = HTMLPage(kind: Report.kind, options: html)
            let context = HTMLContext(documents: documents, options: html)
            report.renderHTML(into: &page, context: context)
            let pageBytes = page.finish(embedding: try compactJSON(report, threads: threads))
            try sink.write(pageBytes)
        }
    }

    /// One JSON Lines message: `{"type":…[,"schema":…],<payload members>}` and a newline.
    static func message(type: String, schema: String?, _ payload: some Encodable, encoder: FastJSONEncoder) throws(ReportError) -> [UInt8] {
        var line: [UInt8] = []
        var keys: [String: String] = [:]
        try appendMessage(type: type, schema: schema, payload, encoder: encoder, keys: &keys, to: &line)
        return line
    }

    /// Appends ``message(type:schema:_:encoder:)``'s line to `line`; `keys` are the snake-case
    /// conversions of earlier messages, kept for the next.
    static func appendMessage(
        type: String, schema: String?, _ payload: some Encodable, encoder: FastJSONEncoder,
        keys: inout [String: String], to line: inout [UInt8]
    ) throws(ReportError) {
        let body: [UInt8]
        do {
            body = try encoder.encode(payload, snakeCase: &keys)
        } catch {
            throw ReportError.encodingFailed(reason: "\(error)")
        }
        guard body.first == UInt8(ascii: "{"), body.last == UInt8(ascii: "}") else {
            throw ReportError.encodingFailed(reason: "a JSON Lines \(type) message must encode as a JSON object")
        }
        line.append(contentsOf: "{\"type\":\"\(type)\"".utf8)
        if let schema { line.append(contentsOf: ",\"schema\":\"\(schema)\"".utf8) }
        if body.count > 2 {
            line.append(UInt8(ascii: ","))
            line.append(contentsOf: body[1...])
        } else {
            line.append(UInt8(ascii: "}"))
        }
        line.append(0x0A)
    }

    static func encode(_ value: some Encodable, encoder: FastJSONEncoder) throws(ReportError) -> [UInt8] {
        do {
            return try encoder.encode(value)
        } catch {
            throw ReportError.encodingFailed(reason: "\(error)")
        }
    }

    private static func reason(_ error: CorpusError) -> String {
        if case .writeFailed(_, let reason) = error { return reason }
        return error.description
    }
}

/// The JSON encoding every report format uses, so equal reports give equal bytes. Keys are
/// written in snake case (`minScore` → `min_score`, see ``ReportModel``) and sorted.
///
/// ``pretty`` and ``compact`` are Foundation's `JSONEncoder`s, the reference; the writers and
/// ``ReportModel/jsonData(pretty:)`` use ``fastPretty`` and ``fastCompact``
/// (``FastJSONEncoder``), which write the same bytes faster.
public enum ReportEncoding {
    /// Pretty-printed, sorted keys, slashes unescaped: the `json` format.
    public static var pretty: JSONEncoder { encoder([.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) }

    /// One line, sorted keys, slashes unescaped: JSON Lines messages and the HTML page's data.
    public static var compact: JSONEncoder { encoder([.sortedKeys, .withoutEscapingSlashes]) }

    /// The ``FastJSONEncoder`` writing the same bytes as ``pretty``, on every core: what the
    /// writers use.
    public static var fastPretty: FastJSONEncoder { FastJSONEncoder(prettyPrinted: true, threads: Parallel.allCores) }

    /// The ``FastJSONEncoder`` writing the same bytes as ``compact``, on every core: what the
    /// writers use.
    public static var fastCompact: FastJSONEncoder { FastJSONEncoder(prettyPrinted: false, threads: Parallel.allCores) }

    private static func encoder(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }
}

/// A report that could not be written.
public enum ReportError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The report could not be encoded (a model that does not encode as the format needs).
    case encodingFailed(reason: String)
    /// Writing failed; a file destination was left as it was. `path` is `<stdout>` for standard output.
    case writeFailed(path: String, reason: String)
    /// The format cannot hold what was asked (several reports as one HTML page).
    case unsupportedFormat(String)

    /// A one-line message naming the destination first.
    public var description: String {
        switch self {
        case .encodingFailed(let reason): return "cannot encode report: \(reason)"
        case .writeFailed(let path, let reason): return "\(path): cannot write report: \(reason)"
        case .unsupportedFormat(let reason): return "cannot write report: \(reason)"
        }
    }
}

/// Where rendered bytes go.
protocol ByteSink {
    mutating func write(_ bytes: [UInt8]) throws(ReportError)
}

struct MemorySink: ByteSink {
    var bytes: [UInt8] = []
    mutating func write(_ bytes: [UInt8]) throws(ReportError) { self.bytes.append(contentsOf: bytes) }
}

struct FileSink: ByteSink {
    let writer: AtomicFileWriter
    mutating func write(_ bytes: [UInt8]) throws(ReportError) {
        do {
            try writer.write(bytes)
        } catch {
            if case .writeFailed(let path, let reason) = error { throw ReportError.writeFailed(path: path, reason: reason) }
            throw ReportError.writeFailed(path: writer.path, reason: error.description)
        }
    }
}

/// Standard output through `write(2)` with a 64 KiB buffer (no stdio, so nothing else's buffer
/// interleaves with the report).
struct StandardOutputSink: ByteSink {
    private var buffer: [UInt8] = []
    private static let capacity = 64 << 10

    init() { buffer.reserveCapacity(Self.capacity) }

    mutating func write(_ bytes: [UInt8]) throws(ReportError) {
        if buffer.count + bytes.count > Self.capacity { try flush() }
        if bytes.count >= Self.capacity {
            try Self.writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    mutating func flush() throws(ReportError) {
        guard !buffer.isEmpty else { return }
        try Self.writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ bytes: [UInt8]) throws(ReportError) {
        let failure: Int32? = bytes.withUnsafeBytes { raw -> Int32? in
            var done = 0
            while done < raw.count {
                let wrote = Foundation.write(1, raw.baseAddress! + done, raw.count - done)
                if wrote < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += wrote
            }
            return nil
        }
        if let failure {
            throw ReportError.writeFailed(path: "<stdout>", reason: String(cString: strerror(failure)))
        }
    }
}
