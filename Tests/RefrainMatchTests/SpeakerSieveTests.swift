import Testing
import RefrainCorpus
import RefrainMatch

private func attributions(_ text: String) -> [(String, Attribution?)] {
    QuoteReader().quotes(in: text).filter { $0.depth == 0 }.map { ($0.statement(in: text), $0.attribution) }
}

/// The sieve's rules on made-up sentences of the shapes issue 12 lists (none taken from an article).
@Suite struct SpeakerSieveTests {
    @Test func speakerNounPhraseParsesRoleAndAffiliation() throws {
        let a = try #require(attributions("“We will meet again next year,” said G20 chair Maria Lopez.").first?.1)
        #expect(a.speaker == "Maria Lopez")
        #expect(a.affiliation == "G20")
        #expect(a.role == "chairman")
        let b = try #require(attributions("Norway's Foreign Minister Ola Berg said the talks were “a first step toward peace”.").first?.1)
        #expect(b.speaker == "Ola Berg")
        let c = try #require(attributions("“The deal is done,” said Acme global affairs President Kent Oduya in a statement.").first?.1)
        #expect(c.speaker == "Kent Oduya")
    }

    @Test func pronounsAgreeInGenderAndSkipThings() throws {
        let text = "Mr Tom Hale chaired the panel. Later Ms Ana Ruiz presented the Champions Cup final plan.\n\n“We have a lot of work to do before the season,” he said."
        #expect(attributions(text).first?.1?.speaker == "Tom Hale")
        let she = "Mr Tom Hale chaired the panel with Ms Ana Ruiz.\n\n“We have a lot of work to do before the season,” she said."
        #expect(attributions(she).first?.1?.speaker == "Ana Ruiz")
        // A common word is not a name: nobody to resolve "he" to.
        let thing = "Read more: Forecast for the Champions Cup final.\n\n“We have a lot of work to do before the season,” he said."
        #expect(attributions(thing).first?.1 == nil)
    }

    @Test func descriptionsResolveToTheEntityNamedEarlier() throws {
        let text = "Orbital Freight Inc. said on Monday it had grounded its fleet.\n\n“Safety comes before every schedule we keep,” the company said."
        let a = try #require(attributions(text).first?.1)
        #expect(a.speaker == "Orbital Freight Inc.")
        #expect(a.kind == .organization)
        let judge = "Judge Rosa Alvarez issued the ruling on Friday.\n\n“The statute does not reach this conduct at all,” the judge wrote."
        #expect(attributions(judge).first?.1?.speaker == "Rosa Alvarez")
    }

    @Test func splitQuoteSecondHalfInheritsTheSpeaker() {
        let text = "“The first question is settled,” Judge Rosa Alvarez wrote. “That rule applies to every later case as well.”"
        let quotes = attributions(text)
        #expect(quotes.count == 1)
        #expect(quotes.first?.1?.speaker == "Rosa Alvarez")
    }

    @Test func aQuestionIsNotTheAnswerersSpeech() {
        let text = "Mayor Lin Park took questions on Monday.\n\nAsked whether the plan was “dead on arrival”, he said the council would vote again."
        let quotes = attributions(text)
        #expect(quotes.first?.0 == "dead on arrival")
        #expect(quotes.first?.1 == nil)
    }

    @Test func namesWithLowercaseParticlesAreNames() {
        for name in ["Omar al-Hassan", "Pieter van der Berg", "Ana de la Cruz"] {
            let text = "“We will appeal the decision in the coming weeks,” said \(name)."
            #expect(attributions(text).first?.1?.speaker == name, "\(name)")
        }
    }

    @Test func speakerKeysAgreeAcrossTitlesInitialsAndAffiliations() {
        #expect(SpeakerIdentity.organisationKey("the Kremlin") == SpeakerIdentity.organisationKey("Russia"))
        #expect(SpeakerIdentity.key("Eul-Chul Lim") == SpeakerIdentity.key("Lim Eul-chul"))
    }
}

