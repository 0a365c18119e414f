import RefrainCorpus
import RefrainText
import RefrainParallel
import RefrainBytes

// Boilerplate detection: site chrome ("Subscribe", "* indicates required", a newsletter sign-up
// line after the article) repeated across the documents of one source, found and kept out of
// matching with `--boilerplate`.
//
// The rule, per source (see ``BoilerplateScope``), counting identical documents once:
//
// - A line is compared after trimming, collapsing whitespace and lower-casing ASCII (``LineKeys``).
// - A *content line* has at least ``DedupeOptions/boilerplateContentWords`` words and ends a
//   sentence (``LineShape``). A document's *own content* is its content lines that no other
//   document of its source has; its *frame* is everything before its first own content line and
//   after its last. A document without own content lines (a list, a table, a page of links, a
//   copy) has no frame: it cannot tell chrome from content.
// - A *near copy* is a document whose content lines shared with other documents of its source
//   hold more words than its own content lines: it is mostly text the source repeats elsewhere
//   (an article saved twice with an edit, or the original of such copies). Its few own lines do
//   not tell its frame, so it gives no frame evidence, and it loses only in-document repeats:
//   otherwise --boilerplate would erase what copies have in common and miss the duplicates.
// - A line is boilerplate (``BoilerplateRule``)
//   - `repeats`: when one document holds it ``DedupeOptions/boilerplateMinRepeats`` times;
//   - `documents`: when ``DedupeOptions/boilerplateMinDocuments`` documents hold it, ten times as
//     many for a content line (a sentence a few documents share is usually republished text);
//   - `frame`: when two or more documents (near copies aside) hold it in their frame, and none
//     inside its own content. This catches chrome shared by as few as two pages (a sign-up line
//     after both articles) and spares a paragraph two articles share: each article's own
//     paragraphs surround it (in one of them is enough).
//   A `repeats` line is left out of every document of its source; the others of every document
//   of the source but near copies, wherever they stand.
//
// Three passes over the corpus with --boilerplate: ``BoilerplateStage/count(_:)`` counts lines,
// ``BoilerplateStage/frame(_:)`` finds each document's own content, the signature stage leaves the
// lines out and tallies what it left out (``BoilerplateTally``).

/// Why a line is boilerplate.
public enum BoilerplateRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// One document holds it ``DedupeOptions/boilerplateMinRepeats`` times or more: left out of
    /// every document of its source.
    case repeats
    /// ``DedupeOptions/boilerplateMinDocuments`` documents of its source or more hold it (ten
    /// times as many for a content line): left out of all of them but near copies.
    case documents
    /// Two or more documents of its source (near copies aside) hold it outside the span of their
    /// own content, none inside: left out of all of them but near copies.
    case frame
}

/// A line left out of matching as boilerplate, as listed in the report.
public struct BoilerplateLine: Sendable, Hashable, Codable {
    /// The line as first seen, trimmed, whitespace collapsed (at most 200 bytes, cut at a character boundary).
    public var text: String
    /// The source it was counted in: the documents' `source`, else the input they were read from
    /// (``BoilerplateScope``).
    public var source: String
    /// The rule that made it boilerplate.
    public var rule: BoilerplateRule
    /// Documents it was left out of.
    public var documents: Int
    /// Occurrences left out, in all of them.
    public var occurrences: Int
    /// Most occurrences left out of a single document.
    public var maxRepeats: Int
    /// Ids of the first documents (in read order) it was left out of, at most ``maxListedDocuments``.
    public var docs: [String]

    /// The most document ids ``docs`` lists.
    public static let maxListedDocuments = 10

    /// Creates a line.
    public init(text: String, source: String, rule: BoilerplateRule, documents: Int, occurrences: Int, maxRepeats: Int, docs: [String]) {
        self.text = text
        self.source = source
        self.rule = rule
        self.documents = documents
        self.occurrences = occurrences
        self.maxRepeats = maxRepeats
        self.docs = docs
    }
}

