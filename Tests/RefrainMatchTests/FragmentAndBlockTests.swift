import Testing
import RefrainMatch

/// The quoted statements of `text` (depth 0), with their speakers and kinds.
private func read(_ text: String) -> [(statement: String, speaker: String?, kind: QuoteKind, unmarked: Bool)] {
    QuoteReader().quotes(in: text).filter { $0.depth == 0 }.map { ($0.statement(in: text), $0.attribution?.speaker, $0.kind, $0.isUnmarked) }
}

private func speaker(of statement: String, in text: String) -> String? {
    read(text).first { $0.statement == statement }?.speaker
}

/// The fragment sieve (FragmentAttribution.swift): short quotes inside a reporter's sentence.
@Suite struct FragmentAttributionTests {
    @Test func aClosingReportingClauseNamesTheFragmentsSpeaker() {
        let text = "Ana Ruiz is the mayor of Lima.\n\nThe plan was a “total failure,” leaving the city without water, Ruiz said on Monday."
        #expect(speaker(of: "total failure,", in: text) == "Ana Ruiz")
    }

    @Test func fragmentsOfOneSentenceShareTheirSpeaker() {
        let text = "Tom Baker, a councillor, said the plan was “reckless” and “a waste.”"
        #expect(speaker(of: "reckless", in: text) == "Tom Baker")
        #expect(speaker(of: "a waste.", in: text) == "Tom Baker")
    }

    @Test(arguments: [
        ("Mayor Ana Ruiz praised the “remarkable” work of the crews.", "remarkable", "Ana Ruiz"),
        ("Councillor Tom Baker backed the plan, calling it “overdue”.", "overdue", "Tom Baker"),
        ("Eva Lind branded the report “shoddy” on Friday.", "shoddy", "Eva Lind"),
    ])
    func aFramingVerbGivesItsSubjectTheFragment(text: String, statement: String, expected: String) {
        #expect(speaker(of: statement, in: text) == expected)
    }

    @Test func aParticipleGoesBackToTheFiniteSpeechVerb() {
        let text = "Mayor Ana Ruiz spoke on Monday.\n\nThe bridge will cost millions, the mayor said, adding that it was “worth every cent”."
        #expect(speaker(of: "worth every cent", in: text) == "Ana Ruiz")
    }

    @Test func aNamedSubjectsThatClauseIsTheirs() {
        let text = "Prosecutor Eva Lind determined that there was “no evidence” of fraud."
        #expect(speaker(of: "no evidence", in: text) == "Eva Lind")
        // Not a that-clause of the subject's verb: "so that" is a purpose.
        #expect(speaker(of: "safe", in: "The “safe” zone was built so that crews could work.") == nil)
    }

    @Test func aScareQuoteWithNoCueStaysUnattributed() {
        let quotes = read("The so-called “experts” disagreed with the plan on Monday.")
        #expect(quotes.count == 1)
        #expect(quotes.first?.speaker == nil)
        #expect(quotes.first?.kind == .scare)
    }

    @Test func anUnnamedGroupsWordsAreSpeechWithoutASpeaker() {
        for text in ["Angry residents chanted “resign” outside the hall.", "Thousands of protesters marched to the hall, chanting “resign now”."] {
            let quotes = read(text)
            #expect(quotes.count == 1, "\(text)")
            #expect(quotes.first?.speaker == nil, "\(text)")
            #expect(quotes.first?.kind == .fragment, "\(text)")
        }
    }

    @Test func aNounIsNoFramingVerb() {
        // "term" is a framing verb's bare form; here it is a noun, and nobody speaks.
        let text = "Ana Ruiz will serve a five-year term for the “reckless” fraud."
        #expect(speaker(of: "reckless", in: text) == nil)
    }
}

/// Block statements (BlockStatements.swift) and the extraction repairs beside them.
@Suite struct BlockStatementTests {
    @Test func aStatementUnderAnIntroducingLineIsQuotedUpToItsStrayClosingMark() {
        let text = "Acme Corp released the following statement on Friday:\n\nWe are proud of our staff. We will appeal.\n\nThe ruling is wrong.”\n\nShares fell 3% after the ruling."
        let quotes = read(text)
        #expect(quotes.map(\.statement) == ["We are proud of our staff. We will appeal.", "The ruling is wrong."])
        #expect(quotes.allSatisfy { $0.unmarked && $0.speaker == "Acme Corp" })
    }

    @Test func aBlockStopsAtASignatureOrAMarkedQuote() {
        let text = "Ana Ruiz said in a statement:\n\nWe will rebuild.\n\nAna Ruiz, Mayor of Lima\n\nThe council met on Monday."
        #expect(read(text).map(\.statement) == ["We will rebuild."])
        let marked = "Ana Ruiz said:\n\n“We will rebuild,” she added.\n\nThe council met on Monday."
        #expect(read(marked).allSatisfy { !$0.unmarked })
    }

    @Test func aPostSignedByADashLineIsItsAuthors() {
        let text = "The minister wrote on Sunday after the vote.\nWe did it together, and we will do it again.\n— Ana Ruiz (@anaruiz) May 1, 2024\nThe vote passed."
        let quotes = read(text)
        #expect(quotes.map(\.statement) == ["We did it together, and we will do it again."])
        #expect(quotes.first?.speaker == "Ana Ruiz")
        #expect(quotes.first?.unmarked == true)
    }

    @Test func aColonWithoutAnAnnouncementIntroducesNothing() {
        #expect(read("The council met on Monday:\n\nThe budget passed by nine votes.\n\nThe mayor left.").isEmpty)
    }

    @Test func aQuoteLeftOpenWhereItsParagraphEndsASentenceEndsThere() {
        let text = "The club said on Monday, “All games are cancelled until May.\n\nFans were told to stay home."
        #expect(read(text).map(\.statement) == ["All games are cancelled until May."])
        // Single marks are apostrophes too often to be read that way.
        #expect(read("The fans’ club met, and the players’ union agreed.\n\nNext.").isEmpty)
    }

    @Test func aClosingMarkGluedToTheNextWordCloses() {
        let text = "“We will rebuild the whole town”explained the mayor on Monday."
        #expect(read(text).map(\.statement) == ["We will rebuild the whole town"])
    }

    @Test func curlyMarksBetweenChineseCharactersOpenAndClose() {
        let text = "李强说“发展是硬道理”，并强调“要稳中求进”。"
        let quotes = QuoteExtractor().extract(from: text)
        #expect(quotes.map { $0.statement(in: text) } == ["发展是硬道理", "要稳中求进"])
        #expect(quotes.allSatisfy { $0.kind != .scare })
        let read = QuoteReader().quotes(in: "外交部发言人毛宁说：“中方一贯反对单边制裁。”")
        #expect(read.first?.kind == .sentence)
        #expect(read.first?.attribution?.speaker == "毛宁")
    }
}
