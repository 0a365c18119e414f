import Foundation
import RefrainCorpus
import RefrainMatch
@testable import RefrainReport
import Testing

@Suite struct QuotesReportFormatTests {
    static func report(_ documents: [Document] = seedDocuments, minVariants: Int = 1) throws -> QuotesReport {
        let index = MatchIndex(documents: documents)
        let options = ClusterOptions()
        let clusters = try QuoteClusterer(index: index, options: options).cluster()
        let parameters = QuotesReport.Parameters(
            minSimilarity: options.minSimilarity, linkSimilarity: options.linkSimilarity,
            attachSimilarity: options.attachSimilarity, minVariants: minVariants,
            stem: index.termOptions.stem, stopwords: index.termOptions.stopwords, index: nil)
        return try QuotesReport(clusters: clusters, index: index, parameters: parameters)
    }

    static let seed = try! report()  // in memory: cannot be damaged

    @Test func seedQuotesReportIsValidInEveryFormat() throws {
        #expect(Self.seed.clusters.contains { $0.size > 1 }, "the seed corpus repeats quotes across outlets")
        try expectValidInEveryFormat(Self.seed, documents: ReportDocuments(seedDocuments))
    }

    @Test func reportWithOnlyRepeatedStatementsIsValidInEveryFormat() throws {
        let report = try Self.report(minVariants: 2)
        #expect(report.clusters.allSatisfy { $0.size >= 2 })
        try expectValidInEveryFormat(report, documents: ReportDocuments(seedDocuments))
    }

    @Test func variantOffsetsSliceBackToTheirText() throws {
        let documents = ReportDocuments(seedDocuments)
        for variant in Self.seed.clusters.flatMap(\.variants) {
            let bytes = try #require(documents[variant.doc]).bytes
            #expect(String(decoding: bytes[variant.start..<variant.end], as: UTF8.self) == variant.text)
            for segment in variant.segments {
                #expect(String(decoding: bytes[segment.start..<segment.end], as: UTF8.self) == segment.text)
            }
        }
    }

    @Test func htmlShowsEachRepeatedStatementWithTimelineVariantsAndComparisons() throws {
        let html = String(decoding: try ReportWriter.render(Self.seed, as: .html, documents: ReportDocuments(seedDocuments)), as: UTF8.self)
        let repeated = Self.seed.clusters.filter { $0.size > 1 }
        for cluster in repeated { #expect(html.contains("id=\"quote-\(cluster.id)\"")) }
        #expect(html.components(separatedBy: "<div class=\"timeline\">").count - 1 == repeated.count)
        #expect(html.components(separatedBy: "<div class=\"cmp\">").count - 1
            == repeated.reduce(0) { $0 + min($1.size - 1, HTMLOptions().maxComparisons) })
        #expect(html.contains("class=\"ctx\""), "variants are shown inside their paragraphs")
        #expect(html.contains("Dmitry Peskov"))
    }

    @Test func hostileQuotesAreEscaped() throws {
        let text = #"""
            The minister said "<script>alert(1)</script> & it's over," officials reported.

            Later, "<script>alert(1)</script> & it is over," the minister, Jane Doe, said.
            """#
        let documents = [
            Document(ordinal: 0, id: "a<x>.txt", text: text, source: "\"Outlet\" & <b>Co</b>", origin: .init(path: "a")),
            Document(ordinal: 1, id: "b&y.txt", text: text.replacingOccurrences(of: "over", with: "done"), origin: .init(path: "b")),
        ]
        let report = try Self.report(documents)
        #expect(report.counts.quotes >= 2)
        let html = String(decoding: try ReportWriter.render(report, as: .html, documents: ReportDocuments(documents)), as: UTF8.self)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<x>") && !html.contains("<b>Co"))
        #expect(html.components(separatedBy: "<script").count - 1 == 2)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; it"))
        try expectValidInEveryFormat(report, documents: ReportDocuments(documents))
    }
}
