/// The fragment sieve: a second attribution pass for the short quotes the first one leaves
/// unattributed — partial quotes inside a reporter's sentence ("Goss said Letby acted
/// “cruelly and callously”", "calling Zelensky “disrespectful”", "suffered a “catastrophic
/// implosion,” killing everyone on board, Rear Adm. John Mauger said").
///
/// A fragment (a quote of kind ``QuoteKind/scare`` or ``QuoteKind/fragment``, depth 0, no
/// speaker yet) takes a speaker only from a cue in its own sentence, tried in order:
/// 1. a reporting clause that closes the sentence after a comma (`…, X said.` · `…, said the
///    judge.` · `…, according to X.`);
/// 2. another quote of the same sentence that has a speaker, when nobody else is the subject
///    of a speech verb between them (`X said it was “a” and “b”`);
/// 3. the reporting verb that governs it before it in the sentence, other quotes of the
///    sentence crossed: a speech verb or a framing verb (``FramingVerbs``: branded, praised,
///    termed, calling …) whose subject is a speaker mention, a pronoun or a description; a
///    participle (`adding that`, `calling`) goes back to the finite speech verb before it.
/// 3b. without such a verb, a named subject's verb that takes the that-clause holding it
///    ("X determined that there was “insufficient evidence”");
/// 4. (no speaker) words named as cries: "shouts of “get out”".
/// A fragment with no cue keeps no speaker (a scare quote, dropped by the clusterer). One whose
/// cue names an unnamed speaker ("residents chanted “murderers”", "the families told her ‘you
/// are nothing’") is reported speech with no named speaker: it becomes a ``QuoteKind/fragment``
/// (kept, unattributed) rather than a scare quote.
extension AttributionContext {
    /// Runs the fragment sieve over `quotes` (the first pass's output), in text order, so a
    /// fragment attributed here can give its speaker to the next one of its sentence.
    func attributeFragments(_ quotes: inout [Quote]) {
        for k in quotes.indices where k < usable.count && usable[k] && quotes[k].depth == 0 && quotes[k].isUnmarked {
            // A block statement's cue is its introducing or signing line, not the paragraph before.
            if let a = blockSpeaker(k).map(tidied) {
                quotes[k].attribution = a
                attributed[k] = a
            }
        }
        for k in quotes.indices where k < usable.count && usable[k] && quotes[k].depth == 0 &&
            quotes[k].attribution == nil && quotes[k].kind != .sentence {
            switch fragmentOutcome(k) {
            case .found(let found):
                let a = tidied(found)
                quotes[k].attribution = a
                attributed[k] = a
            case .anonymous:
                quotes[k].kind = .fragment
            case .none:
                break
            }
        }
    }

    /// A person's name that opens with an acronym's possessive written without its apostrophe
    /// ("UAWs Fain", "NATOs Rutte") is the rest of it, in the fullest form the document gives.
    private func tidied(_ a: Attribution) -> Attribution {
        guard a.kind == .person else { return a }
        let words = a.speaker.split(separator: " ")
        guard words.count >= 2, let head = words.first, head.count >= 3, head.last == "s",
              head.dropLast().allSatisfy({ $0.isASCII && $0.isUppercase }) else { return a }
        var name = words.dropFirst().joined(separator: " ")
        let last = words.last.map(String.init) ?? name
        for ms in mentions { for m in ms where m.kind == .person && m.partCount >= 2 && m.display.split(separator: " ").last.map(String.init) == last {
            let parts = m.display.split(separator: " ")
            if let first = parts.first, !(first.count >= 3 && first.last == "s" && first.dropLast().allSatisfy({ $0.isASCII && $0.isUppercase })) {
                name = m.display
                break
            }
        } }
        var c = a
        c.speaker = name
        c.key = SpeakerIdentity.key(name)
        return c
    }

    /// A rule's speaker, when sure enough: a fragment's cue is one step further from the words
    /// than a whole statement's, so its confidence is capped.
    private func accepted(_ o: Outcome) -> Attribution? {
        guard case .found(var a) = o else { return nil }
        a.confidence = min(a.confidence, 0.75)
        return a.confidence >= options.minConfidence ? a : nil
    }

