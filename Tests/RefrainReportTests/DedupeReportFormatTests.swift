import Foundation
import RefrainCorpus
@testable import RefrainReport
import RefrainSketch
import Testing

@Suite struct DedupeReportFormatTests {
    static func report(level: DedupeLevel, documents: [Document] = seedDocuments) throws -> DedupeReport {
        var options = DedupeOptions()
        options.level = level
        return DedupeReport(result: try DedupeEngine(options: options).run(documents: documents))
    }

    @Test func seedParagraphReportIsValidInEveryFormat() throws {
        let report = try Self.report(level: .paragraph)
        #expect(report.matchCount > 0, "the seed corpus shares paragraphs between 001 and 004")
        let document = try expectValidInEveryFormat(report, documents: ReportDocuments(seedDocuments))
        #expect(document["parameters"]?["level"] == .string("paragraph"))
    }

    @Test func seedDocumentReportIsValidInEveryFormat() throws {
        let report = try Self.report(level: .document)
        try expectValidInEveryFormat(report, documents: ReportDocuments(seedDocuments))
    }

    @Test func jsonLinesCarryEveryPairAfterTheClusters() throws {
        let report = try Self.report(level: .paragraph)
        let lines = String(decoding: try ReportWriter.render(report, as: .jsonl), as: UTF8.self).split(separator: "\n")
        let types = try lines.map { try JSONValue.parse(String($0))["type"]?.stringValue ?? "?" }
        let expected = ["header"] + Array(repeating: "cluster", count: report.clusters.count)
            + Array(repeating: "pair", count: report.pairs.count) + ["summary"]
        #expect(types == expected)
    }

    @Test func schemaRejectsABrokenRealReport() throws {
        let schema = try loadSchema(.dedupe)
        let report = try Self.report(level: .paragraph)
        var document = try JSONValue.parse(try ReportWriter.render(report, as: .json))
        guard case .object(var root) = document, case .array(var clusters) = root["clusters"],
            case .object(var cluster) = clusters[0], case .array(var members) = cluster["members"],
            case .object(var member) = members[0]
        else {
            Issue.record("unexpected report shape")
            return
        }
        member["excerpt"] = nil
        member["similarity"] = .number(1.5)
        member["match"] = .string("cosine")
        members[0] = .object(member)
        cluster["members"] = .array(members)
        clusters[0] = .object(cluster)
        root["clusters"] = .array(clusters)
        root["schema"] = .string("refrain.dedupe/2")
        document = .object(root)
        let keywords = Set(schema.validate(document).map(\.keyword))
        #expect(keywords == ["required", "maximum", "enum", "const"])
    }

    @Test func paragraphComparisonsShowBothMembersWithAlignedWords() throws {
        let report = try Self.report(level: .paragraph)
        let html = String(decoding: try ReportWriter.render(report, as: .html, documents: ReportDocuments(seedDocuments)), as: UTF8.self)
        #expect(html.contains("class=\"cmp\""))
        #expect(html.contains("class=\"al\" data-p="))
        #expect(html.contains("001_716e6fbc3db45469.txt") && html.contains("004_dddc448aae3c46ab.txt"))
        #expect(html.contains("id=\"cluster-0\""))
    }
}
