/// Word lists behind quote attribution: speech verbs, titles and roles, organizations, places,
/// and the capitalized words that are not names. All entries are lower-case ASCII (curly
/// apostrophes are folded before lookup). English only.
///
/// The hand-made lists are small and general (news usage), not a gazetteer. Published lists
/// (``LexiconData``, made by `Scripts/make-lexicon.py`) back them: the SCOWL dictionary tells a
/// common word ("Cup", "Forecast") from a name, the US Census first names give a gender for
/// pronoun agreement, WordNet gives speech verbs, nouns for people (roles before a name) and
/// nouns for groups (organisations).
enum Lexicon {
    /// Lower-case common English words (SCOWL).
    static let commonWords: Set<String> = lines(LexiconData.commonWords)
    /// First names mostly given to men / to women (US Census 1990).
    static let maleFirstNames: Set<String> = lines(LexiconData.maleFirstNames)
    static let femaleFirstNames: Set<String> = lines(LexiconData.femaleFirstNames)
    /// Nouns for people (WordNet noun.person): "judge", "passenger", "administrator".
    static let personNouns: Set<String> = lines(LexiconData.personNouns)
    /// Nouns whose commonest sense is a person (WordNet): "resident", "woman", not "life".
    static let personHeadNouns: Set<String> = lines(LexiconData.personHeadNouns)
    /// Nouns for groups (WordNet noun.group): "company", "federation", "club".
    static let groupNouns: Set<String> = lines(LexiconData.groupNouns)

    /// Proper names of places (WordNet): "idaho", "manchester", "ontario".
    static let placeNames: Set<String> = lines(LexiconData.placeNames)

    /// Nationality adjectives and nouns (WordNet): "slovak", "argentine", "canadian".
    static let demonyms: Set<String> = lines(LexiconData.demonyms)

    /// Whether `lower` is a nationality: a demonym, or a hyphenated compound of demonyms and
    /// places ("british-canadian", "anglo-irish" needs each part listed).
    static func isDemonym(_ lower: String) -> Bool {
        if demonyms.contains(lower) { return true }
        guard lower.contains("-") else { return false }
        let parts = lower.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { p in
            let s = String(p)
            return demonyms.contains(s) || places.contains(s)
        }
    }

    /// Whether `lower` names a place or a nationality (hand list, then WordNet).
    static func isPlace(_ lower: String) -> Bool { places.contains(lower) || placeNames.contains(lower) || isDemonym(lower) }

    static func lines(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").map(String.init))
    }

    /// Whether `lower` is a common word that is not also a first name: on its own it is not a
    /// person's name ("cup", "forecast", "sweeping"; but not "rush" after "Stockton").
    static func isCommonNonName(_ lower: String) -> Bool {
        commonWords.contains(lower) && !maleFirstNames.contains(lower) && !femaleFirstNames.contains(lower)
    }

    /// Grammatical gender a speaker can have, for pronoun agreement.
    enum Gender: UInt8, Sendable { case unknown, male, female }

    /// Titles and role words that give a gender.
    static let maleTitles: Set<String> = ["mr", "sir", "lord", "king", "prince", "duke", "father", "brother", "spokesman", "chairman", "congressman", "businessman", "sheikh", "emperor", "baron", "count"]
    static let femaleTitles: Set<String> = ["mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "duchess", "sister", "mother", "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "empress", "baroness", "countess"]

    /// Kinship and other gendered nouns for people that stand before or beside a name ("his
    /// wife, Jaime Green", "her son").
    static let maleNouns: Set<String> = ["husband", "son", "boyfriend", "grandfather", "grandson", "uncle", "nephew", "widower", "man", "actor", "dad", "stepfather", "fiance", "groom", "monk", "priest", "boy"]
    static let femaleNouns: Set<String> = ["wife", "daughter", "girlfriend", "grandmother", "granddaughter", "aunt", "niece", "widow", "woman", "actress", "mom", "mum", "stepmother", "fiancee", "bride", "nun", "girl", "waitress", "heroine", "mistress"]

    /// Whether `lower` (or its singular) makes a capitalized run an organisation.
    static func isOrganizationWord(_ lower: String) -> Bool {
        if organizationWords.contains(lower) { return true }
        return lower.count > 4 && lower.hasSuffix("s") && organizationWords.contains(String(lower.dropLast()))
    }