    private func fragmentOutcome(_ k: Int) -> Outcome {
        let q = quotes[k]
        let p = q.paragraph
        guard p < pieces.count else { return .none }
        let ps = pieces[p]
        guard let first = ps.firstIndex(where: { $0.kind == .quote && $0.quote == k }),
              let last = ps.lastIndex(where: { $0.kind == .quote && $0.quote == k }) else { return .none }
        if AttributionContext.isLinkLine(ps) { return .none }
        let sentence = sentenceBounds(ps, first: first, last: last)
        var unnamed = false
        // An unnamed source the sentence cites before it ("…, citing an unnamed official, that
        // “…”") speaks it: nobody named does.
        if sentence.lowerBound < first, case .anonymous = beforeClause(ps, p, sentence.lowerBound..<first) { return .anonymous }

        // 1. A reporting clause after a comma, before the sentence's next quote or its end.
        var end = last + 1
        while end < sentence.upperBound && ps[end].kind != .quote { end += 1 }
        for c in (last + 1)..<max(last + 1, end) where ps[c].kind == .punct && (ps[c].text == "," || ps[c].text == "-") {
            guard c + 1 < end, hasReportingVerb(ps, (c + 1)..<end) else { continue }
            let o = afterClause(ps, p, (c + 1)..<end, quoteEndsSentence: false, method: .afterQuote)
            if let a = accepted(o) { return .found(a) }
            if case .anonymous = o { return .anonymous }
        }
        // 2. Another quote of the sentence with a speaker.
        if let a = sentenceMateAttribution(k, ps, p, first: first, last: last, sentence: sentence) { return .found(a) }
        // 3. The verb that governs it before it.
        let o = governingClause(ps, p, sentence: sentence, first: first)
        if let a = accepted(o) { return .found(a) }
        if case .anonymous = o { unnamed = true }
        // 4. Words named as cries ("Shouts of “get out”", "chants of ‘resign’"): speech, its
        // speakers unnamed.
        if first >= 2, ps[first - 1].lower == "of", ps[first - 2].kind == .word, ps[first - 2].lower.hasSuffix("s"),
           FramingVerbs.forms.contains(ps[first - 2].lower) || Lexicon.speechVerbs.contains(ps[first - 2].lower) {
            unnamed = true
        }
        return unnamed ? .anonymous : .none
    }

    /// The speaker of block statement `k`: the block's earlier paragraph's, the subject of the
    /// line that introduces it, or the name on the dash line that signs it.
    private func blockSpeaker(_ k: Int) -> Attribution? {
        let p = quotes[k].paragraph
        guard p > 0 || p + 1 < pieces.count else { return nil }
        if p > 0, let j = (0..<k).last(where: { quotes[$0].depth == 0 && quotes[$0].paragraph == p - 1 }), quotes[j].isUnmarked {
            guard var a = attributed[j] else { return nil }
            a.method = .continuation
            a.confidence = min(a.confidence, 0.7)
            return a
        }
        if p > 0, let colon = pieces[p - 1].last, colon.kind == .punct, colon.text == ":" {
            let ps = pieces[p - 1]
            var s = ps.count - 1
            while s > 0 && !ps[s - 1].endsSentence { s -= 1 }
            if let v = (s..<(ps.count - 1)).last(where: { isReportingVerb(ps, $0) }), let a = accepted(beforeClause(ps, p - 1, s..<(v + 1))) {
                return a
            }
            return firstSpeaker(in: p - 1, pieces: s..<ps.count, cueEnd: colon.range.upperBound)
        }
        if p + 1 < pieces.count, let dash = pieces[p + 1].first, dash.kind == .punct, dash.text == "-" {
            return firstSpeaker(in: p + 1, pieces: 0..<min(pieces[p + 1].count, 12), cueEnd: paragraphs[p + 1].upperBound)
        }
        return nil
    }

