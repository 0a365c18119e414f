import Foundation
import RefrainText

/// Options for ``SpeakerAttributor``.
public struct AttributionOptions: Sendable, Hashable, Codable {
    /// Attributions less confident than this are dropped (the quote stays unattributed). Default 0.5.
    public var minConfidence: Double = 0.5
    /// How many paragraphs before a quote's own a pronoun may reach back to for its person
    /// (headlines and photo captions are skipped and do not count). Default 4.
    public var pronounParagraphs: Int = 4
    /// Give a quote that makes up its own paragraph the speaker of the paragraph before. Default true.
    public var continuation: Bool = true

    /// The defaults.
    public init() {}
}

/// Attributes quotes to speakers from the text around them.
///
/// For each quote in running text (depth 0) it tries, in order:
/// 1. the gap of a split quote (`"…," said Lt. Col. Charlie Dietz, a spokesperson … "…"`);
/// 2. the clause right after the quote (`"…," Kim added` · `"…," said X` · `"…," he told lawmakers`
///    · `"…," the minister said` · `"…," X said, according to Politico`);
/// 3. the clause before the quote in its sentence: the subject of the last speech verb
///    (`X told AFP that "…"` · `X, a professor at …, told AFP that "…"` · `X dismissed claims as "…"`
///    · `…, who told politicians it was "…"` · a participle's main subject: `X on Oct. 10 dismissed
///    reports, telling reporters it was "…"`), or `according to X`;
/// 4. for a quote that is a paragraph of its own, the speaker of the paragraph before.
///
/// Pronouns resolve to the nearest named person (not in parentheses, not a possessive) in the
/// same paragraph or up to ``AttributionOptions/pronounParagraphs`` before; role nouns ("the
/// minister") to the last person given that role by a title or appositive; a surname to the
/// full name the document gave. An unnamed source ("citing an anonymous official", "a
/// Ukrainian official … He said") leaves the quote unattributed rather than guessing.
///
/// Stateless and `Sendable`. Cost: linear in the text for documents with quotes (documents
/// without quotes cost nothing).
public struct SpeakerAttributor: Sendable {
    /// The options in use.
    public var options: AttributionOptions

    /// An attributor with `options`.
    public init(options: AttributionOptions = AttributionOptions()) {
        self.options = options
    }

    /// `quotes` (as extracted from `text` with `paragraphMode`) with ``Quote/attribution`` filled
    /// where the text names a speaker.
    public func attribute(_ quotes: [Quote], in text: String, paragraphMode: QuoteParagraphMode = .auto) -> [Quote] {
        var text = text
        return text.withUTF8 { attribute(quotes, in: $0, paragraphMode: paragraphMode) }
    }

    /// `quotes` (as extracted from `bytes` with `paragraphMode`) with attributions filled.
    public func attribute(_ quotes: [Quote], in bytes: UnsafeBufferPointer<UInt8>, paragraphMode: QuoteParagraphMode = .auto) -> [Quote] {
        guard quotes.contains(where: { $0.depth == 0 }) else { return quotes }
        let mode = QuoteExtractor.resolve(paragraphMode, bytes)
        let paragraphs = Paragraphs.ranges(in: bytes, mode: mode)
        let context = AttributionContext(bytes, paragraphs, quotes, options)
        var out = quotes
        for k in out.indices where out[k].depth == 0 && context.usable[k] {
            if let a = context.attribute(k), a.confidence >= options.minConfidence {
                out[k].attribution = a
                context.attributed[k] = a
            }
        }
        context.attributeFragments(&out)   // the fragment sieve, FragmentAttribution.swift
        return out
    }
}

/// Per-document state: pieces and mentions of every paragraph, collapsed quotes, roles.
final class AttributionContext {
    let b: UnsafeBufferPointer<UInt8>
    let paragraphs: [Range<Int>]
    let quotes: [Quote]
    let options: AttributionOptions
    var pieces: [[Piece]] = []
    var mentions: [[Mention]] = []
    var skip: [Bool] = []
    /// Paragraphs that are links to other articles ("Read more: …"): no mention in them is this one's.
    var linkLine: [Bool] = []
    var attributed: [Int: Attribution] = [:]
    /// Organisation acronyms the document defines, lower-cased, to the full name.
    var acronyms: [String: String] = [:]
    /// Gender of each person key the document gives one (title, role word, first name).
    var speakerGender: [String: Lexicon.Gender] = [:]
    /// Whether each quote fits the text (offsets in bounds, a paragraph of it, segments).
    var usable: [Bool] = []
    /// The byte ranges each depth-0 quote occupies as pieces (one per segment of a split quote).
    var quoteSpans: [(Range<Int>, Int)] = []

    enum Outcome {
        case found(Attribution)
        case anonymous
        case none
    }