    /// The gender a first name gives, if any.
    static func gender(ofFirstName lower: String) -> Gender {
        if maleFirstNames.contains(lower) { return .male }
        if femaleFirstNames.contains(lower) { return .female }
        return .unknown
    }

    /// Verbs that introduce or close reported speech, in the forms news text uses.
    static let speechVerbs: Set<String> = {
        let stems = [
            ("say", ["said", "says", "saying"]), ("add", ["added", "adds", "adding"]),
            ("tell", ["told", "tells", "telling"]), ("write", ["wrote", "writes", "writing", "written"]),
            ("comment", ["commented", "comments", "commenting"]), ("state", ["stated", "states", "stating"]),
            ("note", ["noted", "notes", "noting"]), ("explain", ["explained", "explains", "explaining"]),
            ("claim", ["claimed", "claims", "claiming"]), ("insist", ["insisted", "insists", "insisting"]),
            ("argue", ["argued", "argues", "arguing"]), ("ask", ["asked", "asks", "asking"]),
            ("reply", ["replied", "replies", "replying"]), ("respond", ["responded", "responds", "responding"]),
            ("warn", ["warned", "warns", "warning"]), ("quip", ["quipped", "quips", "quipping"]),
            ("declare", ["declared", "declares", "declaring"]), ("announce", ["announced", "announces", "announcing"]),
            ("post", ["posted"]), ("tweet", ["tweeted", "tweets", "tweeting"]),
            ("dismiss", ["dismissed", "dismisses", "dismissing"]), ("describe", ["described", "describes", "describing"]),
            ("echo", ["echoed", "echoes", "echoing"]), ("remark", ["remarked", "remarks", "remarking"]),
            ("continue", ["continued", "continues"]), ("conclude", ["concluded", "concludes"]),
            ("stress", ["stressed", "stresses", "stressing"]), ("emphasize", ["emphasized", "emphasizes", "emphasised", "emphasises"]),
            ("observe", ["observed", "observes"]), ("acknowledge", ["acknowledged", "acknowledges"]),
            ("admit", ["admitted", "admits"]), ("deny", ["denied", "denies", "denying"]),
            ("suggest", ["suggested", "suggests"]), ("urge", ["urged", "urges", "urging"]),
            ("vow", ["vowed", "vows", "vowing"]), ("predict", ["predicted", "predicts"]),
            ("reiterate", ["reiterated", "reiterates"]), ("recall", ["recalled", "recalls"]),
            ("concede", ["conceded", "concedes"]), ("accuse", ["accused", "accuses", "accusing"]),
            ("speak", ["spoke", "speaks", "speaking"]), ("joke", ["joked", "jokes"]),
            ("confirm", ["confirmed", "confirms"]), ("assert", ["asserted", "asserts"]),
            ("announce", ["announced"]), ("mock", ["mocked", "mocks"]), ("call", ["called", "calls", "calling"]),
            ("report", ["reported", "reports"]), ("warn", ["warns"]), ("charge", ["charged"]),
            ("counter", ["countered"]), ("complain", ["complained", "complains"]), ("boast", ["boasted"]),
            ("shout", ["shouted"]), ("exclaim", ["exclaimed"]), ("whisper", ["whispered"]),
            ("demand", ["demanded", "demands"]), ("promise", ["promised", "promises"]),
            ("caution", ["cautioned"]), ("allege", ["alleged", "alleges"]), ("contend", ["contended", "contends"]),
            ("maintain", ["maintained", "maintains"]), ("quote", ["quoted"]), ("cite", ["cited", "citing"]),
            ("reflect", ["reflected"]), ("inform", ["informed", "informs"]), ("message", ["messaged"]), ("text", ["texted"]), ("sum", ["summed"]), ("recount", ["recounted"]), ("recount", ["recounted"]), ("testify", ["testified"]),
            ("elaborate", ["elaborated"]), ("clarify", ["clarified"]), ("wonder", ["wondered"]),
            ("question", ["questioned"]), ("rule", ["ruled"]), ("conclude", ["concluded"]), ("posit", ["posited"]),

        ]
        var set = lines(LexiconData.speechVerbs)
        // The commonest speech verbs of other languages news quotes in, in the forms reports
        // use (past, present, participle of the compound past); reasoned from grammars, not
        // from any article: Spanish, Portuguese, French, Italian, German.
        set.formUnion([
            "dijo", "dice", "afirmó", "afirma", "afirmado", "aseguró", "asegura", "asegurado", "declaró", "declara",
            "declarado", "señaló", "señala", "señalado", "explicó", "explica", "explicado", "añadió", "añade", "añadido",
            "indicó", "indica", "manifestó", "sostuvo", "expresó", "comentó", "insistió", "reconoció", "admitió",
            "advirtió", "subrayó", "destacó", "respondió", "contestó", "preguntó", "anunció", "anunciado", "desmentido",
            "disse", "diz", "afirmou", "declarou", "explicou", "acrescentou", "garantiu", "garante", "referiu",
            "sublinhou", "admitiu", "reconheceu", "defendeu", "anunciou", "continuou", "respondeu", "perguntou", "contou",
            "dit", "déclaré", "affirmé", "expliqué", "ajouté", "souligné", "estimé", "indiqué", "confié", "lancé",
            "assuré", "répondu", "déclare", "affirme", "explique", "ajoute", "souligne", "estime", "assure",
            "detto", "dichiarato", "affermato", "spiegato", "aggiunto", "sottolineato", "ha", "dice",
            "dizer", "decir", "dire", "dicendo", "diciendo", "dizendo",
            "sagte", "sagt", "erklärte", "erklärt", "betonte", "betont", "fügte", "meinte", "sagten", "schrieb",
            // Russian and Ukrainian past and present forms ("заявил", "говорит", "сказав").
            "сказал", "сказала", "заявил", "заявила", "говорит", "отметил", "отметила", "добавил", "добавила", "написал",
            "пригрозил", "подчеркнул", "сообщил", "заявив", "сказав", "зазначив", "додав", "написав", "говорить", "наголосив",
        ])
        set.remove("ha")
        // Reporting verbs of news that WordNet files outside its speech senses, inflected forms
        // only ("term", "share" are nouns as often).
        set.formUnion(["expressed", "expresses", "affirmed", "affirms", "revealed", "reveals", "pleaded", "pleads", "chanted",
                       "termed", "shared", "pledged", "pledges", "hailed", "lamented"])
        for (base, forms) in stems {
            set.insert(base)
            for f in forms { set.insert(f) }
        }
        return set
    }()

