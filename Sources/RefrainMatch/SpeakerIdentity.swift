import Foundation

/// Speaker names as identities that agree across outlets: one key per person whatever the
/// titles, initials, affiliation, name order, accents and particles an outlet writes.
///
/// The key of a person's name is its parts, case- and accent-folded, split at spaces and
/// hyphens, with periods and a possessive removed, sorted: "Kim Yong-hyun" and "Kim Yong-Hyun"
/// both become `"hyun kim yong"`, and "Lim Eul-chul" and "Eul-Chul Lim" both become
/// `"chul eul lim"` (Korean and Western name orders agree). Before sorting, the key drops what
/// is not the name: an affiliation after "of" ("Tiare Lawrence of Na Aikane o Maui"), titles
/// and role or common words in front ("District Judge Lewis Kaplan", "Rear Adm. John Mauger"),
/// particles ("al", "de", "van") and single-letter initials ("Amit P. Mehta"), so long as a
/// part is left. "Pedro Sánchez" and "Pedro Sanchez" agree. A surname alone ("Peskov") is
/// matched to a full name by ``SpeakerDirectory``. Organisations and governments have keys of
/// their own (``organisationKey(_:)``), never equal to a person's (see ``SpeakerDirectory``).
public enum SpeakerIdentity {
    /// The identity key of `name`, a person's name.
    public static func key(_ name: String) -> String {
        nameParts(name).sorted().joined(separator: " ")
    }

    /// The parts of a person's name that make its key, in order (see ``key(_:)``).
    public static func nameParts(_ name: String) -> [String] {
        var p = parts(accentFolded(name))
        // "Food and Drug Administration and CDC", "Vance and Ukrainian": not one person's name.
        if p.contains("and") || p.contains("&") { return p }
        // "X Y of Z": Z is an affiliation (two parts of name at least before "of").
        if let k = p.firstIndex(of: "of"), k >= 2 { p.removeSubrange(k...) }
        // Titles before the name, with the common words that qualify them ("district judge",
        // "national assembly speaker", "organization director general"): up to the last title
        // word of a run of titles and common words; a first name ends the run.
        var cut = 0
        for i in 0..<max(0, p.count - 1) {
            let w = p[i]
            if Lexicon.maleFirstNames.contains(w) || Lexicon.femaleFirstNames.contains(w) { break }
            if isTitle(w) { cut = i + 1 } else if !Lexicon.commonWords.contains(w) { break }
        }
        p.removeFirst(cut)
        // Initials: consecutive letters are one part ("J.D." = "JD"), dropped when two other parts
        // remain ("Amit P. Mehta", "Donald J. Trump"), kept otherwise ("J.D. Vance").
        var joined: [String] = []
        var initials = Set<Int>()
        for w in p {
            if w.count == 1, let last = joined.last, initials.contains(joined.count - 1) {
                joined[joined.count - 1] = last + w
            } else {
                if w.count == 1 { initials.insert(joined.count) }
                joined.append(w)
            }
        }
        let words = joined.indices.filter { !initials.contains($0) && !particles.contains(joined[$0]) }
        let kept = words.count >= 2 ? words : joined.indices.filter { !particles.contains(joined[$0]) }
        let name = kept.map { joined[$0] }
        return name.isEmpty ? p : name
    }

    /// Whether a lower-case word before a name is a title or role ("judge", "adm", "speaker", "negotiator").
    static func isTitle(_ w: String) -> Bool {
        !connectors.contains(w) && (Lexicon.titleWords.contains(w) || Lexicon.roles[w] != nil || Lexicon.personNouns.contains(w))
    }

    /// Words inside a title ("Secretary of State") that are no title themselves.
    static let connectors: Set<String> = ["of", "the", "for", "and"]

    /// Name particles, left out of keys (as in "Omar al-Hassan" / "Hassan").
    static let particles: Set<String> = ["al", "el", "bin", "ibn", "van", "von", "der", "den", "de", "la", "le", "da", "du", "di", "del", "dos", "y"]

    /// Generational suffixes: "Donald Trump Jr." is not "Donald Trump".
    static let generational: Set<String> = ["jr", "sr", "ii", "iii", "iv"]

    /// `s` without diacritics ("Sánchez" → "Sanchez").
    static func accentFolded(_ s: String) -> String {
        s.unicodeScalars.allSatisfy(\.isASCII) ? s : s.folding(options: [.diacriticInsensitive], locale: nil)
    }

    /// The identity key of an organisation or government: its key, with a seat of government
    /// or a capital standing for its state ("the Kremlin" and "Moscow" for Russia, "the White
    /// House" and "Washington" for the United States): the metonymies news uses for governments.
    public static func organisationKey(_ name: String) -> String {
        var parts = SpeakerIdentity.parts(accentFolded(name))
        if parts.first == "the" { parts.removeFirst() }
        let joined = parts.joined(separator: " ")
        return governmentSeats[joined] ?? parts.sorted().joined(separator: " ")
    }

