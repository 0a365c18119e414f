import Foundation
import RefrainCorpus
@testable import RefrainReport
import RefrainDedupe
import Testing

/// The models' JSON, byte for byte: snake-case keys from the shared encoders, absent optionals
/// written as `null` where the schema says so and left out elsewhere.
@Suite struct ReportModelTests {
    static func compact(_ value: some Encodable) throws -> String {
        String(decoding: try ReportEncoding.compact.encode(value), as: UTF8.self)
    }

    @Test func absentOptionalsAreNullWhereMarkedAndLeftOutElsewhere() throws {
        #expect(try Self.compact(FindReport.Token(op: "deletion", query: "fake", start: nil, end: nil, text: nil))
            == #"{"end":null,"op":"deletion","query":"fake","start":null,"text":null}"#)
        #expect(try Self.compact(FindReport.Token(op: "insertion", query: nil, start: 3, end: 7, text: "news"))
            == #"{"end":7,"op":"insertion","query":null,"start":3,"text":"news"}"#)
        #expect(try Self.compact(FindReport.Parameters(minScore: 0.5, limit: 0, stem: true, stopwords: false, index: nil))
            == #"{"index":null,"limit":0,"min_score":0.5,"stem":true,"stopwords":false}"#)
        #expect(try Self.compact(QuotesReport.Link(cluster: 2, speaker: nil, similarity: 0.75))
            == #"{"cluster":2,"kind":"same-words","similarity":0.75,"speaker":null}"#)
        let match = FindReport.Match(
            doc: "a", ordinal: 0, start: 0, end: 4, text: "fake", score: 1, coverage: 1, matchedTerms: 1, queryTerms: 1,
            speaker: nil, attribution: nil, quote: nil, source: nil, date: "2024-10-10", alignment: [])
        #expect(try Self.compact(match) == #"{"alignment":[],"attribution":null,"coverage":1,"date":"2024-10-10","doc":"a","end":4,"#
            + #""matched_terms":1,"ordinal":0,"query_terms":1,"quote":null,"score":1,"speaker":null,"start":0,"text":"fake"}"#)
        let pair = DedupeReport.Pair(a: "x", b: "y", similarity: 0.9, match: "jaccard", aStart: 1, aEnd: 2, bStart: nil, bEnd: nil)
        #expect(try Self.compact(pair) == #"{"a":"x","a_end":2,"a_start":1,"b":"y","match":"jaccard","similarity":0.9}"#)
    }

    @Test func jsonDataIsTheWritersJSON() throws {
        let report = QuotesReportFormatTests.seed
        #expect(Array(try report.jsonData()) == (try ReportWriter.render(report, as: .json)))
        #expect(Array(try report.jsonData(pretty: false)) == (try ReportWriter.compactJSON(report)) + [0x0A])
    }

    @Test func reportsReadBackToEqualModels() throws {
        let find = try FindReportFormatTests.report("another bit of fake news")
        #expect(try FindReport(jsonData: find.jsonData()) == find)
        let quotes = QuotesReportFormatTests.seed
        #expect(try QuotesReport(jsonData: quotes.jsonData()) == quotes)
        for level in DedupeLevel.allCases {
            var options = DedupeOptions()
            options.level = level
            options.boilerplate = true
            let dedupe = DedupeReport(result: try DedupeEngine(options: options).run(documents: seedDocuments))
            #expect(try DedupeReport(jsonData: dedupe.jsonData()) == dedupe)
        }
        // A member written as null and one left out both read as nil.
        let token = FindReport.Token(op: "deletion", query: "x", start: nil, end: nil, text: nil)
        let data = Data(#"{"op":"deletion","query":"x","start":null}"#.utf8)
        let decoder = JSONDecoder()
        #expect(try decoder.decode(FindReport.Token.self, from: data) == token)
    }
}
