import Foundation
import Testing
import RefrainCorpus
import RefrainMatch
import RefrainTestSupport

/// Variant scores, unmarked reprints, outlets and dates.
@Suite struct VariantTests {
    static let clusters = ClusterTests.clusters

    // MARK: - Scores

    @Test func scoresFollowTheirDefinitionsOnRandomWordings() throws {
        // Wordings cut from the seed corpus's sentences, edited the way outlets edit quotes.
        let index = Seed.index()
        let comparer = WordingComparer(index: index)
        let words = Seed.documents.flatMap { $0.text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) }
        var rng = SplitMix64(seed: 13)
        for _ in 0..<300 {
            let start = Int(rng.next() % UInt64(words.count - 40))
            let a = Array(words[start..<start + 2 + Int(rng.next() % 30)])
            var b = a
            for _ in 0..<Int(rng.next() % 6) {
                guard !b.isEmpty else { break }
                let k = Int(rng.next() % UInt64(b.count))
                switch rng.next() % 3 {
                case 0: b.remove(at: k)
                case 1: b.insert(words[Int(rng.next() % UInt64(words.count))], at: k)
                default: b[k] = words[Int(rng.next() % UInt64(words.count))]
                }
            }
            if rng.next() % 4 == 0 { b = Array(b.prefix(max(1, b.count / 3))) }   // a fragment
            let x = a.joined(separator: " "), y = b.joined(separator: " ")
            let xy = comparer.scores(of: x, against: y), yx = comparer.scores(of: y, against: x)
            #expect(xy.similarity == yx.similarity, "similarity is symmetric: \(x) | \(y)")
            // The share of one held by the other, seen from each side.
            #expect(xy.coverage == yx.containment && xy.containment == yx.coverage)
            for v in [xy.similarity, xy.coverage, xy.containment] { #expect(v >= 0 && v <= 1) }
            // Similarity never exceeds the mean of the two shares (gaps and mismatches cost).
            #expect(xy.similarity <= (xy.coverage + xy.containment) / 2 + 1e-6)
            let same = comparer.scores(of: x, against: x)
            if same.similarity > 0 { #expect(same == .identical, "\(x)") }
        }
    }

    @Test func peskovsVariantsAreScoredByWhatTheyHold() throws {
        let (_, c) = try #require(ClusterTests.cluster(containing: "000", "yet another fake news story"))
        let canonical = c.variants[c.canonical]
        #expect(canonical.statement.contains("yet another fake news story"))
        #expect(canonical.scores == .identical)
        let bit = try #require(c.variants.first { $0.statement.contains("another bit of fake news") })
        let bare = try #require(c.variants.first { $0.documentID.hasPrefix("003") })
        #expect(bare.statement.hasPrefix("fake news"))
        // The two-word fragment is wholly inside the canonical wording but holds little of it.
        #expect(bare.scores.containment == 1)
        #expect(bare.scores.coverage < 0.35)
        // "another bit of fake news" is the closer wording, and holds more of the canonical one.
        #expect(bit.scores.similarity > bare.scores.similarity)
        #expect(bit.scores.coverage > bare.scores.coverage)
        #expect(bit.scores.containment < 1)   // "bit of" is not in the canonical wording
        // Kim's "highly likely" fragments: contained, but far from the full sentence.
        let (_, kim) = try #require(ClusterTests.cluster(containing: "000", "occurrence of casualties"))
        for v in kim.variants where v.statement.lowercased().hasPrefix("highly likely") {
            #expect(v.scores.containment == 1)
            #expect(v.scores.similarity < 0.3)
        }
    }

    // MARK: - find ranking

    @Test func fakeNewsFindsNoSingleWordNavigationMatchAtTheDefaultCut() throws {
        let matches = try QuoteFinder(index: Seed.index()).find("fake news")
        #expect(!matches.isEmpty)
        for m in matches {
            #expect(m.text.lowercased().contains("fake") && m.text.lowercased().contains("news"), "\(m.documentID) \(m.text)")
            #expect(m.matchedTerms == 2 && m.queryTerms == 2)
        }
        #expect(Set(matches.map { String($0.documentID.prefix(3)) }) == ["000", "001", "002", "003"])
        // Below the cut they are there, scored by coverage × coordination.
        var all = FindOptions()
        all.minScore = 0
        all.limit = 0
        let single = try QuoteFinder(index: Seed.index(), options: all).find("fake news").filter { $0.matchedTerms == 1 }
        #expect(single.count >= 8, "News Feed, news desk, news agency, ‘Fake’")
        for m in single {
            #expect(m.score < FindOptions().minScore)
            #expect(abs(m.score - m.coverage / 2) < 1e-9)
        }
        // One word of a four-content-word query scores a few hundredths.
        let longer = try QuoteFinder(index: Seed.index(), options: all).find("another bit of fake news").filter { $0.matchedTerms == 1 }
        #expect(!longer.isEmpty)
        for m in longer { #expect(m.score < 0.1) }
    }

    // MARK: - Unmarked reprints

    static let quoted = """
        City officials met on Monday to discuss the flood damage along the Harlow river.

        "We will rebuild every bridge on the Harlow river within two years, whatever it costs the city," Mayor Jane Okafor said at the council meeting.

        The council is expected to vote on the budget next week.
        """
    static let reprinted = """
        Harlow flood: the mayor's promise

        Details

        We will rebuild every bridge on the Harlow river within two years, whatever it costs the city.

        According to her, work on the first two crossings starts in spring.
        """
    static let prose = """
        The Harlow river flooded again on Monday. Officials said every bridge would be inspected, and rebuilding could take two years and cost the city more than planned.

        "It is too early to say," a council engineer said.
        """

    static func documents(_ texts: [String]) -> [Document] {
        texts.enumerated().map { k, t in Document(ordinal: k, id: "article-\(k).txt", text: t, origin: .init(path: "article-\(k).txt")) }
    }

    @Test func aReprintWithoutMarksJoinsTheStatementsClusterAsUnmarked() throws {
        let docs = Self.documents([Self.quoted, Self.reprinted, Self.prose])
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs)).cluster()
        let c = try #require(clusters.first { $0.speaker == "Jane Okafor" })
        #expect(c.variants.count == 2)
        let unmarked = try #require(c.variants.first { $0.form == .unmarked })
        #expect(unmarked.documentID == "article-1.txt")
        #expect(unmarked.speakerBasis == .inferred)
        #expect(unmarked.quote.attribution == nil)
        #expect(unmarked.text == "We will rebuild every bridge on the Harlow river within two years, whatever it costs the city")
        #expect(slice(Self.reprinted, unmarked.quote.range) == unmarked.text)
        #expect(unmarked.scores.coverage == 1 && unmarked.scores.similarity == 1)
        let alignment = try #require(unmarked.alignment)
        #expect(alignment.filter { $0.step == .match }.count >= 15)
        for token in alignment where token.step == .match {
            #expect(token.query?.lowercased() == token.text?.lowercased())
            #expect(token.range.map { slice(Self.reprinted, $0) } == token.text)
        }
        // The quoted variant keeps its attribution; the reporter's own sentences in 2 are not reprints.
        #expect(c.variants.first { $0.form == .quoted }?.speakerBasis == .attributed)
        #expect(!clusters.flatMap(\.variants).contains { $0.form == .unmarked && $0.documentID == "article-2.txt" })
        // Off: no unmarked variant anywhere.
        var options = ClusterOptions()
        options.findUnmarked = false
        let without = try QuoteClusterer(index: MatchIndex(documents: docs), options: options).cluster()
        #expect(!without.flatMap(\.variants).contains { $0.form == .unmarked })
        #expect(without.first { $0.speaker == "Jane Okafor" }?.variants.count == 1)
    }

