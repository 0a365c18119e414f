/// Names found in running text: runs of capitalized words, stripped of titles and classified as
/// person, organization or place; plus unnamed people ("a Ukrainian official").
struct Mention: Sendable {
    enum Kind: UInt8, Sendable { case person, organization, place, anonymous, unknown }

    var kind: Kind
    var paragraph: Int
    /// Indices into the paragraph's pieces, the whole run (titles included).
    var pieces: Range<Int>
    /// Byte range of the whole run.
    var range: Range<Int>
    /// The name without titles ("Kim Yong-hyun", "Reverse Side of the Medal").
    var display: String
    /// Number of name parts in ``display``.
    var partCount: Int
    /// Canonical roles from titles and appositives ("minister", "spokesperson").
    var roles: Set<String> = []
    var inParens = false
    var possessive = false
    /// For a one-part person name: the full name it resolves to in this document.
    var fullName: String?
    /// Gender from a title, a role word or the first name, for pronoun agreement.
    var gender: Lexicon.Gender = .unknown
    /// The gender comes from a title or role word ("Mr", "spokeswoman"), not only a first name
    /// (a first name's gender is a preference: "Kim" is a Korean surname as often as a first name).
    var genderIsHard = false
    /// A one-part person name that is also a common word ("Rush", "Cook"): a person only when
    /// the document gives the full name.
    var weakName = false
    /// Affiliation named with the speaker ("G20" in "G20 chair Maria Lopez", "Acme" in "Ana Ruiz,
    /// Acme's chief executive"), when the mention carries one.
    var affiliation: String?
    /// A title or role word stands before the name ("Mr Justice Goss", "judge Kaplan").
    var titled = false
    /// Lower-case nouns of an appositive right after the mention ("concert", "promoter" in
    /// "Barracuda Music, the concert promoter,"), for a later "the promoter said".
    var descriptors: Set<String> = []
    /// A lone common word kept only in case the document gives it as a person's surname;
    /// dropped when it does not.
    var unresolvedWord = false

    /// The name to attribute to: the resolved full name when there is one.
    var speakerName: String { fullName ?? display }
    /// A person with a full name, or a one-part name resolved to one.
    var isNamedPerson: Bool { kind == .person && (partCount >= 2 || fullName != nil) }
}

enum MentionFinder {
    /// Lower-case nouns after a capitalized run that make it an organization or channel.
    static let organizationHeads: Set<String> = [
        "channel", "agency", "newspaper", "outlet", "group", "network", "daily", "site", "website", "station",
        "broadcaster", "ministry", "party", "account", "report", "reported", "magazine", "tabloid", "service",
        "publication", "paper", "bureau", "office", "blog", "media", "news",
    ]

    /// Whether a paragraph reads as a headline (most words capitalized) or a photo caption.
    static func isHeadlineOrCaption(_ pieces: [Piece]) -> Bool {
        var words = 0, caps = 0
        var photo = false
        for p in pieces where p.kind == .word {
            words += 1
            if p.capitalized || p.allCaps || p.startsWithDigit { caps += 1 }
            if p.lower == "photo" || p.lower == "getty" || p.lower == "illustrative" { photo = true }
        }
        if photo { return true }
        // A line that ends in a colon introduces what follows ("As The New York Times reported:").
        if let last = pieces.last, last.kind == .punct, last.text == ":" { return false }
        return words >= 4 && Double(caps) / Double(words) >= 0.7
    }

