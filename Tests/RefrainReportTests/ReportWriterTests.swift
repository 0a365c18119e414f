import Foundation
import RefrainCorpus
@testable import RefrainReport
import RefrainDedupe
import Testing

@Suite struct ReportWriterTests {
    static func report() throws -> DedupeReport {
        var options = DedupeOptions()
        options.level = .paragraph
        return DedupeReport(result: try DedupeEngine(options: options).run(documents: seedDocuments))
    }

    static func temporaryPath(_ name: String) -> String {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("refrain-report-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return (directory as NSString).appendingPathComponent(name)
    }

    @Test(arguments: ReportFormat.allCases)
    func writesAFileAtomicallyWithTheRenderedBytes(format: ReportFormat) throws {
        let report = try Self.report()
        let path = Self.temporaryPath("report.\(format.fileExtension)")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try ReportWriter(format: format, destination: .file(path)).write(report, documents: ReportDocuments(seedDocuments))
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(written) == (try ReportWriter.render(report, as: format, documents: ReportDocuments(seedDocuments))))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["report.\(format.fileExtension)"], "no temporary file is left behind")
    }

    @Test func aFailedWriteNamesThePathAndLeavesNothing() throws {
        let report = try Self.report()
        let path = "/nonexistent-directory-\(UUID().uuidString)/report.json"
        #expect {
            try ReportWriter(destination: .file(path)).write(report)
        } throws: { error in
            guard case ReportError.writeFailed(let failedPath, _) = error else { return false }
            return failedPath == path && (error as? ReportError)?.description.hasPrefix(path) == true
        }
    }

    @Test func renderingIsDeterministic() throws {
        let first = try Self.report()
        let second = try Self.report()
        for format in ReportFormat.allCases {
            #expect(try ReportWriter.render(first, as: format, documents: ReportDocuments(seedDocuments))
                == ReportWriter.render(second, as: format, documents: ReportDocuments(seedDocuments)))
        }
    }

    @Test func jsonLinesPutTypeAndSchemaFirst() throws {
        let lines = String(decoding: try ReportWriter.render(try Self.report(), as: .jsonl), as: UTF8.self).split(separator: "\n")
        #expect(lines.first?.hasPrefix(#"{"type":"header","schema":"refrain.dedupe/1","#) == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(#"{"type":""#) })
        #expect(lines.last?.hasPrefix(#"{"type":"summary","#) == true)
    }

    @Test func jsonFormatIsTheModelsOwnEncoding() throws {
        let dedupe = try Self.report()
        #expect(try ReportWriter.render(dedupe, as: .json) == Array(try dedupe.jsonData()))
        let find = try FindReportFormatTests.report("highly likely")
        #expect(try ReportWriter.render(find, as: .json) == Array(try find.jsonData()))
        let quotes = QuotesReportFormatTests.seed
        #expect(try ReportWriter.render(quotes, as: .json) == Array(try quotes.jsonData()))
    }

    @Test func readsOnlyTheDocumentsAReportNames() throws {
        let wanted: Set<String> = ["001_716e6fbc3db45469.txt", "004_dddc448aae3c46ab.txt", "missing.txt"]
        let documents = try ReportDocuments.read(CorpusReader(inputs: [seedCorpusPath]), keeping: wanted)
        #expect(documents.count == 2)
        #expect(documents["001_716e6fbc3db45469.txt"]?.bytes == Array(seedDocuments[1].text.utf8))
        #expect(documents["000_f49b0cf1a968be6d.txt"] == nil)
    }

    @Test func formatFollowsTheFileName() {
        #expect(ReportFormat(fileName: "out/report.HTML") == .html)
        #expect(ReportFormat(fileName: "r.htm") == .html)
        #expect(ReportFormat(fileName: "r.jsonl") == .jsonl)
        #expect(ReportFormat(fileName: "r.ndjson") == .jsonl)
        #expect(ReportFormat(fileName: "r.json") == .json)
        #expect(ReportFormat(fileName: "report") == nil)
        #expect(ReportWriter.Destination(path: "-") == .standardOutput)
        #expect(ReportWriter.Destination(path: nil) == .standardOutput)
        #expect(ReportWriter.Destination(path: "x.json") == .file("x.json"))
    }

    @Test func schemaIDsAndFileNamesFollowTheKind() {
        #expect(ReportKind.quotes.schemaID == "refrain.quotes/2")
        #expect(ReportKind.find.schemaFileName == "refrain.find-2.schema.json")
        #expect(ReportKind.dedupe.schemaID == "refrain.dedupe/1")
        #expect(ReportKind.quotes.schemaID == QuotesReport.schemaID && ReportKind.find.schemaID == FindReport.schemaID)
        #expect(ReportKind.find.recordType == "match")
        #expect(ReportKind.dedupe.recordType == "cluster")
    }
}

