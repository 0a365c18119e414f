import Testing
import RefrainMatch

@Suite struct FindTests {
    @Test func anotherBitOfFakeNewsFindsEveryVariantAboveUnrelatedNews() throws {
        let index = Seed.index()
        var options = FindOptions()
        options.minScore = 0
        options.limit = 0
        let matches = try QuoteFinder(index: index, options: options).find("another bit of fake news")
        for m in matches.prefix(40) { print(String(format: "%.3f", m.score), m.documentID.prefix(3), m.text, m.speaker?.speaker ?? "-") }
        func rank(_ doc: String, _ containing: String) -> Int? {
            matches.firstIndex { $0.documentID.hasPrefix(doc) && $0.text.contains(containing) }
        }
        let r001 = rank("001", "another bit of fake news")
        let r000 = rank("000", "another fake news")
        let r003 = rank("003", "fake news")
        #expect(r001 == 0)
        #expect(r000 != nil)
        #expect(r003 != nil)
        // Unrelated uses of "news" (news desk, news agency, News Feed) rank below all three.
        let unrelated = matches.enumerated().filter { !$0.element.text.lowercased().contains("fake") }.map(\.offset)
        #expect(!unrelated.isEmpty)
        for u in unrelated { #expect(u > max(r001 ?? 99, r000 ?? 99, r003 ?? 99)) }
        #expect(matches[r003!].speaker?.speaker == "Dmitry Peskov")
        #expect(matches[r001!].score == 1)
        #expect(matches[r000!].score > matches[unrelated[0]].score)
    }
}

@Suite("Latency summary")
struct LatencySummaryTests {
    @Test func percentilesAreMeasuredSamplesAtTheNearestRank() {
        let summary = LatencySummary(milliseconds: (1...100).map(Double.init).reversed())
        #expect(summary.quantile(0) == 1)
        #expect(summary.quantile(0.5) == 51)  // rank 49.5 rounds to 50: the 51st sample
        #expect(summary.quantile(0.9) == 90)
        #expect(summary.quantile(1) == 100)
        #expect(summary.description == "median 51.00, p90 90.00, p99 99.00, max 100.00")
        #expect(LatencySummary(milliseconds: []).description == "no queries")
        #expect(LatencySummary(milliseconds: [2.345]).quantile(0.99) == 2.345)
    }
}