    @Test func aPassageInsideAQuoteIsNeverAnUnmarkedVariant() throws {
        // The same words quoted in both articles (and quoted inside a quote in the second) are
        // quoted variants, not reprints.
        let again = "Asked again, she repeated: \"We will rebuild every bridge on the Harlow river within two years, whatever it costs the city.\"\n\nCritics said \"she said 'we will rebuild every bridge on the Harlow river within two years, whatever it costs the city' last week\" too."
        let docs = Self.documents([Self.quoted, again])
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs)).cluster()
        #expect(!clusters.flatMap(\.variants).contains { $0.form == .unmarked })
        // The seed corpus has no unmarked reprint of a statement of six content words or more.
        #expect(!Self.clusters.flatMap(\.variants).contains { $0.form == .unmarked })
    }

    // MARK: - Unattributed scare quotes

    @Test func anUnattributedScareQuoteJoinsTheStatementItQuotesOnlyWithTwoContentWords() throws {
        let said = "\"This was a cruel, calculated and cynical campaign against the smallest of children,\" Justice James Goss said on Monday.\n"
        // The echo's document names the judge (an unattributed quote takes a speaker only where
        // its document names them).
        let echo = "James Goss passed sentence on Monday.\n\nReporters in the gallery heard of a \"cynical campaign\" and of \"cruelty\" in the sentencing remarks.\n"
        let docs = Self.documents([said, echo])
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs)).cluster()
        let goss = try #require(clusters.first { $0.speaker == "James Goss" })
        let joined = try #require(goss.variants.first { $0.documentID == "article-1.txt" })
        #expect(joined.statement == "cynical campaign")
        #expect(joined.speakerBasis == .inferred && joined.quote.attribution == nil)
        #expect(joined.scores.containment == 1)
        // One word is too little to say whose it is: not reported at all.
        #expect(!clusters.flatMap(\.variants).contains { $0.statement == "cruelty" })
        var keep = ClusterOptions()
        keep.keepUnattributedScareQuotes = true
        #expect(try QuoteClusterer(index: MatchIndex(documents: docs), options: keep).cluster().flatMap(\.variants).contains { $0.statement == "cruelty" })
    }

    @Test func anUnattributedQuoteGoesToTheSpeakerMostOutletsName() throws {
        let sentence = "This was a cruel, calculated and cynical campaign against the smallest of children"
        let docs = Self.documents([
            "\"\(sentence),\" Justice James Goss said on Monday.\n",
            "\"\(sentence),\" Justice James Goss told the court.\n",
            "\"\(sentence),\" nurse Mary Hale said.\n",   // one outlet names the wrong speaker
            "Judge James Goss spoke for an hour.\n\nThe sentencing heard of a \"cruel, calculated and cynical campaign\" that began in 2015.\n",
        ])
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs)).cluster()
        let goss = try #require(clusters.first { $0.speaker == "James Goss" })
        #expect(goss.variants.map(\.documentID).sorted() == ["article-0.txt", "article-1.txt", "article-3.txt"])
        #expect(clusters.first { $0.speaker == "Mary Hale" }?.variants.count == 1)
        // A document that never names Goss does not quote him, whatever its words.
        var unnamed = docs
        unnamed[3] = Document(ordinal: 3, id: "article-3.txt",
                              text: "The sentencing heard of a \"cruel, calculated and cynical campaign\" that began in 2015.\n",
                              origin: .init(path: "article-3.txt"))
        let alone = try QuoteClusterer(index: MatchIndex(documents: unnamed)).cluster()
        #expect(alone.first { $0.speaker == "James Goss" }?.variants.map(\.documentID).sorted() == ["article-0.txt", "article-1.txt"])
        // With one outlet each, nobody can tell: the quote stays alone.
        let both = Document(ordinal: 3, id: "article-3.txt",
                            text: "Judge James Goss and nurse Mary Hale were in court.\n\nThe sentencing heard of a \"cruel, calculated and cynical campaign\" that began in 2015.\n",
                            origin: .init(path: "article-3.txt"))
        let tie = try QuoteClusterer(index: MatchIndex(documents: [docs[0], docs[2], both])).cluster()
        #expect(!tie.contains { c in c.speaker != nil && c.variants.contains { $0.quote.attribution == nil } })
    }

    // MARK: - Paraphrase links

    @Test func paraphraseLinksJoinNothingAndNeedSharedNumbersOrNames() throws {
        let docs = Self.documents([
            "\"We assess that 3,000 soldiers from Pyongyang have reached Vladivostok since October,\" Defence Minister Kim Yong-hyun said.\n",
            "\"In our judgement some 3,000 troops arrived in Vladivostok over recent weeks,\" Kim Yong-hyun told lawmakers.\n",
            "\"The weather in the region has been unusually mild for the season,\" Kim Yong-hyun added later.\n",
        ])
        var options = ClusterOptions()
        options.paraphraseLinks = true
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs), options: options).cluster()
        let first = try #require(clusters.first { $0.variants.contains { $0.statement.contains("We assess that 3,000") } })
        let second = try #require(clusters.firstIndex { $0.variants.contains { $0.statement.contains("In our judgement") } })
        #expect(!first.variants.contains { $0.statement.contains("In our judgement") }, "a link, not a merge")
        let link = try #require(first.links.first { $0.kind == .paraphrase })
        #expect(link.cluster == second)
        #expect(link.shared == ["3,000", "Vladivostok"])
        // The unrelated statement shares no number or name: no link; and none without the option.
        let weather = try #require(clusters.firstIndex { $0.variants.contains { $0.statement.contains("weather") } })
        #expect(!clusters[weather].links.contains { $0.kind == .paraphrase })
        let plain = try QuoteClusterer(index: MatchIndex(documents: docs)).cluster()
        #expect(!plain.flatMap(\.links).contains { $0.kind == .paraphrase })
    }

    // MARK: - Outlets and dates

    static func jsonlClusters() throws -> [QuoteCluster] {
        let path = Seed.directory.deletingLastPathComponent().appendingPathComponent("dprk-ukraine-2024.jsonl").path
        let reader = CorpusReader(inputs: [path])
        var documents: [Document] = []
        while let d = try reader.next() { documents.append(d) }
        #expect(documents.count == 5)
        // The JSON Lines texts are the .txt files byte for byte, so offsets agree.
        for d in documents { #expect(d.text == Seed.text(String(d.id.prefix(3)))) }
        return try QuoteClusterer(index: MatchIndex(documents: documents)).cluster()
    }

    @Test func jsonLinesCorpusGivesRealOutletsAndATimeline() throws {
        let clusters = try Self.jsonlClusters()
        let expected = ["000": "2024-10-10", "001": "2024-10-10", "002": "2024-10-15", "003": "2024-10-16", "004": "2024-10-08"]
        func cluster(_ doc: String, _ words: String) -> QuoteCluster? {
            clusters.first { $0.variants.contains { $0.documentID.hasPrefix(doc) && $0.statement.contains(words) } }
        }
        let peskov = try #require(cluster("000", "yet another fake news story"))
        #expect(peskov.speaker == "Dmitry Peskov")
        for v in peskov.variants { #expect(v.date == expected[String(v.documentID.prefix(3))]) }
        let dates = Set(peskov.variants.compactMap(\.date))
        #expect(dates.isSuperset(of: ["2024-10-10", "2024-10-16"]))
        // 002's "Russia has dismissed the allegations as “fake news”" joins through the
        // organisation ↔ spokesperson link (issue 13, item 3); with it the timeline has three dates.
        var outlets = ["The Kyiv Independent", "The Moscow Times", "Washington Examiner"].map { Outlet(name: $0, basis: .source) }
        if let russia = peskov.variants.first(where: { $0.documentID.hasPrefix("002") }) {
            #expect(dates.count == 3)
            #expect(russia.speakerBasis == .organisation)
            outlets.insert(Outlet(name: "manilapr.com", basis: .url), at: 0)
        }
        #expect(peskov.firstAppearance.map { peskov.variants[$0].date } == "2024-10-10")
        #expect(peskov.outlets == outlets)
        // Kim's "highly likely": three outlets on three dates, one named by its URL's host.
        let kim = try #require(cluster("000", "occurrence of casualties"))
        #expect(Set(kim.variants.compactMap(\.date)) == ["2024-10-10", "2024-10-15", "2024-10-16"])
        #expect(kim.outlets.contains(Outlet(name: "manilapr.com", basis: .url)))
        // The alliance statement first appeared in 004, two days before the others.
        let alliance = try #require(cluster("004", "akin to a military alliance"))
        #expect(alliance.firstAppearance.map { alliance.variants[$0].documentID.prefix(3) } == "004")
    }

    @Test func textFilesWithoutMetadataAreLabelledAsDocumentsNotOutlets() throws {
        let reader = CorpusReader(inputs: [Seed.directory.path])
        var documents: [Document] = []
        while let d = try reader.next() { documents.append(d) }
        let clusters = try QuoteClusterer(index: MatchIndex(documents: documents)).cluster()
        let c = try #require(clusters.first { $0.variants.contains { $0.statement.contains("yet another fake news story") } })
        #expect(c.outlets.allSatisfy { $0.basis == .document })
        #expect(Set(c.outlets.map(\.name)) == Set(c.variants.map(\.documentID)))
        // 001's dateline gives the first appearance even without metadata.
        let dated = c.variants.filter { $0.date != nil }
        #expect(dated.map { $0.documentID.prefix(3) } == ["001"])
    }

    @Test func headerLinesAreNeitherMatchedNorShiftOffsets() throws {
        let header = "source: Harlow Gazette\ndate: 2024-03-04\nurl: https://harlow.example/flood\n\n"
        let text = header + Self.quoted
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("refrain-variants-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try Self.reprinted.write(to: dir.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        let reader = CorpusReader(inputs: [dir.path])
        var documents: [Document] = []
        while let d = try reader.next() { documents.append(d) }
        let index = MatchIndex(documents: documents)
        let finder = QuoteFinder(index: index)
        #expect(try finder.find("Harlow Gazette").isEmpty, "the header is not text to match")
        let c = try #require(QuoteClusterer(index: index).cluster().first { $0.speaker == "Jane Okafor" })
        let quoted = try #require(c.variants.first { $0.form == .quoted })
        #expect(quoted.outlet == Outlet(name: "Harlow Gazette", basis: .source))
        #expect(quoted.date == "2024-03-04")
        #expect(slice(text, quoted.quote.range) == quoted.text)
        #expect(quoted.quote.range.lowerBound > header.utf8.count)
        #expect(c.variants.contains { $0.form == .unmarked && $0.documentID == "b.txt" })
        #expect(Outlet(source: nil, url: "https://www.Example.org/x", documentID: "d") == Outlet(name: "example.org", basis: .url))
        #expect(Outlet(source: " ", url: "not a url", documentID: "d") == Outlet(name: "d", basis: .document))
    }
}