    /// Verbs that are only reporting when they introduce a quote directly; as a subject-verb
    /// cue after a quote they are too weak ("called", "reported", "cited", "quoted").
    static let weakSpeechVerbs: Set<String> = [
        "call", "called", "calls", "calling", "report", "reported", "reports", "cite", "cited", "citing", "quote", "quoted",
        "describe", "described", "describes", "describing", "continue", "continued", "continues", "post", "posted",
    ]

    /// Words that introduce an unnamed source: "citing an anonymous official".
    static let sourceIntroducers: Set<String> = ["citing", "cited", "quoting", "according"]

    /// Determiners and adjectives that mark an unnamed source or person.
    static let anonymousMarkers: Set<String> = [
        "a", "an", "one", "unnamed", "anonymous", "unidentified", "senior", "several", "two", "three", "some", "another",
    ]

    /// Nouns for people by what they do: a person with such a role can later be called
    /// "the minister" or "the spokesman". Maps each form to its canonical role.
    static let roles: [String: String] = {
        var map: [String: String] = [:]
        let groups: [(String, [String])] = [
            ("spokesperson", ["spokesperson", "spokesman", "spokeswoman", "spokespeople", "spokesmen", "press secretary"]),
            ("minister", ["minister", "ministers"]), ("president", ["president"]), ("professor", ["professor", "prof"]),
            ("secretary", ["secretary"]), ("general", ["general", "gen"]), ("colonel", ["colonel", "col"]),
            ("lieutenant", ["lieutenant", "lt"]), ("official", ["official", "officials"]), ("ambassador", ["ambassador"]),
            ("diplomat", ["diplomat"]), ("analyst", ["analyst"]), ("expert", ["expert"]), ("commander", ["commander"]),
            ("chief", ["chief"]), ("director", ["director"]), ("leader", ["leader"]), ("senator", ["senator", "sen"]),
            ("governor", ["governor", "gov"]), ("mayor", ["mayor"]), ("chancellor", ["chancellor"]),
            ("premier", ["premier"]), ("envoy", ["envoy"]), ("adviser", ["adviser", "advisor"]),
            ("researcher", ["researcher"]), ("officer", ["officer"]), ("head", ["head"]), ("chairman", ["chairman", "chairwoman", "chair"]),
            ("captain", ["captain", "capt"]), ("major", ["major", "maj"]), ("sergeant", ["sergeant", "sgt"]),
            ("admiral", ["admiral", "adm"]), ("representative", ["representative", "rep"]), ("prosecutor", ["prosecutor"]),
            ("judge", ["judge", "justice"]), ("administrator", ["administrator"]), ("coach", ["coach", "manager"]), ("lawmaker", ["lawmaker"]), ("source", ["source", "sources"]), ("deputy", ["deputy"]),
            ("king", ["king"]), ("queen", ["queen"]), ("prince", ["prince"]), ("pope", ["pope"]),
            ("founder", ["founder"]), ("ceo", ["ceo"]), ("economist", ["economist"]), ("scientist", ["scientist"]),
            ("author", ["author"]), ("correspondent", ["correspondent"]), ("editor", ["editor"]),
        ]
        for (canonical, forms) in groups { for f in forms { map[f] = canonical } }
        return map
    }()

