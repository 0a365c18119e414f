import RefrainParallel
import RefrainSketch
/// One member of a cluster.
public struct ClusterMember: Sendable, Hashable {
    /// Unit index.
    public var unit: Int
    /// Whether this member is the cluster's representative.
    public var isRepresentative: Bool
    /// Similarity to the representative (1 for the representative itself), by ``match``.
    /// Members joined through a chain of matches may fall below the threshold here.
    public var similarity: Double
    /// The measure ``similarity`` is.
    public var match: MatchKind
    /// A short excerpt of the unit's text: its first ``DedupeOptions/excerptCharacters``
    /// characters, whitespace collapsed, "…" when cut.
    public var excerpt: String
    /// The exact text of the unit's first `text.utf8.count` bytes: the whole unit at paragraph
    /// level; at document level the bytes the excerpt shows (the whole document when it is short).
    public var text: String

    /// Creates a member.
    public init(unit: Int, isRepresentative: Bool, similarity: Double, match: MatchKind, excerpt: String, text: String = "") {
        self.unit = unit
        self.isRepresentative = isRepresentative
        self.similarity = similarity
        self.match = match
        self.excerpt = excerpt
        self.text = text
    }
}

/// A group of near-duplicate units: a connected component of verified pairs.
public struct DedupeCluster: Sendable, Hashable {
    /// Position in the run's cluster list (clusters are ordered by their first member).
    public var id: Int
    /// Unit index of the representative (``KeepRule``).
    public var representative: Int
    /// Members in unit order (document read order, then byte offset), representative included.
    public var members: [ClusterMember]

    /// Creates a cluster.
    public init(id: Int, representative: Int, members: [ClusterMember]) {
        self.id = id
        self.representative = representative
        self.members = members
    }
}

/// Stage 4: verified pairs → clusters, by union-find, each with a representative chosen by a
/// ``KeepRule``.
///
/// Clusters are the connected components with at least two members, ordered by their smallest
/// unit index; members are in unit order. Neither depends on the order of the input pairs.
/// A pure function of its inputs.
package struct ClusterStage: Sendable {
    /// The representative rule.
    public let keep: KeepRule

    /// A stage.
    public init(keep: KeepRule) { self.keep = keep }

    /// Whether unit `x` is preferred over unit `y` as representative.
    public func prefers(_ x: Int, over y: Int, units: [DedupeUnit], documents: [DocumentRecord]) -> Bool {
        let ux = units[x], uy = units[y]
        let dx = documents[ux.document], dy = documents[uy.document]
        func dateOrder() -> Bool? {
            switch (dx.date, dy.date) {
            case let (a?, b?) where a != b: return a < b
            case (_?, nil): return true
            case (nil, _?): return false
            default: return nil
            }
        }
        func lengthOrder() -> Bool? { ux.length != uy.length ? ux.length > uy.length : nil }
        func idOrder() -> Bool? { dx.id != dy.id ? dx.id < dy.id : nil }
        switch keep {
        case .first:
            return x < y
        case .earliest:
            return dateOrder() ?? lengthOrder() ?? idOrder() ?? (x < y)
        case .longest:
            return lengthOrder() ?? dateOrder() ?? idOrder() ?? (x < y)
        }
    }

    /// Clusters of `units` joined by `groups` (sets of identical units) and `pairs`. Each member's
    /// similarity to its representative comes from `measure(representative, others)`, which
    /// returns one value per other member and is called concurrently for different clusters.
    public func run(
        units: [DedupeUnit], documents: [DocumentRecord], groups: [[Int]], pairs: [VerifiedPair], threads: Int = 1,
        measure: (_ representative: Int, _ others: [Int]) -> [(MatchKind, Double)]
    ) -> [DedupeCluster] {
        var uf = UnionFind(count: units.count)
        for g in groups { for m in g.dropFirst() { uf.union(g[0], m) } }
        for p in pairs { uf.union(p.a, p.b) }
        let sets = uf.sets(minimumSize: 2)
        return Parallel.map(count: sets.count, threads: threads) { id, _ -> DedupeCluster in
            let members = sets[id]
            var rep = members[0]
            for m in members.dropFirst() where prefers(m, over: rep, units: units, documents: documents) { rep = m }
            let others = members.filter { $0 != rep }
            var measured = measure(rep, others).makeIterator()
            let list = members.map { m -> ClusterMember in
                if m == rep { return ClusterMember(unit: m, isRepresentative: true, similarity: 1, match: .jaccard, excerpt: "") }
                let (kind, value) = measured.next()!
                return ClusterMember(unit: m, isRepresentative: false, similarity: value, match: kind, excerpt: "")
            }
            return DedupeCluster(id: id, representative: rep, members: list)
        }
    }
}