/// The group of documents whose lines are counted together: a document's "source".
public enum BoilerplateScope {
    /// The document's `source` field when it has one; otherwise the input it was read from: the
    /// directory tree given (for a file inside it), the JSON Lines file (or `<stdin>`), or, for a
    /// text file given directly, the directory holding it (so `dir/*.txt` groups like `dir`).
    public static func name(of document: Document) -> String {
        if let source = document.source { return source }
        let origin = document.origin
        if origin.line != nil { return origin.path }
        let slash = UInt8(ascii: "/")
        let path = Array(origin.path.utf8)
        var id = Array(document.id.utf8)
        // Inside a tree, the path is the root joined with the id (the path relative to the root),
        // less the `#n` suffixes the reader gives a duplicate id.
        while true {
            if path.count > id.count, path[path.count - id.count - 1] == slash, path.suffix(id.count).elementsEqual(id) {
                var end = path.count - id.count
                while end > 1 && path[end - 1] == slash { end -= 1 }
                return String(decoding: path[..<end], as: UTF8.self)
            }
            guard let hash = id.lastIndex(of: UInt8(ascii: "#")), hash + 1 < id.count,
                id[(hash + 1)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            else { break }
            id.removeSubrange(hash...)
        }
        guard let last = path.lastIndex(of: slash) else { return origin.path.hasPrefix("<") ? origin.path : "." }
        return last == 0 ? "/" : String(decoding: path[..<last], as: UTF8.self)
    }

    /// The key of a scope name (never 0).
    public static func key(_ name: String) -> UInt64 { StableHash.hash(name, seed: 0x50_5C) | 1 }

    /// The key of a document's text within its scope: identical documents of one scope share it.
    public static func documentKey(_ text: UnsafeBufferPointer<UInt8>, scope: UInt64) -> UInt64 {
        StableHash.hash(text, seed: scope)
    }
}

/// Lines of text identified by a light normalization: surrounding whitespace trimmed, inner runs
/// of whitespace collapsed to one space, ASCII letters lower-cased. Lines without a letter or
/// digit are never keys (they hold no tokens anyway).
package enum LineKeys {
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

    /// A line key scoped to a source (``BoilerplateScope/key(_:)``): lines are counted per source.
    @inlinable
    public static func scoped(_ line: UInt64, scope: UInt64) -> UInt64 {
        StableHash.mix(line, seed: scope)
    }
}

/// The shape of a line: how many words it has and whether it ends a sentence, which tells
/// article text from navigation, buttons and labels.
package enum LineShape {
    /// The words of `line` (runs of non-space bytes holding a letter or digit; each CJK ideograph
    /// or kana counts as a word) and whether a sentence ends in it: `.`, `!`, `?` or `…` followed,
    /// after any closing quotes or brackets, by a space or the end of the line; or `。`, `！`, `？`.
    public static func measure(_ line: UnsafeBufferPointer<UInt8>) -> (words: Int, sentenceEnd: Bool) {
        let n = line.count
        var words = 0
        var inWord = false
        var wordHasContent = false
        var sentenceEnd = false
        var i = 0
        while i < n {
            let b = line[i]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                if inWord && wordHasContent { words += 1 }
                inWord = false
                wordHasContent = false
                i += 1
                continue
            }
            inWord = true
            if b < 0x80 {
                if (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) {
                    wordHasContent = true
                } else if b == 0x2E || b == 0x21 || b == 0x3F, closesSentence(line, at: i + 1) {
                    sentenceEnd = true
                }
                i += 1
                continue
            }
            let length = UTF8Scalars.sequenceLength(lead: b)
            let b1: UInt8 = i + 1 < n ? line[i + 1] : 0
            let b2: UInt8 = i + 2 < n ? line[i + 2] : 0
            if b == 0xE2 && b1 == 0x80 && b2 == 0xA6 {
                // … U+2026
                if closesSentence(line, at: i + 3) { sentenceEnd = true }
            } else if (b == 0xE3 && b1 == 0x80 && b2 == 0x82) || (b == 0xEF && b1 == 0xBC && (b2 == 0x81 || b2 == 0x9F)) {
                // 。U+3002, ！U+FF01, ？U+FF1F
                sentenceEnd = true
            } else if b == 0xC2 || (b == 0xE2 && (b1 == 0x80 || b1 == 0x81)) {
                // Latin-1 symbols, general punctuation: not word content.
            } else if b >= 0xE3 && b <= 0xE9 {
                // CJK symbols, kana, ideographs: a word each.
                words += 1
            } else {
                wordHasContent = true
            }
            i += length
        }
        if inWord && wordHasContent { words += 1 }
        return (words, sentenceEnd)
    }

