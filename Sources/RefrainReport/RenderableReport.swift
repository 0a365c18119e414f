/// A report that ``ReportWriter`` can write in every ``ReportFormat``.
///
/// The report models (`DedupeReport`, `FindReport`, `QuotesReport`) conform in
/// `<Model>+Rendering.swift` files. A conformance says how the report splits into the JSON Lines
/// stream, how many things matched (for `--fail-on-match`), and how it looks as HTML.
public protocol RenderableReport: Encodable, Sendable {
    /// What the JSON Lines `header` message carries besides `"type"` and `"schema"`: the
    /// parameters and inputs of the run.
    associatedtype Header: Encodable
    /// One result: a cluster or a match.
    associatedtype Record: Encodable
    /// What the JSON Lines `summary` message carries besides `"type"`: the counts.
    associatedtype Summary: Encodable

    /// Which kind of report this is (fixes the schema id and the record type).
    static var kind: ReportKind { get }

    /// The header message's payload.
    var streamHeader: Header { get }
    /// The results, in report order, one JSON Lines message each.
    var streamRecords: [Record] { get }
    /// The summary message's payload.
    var streamSummary: Summary { get }

    /// How many results there are (clusters or matches); `--fail-on-match` fails when non-zero.
    var matchCount: Int { get }

    /// Writes the page's body: everything between the page header and the embedded JSON.
    func renderHTML(into page: inout HTMLPage, context: HTMLContext)
}