    /// The mentions in one paragraph's pieces.
    /// `lineStarts[k]` is true when piece `k` opens a line inside the paragraph (a single
    /// line break before it); a name never runs across a line break.
    static func find(in pieces: [Piece], paragraph: Int, lineStarts: [Bool] = []) -> [Mention] {
        var out: [Mention] = []
        var k = 0
        func opensLine(_ i: Int) -> Bool { i == 0 || (i < lineStarts.count && lineStarts[i]) }
        var bylineLine = false
        while k < pieces.count {
            let p = pieces[k]
            // A wire byline ("By JANE DOE – Associated Press"): nothing on its line speaks.
            if opensLine(k) {
                bylineLine = p.kind == .word && p.text == "By" && k + 1 < pieces.count && pieces[k + 1].kind == .word && pieces[k + 1].capitalized
            }
            if bylineLine { k += 1; continue }
            guard p.kind == .word else { k += 1; continue }
            if startsRun(p) {
                var e = k + 1
                if !p.possessive {
                    while e < pieces.count {
                        let n = pieces[e]
                        guard n.kind == .word, !opensLine(e) else { break }
                        if continuesRun(n) {
                            e += 1
                            if n.possessive { break }
                            continue
                        }
                        // Connectors ("of", "of the") inside a name, when a capitalized word follows.
                        var c = e
                        while c < pieces.count, c - e < 2, pieces[c].kind == .word,
                              Lexicon.nameConnectors.contains(pieces[c].lower), !pieces[c].capitalized { c += 1 }
                        // "and" joins only inside an organisation's name ("Centers for Disease
                        // Control and Prevention", "Department of Health and Human Services"),
                        // never two people ("Vance and Zelensky", "Letizia and Mazon").
                        let joinsWithAnd = pieces[e..<c].contains { $0.lower == "and" }
                        var orgName = false
                        if joinsWithAnd, c < pieces.count, !pieces[c].allCaps {
                            // The name on either side of "and" reads as an organisation's
                            // ("Food and Drug Administration"), and no acronym follows ("… and CDC").
                            var ahead = c
                            while ahead < pieces.count, ahead - c < 6, continuesRun(pieces[ahead]) { ahead += 1 }
                            orgName = pieces[k..<ahead].contains { Lexicon.isOrganizationWord($0.lower) || $0.lower == "of" || $0.lower == "for" }
                        }
                        if c > e, c < pieces.count, continuesRun(pieces[c]), !joinsWithAnd || orgName {
                            e = c
                            continue
                        }
                        break
                    }
                }
                // A dateline ("PRAGUE (AP) —", "KYIV, Ukraine —"): all capitals opening a line,
                // then a bracket, comma or dash. It is a place, not a speaker.
                let dateline = opensLine(k) && pieces[k..<e].allSatisfy { $0.allCaps } && e < pieces.count &&
                    pieces[e].kind == .punct && ["(", ",", "—", "–", "-"].contains(pieces[e].text)
                if !dateline, let m = classify(pieces, k..<e, paragraph: paragraph) { out.append(m) }
                // The agency in the dateline's brackets ("(AP)") is its credit, not a speaker.
                if dateline, pieces[e].text == "(", let close = pieces[e..<min(pieces.count, e + 5)].firstIndex(where: { $0.text == ")" }) {
                    e = close + 1
                }
                k = e
                continue
            }
            if let m = anonymous(pieces, at: k, paragraph: paragraph) {
                out.append(m)
                k = m.pieces.upperBound
                continue
            }
            k += 1
        }
        attachAppositives(&out, pieces)
        for k in out.indices where out[k].kind == .person || out[k].kind == .organization {
            out[k].descriptors = appositiveNouns(pieces, out[k].pieces.upperBound)
        }
        // "Kremlin spokesman Dmitry Peskov", "G20 chair Maria Lopez": the organisation named
        // right before the role words is the person's affiliation.
        for k in out.indices where out[k].kind == .person && out[k].affiliation == nil && !out[k].roles.isEmpty {
            var b = out[k].pieces.lowerBound - 1
            while b >= 0, pieces[b].kind == .word, !pieces[b].capitalized || Lexicon.roles[pieces[b].lower] != nil,
                  Lexicon.roles[pieces[b].lower] != nil || Lexicon.personNouns.contains(pieces[b].lower) { b -= 1 }
            if b >= 0, b < out[k].pieces.lowerBound - 1, let owner = out.last(where: { $0.pieces.upperBound - 1 == b && $0.kind != .person && $0.kind != .anonymous }) {
                out[k].affiliation = owner.display
            }
        }
        return out
    }