    /// Whether a sentence mark whose next byte is at `i` closes a sentence: after any closing quotes
    /// or brackets (`"` `'` `)` `]` `”` `’` `»`) comes whitespace or the end of the line.
    static func closesSentence(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let n = line.count
        var i = start
        while i < n {
            let b = line[i]
            if b == 0x22 || b == 0x27 || b == 0x29 || b == 0x5D {
                i += 1
            } else if b == 0xE2 && i + 2 < n && line[i + 1] == 0x80 && (line[i + 2] == 0x9D || line[i + 2] == 0x99) {
                i += 3
            } else if b == 0xC2 && i + 1 < n && line[i + 1] == 0xBB {
                i += 2
            } else {
                return b == 0x20 || (b >= 0x09 && b <= 0x0D)
            }
        }
        return true
    }
}

/// The boilerplate lines of a corpus: what the signature stage leaves out of matching.
package struct BoilerplateSet: Sendable {
    /// A line found to be boilerplate.
    public struct Entry: Sendable, Hashable {
        /// Why.
        public var rule: BoilerplateRule
        /// The line as first seen (display form).
        public var text: String
        /// The name of its source (``BoilerplateScope/name(of:)``).
        public var source: String

        /// Creates an entry.
        public init(rule: BoilerplateRule, text: String, source: String) {
            self.rule = rule
            self.text = text
            self.source = source
        }
    }

    /// The boilerplate lines by source-scoped key (``LineKeys/scoped(_:scope:)``).
    public var entries: [UInt64: Entry]
    /// Document keys (``BoilerplateScope/documentKey(_:scope:)``) of the near copies: documents
    /// that lose only `repeats` lines.
    public var nearCopies: Set<UInt64>
    /// The lines the signature stage left out, most widespread first (documents, then occurrences
    /// descending, then text, source); empty until it ran.
    public var lines: [BoilerplateLine]

    /// Creates a set.
    public init(entries: [UInt64: Entry] = [:], nearCopies: Set<UInt64> = [], lines: [BoilerplateLine] = []) {
        self.entries = entries
        self.nearCopies = nearCopies
        self.lines = lines
    }

    /// Whether the line with scoped key `key` is left out of a document (a near copy or not).
    @inlinable
    public func excludes(line key: UInt64, inNearCopy nearCopy: Bool) -> Bool {
        guard let entry = entries[key] else { return false }
        return entry.rule == .repeats || !nearCopy
    }

    /// Whether the document with text `text` in scope `scope` is a near copy.
    public func isNearCopy(_ text: UnsafeBufferPointer<UInt8>, scope: UInt64) -> Bool {
        !nearCopies.isEmpty && nearCopies.contains(BoilerplateScope.documentKey(text, scope: scope))
    }
}

/// Lines of one document left out as boilerplate: one record per distinct line.
package struct BoilerplateHit: Sendable, Hashable {
    /// The line's scoped key.
    public var line: UInt64
    /// The document's index in the run (read order).
    public var document: Int
    /// How many times it was left out of the document.
    public var occurrences: Int

    /// Creates a hit.
    public init(line: UInt64, document: Int, occurrences: Int) {
        self.line = line
        self.document = document
        self.occurrences = occurrences
    }
}

/// What the signature stage left out, line by line, for the report. Hits must be added in
/// document order.
struct BoilerplateTally {
    struct Count {
        var documents = 0
        var occurrences = 0
        var maxRepeats = 0
        var docs: [String] = []
    }

    var counts: [UInt64: Count] = [:]

    mutating func add(_ hit: BoilerplateHit, documentID: String) {
        var c = counts[hit.line] ?? Count()
        c.documents += 1
        c.occurrences += hit.occurrences
        c.maxRepeats = max(c.maxRepeats, hit.occurrences)
        if c.docs.count < BoilerplateLine.maxListedDocuments { c.docs.append(documentID) }
        counts[hit.line] = c
    }

    /// The lines left out, most widespread first.
    func lines(_ set: BoilerplateSet) -> [BoilerplateLine] {
        var lines: [BoilerplateLine] = []
        lines.reserveCapacity(counts.count)
        for (key, c) in counts {
            guard let entry = set.entries[key] else { continue }
            lines.append(BoilerplateLine(text: entry.text, source: entry.source, rule: entry.rule, documents: c.documents,
                                         occurrences: c.occurrences, maxRepeats: c.maxRepeats, docs: c.docs))
        }
        lines.sort {
            if $0.documents != $1.documents { return $0.documents > $1.documents }
            if $0.occurrences != $1.occurrences { return $0.occurrences > $1.occurrences }
            if $0.text != $1.text { return $0.text < $1.text }
            if $0.source != $1.source { return $0.source < $1.source }
            return $0.rule.rawValue < $1.rule.rawValue
        }
        return lines
    }
}

