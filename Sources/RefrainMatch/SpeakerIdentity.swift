/// Speaker names as identities that agree across outlets.
///
/// The key of a name is its parts, case-folded, split at spaces and hyphens, with periods and
/// a possessive removed, sorted: "Kim Yong-hyun" and "Kim Yong-Hyun" both become
/// `"hyun kim yong"`, and "Lim Eul-chul" and "Eul-Chul Lim" both become `"chul eul lim"`
/// (Korean and Western name orders agree). A surname alone ("Peskov") is matched to a full
/// name by ``SpeakerDirectory``.
public enum SpeakerIdentity {
    /// The identity key of `name`.
    public static func key(_ name: String) -> String {
        parts(name).sorted().joined(separator: " ")
    }

    /// The identity key of an organisation or government: its key, with a seat of government
    /// or a capital standing for its state ("the Kremlin" and "Moscow" for Russia, "the White
    /// House" and "Washington" for the United States): the metonymies news uses for governments.
    public static func organisationKey(_ name: String) -> String {
        var parts = SpeakerIdentity.parts(name)
        if parts.first == "the" { parts.removeFirst() }
        let joined = parts.joined(separator: " ")
        return governmentSeats[joined] ?? key(parts.joined(separator: " "))
    }

    static let governmentSeats: [String: String] = [
        "kremlin": "russia", "moscow": "russia", "russian government": "russia", "white house": "states united",
        "washington": "states united", "us": "states united", "u s": "states united", "usa": "states united",
        "united states": "states united", "downing street": "kingdom united", "london": "kingdom united", "uk": "kingdom united",
        "u k": "kingdom united", "britain": "kingdom united", "united kingdom": "kingdom united", "elysee": "france", "élysée": "france", "paris": "france",
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

/// Unifies speaker identities across documents: the same key is one speaker; a one-part name
/// ("Peskov") joins the one multi-part identity that contains that part ("Dmitry Peskov")
/// when there is exactly one; two multi-part names that differ in one part by a single
/// letter ("Zelensky" / "Zelenskyy") with all other parts equal are one speaker.
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

    /// Records one attribution's speaker display name.
    public mutating func add(_ display: String) {
        names[SpeakerIdentity.key(display), default: [:]][display, default: 0] += 1
        if firstSeen[display] == nil { firstSeen[display] = firstSeen.count }
        resolved.removeAll()
    }

    /// Computes the unification; call after the last ``add(_:)`` (queries call it lazily otherwise).
    public mutating func build() {
        resolved.removeAll()
        let keys = names.keys.sorted()
        let multi = keys.filter { $0.contains(" ") }
        // Near-identical multi-part names: union them onto the most frequent (then smallest) key.
        var parent: [String: String] = [:]
        func find(_ k: String) -> String {
            var k = k
            while let p = parent[k], p != k { k = p }
            return k
        }
        func weight(_ k: String) -> Int { names[k]?.values.reduce(0, +) ?? 0 }
        for (i, a) in multi.enumerated() {
            let pa = a.split(separator: " ")
            for b in multi[(i + 1)...] {
                let pb = b.split(separator: " ")
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
        for k in multi { resolved[k] = find(k) }
        // One-part names join the unique multi-part identity that contains the part.
        for k in keys where !k.contains(" ") {
            let owners = Set(multi.filter { $0.split(separator: " ").contains(Substring(k)) }.map(find))
            resolved[k] = owners.count == 1 ? owners.first! : k
        }
    }

    /// The unified key for `key` (itself when nothing unifies it).
    public mutating func canonicalKey(_ key: String) -> String {
        if resolved.isEmpty && !names.isEmpty { build() }
        return resolved[key] ?? key
    }

    /// The display name of a speaker (a canonical key): the spelling of a full name (more
    /// than one part) used most often across the corpus, ties going to the spelling added
    /// first, which is the earliest document when attributions are added in document order
    /// ("Lim Eul-chul" in 001 and "Eul-Chul Lim" in 003, once each: "Lim Eul-chul"). A speaker
    /// never named in full keeps its short spelling ("Peskov"). The same for every cluster of
    /// that speaker.
    public mutating func displayName(_ canonical: String) -> String {
        if resolved.isEmpty && !names.isEmpty { build() }
        var counts: [String: Int] = [:]
        for (k, forms) in names where (resolved[k] ?? k) == canonical {
            for (form, n) in forms { counts[form, default: 0] += n }
        }
        func full(_ form: String) -> Bool { form.contains(" ") || form.contains("-") }
        let best = counts.max { a, b in
            if full(a.key) != full(b.key) { return !full(a.key) }
            if a.value != b.value { return a.value < b.value }
            return firstSeen[a.key, default: .max] > firstSeen[b.key, default: .max]
        }
        return best?.key ?? canonical
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
