import Foundation
import RefrainBytes
import RefrainTestSupport
import Testing

@Suite("JSON string escaping")
struct JSONStringTests {
    /// The escaper writes exactly what `JSONEncoder` writes for a string (with slashes unescaped,
    /// as the reports are encoded), on every control character, quotes, backslashes and
    /// random Unicode text.
    @Test func escapingMatchesJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var rng = SplitMix64(seed: 21)
        let alphabet: [Unicode.Scalar] = (0..<0x20).map { Unicode.Scalar($0)! }
            + ["\"", "\\", "/", "a", "Z", " ", "\u{7F}", "é", "’", "\u{2028}", "\u{2029}", "한", "😀"]
        var cases = alphabet.map { String($0) }
        for _ in 0..<500 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 20) { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            cases.append(String(s))
        }
        for text in cases {
            let expected = String(decoding: try encoder.encode([text]), as: UTF8.self).dropFirst().dropLast()
            #expect(JSONString.quoted(text) == String(expected), "\(Array(text.unicodeScalars.map(\.value)))")
        }
    }

    @Test func escapedBytesParseBackToTheText() throws {
        let text = "Peskov: \"another bit of fake news\"\n\ttab\u{0}nul\u{1F}\\ ok"
        var bytes: [UInt8] = []
        JSONString.appendQuoted(text, to: &bytes)
        let parsed = try JSONDecoder().decode([String].self, from: Data("[".utf8 + bytes + "]".utf8))
        #expect(parsed == [text])
    }
}