    /// Capitalized words that stand before a name as a title or qualifier ("Defense", "Deputy",
    /// "Mr.", "Lt."); stripped from the front of a name. Role nouns count as titles too.
    static let titleWords: Set<String> = [
        "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "rev", "reverend", "father", "sister", "brother",
        "defense", "defence", "foreign", "interior", "finance", "deputy", "vice", "prime", "first", "chief", "acting",
        "supreme", "former", "senior", "assistant", "associate", "executive", "federal", "state", "national", "general",
        "lt", "col", "gen", "sgt", "capt", "maj", "adm", "cmdr", "cpl", "pvt", "brig", "gov", "sen", "rep", "prof", "pres",
        "lieutenant", "colonel", "major", "captain", "sergeant", "corporal", "private", "admiral", "brigadier", "marshal",
        "field", "commander-in-chief", "secretary-general", "foreign minister", "press", "security", "intelligence",
        "kremlin", "white", "house", "pentagon", "ministry", "of", "the", "for", "and", "special", "envoy", "un", "eu",
        "nato", "us", "u.s", "uk", "u.k", "dprk", "crown", "opposition", "party", "justice", "attorney", "speaker",
        "economy", "trade", "education", "health", "energy", "transport", "culture", "labour", "labor", "home",
        "rear", "justice", "judge", "mayor", "governor", "senator", "president", "chairman", "chairwoman", "chair",
    ]

    /// Words that make a capitalized run an organization, outlet or channel.
    static let organizationWords: Set<String> = [
        "institute", "university", "college", "school", "department", "ministry", "agency", "post", "times", "news",
        "independent", "guardian", "examiner", "pravda", "journal", "herald", "tribune", "telegraph", "gazette",
        "council", "party", "bank", "company", "corporation", "corp", "inc", "ltd", "group", "forces", "force", "army",
        "navy", "battalion", "brigade", "regiment", "channel", "service", "services", "office", "committee", "commission",
        "union", "organization", "organisation", "foundation", "center", "centre", "staff", "directorate", "arsenal",
        "reuters", "afp", "ap", "politico", "yonhap", "interfax", "interfax-ukraine", "tass", "ria", "xinhua", "bloomberg",
        "cnn", "bbc", "nbc", "cbs", "abc", "fox", "telegram", "twitter", "facebook", "linkedin", "tumblr", "instagram",
        "youtube", "tiktok", "kremlin", "pentagon", "nato", "parliament", "rada", "congress", "senate", "assembly",
        "government", "administration", "court", "police", "guard", "media", "press", "network", "radio", "television",
        "tv", "magazine", "daily", "weekly", "review", "monitor", "observer", "express", "mail", "sun", "mirror",
        "examiner", "standard", "association", "society", "alliance", "coalition", "movement", "front", "club",
        "state", "states", "house", "hall", "square", "command", "headquarters", "embassy", "mission",
        "airlines", "airways", "holdings", "technologies", "systems", "aerosystems", "motors", "labs", "board",
        "federation", "authority", "administration", "commission", "department", "bureau", "institute", "hospital",
        "trust", "fund", "union", "league", "nasa", "fbi", "cdc", "fda", "faa", "ntsb", "who", "fifa", "uefa",
    ]

