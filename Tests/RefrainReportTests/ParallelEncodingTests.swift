import Foundation
import RefrainTestSupport
@testable import RefrainReport
import Testing

/// Large arrays encoded in parallel chunks (``FastJSONParallelEncodable``) and JSON Lines
/// messages encoded in parallel must give exactly the bytes of one thread, and of Foundation's
/// `JSONEncoder` with ``ReportEncoding``'s settings.
@Suite struct ParallelEncodingTests {
    // MARK: Generated reports

    /// Strings with escapes, slashes, non-ASCII letters, combining marks, emoji and line separators.
    static func text(_ rng: inout SplitMix64, maxPieces: Int = 14) -> String {
        let pieces = ["a", "word ", "Zeit ", "\"", "\\", "/", "\u{0}", "\u{1b}", "\t", "\n", "é", "e\u{301}", "中文", "русский ",
                      "😀", "👩‍👩‍👧", "\u{2028}", "\u{7f}", "ß", "…", "</script>"]
        return (0..<Int(rng.next() % UInt64(maxPieces + 1))).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
    }

    /// A similarity-like double: rounded to 6 decimals, sometimes 0, 1 or tiny; when `wide`, also
    /// huge or negative (not a similarity: the HTML page would not show it).
    static func number(_ rng: inout SplitMix64, wide: Bool = false) -> Double {
        switch rng.next() % 8 {
        case 0: return 1
        case 1: return 0
        case 2: return 1e-7 * Double(rng.next() % 100)
        case 3 where wide: return Double(rng.next() % 1_000_000_000) * (rng.next() % 2 == 0 ? 1e12 : -1e-9)
        default: return DedupeReport.round(Double(rng.next() % 1_000_000) / 999_983)
        }
    }

    /// A dedupe report with `clusters` clusters (1–6 members each, with paragraph texts or
    /// document excerpt spans) and `pairs` pairs (with and without byte ranges).
    static func dedupeReport(clusters clusterCount: Int, pairs pairCount: Int, seed: UInt64) -> DedupeReport {
        var rng = SplitMix64(seed: seed)
        let parameters = DedupeReport.Parameters(
            threshold: 0.8, shingleSize: 5, shingles: "words", permutations: 128, minhash: "one-permutation", seed: 42,
            bands: 16, rows: 8,
            lsh: DedupeReport.LSH(choice: "optimized", falsePositiveWeight: 0.5, falseNegativeWeight: 0.5,
                                  falsePositiveArea: 0.012345, falseNegativeArea: 1e-7, recallAtThreshold: 0.999999),
            level: "paragraph", paragraphMode: "blank-lines", containment: true, minContainmentShingles: 10,
            verify: "exact", keep: "earliest", boilerplate: true, boilerplateMinDocuments: 5, boilerplateMinRepeats: nil,
            boilerplateContentWords: 3)
        let counts = DedupeReport.Counts(
            documents: 100_000, skippedDocuments: nil, bytes: 176_509_974, units: 250_000, emptyUnits: 3, shortUnits: 17,
            boilerplateUnits: 0, boilerplateLines: 2, exactDuplicates: 1200, lshCandidates: 40_000, containmentCandidates: 12,
            candidates: 39_000, verifiedPairs: 20_000, pairs: pairCount, pairsTruncated: false, clusters: clusterCount,
            clusteredUnits: clusterCount * 3, duplicatesRemoved: clusterCount * 2, largeBuckets: 0)
        var clusters: [DedupeReport.Cluster] = []
        for id in 0..<clusterCount {
            let size = 1 + Int(rng.next() % 6)
            var members: [DedupeReport.Member] = []
            for m in 0..<size {
                let start = Int(rng.next() % 100_000), end = start + Int(rng.next() % 5_000)
                let body = text(&rng, maxPieces: 30)
                let paragraph = rng.next() % 2 == 0
                members.append(DedupeReport.Member(
                    doc: "doc-\(rng.next() % 100_000)/" + text(&rng, maxPieces: 2), ordinal: Int(rng.next() % 100_000),
                    start: start, end: end, similarity: number(&rng), match: m % 3 == 0 ? "containment" : "jaccard",
                    representative: m == 0, removed: m != 0 && rng.next() % 4 != 0, excerpt: text(&rng), text: paragraph ? body : nil,
                    excerptSpan: paragraph ? nil : DedupeReport.Span(start: 0, end: body.utf8.count, text: body)))
            }
            let first = members[0]
            clusters.append(DedupeReport.Cluster(
                id: id, size: size,
                representative: DedupeReport.UnitRef(doc: first.doc, ordinal: first.ordinal, start: first.start, end: first.end),
                members: members))
        }
        var pairs: [DedupeReport.Pair] = []
        for n in 0..<pairCount {
            let ranged = n % 4 != 0
            pairs.append(DedupeReport.Pair(
                a: "a-" + text(&rng, maxPieces: 3), b: "b-\(n)", similarity: number(&rng), match: n % 5 == 0 ? "containment" : "jaccard",
                aStart: ranged ? Int(rng.next() % 1000) : nil, aEnd: ranged ? 1000 + Int(rng.next() % 1000) : nil,
                bStart: ranged ? Int(rng.next() % 1000) : nil, bEnd: ranged ? 1000 + Int(rng.next() % 1000) : nil))
        }
        let boilerplate = (0..<3).map { n in
            DedupeReport.Boilerplate(text: text(&rng), source: "source-\(n)", rule: "documents", documents: 10 + n, occurrences: 20,
                                     maxRepeats: 1, docs: (0..<n).map { "d\($0)" })
        }
        return DedupeReport(parameters: parameters, counts: counts, clusters: clusters, pairs: pairs, boilerplate: boilerplate)
    }

