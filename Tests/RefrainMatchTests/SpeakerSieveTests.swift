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

    @Test func aQuoteFollowedByANewClauseTakesTheClauseBefore() throws {
        // The quote is the object of "asked"; "and she said yes" is a new clause, not its cue.
        // The repeated "he" keeps the referent of the first one, not the woman its clause names.
        // Both have spoken already, and Quell's gender is unknown: only the chain to the first
        // "he" (whose nearest earlier person is Hale) keeps Quell from being chosen.
        let text = "“We will talk later,” Tom Hale said. “No comment,” Zorya Quell said.\n\nIn the account that Tom Hale gave, he said Zorya Quell had hugged him and he asked her for “one more dance?” and she said yes."
        let all = attributions(text)
        #expect(all.count == 3)
        #expect(all.last?.1?.speaker == "Tom Hale")
        // A quote closed by a comma keeps the cue after it.
        let plain = "“We will talk later,” Tom Hale said. “No comment,” Zorya Quell said."
        #expect(attributions(plain).map { $0.1?.speaker } == ["Tom Hale", "Zorya Quell"])
    }

    @Test func aLinkLineQuoteHasNoSpeaker() {
        let text = "Mr Tom Hale opened the new bridge on Monday.\n\nRead more: Neighbours speak about 'awful' night as storm hits the town\n\n“It will carry us for a century,” Tom Hale said."
        let all = attributions(text)
        #expect(all.count == 2)
        #expect(all.first?.0 == "awful")
        #expect(all.first?.1 == nil)
        #expect(all.last?.1?.speaker == "Tom Hale")
    }

    @Test func theyForAnUnnamedGroupIsNoOrganisation() {
        let text = "The Harbour Board opened an inquiry near the Northern Pier.\n\nLater, investigators confirmed the crane had failed, which they said was “a design fault nobody had checked”."
        let all = attributions(text)
        #expect(all.count == 1)
        #expect(all.first?.1 == nil)
        // Without a group noun in its sentence, "they" is the organisation named before.
        let org = "The Harbour Board opened an inquiry near the Northern Pier.\n\n“The crane had a design fault nobody had checked,” they said."
        #expect(attributions(org).first?.1?.kind == .organization)
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
    static let clusters: [QuoteCluster] = try! QuoteClusterer(index: Seed.index()).cluster()  // in memory: cannot be damaged

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

    @Test func withoutASpokespersonTheOrganisationStaysApart() throws {
        let docs = [
            "“Fares will not rise again this winter at all,” Harbour Transit Authority spokesman Leo Brandt said.",
            "Harbour Transit Authority said fares “will not rise again this winter at all”.",
            "“Fares will not rise again this winter at all,” said city councillor Mia Sato.",
        ]
        let corpus = docs.enumerated().map { Document(ordinal: $0.offset, id: "d\($0.offset)", text: $0.element, origin: .init(path: "d\($0.offset)")) }
        let clusters = try QuoteClusterer(index: MatchIndex(documents: corpus)).cluster()
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
