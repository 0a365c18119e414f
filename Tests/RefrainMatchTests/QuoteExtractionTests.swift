import Testing
import RefrainMatch
import RefrainTestSupport

private func statements(_ text: String, depth: Int? = 0) -> [String] {
    QuoteExtractor().extract(from: text).filter { depth == nil || $0.depth == depth }.map { $0.statement(in: text) }
}

@Suite struct QuoteExtractionTests {
    @Test(arguments: [
        ("He said \"we will win\" today.", "we will win"),
        ("He said “we will win” today.", "we will win"),
        ("He said ‘we will win’ today.", "we will win"),
        ("He said 'we will win' today.", "we will win"),
        ("Il a dit « nous gagnerons » hier.", "nous gagnerons"),
        ("Il a dit «nous gagnerons» hier.", "nous gagnerons"),
        ("Er sagte „wir werden gewinnen“ heute.", "wir werden gewinnen"),
        ("Er sagte »wir werden gewinnen« heute.", "wir werden gewinnen"),
        ("Han sa ”vi vinner” idag.", "vi vinner"),
        ("Il a dit ‹ oui › hier.", "oui"),
        ("彼は「勝つ」と言った。", "勝つ"),
        ("彼は『勝つ』と言った。", "勝つ"),
    ])
    func everyQuoteStyleIsFound(text: String, expected: String) {
        #expect(statements(text) == [expected])
    }

    @Test func apostrophesNeverOpenOrCloseQuotes() {
        let text = "The Kremlin’s line: don’t worry. 'Tis the season, rock 'n' roll, the '90s, the soldiers’ morale and James' car."
        #expect(QuoteExtractor().extract(from: text).isEmpty)
    }

    @Test func apostrophesInsideAQuoteStayInside() {
        let text = "She said “the Kremlin’s soldiers’ morale isn’t high” yesterday."
        #expect(statements(text) == ["the Kremlin’s soldiers’ morale isn’t high"])
    }

    @Test func singleQuoteClosedAfterPluralPossessive() {
        // The closing mark after "s" closes because a single quote is open.
        #expect(statements("They called it ‘a war of the Koreans’ on Friday.") == ["a war of the Koreans"])
    }

    @Test func nestedQuotesHaveDepth() {
        let text = "“He told me ‘we will win’ and left,” she said."
        let quotes = QuoteExtractor().extract(from: text)
        #expect(quotes.count == 2)
        #expect(quotes[0].depth == 0)
        #expect(quotes[0].statement(in: text) == "He told me ‘we will win’ and left,")
        #expect(quotes[1].depth == 1)
        #expect(quotes[1].statement(in: text) == "we will win")
    }

    @Test func quoteRunsOnAcrossParagraphs() {
        let text = "He said: “The first part goes on\n\n“and the second paragraph continues it.”\n\nThen he left."
        let quotes = QuoteExtractor().extract(from: text)
        #expect(quotes.count == 1)
        #expect(quotes[0].segments.count == 2)
        #expect(quotes[0].statement(in: text) == "The first part goes on and the second paragraph continues it.")
        #expect(quotes[0].isTerminated)
    }

    @Test func splitQuoteIsOneStatementWithItsGap() {
        let text = "“It is highly likely,” he said. “As such, we will prepare.”"
        let quotes = QuoteExtractor().extract(from: text)
        #expect(quotes.count == 1)
        let q = quotes[0]
        #expect(q.isSplit)
        #expect(q.statement(in: text) == "It is highly likely, As such, we will prepare.")
        #expect(q.gaps.count == 1)
        #expect(slice(text, q.gaps[0]) == "” he said. “")
        #expect(q.kind == .sentence)
    }

    @Test func splitQuoteAcrossParagraphsWhenTheSecondPartStandsAlone() {
        let text = "\"The relations are close,\" Kim said.\n\n\"As such, more troops could be deployed.\"\n\nOther news."
        let quotes = QuoteExtractor().extract(from: text)
        #expect(quotes.count == 1)
        #expect(quotes[0].segments.count == 2)
    }