/// Organisation ↔ spokesperson on the seed corpus (issue 13, item 3).
@Suite struct SpokespersonJoinTests {
    static let clusters: [QuoteCluster] = QuoteClusterer(index: Seed.index()).cluster()

    @Test func russiasFakeNewsIsAnOrganisationVariantOfPeskovsCluster() throws {
        let cluster = try #require(Self.clusters.first { c in
            c.variants.contains { $0.documentID.hasPrefix("002") && $0.statement.contains("fake news") }
        })
        #expect(SpeakerIdentity.key(cluster.speaker ?? "") == SpeakerIdentity.key("Dmitry Peskov"))
        let russia = try #require(cluster.variants.first { $0.documentID.hasPrefix("002") })
        #expect(russia.quote.attribution?.speaker == "Russia")
        #expect(russia.quote.attribution?.kind == .place || russia.quote.attribution?.kind == .organization)
        // Peskov's own variants say who he is: the Kremlin's spokesperson.
        #expect(cluster.variants.contains { $0.quote.attribution?.role == "spokesperson" && $0.quote.attribution?.affiliation == "Kremlin" })
    }

    @Test func withoutASpokespersonTheOrganisationStaysApart() {
        let docs = [
            "“Fares will not rise again this winter at all,” Harbour Transit Authority spokesman Leo Brandt said.",
            "Harbour Transit Authority said fares “will not rise again this winter at all”.",
            "“Fares will not rise again this winter at all,” said city councillor Mia Sato.",
        ]
        let corpus = docs.enumerated().map { Document(ordinal: $0.offset, id: "d\($0.offset)", text: $0.element, origin: .init(path: "d\($0.offset)")) }
        let clusters = QuoteClusterer(index: MatchIndex(documents: corpus)).cluster()
        // The authority's statement joins its spokesman; the councillor stays a speaker of her own.
        let brandt = clusters.first { $0.variants.contains { $0.documentID == "d0" } }
        #expect(brandt?.variants.contains { $0.documentID == "d1" } == true)
        #expect(brandt?.variants.contains { $0.documentID == "d2" } == false)
    }
}

/// Quotes in other languages' marks and cues.
@Suite struct OtherLanguageCueTests {
    @Test func chineseSpeakerBeforeTheColonWithRoleAndAffiliation() throws {
        let text = "外交部发言人毛宁说：“中方一贯主张通过对话解决分歧。”"
        let quotes = QuoteReader().quotes(in: text)
        #expect(quotes.first?.statement(in: text) == "中方一贯主张通过对话解决分歧。")
        let a = try #require(quotes.first?.attribution)
        #expect(a.speaker == "毛宁")
        #expect(a.role == "spokesperson")
        #expect(a.affiliation == "外交部")
    }

    @Test func japaneseSpeakerAfterTheQuote() {
        let text = "「核の脅威は容認できない」と岸田首相は述べた。"
        #expect(QuoteReader().quotes(in: text).first?.attribution?.speaker == "岸田")
    }

    @Test func frenchAndSpanishCompoundPastCues() {
        #expect(QuoteReader().quotes(in: "« Nous ne céderons pas », a dit Jean Martin.").first?.attribution?.speaker == "Jean Martin")
        #expect(QuoteReader().quotes(in: "«No vamos a ceder», ha afirmado Ana García.").first?.attribution?.speaker == "Ana García")
    }

    @Test func quoteCutOffByTheEndOfTheTextIsKept() {
        let text = "The minister said on Monday that “the budget will be balanced by the end of"
        #expect(QuoteExtractor().extract(from: text).first?.statement(in: text) == "the budget will be balanced by the end of")
    }

    @Test func nestedQuoteClosedAfterAStraySpace() {
        let text = "“He told me ‘we will win ’ and then he left the room,” she said."
        let inner = QuoteExtractor().extract(from: text).filter { $0.depth == 1 }
        #expect(inner.first?.statement(in: text) == "we will win")
    }
}