    /// The identity of a speaker as ``SpeakerDirectory`` keys it: a person's ``key(_:)``, or for
    /// an organisation or place `"org:"` and its ``organisationKey(_:)``, so that an
    /// organisation never shares a key with a person.
    public static func identity(_ name: String, organisation: Bool) -> String {
        organisation ? organisationPrefix + organisationKey(name) : key(name)
    }

    /// The prefix of an organisation's identity.
    public static let organisationPrefix = "org:"

    static let governmentSeats: [String: String] = [
        "kremlin": "russia", "moscow": "russia", "russian government": "russia", "white house": "states united",
        "washington": "states united", "us": "states united", "u s": "states united", "usa": "states united",
        "united states": "states united", "downing street": "kingdom united", "london": "kingdom united", "uk": "kingdom united",
        "u k": "kingdom united", "britain": "kingdom united", "united kingdom": "kingdom united", "elysee": "france", "paris": "france",
        "zhongnanhai": "china", "beijing": "china", "kyiv": "ukraine", "kiev": "ukraine", "seoul": "korea south",
        "pyongyang": "korea north", "berlin": "germany", "tokyo": "japan", "tehran": "iran", "ankara": "turkey",
    ]

    /// The case-folded parts of `name`, in order.
    public static func parts(_ name: String) -> [String] {
        var folded = PieceScanner.fold(name)
        if folded.hasSuffix("'s") { folded.removeLast(2) }
        let separators: Set<Character> = [" ", ".", "-", "\u{2010}", "\u{2011}", "\n", "\t"]
        let pieces: [Substring] = folded.split(whereSeparator: { separators.contains($0) })
        return pieces.map { String($0) }
    }
}

/// Unifies speaker identities across documents: the same key is one speaker; a name whose
/// parts are all among those of exactly one fuller identity joins it ("Peskov" and "Dmitry
/// Peskov", "Tedros Ghebreyesus" and "Tedros Adhanom Ghebreyesus"; "Kim" stays apart when the
/// corpus has two Kims; "Donald Trump" never joins "Donald Trump Jr."); two multi-part names
/// that differ in one part by a single letter ("Zelensky" / "Zelenskyy") with all other parts
/// equal are one speaker. Organisations are keyed apart from people (``SpeakerIdentity/identity(_:organisation:)``),
/// except that an organisation's name that is a title or body before a person's full name
/// ("National Assembly Speaker Woo Won Shik", misread as an organisation) is that person.
///
/// Build it from every attribution of a corpus, in document order, then ask
/// ``canonicalKey(_:)`` for each. Deterministic: identities do not depend on insertion order;
/// display names use it only to break ties (see ``displayName(_:)``).
public struct SpeakerDirectory: Sendable {
    private var names: [String: [String: Int]] = [:]   // key -> display form -> count
    private var firstSeen: [String: Int] = [:]         // display form -> order of first add
    private var resolved: [String: String] = [:]

    /// An empty directory.
    public init() {}

    /// Records one attribution's speaker display name (an organisation's or place's when
    /// `organisation`).
    public mutating func add(_ display: String, organisation: Bool = false) {
        names[SpeakerIdentity.identity(display, organisation: organisation), default: [:]][display, default: 0] += 1
        if firstSeen[display] == nil { firstSeen[display] = firstSeen.count }
        resolved.removeAll()
    }

    /// Computes the unification; call after the last ``add(_:organisation:)`` (queries call it lazily otherwise).
    public mutating func build() {
        resolved.removeAll()
        let keys = names.keys.sorted()
        let people = keys.filter { !$0.hasPrefix(SpeakerIdentity.organisationPrefix) }
        let multi = people.filter { $0.contains(" ") }
        // Near-identical multi-part names: union them onto the most frequent (then smallest) key.
        var parent: [String: String] = [:]
        func find(_ k: String) -> String {
            var k = k
            while let p = parent[k], p != k { k = p }
            return k
        }
        func weight(_ k: String) -> Int { names[k]?.values.reduce(0, +) ?? 0 }
        let partsOf = Dictionary(uniqueKeysWithValues: people.map { ($0, $0.split(separator: " ").map(String.init)) })
        for (i, a) in multi.enumerated() {
            let pa = partsOf[a] ?? []
            for b in multi[(i + 1)...] {
                let pb = partsOf[b] ?? []
                guard pa.count == pb.count else { continue }
                var differing = 0
                var close = true
                for (x, y) in zip(pa, pb) where x != y {
                    differing += 1
                    if min(x.count, y.count) < 4 || SpeakerDirectory.editDistance(Array(x.utf8), Array(y.utf8)) > 1 { close = false }
                }
                if differing == 1 && close {
                    let ra = find(a), rb = find(b)
                    if ra != rb {
                        let keep = (weight(ra), rb) > (weight(rb), ra) ? ra : rb
                        parent[ra] = keep
                        parent[rb] = keep
                    }
                }
            }
        }
        // A name joins the one identity (of more parts) holding all its parts, when there is
        // exactly one; a generational suffix the name lacks keeps them apart.
        let sets = partsOf.mapValues(Set.init)
        var byPart: [String: [String]] = [:]   // part -> multi-part keys holding it
        for k in multi { for p in sets[k] ?? [] { byPart[p, default: []].append(k) } }
        for k in people {
            guard let mine = sets[k] else { continue }
            // Candidates: the keys holding the name's rarest part.
            let rarest = mine.min { (byPart[$0]?.count ?? 0, $0) < (byPart[$1]?.count ?? 0, $1) }
            let candidates = rarest.flatMap { byPart[$0] } ?? []
            let owners = Set(candidates.filter { other in
                // "Vance and Ukrainian": a misread pair of speakers owns no one.
                guard other != k, let theirs = sets[other], theirs.count > mine.count, mine.isSubset(of: theirs),
                      !theirs.contains("and") else { return false }
                return theirs.subtracting(mine).isDisjoint(with: SpeakerIdentity.generational)
            }.map(find))
            // Only the fullest: an owner that is itself part of another owner does not count twice.
            let maximal = owners.filter { o in !owners.contains { $0 != o && (sets[o] ?? []).isSubset(of: sets[$0] ?? []) } }
            if maximal.count == 1, let only = maximal.first { resolved[k] = only } else { resolved[k] = find(k) }
        }
        // Chains ("Peskov" → "Dmitry Peskov" → its near-identical root) end at a fixed point.
        for k in people {
            var r = resolved[k] ?? k
            var steps = 0
            while let next = resolved[r], next != r, steps < 8 { r = next; steps += 1 }
            resolved[k] = r
        }
        // An organisation named by a title before a person's full name is that person.
        for k in keys where k.hasPrefix(SpeakerIdentity.organisationPrefix) {
            resolved[k] = k
            guard let display = names[k]?.keys.sorted().first else { continue }
            let person = SpeakerIdentity.key(display)
            if person.contains(" "), names[person] != nil, let r = resolved[person] { resolved[k] = r }
        }
    }

