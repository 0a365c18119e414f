import Testing
import RefrainCorpus
import RefrainMatch

/// One key per person (issue 12 item 4), organisations keyed apart, and the clusterer's rule that
/// an unattributed quote takes another document's speaker only where its document names them.
@Suite struct SpeakerIdentityTests {
    @Test func oneKeyPerPersonWhateverTheTitlesInitialsAccentsAndAffiliation() {
        let same: [(String, String)] = [
            ("District Judge Lewis Kaplan", "Lewis Kaplan"),
            ("U.S. District Judge Amit P. Mehta", "Amit Mehta"),
            ("Pedro Sánchez", "Pedro Sanchez"),
            ("J.D. Vance", "JD Vance"),
            ("Donald J. Trump", "Donald Trump"),
            ("Tiare Lawrence of Na Aikane o Maui", "Tiare Lawrence"),
            ("National Assembly Speaker Woo Won Shik", "Woo Won Shik"),
            ("Rear Adm. John Mauger", "John Mauger"),
            ("Omar al-Hassan", "Omar Hassan"),
            ("Yoon Suk Yeol", "Yoon Suk-yeol"),
            ("Eul-Chul Lim", "Lim Eul-chul"),
        ]
        for (a, b) in same { #expect(SpeakerIdentity.key(a) == SpeakerIdentity.key(b), "\(a) / \(b)") }
        // The name itself is never cut: a surname that is also a common word, a first name
        // that is a common word, a surname-first name.
        #expect(SpeakerIdentity.key("Josh Green") == "green josh")
        #expect(SpeakerIdentity.key("Mark Carney") == "carney mark")
        #expect(SpeakerIdentity.key("Woo Won Shik") == "shik won woo")
        #expect(SpeakerIdentity.key("Donald Trump Jr.") != SpeakerIdentity.key("Donald Trump"))
        #expect(SpeakerIdentity.key("Dmitry Peskov") != SpeakerIdentity.key("Peskov"))
    }

    @Test func directoryJoinsAPartialNameToTheOneFullerIdentity() {
        var d = SpeakerDirectory()
        for name in ["Tedros Adhanom Ghebreyesus", "Tedros Ghebreyesus", "Kim Jong Un", "Kim Yo Jong", "Kim",
                     "Donald Trump", "Donald Trump Jr.", "Trump", "Vance", "Vance and Ukrainian"] { d.add(name) }
        #expect(d.canonicalKey(SpeakerIdentity.key("Tedros Ghebreyesus")) == d.canonicalKey(SpeakerIdentity.key("Tedros Adhanom Ghebreyesus")))
        #expect(d.displayName(d.canonicalKey(SpeakerIdentity.key("Tedros Ghebreyesus"))) == "Tedros Adhanom Ghebreyesus")
        // Two Kims: "Kim" stays apart.
        #expect(d.canonicalKey("kim") == "kim")
        // A generational suffix keeps father and son apart; "Trump" has two owners, so stays.
        #expect(d.canonicalKey(SpeakerIdentity.key("Donald Trump")) != d.canonicalKey(SpeakerIdentity.key("Donald Trump Jr.")))
        // A misread pair of speakers owns no one.
        #expect(d.canonicalKey("vance") == "vance")
    }

    @Test func organisationsAreKeyedApartFromPeopleUnlessTheyAreAPersonsTitle() {
        var d = SpeakerDirectory()
        d.add("Josh Green")
        d.add("Green", organisation: true)
        d.add("Woo Won Shik")
        d.add("National Assembly Speaker Woo Won Shik", organisation: true)
        d.add("the Kremlin", organisation: true)
        d.add("Russia", organisation: true)
        let green = d.canonicalKey(SpeakerIdentity.identity("Green", organisation: true))
        #expect(green != d.canonicalKey(SpeakerIdentity.key("Josh Green")))
        #expect(green.hasPrefix(SpeakerIdentity.organisationPrefix))
        let woo = d.canonicalKey(SpeakerIdentity.identity("National Assembly Speaker Woo Won Shik", organisation: true))
        #expect(woo == d.canonicalKey(SpeakerIdentity.key("Woo Won Shik")))
        #expect(d.displayName(woo) == "Woo Won Shik")
        #expect(d.canonicalKey(SpeakerIdentity.identity("the Kremlin", organisation: true))
                == d.canonicalKey(SpeakerIdentity.identity("Russia", organisation: true)))
    }

    static func docs(_ texts: [String]) -> [Document] {
        texts.enumerated().map { k, t in Document(ordinal: k, id: "d\(k)", text: t, origin: .init(path: "d\(k)")) }
    }

    @Test func anUnattributedQuoteTakesASpeakerOnlyWhereItsDocumentNamesThem() throws {
        let statement = "the harbour cranes will be running again before the winter storms arrive"
        let docs = Self.docs([
            "“The harbour cranes will be running again before the winter storms arrive,” said port director Ingrid Halvorsen on Monday.",
            "Workers were told that “the harbour cranes will be running again before the winter storms arrive” at a meeting on Tuesday.",
            "Ingrid Halvorsen spoke to workers. She promised that “the harbour cranes will be running again before the winter storms arrive” in a memo.",
        ])
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs)).cluster()
        let withSpeaker = try #require(clusters.first { $0.speaker == "Ingrid Halvorsen" && $0.variants.contains { $0.documentID == "d0" } })
        let docsIn = Set(withSpeaker.variants.filter { $0.statement.lowercased().contains(statement.prefix(30)) }.map(\.documentID))
        // d2 names Halvorsen: its quote joins her cluster (attributed there or inferred).
        #expect(docsIn.contains("d2"))
        // d1 never names her: its words do not make her its speaker.
        #expect(!docsIn.contains("d1"))
        #expect(clusters.contains { c in c.speaker == nil && c.variants.contains { $0.documentID == "d1" } }
                || !clusters.contains { c in c.variants.contains { $0.documentID == "d1" && $0.form == .quoted } })
    }

    @Test func twoLongQuotesOfOneSpeakerSharingAPassageAreOneStatement() throws {
        // Two outlets quote overlapping stretches of one remark: each long quote holds much the
        // other lacks, but they share one passage nearly word for word.
        let docs = Self.docs([
            "“We are very lucky here. Nobody was seated in rows 26A and 26B, where that door plug is, and the cabin crew moved quickly,” said Jennifer Homendy on Saturday.",
            "“No one was seated in rows 26A and B, where that door, that door plug is. The aircraft was around sixteen thousand feet when the panel blew out over Portland,” Jennifer Homendy told reporters.",
            "“The cockpit voice recorder was overwritten because nobody pulled the breaker in time after the landing,” Jennifer Homendy added later.",
        ])
        let clusters = try QuoteClusterer(index: MatchIndex(documents: docs)).cluster()
        let seated = clusters.filter { c in c.variants.contains { $0.statement.contains("26A") } }
        #expect(seated.count == 1)
        #expect(Set(seated.first?.variants.map(\.documentID) ?? []) == ["d0", "d1"])
        // A different statement of the same speaker stays apart.
        #expect(clusters.contains { c in c.variants.contains { $0.statement.contains("cockpit voice recorder") } && c.variants.count == 1 })
        // Without the passage rule the two do not meet.
        var strict = ClusterOptions()
        strict.minPassageWords = 1_000
        let apart = try QuoteClusterer(index: MatchIndex(documents: docs), options: strict).cluster()
        #expect(apart.filter { c in c.variants.contains { $0.statement.contains("26A") } }.count == 2)
    }
}