    static func startsRun(_ p: Piece) -> Bool {
        guard p.kind == .word, p.capitalized || p.allCaps else { return false }
        // A one-letter word that is not an initial ("Y", "A", "O" opening a sentence).
        if p.text.count == 1 && !p.abbreviation { return false }
        if Lexicon.notNames.contains(p.lower) { return false }
        if p.abbreviation && Lexicon.monthAbbreviations.contains(p.lower) { return false }
        if p.sentenceStart && Lexicon.pronouns.contains(p.lower) { return false }
        return !isHyphenatedAdjective(p)
    }

    /// "al-Hassan", "el-Sisi", "bin-Talal": a lower-case particle joined to a capitalised name.
    static func isParticleName(_ p: Piece) -> Bool {
        guard p.kind == .word, let dash = p.text.firstIndex(where: { $0 == "-" }) else { return false }
        let head = p.text[..<dash].lowercased()
        guard ["al", "el", "ad", "as", "ash", "at", "az", "bin", "ibn", "abu", "ben"].contains(head) else { return false }
        return p.text[p.text.index(after: dash)...].first?.isUppercase ?? false
    }

    static func continuesRun(_ p: Piece) -> Bool {
        if isParticleName(p) { return true }
        guard p.kind == .word, p.capitalized || p.allCaps else { return false }
        if p.abbreviation && Lexicon.monthAbbreviations.contains(p.lower) { return false }
        if Lexicon.notNames.contains(p.lower) && !Lexicon.nameConnectors.contains(p.lower) { return false }
        return !isHyphenatedAdjective(p)
    }

    /// "Wagner-linked", "Russian-held", "Soviet-era": capitalized, but an adjective.
    static func isHyphenatedAdjective(_ p: Piece) -> Bool {
        guard let dash = p.lower.lastIndex(of: "-") else { return false }
        let tail = String(p.lower[p.lower.index(after: dash)...])
        let tailIsLower = p.text.split(separator: "-").last.flatMap { $0.unicodeScalars.first }.map { Scalars.isLowercase($0.value) } ?? false
        if Lexicon.adjectiveSuffixes.contains(tail) { return true }
        return tailIsLower && tail.hasSuffix("ed") && tail.count > 3
    }