    /// The first named person (else organisation) whose mention starts in pieces `r` of
    /// paragraph `p`, not a possessive or in parentheses.
    private func firstSpeaker(in p: Int, pieces r: Range<Int>, cueEnd: Int) -> Attribution? {
        let ms = mentions[p].filter { r.contains($0.pieces.lowerBound) && !$0.possessive && !$0.inParens }
        guard let m = ms.first(where: { $0.kind == .person && ($0.isNamedPerson || $0.titled) }) ?? ms.first(where: { $0.kind == .organization }) else { return nil }
        return speakerAttribution(m, cue: Range(total: m.range.lowerBound, max(m.range.upperBound, cueEnd)), confidence: 0.7)
    }

    private func speakerAttribution(_ m: Mention, cue: Range<Int>, confidence: Double) -> Attribution? {
        switch m.kind {
        case .person:
            let name = m.speakerName
            return Attribution(speaker: name, key: SpeakerIdentity.key(name), kind: .person, method: .beforeQuote, confidence: confidence,
                               cue: cue, role: m.roles.sorted().first, affiliation: m.affiliation)
        case .organization:
            let name = acronyms[m.display.lowercased()] ?? m.display
            return Attribution(speaker: name, key: SpeakerIdentity.key(name), kind: .organization, method: .beforeQuote,
                               confidence: confidence - 0.05, cue: cue)
        default:
            return nil
        }
    }

    /// The sentence of paragraph pieces `ps` that holds pieces `first...last`, other quotes
    /// included (a quote ending with `.` `!` `?` before a capital ends a sentence).
    private func sentenceBounds(_ ps: [Piece], first: Int, last: Int) -> Range<Int> {
        var s = first
        while s > 0 && !ps[s - 1].endsSentence && !quoteEndsSentence(ps, s - 1) { s -= 1 }
        var e = last + 1
        while e < ps.count && !ps[e].endsSentence && !(e > last && quoteEndsSentence(ps, e)) { e += 1 }
        return s..<e
    }

    private func quoteEndsSentence(_ ps: [Piece], _ i: Int) -> Bool {
        guard ps[i].kind == .quote, ps[i].quote >= 0, ps[i].quote < quotes.count else { return false }
        let q = quotes[ps[i].quote]
        let last = lastTextScalar(q.segments.last ?? q.markedRange)
        guard last == 0x2E || last == 0x21 || last == 0x3F || last == 0x2026 else { return false }
        return i + 1 >= ps.count || ps[i + 1].capitalized || ps[i + 1].kind == .quote
    }

    private func lastTextScalar(_ r: Range<Int>) -> UInt32 {
        var k = min(r.upperBound, b.count)
        let lower = max(0, r.lowerBound)
        while k > lower {
            let start = Scalars.previousStart(b, k, lowerBound: lower)
            let (s, _) = Scalars.decode(b, start)
            let c = Scalars.classify(s)
            if c != .space && c != .quoteMark { return s }
            k = start
        }
        return 0
    }

    /// Whether piece `k` of `ps` reads as a verb that reports or frames words: a speech verb, or
    /// a framing verb in a past or -ing form (the bare forms are nouns as often: "a whole-life
    /// term", "praise for"); not after a determiner ("the call"), not passive ("was described").
    private func isReportingVerb(_ ps: [Piece], _ k: Int) -> Bool {
        let piece = ps[k]
        guard piece.kind == .word, !piece.capitalized || piece.sentenceStart, !piece.inParens else { return false }
        let speech = Lexicon.speechVerbs.contains(piece.lower)
        guard speech || FramingVerbs.forms.contains(piece.lower) && (piece.lower.hasSuffix("ed") || piece.lower.hasSuffix("ing")) else { return false }
        if k > 0, ps[k - 1].kind == .word, FragmentCues.notBeforeVerb.contains(ps[k - 1].lower) { return false }
        return true
    }

    private func hasReportingVerb(_ ps: [Piece], _ r: Range<Int>) -> Bool {
        r.contains { isReportingVerb(ps, $0) || (ps[$0].lower == "according" && $0 + 1 < r.upperBound && ps[$0 + 1].lower == "to") }
    }

