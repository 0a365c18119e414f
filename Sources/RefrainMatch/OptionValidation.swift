/// An option of a quote search or clustering run that is out of range.
public struct MatchOptionError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What is wrong, naming the option as the CLI spells it (`--min-score must be in [0, 1]`).
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

extension FindOptions {
    /// Checks the ranges the search needs.
    /// - Throws: ``MatchOptionError`` naming the first option out of range.
    public func validate() throws(MatchOptionError) {
        if !(0...1).contains(minScore) { throw MatchOptionError("--min-score must be in [0, 1]") }
        if limit < 0 { throw MatchOptionError("--limit must be 0 (all) or more") }
        if maxCandidates < 1 { throw MatchOptionError("--candidates must be positive") }
        if threads < 1 { throw MatchOptionError("--threads must be at least 1") }
    }
}

extension ClusterOptions {
    /// Checks the ranges clustering needs.
    /// - Throws: ``MatchOptionError`` naming the first option out of range.
    public func validate() throws(MatchOptionError) {
        if !(minSimilarity > 0 && minSimilarity <= 1) { throw MatchOptionError("--min-similarity must be in (0, 1]") }
        if !(linkSimilarity > 0 && linkSimilarity <= 1) { throw MatchOptionError("--link-similarity must be in (0, 1]") }
        if !(unmarkedMinCoverage > 0 && unmarkedMinCoverage <= 1) { throw MatchOptionError("--unmarked-coverage must be in (0, 1]") }
        if !(unmarkedMinSimilarity > 0 && unmarkedMinSimilarity <= 1) { throw MatchOptionError("--unmarked-similarity must be in (0, 1]") }
        if threads < 1 { throw MatchOptionError("--threads must be at least 1") }
    }
}
