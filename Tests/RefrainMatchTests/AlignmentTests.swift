import Testing
import RefrainMatch

/// Aligns two strings with unit weights (stopwords 0.2) and returns the alignment.
private func align(_ query: String, _ target: String, options: AlignmentOptions = AlignmentOptions()) -> (Alignment?, TermSequence, TermSequence) {
    let tokenizer = TermTokenizer()
    let q = tokenizer.terms(of: query), t = tokenizer.terms(of: target)
    let qw = (0..<q.count).map { q.isStopword[$0] ? Float(0.2) : 1 }
    let tw = (0..<t.count).map { t.isStopword[$0] ? Float(0.2) : 1 }
    let a = q.terms.withUnsafeBufferPointer { qt in qw.withUnsafeBufferPointer { qwb in
        t.terms.withUnsafeBufferPointer { tt in tw.withUnsafeBufferPointer { twb in
            LocalAligner(options: options).align(query: qt, queryWeights: qwb, target: tt, targetWeights: twb, window: 0..<t.count)
        } }
    } }
    return (a, q, t)
}

@Suite struct AlignmentTests {
    @Test func identicalTextScoresItsFullWeight() throws {
        let (a, _, _) = align("another bit of fake news", "another bit of fake news")
        let alignment = try #require(a)
        #expect(abs(alignment.score - 4.2) < 1e-5)
        #expect(alignment.matches.count == 5)
    }

    @Test func caseAndPunctuationAndQuoteStyleDoNotMatter() throws {
        let (a, _, _) = align("Kremlin’s “fake news”", "KREMLIN'S — fake, NEWS!")
        #expect(try #require(a).matches.count == 3)
    }

    @Test func stemmingMatchesInflections() throws {
        let (a, _, _) = align("sanctions were deployed", "sanctioned while deploying")
        #expect(try #require(a).matches.count == 2)
    }

    @Test func containmentFindsTheQueryInsideALongerText() throws {
        let (a, q, t) = align("fake news", "This seems like yet another fake news story, Peskov said")
        let alignment = try #require(a)
        #expect(alignment.queryRange == 0..<q.count)
        #expect(slice("This seems like yet another fake news story, Peskov said", t.range(alignment.targetRange.lowerBound).lowerBound..<t.range(alignment.targetRange.upperBound - 1).upperBound) == "fake news")
    }

    @Test func deletionsAndInsertionsAreGapsNotBreaks() throws {
        let (a, _, _) = align("another bit of fake news", "yet another fake news story")
        let alignment = try #require(a)
        #expect(alignment.matches.count == 3)
        #expect(alignment.steps.filter { $0.step == .deletion }.count == 2)   // "bit of" skipped
        // A gap costs less than the words it joins.
        #expect(alignment.score > 2.5 && alignment.score < 3)
    }

    @Test func expensiveGapsSplitTheAlignment() throws {
        var options = AlignmentOptions()
        options.gapOpen = 5
        let (a, _, _) = align("fake news story", "fake old tired news story", options: options)
        #expect(try #require(a).matches.count == 2)   // only "news story"
    }

    @Test func nothingInCommonGivesNoAlignment() {
        #expect(align("completely different words", "nothing shared here").0 == nil)
    }
}

@Suite struct AlignmentBarrierTests {
    @Test func maskedTokensAreWallsWhenBarriersAreOn() throws {
        let tokenizer = TermTokenizer()
        let q = tokenizer.terms(of: "fake news story")
        var t = tokenizer.terms(of: "fake news masked story").terms
        let mask: UInt64 = 0x5EED_5EED_5EED_5EED
        t[2] = mask
        let qw = [Float](repeating: 1, count: q.count), tw = [Float](repeating: 1, count: t.count)
        func run(_ barriers: Bool) -> Alignment? {
            q.terms.withUnsafeBufferPointer { qt in qw.withUnsafeBufferPointer { qwb in
                t.withUnsafeBufferPointer { tt in tw.withUnsafeBufferPointer { twb in
                    LocalAligner().align(query: qt, queryWeights: qwb, target: tt, targetWeights: twb, window: 0..<t.count,
                                         masked: mask, barriers: barriers)
                } }
            } }
        }
        // Without walls the alignment runs over the masked token; with them it stops before it.
        #expect(try #require(run(false)).matches.count == 3)
        let walled = try #require(run(true))
        #expect(walled.matches.count == 2)
        #expect(walled.targetRange == 0..<2)
    }
}
