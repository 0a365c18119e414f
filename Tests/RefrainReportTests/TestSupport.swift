import Foundation
import RefrainCorpus
@testable import RefrainReport
import RefrainTestSupport
import Testing

/// The repository root.
let repositoryRoot = Repository.root

/// The seed corpus directory.
let seedCorpusPath = Repository.seedCorpus.path

/// The seed corpus read the way the CLI reads it.
let seedDocuments: [Document] = try! readAllDocuments([seedCorpusPath]).documents

/// The schema file of `kind`, loaded.
func loadSchema(_ kind: ReportKind) throws -> JSONSchema {
    let path = repositoryRoot.appendingPathComponent("Sources/RefrainReport/Schemas/\(kind.schemaFileName)").path
    return try JSONSchema(contentsOfFile: path)
}

/// The array member of a report holding its results.
func resultsKey(_ kind: ReportKind) -> String { kind == .find ? "matches" : "clusters" }

/// The JSON embedded in an HTML report's `<script type="application/json" id="refrain-report">`.
func embeddedJSON(_ html: String) -> String? {
    let open = "<script type=\"application/json\" id=\"refrain-report\">"
    guard let start = html.range(of: open), let end = html.range(of: "</script>", range: start.upperBound..<html.endIndex) else {
        return nil
    }
    return String(html[start.upperBound..<end.lowerBound])
}

/// Renders `report` in every format and checks each against its schema: the JSON document; every
/// JSON Lines message (header first, summary last, result lines equal to the JSON document's
/// results); the JSON embedded in the HTML page (equal to the JSON document).
/// Returns the parsed JSON document for further checks.
@discardableResult
func expectValidInEveryFormat<Report: RenderableReport>(
    _ report: Report, documents: ReportDocuments = ReportDocuments(), sourceLocation: SourceLocation = #_sourceLocation
) throws -> JSONValue {
    let kind = Report.kind
    let schema = try loadSchema(kind)

    // JSON
    let json = try ReportWriter.render(report, as: .json)
    #expect(json.last == 0x0A, "JSON ends with a newline", sourceLocation: sourceLocation)
    let document = try JSONValue.parse(json)
    let violations = schema.validate(document)
    #expect(violations.isEmpty, "json: \(violations.prefix(5))", sourceLocation: sourceLocation)
    #expect(document["schema"] == .string(kind.schemaID), sourceLocation: sourceLocation)

    // JSON Lines
    let jsonl = String(decoding: try ReportWriter.render(report, as: .jsonl), as: UTF8.self)
    #expect(jsonl.hasSuffix("\n"), sourceLocation: sourceLocation)
    let lines = jsonl.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.count >= 2, sourceLocation: sourceLocation)
    var messages: [JSONValue] = []
    for (number, line) in lines.enumerated() {
        #expect(!line.isEmpty, "line \(number + 1) is empty", sourceLocation: sourceLocation)
        let message = try JSONValue.parse(String(line))
        let problems = schema.validate(message, definition: "message")
        #expect(problems.isEmpty, "jsonl line \(number + 1): \(problems.prefix(3))", sourceLocation: sourceLocation)
        messages.append(message)
    }
    #expect(messages.first?["type"] == .string("header"), sourceLocation: sourceLocation)
    #expect(messages.first?["schema"] == .string(kind.schemaID), sourceLocation: sourceLocation)
    #expect(schema.validate(messages.first!, definition: "header").isEmpty, sourceLocation: sourceLocation)
    #expect(messages.last?["type"] == .string("summary"), sourceLocation: sourceLocation)
    #expect(schema.validate(messages.last!, definition: "summary").isEmpty, sourceLocation: sourceLocation)
    let records = messages.filter { $0["type"] == .string(kind.recordType) }.map { message -> JSONValue in
        var members = message.objectValue!
        members["type"] = nil
        return .object(members)
    }
    #expect(records.count == report.matchCount, sourceLocation: sourceLocation)
    #expect(records == document[resultsKey(kind)]?.arrayValue, "JSON Lines results equal the JSON document's", sourceLocation: sourceLocation)

    // HTML
    let html = String(decoding: try ReportWriter.render(report, as: .html, documents: documents), as: UTF8.self)
    #expect(html.hasPrefix("<!DOCTYPE html>"), sourceLocation: sourceLocation)
    #expect(!html.contains(" src=") && !html.contains("<link") && !html.contains("@import") && !html.contains("url("),
            "the page loads nothing", sourceLocation: sourceLocation)
    #expect(html.components(separatedBy: "href=\"").dropFirst().allSatisfy { $0.hasPrefix("#") },
            "links stay inside the page", sourceLocation: sourceLocation)
    let embedded = try #require(embeddedJSON(html), sourceLocation: sourceLocation)
    let embeddedValue = try JSONValue.parse(embedded)
    #expect(schema.validate(embeddedValue).isEmpty, sourceLocation: sourceLocation)
    #expect(embeddedValue == document, "the page embeds the JSON report", sourceLocation: sourceLocation)
    return document
}

