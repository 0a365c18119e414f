import Foundation
import RefrainCorpus
import RefrainMatch
@testable import RefrainReport
import Testing

@Suite struct FindReportFormatTests {
    static let index = MatchIndex(documents: seedDocuments)

    static func report(_ query: String, documents: [Document] = seedDocuments) throws -> FindReport {
        let index = documents == seedDocuments ? Self.index : MatchIndex(documents: documents)
        let options = FindOptions()
        let matches = try QuoteFinder(index: index, options: options).find(query)
        return try FindReport(query: query, matches: matches, index: index, parameters: .init(options: options, index: index))
    }

    @Test func seedFindReportIsValidInEveryFormat() throws {
        let report = try Self.report("another bit of fake news")
        #expect(report.matchCount >= 3, "000, 001 and 003 each have a variant of Peskov's remark")
        let document = try expectValidInEveryFormat(report, documents: ReportDocuments(seedDocuments))
        #expect(document["query"] == .string("another bit of fake news"))
    }

    @Test func reportWithoutMatchesIsValidInEveryFormat() throws {
        let report = try Self.report("zyxwv qutrb plomf")
        #expect(report.matchCount == 0)
        try expectValidInEveryFormat(report, documents: ReportDocuments(seedDocuments))
        let html = String(decoding: try ReportWriter.render(report, as: .html), as: UTF8.self)
        #expect(html.contains("class=\"empty\""))
    }

    @Test func offsetsSliceBackToTheTextBesideThem() throws {
        let report = try Self.report("highly likely military alliance between Russia and North Korea")
        #expect(!report.matches.isEmpty)
        let documents = ReportDocuments(seedDocuments)
        for match in report.matches {
            let bytes = try #require(documents[match.doc]).bytes
            #expect(String(decoding: bytes[match.start..<match.end], as: UTF8.self) == match.text)
        }
    }

    @Test func htmlShowsEachMatchBesideTheQueryInItsParagraph() throws {
        let report = try Self.report("another bit of fake news")
        let html = String(decoding: try ReportWriter.render(report, as: .html, documents: ReportDocuments(seedDocuments)), as: UTF8.self)
        #expect(html.contains("id=\"match-0\""))
        #expect(html.contains("The quote searched for"))
        #expect(html.contains("class=\"ctx\""), "passages are shown inside their paragraphs")
        #expect(html.contains("<span class=\"al\" data-p=\"0\">another</span>") || html.contains(">another</span>"))
    }

    @Test func hostileQueryAndDocumentsAreEscaped() throws {
        let hostile = #"The minister said "<script>alert('x')</script> & more" was fake news, officials said."#
        let documents = [
            Document(ordinal: 0, id: "<doc>&1", text: hostile, source: "<b>Outlet</b>", origin: .init(path: "a")),
            Document(ordinal: 1, id: "plain", text: "Something else entirely about fake news and weather.", origin: .init(path: "b")),
        ]
        let report = try Self.report("<script>alert('x')</script> fake news", documents: documents)
        #expect(report.matchCount >= 1)
        let html = String(decoding: try ReportWriter.render(report, as: .html, documents: ReportDocuments(documents)), as: UTF8.self)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<b>Outlet"))
        #expect(!html.contains("<doc>"))
        #expect(html.components(separatedBy: "<script").count - 1 == 2)
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        try expectValidInEveryFormat(report, documents: ReportDocuments(documents))
    }
}
