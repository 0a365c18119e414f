import Foundation
import RefrainCorpus
import RefrainMatch
@testable import RefrainReport
import RefrainTestSupport
import Testing

/// `refrain find --queries`: several reports written as one output.
@Suite struct BatchWriteTests {
    static func reports() throws -> [FindReport] {
        let index = MatchIndex(documents: seedDocuments)
        let finder = QuoteFinder(index: index, options: FindOptions())
        let parameters = FindReport.Parameters(minScore: 0.3, limit: 20, stem: true, stopwords: true, index: nil)
        return try ["another bit of fake news", "highly likely", "no such words anywhere"].map {
            try FindReport(query: $0, matches: finder.find($0), index: index, parameters: parameters)
        }
    }

    static func write(_ reports: [FindReport], as format: ReportFormat) throws -> [UInt8] {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("refrain-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = (directory as NSString).appendingPathComponent("out")
        try ReportWriter(format: format, destination: .file(path), threads: 2).write(batch: reports)
        return Array(try #require(FileManager.default.contents(atPath: path)))
    }

    @Test func jsonIsOneArrayOfValidReportsInOrder() throws {
        let reports = try Self.reports()
        #expect(reports.first?.matches.isEmpty == false, "the seed corpus answers the first query")
        let schema = try loadSchema(.find)
        let value = try JSONValue.parse(try Self.write(reports, as: .json))
        let array = try #require(value.arrayValue)
        #expect(array.count == reports.count)
        for (element, report) in zip(array, reports) {
            #expect(schema.validate(element).isEmpty)
            #expect(element == (try JSONValue.parse(try ReportWriter.render(report, as: .json))), "each element is the report's own document")
        }
    }

    @Test func jsonLinesAreEachReportsMessagesInTurn() throws {
        let reports = try Self.reports()
        let bytes = try Self.write(reports, as: .jsonl)
        let expected = try reports.flatMap { try ReportWriter.render($0, as: .jsonl) }
        #expect(bytes == expected)
        let schema = try loadSchema(.find)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        for line in lines { #expect(schema.validate(try JSONValue.parse(String(line)), definition: "message").isEmpty) }
        #expect(lines.filter { $0.hasPrefix(#"{"type":"header""#) }.count == reports.count)
    }

    @Test func htmlIsRefused() {
        #expect(throws: ReportError.self) { try Self.write(Self.reports(), as: .html) }
    }
}
