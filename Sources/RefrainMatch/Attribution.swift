/// Who a quote is attributed to, how that was decided, and how sure it is.
public struct Attribution: Sendable, Hashable, Codable {
    /// How the speaker was found.
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Named in the gap of a split quote (`"…," said X. "…"`).
        case splitGap = "split-gap"
        /// Named right after the quote (`"…," X said` / `"…," said X`).
        case afterQuote = "after-quote"
        /// Subject of a speech verb before the quote in the same sentence (`X told AFP that "…"`).
        case beforeQuote = "before-quote"
        /// `according to X`.
        case accordingTo = "according-to"
        /// A pronoun (`he said`) resolved to the nearest named person.
        case pronoun
        /// A role noun (`the minister said`) resolved to the person named earlier with that role.
        case role
        /// A quote that makes up its own paragraph, continuing the speaker of the paragraph before.
        case continuation
    }

    /// What sort of speaker it is.
    public enum SpeakerKind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A named person.
        case person
        /// An organization, outlet or channel (AFP, NATO, "Reverse Side of the Medal").
        case organization
        /// A country or city standing for its government ("Russia has dismissed …").
        case place
    }

    /// The speaker's name as the document gives it in full ("Dmitry Peskov" even where the
    /// attribution reads "Peskov said", when the document named him in full earlier).
    public var speaker: String
    /// The identity key: case-folded name parts, sorted, so that "Lim Eul-chul" and
    /// "Eul-Chul Lim" agree (see ``SpeakerIdentity``).
    public var key: String
    /// What sort of speaker it is.
    public var kind: SpeakerKind
    /// How the speaker was found.
    public var method: Method
    /// How likely the attribution is right, in [0, 1] (a fixed prior per method, lowered when
    /// the cue is far from the quote or the name had to be resolved).
    public var confidence: Double
    /// Byte range of the cue in the text ("Kim added", "said Lt. Col. Charlie Dietz", "he said").
    public var cue: Range<Int>
    /// The speaker's role as the document gives it with the name, canonical ("spokesperson"
    /// for "Kremlin spokesman Dmitry Peskov", "chairman" for "G20 chair Maria Lopez"), if any.
    public var role: String?
    /// The organisation or country the document names with the speaker ("Kremlin", "G20",
    /// "Norway"), if any: parsed apart from the name, never part of it or of the key.
    public var affiliation: String?

    /// Creates an attribution.
    public init(speaker: String, key: String, kind: SpeakerKind, method: Method, confidence: Double, cue: Range<Int>,
                role: String? = nil, affiliation: String? = nil) {
        self.role = role
        self.affiliation = affiliation
        self.speaker = speaker
        self.key = key
        self.kind = kind
        self.method = method
        self.confidence = confidence
        self.cue = cue
    }
}
