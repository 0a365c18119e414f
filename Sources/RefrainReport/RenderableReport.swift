/// A report that ``ReportWriter`` can write in every ``ReportFormat``.
///
/// The report models (`DedupeReport`, `FindReport`, `QuotesReport`) conform in
/// `<Model>+Rendering.swift` files. A conformance says how the report splits into the JSON Lines
/// stream, how many things matched (for `--fail-on-match`), and how it looks as HTML.
public protocol RenderableReport: Encodable, Sendable {
    /// What the JSON Lines `header` message carries besides `"type"` and `"schema"`: the
    /// parameters and inputs of the run.
    associatedtype Header: Encodable
    /// What the JSON Lines `summary` message carries besides `"type"`: the counts.
    associatedtype Summary: Encodable

    /// Which kind of report this is (fixes the schema id and the main record type).
    static var kind: ReportKind { get }

    /// The header message's payload.
    var streamHeader: Header { get }
    /// The messages between header and summary, in report order: one per cluster or match
    /// (type ``ReportKind/recordType``), then any other per-item messages (e.g. dedupe's `pair`).
    var streamBody: [StreamMessage] { get }
    /// The summary message's payload.
    var streamSummary: Summary { get }

    /// How many results there are (clusters or matches); `--fail-on-match` fails when non-zero.
    var matchCount: Int { get }

    /// Writes the page's body: everything between the page header and the embedded JSON.
    func renderHTML(into page: inout HTMLPage, context: HTMLContext)
}

/// One JSON Lines message between the header and the summary: its `"type"` and the object whose
/// members follow it on the line.
public struct StreamMessage: Sendable {
    /// The message type, e.g. `"cluster"`, `"match"`, `"pair"`.
    public var type: String
    /// The payload; must encode as a JSON object.
    public var payload: any Encodable & Sendable

    /// Creates a message.
    public init(type: String, payload: any Encodable & Sendable) {
        self.type = type
        self.payload = payload
    }
}
