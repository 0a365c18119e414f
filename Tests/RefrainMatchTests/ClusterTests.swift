import Testing
import RefrainCorpus
import RefrainMatch

@Suite struct ClusterTests {
    static let clusters: [QuoteCluster] = try! QuoteClusterer(index: Seed.index()).cluster()  // in memory: cannot be damaged

    static func cluster(containing doc: String, _ words: String) -> (Int, QuoteCluster)? {
        for (k, c) in clusters.enumerated() where c.variants.contains(where: { $0.documentID.hasPrefix(doc) && $0.statement.contains(words) }) {
            return (k, c)
        }
        return nil
    }

    @Test func limEulChulStatementIsOneClusterAcrossOutlets() throws {
        let (_, c) = try #require(Self.cluster(containing: "001", "This might even be a driving factor"))
        #expect(c.variants.contains { $0.documentID.hasPrefix("003") && $0.statement.contains("This might even be a driving factor") })
        #expect(SpeakerIdentity.key(c.speaker ?? "") == SpeakerIdentity.key("Lim Eul-chul"))
        #expect(c.outlets.count >= 2)
    }

    @Test func speakerIsTheMostUsedSpellingThenTheEarliest() throws {
        // 001 writes "Lim Eul-chul", 003 "Eul-Chul Lim", once each: the earlier document's wins.
        let (_, c) = try #require(Self.cluster(containing: "001", "This might even be a driving factor"))
        let spellings = c.variants.compactMap { $0.quote.attribution?.speaker }
        #expect(spellings.contains("Lim Eul-chul") && spellings.contains("Eul-Chul Lim"))
        #expect(c.speaker == "Lim Eul-chul")
        // One name per speaker across clusters: 004's "Kim Yong-Hyun" is outnumbered by "Kim Yong-hyun".
        let kim = Self.clusters.filter { $0.variants.contains { $0.quote.attribution?.speaker.hasPrefix("Kim Yong") == true } }
        #expect(kim.count >= 2)
        #expect(kim.allSatisfy { $0.speaker == "Kim Yong-hyun" })
        // The most used full spelling wins over the earliest one.
        let docs = [
            "“We will hold the line this winter,” said Eul-Chul Lim.",
            "“We will hold the line this winter,” Lim Eul-chul said.",
            "“We will hold the line in winter,” Lim Eul-chul told reporters.",
        ].enumerated().map { k, t in Document(ordinal: k, id: "d\(k)", text: t, origin: .init(path: "d\(k)")) }
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs)).cluster()
        #expect(clusters.count == 1)
        #expect(clusters.first?.speaker == "Lim Eul-chul")
        // Ties go to the spelling added first, whichever sorts first.
        for order in [["Lim Eul-chul", "Eul-Chul Lim"], ["Eul-Chul Lim", "Lim Eul-chul"]] {
            var directory = SpeakerDirectory()
            for name in order + ["Lim"] { directory.add(name) }
            #expect(directory.displayName(directory.canonicalKey(SpeakerIdentity.key("Lim"))) == order[0])
        }
    }

    @Test func kimYongHyunMilitaryAllianceStatementsClusterUnderOneSpeaker() throws {
        let (k0, c) = try #require(Self.cluster(containing: "000", "resemble a military alliance"))
        let (k3, _) = try #require(Self.cluster(containing: "003", "basically a military alliance"))
        let (k4, _) = try #require(Self.cluster(containing: "004", "akin to a military alliance"))
        #expect(k0 == k3)
        #expect(k0 == k4)
        #expect(SpeakerIdentity.key(c.speaker ?? "") == SpeakerIdentity.key("Kim Yong-hyun"))
    }

    @Test func dietzAndMillerStayTwoLinkedSpeakers() throws {
        let (kd, d) = try #require(Self.cluster(containing: "002", "significant increase in the DPRK-Russia defense relationship"))
        let (km, m) = try #require(Self.cluster(containing: "002", "the relationship that you have seen develop"))
        #expect(kd != km)
        #expect(d.speaker == "Charlie Dietz")
        #expect(m.speaker == "Matthew Miller")
        #expect(d.links.contains { $0.cluster == km })
        #expect(m.links.contains { $0.cluster == kd })
    }

    @Test func noZelenskyQuoteJoinsPeskovsCluster() throws {
        let (_, peskov) = try #require(Self.cluster(containing: "001", "another bit of fake news"))
        #expect(peskov.speaker == "Dmitry Peskov")
        #expect(peskov.variants.contains { $0.documentID.hasPrefix("000") && $0.statement.contains("yet another fake news story") })
        for v in peskov.variants {
            #expect(v.quote.attribution.map { !$0.speaker.contains("Zelensk") } ?? true)
        }
        for (_, c) in Self.clusters.enumerated() where c.variants.contains(where: { $0.quote.attribution?.speaker.contains("Zelensk") == true }) {
            #expect(c.speaker != "Dmitry Peskov")
        }
    }

    @Test func outletsAndFirstAppearanceComeFromDocumentMetadata() throws {
        let texts = [
            ("a", "Wire", "2024-10-12", "“We will not send troops to the front line this year,” Defense Minister Jan Novak said."),
            ("b", "Daily", "2024-10-09", "Jan Novak said on Monday that “we will not send any troops to the front line this year.”"),
            ("c", "Wire", "2024-10-10", "“We will not send troops to the front line,” Novak told reporters."),
        ]
        let docs = texts.enumerated().map { k, t in
            Document(ordinal: k, id: t.0, text: t.3, source: t.1, date: t.2, origin: .init(path: t.0))
        }
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs)).cluster()
        #expect(clusters.count == 1)
        let c = try #require(clusters.first)
        #expect(c.speaker == "Jan Novak")
        #expect(c.variants.count == 3)
        #expect(c.outlets.map(\.name) == ["Daily", "Wire"])
        #expect(c.firstAppearance.map { c.variants[$0].documentID } == "b")
    }

    @Test func clusteringIsDeterministic() throws {
        let again = try QuoteClusterer(index: Seed.index()).cluster()
        #expect(again == Self.clusters)
    }
}
