/// The output formats of every report.
public enum ReportFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// One JSON document (pretty-printed, keys sorted): what pipelines and `jq` read. The default.
    case json
    /// JSON Lines, one message per line (see ``ReportWriter``): a `header` line with the schema id
    /// and the parameters, one `cluster` or `match` line each, then a `summary` line. For results
    /// too big to hold or parse at once.
    case jsonl
    /// One self-contained HTML page (inline CSS and JavaScript, no network) for people.
    case html

    /// The format a file name suggests: `.html`/`.htm` is HTML, `.jsonl`/`.ndjson` JSON Lines,
    /// `.json` JSON; `nil` for anything else.
    public init?(fileName: String) {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
            self = .html
        } else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
            self = .jsonl
        } else if lower.hasSuffix(".json") {
            self = .json
        } else {
            return nil
        }
    }

    /// The usual file extension, without the dot.
    public var fileExtension: String { rawValue }
}

/// The three kinds of report, each with its own versioned schema.
public enum ReportKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `refrain dedupe`: clusters of near-duplicate documents or paragraphs.
    case dedupe
    /// `refrain find`: passages matching one quote.
    case find
    /// `refrain quotes`: clusters of variants of the same statement.
    case quotes

    /// The schema version this build writes for this kind. Bumped on any incompatible change:
    /// dedupe 1; find 2 and quotes 2 (scores that each mean one thing, unmarked reprints, outlets).
    public var schemaVersion: Int {
        switch self {
        case .dedupe: return 1
        case .find, .quotes: return 2
        }
    }

    /// The value of every report's `"schema"` member, e.g. `"refrain.quotes/2"`.
    public var schemaID: String { "refrain.\(rawValue)/\(schemaVersion)" }

    /// The file name of the JSON Schema in `Sources/RefrainReport/Schemas/`,
    /// e.g. `refrain.quotes-2.schema.json`.
    public var schemaFileName: String { "refrain.\(rawValue)-\(schemaVersion).schema.json" }

    /// The `"type"` of the JSON Lines messages that carry results: `"cluster"` for dedupe and
    /// quotes, `"match"` for find.
    public var recordType: String { self == .find ? "match" : "cluster" }
}