    /// The speaker of the nearest other quote of the sentence that has one, unless someone else
    /// is the subject of a speech verb between the two.
    private func sentenceMateAttribution(_ k: Int, _ ps: [Piece], _ p: Int, first: Int, last: Int, sentence: Range<Int>) -> Attribution? {
        let mates = sentence.filter { ps[$0].kind == .quote && ps[$0].quote != k && attributed[ps[$0].quote] != nil }
        let ordered = mates.filter { $0 < first }.reversed() + mates.filter { $0 > last }
        for i in ordered {
            guard let a = attributed[ps[i].quote] else { continue }
            let between = i < first ? (i + 1)..<first : (last + 1)..<i
            let rival = mentions[p].contains { m in
                guard between.contains(m.pieces.lowerBound), m.kind == .person || m.kind == .organization, !m.possessive,
                      SpeakerIdentity.key(m.speakerName) != a.key else { return false }
                let e = m.pieces.upperBound
                return e < ps.count && isReportingVerb(ps, e) || e + 1 < ps.count && isReportingVerb(ps, e + 1)
            }
            let pronounSubject = between.contains { ps[$0].kind == .word && Lexicon.pronouns.contains(ps[$0].lower) &&
                $0 + 1 < ps.count && isReportingVerb(ps, $0 + 1) && ps[$0 + 1].range.lowerBound > a.cue.upperBound }
            if rival || pronounSubject { return nil }
            var c = a
            c.method = .continuation
            c.confidence = min(a.confidence, 0.75)
            return c
        }
        return nil
    }

    /// The subject of the reporting verb before piece `first` in its sentence.
    private func governingClause(_ ps: [Piece], _ p: Int, sentence: Range<Int>, first: Int) -> Outcome {
        guard sentence.lowerBound < first else { return .none }
        guard let v = (sentence.lowerBound..<first).last(where: { isReportingVerb(ps, $0) }) else {
            return thatClause(ps, p, sentence: sentence, first: first).map { .found($0) } ?? .none
        }
        // Too far to govern it, or a subordinate clause between ("… released after a judge
        // sentenced her for the “sadistic” murder"): another clause's verb.
        guard first - v <= 24,
              !ps[(v + 1)..<first].contains(where: { $0.kind == .word && FragmentCues.clauseOpeners.contains($0.lower) || $0.kind == .punct && $0.text == ";" })
        else { return .none }
        var verb = v
        if ps[v].lower.hasSuffix("ing") {
            // "Thousands of protesters gathered …, chanting “…”": an unnamed group is the subject.
            if unnamedGroupSubject(ps, p, sentence.lowerBound..<v) { return .anonymous }
            // "the judge said, adding that she “…”": the finite verb's subject speaks.
            if let finite = (sentence.lowerBound..<v).last(where: { isReportingVerb(ps, $0) && !ps[$0].lower.hasSuffix("ing") }) { verb = finite }
        }
        // The before-clause rules read the governing verb; a framing verb is read as "said"
        // (or "saying" for a participle), its subject found the same way.
        var view = ps
        if !Lexicon.speechVerbs.contains(view[verb].lower) {
            view[verb].lower = view[verb].lower.hasSuffix("ing") ? "saying" : "said"
        }
        let found = beforeClause(view, p, sentence.lowerBound..<(verb + 1))
        if accepted(found) != nil { return found }
        if let a = namedSubject(ps, p, verb: verb, lowerBound: sentence.lowerBound) { return .found(a) }
        // "Furious residents chanted “…”", "the families of X's victims told her ‘…’", "The
        // source said that …": the verb's clause names its subject only as an unnamed group.
        var clause = verb
        while clause > sentence.lowerBound && !(ps[clause - 1].kind == .punct && ps[clause - 1].text == ",") { clause -= 1 }
        if unnamedGroupSubject(ps, p, clause..<verb) { return .anonymous }
        return found
    }