    /// A find report with `count` matches, with `null` members (speaker, attribution, quote,
    /// alignment tokens) and absent ones (source, date).
    static func findReport(matches count: Int, seed: UInt64) -> FindReport {
        var rng = SplitMix64(seed: seed)
        let matches = (0..<count).map { n -> FindReport.Match in
            let tokens = (0..<Int(rng.next() % 5)).map { t -> FindReport.Token in
                let deletion = t % 3 == 2
                return FindReport.Token(op: deletion ? "deletion" : "match", query: t % 3 == 1 ? nil : text(&rng, maxPieces: 2),
                                        start: deletion ? nil : t * 7, end: deletion ? nil : t * 7 + 5, text: deletion ? nil : text(&rng, maxPieces: 2))
            }
            return FindReport.Match(
                doc: "doc \(n) " + text(&rng, maxPieces: 2), ordinal: n, start: n * 10, end: n * 10 + 40, text: text(&rng, maxPieces: 20),
                score: number(&rng), coverage: number(&rng), matchedTerms: n % 4, queryTerms: 4,
                speaker: n % 3 == 0 ? nil : text(&rng, maxPieces: 3), attribution: nil,
                quote: n % 2 == 0 ? nil : FindReport.Span(start: n, end: n + 3, text: text(&rng, maxPieces: 2)),
                source: n % 4 == 0 ? nil : "outlet", date: n % 5 == 0 ? "2024-10-10" : nil,
                url: n % 6 == 0 ? "https://example.org/\(n)" : nil, title: nil, alignment: tokens)
        }
        let parameters = FindReport.Parameters(minScore: 0.5, limit: 0, stem: true, stopwords: false, index: nil)
        return FindReport(query: "a query / \"quoted\" é", parameters: parameters,
                          counts: FindReport.Counts(documents: 5000, matches: count), matches: matches)
    }

    // MARK: Comparisons

    /// Expects `bytes` to equal `reference`, naming the first difference.
    static func expectSame(_ bytes: [UInt8], _ reference: [UInt8], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard bytes != reference else { return }
        let common = zip(bytes, reference).prefix { $0 == $1 }.count
        let context = { (b: [UInt8]) in String(decoding: b.dropFirst(max(0, common - 60)).prefix(160), as: UTF8.self) }
        Issue.record("\(label): differs at byte \(common) of \(reference.count)/\(bytes.count)\nexpected: \(context(reference))\nactual:   \(context(bytes))",
                     sourceLocation: sourceLocation)
    }