    @Test func aGapWhoseSpeechVerbIsAnInfinitiveOpensAnotherStatement() {
        // "prompting X to warn" is a new clause with its own speaker, not an interpolated cue.
        let text = "The senator called it a “publicity stunt,” prompting the mayor to warn, “Do not tell us what we feel.”"
        #expect(statements(text) == ["publicity stunt,", "Do not tell us what we feel."])
        let finite = "“It is a stunt,” the mayor warned, “and we feel fine.”"
        #expect(QuoteExtractor().extract(from: finite).count == 1)
    }

    @Test func quotesWithTheirOwnAttributionAreNotMerged() {
        let text = "“We will win,” he said. “We will lose,” she added."
        #expect(statements(text) == ["We will win,", "We will lose,"])
    }

    @Test func damagedClosingMarkOfAnotherFamilyStillCloses() {
        let text = "\"The issue is highly likely due to the agreements,' Kim added. Then more text follows."
        let quotes = QuoteExtractor().extract(from: text)
        #expect(quotes.count == 1)
        #expect(quotes[0].statement(in: text) == "The issue is highly likely due to the agreements,")
        #expect(quotes[0].isRepaired)
    }

    @Test func missingSpaceAfterTheClosingMark() {
        #expect(statements("He said \"no\"and left, then \"Stop.\"Then silence.") == ["no", "Stop."])
    }

    @Test func unterminatedQuoteOpeningAParagraphEndsWithIt() {
        let text = "\"This quote never closes but it is long\n\nNext paragraph without marks."
        let quotes = QuoteExtractor().extract(from: text)
        #expect(quotes.count == 1)
        #expect(!quotes[0].isTerminated)
        #expect(quotes[0].statement(in: text) == "This quote never closes but it is long")
    }

    @Test func strayMarkMidSentenceIsIgnored() {
        #expect(QuoteExtractor().extract(from: "A 5\" screen and ’ stray marks here.").isEmpty)
    }

    @Test func kindsSentenceFragmentScare() {
        let text = "“This seems like another story,” he said. He called it a “very bad idea for everyone” and ‘Fake’ news."
        let quotes = QuoteExtractor().extract(from: text)
        #expect(quotes.map(\.kind) == [.sentence, .fragment, .scare])
    }

    @Test func rangesSliceBackToTheQuotedText() {
        let text = "Préambule — «Le café est très bon», dit-il. “Ünïcödé ‘inner’ text” ok."
        for q in QuoteExtractor().extract(from: text) {
            for s in q.segments { #expect(!slice(text, s).isEmpty) }
            let marked = slice(text, q.markedRange)
            #expect(marked.contains(slice(text, q.range)))
        }
        #expect(statements(text, depth: nil) == ["Le café est très bon", "Ünïcödé ‘inner’ text", "inner"])
    }

    @Test func paragraphAndSentenceAreReported() {
        let text = "First paragraph.\n\nSecond one. Then he said “hello there friend” loudly."
        let q = QuoteExtractor().extract(from: text)[0]
        #expect(q.paragraph == 1)
        #expect(slice(text, q.paragraphRange) == "Second one. Then he said “hello there friend” loudly.")
        #expect(slice(text, q.sentenceRange).hasPrefix("Then he said"))
    }

    /// Generated texts: random filler with quotes of random styles inserted; every inserted
    /// quote is found, exactly, in order.
    @Test func generatedQuotesAreAllFound() {
        var rng = SplitMix64(seed: 42)
        let styles: [(String, String)] = [("\"", "\""), ("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"), ("「", "」")]
        let words = ["the", "minister", "Kremlin’s", "don’t", "troops", "said", "news", "soldiers’", "war", "Korea", "it's"]
        for _ in 0..<200 {
            var text = ""
            var expected: [String] = []
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                for _ in 0..<(2 + Int(rng.next() % 6)) { text += words[Int(rng.next() % UInt64(words.count))] + " " }
                let (open, close) = styles[Int(rng.next() % UInt64(styles.count))]
                var inner = (0..<(1 + Int(rng.next() % 5))).map { _ in ["we", "will", "win", "this", "fight", "now"][Int(rng.next() % 6)] }.joined(separator: " ")
                if open == "‘" || open == "\"" { inner = "Quote " + inner }
                text += open + inner + close + " and "
                expected.append(inner)
            }
            text += "that was all."
            #expect(statements(text) == expected, "\(text)")
        }
    }
}

