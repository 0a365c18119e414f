import Foundation
import RefrainCorpus
import RefrainTestSupport
@testable import RefrainReport
import RefrainDedupe
import Testing

@Suite struct DedupeReportFormatTests {
    static func report(level: DedupeLevel, documents: [Document] = seedDocuments,
                       _ configure: (inout DedupeOptions) -> Void = { _ in }) throws -> DedupeReport {
        var options = DedupeOptions()
        options.level = level
        configure(&options)
        return DedupeReport(result: try DedupeEngine(options: options).run(documents: documents))
    }

    /// The seed corpus plus a copy of 004 with one word changed, so documents cluster too.
    static var documentsWithACopy: [Document] {
        var copy = seedDocuments[4]
        copy.text = copy.text.replacingOccurrences(of: "likely sending", with: "probably sending")
        copy.id = "copy-of-004.txt"
        copy.ordinal = seedDocuments.count
        return seedDocuments + [copy]
    }

    @Test func paragraphMembersCarryTheExactTextOfTheirRange() throws {
        let report = try Self.report(level: .paragraph)
        let documents = ReportDocuments(seedDocuments)
        let members = report.clusters.flatMap(\.members)
        #expect(!members.isEmpty)
        for member in members {
            let bytes = try #require(documents[member.doc]).bytes
            #expect(member.text == String(decoding: bytes[member.start..<member.end], as: UTF8.self))
            #expect(member.excerptSpan == nil)
        }
    }

    @Test func documentMembersCarryTheExactTextTheirExcerptShows() throws {
        let documents = Self.documentsWithACopy
        let report = try Self.report(level: .document, documents: documents)
        let members = report.clusters.flatMap(\.members)
        #expect(members.map(\.doc) == ["004_dddc448aae3c46ab.txt", "copy-of-004.txt"])
        let texts = ReportDocuments(documents)
        for member in members {
            let bytes = try #require(texts[member.doc]).bytes
            let span = try #require(member.excerptSpan)
            #expect(member.text == nil)
            #expect(member.start == 0 && member.end == bytes.count && span.start == 0 && span.end < member.end)
            #expect(span.text == String(decoding: bytes[span.start..<span.end], as: UTF8.self))
            #expect(span.text.split(whereSeparator: \.isWhitespace).joined(separator: " ") + "…" == member.excerpt)
        }
        let document = try expectValidInEveryFormat(report, documents: texts)
        #expect(document["clusters"]?.arrayValue?.first?["members"]?.arrayValue?.first?["excerpt_span"]?["text"] != nil)
    }

    @Test func boilerplateReportListsEachLineWithItsRuleAndDocuments() throws {
        let report = try Self.report(level: .paragraph) { $0.boilerplate = true }
        let document = try expectValidInEveryFormat(report, documents: ReportDocuments(seedDocuments))
        let lines = try #require(document["boilerplate"]?.arrayValue)
        let signUp = try #require(lines.first { $0["text"]?.stringValue?.hasPrefix("Thank you for signing up") == true })
        #expect(signUp["rule"] == .string("frame"))
        #expect(signUp["docs"] == .array([.string("001_716e6fbc3db45469.txt"), .string("004_dddc448aae3c46ab.txt")]))
        #expect(signUp["source"] == .string(seedCorpusPath))
        #expect(document["parameters"]?["boilerplate_content_words"] == .integer(6))
        // The in-document repeats rule off is a valid report too.
        let off = try Self.report(level: .paragraph) { $0.boilerplate = true; $0.boilerplateMinRepeats = 0 }
        let offDocument = try expectValidInEveryFormat(off, documents: ReportDocuments(seedDocuments))
        #expect(offDocument["parameters"]?["boilerplate_min_repeats"] == .integer(0))
        #expect(off.boilerplate.map(\.rule) == ["frame", "frame"])
    }

    /// The seed paragraph report as JSON with its first member (and its root object) changed.
    static func alteredReport(member change: (inout [String: JSONValue]) -> Void,
                              root changeRoot: (inout [String: JSONValue]) -> Void = { _ in }) throws -> JSONValue {
        let document = try JSONValue.parse(try ReportWriter.render(try Self.report(level: .paragraph), as: .json))
        guard case .object(var root) = document, case .array(var clusters) = root["clusters"],
            case .object(var cluster) = clusters[0], case .array(var members) = cluster["members"],
            case .object(var member) = members[0]
        else {
            Issue.record("unexpected report shape")
            return document
        }
        change(&member)
        members[0] = .object(member)
        cluster["members"] = .array(members)
        clusters[0] = .object(cluster)
        root["clusters"] = .array(clusters)
        changeRoot(&root)
        return .object(root)
    }

    @Test func schemaWantsTheExactTextOfEveryMember() throws {
        let document = try Self.alteredReport(member: { $0["text"] = nil })
        #expect(try loadSchema(.dedupe).validate(document).map(\.keyword) == ["oneOf"])
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
        let document = try Self.alteredReport(member: { member in
            member["excerpt"] = nil
            member["similarity"] = .number(1.5)
            member["match"] = .string("cosine")
        }, root: { $0["schema"] = .string("refrain.dedupe/2") })
        let keywords = Set(try loadSchema(.dedupe).validate(document).map(\.keyword))
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
