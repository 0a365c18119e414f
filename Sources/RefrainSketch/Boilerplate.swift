import RefrainText

/// A line detected as boilerplate (site chrome), as listed in the report.
public struct BoilerplateLine: Sendable, Hashable, Codable {
    /// The line as first seen, trimmed (at most 200 bytes, cut at a character boundary).
    public var text: String
    /// The `source` of the documents it was counted in (`nil`: documents without a source).
    public var source: String?
    /// Documents of that source containing the line.
    public var documents: Int
    /// Occurrences in all of them.
    public var occurrences: Int
    /// Most occurrences in a single document.
    public var maxRepeats: Int

    /// Creates a line.
    public init(text: String, source: String?, documents: Int, occurrences: Int, maxRepeats: Int) {
        self.text = text
        self.source = source
        self.documents = documents
        self.occurrences = occurrences
        self.maxRepeats = maxRepeats
    }
}

/// Lines of text identified by a light normalization: surrounding whitespace trimmed, inner runs
/// of whitespace collapsed to one space, ASCII letters lower-cased. Lines without a letter or
/// digit are never keys (they hold no tokens anyway).
public enum LineKeys {
    /// Calls `body(range, key)` for each line of `bytes` that has a key, in order.
    /// `range` excludes the line terminator. `scratch` is reused storage.
    @inlinable
    public static func forEachLine(
        _ bytes: UnsafeBufferPointer<UInt8>, scratch: inout ContiguousArray<UInt8>,
        _ body: (Range<Int>, UInt64) -> Void
    ) {
        let n = bytes.count
        var lineStart = 0
        var i = 0
        while i <= n {
            if i == n || bytes[i] == 0x0A {
                if let key = key(of: UnsafeBufferPointer(rebasing: bytes[lineStart..<i]), scratch: &scratch) {
                    body(lineStart..<i, key)
                }
                lineStart = i + 1
            }
            i += 1
        }
    }

    /// The key of one line, or nil when it has no letter or digit.
    @inlinable
    public static func key(of line: UnsafeBufferPointer<UInt8>, scratch: inout ContiguousArray<UInt8>) -> UInt64? {
        scratch.removeAll(keepingCapacity: true)
        var pendingSpace = false
        var content = false
        for b in line {
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                pendingSpace = !scratch.isEmpty
                continue
            }
            if pendingSpace {
                scratch.append(0x20)
                pendingSpace = false
            }
            if b >= 0x41 && b <= 0x5A {
                scratch.append(b | 0x20)
                content = true
            } else {
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b >= 0x80 { content = true }
                scratch.append(b)
            }
        }
        guard content else { return nil }
        return scratch.withUnsafeBufferPointer { StableHash.hash($0, seed: 0xB01E_4B1A) }
    }

    /// The key of a document's source: lines are counted per source.
    public static func sourceKey(_ source: String?) -> UInt64 {
        guard let source else { return 0 }
        return StableHash.hash(source, seed: 0x50_5C) | 1
    }

    /// A line key scoped to a source.
    @inlinable
    public static func scoped(_ line: UInt64, source: UInt64) -> UInt64 {
        source == 0 ? line : StableHash.mix(line, seed: source)
    }
}

/// The boilerplate lines of a corpus: what the signature stage leaves out of matching.
public struct BoilerplateSet: Sendable {
    /// Source-scoped line keys (``LineKeys/scoped(_:source:)``).
    public var keys: Set<UInt64>
    /// The lines, most widespread first (documents, then occurrences descending, then text, source).
    public var lines: [BoilerplateLine]

    /// Creates a set.
    public init(keys: Set<UInt64>, lines: [BoilerplateLine]) {
        self.keys = keys
        self.lines = lines
    }

    /// Whether a line with `key`, in a document whose ``LineKeys/sourceKey(_:)`` is `source`, is boilerplate.
    @inlinable
    public func contains(line key: UInt64, source: UInt64) -> Bool {
        keys.contains(LineKeys.scoped(key, source: source))
    }
}

/// Stage 0 (optional): counts lines across documents and decides which are boilerplate.
///
/// A line is boilerplate when, among the documents of one `source` (documents without a source
/// form one group), it appears in at least ``DedupeOptions/boilerplateMinDocuments`` documents, or
/// appears at least ``DedupeOptions/boilerplateMinRepeats`` times within one document. Feed every
/// document to ``add(text:source:)`` in read order (a line's display text is that of its first
/// occurrence), then call ``finish()``. Memory: one entry (about 80 bytes) per distinct line of the corpus.
public struct BoilerplateStage {
    struct Stats {
        var documents: Int
        var occurrences: Int
        var maxRepeats: Int
        var text: String
        var source: String?
    }

    let minDocuments: Int
    let minRepeats: Int
    var stats: [UInt64: Stats] = [:]
    var scratch = ContiguousArray<UInt8>()
    var perDocument: [UInt64: (count: Int, range: Range<Int>)] = [:]

    /// A stage with the thresholds of `options`.
    public init(options: DedupeOptions) {
        minDocuments = options.boilerplateMinDocuments
        minRepeats = options.boilerplateMinRepeats
    }

    /// Counts the lines of one document.
    public mutating func add(text: String, source: String?) {
        let sourceKey = LineKeys.sourceKey(source)
        var text = text
        perDocument.removeAll(keepingCapacity: true)
        text.withUTF8 { bytes in
            LineKeys.forEachLine(bytes, scratch: &scratch) { range, key in
                let scoped = LineKeys.scoped(key, source: sourceKey)
                if let seen = perDocument[scoped] {
                    perDocument[scoped] = (seen.count + 1, seen.range)
                } else {
                    perDocument[scoped] = (1, range)
                }
            }
            for (key, seen) in perDocument {
                if var s = stats[key] {
                    s.documents += 1
                    s.occurrences += seen.count
                    s.maxRepeats = max(s.maxRepeats, seen.count)
                    stats[key] = s
                } else {
                    stats[key] = Stats(
                        documents: 1, occurrences: seen.count, maxRepeats: seen.count,
                        text: BoilerplateStage.display(UnsafeBufferPointer(rebasing: bytes[seen.range])), source: source)
                }
            }
        }
    }

    /// The boilerplate lines found.
    public func finish() -> BoilerplateSet {
        var keys = Set<UInt64>()
        var lines: [BoilerplateLine] = []
        for (key, s) in stats where s.documents >= minDocuments || (minRepeats > 0 && s.maxRepeats >= minRepeats) {
            keys.insert(key)
            lines.append(BoilerplateLine(text: s.text, source: s.source, documents: s.documents, occurrences: s.occurrences, maxRepeats: s.maxRepeats))
        }
        lines.sort {
            if $0.documents != $1.documents { return $0.documents > $1.documents }
            if $0.occurrences != $1.occurrences { return $0.occurrences > $1.occurrences }
            if $0.text != $1.text { return $0.text < $1.text }
            return ($0.source ?? "") < ($1.source ?? "")
        }
        return BoilerplateSet(keys: keys, lines: lines)
    }

    /// The display form of a line: trimmed, inner whitespace collapsed, at most 200 bytes.
    static func display(_ line: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        var pendingSpace = false
        for b in line {
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b)
            if out.count >= 200 { break }
        }
        return Excerpt.decodeTruncated(out)
    }
}
