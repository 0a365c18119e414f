import Foundation
import RefrainCorpus
import RefrainTestSupport
@testable import RefrainReport
import RefrainDedupe
import Testing

/// ``FastJSONEncoder`` must write exactly what Foundation's `JSONEncoder` writes with
/// ``ReportEncoding``'s settings, pretty and compact.
@Suite struct FastJSONEncoderTests {
    /// Encodes `value` with both encoders in both layouts and expects identical bytes.
    static func expectIdentical<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for pretty in [true, false] {
            let reference = Array(try (pretty ? ReportEncoding.pretty : ReportEncoding.compact).encode(value))
            let fast = try FastJSONEncoder(prettyPrinted: pretty).encode(value)
            if fast != reference {
                let a = String(decoding: reference, as: UTF8.self), b = String(decoding: fast, as: UTF8.self)
                let common = zip(reference, fast).prefix { $0 == $1 }.count
                Issue.record("pretty=\(pretty): differs at byte \(common) of \(reference.count)/\(fast.count)\nJSONEncoder: \(a.utf8.dropFirst(max(0, common - 80)).prefix(200))\nfast:        \(b.utf8.dropFirst(max(0, common - 80)).prefix(200))", sourceLocation: sourceLocation)
            }
        }
    }

    static func expectIdenticalInEveryPart<Report: RenderableReport>(_ report: Report) throws {
        try expectIdentical(report)
        try expectIdentical(report.streamHeader)
        try expectIdentical(report.streamSummary)
        for item in report.streamBody { try expectIdentical(item.payload) }
    }

    @Test(arguments: DedupeLevel.allCases)
    func dedupeReportsOfTheSeedCorpusEncodeIdentically(level: DedupeLevel) throws {
        let report = try DedupeReportFormatTests.report(level: level, documents: DedupeReportFormatTests.documentsWithACopy)
        #expect(!report.clusters.isEmpty)
        try Self.expectIdenticalInEveryPart(report)
        try Self.expectIdenticalInEveryPart(try DedupeReportFormatTests.report(level: level))
    }

    @Test func findReportsOfTheSeedCorpusEncodeIdentically() throws {
        let report = try FindReportFormatTests.report("another bit of fake news")
        #expect(!report.matches.isEmpty)
        try Self.expectIdenticalInEveryPart(report)
        try Self.expectIdenticalInEveryPart(FindReportFormatTests.report("zzzz no such words anywhere qqqq"))
    }

    @Test func quotesReportsOfTheSeedCorpusEncodeIdentically() throws {
        #expect(!QuotesReportFormatTests.seed.clusters.isEmpty)
        try Self.expectIdenticalInEveryPart(QuotesReportFormatTests.seed)
    }

    @Test func writerAndJSONDataUseTheFastEncoder() throws {
        let report = QuotesReportFormatTests.seed
        #expect(Array(try report.jsonData()) == Array(try ReportEncoding.pretty.encode(report)) + [0x0A])
        #expect(Array(try report.jsonData(pretty: false)) == Array(try ReportEncoding.compact.encode(report)) + [0x0A])
        #expect(try ReportWriter.compactJSON(report) == Array(try ReportEncoding.compact.encode(report)))
    }

    // MARK: Edge cases

    struct Nothing: Encodable {}

    struct Inner: Codable, Hashable, Sendable {
        var minScore = 0.5
        var items: [Int] = []
        var label: String? = nil
    }

    struct Edge: Encodable {
        var emptyArray: [Int] = []
        var emptyObject: [String: Int] = [:]
        var emptyStruct = Nothing()
        var nestedEmpty: [[Inner]] = [[], [Inner()], []]
        var optionalPresent: Int? = 3
        var optionalAbsent: Int? = nil
        var nestedSome: Int?? = .some(nil)
        var nestedValue: Int?? = .some(7)
        @NullEncoded var nullMember: String? = nil
        @NullEncoded var nullPresent: String? = "here"
        @NullEncoded var nullInner: Inner? = nil
        var strings: [String] = [
            "", "plain", "quote \" here", "back\\slash", "a/b//c", "</script>", "tab\tnew\nline\r",
            "\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{e}\u{1f}\u{7f}", "emoji 😀👩‍👩‍👧 flags 🇺🇦🇰🇵", "line\u{2028}para\u{2029}",
            "é vs e\u{301}", "中文 한국어 русский", "\u{feff}bom", "\u{fffd}",
        ]
        var doubles: [Double] = [
            0, -0.0, 0.1, 0.2, 1.0 / 3, 1e-7, 1e-6, 1e-5, 1e-4, 0.001, 1e15, 1e16, 1e17, 1e21, 1e22, 123456789.125,
            2.5, -2.5, 100, 1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .leastNormalMagnitude, 9007199254740994,
            0.000001, 0.123456, 3.141592653589793, -1e-300,
        ]
        var floats: [Float] = [0.1, 1, 1e-7, 3.4e38, -0.0]
        var integers: [Int] = [0, 1, -1, 42, Int.min, Int.max]
        var unsigned: UInt64 = .max
        var int8: Int8 = -128
        var int32: Int32 = .min
        var uint16: UInt16 = .max
        var bools = [true, false]
        var dictionary: [String: Int] = ["minScore": 1, "Zeta": 2, "_under": 3, "a10": 4, "a2": 5, "é": 6, "z": 7, "a/b": 8]
        var dictionaryOfStructs: [String: Inner] = ["xY": Inner(label: "x"), "": Inner()]
        var json: JSONValue = .object(["camelKey": .array([.null, .bool(true), .number(1.5), .string("s")]), "empty": .object([:])])
        var minScore = 1
        var URLValue = 2
        var a2B = 3
        var _leading = 4
        var already_snake_case = 5
        var HTTPServerURL = 6
        var xMLHttpRequest = 7
        var ÉtéCamelÀ = 8
        var keys10 = 9
        var keys2 = 10
    }

    @Test func edgeCaseValuesEncodeIdentically() throws {
        try Self.expectIdentical(Edge())
        try Self.expectIdentical(Nothing())
        try Self.expectIdentical([Nothing]())
        try Self.expectIdentical([[String: Int]]())
        try Self.expectIdentical([String: [Int]]())
        try Self.expectIdentical(["k": [Int]()])
        try Self.expectIdentical([Int?.none, 1])
        try Self.expectIdentical("top-level / string")
        try Self.expectIdentical(1.0)
        try Self.expectIdentical(Int.min)
    }

    /// A key written twice (two members converting to the same snake-case key) keeps its last value.
    struct Duplicate: Encodable {
        var c_b = 1
        var cB = 2
    }

    @Test func aKeyWrittenTwiceKeepsItsLastValue() throws {
        try Self.expectIdentical(Duplicate())
        #expect(try FastJSONEncoder(prettyPrinted: false).encode(Duplicate()) == Array(#"{"c_b":2}"#.utf8))
    }

    @Test func nonFiniteNumbersThrow() {
        #expect(throws: EncodingError.self) { try FastJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try FastJSONEncoder().encode(Inner(minScore: .infinity)) }
    }

    /// Random strings, doubles and integers (seeded), in structs and arrays.
    @Test func randomValuesEncodeIdentically() throws {
        var rng = SplitMix64(seed: 0x5EED)
        let pieces: [String] = ["a", "Z", "\"", "\\", "/", "\u{0}", "\u{1b}", "\u{1f}", " ", "\n", "é", "😀", "\u{2028}", "\u{7f}", "x\u{301}", "ß"]
        var strings: [String] = []
        var doubles: [Double] = []
        var integers: [Int] = []
        for _ in 0..<2000 {
            strings.append((0..<Int(rng.next() % 12)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined())
            let bits = Double(bitPattern: rng.next())
            if bits.isFinite { doubles.append(bits) }
            doubles.append(Double(Int64(bitPattern: rng.next()) % 1_000_000_000) / 1_000_000)
            doubles.append(ReportModelRound.round(Double(rng.next() % 1_000_000) / 999_983))
            integers.append(Int(bitPattern: UInt(rng.next())) >> Int(rng.next() % 64))
        }
        try Self.expectIdentical(strings)
        try Self.expectIdentical(doubles)
        try Self.expectIdentical(integers)
        let inners = (0..<500).map { i in Inner(minScore: doubles[i], items: Array(integers[i..<(i + i % 4)]), label: i % 3 == 0 ? nil : strings[i]) }
        try Self.expectIdentical(inners)
        try Self.expectIdentical(Dictionary(strings.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a }))
    }
}

/// ``ReportModel/round(_:)`` without a model type.
private enum ReportModelRound {
    static func round(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
}
