import Foundation
import RefrainCorpus
import RefrainMatch
import RefrainReport
import Testing

/// The parts the find and quotes reports share: spans and tokens made from an index's bytes and
/// alignments, parameters made from the library's options, and the documents a page shows.
@Suite struct MatchReportPartsTests {
    static let index = MatchIndex(documents: seedDocuments)

    @Test func aSpanHoldsTheExactBytesOfItsRange() {
        let text = "Peskov: “another bit of fake news”, he said. é"
        let bytes = Array(text.utf8)
        let start = text.utf8.count - "news”, he said. é".utf8.count - "fake ".utf8.count
        bytes.withUnsafeBufferPointer { buffer in
            let span = FindReport.Span(start..<(start + 9), in: buffer)
            #expect(span == FindReport.Span(start: start, end: start + 9, text: "fake news"))
            // Ranges are bytes: a multi-byte scalar at the end slices whole.
            let last = FindReport.Span((bytes.count - 2)..<bytes.count, in: buffer)
            #expect(last.text == "é")
            #expect(FindReport.Span(0..<0, in: buffer).text.isEmpty)
        }
    }

    @Test func aTokenKeepsItsStepAndLeavesOutWhatItLacks() {
        let match = AlignedToken(step: .match, query: "fake", range: 10..<14, text: "fake")
        #expect(FindReport.Token(match) == FindReport.Token(op: "match", query: "fake", start: 10, end: 14, text: "fake"))
        let deletion = AlignedToken(step: .deletion, query: "bit", range: nil, text: nil)
        #expect(FindReport.Token(deletion) == FindReport.Token(op: "deletion", query: "bit", start: nil, end: nil, text: nil))
        let insertion = AlignedToken(step: .insertion, query: nil, range: 3..<7, text: "more")
        #expect(FindReport.Token(insertion) == FindReport.Token(op: "insertion", query: nil, start: 3, end: 7, text: "more"))
    }

    @Test func findParametersComeFromTheOptionsAndTheIndexSearched() throws {
        var options = FindOptions()
        options.minScore = 0.45
        options.limit = 7
        let index = MatchIndex(documents: seedDocuments, termOptions: TermOptions(stem: false, stopwords: false), threads: 1)
        #expect(FindReport.Parameters(options: options, index: index)
            == FindReport.Parameters(minScore: 0.45, limit: 7, stem: false, stopwords: false, index: nil))

        let dir = NSTemporaryDirectory() + "refrain-parts-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try MatchIndex.write(seedDocuments, to: dir, termOptions: TermOptions(stopwords: false))
        let disk = try MatchIndex.open(dir)
        #expect(FindReport.Parameters(options: FindOptions(), index: disk)
            == FindReport.Parameters(minScore: FindOptions().minScore, limit: FindOptions().limit, stem: true, stopwords: false, index: dir))
    }

    @Test func quotesParametersComeFromTheOptionsAndTheIndexRead() {
        var options = ClusterOptions()
        options.minSimilarity = 0.55
        options.linkSimilarity = 0.65
        options.findUnmarked = false
        options.unmarkedMinCoverage = 0.9
        options.unmarkedMinSimilarity = 0.75
        options.paraphraseLinks = true
        let index = MatchIndex(documents: seedDocuments, termOptions: TermOptions(stem: false), threads: 1)
        #expect(QuotesReport.Parameters(options: options, minVariants: 3, index: index) == QuotesReport.Parameters(
            minSimilarity: 0.55, linkSimilarity: 0.65, attachSimilarity: options.attachSimilarity, minVariants: 3,
            stem: false, stopwords: true, index: nil, findUnmarked: false, unmarkedMinCoverage: 0.9,
            unmarkedMinSimilarity: 0.75, unmarkedMinContentWords: options.unmarkedMinContentWords, paraphraseLinks: true))
    }

    @Test func theDocumentsAPageShowsComeFromTheIndexWithTheirMetadata() throws {
        let shown = try ReportDocuments([3, 0], in: Self.index)
        #expect(shown.count == 2)
        for n in [0, 3] {
            let entry = try #require(shown[seedDocuments[n].id])
            #expect(entry.document.ordinal == n && entry.document.text == seedDocuments[n].text)
            #expect(entry.bytes == Array(seedDocuments[n].text.utf8))
            #expect(entry.document.date == seedDocuments[n].date && entry.document.source == seedDocuments[n].source)
        }
        #expect(try ReportDocuments([], in: Self.index).isEmpty)
    }
}
