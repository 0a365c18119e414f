import Foundation
import Testing
import RefrainTestSupport
@testable import RefrainText

/// The ASCII fast path must yield exactly the tokens ICU yields.
@Suite struct ASCIIFastPathTests {
    static func tokens(_ text: String, fast: Bool) -> [String] {
        var options = TokenizerOptions()
        options.fastPaths = fast
        let t = Tokenizer(options: options).tokenize(text)
        return t.tokens.indices.map { i in
            let tok = t.tokens[i]
            return "\(tok.start)-\(tok.end):\(tok.kind):\(t.normalizedString(i))"
        }
    }

    @Test(arguments: [
        "don't stop", "e.g. this", "10,000 troops", "1.3 million", "a1.5", "x_1", "a:b", "5:01 PM",
        "Kn-23", "U.S. officials", "it's 'quoted'", "abc123def", "123abc", "1,2;3.4'5", "a.b.c", "a..b",
        "'Tis", "rock'n'roll", "1.", ".5", "a'", "$435 million", "C++ and C#", "foo@bar.com", "http://x.y/z?a=1",
        "say \"hi\"", "a\"b", "1\"2", "ratio 3:2", "12:30:45", "key:value",
    ])
    func matchesICUOnSamples(text: String) {
        #expect(Self.tokens(text, fast: true) == Self.tokens(text, fast: false), "\(text)")
    }

    @Test func matchesICUOnRandomASCII() {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("aaaabbcdeXYZ0123456789..'',,;;::__--\"  \n\t!?()$%&/@#")
        for _ in 0..<20000 {
            let length = Int.random(in: 1...40, using: &rng)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            let fast = Self.tokens(text, fast: true), icu = Self.tokens(text, fast: false)
            #expect(fast == icu, "\(text.debugDescription)")
            if fast != icu { return }
        }
    }

    /// The eight-byte skip stops exactly at the first byte the scanner must look at.
    @Test func attentionMaskFindsTheFirstByteThatNeedsALook() {
        var rng = SplitMix64(seed: 11)
        // Mostly bytes that continue a run, with each kind of stop byte mixed in.
        let quiet = Array(0x21...0x7F).map(UInt8.init).filter { $0 != 0x40 && $0 != 0x5F }
        let stops: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x40, 0x5F, 0x80, 0xC3, 0xE2, 0xFF]
        for _ in 0..<50_000 {
            let bytes = (0..<8).map { _ in
                Int.random(in: 0..<10, using: &rng) == 0 ? stops.randomElement(using: &rng)! : quiet.randomElement(using: &rng)!
            }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let expected = bytes.firstIndex { $0 >= 0x80 || $0 <= 0x20 || $0 == 0x40 || $0 == 0x5F }
            let mask = ASCIIWords.attentionMask(word)
            #expect((mask == 0 ? nil : mask.trailingZeroBitCount >> 3) == expected, "\(bytes)")
        }
    }

    @Test func matchesICUOnSeedCorpus() {
        for (name, text) in seedCorpus {
            #expect(Self.tokens(text, fast: true) == Self.tokens(text, fast: false), "\(name)")
        }
    }
}
