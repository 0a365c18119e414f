/// Statements printed without quotation marks that the text still marks as quotations by an
/// explicit cue (``Quote/isUnmarked``):
/// - **introduced**: a paragraph that ends with a colon and announces words ("… released the
///   following statement:", "… is on CNBC saying:", "Here is what the mayor said:") opens a
///   block; each following paragraph belongs to it until one opens with a quotation mark, reads
///   as a headline or signature ("Shawn Fain, UAW President"), introduces another block, or
///   ends with a stray closing mark (the statement's own, the writer's only mark) — at most
///   ``maxBlockParagraphs``;
/// - **signed**: a paragraph followed by a dash line naming its author ("— Name (@handle)
///   date", "-- Chief Technology Officer Tim Crain, on …"), the form of an embedded post; a
///   dash line ending with a full stop is dialogue, not a signature.
/// Without such a cue a paragraph is the reporter's, whatever it says.
extension QuoteExtractor {
    /// Most paragraphs one introduced block takes.
    static let maxBlockParagraphs = 12

    /// The block statements of `b`; marked quotes inside one (`raw`) become nested in it.
    /// Cost: one look at the first and last byte of every paragraph; the words of a paragraph
    /// are read only next to a cue.
    func blockStatements(_ b: UnsafeBufferPointer<UInt8>, _ paragraphs: [Range<Int>], nesting raw: inout [Raw]) -> [Raw] {
        var out: [Raw] = []
        var pi = 0
        while pi < paragraphs.count {
            let p = paragraphs[pi]
            if lastScalar(b, p) == 0x3A, introducesStatement(b, p) {
                var j = pi + 1
                while j < paragraphs.count && j - pi <= QuoteExtractor.maxBlockParagraphs {
                    guard let (segment, closes) = blockParagraph(b, paragraphs[j], raw) else { break }
                    out.append(block(segment, paragraphs[j], paragraph: j, nesting: &raw))
                    j += 1
                    if closes { break }
                }
                pi = max(j, pi + 1)
                continue
            }
            if pi > 0, isSignatureLine(b, p), out.last?.paragraph != pi - 1,
               let (segment, _) = blockParagraph(b, paragraphs[pi - 1], raw),
               !raw.contains(where: { $0.markedRange.overlaps(paragraphs[pi - 1]) }) {
                out.append(block(segment, paragraphs[pi - 1], paragraph: pi - 1, nesting: &raw))
            }
            pi += 1
        }
        return out
    }

    private func block(_ segment: Range<Int>, _ p: Range<Int>, paragraph: Int, nesting raw: inout [Raw]) -> Raw {
        for k in raw.indices where p.contains(raw[k].markedRange.lowerBound) { raw[k].depth += 1 }
        return Raw(segments: [segment], markedRange: p, family: .double, depth: 0, paragraph: paragraph, lastParagraph: paragraph,
                   terminated: true, repaired: false, unmarked: true)
    }

    /// The statement's bytes in paragraph `p`, and whether a stray closing mark ends it there;
    /// `nil` when `p` cannot be part of a block: a marked quote opens it, it reads as a
    /// headline or signature, or it introduces a block itself.
    private func blockParagraph(_ b: UnsafeBufferPointer<UInt8>, _ p: Range<Int>, _ raw: [Raw]) -> (Range<Int>, Bool)? {
        guard !p.isEmpty, lastScalar(b, p) != 0x3A else { return nil }
        let (s, _) = Scalars.decode(b, p.lowerBound)
        if QuoteMark.of(s) != nil || s == 0x2014 || s == 0x2013 || s == 0x2015 || s == 0x2D { return nil }
        if raw.contains(where: { $0.depth == 0 && $0.markedRange.lowerBound <= p.lowerBound && $0.markedRange.upperBound > p.lowerBound }) { return nil }
        let pieces = PieceScanner.scan(b, p)
        let words = pieces.filter(\.isWord)
        guard words.count >= 2, !MentionFinder.isHeadlineOrCaption(pieces) else { return nil }
        // A stray closing mark at the end, no quote open for it: the statement's last mark.
        var end = p.upperBound
        var closes = false
        let last = Scalars.previousStart(b, end, lowerBound: p.lowerBound)
        let (c, _) = Scalars.decode(b, last)
        if let m = QuoteMark.of(c), m.shape != .opening, m.family == .double,
           !raw.contains(where: { $0.markedRange.upperBound == end && $0.markedRange.lowerBound >= p.lowerBound }) {
            end = last
            closes = true
        }
        let segment = Scalars.trimmed(b, Range(total: p.lowerBound, end))
        guard Scalars.hasWordCharacter(b, segment) else { return nil }
        return (segment, closes)
    }

    /// Whether paragraph `p` (ending with a colon) announces words: its last sentence holds a
    /// speech verb or a word for a text ("statement", "post"), or "following".
    private func introducesStatement(_ b: UnsafeBufferPointer<UInt8>, _ p: Range<Int>) -> Bool {
        let pieces = PieceScanner.scan(b, p)
        var k = pieces.count - 1
        while k > 0 && !pieces[k - 1].endsSentence { k -= 1 }
        return pieces[max(0, k)...].contains { w in
            w.isWord && (Lexicon.speechVerbs.contains(w.lower) || AttributionContext.textNouns.contains(w.lower) || w.lower == "following")
        }
    }

    /// A dash line that signs the paragraph above: a dash, then a capital, at most 40 words,
    /// not ending a sentence.
    func isSignatureLine(_ b: UnsafeBufferPointer<UInt8>, _ p: Range<Int>) -> Bool {
        guard !p.isEmpty else { return false }
        var i = p.lowerBound
        let (s, len) = Scalars.decode(b, i)
        if s == 0x2014 || s == 0x2013 || s == 0x2015 {
            i += len
        } else if s == 0x2D, i + 1 < p.upperBound, b[i + 1] == 0x2D {
            i += 2
        } else {
            return false
        }
        while i < p.upperBound && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        guard i < p.upperBound, Scalars.isUppercase(Scalars.decode(b, i).0) else { return false }
        // A line of dialogue ("— We will win, — he said.") ends with its punctuation; a
        // signature ends with a name, a handle or a date.
        let last = lastScalar(b, p)
        if last == 0x2E || last == 0x21 || last == 0x3F || last == 0x2026 || QuoteMark.of(last) != nil { return false }
        return Scalars.wordCount(b, p) <= 40
    }

    private func lastScalar(_ b: UnsafeBufferPointer<UInt8>, _ p: Range<Int>) -> UInt32 {
        guard !p.isEmpty else { return 0 }
        return Scalars.decode(b, Scalars.previousStart(b, p.upperBound, lowerBound: p.lowerBound)).0
    }
}