    init(_ b: UnsafeBufferPointer<UInt8>, _ paragraphs: [Range<Int>], _ quotes: [Quote], _ options: AttributionOptions) {
        self.b = b
        self.paragraphs = paragraphs
        self.quotes = quotes
        self.options = options
        // Quotes handed in by a caller may not come from this text: only those that fit it are read.
        usable = quotes.map { q in
            !q.segments.isEmpty && q.paragraph >= 0 && q.paragraph < paragraphs.count &&
                q.markedRange.lowerBound >= 0 && q.markedRange.upperBound <= b.count &&
                q.segments.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= b.count }
        }
        for (k, q) in quotes.enumerated() where q.depth == 0 && usable[k] {
            var start = q.markedRange.lowerBound
            for gap in q.gaps {
                let clause = trimMarks(gap)
                if Scalars.hasWordCharacter(b, clause) {
                    quoteSpans.append((Range(total: start, clause.lowerBound), k))
                    start = clause.upperBound
                }
            }
            quoteSpans.append((Range(total: start, q.markedRange.upperBound), k))
        }
        quoteSpans.sort { $0.0.lowerBound < $1.0.lowerBound }
        for (pi, p) in paragraphs.enumerated() {
            let spans = quoteSpans.filter { $0.0.overlaps(p) }
            let ps = PieceScanner.scan(b, p, quotes: spans)
            pieces.append(ps)
            linkLine.append(AttributionContext.isLinkLine(ps))
            skip.append(MentionFinder.isHeadlineOrCaption(ps) || linkLine[linkLine.count - 1])
            // Pieces that open a line within the paragraph (a line break in the gap before them).
            let lineStarts = ps.indices.map { k in
                guard k > 0 else { return false }
                var i = max(0, ps[k - 1].range.upperBound)
                while i < min(ps[k].range.lowerBound, b.count) { if b[i] == 0x0A { return true }; i += 1 }
                return false
            }
            mentions.append(MentionFinder.find(in: ps, paragraph: pi, lineStarts: lineStarts))
        }
        resolveShortNames()
        for p in mentions.indices { mentions[p].removeAll { $0.unresolvedWord && $0.fullName == nil } }
        findAcronyms()
        for ms in mentions { for m in ms where m.kind == .person && m.gender != .unknown {
            speakerGender[SpeakerIdentity.key(m.speakerName)] = m.gender
        } }
    }

    private func trimMarks(_ r: Range<Int>) -> Range<Int> {
        var s = r.lowerBound, e = r.upperBound
        while s < e {
            let (c, len) = Scalars.decode(b, s)
            let k = Scalars.classify(c)
            if k != .space && k != .quoteMark { break }
            s += len
        }
        while e > s {
            let k = Scalars.previousStart(b, e, lowerBound: s)
            let c = Scalars.classify(Scalars.decode(b, k).0)
            if c != .space && c != .quoteMark { break }
            e = k
        }
        return s..<e
    }

    /// Acronyms the document defines for organisations: "Centers for Disease Control and
    /// Prevention (CDC)", or an all-capitals name whose letters are the initials of an
    /// organisation named in the document. A speaker named by the acronym takes the full name.
    private func findAcronyms() {
        var orgs: [String] = []
        for (p, ms) in mentions.enumerated() {
            for m in ms where m.kind == .organization || m.kind == .place {
                orgs.append(m.display)
                let e = m.pieces.upperBound
                let ps = pieces[p]
                if e + 2 < ps.count, ps[e].kind == .punct, ps[e].text == "(", ps[e + 1].allCaps, ps[e + 2].text == ")" {
                    acronyms[ps[e + 1].lower] = m.display
                }
            }
        }
        // An acronym the running text never spells out may be spelled out inside a quote
        // ("…testing performed by the Centers for Disease Control and Prevention…"): the names
        // of quoted text count too (only read when some acronym is still unresolved).
        let unresolved = orgs.contains { !$0.contains(" ") && $0.count >= 2 && $0.uppercased() == $0 && acronyms[$0.lowercased()] == nil }
        if unresolved {
            for (p, r) in paragraphs.enumerated() where pieces[p].contains(where: { $0.kind == .quote }) {
                let plain = PieceScanner.scan(b, r)
                for m in MentionFinder.find(in: plain, paragraph: p) where m.kind == .organization && m.display.contains(" ") { orgs.append(m.display) }
            }
        }
        for name in orgs where !name.contains(" ") && name.count >= 2 && name.uppercased() == name && acronyms[name.lowercased()] == nil {
            let key = name.lowercased()
            // Initials equal, or (three letters or more) the initials' start: "CDC" for
            // "Centers for Disease Control and Prevention".
            let exact = Set(orgs.filter { $0.contains(" ") && AttributionContext.initials($0) == key })
            let prefixed = Set(orgs.filter { $0.contains(" ") && key.count >= 3 && AttributionContext.initials($0).hasPrefix(key) })
            if exact.count == 1, let full = exact.first {
                acronyms[key] = full
            } else if exact.isEmpty, let longest = prefixed.max(by: { ($0.count, $1) < ($1.count, $0) }), prefixed.allSatisfy({ longest.hasPrefix($0) }) {
                acronyms[key] = longest
            }
        }
    }

    static func initials(_ name: String) -> String {
        String(name.split(separator: " ").filter { !Lexicon.nameConnectors.contains($0.lowercased()) || $0.first?.isUppercase == true }
            .compactMap { $0.first?.lowercased().first })
    }

    /// One-part person names take the full name the document gives them: the last full name
    /// before with that part, else the first after.
    private func resolveShortNames() {
        var full: [(pos: Int, name: String, parts: [String])] = []
        var genders: [String: (Lexicon.Gender, Bool)] = [:]
        var orgs: [(name: String, first: String)] = []
        for ms in mentions { for m in ms where m.kind == .organization && m.display.contains(" ") {
            if let first = SpeakerIdentity.parts(m.display).first { orgs.append((m.display, first)) }
        } }
        for ms in mentions { for m in ms where m.kind == .person && m.partCount >= 2 {
            full.append((m.range.lowerBound, m.display, SpeakerIdentity.parts(m.display)))
            if m.gender != .unknown && !(genders[m.display]?.1 ?? false) { genders[m.display] = (m.gender, m.genderIsHard) }
        } }
        // A common word the document also gives with a title ("President Trump") is a surname
        // everywhere in it ("Trump said").
        var titledParts = Set<String>()
        for ms in mentions { for m in ms where m.kind == .person && m.partCount == 1 && !m.weakName && m.titled {
            titledParts.insert(m.display.lowercased())
        } }
        for p in mentions.indices {
            for k in mentions[p].indices where mentions[p][k].kind == .person && mentions[p][k].partCount == 1 {
                if mentions[p][k].weakName && titledParts.contains(mentions[p][k].display.lowercased()) {
                    mentions[p][k].weakName = false
                    mentions[p][k].unresolvedWord = false
                }
                // "Jon-Paul" is one name: it resolves only to a full name holding all its parts.
                let own = SpeakerIdentity.parts(mentions[p][k].display)
                let part = own.first ?? ""
                let pos = mentions[p][k].range.lowerBound
                var owners = full.filter { f in own.allSatisfy { f.parts.contains($0) } }
                // Two people sharing a surname ("Josh Green" and his wife "Jaime Kanani Green"):
                // the surname alone is the one the document introduced first.
                if own.count == 1, let surnameOwner = owners.first(where: { $0.parts.last == part && $0.pos < pos }) {
                    owners = owners.filter { $0.name == surnameOwner.name || $0.parts.last != part }
                }
                if let before = owners.last(where: { $0.pos < pos }) {
                    mentions[p][k].fullName = before.name
                } else if let after = owners.first {
                    mentions[p][k].fullName = after.name
                }
                if mentions[p][k].fullName == nil, let org = orgs.first(where: { $0.first == part }) {
                    // "Spirit added" after "Spirit AeroSystems said": the organisation, short.
                    mentions[p][k].kind = .organization
                    mentions[p][k].display = org.name
                    continue
                }
                if let name = mentions[p][k].fullName, mentions[p][k].gender == .unknown {
                    if let (g, hard) = genders[name] {
                        mentions[p][k].gender = g
                        mentions[p][k].genderIsHard = hard
                    }
                }
            }
        }
    }

    // MARK: - Rules

    func attribute(_ k: Int) -> Attribution? {
        guard k < quotes.count, usable[k] else { return nil }
        let q = quotes[k]
        let p = q.paragraph
        let ps = pieces[p]
        guard let first = ps.firstIndex(where: { $0.kind == .quote && $0.quote == k }) else { return nil }
        let last = ps.lastIndex(where: { $0.kind == .quote && $0.quote == k }) ?? first

        // A link line ("Read more: Families speak of …") is a headline of another article: its
        // quote has no speaker here, and no word of it is one.
        if AttributionContext.isLinkLine(ps) { return nil }
        // 0. Chinese and Japanese cues: 毛宁说：“…” · 「…」と岸田首相は述べた.
        if let at = cjkAttribution(q) { return at }
        // 1. The gap of a split quote.
        if last > first {
            var a = first + 1
            while a < last {
                if ps[a].kind != .quote {
                    var e = a
                    while e < last && ps[e].kind != .quote { e += 1 }
                    switch afterClause(ps, p, a..<e, quoteEndsSentence: false, method: .splitGap) {
                    case .found(let at): return at
                    case .anonymous: return nil
                    case .none: break
                    }
                    a = e
                } else {
                    a += 1
                }
            }
        }
        // A reporter's question ("Asked whether the plan was 'dead on arrival', he said") is
        // nobody's statement here: the quote sits inside the "asked …" clause before the answer.
        var qs = first
        while qs > 0 && !ps[qs - 1].endsSentence && ps[qs - 1].kind != .quote { qs -= 1 }
        if let asked = (qs..<first).first(where: { ps[$0].kind == .word && (ps[$0].lower == "asked" || ps[$0].lower == "questioned") &&
                (ps[$0].sentenceStart || $0 == qs || ps[$0 - 1].lower == "when" || ps[$0 - 1].lower == "after" || ps[$0 - 1].lower == "being") }),
           !ps[asked..<first].contains(where: { $0.kind == .punct && ($0.text == "," || $0.text == ":" || $0.text == ";") }) {
            return nil
        }
        // A fragment inside the reporter's sentence with no comma closing it ("Goss said her
        // claims were “one of many lies” she told"): what follows is not its attribution but
        // the sentence going on, so the clause before it goes first.
        let lastChar = lastScalar(q.segments.last ?? q.markedRange)
        let afterMark = q.markedRange.upperBound < b.count ? b[q.markedRange.upperBound] : 0
        let closedByComma = lastChar == 0x2C || lastChar == 0x3F || lastChar == 0x21 || afterMark == 0x2C
        // A quote the sentence goes on from with a new clause ("he asked her for “a kiss?” and
        // she said yes"): the words after are that clause's, so the clause before goes first.
        let coordinatedAfter = last + 1 < ps.count && ps[last + 1].kind == .word && AttributionContext.clauseJoiners.contains(ps[last + 1].lower)
        if (q.kind != .sentence && !closedByComma) || coordinatedAfter {
            var s = first
            while s > 0 && !ps[s - 1].endsSentence && ps[s - 1].kind != .quote { s -= 1 }
            if s < first, case .found(let at) = beforeClause(ps, p, s..<first) { return at }
        }
        // 2. After the quote.
        // The segment that ends where the clause after it starts (a quote that goes on in the
        // next paragraph has later segments).
        let before = q.segments.last(where: { $0.upperBound <= ps[last].range.upperBound }) ?? q.segments.last ?? q.markedRange
        let endsWithPeriod = lastScalar(before) == 0x2E
        var e = last + 1
        while e < ps.count && e - last < 32 && ps[e].kind != .quote && !ps[e].endsSentence { e += 1 }
        // `"….” He continued, "…"`: after a quote that ends its sentence, a clause that ends in a
        // comma or colon right before the next quote introduces that one, not this one.
        let introducesNext = endsWithPeriod && e < ps.count && ps[e].kind == .quote && e - 1 > last &&
            ps[e - 1].kind == .punct && (ps[e - 1].text == "," || ps[e - 1].text == ":")
        if last + 1 < e && !introducesNext {
            switch afterClause(ps, p, (last + 1)..<e, quoteEndsSentence: endsWithPeriod, method: .afterQuote) {
            case .found(let at): return at
            case .anonymous: return nil
            case .none: break
            }
        }
        // 3. Before the quote, in its sentence.
        var s = first
        while s > 0 && !ps[s - 1].endsSentence && ps[s - 1].kind != .quote { s -= 1 }
        if s < first {
            switch beforeClause(ps, p, s..<first) {
            case .found(let at): return at
            case .anonymous: return nil
            case .none: break
            }
        }
        // 3b. "Arnaud Fraisse “respects the decision …”": a named person opening the sentence
        // right before a quote that starts in lower case: the quote is the person's predicate.
        if first > 0, let m = mention(endingAt: first - 1, in: p), m.kind == .person, m.isNamedPerson || m.titled, !m.possessive,
           ps[m.pieces.lowerBound].sentenceStart || (m.pieces.lowerBound > 0 && ps[m.pieces.lowerBound - 1].lower == "the"),
           let c = firstLetter(q.segments.first ?? q.markedRange), Scalars.isLowercase(c) {
            if case .found(let at) = outcome(m, method: .beforeQuote, confidence: 0.75, cue: m.range) { return at }
        }
        // 4a. A headline or lead "Judge Kaplan: SBF wanted to be a '…'": the person before a
        // colon that opens the paragraph speaks the quote after it.
        if let colon = ps[..<first].firstIndex(where: { $0.kind == .punct && $0.text == ":" }), colon > 0, colon <= 5,
           let m = mentions[p].first(where: { $0.pieces.upperBound == colon && $0.pieces.lowerBound == 0 }), m.kind == .person, m.isNamedPerson || m.titled {
            if case .found(let at) = outcome(m, method: .beforeQuote, confidence: 0.7, cue: Range(total: m.range.lowerBound, ps[colon].range.upperBound)) { return at }
        }
        // 4. The next quote after an attributed one in the same paragraph, with only that
        // quote's cue between them (`"…," X said. "…"`): the same speaker goes on.
        if options.continuation, let j = (0..<k).last(where: { quotes[$0].depth == 0 && quotes[$0].paragraph == p }),
           let a = attributed[j], a.cue.lowerBound >= quotes[j].markedRange.upperBound || a.cue.upperBound <= quotes[j].markedRange.lowerBound,
           let prev = ps.lastIndex(where: { $0.kind == .quote && $0.quote == j }), prev < first,
           !ps[(prev + 1)..<first].contains(where: { $0.kind == .word && !($0.range.lowerBound >= a.cue.lowerBound && $0.range.upperBound <= a.cue.upperBound) && !AttributionContext.coordinators.contains($0.lower) }) {
            var c = a
            c.method = .continuation
            c.confidence = min(a.confidence, 0.8)
            return c
        }
        // 4b. An earlier attributed quote of the same sentence, with no other person named
        // between ("Kaplan said SBF “is capable …” while noting he has “…”"): its speaker.
        if options.continuation, let j = (0..<k).last(where: { quotes[$0].depth == 0 && quotes[$0].paragraph == p }), let a = attributed[j],
           let prev = ps.lastIndex(where: { $0.kind == .quote && $0.quote == j }), prev < first,
           !ps[(prev + 1)..<first].contains(where: { $0.endsSentence }),
           !mentions[p].contains(where: { $0.pieces.lowerBound > prev && $0.pieces.lowerBound < first && ($0.kind == .person || $0.kind == .organization) && SpeakerIdentity.key($0.speakerName) != a.key }) {
            var c = a
            c.method = .continuation
            c.confidence = min(a.confidence, 0.75)
            return c
        }
        // 4c. A quote that opens a sentence right after a sentence of the same paragraph whose
        // speech verb has a subject ("X told The Washington Post. “…”"): that subject.
        if options.continuation, first > 0, ps[first - 1].endsSentence {
            var s0 = first - 1
            while s0 > 0 && !ps[s0 - 1].endsSentence && ps[s0 - 1].kind != .quote { s0 -= 1 }
            if s0 < first - 1, !ps[s0..<(first - 1)].contains(where: { $0.kind == .quote }),
               let v = (s0..<(first - 1)).last(where: { isSpeechVerb(ps, $0, after: false) }),
               case .found(var a) = beforeClause(ps, p, s0..<(v + 1)) {
                a.method = .continuation
                a.confidence = min(a.confidence, 0.7)
                return a
            }
        }
        // 5. A paragraph of its own continues the paragraph before, unless it is a subheading
        // (a short quote with nothing after it and no sentence end: `‘It haunts me every day’`).
        let subheading = ps.count == 1 && q.wordCount <= 8 && !(lastScalar(q.segments.last ?? q.markedRange) == 0x2E || lastScalar(q.segments.last ?? q.markedRange) == 0x2C)
        if options.continuation && first == 0 && !subheading {
            return continuation(of: k, paragraph: p)
        }
        // 6. The conversation goes on: a quote in running text with no cue of its own, in a
        // paragraph whose sentence names nobody else, belongs to the speaker of the last quote
        // in this paragraph or the one before (lower confidence).
        if options.continuation && !subheading, let last = lastSpeaker(before: q.markedRange.lowerBound),
           let j = (0..<k).last(where: { quotes[$0].depth == 0 && attributed[$0] != nil }), q.paragraph == quotes[j].paragraph {
            var s0 = first
            while s0 > 0 && !ps[s0 - 1].endsSentence { s0 -= 1 }
            var e0 = last1(ps, from: first)
            if e0 < first { e0 = first }
            let others = mentions[p].contains { $0.pieces.lowerBound >= s0 && $0.pieces.lowerBound <= e0 && ($0.kind == .person || $0.kind == .organization) &&
                SpeakerIdentity.key($0.speakerName) != last.key && !$0.possessive }
            if !others {
                var c = last
                c.method = .continuation
                c.confidence = 0.55
                return c
            }
        }
        return nil
    }

    /// The index of the last piece of the sentence holding piece `k`.
    private func last1(_ ps: [Piece], from k: Int) -> Int {
        var e = k
        while e + 1 < ps.count && !ps[e].endsSentence { e += 1 }
        return e
    }

    /// The first letter in `r`, if any.
    private func firstLetter(_ r: Range<Int>) -> UInt32? {
        var k = r.lowerBound
        while k < r.upperBound {
            let (s, len) = Scalars.decode(b, k)
            if Scalars.isLowercase(s) || Scalars.isUppercase(s) { return s }
            k += max(1, len)
        }
        return nil
    }

    private func lastScalar(_ r: Range<Int>) -> UInt32 {
        var k = r.upperBound
        while k > r.lowerBound {
            let start = Scalars.previousStart(b, k, lowerBound: r.lowerBound)
            let (s, _) = Scalars.decode(b, start)
            let c = Scalars.classify(s)
            if c != .space && c != .quoteMark { return s }
            k = start
        }
        return 0
    }

    /// Auxiliaries of compound past tenses that come between a quote and its verb-first cue.
    static let auxiliaries: Set<String> = ["a", "ha", "hat", "ont", "han", "has", "have", "had", "è", "avait", "habia", "había"]

    /// Words that may follow a subject before its verb ("Russia has said", "Moscow also denied").
    static let verbLinks: Set<String> = [
        "has", "have", "had", "was", "were", "is", "are", "will", "would", "could", "should", "may", "might", "can", "did", "does",
        "also", "again", "later", "earlier", "then", "previously", "repeatedly", "on", "in", "at", "for", "to", "and", "has", "who", "which",
        "never", "not", "quickly", "swiftly", "strongly", "firmly", "flatly", "publicly", "officially",
    ]

    /// Words of the label that opens a link line ("Read more:", "Also read:", "Related:").
    static let linkLabelWords: Set<String> = ["read", "more", "also", "related", "see", "watch", "listen", "recommended", "further", "reading", "latest"]

    /// Whether a paragraph opens with a link label: one to three label words, then a colon.
    static func isLinkLine(_ ps: [Piece]) -> Bool {
        var k = 0
        while k < ps.count && k < 3 && ps[k].kind == .word && linkLabelWords.contains(ps[k].lower) { k += 1 }
        return k > 0 && k < ps.count && ps[k].kind == .punct && ps[k].text == ":"
    }

    /// Conjunctions that open a new clause right after a closing mark.
    static let clauseJoiners: Set<String> = ["and", "but", "while", "whereas", "before", "after"]

    /// Words that join two quotes of one sentence ("…" and "…").
    static let coordinators: Set<String> = ["and", "or", "but", "then", "also", "as", "well", "adding", "that"]

    /// Nouns for texts that "read" their words.
    static let textNouns: Set<String> = ["statement", "letter", "post", "note", "tweet", "message", "release", "notice", "sign", "memo", "email", "filing", "order", "ruling", "report", "caption", "banner", "placard"]

    private static let afterVerbsExcluded: Set<String> = ["call", "called", "calls", "describe", "described", "cite", "cited", "citing", "quoted", "quote", "dismissed", "dismiss", "accused", "accuse"]

    private static let nounMarkers: Set<String> = [
        "the", "a", "an", "these", "those", "this", "that", "his", "her", "their", "its", "our", "my", "your", "of",
        "such", "new", "recent", "latest", "earlier", "previous", "similar", "unconfirmed", "multiple", "many", "some",
        "several", "media", "news", "press", "and", "or", "other", "any", "no", "whose",
    ]

    private func isSpeechVerb(_ ps: [Piece], _ k: Int, after: Bool) -> Bool {
        let p = ps[k]
        guard p.kind == .word, !p.capitalized || p.sentenceStart else { return false }
        // "The statement read:", "the letter reads": reading is speech for a text's words.
        if (p.lower == "read" || p.lower == "reads"), k > 0, AttributionContext.textNouns.contains(ps[k - 1].lower) { return true }
        // "issued the following statement:", "released a statement": issuing a text is speech.
        if ["issued", "issues", "released", "releases"].contains(p.lower),
           (k + 1..<min(ps.count, k + 5)).contains(where: { ps[$0].kind == .word && AttributionContext.textNouns.contains(ps[$0].lower) }) { return true }
        guard Lexicon.speechVerbs.contains(p.lower) else { return false }
        if after && AttributionContext.afterVerbsExcluded.contains(p.lower) { return false }
        guard k > 0, ps[k - 1].kind == .word else { return true }
        let prev = ps[k - 1]
        // "the reports", "dismissed claims", "recent comments": a noun, not a verb (an English
        // word after an English determiner; "a dit", "ha dicho" are verbs).
        // "raising his voice and stating": after a conjunction an -ing or -ed form is a verb.
        let conjunction = prev.lower == "and" || prev.lower == "or"
        if AttributionContext.nounMarkers.contains(prev.lower) && Lexicon.commonWords.contains(p.lower) &&
            !(conjunction && (p.lower.hasSuffix("ing") || p.lower.hasSuffix("ed"))) { return false }
        if p.lower.hasSuffix("s") && !p.lower.hasSuffix("ss") {
            let prevIsVerb = Lexicon.speechVerbs.contains(prev.lower) || prev.lower.hasSuffix("ed")
            if prevIsVerb { return false }
        }
        return true
    }

    /// `"…," X said` / `"…," said X` / `"…," he said` / `"…," the minister said` / `according to X`.
    func afterClause(_ ps: [Piece], _ p: Int, _ r: Range<Int>, quoteEndsSentence: Bool, method: Attribution.Method) -> Outcome {
        // "‘Bullies will be bullies’: Kansas newspaper staff …": a headline's quote before a
        // colon names no speaker after it.
        if method == .afterQuote, r.lowerBound < r.upperBound, ps[r.lowerBound].kind == .punct, ps[r.lowerBound].text == ":" { return .none }
        // "“…,” while Zakharova praised …": a conjunction opens a clause of its own.
        if let w = (r.lowerBound..<r.upperBound).first(where: { ps[$0].kind == .word }), AttributionContext.clauseJoiners.contains(ps[w].lower) { return .none }
        var a = r.lowerBound
        while a < r.upperBound && ps[a].kind == .punct && ps[a].text != "." { a += 1 }
        guard a < r.upperBound else { return .none }
        if quoteEndsSentence && ps[a].capitalized && !Lexicon.pronouns.contains(ps[a].lower) {
            // The quote ended its sentence: a capitalized word starts a new one, unless it is
            // the subject of a speech verb right away ("…." Kim said.).
            guard a + 1 < r.upperBound, isSpeechVerb(ps, a + 1, after: true) || (a + 2 < r.upperBound && isSpeechVerb(ps, a + 2, after: true)) else { return .none }
        }
        // "…," Damian Williams, U.S. Attorney for the Southern District of New York, said: a
        // name, an appositive between commas, then the verb.
        if let m = mention(startingNear: a, in: p, within: 0), m.kind == .person, m.pieces.upperBound < r.upperBound,
           ps[m.pieces.upperBound].kind == .punct, ps[m.pieces.upperBound].text == "," {
            // Up to three appositives ("Kristi Goncalves, mother of Kaylee Goncalves, one of the
            // four victims, said").
            var c = m.pieces.upperBound
            for _ in 0..<3 {
                c += 1
                while c < r.upperBound && c - m.pieces.upperBound < 36 && !(ps[c].kind == .punct && ps[c].text == ",") { c += 1 }
                guard c + 1 < r.upperBound else { break }
                if isSpeechVerb(ps, c + 1, after: true) || (c + 2 < r.upperBound && ps[c + 1].lower.hasSuffix("ly") && isSpeechVerb(ps, c + 2, after: true)) {
                    let verb = isSpeechVerb(ps, c + 1, after: true) ? c + 1 : c + 2
                    return outcome(m, method: method, confidence: 0.9, cue: Range(total: ps[a].range.lowerBound, ps[verb].range.upperBound))
                }
            }
        }
        // "…" read the company statement: a text reads its words.
        if ps[a].lower == "read" || ps[a].lower == "reads", (a + 1..<min(r.upperBound, a + 5)).contains(where: { AttributionContext.textNouns.contains(ps[$0].lower) }) {
            let business = (a + 1..<min(r.upperBound, a + 5)).contains { AttributionContext.businessNouns.contains(ps[$0].lower) }
            return organisation(before: ps[a].range.lowerBound, cue: ps[a].range, method: method, paragraphs: 6, plural: false, business: business)
        }
        let limit = min(r.upperBound, a + 12)
        guard let v = (a..<limit).first(where: { isSpeechVerb(ps, $0, after: true) }) else {
            return accordingTo(ps, p, a..<r.upperBound, method: method == .splitGap ? .splitGap : .accordingTo)
        }
        let cueStart = ps[a].range.lowerBound
        // "», a dit Jean Martin", "», ha dicho": an auxiliary before the verb is no subject.
        // "…," adding that Zelensky was …: a participle after the quote goes on with the
        // quote's own speaker; what follows it is what was said, not who said it.
        if v == a, ps[v].lower.hasSuffix("ing"), v + 1 < r.upperBound, ps[v + 1].kind == .word,
           ps[v + 1].lower == "that" || !ps[v + 1].capitalized && !Lexicon.pronouns.contains(ps[v + 1].lower) && ps[v + 1].lower != "the" {
            return .none
        }
        if v == a || ps[a..<v].allSatisfy({ $0.kind == .word && AttributionContext.auxiliaries.contains($0.lower) }) {
            // Verb first: "said Lt. Col. Charlie Dietz", "said the minister", "added he".
            let n = v + 1
            guard n < r.upperBound, ps[n].kind == .word else {
                // A verb with no subject ("…», garante." in a language that drops pronouns):
                // the speaker of the conversation goes on.
                if method == .afterQuote, let last = lastSpeaker(before: ps[v].range.lowerBound) {
                    var c = last
                    c.method = .continuation
                    c.cue = ps[v].range
                    c.confidence = min(last.confidence, 0.65)
                    return .found(c)
                }
                return .none
            }
            if Lexicon.pronouns.contains(ps[n].lower) {
                return pronoun(ps[n].lower, p, before: ps[n].range.lowerBound, cue: Range(total: cueStart, ps[n].range.upperBound), method: method)
            }
            // The noun phrase after the verb, up to a comma or a word that starts a new phrase:
            // its head is the last person named in it ("said G20 chair Maria Lopez",
            // "said Google global affairs President Kent Walker"), else an organisation.
            var stop = n
            while stop < r.upperBound && stop - n < 10 {
                let piece = ps[stop]
                if piece.kind != .word { break }
                // "said IAM District 751 President and Directing Business Representative Jon
                // Holden": "and" between capitalized titles stays inside the phrase.
                if stop > n && piece.lower == "and" && stop + 1 < r.upperBound && ps[stop + 1].capitalized && ps[stop - 1].capitalized { stop += 1; continue }
                if stop > n && !piece.capitalized && AttributionContext.phraseBreakers.contains(piece.lower) { break }
                if stop > n && !piece.capitalized && Lexicon.speechVerbs.contains(piece.lower) { break }
                stop += 1
            }
            let phrase = mentions(in: p, pieces: n..<max(n + 1, stop)).filter { $0.kind != .unknown && !($0.kind == .person && $0.weakName && $0.fullName == nil) }
            if let m = phrase.last(where: { $0.kind == .person && !$0.possessive }) ?? phrase.last(where: { $0.kind == .person }) {
                return outcome(m, method: method, confidence: 0.95, cue: Range(total: cueStart, m.range.upperBound))
            }
            if ps[n].lower == "the" || ps[n].lower == "this" {
                let d = descriptor(ps, p, n..<max(n + 1, stop), before: ps[n].range.lowerBound, cue: Range(total: cueStart, ps[max(n, stop - 1)].range.upperBound), method: method)
                if case .none = d {} else { return d }
            }
            // An organisation heads the phrase only if the phrase ends with it ("said the ATP
            // number 3" describes a player, not the ATP).
            if ps[n].lower == "the", phrase.contains(where: { $0.kind == .organization && $0.pieces.upperBound < stop }) {
                return lastPerson(before: ps[n].range.lowerBound, cue: Range(total: cueStart, ps[max(n, stop - 1)].range.upperBound), paragraphs: 3)
            }
            if let m = phrase.first(where: { $0.kind == .organization || $0.kind == .place || $0.kind == .anonymous }) {
                return outcome(m, method: method, confidence: 0.9, cue: Range(total: cueStart, m.range.upperBound))
            }
            return .none
        }
        // Subject before the verb.
        let subject = a..<v
        // No subject in a language that drops pronouns ("…», começou por dizer"): the speaker
        // of the conversation goes on.
        if method == .afterQuote, v - a <= 3, mentions(in: p, pieces: subject).isEmpty,
           ps[subject].allSatisfy({ $0.kind == .word && !Lexicon.commonWords.contains($0.lower) && !Lexicon.pronouns.contains($0.lower) && !$0.capitalized }),
           let last = lastSpeaker(before: ps[a].range.lowerBound) {
            var c = last
            c.method = .continuation
            c.cue = Range(total: ps[a].range.lowerBound, ps[v].range.upperBound)
            c.confidence = min(last.confidence, 0.65)
            return .found(c)
        }
        let cue = Range(total: cueStart, ps[v].range.upperBound)
        if v - 1 >= a, Lexicon.pronouns.contains(ps[v - 1].lower) {
            return pronoun(ps[v - 1].lower, p, before: ps[v - 1].range.lowerBound, cue: cue, method: method)
        }
        let ms = mentions(in: p, pieces: subject).filter { !($0.kind == .person && $0.weakName && $0.fullName == nil) }
        if let person = ms.first(where: { $0.kind == .person && !$0.possessive }) ?? ms.first(where: { $0.kind == .person }) {
            let conf = person.partCount >= 2 || person.fullName != nil ? 0.95 : 0.85
            return outcome(person, method: method, confidence: conf, cue: cue)
        }
        if ps[a].lower == "the" || ps[a].lower == "this" {
            let d = descriptor(ps, p, subject, before: ps[a].range.lowerBound, cue: cue, method: method)
            if case .none = d {} else { return d }
        }
        if let m = ms.first(where: { $0.kind == .organization || $0.kind == .place }) {
            return outcome(m, method: method, confidence: 0.85, cue: cue)
        }
        if ms.contains(where: { $0.kind == .anonymous }) { return .anonymous }
        return .none
    }

    /// The subject of the last speech verb before the quote, or `according to X`.
    func beforeClause(_ ps: [Piece], _ p: Int, _ r: Range<Int>) -> Outcome {

        // An unnamed source introduced anywhere in the clause: "citing an anonymous official".
        for k in r where ps[k].kind == .word && Lexicon.sourceIntroducers.contains(ps[k].lower) {
            var n = k + 1
            if n < r.upperBound && ps[n].lower == "to" { n += 1 }
            if n < r.upperBound, ps[n].kind == .word, Lexicon.anonymousMarkers.contains(ps[n].lower) || ps[n].lower == "unnamed" {
                if mention(startingNear: n, in: p, within: 1)?.kind != .person { return .anonymous }
            }
        }
        guard let v = r.reversed().first(where: { isSpeechVerb(ps, $0, after: false) && !ps[$0].inParens }) else {
            return accordingTo(ps, p, r, method: .accordingTo)
        }
        if ps[v].lower == "according" { return accordingTo(ps, p, v..<r.upperBound, method: .accordingTo) }
        // The passive: "was told by judge Mr Justice Goss there was a ‘…’", "described by Ana
        // Ruiz as “…”": the agent after "by" speaks.
        if v + 2 < r.upperBound, ps[v + 1].lower == "by", v > r.lowerBound,
           ["was", "were", "is", "are", "been", "being", "be"].contains(ps[v - 1].lower) || ps[v].lower.hasSuffix("ed") && ps[v].lower != "said" && ps[v - 1].kind == .word && !Lexicon.pronouns.contains(ps[v - 1].lower) && mention(endingAt: v - 1, in: p) == nil,
           let m = mention(startingNear: v + 2, in: p, within: 2), m.kind == .person || m.kind == .organization, !m.possessive {
            return outcome(m, method: .beforeQuote, confidence: 0.8, cue: Range(total: ps[v].range.lowerBound, m.range.upperBound))
        }
        let cue = ps[v].range
        // "… who told politicians that it was "…"".
        var w = v - 1
        if w >= r.lowerBound, ps[w].lower == "who" || ps[w].lower == "which" {
            var u = w - 1
            if u >= r.lowerBound, ps[u].kind == .punct { u -= 1 }
            if u >= r.lowerBound, let m = mention(endingAt: u, in: p) {
                return outcome(m, method: .beforeQuote, confidence: 0.85, cue: Range(total: m.range.lowerBound, cue.upperBound))
            }
            // "Fran Drescher, SAG's president, who said": the name before the appositive.
            if u >= r.lowerBound {
                var c = u
                while c >= r.lowerBound && u - c < 10 && !(ps[c].kind == .punct && ps[c].text == ",") && ps[c].kind != .quote { c -= 1 }
                if c - 1 >= r.lowerBound, ps[c].text == ",", let m = mention(endingAt: c - 1, in: p), m.kind == .person {
                    return outcome(m, method: .beforeQuote, confidence: 0.8, cue: Range(total: m.range.lowerBound, cue.upperBound))
                }
            }
            return .none
        }
        if w >= r.lowerBound, Lexicon.pronouns.contains(ps[w].lower) {
            return pronoun(ps[w].lower, p, before: ps[w].range.lowerBound, cue: Range(total: ps[w].range.lowerBound, cue.upperBound), method: .pronoun)
        }
        // "the judge said", "the company said", "the 37-year-old told": a description.
        if w >= r.lowerBound, ps[w].kind == .word, !ps[w].capitalized || ps[w].sentenceStart {
            var t = w
            while t > r.lowerBound && w - t < 4 && ps[t].lower != "the" && ps[t - 1].kind == .word && (!ps[t - 1].capitalized || ps[t - 1].lower == "the") { t -= 1 }
            if ps[t].lower == "the" || ps[t].lower == "this" {
                let d = descriptor(ps, p, t..<(w + 1), before: ps[t].range.lowerBound, cue: Range(total: ps[t].range.lowerBound, cue.upperBound), method: .role)
                if case .none = d {} else { return d }
            }
        }
        let participle = ps[v].lower.hasSuffix("ing")
        // "prompting Trump to warn", "urged Ana Ruiz to say": the person before "to" speaks.
        // "prompting Trump to raise his voice and say": back over the verb phrase to "to".
        var t = v - 1
        while t > r.lowerBound && v - t <= 8 && ps[t].kind == .word && ps[t].lower != "to" { t -= 1 }
        if t - 1 >= r.lowerBound, ps[t].lower == "to", t == v - 1 || ps[(t + 1)..<v].contains(where: { $0.lower == "and" }),
           let m = mention(endingAt: t - 1, in: p), m.kind == .person, !m.possessive {
            return outcome(m, method: .beforeQuote, confidence: 0.8, cue: Range(total: m.range.lowerBound, cue.upperBound))
        }
        // "with Drescher calling the studios …", "Prigozhin vowing they were …": the person
        // right before a participle is its subject, not the sentence's first one.
        if participle, v - 1 >= r.lowerBound, let m = mention(endingAt: v - 1, in: p), m.kind == .person, !m.possessive, !m.inParens,
           m.pieces.lowerBound > 0, ps[m.pieces.lowerBound - 1].lower == "with" {
            return outcome(m, method: .beforeQuote, confidence: 0.8, cue: Range(total: m.range.lowerBound, cue.upperBound))
        }
        if !participle {
            // Walk back over adverbs, auxiliaries, times and an appositive to the subject.
            var steps = 0
            while w >= r.lowerBound && steps < 6 {
                let piece = ps[w]
                if let m = mention(endingAt: w, in: p), m.kind != .unknown {
                    if m.kind == .anonymous { return .anonymous }
                    // "Dr. Demetre Daskalakis, Director of the … Center at the CDC told": the
                    // organisation ends an appositive; the person before its comma speaks.
                    if m.kind != .person, let person = mentions[p].first(where: { $0.kind == .person && $0.pieces.lowerBound >= r.lowerBound &&
                        $0.pieces.upperBound < m.pieces.lowerBound && $0.pieces.upperBound < ps.count && ps[$0.pieces.upperBound].text == "," && !$0.possessive }) {
                        return outcome(person, method: .beforeQuote, confidence: 0.85, cue: Range(total: person.range.lowerBound, cue.upperBound))
                    }
                    return outcome(m, method: .beforeQuote, confidence: steps <= 1 ? 0.9 : 0.85, cue: Range(total: m.range.lowerBound, cue.upperBound))
                }
                if piece.kind == .punct && piece.text == ",", w - 1 >= r.lowerBound, let m = mention(endingAt: w - 1, in: p), m.kind == .person {
                    // "The head of the center, Lieutenant Andriy Kovalenko, wrote": the name closes the appositive.
                    return outcome(m, method: .beforeQuote, confidence: 0.85, cue: Range(total: m.range.lowerBound, cue.upperBound))
                }
                if piece.kind == .punct && piece.text == "," {
                    // An appositive ", a professor at …," : jump to the comma that opens it.
                    var c = w - 1
                    while c >= r.lowerBound && !(ps[c].kind == .punct && ps[c].text == ",") { c -= 1 }
                    guard c >= r.lowerBound, w - c <= 14 else { break }
                    w = c - 1
                    steps += 1
                    continue
                }
                if piece.kind == .word && (AttributionContext.skippable.contains(piece.lower) || piece.kind == .word && Lexicon.notNames.contains(piece.lower) && piece.capitalized || piece.startsWithDigit) {
                    w -= 1
                    steps += 1
                    continue
                }
                if piece.lower == "the", w + 1 < v, let name = Lexicon.roles[ps[w + 1].lower] {
                    return role(name, before: piece.range.lowerBound, cue: Range(total: piece.range.lowerBound, cue.upperBound), method: .role)
                }
                if piece.kind == .word, let name = Lexicon.roles[piece.lower], w - 1 >= r.lowerBound, ps[w - 1].lower == "the" {
                    return role(name, before: ps[w - 1].range.lowerBound, cue: Range(total: ps[w - 1].range.lowerBound, cue.upperBound), method: .role)
                }
                break
            }
        }
        // A participle (or a subject further away): the sentence's subject.
        if r.lowerBound < v, Lexicon.pronouns.contains(ps[r.lowerBound].lower) {
            return pronoun(ps[r.lowerBound].lower, p, before: ps[r.lowerBound].range.lowerBound, cue: Range(total: ps[r.lowerBound].range.lowerBound, cue.upperBound), method: .pronoun)
        }
        let ms = mentions(in: p, pieces: r.lowerBound..<v).filter { !$0.inParens && !$0.possessive }
        // The main clause's subject: a person a verb follows ("Accompanied by his wife
        // Brigitte …, Macron walked …, describing it"), else the first person.
        let subject = ms.last { m in
            guard m.kind == .person, m.isNamedPerson || m.titled, m.pieces.upperBound < v, ps[m.pieces.upperBound].kind == .word, !ps[m.pieces.upperBound].capitalized else { return false }
            let next = ps[m.pieces.upperBound].lower
            guard !AttributionContext.phraseBreakers.contains(next) && !Lexicon.nameConnectors.contains(next) && next != "or" &&
                (m.pieces.lowerBound == 0 || !["by", "of", "with", "to", "and"].contains(ps[m.pieces.lowerBound - 1].lower)) else { return false }
            // "When Zelenskyy tried to respond, Trump interrupted": not the subordinate clause's subject.
            var b = m.pieces.lowerBound - 1
            while b >= r.lowerBound, !(ps[b].kind == .punct && ps[b].text == ",") {
                if ps[b].kind == .word && AttributionContext.subordinators.contains(ps[b].lower) { return false }
                b -= 1
            }
            return true
        }
        // An organisation or place after a preposition is not the subject ("the director-general
        // of the World Health Organization announced", "with Moscow declaring").
        // A person after a preposition is an object too ("… dado a Jenni Hermoso, diz …").
        let free = ms.filter { m in
            var b = m.pieces.lowerBound - 1
            while b >= r.lowerBound, ps[b].kind == .word, ps[b].lower == "the" || ps[b].capitalized && !ps[b].sentenceStart { b -= 1 }
            guard b >= 0, ps[b].kind == .word else { return true }
            if m.kind == .person { return !AttributionContext.prepositions.contains(ps[b].lower) && !AttributionContext.romanceObjectMarkers.contains(ps[b].lower) }
            return !AttributionContext.prepositions.contains(ps[b].lower)
        }
        // "…; one frazzled woman was overheard saying": an unnamed person nearest the verb speaks.
        if let lastMention = ms.last, lastMention.kind == .anonymous, participle || ms.contains(where: { $0.kind == .person }) == false {
            return .anonymous
        }
        if let m = subject ?? free.first(where: { $0.kind == .person && !($0.weakName && $0.fullName == nil) }) ?? free.first(where: { $0.kind == .organization || $0.kind == .place }) {
            if let anon = ms.first(where: { $0.kind == .anonymous }), anon.range.lowerBound < m.range.lowerBound { return .anonymous }
            return outcome(m, method: .beforeQuote, confidence: participle ? 0.8 : 0.65, cue: Range(total: m.range.lowerBound, cue.upperBound))
        }
        if ms.first?.kind == .anonymous { return .anonymous }
        return .none
    }

    private static let skippable: Set<String> = [
        "also", "later", "earlier", "then", "again", "has", "have", "had", "was", "were", "is", "are", "will", "would",
        "previously", "recently", "publicly", "repeatedly", "reportedly", "on", "last", "this", "week", "month",
        "year", "today", "yesterday", "tuesday", "monday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "morning", "evening", "night", "afternoon", "once", "not", "further", "quickly", "immediately", "separately",
        "in", "a", "an", "the", "interview", "statement", "speech", "briefing", "at", "conference", "news", "press",
    ]

    /// `according to X`.
    private func accordingTo(_ ps: [Piece], _ p: Int, _ r: Range<Int>, method: Attribution.Method) -> Outcome {
        for k in r where ps[k].lower == "according" && k + 1 < r.upperBound && ps[k + 1].lower == "to" {
            if let m = mention(startingNear: k + 2, in: p, within: 1) {
                if m.kind == .anonymous { return .anonymous }
                if m.kind == .unknown { continue }
                return outcome(m, method: method == .splitGap ? .splitGap : .accordingTo, confidence: 0.85,
                               cue: Range(total: ps[k].range.lowerBound, m.range.upperBound))
            }
        }
        return .none
    }

    /// A role word in `r` ("minister", "spokesman", "judge"), with the end of its byte range.
    private func roleWord(_ ps: [Piece], _ r: Range<Int>) -> (String, Int)? {
        for k in r where ps[k].kind == .word {
            if let role = Lexicon.roles[ps[k].lower] { return (role, ps[k].range.upperBound) }
            guard !ps[k].capitalized || ps[k].sentenceStart else { continue }
            if Lexicon.personNouns.contains(ps[k].lower) && !Lexicon.organisationDescriptors.contains(ps[k].lower) {
                return (ps[k].lower, ps[k].range.upperBound)
            }
        }
        return nil
    }

    /// Words that end the noun phrase naming a speaker after its verb ("said X in a statement").
    static let phraseBreakers: Set<String> = [
        "in", "at", "on", "to", "for", "during", "after", "before", "who", "which", "that", "when", "while", "as",
        "and", "but", "with", "from", "by", "about", "of", "speaking", "adding", "noting", "according", "outside",
        "told", "last", "earlier", "later", "this", "yesterday", "today", "tonight",
    ]

    /// A definite description standing for a speaker named earlier: an organisation's ("the
    /// company said", "the statement continued"), a role's ("the judge said": the last person
    /// given that role), or a person described by age or record ("said the 37-year-old": the
    /// last person named). `r` starts at "the"/"this".
    private func descriptor(_ ps: [Piece], _ p: Int, _ r: Range<Int>, before pos: Int, cue: Range<Int>, method: Attribution.Method) -> Outcome {
        let words = r.filter { ps[$0].kind == .word }.map { ps[$0].lower }.prefix(5)
        // "the promoter said" after "Barracuda Music, the concert promoter": the entity an
        // appositive described with that noun.
        if let d = described(by: words, before: pos, cue: cue) { return d }
        if words.contains(where: { Lexicon.organisationDescriptors.contains($0) }) {
            let business = words.contains { AttributionContext.businessNouns.contains($0) }
            return organisation(before: pos, cue: cue, method: .role, paragraphs: 6, plural: false, business: business)
        }
        if let role = roleWord(ps, r) {
            let found = self.role(role.0, before: pos, cue: cue, method: method)
            if case .found = found { return found }
        }
        // "the promoter said", "the studio said": a business named earlier.
        if words.contains(where: { AttributionContext.businessNouns.contains($0) }) {
            let found = organisation(before: pos, cue: cue, method: .role, paragraphs: 6, plural: false, business: true, speakersOnly: true)
            if case .found = found { return found }
        }
        if words.contains(where: { $0.hasSuffix("-year-old") || $0 == "veteran" || $0 == "champion" || $0 == "star" }) {
            return lastPerson(before: pos, cue: cue, paragraphs: 3)
        }
        return .none
    }

    /// The last named person before byte `pos`, up to `paragraphs` back.
    private func lastPerson(before pos: Int, cue: Range<Int>, paragraphs limit: Int) -> Outcome {
        guard let p0 = paragraphs.lastIndex(where: { $0.lowerBound <= pos }) else { return .none }
        var paragraph = p0
        while paragraph >= 0 && p0 - paragraph <= limit {
            let candidates = mentions[paragraph].reversed().filter { $0.range.upperBound <= pos && $0.kind == .person && ($0.isNamedPerson || $0.titled) && !$0.inParens && !$0.possessive }
            // A sentence's subject first ("Top seed Djokovic edged past second seed Alcaraz").
            let subject = candidates.first { m in
                let ps = pieces[paragraph]
                var k = m.pieces.lowerBound
                while k > 0 && ps[k - 1].kind == .word && (Lexicon.personNouns.contains(ps[k - 1].lower) || Lexicon.titleWords.contains(ps[k - 1].lower) || Lexicon.commonWords.contains(ps[k - 1].lower) && ps[k - 1].capitalized) { k -= 1 }
                return ps[k].sentenceStart
            }
            if let m = subject ?? candidates.first {
                let name = m.speakerName
                return .found(Attribution(speaker: name, key: SpeakerIdentity.key(name), kind: .person, method: .role, confidence: 0.7, cue: cue))
            }
            paragraph -= 1
        }
        return .none
    }

    /// The organisation an "it", "they" or "the company" stands for: the last one named before
    /// byte `pos` (up to `paragraphs` back), preferring one already given a quote.
    /// Nouns for a business: "the company said" is not the coast guard or a ministry.
    static let businessNouns: Set<String> = ["company", "company's", "firm", "airline", "carrier", "manufacturer", "maker", "operator", "startup", "retailer", "automaker", "studio", "studios", "promoter", "organizer", "organiser", "employer", "insurer", "lender", "developer", "brand"]

    /// Words of an organisation's name that make it a public body rather than a business.
    static let publicBodyWords: Set<String> = [
        "guard", "police", "department", "ministry", "agency", "court", "government", "administration", "army", "navy", "force",
        "forces", "council", "commission", "parliament", "senate", "congress", "office", "authority", "bureau", "committee",
        "board", "service", "house", "kremlin", "pentagon", "nasa", "fbi", "cdc", "fda", "faa", "ntsb", "un", "nato", "eu", "who",
        "union", "party", "university", "school", "hospital", "police",
    ]

    /// The last person or organisation before byte `pos` (up to six paragraphs back) that an
    /// appositive described with one of `words` ("Barracuda Music, the concert promoter").
    private func described(by words: ArraySlice<String>, before pos: Int, cue: Range<Int>) -> Outcome? {
        guard let head = words.last(where: { $0 != "the" && $0 != "this" && (Lexicon.personNouns.contains($0) || Lexicon.groupNouns.contains($0) || Lexicon.roles[$0] != nil) }) else { return nil }
        let nouns: Set<String> = [head]
        guard let p0 = paragraphs.lastIndex(where: { $0.lowerBound <= pos }) else { return nil }
        var paragraph = p0
        while paragraph >= 0 && p0 - paragraph <= 6 {
            for m in mentions[paragraph].reversed() where m.range.upperBound <= pos && (m.kind == .person || m.kind == .organization) {
                if !m.descriptors.isDisjoint(with: nouns) {
                    if case .found(let a) = outcome(m, method: .role, confidence: 0.8, cue: cue) { return .found(a) }
                }
            }
            paragraph -= 1
        }
        return nil
    }

    private func organisation(before pos: Int, cue: Range<Int>, method: Attribution.Method, paragraphs limit: Int, plural: Bool, business: Bool = false,
                              speakersOnly: Bool = false) -> Outcome {
        guard let p0 = paragraphs.lastIndex(where: { $0.lowerBound <= pos }) else { return .none }
        let speakers = Set(attributed.values.filter { $0.kind == .organization }.map(\.key))
        var fallback: Mention?
        var paragraph = p0
        while paragraph >= 0 && p0 - paragraph <= limit {
            if paragraph == p0 || !skip[paragraph] {
                for m in mentions[paragraph].reversed() where m.range.upperBound <= pos && m.kind == .organization && !m.inParens {
                    if business && SpeakerIdentity.parts(m.display).contains(where: { AttributionContext.publicBodyWords.contains($0) }) { continue }
                    if speakers.contains(SpeakerIdentity.key(m.display)) { return outcome(m, method: method, confidence: 0.85, cue: cue) }
                    if fallback == nil { fallback = m }
                }
            }
            paragraph -= 1
        }
        if let m = fallback, !speakersOnly, !plural || p0 - m.paragraph <= 1 { return outcome(m, method: method, confidence: 0.8, cue: cue) }
        return .none
    }

    private func outcome(_ m: Mention, method: Attribution.Method, confidence: Double, cue: Range<Int>) -> Outcome {
        switch m.kind {
        case .anonymous: return .anonymous
        case .unknown: return .none
        case .person:
            // A one-part name the document never gives in full is less certain.
            let c = m.partCount >= 2 || m.fullName != nil ? confidence : confidence - 0.1
            let name = m.speakerName
            return .found(Attribution(speaker: name, key: SpeakerIdentity.key(name), kind: .person, method: method, confidence: c, cue: cue,
                                      role: m.roles.contains("spokesperson") ? "spokesperson" : m.roles.sorted().first, affiliation: m.affiliation))
        case .organization:
            let name = acronyms[m.display.lowercased()] ?? m.display
            return .found(Attribution(speaker: name, key: SpeakerIdentity.key(name), kind: .organization, method: method, confidence: confidence * 0.9, cue: cue))
        case .place:
            // A place speaks for its government only as a noun ("Russia has dismissed …"): one
            // that modifies the next word ("British history", "Idaho murder case") does not.
            let ps = pieces[m.paragraph]
            // A nationality ("the Argentine", "Slovak") describes a speaker, it does not name one.
            if m.pieces.allSatisfy({ $0 < ps.count && (ps[$0].kind != .word || ps[$0].lower == "the" || Lexicon.isDemonym(ps[$0].lower) && !Lexicon.places.contains(ps[$0].lower)) }) {
                return .none
            }
            if m.pieces.upperBound < ps.count, ps[m.pieces.upperBound].kind == .word, !ps[m.pieces.upperBound].capitalized,
               Lexicon.commonWords.contains(ps[m.pieces.upperBound].lower), !Lexicon.speechVerbs.contains(ps[m.pieces.upperBound].lower),
               !AttributionContext.verbLinks.contains(ps[m.pieces.upperBound].lower) {
                return .none
            }
            return .found(Attribution(speaker: m.display, key: SpeakerIdentity.key(m.display), kind: .place, method: method, confidence: confidence * 0.8, cue: cue))
        }
    }

    // MARK: - Resolution

    /// The nearest named person before byte `pos`: in paragraph `p` and up to
    /// `pronounParagraphs` paragraphs before it (headlines and captions skipped).
    private func pronoun(_ word: String, _ p: Int, before pos: Int, cue: Range<Int>, method: Attribution.Method) -> Outcome {
        // "officials confirmed …, which they said": "they" is the unnamed group its sentence names.
        if word == "they", unnamedGroup(inSentenceBefore: pos, paragraph: p) { return .anonymous }
        if word == "it" || word == "they" { return organisation(before: pos, cue: cue, method: .pronoun, paragraphs: 2, plural: word == "they") }
        let want: Lexicon.Gender = word == "he" ? .male : (word == "she" ? .female : .unknown)
        // A pronoun repeated in one sentence keeps its referent ("he said Ana had lifted him up
        // and he asked her …"): resolve from the sentence's first subject use of it, so a name
        // the first one's clause only talks about does not capture the second.
        let pos = want == .unknown ? pos : firstOccurrence(of: word, inSentenceBefore: pos, paragraph: p)
        // The persons before the pronoun, nearest first. A title or role word that disagrees
        // rules a person out; a first name that disagrees only when someone further back
        // agrees by name or title ("Lucy Letby … Mr Justice Goss … he said" is Goss, but "Kim
        // Yong-hyun … he said" is Kim: a first-name gender is only a preference).
        var candidates: [(m: Mention, distance: Int, conflict: Bool, agrees: Bool, salient: Bool)] = []
        var paragraph = p
        var distance = 0
        scan: while paragraph >= 0 && distance <= options.pronounParagraphs {
            if paragraph == p || !skip[paragraph] {
                for m in mentions[paragraph].reversed() where m.range.upperBound <= pos && !m.inParens {
                    // An unnamed person who speaks or acts ("a woman shouted", "said one
                    // resident") takes the pronoun; one only talked about does not.
                    if m.kind == .anonymous, m.gender == .unknown || m.gender == want, isSubject(m, paragraph) {
                        if candidates.isEmpty { return .anonymous }
                        break scan
                    }
                    guard m.kind == .person, !(m.weakName && m.fullName == nil) else { continue }
                    // A possessive ("In Green's speech, he …") stands for a pronoun of its own
                    // sentence, else it is only talked about.
                    if m.possessive && !(want != .unknown && pronounFollows(m, paragraph, word) && (m.gender == .unknown || m.gender == want)) { continue }
                    guard m.isNamedPerson || m.titled || !pieces[paragraph][m.pieces.lowerBound].sentenceStart else { continue }
                    // A lone capitalized word the document never gives as a full name, with no
                    // title and no gender, and never a speaker ("Lahaina", "Renton", "Gothic"):
                    // most often a place or a thing, not the one a pronoun stands for.
                    if m.partCount == 1 && m.fullName == nil && !m.titled && m.gender == .unknown && m.roles.isEmpty && m.descriptors.isEmpty &&
                        !attributed.values.contains(where: { $0.key == SpeakerIdentity.key(m.speakerName) }) { continue }
                    let conflict = want != .unknown && m.gender != .unknown && m.gender != want
                    if conflict && m.genderIsHard { continue }
                    candidates.append((m, distance, conflict, want != .unknown && m.gender == want, isSalient(m, paragraph)))
                }
                if paragraph != p { distance += 1 }
            }
            paragraph -= 1
        }
        let someoneAgrees = candidates.contains { $0.agrees }
        // The nearest salient person (one who has spoken, or a sentence's subject) before the
        // nearest one merely mentioned (an object, a name in a relative clause).
        // One who agrees by a title or a gendered noun ("his wife, X", "Mr X") and is salient
        // goes before one whose gender is unknown.
        // One nearer than the nearest salient person who agrees by a title or a gendered noun
        // ("his wife, X, stood …" before "she said") goes first.
        let hardAgree = candidates.firstIndex { $0.agrees && $0.m.genderIsHard }
        let salient = candidates.firstIndex { !$0.conflict && $0.salient }
        var chosen = salient.map { candidates[$0] } ?? candidates.first { !$0.conflict }
        if let h = hardAgree, salient.map({ h < $0 && candidates[$0].distance == candidates[h].distance && candidates[$0].m.gender == .unknown }) ?? true { chosen = candidates[h] }
        if chosen == nil, let last = lastSpeaker(before: pos), last.kind == .person,
           want != .unknown, speakerGender[last.key] == want {
            var c = last
            c.method = .pronoun
            c.cue = cue
            c.confidence = min(last.confidence, 0.65)
            return .found(c)
        }
        if chosen == nil && !someoneAgrees { chosen = candidates.first }
        if let c = chosen {
            let base: Double = c.distance == 0 ? 0.85 : (c.distance == 1 ? 0.75 : 0.6)
            let confidence = c.m.isNamedPerson || c.m.titled ? base : base - 0.1
            let name = c.m.speakerName
            return .found(Attribution(speaker: name, key: SpeakerIdentity.key(name), kind: .person,
                                      method: method == .splitGap || method == .afterQuote || method == .pronoun ? .pronoun : method,
                                      confidence: confidence, cue: cue))
        }
        // No named person near enough: the current speaker of the conversation, the last
        // person given a quote before, if they agree with the pronoun.
        if let last = lastSpeaker(before: pos), last.kind == .person, want == .unknown || speakerGender[last.key].map({ $0 == .unknown || $0 == want }) ?? true {
            var c = last
            c.method = .pronoun
            c.cue = cue
            c.confidence = min(last.confidence, 0.65)
            return .found(c)
        }
        return .none
    }

    // MARK: - Chinese and Japanese

    /// Speech verbs of Chinese (before a colon and the quote) and Japanese (after the quote and と).
    static let chineseSpeechVerbs = ["说道", "表示", "指出", "强调", "写道", "宣布", "透露", "回应", "称", "说", "說", "表示說", "指出說"]
    static let japaneseSpeechVerbs = ["述べた", "語った", "話した", "言った", "説明した", "強調した", "明らかにした", "発表した", "語る", "述べる"]
    /// Role words that end a title before a Chinese name or after a Japanese one.
    static let cjkRoles: [(String, String)] = [
        ("发言人", "spokesperson"), ("發言人", "spokesperson"), ("报道官", "spokesperson"), ("報道官", "spokesperson"),
        ("主席", "chairman"), ("总统", "president"), ("總統", "president"), ("大統領", "president"), ("总理", "premier"),
        ("首相", "premier"), ("部长", "minister"), ("部長", "minister"), ("外长", "minister"), ("外相", "minister"),
        ("大使", "ambassador"), ("主任", "director"), ("教授", "professor"), ("长官", "official"), ("長官", "official"),
        ("先生", ""), ("女士", ""), ("氏", ""), ("さん", ""),
    ]

    private func cjkAttribution(_ q: Quote) -> Attribution? {
        // Chinese: the verb (and a colon) right before the opening mark, the name before the verb.
        var i = q.markedRange.lowerBound
        let p = paragraphs[q.paragraph]
        func scalarBefore(_ k: Int) -> (UInt32, Int)? {
            guard k > p.lowerBound else { return nil }
            let start = Scalars.previousStart(b, k, lowerBound: p.lowerBound)
            return (Scalars.decode(b, start).0, start)
        }
        while let (s, start) = scalarBefore(i), s == 0xFF1A || s == 0x3A || s == 0xFF0C || s == 0x2C || s == 0x20 { i = start }
        let before = Scalars.string(b, p.lowerBound..<i)
        if before.unicodeScalars.last.map({ AttributionContext.isHan($0.value) }) == true,
           let verb = AttributionContext.chineseSpeechVerbs.first(where: { before.hasSuffix($0) }) {
            let run = String(before.dropLast(verb.count).reversed().prefix { AttributionContext.isHan($0.unicodeScalars.first!.value) }.reversed())
            if let a = cjkSpeaker(run, cueEnd: q.markedRange.lowerBound, cueLength: run.utf8.count + verb.utf8.count) { return a }
        }
        // Japanese: 「…」と NAME は 述べた after the closing mark.
        let after = Scalars.string(b, Range(total: q.markedRange.upperBound, p.upperBound))
        if after.hasPrefix("と"), let sentenceEnd = after.firstIndex(where: { $0 == "。" || $0 == "\n" }) ?? Optional(after.endIndex) {
            let clause = String(after[after.index(after: after.startIndex)..<sentenceEnd])
            if AttributionContext.japaneseSpeechVerbs.contains(where: { clause.hasSuffix($0) }),
               let wa = clause.firstIndex(where: { $0 == "は" || $0 == "が" }) {
                let name = String(clause[..<wa])
                if let a = cjkSpeaker(name, cueEnd: q.markedRange.upperBound + after.utf8.distance(from: after.startIndex, to: sentenceEnd), cueLength: after.utf8.distance(from: after.startIndex, to: sentenceEnd)) { return a }
            }
        }
        return nil
    }

    /// A speaker from a run of Han (and kana) characters: the name after the last role word
    /// ("外交部发言人毛宁" → 毛宁, affiliation 外交部, spokesperson), or before a Japanese title
    /// ("岸田首相" → 岸田). Two to four characters, else none.
    private func cjkSpeaker(_ run: String, cueEnd: Int, cueLength: Int) -> Attribution? {
        var name = run
        var role: String?
        var affiliation: String?
        if let (word, canonical) = AttributionContext.cjkRoles.first(where: { run.contains($0.0) }), let r = run.range(of: word, options: .backwards) {
            let head = String(run[..<r.lowerBound]), tail = String(run[r.upperBound...])
            if tail.count >= 2 { name = tail; affiliation = head.isEmpty ? nil : head } else { name = head }
            role = canonical.isEmpty ? nil : canonical
        }
        guard name.count >= 2 && name.count <= 4 else { return nil }
        // The lengths come from decoded text: invalid bytes decode to U+FFFD (three bytes), so
        // the cue is clamped to the text.
        let end = min(max(0, cueEnd), b.count)
        let cue = Range(total: min(end, max(0, cueEnd - cueLength)), end)
        return Attribution(speaker: name, key: SpeakerIdentity.key(name), kind: .person, method: .beforeQuote, confidence: 0.7,
                           cue: cue, role: role, affiliation: affiliation)
    }

    static func isHan(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
    }

    /// Plural nouns for people left unnamed ("officials", "investigators").
    static let groupNouns: Set<String> = ["officials", "authorities", "investigators", "experts", "police", "officers", "researchers", "scientists", "analysts", "sources", "witnesses", "rescuers", "prosecutors", "lawmakers", "residents"]

    /// Whether the sentence of paragraph `p` before byte `pos` names an unnamed group of people.
    private func unnamedGroup(inSentenceBefore pos: Int, paragraph p: Int) -> Bool {
        let ps = pieces[p]
        guard var k = ps.lastIndex(where: { $0.range.lowerBound < pos }) else { return false }
        // Back over the quote the pronoun closes, to the sentence before it ("Protesters …
        // shouted. “We won!” they chanted").
        var crossed = false
        while k >= 0 {
            let piece = ps[k]
            if piece.kind == .quote && !crossed && k > 0 && ps[k - 1].endsSentence { crossed = true; k -= 2; continue }
            if piece.endsSentence || piece.kind == .quote { return false }
            if piece.kind == .word && (AttributionContext.groupNouns.contains(piece.lower) ||
                (!piece.capitalized || piece.sentenceStart) && piece.lower.count > 4 && piece.lower.hasSuffix("s") && Lexicon.personNouns.contains(String(piece.lower.dropLast()))) { return true }
            k -= 1
        }
        return false
    }

    /// The start of the first use of pronoun `word` in the sentence of paragraph `p` that holds
    /// byte `pos` (up to `pos`), or `pos` itself.
    private func firstOccurrence(of word: String, inSentenceBefore pos: Int, paragraph p: Int) -> Int {
        let ps = pieces[p]
        guard var k = ps.lastIndex(where: { $0.range.lowerBound < pos }) else { return pos }
        var first = pos
        while k >= 0 {
            let piece = ps[k]
            if piece.endsSentence || piece.kind == .quote { break }
            if piece.kind == .word && piece.lower == word { first = piece.range.lowerBound }
            k -= 1
        }
        return first
    }

    /// Whether a mention is the subject of its clause: it opens its sentence, follows a speech
    /// verb ("said one resident"), or a verb follows it ("a woman shouted", "one mother said").
    private func isSubject(_ m: Mention, _ paragraph: Int) -> Bool {
        let ps = pieces[paragraph]
        guard m.pieces.lowerBound < ps.count else { return false }
        if ps[m.pieces.lowerBound].sentenceStart { return true }
        let b = m.pieces.lowerBound - 1
        if b >= 0, ps[b].kind == .word, Lexicon.speechVerbs.contains(ps[b].lower) { return true }
        let e = m.pieces.upperBound
        if e < ps.count, ps[e].kind == .word, Lexicon.speechVerbs.contains(ps[e].lower) { return true }
        return b >= 0 && ps[b].kind == .punct && ps[b].text == ","   // "…, one mother said"
            && e < ps.count && ps[e].kind == .word && !ps[e].capitalized && !AttributionContext.phraseBreakers.contains(ps[e].lower)
    }

    static let prepositions: Set<String> = [
        "of", "in", "at", "from", "for", "by", "with", "to", "on", "about", "against", "into", "per", "near", "outside", "inside",
        // Romance languages' "of"/"in" and their contractions ("il presidente della Corea del Sud").
        "de", "del", "della", "dello", "dei", "degli", "delle", "di", "da", "do", "dos", "das", "du", "des", "en", "dans", "nel", "nella", "no", "na",
    ]

    /// Prepositions of Romance languages before a person object ("dado a Jenni", "com Ana").
    static let romanceObjectMarkers: Set<String> = ["a", "ao", "à", "aos", "às", "al", "con", "com", "avec", "para", "por", "pour", "sobre", "contra", "entre", "sur", "après"]

    /// Auxiliaries that show the name before them is a clause's subject ("Djokovic has won").
    static let subjectAuxiliaries: Set<String> = ["has", "had", "was", "is", "will", "would", "could", "can", "did", "does"]

    /// Words that open a subordinate clause: a subject inside it is not the main clause's.
    static let subordinators: Set<String> = ["when", "after", "before", "as", "if", "because", "although", "though", "since", "until", "once", "whether"]

    /// Whether pronoun `word` follows mention `m` in its sentence.
    private func pronounFollows(_ m: Mention, _ paragraph: Int, _ word: String) -> Bool {
        let ps = pieces[paragraph]
        var k = m.pieces.upperBound
        while k < ps.count && k - m.pieces.upperBound < 12 && !ps[k].endsSentence && ps[k].kind != .quote {
            if ps[k].kind == .word && ps[k].lower == word { return true }
            k += 1
        }
        return false
    }

    /// Whether a person mention is salient for a pronoun: it was given a quote already, or it
    /// is the subject of its sentence (first, after titles and roles) or of a speech verb.
    private func isSalient(_ m: Mention, _ paragraph: Int) -> Bool {
        let key = SpeakerIdentity.key(m.speakerName)
        if attributed.values.contains(where: { $0.key == key }) { return true }
        let ps = pieces[paragraph]
        var k = m.pieces.lowerBound
        while k > 0, ps[k - 1].kind == .word, !ps[k - 1].capitalized || ps[k - 1].sentenceStart, !["and", "of", "for"].contains(ps[k - 1].lower),
              ps[k - 1].lower == "the" || Lexicon.roles[ps[k - 1].lower] != nil || Lexicon.personNouns.contains(ps[k - 1].lower) || Lexicon.titleWords.contains(ps[k - 1].lower) { k -= 1 }
        if ps[k].sentenceStart || (k > 0 && ps[k - 1].kind == .quote) { return true }
        if m.possessive { return true }   // kept only when a pronoun of its sentence follows
        let e = m.pieces.upperBound
        // "… Laurent Ulrich opened the doors": a past-tense verb right after the name.
        if e < ps.count, ps[e].kind == .word, !ps[e].capitalized,
           ps[e].lower.hasSuffix("ed") || AttributionContext.subjectAuxiliaries.contains(ps[e].lower) {
            // Not an object or the second of a pair ("by X", "of X", "A and X gained").
            if !(k > 0 && ["by", "of", "and", "with", "to"].contains(ps[k - 1].lower)) { return true }
        }
        // "Ben-Ari, a machinist who …, said": the name an appositive follows, then its verb.
        if e + 1 < ps.count, ps[e].kind == .punct, ps[e].text == ",", ps[e + 1].kind == .word, !ps[e + 1].capitalized {
            var c = e + 1
            while c < ps.count && c - e < 28 && !(ps[c].kind == .punct && ps[c].text == ",") && !ps[c].endsSentence && ps[c].kind != .quote { c += 1 }
            if c + 1 < ps.count, ps[c].text == ",", ps[c + 1].kind == .word, !ps[c + 1].capitalized,
               !AttributionContext.phraseBreakers.contains(ps[c + 1].lower), !AttributionContext.prepositions.contains(ps[c + 1].lower),
               !Lexicon.nameConnectors.contains(ps[c + 1].lower) { return true }
        }
        return e < ps.count && ps[e].kind == .word && Lexicon.speechVerbs.contains(ps[e].lower)
    }

    /// The attribution of the last depth-0 quote that starts before byte `pos` and has one.
    private func lastSpeaker(before pos: Int) -> Attribution? {
        var best: (Int, Attribution)?
        for (k, a) in attributed where quotes[k].markedRange.lowerBound < pos {
            if best == nil || quotes[k].markedRange.lowerBound > best!.0 { best = (quotes[k].markedRange.lowerBound, a) }
        }
        return best?.1
    }

    /// The last person before byte `pos` whose title or appositive gave them `role`.
    private func role(_ role: String, before pos: Int, cue: Range<Int>, method: Attribution.Method) -> Outcome {
        // Several people may hold the role ("President Macron", a "President Zelensky" in a
        // link line): the one the document is most about (given a quote, else named most often),
        // the last named on a tie.
        var holders: [String: (m: Mention, order: Int)] = [:]
        var order = 0
        for (p, ms) in mentions.enumerated() where !linkLine[p] {
            for m in ms where m.range.upperBound <= pos && m.kind == .person && m.roles.contains(role) {
                holders[SpeakerIdentity.key(m.speakerName)] = (m, order)
                order += 1
            }
        }
        var counts: [String: Int] = [:]
        for ms in mentions { for m in ms where m.kind == .person && m.range.upperBound <= pos { counts[SpeakerIdentity.key(m.speakerName), default: 0] += 1 } }
        let spoke = Set(attributed.values.map(\.key))
        guard let m = holders.max(by: { a, b in
            let ra = (spoke.contains(a.key) ? 1 : 0, counts[a.key] ?? 0, a.value.order)
            let rb = (spoke.contains(b.key) ? 1 : 0, counts[b.key] ?? 0, b.value.order)
            return ra < rb
        })?.value.m else { return .none }
        let name = m.speakerName
        return .found(Attribution(speaker: name, key: SpeakerIdentity.key(name), kind: .person, method: .role, confidence: 0.75, cue: cue))
    }

    /// A quote that is its own paragraph takes the speaker of the paragraph before: its last
    /// attributed quote, or the subject of its last speech verb.
    private func continuation(of k: Int, paragraph p: Int) -> Attribution? {
        var prev = p - 1
        while prev >= 0 && skip[prev] { prev -= 1 }
        guard prev >= 0 else { return nil }
        if let j = (0..<k).last(where: { quotes[$0].depth == 0 && quotes[$0].paragraph == prev }), let a = attributed[j] {
            // Only when that quote ends its paragraph's story: the speaker spoke last.
            var c = a
            c.method = .continuation
            c.confidence = min(a.confidence, 0.7)
            return c
        }
        let ps = pieces[prev]
        guard let v = ps.indices.last(where: { isSpeechVerb(ps, $0, after: false) }) else { return nil }
        var s = v
        while s > 0 && !ps[s - 1].endsSentence && ps[s - 1].kind != .quote { s -= 1 }
        if case .found(var a) = beforeClause(ps, prev, s..<(v + 1)) {
            a.method = .continuation
            a.confidence = min(a.confidence, 0.6)
            return a
        }
        return nil
    }

    // MARK: - Mention lookup

    private func mentions(in p: Int, pieces r: Range<Int>) -> [Mention] {
        mentions[p].filter { r.contains($0.pieces.lowerBound) }
    }

    private func mention(startingNear k: Int, in p: Int, within slack: Int) -> Mention? {
        mentions[p].first { $0.pieces.lowerBound >= k && $0.pieces.lowerBound <= k + slack }
    }

    private func mention(endingAt k: Int, in p: Int) -> Mention? {
        mentions[p].first { $0.pieces.upperBound - 1 == k }
    }
}