    /// The unified key for `key` (itself when nothing unifies it).
    public mutating func canonicalKey(_ key: String) -> String {
        if resolved.isEmpty && !names.isEmpty { build() }
        return resolved[key] ?? key
    }

    /// The display name of a speaker (a canonical key): the spelling of a full name (more
    /// than one part; a person's before an organisation's, one without title or affiliation
    /// before one with) used most often across the corpus, ties going to the spelling added
    /// first, which is the earliest document when attributions are added in document order
    /// ("Lim Eul-chul" in 001 and "Eul-Chul Lim" in 003, once each: "Lim Eul-chul"). A speaker
    /// never named in full keeps its short spelling ("Peskov"). The same for every cluster of
    /// that speaker.
    public mutating func displayName(_ canonical: String) -> String {
        if resolved.isEmpty && !names.isEmpty { build() }
        return Self.best(names.filter { (resolved[$0.key] ?? $0.key) == canonical }, firstSeen: firstSeen) ?? canonical
    }

    /// ``displayName(_:)`` of every speaker, by canonical key, in one pass over the directory.
    public mutating func displayNames() -> [String: String] {
        if resolved.isEmpty && !names.isEmpty { build() }
        var groups: [String: [String: [String: Int]]] = [:]
        for (k, forms) in names { groups[resolved[k] ?? k, default: [:]][k] = forms }
        return groups.compactMapValues { Self.best($0, firstSeen: firstSeen) }
    }

    /// The display spelling among the keys `group` (key -> form -> count) of one speaker.
    private static func best(_ group: [String: [String: Int]], firstSeen: [String: Int]) -> String? {
        // form -> (count, named as a person, no title or affiliation around the name)
        var counts: [String: (n: Int, person: Bool, clean: Bool)] = [:]
        for (k, forms) in group {
            let person = !k.hasPrefix(SpeakerIdentity.organisationPrefix)
            for (form, n) in forms {
                let old = counts[form] ?? (0, person, SpeakerIdentity.nameParts(form).count == SpeakerIdentity.parts(SpeakerIdentity.accentFolded(form)).count)
                counts[form] = (old.n + n, old.person || person, old.clean)
            }
        }
        func full(_ form: String) -> Bool { form.contains(" ") || form.contains("-") }
        return counts.max { a, b in
            if a.value.person != b.value.person { return !a.value.person }
            if full(a.key) != full(b.key) { return !full(a.key) }
            if a.value.clean != b.value.clean { return !a.value.clean }
            if a.value.n != b.value.n { return a.value.n < b.value.n }
            return firstSeen[a.key, default: .max] > firstSeen[b.key, default: .max]
        }?.key
    }

    /// Every spelling recorded for the speaker `canonical`, sorted.
    public mutating func spellings(_ canonical: String) -> [String] {
        if resolved.isEmpty && !names.isEmpty { build() }
        var out = Set<String>()
        for (k, forms) in names where (resolved[k] ?? k) == canonical { out.formUnion(forms.keys) }
        return out.sorted()
    }

    /// Every speaker's spellings, sorted, by canonical key (one pass over the directory).
    public mutating func allSpellings() -> [String: [String]] {
        if resolved.isEmpty && !names.isEmpty { build() }
        var out: [String: Set<String>] = [:]
        for (k, forms) in names { out[resolved[k] ?? k, default: []].formUnion(forms.keys) }
        return out.mapValues { $0.sorted() }
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