    /// A named speaker whose verb takes the that-clause holding the fragment ("Joel Ensey
    /// determined that there was “insufficient evidence”", "Ruiz noted that …"): the clause is
    /// reported thought or speech, whatever the verb.
    private func thatClause(_ ps: [Piece], _ p: Int, sentence: Range<Int>, first: Int) -> Attribution? {
        guard let that = (sentence.lowerBound..<first).last(where: { ps[$0].kind == .word && ps[$0].lower == "that" }),
              that > sentence.lowerBound, first - that <= 16 else { return nil }
        let verb = that - 1
        let w = ps[verb]
        guard w.kind == .word, !w.capitalized, w.lower.hasSuffix("ed"), !FragmentCues.notBeforeVerb.contains(verb > 0 ? ps[verb - 1].lower : ""),
              !ps[(that + 1)..<first].contains(where: { $0.kind == .word && FragmentCues.clauseOpeners.contains($0.lower) || $0.kind == .punct && $0.text == ";" }),
              var a = namedSubject(ps, p, verb: verb, lowerBound: sentence.lowerBound) else { return nil }
        a.confidence = min(a.confidence, 0.6)
        return a
    }

    /// The speaker named right before `verb`, over adverbs and auxiliaries ("Pedro Sánchez
    /// earlier said", "Macron has praised").
    private func namedSubject(_ ps: [Piece], _ p: Int, verb: Int, lowerBound: Int) -> Attribution? {
        var w = verb - 1
        var steps = 0
        while w >= lowerBound, steps < 3, ps[w].kind == .word, !ps[w].capitalized,
              ps[w].lower.hasSuffix("ly") || FragmentCues.adverbials.contains(ps[w].lower) {
            w -= 1
            steps += 1
        }
        guard w >= lowerBound, let m = mentions[p].first(where: { $0.pieces.upperBound - 1 == w && !$0.inParens }) else { return nil }
        guard m.kind == .organization || m.isNamedPerson || m.titled else { return nil }
        return speakerAttribution(m, cue: Range(total: m.range.lowerBound, ps[verb].range.upperBound), confidence: 0.7)
    }

    /// Whether the first words of `r`, before a named person, hold a plural noun for people or a
    /// crowd ("Thousands of protesters", "Some Yes voters", "the enraged crowd", "The source").
    private func unnamedGroupSubject(_ ps: [Piece], _ p: Int, _ r: Range<Int>) -> Bool {
        let named = mentions[p].first { r.contains($0.pieces.lowerBound) && $0.isNamedPerson && !$0.possessive }?.pieces.lowerBound ?? r.upperBound
        for k in r.lowerBound..<min(named, r.lowerBound + 10) where ps[k].kind == .word && !ps[k].capitalized {
            let w = ps[k].lower
            if AttributionContext.groupNouns.contains(w) || FragmentCues.crowdNouns.contains(w) { return true }
            if w.hasSuffix("s"), w.count > 3, Lexicon.personNouns.contains(String(w.dropLast())) { return true }
        }
        return false
    }
}

/// Function words the fragment sieve reads cues by.
enum FragmentCues {
    /// Words before a verb form that make it a noun or a passive ("the call", "was described").
    static let notBeforeVerb: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your",
        "be", "been", "being", "was", "were", "is", "are", "am",
    ]
    /// Words that open a subordinate clause: a verb before one does not govern a quote after it.
    static let clauseOpeners: Set<String> = ["after", "before", "when", "while", "because", "although", "though", "since", "until", "unless", "whereas"]
    /// Adverbs and auxiliaries between a subject and its verb.
    static let adverbials: Set<String> = ["also", "earlier", "later", "previously", "then", "again", "once", "has", "have", "had", "would", "will", "did", "does", "not", "never"]
    /// Collective nouns for an unnamed crowd.
    static let crowdNouns: Set<String> = ["crowd", "crowds", "mob", "audience", "families", "relatives", "source", "sources"]
}

/// Verbs that frame a quoted phrase as someone's words without introducing a statement
/// ("branded him a ‘liar’", "praised the “impossible” achievement", "chanting “murderers”"),
/// generated from WordNet by `Scripts/make-framing-verbs.py`.
enum FramingVerbs {
    static let forms: Set<String> = Lexicon.lines(FramingVerbData.forms)
}