@Suite struct TokenAlignmentTests {
    @Test func alignsCaseAndHyphenVariantsWordForWord() {
        let a = "Kim Yong-hyun said it was highly likely."
        let b = "Kim Yong-Hyun said it is highly likely"
        let alignment = TokenAlignment.align(a, b, tokenizer: .init())
        let left = alignment.leftTokens.map { String(decoding: Array(a.utf8)[$0], as: UTF8.self) }
        let unaligned = zip(left, alignment.leftPartner).filter { $0.1 == nil }.map(\.0)
        #expect(unaligned == ["was"])
        #expect(alignment.alignedCount == alignment.leftTokens.count - 1)
    }

    @Test func pairsAreMutualAndInOrder() {
        let a = "This seems like yet another fake news story"
        let b = "another bit of fake news"
        let alignment = TokenAlignment.align(a, b, tokenizer: .init())
        var previous = -1
        for (i, partner) in alignment.leftPartner.enumerated() {
            guard let partner else { continue }
            #expect(alignment.rightPartner[partner] == i)
            #expect(partner > previous)
            previous = partner
        }
        #expect(alignment.alignedCount == 3)  // another, fake, news
        #expect(abs(alignment.similarity - 6.0 / 13.0) < 1e-9)
    }

    @Test func emptyAndUnrelatedPassages() {
        #expect(TokenAlignment.align("", "", tokenizer: .init()).similarity == 1)
        let unrelated = TokenAlignment.align("alpha beta", "gamma delta", tokenizer: .init())
        #expect(unrelated.alignedCount == 0)
        #expect(unrelated.leftPartner == [nil, nil])
    }

    @Test func timelineDatesParseAsDays() {
        #expect(HTMLPage.dayNumber("1970-01-01") == 0)
        #expect(HTMLPage.dayNumber("2024-10-08T13:33:00Z") == 20004)
        #expect(HTMLPage.dayNumber("2024") == HTMLPage.dayNumber("2024-01-01"))
        #expect(HTMLPage.dayNumber("October 8, 2024") == nil)
        #expect(HTMLPage.dayNumber("2024-13-01") == nil)
    }

    @Test func timelinePlacesDatedEntriesInDateOrderAndListsUndatedOnes() {
        var page = HTMLPage(kind: .quotes)
        page.timeline([
            HTMLTimelineEntry(label: "Later <Outlet>", date: "2024-10-10", detail: "fake news"),
            HTMLTimelineEntry(label: "Earlier", date: "2024-10-08T09:00:00Z"),
            HTMLTimelineEntry(label: "Unknown & undated", date: "October 2024"),
        ])
        let html = String(decoding: page.finish(embedding: Array("{}".utf8)), as: UTF8.self)
        let earlier = html.range(of: ">2024-10-08<"), later = html.range(of: ">2024-10-10<")
        #expect(earlier != nil && later != nil && earlier!.lowerBound < later!.lowerBound)
        #expect(html.contains("Later &lt;Outlet&gt;"))
        #expect(html.contains("Date unknown: Unknown &amp; undated."))
        #expect(html.contains("“fake news”"))
    }

    @Test func timelineWithoutDatesFollowsReadingOrder() {
        var page = HTMLPage(kind: .quotes)
        page.timeline([HTMLTimelineEntry(label: "first", date: nil), HTMLTimelineEntry(label: "second", date: nil)])
        let html = String(decoding: page.finish(embedding: Array("{}".utf8)), as: UTF8.self)
        #expect(html.contains("1st read") && html.contains("2nd read"))
        #expect(html.contains("No publication dates in the input"))
        #expect(HTMLPage.ordinal(11) == "11th" && HTMLPage.ordinal(22) == "22nd" && HTMLPage.ordinal(103) == "103rd")
    }

    @Test func displayTextKeepsParagraphBreaksAndEscapes() {
        #expect(HTMLPage.displayText("a <b>\nc\n\n d & e") == "a &lt;b&gt; c<br><br>d &amp; e")
    }
}