    /// Heads of a description that stands for an organisation named earlier ("the company
    /// said", "the statement continued", "the federation added").
    static let organisationDescriptors: Set<String> = [
        "company", "firm", "statement", "release", "airline", "carrier", "agency", "department", "ministry",
        "government", "federation", "club", "team", "board", "organisation", "organization", "group", "union",
        "court", "police", "office", "service", "company's", "manufacturer", "maker", "operator", "council",
        "committee", "commission", "association", "administration", "authority", "campaign", "network", "channel",
        "newspaper", "outlet", "hospital", "university", "school", "bank", "startup", "regulator", "watchdog",
    ]

    /// Last words that make a capitalized run a place ("Kim Il-Sung Square", "Vostochny Cosmodrome").
    static let placeWords: Set<String> = [
        "square", "street", "avenue", "road", "bridge", "cosmodrome", "airport", "base", "province", "region", "oblast",
        "city", "river", "sea", "ocean", "mountain", "mountains", "island", "islands", "valley", "district", "county",
        "peninsula", "strait", "gulf", "bay", "lake", "park", "palace", "stadium", "port", "harbor", "harbour",
        "cathedral", "church", "basilica", "mosque", "temple", "synagogue", "museum", "tower", "castle", "arena",
        "theatre", "theater", "building", "hotel", "plaza", "beach", "canal", "dam", "forest", "desert", "village",
    ]

    /// Countries, regions, cities and nationalities that often appear capitalized next to names.
    static let places: Set<String> = [
        // Countries and parts of their names.
        "afghanistan", "albania", "algeria", "angola", "argentina", "armenia", "australia", "austria", "azerbaijan",
        "bahrain", "bangladesh", "belarus", "belgium", "bolivia", "bosnia", "brazil", "britain", "bulgaria", "cambodia",
        "cameroon", "canada", "chad", "chile", "china", "colombia", "congo", "croatia", "cuba", "cyprus", "czech",
        "czechia", "denmark", "ecuador", "egypt", "england", "eritrea", "estonia", "ethiopia", "europe", "finland",
        "france", "georgia", "germany", "ghana", "greece", "guatemala", "haiti", "honduras", "hungary", "iceland",
        "india", "indonesia", "iran", "iraq", "ireland", "israel", "italy", "japan", "jordan", "kazakhstan", "kenya",
        "korea", "kosovo", "kuwait", "kyrgyzstan", "laos", "latvia", "lebanon", "libya", "lithuania", "malaysia", "mali",
        "mexico", "moldova", "mongolia", "montenegro", "morocco", "myanmar", "nepal", "netherlands", "nigeria", "niger",
        "norway", "oman", "pakistan", "palestine", "panama", "peru", "philippines", "poland", "portugal", "qatar",
        "romania", "russia", "rwanda", "saudi", "arabia", "scotland", "serbia", "singapore", "slovakia", "slovenia",
        "somalia", "spain", "sudan", "sweden", "switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand",
        "tunisia", "turkey", "turkmenistan", "uganda", "ukraine", "uzbekistan", "venezuela", "vietnam", "wales",
        "yemen", "zambia", "zimbabwe", "north", "south", "east", "west", "united", "kingdom", "emirates", "new", "zealand",
        "sri", "lanka", "african", "republic", "america", "asia", "africa", "middle", "central", "western", "eastern",
        "northern", "southern", "gaza", "crimea", "donbas", "donbass", "donetsk", "luhansk", "kharkiv", "kherson",
        "zaporizhzhia", "odesa", "odessa", "mariupol", "bakhmut", "kursk", "belgorod", "siberia", "caucasus", "balkans",
        "baltic", "arctic", "pacific", "atlantic", "indo-pacific", "us", "u.s", "usa", "uk", "u.k", "eu", "un",
        // Capitals and large cities.
        "moscow", "kyiv", "kiev", "seoul", "pyongyang", "beijing", "tokyo", "washington", "london", "paris", "berlin",
        "brussels", "tehran", "ankara", "istanbul", "warsaw", "minsk", "tbilisi", "yerevan", "baku", "astana", "tashkent",
        "delhi", "mumbai", "islamabad", "kabul", "baghdad", "damascus", "beirut", "jerusalem", "riyadh", "doha", "dubai",
        "cairo", "rome", "madrid", "lisbon", "vienna", "prague", "budapest", "bucharest", "sofia", "belgrade", "athens",
        "stockholm", "oslo", "helsinki", "copenhagen", "amsterdam", "geneva", "bern", "ottawa", "toronto", "canberra",
        "sydney", "manila", "jakarta", "bangkok", "hanoi", "taipei", "shanghai", "hong", "kong", "vladivostok",
        "petersburg", "st", "karachev", "new york", "york", "chicago", "california", "texas", "florida", "virginia",
        // Nationalities.
        "american", "americans", "russian", "russians", "ukrainian", "ukrainians", "korean", "koreans", "chinese",
        "japanese", "british", "french", "german", "germans", "iranian", "iranians", "israeli", "israelis", "palestinian",
        "syrian", "turkish", "polish", "belarusian", "georgian", "indian", "pakistani", "afghan", "iraqi", "saudi",
        "european", "europeans", "asian", "african", "western", "soviet", "mongolian", "siberian", "buryat", "chechen",
        "italian", "spanish", "canadian", "australian", "arab", "muslim", "christian", "jewish", "nato", "allied",
    ]