/// Stage 0 (with ``DedupeOptions/boilerplate``): decides which lines are boilerplate, in two
/// passes over the corpus in read order: ``count(_:)`` for every batch, then ``frame(_:)`` for
/// every batch, then ``finish()``. The rule is described at the top of this file and on
/// ``DedupeOptions/boilerplate``.
///
/// Memory: pass 1 holds one entry (about 40 bytes) per distinct line and 8 bytes per distinct
/// document; pass 2 keeps only the lines held by two or more documents (or repeated within one),
/// with their text while they may still be boilerplate.
package struct BoilerplateStage {
    struct LineCount {
        var documents: UInt32
        var maxRepeats: UInt32
    }

    struct Candidate {
        var documents: UInt32
        var maxRepeats: UInt32
        /// Documents (not near copies) holding it in their frame.
        var framed: UInt32 = 0
        /// The last document counted in `framed`.
        var lastFramed: UInt64 = 0
        /// Inside the own-content span of some document that is not a near copy.
        var inside = false
        /// A content line (``LineShape``): the same for every occurrence of a key.
        var content = false
        var text: String? = nil
        var scope: UInt64 = 0
    }

    /// The lines of one document as the passes see them.
    struct DocumentLines {
        var scope: UInt64 = 0
        var scopeName = ""
        var document: UInt64 = 0
        /// Scoped line keys, in text order.
        var keys: [UInt64] = []
        /// Byte ranges of the lines (pass 2 only).
        var ranges: [Range<Int>] = []
        /// Words of content lines, 0 for other lines (pass 2 only).
        var content: [Int32] = []
    }

    let minDocuments: Int
    let minRepeats: Int
    let contentWords: Int
    let threads: Int
    var counts: [UInt64: LineCount] = [:]
    /// Distinct documents counted in pass 1; pass 2 removes each as it examines it.
    var seen: Set<UInt64> = []
    var candidates: [UInt64: Candidate]? = nil
    var scopes: [UInt64: String] = [:]
    var nearCopies: Set<UInt64> = []

    /// A stage with the thresholds of `options`, computing line keys on `threads` threads.
    public init(options: DedupeOptions, threads: Int = 1) {
        minDocuments = options.boilerplateMinDocuments
        minRepeats = options.boilerplateMinRepeats
        contentWords = max(1, options.boilerplateContentWords)
        self.threads = max(1, threads)
    }

    /// Pass 1: counts the lines of the next documents in read order (identical documents of a
    /// source once).
    public mutating func count(_ documents: [Document]) {
        precondition(candidates == nil, "count(_:) after frame(_:)")
        let all = lines(of: documents, shapes: false)
        var run: [(key: UInt64, count: Int)] = []
        for var doc in all {
            guard seen.insert(doc.document).inserted else { continue }
            doc.keys.sort()
            run.removeAll(keepingCapacity: true)
            for key in doc.keys {
                if let last = run.last, last.key == key { run[run.count - 1].count += 1 } else { run.append((key, 1)) }
            }
            for (key, n) in run {
                if let i = counts.index(forKey: key) {
                    counts.values[i].documents += 1
                    counts.values[i].maxRepeats = max(counts.values[i].maxRepeats, UInt32(n))
                } else {
                    counts[key] = LineCount(documents: 1, maxRepeats: UInt32(n))
                }
            }
        }
    }

    /// Pass 2: finds the own content and the frame of the next documents in read order, and which
    /// lines stand only in frames.
    public mutating func frame(_ documents: [Document]) {
        if candidates == nil { keepCandidates() }
        let all = lines(of: documents, shapes: true)
        for (d, doc) in all.enumerated() {
            // Identical documents are judged once, by the first.
            guard seen.remove(doc.document) != nil else { continue }
            if scopes[doc.scope] == nil { scopes[doc.scope] = doc.scopeName }
            var own = 0, shared = 0, first = -1, last = -1
            for i in doc.keys.indices where doc.content[i] > 0 {
                if candidates![doc.keys[i]] != nil {
                    shared += Int(doc.content[i])
                } else {
                    own += Int(doc.content[i])
                    if first < 0 { first = i }
                    last = i
                }
            }
            let nearCopy = own < shared
            if nearCopy { nearCopies.insert(doc.document) }
            for i in doc.keys.indices {
                guard let index = candidates!.index(forKey: doc.keys[i]) else { continue }
                var c = candidates!.values[index]
                // Only a document with own content tells frame from content.
                if !nearCopy && first >= 0 {
                    if i >= first && i <= last {
                        c.inside = true
                    } else if c.framed == 0 || c.lastFramed != doc.document {
                        c.framed += 1
                        c.lastFramed = doc.document
                    }
                }
                c.content = doc.content[i] > 0
                if mayBeBoilerplate(c) {
                    if c.text == nil {
                        var text = documents[d].text
                        c.text = text.withUTF8 { BoilerplateStage.display(UnsafeBufferPointer(rebasing: $0[doc.ranges[i]])) }
                        c.scope = doc.scope
                    }
                } else {
                    c.text = nil
                }
                candidates!.values[index] = c
            }
        }
    }

    /// The boilerplate lines found.
    public mutating func finish() -> BoilerplateSet {
        if candidates == nil { keepCandidates() }
        var entries: [UInt64: BoilerplateSet.Entry] = [:]
        for (key, c) in candidates! {
            guard let rule = rule(c), let text = c.text else { continue }
            entries[key] = BoilerplateSet.Entry(rule: rule, text: text, source: scopes[c.scope] ?? "")
        }
        return BoilerplateSet(entries: entries, nearCopies: nearCopies)
    }

    func rule(_ c: Candidate) -> BoilerplateRule? {
        if minRepeats > 0 && Int(c.maxRepeats) >= minRepeats { return .repeats }
        if Int(c.documents) >= (c.content ? BoilerplateStage.contentLineFactor * minDocuments : minDocuments) { return .documents }
        if c.framed >= 2 && !c.inside { return .frame }
        return nil
    }

    func mayBeBoilerplate(_ c: Candidate) -> Bool {
        (minRepeats > 0 && Int(c.maxRepeats) >= minRepeats) || Int(c.documents) >= minDocuments || !c.inside
    }

    /// How many times ``DedupeOptions/boilerplateMinDocuments`` documents a content line needs
    /// for the `documents` rule: a sentence held by a few documents is usually republished text,
    /// by dozens, the source's own boilerplate.
    public static let contentLineFactor = 10

    /// Ends pass 1: keeps the lines held by two or more documents or repeated within one.
    mutating func keepCandidates() {
        var kept: [UInt64: Candidate] = [:]
        for (key, c) in counts where c.documents >= 2 || (minRepeats > 0 && Int(c.maxRepeats) >= minRepeats) {
            kept[key] = Candidate(documents: c.documents, maxRepeats: c.maxRepeats)
        }
        candidates = kept
        counts = [:]
    }

    /// The lines of `documents`, computed in parallel.
    func lines(of documents: [Document], shapes: Bool) -> [DocumentLines] {
        let chunk = 16
        let chunks = (documents.count + chunk - 1) / chunk
        let contentWords = contentWords
        let pieces = Parallel.map(count: chunks, threads: threads) { c, _ -> [DocumentLines] in
            var scratch = ContiguousArray<UInt8>()
            return (c * chunk..<min(documents.count, (c + 1) * chunk)).map {
                BoilerplateStage.lines(of: documents[$0], shapes: shapes, contentWords: contentWords, scratch: &scratch)
            }
        }
        return pieces.flatMap { $0 }
    }

    static func lines(of document: Document, shapes: Bool, contentWords: Int, scratch: inout ContiguousArray<UInt8>) -> DocumentLines {
        var out = DocumentLines()
        out.scopeName = BoilerplateScope.name(of: document)
        out.scope = BoilerplateScope.key(out.scopeName)
        var text = document.text
        text.withUTF8 { bytes in
            out.document = BoilerplateScope.documentKey(bytes, scope: out.scope)
            LineKeys.forEachLine(bytes, scratch: &scratch) { range, key in
                out.keys.append(LineKeys.scoped(key, scope: out.scope))
                guard shapes else { return }
                out.ranges.append(range)
                let shape = LineShape.measure(UnsafeBufferPointer(rebasing: bytes[range]))
                out.content.append(shape.sentenceEnd && shape.words >= contentWords ? Int32(clamping: shape.words) : 0)
            }
        }
        return out
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
