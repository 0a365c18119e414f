import Testing
import RefrainCorpus
import RefrainTestSupport
import RefrainMatch

/// Hostile text: quote marks of every family in any order, paragraph breaks, unbalanced and CJK
/// marks, attribution cues and names, and bytes that are not UTF-8.
enum HostileText {
    static let pieces: [[UInt8]] = [
        "\"", "'", "“", "”", "‘", "’", "„", "‚", "«", "»", "‹", "›", "「", "」", "『", "』", "＂",
        "\n", "\n\n", "\n\n\n", " ", "  ", "\t", ",", ".", "!", "?", ":", ";", "…", "-", "—", "(", ")", "[", "]",
        "We will win", "I love this club", "it is that I am tired", "said", "he said", "she said", "they said",
        "the coach said", "according to", "Maria Lopez", "said G20 chair Maria Lopez", "Norway's Foreign Minister Ola Berg",
        "Kremlin spokesman Dmitry Peskov", "al-Hassan", "van der Berg", "Mr.", "U.S.", "Lt. Col.", "told reporters",
        "Asked whether", "Here is what the mayor said:", "说：", "表示：", "他说", "sagte", "a dit", "'s", "n't", "'90s",
        "Cup", "Forecast", "Read more:", "the statement continued", "it said", "Photo: Getty",
    ].map { Array($0.utf8) }
    static let invalid: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x80], [0xF0, 0x9F, 0x98], [0x80], [0xED, 0xA0, 0x80], [0x00], [0xC0, 0xAF]]

    static func make(_ rng: inout SplitMix64, length: Int) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<length {
            let r = rng.next() % 100
            if r < 6 {
                out += invalid[Int(rng.next() % UInt64(invalid.count))]
            } else {
                out += pieces[Int(rng.next() % UInt64(pieces.count))]
            }
        }
        return out
    }
}

@Suite struct QuoteRobustnessTests {
    /// The repro of issue 12: a quote running on across paragraphs after an attributed quote
    /// trapped in `canMerge` (`Range requires lowerBound <= upperBound`).
    @Test func runOnQuoteAfterAnAttributedQuoteDoesNotTrap() {
        let text = "\"We will win,\" the coach said.\n\n\"I love this club.\n\n\"It is that I am tired.\""
        let quotes = QuoteReader().quotes(in: text)
        let statements = quotes.filter { $0.depth == 0 }.map { $0.statement(in: text) }
        // The second paragraph opens with a mark and carries no attribution of its own: it
        // continues the attributed quote, and itself runs on into the third.
        #expect(statements == ["We will win, I love this club. It is that I am tired."])
        #expect(quotes.first?.segments.count == 3)
    }

    @Test func runOnQuoteThenSplitQuoteDoesNotTrap() {
        let text = "“First part runs on\n\n“and ends here,” said Ana Ruiz. “Then more.”\n\n“Still more,” she said."
        let quotes = QuoteReader().quotes(in: text)
        #expect(!quotes.isEmpty)
        for q in quotes { #expect(q.markedRange.upperBound <= text.utf8.count) }
    }

    /// Every quote found in hostile text is well formed: segments non-empty, in order, inside
    /// the marked range and the text; cues inside the text. Nothing traps.
    @Test func hostileTextNeverTrapsAndOffsetsStayInBounds() {
        var rng = SplitMix64(seed: 12)
        let reader = QuoteReader()
        var found = 0
        for round in 0..<3000 {
            let bytes = HostileText.make(&rng, length: 1 + Int(rng.next() % 60))
            let quotes = bytes.withUnsafeBufferPointer { reader.quotes(in: $0) }
            found += quotes.count
            for q in quotes {
                #expect(!q.segments.isEmpty, "round \(round)")
                #expect(q.markedRange.lowerBound >= 0 && q.markedRange.upperBound <= bytes.count, "round \(round)")
                var last = q.markedRange.lowerBound
                for s in q.segments {
                    #expect(s.lowerBound >= last && s.upperBound <= q.markedRange.upperBound, "round \(round)")
                    last = s.upperBound
                }
                if let a = q.attribution {
                    #expect(a.cue.lowerBound >= 0 && a.cue.upperBound <= bytes.count, "round \(round)")
                    #expect(!a.speaker.isEmpty, "round \(round)")
                }
            }
        }
        #expect(found > 1000)   // the generator does produce quotes
    }

    /// Attribution takes quotes from a caller: ones that do not fit the text are left alone.
    @Test func attributionIgnoresQuotesThatDoNotFitTheText() {
        let text = "\"We will win,\" the coach said."
        let bogus = [
            Quote(segments: [], markedRange: 0..<3, kind: .sentence, paragraph: 0, paragraphRange: 0..<3, sentence: 0, sentenceRange: 0..<3, wordCount: 0),
            Quote(segments: [5..<500], markedRange: 4..<501, kind: .sentence, paragraph: 7, paragraphRange: 0..<3, sentence: 0, sentenceRange: 0..<3, wordCount: 3),
        ]
        let out = SpeakerAttributor().attribute(bogus, in: text)
        #expect(out.count == 2 && out.allSatisfy { $0.attribution == nil })
        #expect(bogus[0].range == 0..<3)
        #expect(bogus[1].statement(in: text).utf8.count <= text.utf8.count)
    }

    /// Clustering over hostile documents (decoded with replacement characters) does not trap
    /// and gives every variant offsets inside its document.
    @Test func clusteringHostileDocumentsNeverTraps() throws {
        var rng = SplitMix64(seed: 13)
        var docs: [Document] = []
        for k in 0..<200 {
            let bytes = HostileText.make(&rng, length: 10 + Int(rng.next() % 80))
            docs.append(Document(ordinal: k, id: "h\(k)", text: String(decoding: bytes, as: UTF8.self), origin: .init(path: "h\(k)")))
        }
        var options = ClusterOptions()
        options.threads = 2
        options.keepUnattributedScareQuotes = true
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs), options: options).cluster()
        #expect(!clusters.isEmpty)
        for c in clusters {
            for v in c.variants {
                #expect(v.quote.range.upperBound <= docs[v.document].text.utf8.count)
            }
        }
    }
}