    /// Capitalized words that are never part of a name: days, months, sentence starters.
    static let notNames: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
        "earlier", "later", "last", "next", "despite", "however", "meanwhile", "although", "though", "when", "while",
        "after", "before", "since", "until", "as", "in", "on", "at", "for", "with", "without", "from", "to", "by", "of",
        "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his",
        "her", "their", "our", "my", "your", "there", "here", "but", "and", "or", "so", "yet", "if", "then", "also",
        "some", "many", "most", "several", "both", "all", "each", "every", "few", "more", "other", "such", "no", "not",
        "nevertheless", "still", "even", "only", "just", "asked", "related", "photo", "file", "click", "read", "more",
        "featured", "comments", "subscribe", "editors", "authors", "skip", "store", "follow", "thank", "please",
        "today", "yesterday", "tomorrow", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "experts", "officials", "sources", "analysts", "residents", "troops", "soldiers", "reporters", "according",
        "what", "who", "why", "how", "where", "which", "whose", "whom", "under", "over", "into", "about", "against",
        "among", "during", "through", "across", "around", "near", "now", "once", "again", "yes", "no", "oh", "well",
        "breaking", "update", "updated", "exclusive", "opinion", "analysis", "live", "watch", "video", "audio", "news",
        "feed", "war", "world", "politics", "business", "sport", "sports", "science", "health", "technology",
    ]

    /// Month abbreviations: not names when written with their period ("Oct. 10"), but "Jan" alone is a name.
    static let monthAbbreviations: Set<String> = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]

    /// Pronouns that can stand for a speaker.
    static let pronouns: Set<String> = ["he", "she", "they", "it"]

    /// Connectors allowed inside a name run when a capitalized word follows ("Secretary of State",
    /// "Reverse Side of the Medal", "Institute for Far Eastern Studies", "Ursula von der Leyen").
    static let nameConnectors: Set<String> = ["of", "the", "for", "de", "van", "von", "der", "den", "al", "bin", "da", "du", "la", "le", "di", "del", "y", "and"]

    /// Abbreviations whose period does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "lt", "col", "gen", "sgt", "capt", "maj", "adm", "cmdr", "cpl",
        "pvt", "brig", "gov", "sen", "rep", "rev", "hon", "pres", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "inc", "co", "corp", "ltd", "no", "vs", "etc", "approx", "dept", "est", "fig", "vol",
        "mt", "ft", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c",
    ]

    /// Second halves of hyphenated adjectives that look like names ("Wagner-linked", "Russian-held").
    static let adjectiveSuffixes: Set<String> = [
        "held", "era", "style", "made", "born", "run", "owned", "backed", "linked", "based", "led", "funded", "like",
        "wide", "occupied", "supplied", "controlled", "allied", "aligned", "friendly", "speaking", "language", "built",
        "american", "russian", "korean", "ukrainian", "chinese", "british", "european", "israeli", "iranian", "strong",
    ]
}