    static func classify(_ pieces: [Piece], _ run: Range<Int>, paragraph: Int) -> Mention? {
        var words = Array(pieces[run])
        while let last = words.last, Lexicon.nameConnectors.contains(last.lower), !last.capitalized { words.removeLast() }
        guard !words.isEmpty else { return nil }
        let range = words[0].range.lowerBound..<words[words.count - 1].range.upperBound
        let inParens = words[0].inParens
        let possessive = words[words.count - 1].possessive
        let precededByThe = run.lowerBound > 0 && pieces[run.lowerBound - 1].lower == "the"
        let nextLower = run.upperBound < pieces.count && pieces[run.upperBound].kind == .word ? pieces[run.upperBound].lower : ""
        var roles = Set<String>()
        // Lower-case role words just before the run: "Kremlin spokesman Dmitry Peskov",
        // "defense minister, Kim Yong-hyun".
        var back = run.lowerBound - 1
        if back >= 0, pieces[back].kind == .punct, pieces[back].text == "," { back -= 1 }
        var steps = 0
        while back >= 0, steps < 3, pieces[back].kind == .word, let role = Lexicon.roles[pieces[back].lower] {
            roles.insert(role)
            back -= 1
            steps += 1
        }

        // Strip titles, places, acronyms and connectors from the front; a role noun before
        // the name ("Passenger Evan Smith", "Administrator Bill Nelson") and a common word that
        // only starts the sentence ("Addressing Letby") go too. Titles give a gender.
        var gender = Lexicon.Gender.unknown
        // "His wife, Jaime Green", "spokeswoman Ana Ruiz": a gendered noun just before the
        // name (across one appositive comma) gives the gender.
        var g = run.lowerBound - 1
        if g >= 0, pieces[g].kind == .punct, pieces[g].text == "," { g -= 1 }
        var looked = 0
        while g >= 0, looked < 3, pieces[g].kind == .word {
            let l = pieces[g].lower
            if Lexicon.maleTitles.contains(l) || Lexicon.maleNouns.contains(l) { gender = .male; break }
            if Lexicon.femaleTitles.contains(l) || Lexicon.femaleNouns.contains(l) { gender = .female; break }
            if !(Lexicon.roles[l] != nil || Lexicon.personNouns.contains(l)) { break }
            g -= 1
            looked += 1
        }
        var start = 0
        var affiliation: String?
        var titleStripped = false
        while start < words.count {
            let w = words[start]
            let l = w.lower
            let more = start + 1 < words.count
            let isTitle = Lexicon.titleWords.contains(l) || Lexicon.roles[l] != nil || (more && Lexicon.personNouns.contains(l) && !Lexicon.maleFirstNames.contains(l) && !Lexicon.femaleFirstNames.contains(l))
            let opener = more && w.sentenceStart && start == 0 && Lexicon.isCommonNonName(l) && !Lexicon.isPlace(l)
            // Hand-listed places and nationalities ("South Korean", "Norway's") front a name; a
            // WordNet place only as a possessive ("Kent" may be a first name, "Kent's" is not).
            // A nationality (WordNet demonym, "British-Canadian") is a modifier before a name.
            let place = Lexicon.places.contains(l) || Lexicon.isDemonym(l) || (w.possessive && Lexicon.placeNames.contains(l))
            let coded = more && w.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }   // "G20", "F1"
            if isTitle || opener || place || coded || (w.allCaps && more) || Lexicon.nameConnectors.contains(l) {
                if isTitle && !Lexicon.nameConnectors.contains(l) { titleStripped = true }
                if let role = Lexicon.roles[l] { roles.insert(role) } else if isTitle && Lexicon.personNouns.contains(l) { roles.insert(l) }
                if Lexicon.maleTitles.contains(l) { gender = .male }
                if Lexicon.femaleTitles.contains(l) { gender = .female }
                if (w.allCaps || w.possessive || coded) && more && !isTitle {
                    affiliation = w.possessive ? String(w.text.dropLast(2)) : w.text
                }
                start += 1
                continue
            }
            break
        }
        let all = words.map(\.lower)
        let remainder = Array(words[start...])
        func display(_ ws: [Piece]) -> String {
            ws.map { w -> String in
                var t = w.text
                if w.possessive { t.removeLast(2) }
                return t
            }.joined(separator: " ")
        }
        if remainder.isEmpty {
            // "the Head of State", "Prime Minister": a role, described not named.
            if let first = words.first(where: { $0.lower != "the" }), Lexicon.roles[first.lower] != nil || Lexicon.personNouns.contains(first.lower) { return nil }
            let isOrg = all.contains { Lexicon.isOrganizationWord($0) } || words.contains { $0.allCaps }
            let isPlace = all.allSatisfy { Lexicon.isPlace($0) || Lexicon.nameConnectors.contains($0) }
            let shown = display(words.first?.lower == "the" ? Array(words.dropFirst()) : words)
            if isPlace && !isOrg {
                return Mention(kind: .place, paragraph: paragraph, pieces: run, range: range, display: shown, partCount: words.count,
                               roles: roles, inParens: inParens, possessive: possessive)
            }
            if isOrg {
                return Mention(kind: .organization, paragraph: paragraph, pieces: run, range: range, display: shown,
                               partCount: words.count, roles: roles, inParens: inParens, possessive: possessive)
            }
            return nil
        }
        // "Texas Department of State Health Services Spokesman Chris Van Deusen", "NASA
        // Administrator Bill Nelson": an organisation, a role, then the person; the person is
        // the mention, the organisation its affiliation.
        if let i = remainder.indices.last(where: { $0 >= 1 && $0 < remainder.count - 1 && Lexicon.roles[remainder[$0].lower] != nil }) {
            var name = Array(remainder[(i + 1)...])
            while name.count > 1, Lexicon.titleWords.contains(name[0].lower) || Lexicon.roles[name[0].lower] != nil { name.removeFirst() }
            if !name.isEmpty, !name.allSatisfy({ Lexicon.isCommonNonName($0.lower) }) {
                var rs = roles
                if let role = Lexicon.roles[remainder[i].lower] { rs.insert(role) }
                var m = Mention(kind: .person, paragraph: paragraph, pieces: run, range: range, display: display(name),
                                partCount: name.count, roles: rs, inParens: inParens, possessive: possessive)
                m.affiliation = display(Array(remainder[..<i]).filter { $0.lower != "the" })
                m.titled = true
                if Lexicon.maleTitles.contains(remainder[i].lower) { m.gender = .male; m.genderIsHard = true }
                if Lexicon.femaleTitles.contains(remainder[i].lower) { m.gender = .female; m.genderIsHard = true }
                if m.gender == .unknown, name.count >= 2 { m.gender = Lexicon.gender(ofFirstName: name[0].lower) }
                return m
            }
        }
        let rest = remainder.map(\.lower)
        // A title with no name after it ("OceanGate CEO", "Foreign Minister"): it describes a
        // person named elsewhere (an appositive follows), it is not a name.
        if let last = rest.last, remainder.count >= 1, Lexicon.roles[last] != nil || (Lexicon.titleWords.contains(last) && remainder.count == 1) {
            return nil
        }
        // "Rear Adm John Mauger of the Coast Guard": a titled name, then its organisation.
        if let of = remainder.firstIndex(where: { $0.lower == "of" || $0.lower == "for" || $0.lower == "at" }), of > 0, start > 0,
           remainder[(of + 1)...].contains(where: { Lexicon.organizationWords.contains($0.lower) }),
           !remainder[..<of].contains(where: { Lexicon.organizationWords.contains($0.lower) }),
           !remainder[..<of].allSatisfy({ Lexicon.isCommonNonName($0.lower) }) {
            let name = Array(remainder[..<of])
            var m = Mention(kind: .person, paragraph: paragraph, pieces: run, range: range, display: display(name),
                            partCount: name.count, roles: roles, inParens: inParens, possessive: possessive)
            m.titled = true
            m.gender = gender
            m.genderIsHard = gender != .unknown
            m.affiliation = display(remainder[(of + 1)...].filter { $0.lower != "the" })
            return m
        }
        // A place on its own ("Manchester", "Idaho").
        if remainder.allSatisfy({ Lexicon.isPlace($0.lower) || Lexicon.nameConnectors.contains($0.lower) }) {
            return Mention(kind: .place, paragraph: paragraph, pieces: run, range: range, display: display(words),
                           partCount: words.count, roles: roles, inParens: inParens, possessive: possessive)
        }
        if remainder.contains(where: { $0.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }) {
            // "G20", "Formula 1", "737": no person's name has digits.
            return Mention(kind: .organization, paragraph: paragraph, pieces: run, range: range, display: display(words),
                           partCount: words.count, roles: roles, inParens: inParens, possessive: possessive)
        }
        // Every word a common word and none a first name: a thing or a title, not a person
        // ("Champions Cup", "Forecast", "Table Of Contents"); an organisation if a group noun heads it.
        let allCommon = remainder.allSatisfy { Lexicon.isCommonNonName($0.lower) && !$0.allCaps }
        // A title before a common word makes it a surname ("President Trump", "Mr Green").
        let titledName = remainder.count == 1 && remainder[0].possessive == false && (titleStripped || precededByTitle(pieces, run.lowerBound))
        if allCommon && !titledName {
            if remainder.count > 1 || !weakSurnameContext(pieces, run) {
                // A group noun heads a name of two words or more ("Barracuda Music" no, "Ashland
                // Police" yes); alone at a sentence's start it is just a word ("Following the …").
                let headIsGroup = (remainder.count >= 2 || !remainder[0].sentenceStart) &&
                    (rest.last.map { Lexicon.groupNouns.contains($0) || Lexicon.groupNouns.contains(String($0.dropLast())) } ?? false)
                // Common words named as a speaker or described by an appositive are a named
                // body ("organizer Barracuda Music wrote", "Barracuda Music, the promoter,"):
                // a title of a work or a product is not the subject of speech.
                let named = remainder.count >= 2 && (speechVerbFollows(pieces, run.upperBound) || describedByAppositive(pieces, run.upperBound) ||
                    (run.lowerBound > 0 && pieces[run.lowerBound - 1].kind == .word && !pieces[run.lowerBound - 1].capitalized && Lexicon.personNouns.contains(pieces[run.lowerBound - 1].lower)))
                guard headIsGroup || named || rest.contains(where: { Lexicon.isOrganizationWord($0) }) else {
                    // A lone common word may still be the surname of a person the document
                    // names in full ("Swift herself …" after "Taylor Swift"): kept as a
                    // candidate the document resolves or drops (``Mention/unresolvedWord``).
                    guard remainder.count == 1, !remainder[0].allCaps, !Lexicon.isPlace(rest[0]) else { return nil }
                    var m = Mention(kind: .person, paragraph: paragraph, pieces: run, range: range, display: display(remainder),
                                    partCount: 1, roles: roles, inParens: inParens, possessive: possessive)
                    m.weakName = true
                    m.unresolvedWord = true
                    return m
                }
                let shown = display(words.first?.lower == "the" ? Array(words.dropFirst()) : words)
                return Mention(kind: .organization, paragraph: paragraph, pieces: run, range: range, display: shown,
                               partCount: words.count, roles: roles, inParens: inParens, possessive: possessive)
            }
        }
        if let last = rest.last, Lexicon.placeWords.contains(last) {
            return Mention(kind: .place, paragraph: paragraph, pieces: run, range: range, display: display(words),
                           partCount: words.count, inParens: inParens, possessive: possessive)
        }
        let head = rest.last ?? ""
        // "Boeing Machinists", "Young Democrats": a plural noun for people heads a group.
        let pluralPeople = remainder.count >= 2 && head.count > 4 && head.hasSuffix("s") && !remainder[remainder.count - 1].possessive &&
            Lexicon.personHeadNouns.contains(String(head.dropLast())) && !Lexicon.maleFirstNames.contains(head) && !Lexicon.femaleFirstNames.contains(head)
        let headIsGroup = pluralPeople || remainder.count >= 2 && (Lexicon.groupNouns.contains(head) || (head.hasSuffix("s") && Lexicon.groupNouns.contains(String(head.dropLast()))))
        // "OceanGate", "PayPal": a capital inside one word is a brand, not a person.
        let camelCase = remainder.count == 1 && remainder[0].text.unicodeScalars.dropFirst().contains { Scalars.isUppercase($0.value) } && !remainder[0].allCaps && !remainder[0].text.contains("-") && !remainder[0].text.hasPrefix("Mc") && !remainder[0].text.hasPrefix("Mac") && !remainder[0].text.contains("'") && !remainder[0].text.contains("\u{2019}")
        // A first name opening the run makes it a person whatever follows ("Eric Meyer reported").
        let firstName = remainder.count >= 2 && (Lexicon.maleFirstNames.contains(rest[0]) || Lexicon.femaleFirstNames.contains(rest[0]))
        let isOrg = rest.contains { Lexicon.isOrganizationWord($0) } || headIsGroup || camelCase ||
            (!firstName && ((precededByThe && !titleStripped) || organizationHeads.contains(nextLower))) || (remainder.count == 1 && remainder[0].allCaps) ||
            remainder.count > 4
        if isOrg {
            let shown = display(words.first?.lower == "the" ? Array(words.dropFirst()) : words)
            return Mention(kind: .organization, paragraph: paragraph, pieces: run, range: range, display: shown,
                           partCount: words.count, roles: roles, inParens: inParens, possessive: possessive)
        }
        let hard = gender != .unknown
        if gender == .unknown, let first = rest.first, remainder.count >= 2 {
            gender = Lexicon.gender(ofFirstName: first)
        }
        var m = Mention(kind: .person, paragraph: paragraph, pieces: run, range: range, display: display(remainder),
                        partCount: remainder.count, roles: roles, inParens: inParens, possessive: possessive)
        m.gender = gender
        m.genderIsHard = hard
        m.affiliation = affiliation
        m.weakName = remainder.count == 1 && allCommon && !titledName && gender == .unknown
        m.titled = start > 0 || !roles.isEmpty || gender != .unknown
        return m
    }

    /// A speech verb (not a weak one) at piece `k`, after at most one adverb.
    static func speechVerbFollows(_ pieces: [Piece], _ k: Int) -> Bool {
        var k = k
        if k < pieces.count, pieces[k].kind == .word, pieces[k].lower.hasSuffix("ly") { k += 1 }
        guard k < pieces.count, pieces[k].kind == .word, !pieces[k].capitalized else { return false }
        return Lexicon.speechVerbs.contains(pieces[k].lower) && !Lexicon.weakSpeechVerbs.contains(pieces[k].lower)
    }

    /// `, a/an/the … noun`: an appositive at piece `k` whose head is a noun for a person or a
    /// group ("Barracuda Music, the concert promoter", "Acme, an Austrian company").
    static func describedByAppositive(_ pieces: [Piece], _ k: Int) -> Bool {
        guard k + 2 < pieces.count, pieces[k].kind == .punct, pieces[k].text == ",",
              ["a", "an", "the"].contains(pieces[k + 1].lower) else { return false }
        var e = k + 2
        while e < pieces.count, e - k <= 5, pieces[e].kind == .word {
            let l = pieces[e].lower
            if Lexicon.personNouns.contains(l) || Lexicon.groupNouns.contains(l) || Lexicon.roles[l] != nil { return true }
            if AnonymousStops.words.contains(l) { return false }
            e += 1
        }
        return false
    }

    /// The nouns of `, a/an/the … noun` at piece `k` (up to six words, to the next punctuation):
    /// the person and group nouns among them.
    static func appositiveNouns(_ pieces: [Piece], _ k: Int) -> Set<String> {
        guard k + 2 < pieces.count, pieces[k].kind == .punct, pieces[k].text == ",",
              ["a", "an", "the"].contains(pieces[k + 1].lower) else { return [] }
        var head: String?
        var e = k + 2
        while e < pieces.count, e - k <= 7, pieces[e].kind == .word, !AnonymousStops.words.contains(pieces[e].lower) {
            let l = pieces[e].lower
            if Lexicon.personNouns.contains(l) || Lexicon.groupNouns.contains(l) || Lexicon.roles[l] != nil { head = l }
            e += 1
        }
        return head.map { [$0] } ?? []
    }

    /// A title or role word right before the run ("Judge", "Mr", "chair"): the run is a name.
    static func precededByTitle(_ pieces: [Piece], _ start: Int) -> Bool {
        guard start > 0, pieces[start - 1].kind == .word else { return false }
        let l = pieces[start - 1].lower
        return Lexicon.titleWords.contains(l) || Lexicon.roles[l] != nil
    }

    /// A one-word run that reads as a surname: right before a speech verb or after "said"
    /// ("Rush said", "said Cook"), kept as a weak name for the document to resolve.
    static func weakSurnameContext(_ pieces: [Piece], _ run: Range<Int>) -> Bool {
        guard run.count == 1 else { return false }
        if run.upperBound < pieces.count, pieces[run.upperBound].kind == .word, Lexicon.speechVerbs.contains(pieces[run.upperBound].lower) { return true }
        if run.lowerBound > 0, pieces[run.lowerBound - 1].kind == .word, Lexicon.speechVerbs.contains(pieces[run.lowerBound - 1].lower) { return true }
        return false
    }

    /// "a Ukrainian official", "an anonymous Western diplomat", "an unnamed source": an
    /// indefinite noun phrase whose head is a role noun, within four words.
    static func anonymous(_ pieces: [Piece], at k: Int, paragraph: Int) -> Mention? {
        let p = pieces[k]
        // "Her brother recounted", "his mother said": a relative left unnamed (not "his wife
        // Brigitte", "his wife, Jaime Green").
        if p.kind == .word, ["his", "her", "their"].contains(p.lower), k + 1 < pieces.count, pieces[k + 1].kind == .word,
           !pieces[k + 1].capitalized, Lexicon.maleNouns.contains(pieces[k + 1].lower) || Lexicon.femaleNouns.contains(pieces[k + 1].lower) ||
           ["parents", "family", "relatives", "friend", "neighbour", "neighbor", "cousin", "sibling", "children"].contains(pieces[k + 1].lower) {
            let n = k + 2
            let named = n < pieces.count && (pieces[n].capitalized || (pieces[n].text == "," && n + 1 < pieces.count && pieces[n + 1].capitalized))
            if !named {
                let w = pieces[k + 1]
                var m = Mention(kind: .anonymous, paragraph: paragraph, pieces: k..<(k + 2), range: p.range.lowerBound..<w.range.upperBound,
                                display: "", partCount: 0, roles: [w.lower], inParens: p.inParens)
                if Lexicon.maleNouns.contains(w.lower) { m.gender = .male }
                if Lexicon.femaleNouns.contains(w.lower) { m.gender = .female }
                return m
            }
        }
        guard p.kind == .word, Lexicon.anonymousMarkers.contains(p.lower) else { return nil }
        var e = k + 1
        while e < pieces.count, e - k <= 5, pieces[e].kind == .word {
            let w = pieces[e]
            if AnonymousStops.words.contains(w.lower) { return nil }
            // "one resident of the village", "a woman", "one frazzled mother": any noun for a
            // person, unless it heads a quantity ("a host of").
            let personNoun = !w.capitalized && Lexicon.personHeadNouns.contains(w.lower) && !(e + 1 < pieces.count && pieces[e + 1].lower == "of" && AnonymousStops.quantities.contains(w.lower))
            if let role = Lexicon.roles[w.lower] ?? (personNoun ? w.lower : nil), !w.capitalized {
                // "a spokesperson for the State Department" is an appositive, handled by the caller.
                var m = Mention(kind: .anonymous, paragraph: paragraph, pieces: k..<(e + 1),
                                range: p.range.lowerBound..<w.range.upperBound, display: "", partCount: 0,
                                roles: [role], inParens: p.inParens)
                if Lexicon.maleNouns.contains(w.lower) || Lexicon.maleTitles.contains(w.lower) { m.gender = .male }
                if Lexicon.femaleNouns.contains(w.lower) || Lexicon.femaleTitles.contains(w.lower) { m.gender = .female }
                return m
            }
            e += 1
        }
        return nil
    }

    /// "Lim Eul-chul, a professor at …": an indefinite role right after a name and a comma
    /// is an appositive: it gives the name its role instead of being an unnamed person.
    static func attachAppositives(_ mentions: inout [Mention], _ pieces: [Piece]) {
        var k = 1
        while k < mentions.count {
            let m = mentions[k]
            let prev = mentions[k - 1]
            if m.kind == .anonymous, prev.kind == .person, prev.pieces.upperBound + 1 == m.pieces.lowerBound,
               pieces[prev.pieces.upperBound].kind == .punct, pieces[prev.pieces.upperBound].text == "," {
                mentions[k - 1].roles.formUnion(m.roles)
                mentions.remove(at: k)
                continue
            }
            k += 1
        }
    }
}


/// Words that end an indefinite noun phrase before its head ("a statement from the company's
/// founder" is not an unnamed founder).
enum AnonymousStops {
    /// Nouns for people that head a quantity before "of" ("a host of", "a couple of").
    static let quantities: Set<String> = ["host", "couple", "pair", "handful", "bunch", "crowd", "army", "string", "pack", "gang", "horde", "crew", "band", "trio", "duo", "flock", "legion", "slew", "raft", "team", "panel"]
    static let words: Set<String> = [
        "the", "of", "from", "to", "in", "at", "for", "with", "by", "and", "or", "on", "that", "which", "who", "his",
        "her", "their", "its", "our", "this", "these", "said", "says", "told", "was", "is", "were", "are", "has", "had",
    ]
}