    /// Encodes `value` pretty and compact with Foundation's `JSONEncoder` and with the fast
    /// encoder on 1, 2 and 3 threads, and expects the same bytes from each.
    static func expectIdenticalOnAnyThreads<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for pretty in [true, false] {
            let reference = Array(try (pretty ? ReportEncoding.pretty : ReportEncoding.compact).encode(value))
            for threads in [1, 2, 3] {
                let bytes = try FastJSONEncoder(prettyPrinted: pretty, threads: threads).encode(value)
                expectSame(bytes, reference, "pretty=\(pretty) threads=\(threads)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The JSON Lines a report should give, built message by message with Foundation's `JSONEncoder`.
    static func referenceJSONLines<Report: RenderableReport>(_ report: Report) throws -> [UInt8] {
        func line(_ type: String, schema: String?, _ payload: any Encodable) throws -> [UInt8] {
            let body = Array(try ReportEncoding.compact.encode(payload))
            var line = Array("{\"type\":\"\(type)\"".utf8)
            if let schema { line += Array(",\"schema\":\"\(schema)\"".utf8) }
            line += body.count > 2 ? [UInt8(ascii: ",")] + body.dropFirst() : [UInt8(ascii: "}")]
            return line + [0x0A]
        }
        var bytes = try line("header", schema: Report.kind.schemaID, report.streamHeader)
        for item in report.streamBody { bytes += try line(item.type, schema: nil, item.payload) }
        bytes += try line("summary", schema: nil, report.streamSummary)
        return bytes
    }

    // MARK: Tests

    @Test func largeDedupeReportEncodesIdenticallyOnAnyThreads() throws {
        let report = Self.dedupeReport(clusters: 3000, pairs: 5000, seed: 1)
        try Self.expectIdenticalOnAnyThreads(report)
        #expect(Array(try report.jsonData()) == Array(try ReportEncoding.pretty.encode(report)) + [0x0A])
    }

    @Test func largeFindReportWithNullsEncodesIdenticallyOnAnyThreads() throws {
        let report = Self.findReport(matches: 4000, seed: 2)
        try Self.expectIdenticalOnAnyThreads(report)
        let compact = String(decoding: try FastJSONEncoder(prettyPrinted: false, threads: 2).encode(report), as: UTF8.self)
        #expect(compact.contains(#""speaker":null"#) && compact.contains(#""quote":null"#))
    }

    @Test(arguments: [ReportFormat.json, .jsonl])
    func writerOutputDoesNotDependOnThreads(format: ReportFormat) throws {
        // More body messages than one parallel round of JSON Lines holds.
        let report = Self.dedupeReport(clusters: 2500, pairs: 3000, seed: 3)
        #expect(report.streamBody.count > ReportWriter.messagesPerTask * ReportWriter.tasksPerRound)
        let reference = format == .json
            ? Array(try ReportEncoding.pretty.encode(report)) + [0x0A]
            : try Self.referenceJSONLines(report)
        for threads in [1, 2, 3] {
            Self.expectSame(try ReportWriter.render(report, as: format, threads: threads), reference, "\(format) threads=\(threads)")
        }
    }

    @Test func findReportJSONLinesDoNotDependOnThreads() throws {
        let report = Self.findReport(matches: 700, seed: 4)
        let reference = try Self.referenceJSONLines(report)
        for threads in [1, 2] {
            Self.expectSame(try ReportWriter.render(report, as: .jsonl, threads: threads), reference, "threads=\(threads)")
        }
    }

    @Test func theHTMLPageEmbedsTheSameJSONOnAnyThreads() throws {
        let report = Self.dedupeReport(clusters: 400, pairs: 600, seed: 5)
        let one = try ReportWriter.render(report, as: .html, threads: 1)
        #expect(try ReportWriter.render(report, as: .html, threads: 2) == one)
        #expect(try ReportWriter.compactJSON(report, threads: 2) == Array(try ReportEncoding.compact.encode(report)))
    }

    // MARK: Nesting, layout, errors

    struct Item: Codable, Hashable, FastJSONParallelEncodable {
        var name: String
        var score: Double
        @NullEncoded var note: String?
        var tags: [String]
        var inner: [Item]?
    }

    /// Large arrays at different depths, inside parallel chunks, as dictionary values, via nested
    /// containers and a super encoder, next to empty ones.
    struct Nest: Encodable {
        var items: [Item]
        var deeper: [String: [[Item]]]
        var empty: [Item] = []
        var small: [Item]

        enum Keys: String, CodingKey { case items, deeper, empty, small, wrapped, superValue }
        enum Inner: String, CodingKey { case list }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(items, forKey: .items)
            try container.encode(deeper, forKey: .deeper)
            try container.encode(empty, forKey: .empty)
            try container.encode(small, forKey: .small)
            var nested = container.nestedContainer(keyedBy: Inner.self, forKey: .wrapped)
            try nested.encode(items, forKey: .list)
            let superEncoder = container.superEncoder(forKey: .superValue)
            var single = superEncoder.singleValueContainer()
            try single.encode(items)
        }
    }

    static func items(_ count: Int, rng: inout SplitMix64, innerEvery: Int = 0) -> [Item] {
        (0..<count).map { n in
            Item(name: text(&rng), score: number(&rng, wide: true), note: n % 3 == 0 ? nil : text(&rng, maxPieces: 3),
                 tags: (0..<Int(rng.next() % 3)).map { _ in text(&rng, maxPieces: 2) },
                 inner: innerEvery > 0 && n % innerEvery == 0 ? items(FastJSONEncoder.parallelMinimumCount + 5, rng: &rng) : nil)
        }
    }

    @Test func nestedLargeArraysKeepTheirLayout() throws {
        var rng = SplitMix64(seed: 6)
        let large = FastJSONEncoder.parallelMinimumCount * 3 + 7
        let nest = Nest(
            items: Self.items(large, rng: &rng, innerEvery: 200),
            deeper: ["b/é": [Self.items(large, rng: &rng), [], Self.items(3, rng: &rng)], "a": []],
            small: Self.items(5, rng: &rng))
        try Self.expectIdenticalOnAnyThreads(nest)
        try Self.expectIdenticalOnAnyThreads(nest.items)  // a large array at the top level
        try Self.expectIdenticalOnAnyThreads([nest.items, [], nest.items])
        try Self.expectIdenticalOnAnyThreads(Self.items(FastJSONEncoder.parallelMinimumCount, rng: &rng))
    }

    /// The parallel path is taken (so the comparisons above test it): a large array becomes a
    /// rendered node; a small one, or one on one thread, does not.
    @Test func largeArraysAreRenderedInChunksOnlyWithThreads() throws {
        var rng = SplitMix64(seed: 7)
        func node(_ value: [Item], threads: Int) throws -> FastJSONNode? {
            let root = FastJSONNodeEncoder(context: FastJSONContext(pretty: true, threads: threads), parent: nil, key: nil)
            try root.encodeValue(value)
            return root.node
        }
        let large = Self.items(FastJSONEncoder.parallelMinimumCount, rng: &rng)
        guard case .rendered(let rendered) = try node(large, threads: 2) else {
            Issue.record("a large array on two threads is not rendered in chunks")
            return
        }
        #expect(rendered.chunks.count > 1 && rendered.indent == 2)
        guard case .array = try node(large, threads: 1) else { Issue.record("one thread renders in chunks"); return }
        guard case .array = try node(Array(large.dropLast()), threads: 2) else { Issue.record("a small array is rendered in chunks"); return }
    }

    /// A failure inside a chunk is the failure serial encoding meets first, with its coding path.
    @Test func theFirstFailingElementThrowsOnAnyThreads() throws {
        var rng = SplitMix64(seed: 8)
        var items = Self.items(2000, rng: &rng)
        items[1500].score = .nan
        items[1800].score = .infinity
        var paths: [[String]] = []
        for threads in [1, 2] {
            do {
                _ = try FastJSONEncoder(threads: threads).encode(["list": items])
                Issue.record("a NaN encoded")
            } catch let EncodingError.invalidValue(_, context) {
                paths.append(context.codingPath.map(\.stringValue))
            }
        }
        #expect(paths.count == 2 && paths[0] == paths[1])
        #expect(paths.first?.starts(with: ["list", "Index 1500"]) == true)
    }
}
