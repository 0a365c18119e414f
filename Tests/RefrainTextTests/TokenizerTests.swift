import Foundation
import Testing
import RefrainTestSupport
@testable import RefrainText

@Suite struct TokenizerTests {
    let tokenizer = Tokenizer()

    func surfaces(_ text: String) -> [String] {
        let t = tokenizer.tokenize(text)
        let bytes = Array(text.utf8)
        return t.tokens.map { String(decoding: bytes[$0.range], as: UTF8.self) }
    }

    func norms(_ text: String) -> [String] { tokenizer.tokenize(text).normalizedStrings }

    @Test func englishNewsTokensKeepApostrophesNumbersAndSplitDashes() {
        let text = "Kremlin’s “fake news” — soldiers—to Kim Yong-hyun said 1.3 million and 10,000 troops."
        #expect(surfaces(text) == ["Kremlin’s", "fake", "news", "soldiers", "to", "Kim", "Yong", "hyun", "said",
                                   "1.3", "million", "and", "10,000", "troops"])
        #expect(norms(text).first == "kremlin's")
        let kinds = tokenizer.tokenize(text).tokens.map(\.kind)
        #expect(kinds[9] == .number && kinds[12] == .number && kinds[0] == .word)
    }

    @Test func curlyAndStraightApostrophesNormalizeAlike() {
        #expect(norms("Kremlin’s") == norms("Kremlin's"))
        #expect(norms("Kremlinʼs") == ["kremlin's"])
        #expect(norms("ＦＡＫＥ news") == ["fake", "news"])
        #expect(norms("Straße") == ["strasse"])
        #expect(norms("ΣΊΣΥΦΟΣ") == norms("σίσυφος"))
    }

    @Test func normalizerFoldsTypographyInPassages() {
        let n = Normalizer()
        #expect(n.normalize("“Fake” – ‘news’ — «oui» „ja“") == "\"fake\" - 'news' - \"oui\" \"ja\"")
        #expect(n.normalize("ﬁnal ½") == "final 1⁄2")
        #expect(Normalizer(foldDiacritics: true).normalize("Café Zürich Łódź") == "cafe zurich łodz")
        #expect(Normalizer().normalize("Café") == "café")
    }

    @Test func koreanRussianAndThaiWords() {
        #expect(surfaces("북한군 병사들이 우크라이나에") == ["북한군", "병사들이", "우크라이나에"])
        #expect(surfaces("Песков назвал это «фейком».") == ["Песков", "назвал", "это", "фейком"])
        #expect(norms("ПЕСКОВ") == ["песков"])
        let thai = surfaces("ภาษาไทยง่ายนิดเดียว")
        #expect(thai.count >= 3 && thai.joined() == "ภาษาไทยง่ายนิดเดียว")
    }

    @Test func chineseAndJapaneseUseDictionarySegmentation() {
        let zh = tokenizer.tokenize("朝鲜士兵在乌克兰作战")
        #expect(zh.count >= 4)
        #expect(zh.tokens.allSatisfy { $0.kind == .ideograph || $0.kind == .word })
        #expect(surfaces("朝鲜士兵在乌克兰作战").joined() == "朝鲜士兵在乌克兰作战")
        let ja = surfaces("北朝鮮の兵士がウクライナで戦っている")
        #expect(ja.contains("ウクライナ"))
        #expect(ja.joined() == "北朝鮮の兵士がウクライナで戦っている")
    }

    @Test func offsetsSliceBackOnSeedCorpus() {
        #expect(seedCorpus.count == 5)
        for (name, text) in seedCorpus {
            let bytes = Array(text.utf8)
            let t = tokenizer.tokenize(text)
            #expect(t.count > 200, "\(name)")
            var last = 0
            for (i, token) in t.tokens.enumerated() {
                #expect(token.start >= last && token.end > token.start && token.end <= bytes.count)
                last = token.end
                let surface = String(decoding: bytes[token.range], as: UTF8.self)
                #expect(Normalizer().normalize(surface) == t.normalizedString(i))
                #expect(token.hash == StableHash.hash(t.normalizedString(i)))
            }
        }
    }

    @Test func seedCorpusKeepsKeyTokens() {
        let text = seedCorpus.first { $0.name.hasPrefix("003") }!.text
        let forms = Set(norms(text))
        for expected in ["10,000", "1.3", "600,000", "3,000", "kim", "yong", "hyun", "peskov", "couldn't"] {
            #expect(forms.contains(expected), "\(expected)")
        }
    }

    @Test func numbersCanBeDropped() {
        var options = TokenizerOptions()
        options.keepNumbers = false
        #expect(Tokenizer(options: options).tokenize("sent 10,000 troops in 2024").normalizedStrings == ["sent", "troops", "in"])
    }

    @Test func emptyAndWhitespaceOnlyTextsHaveNoTokens() {
        #expect(tokenizer.tokenize("").count == 0)
        #expect(tokenizer.tokenize(" \n\t\r\n ").count == 0)
        #expect(tokenizer.tokenize("— “ ” …").count == 0)
    }

    @Test func reusedBufferIsClearedBetweenTexts() {
        var out = TokenizedText()
        tokenizer.tokenize("one two three", into: &out)
        tokenizer.tokenize("four", into: &out)
        #expect(out.normalizedStrings == ["four"])
    }

    /// The fused hash of lower-cased ASCII equals the hash of the lower-cased copy, for every
    /// length it takes and all 128 ASCII byte values.
    @Test func lowercasedASCIIHashEqualsTheHashOfTheLowercasedCopy() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...16, using: &rng)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...0x7F, using: &rng) }
            let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
            let seed = rng.next()
            let fused = bytes.withUnsafeBytes { StableHash.hashLowercasedASCII($0.baseAddress!, count: length, seed: seed) }
            #expect(fused == lowered.withUnsafeBufferPointer { StableHash.hash($0, seed: seed) }, "\(bytes)")
        }
    }

    /// Without kept normalized forms, tokens are the same (offsets, kinds, hashes, stopword flags)
    /// and store no bytes, with or without stemming and stopwords, on the seeds and mixed scripts.
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func hashOnlyTokensMatchTokensWithForms(stem: Bool, stopwords: Bool) {
        var with = TokenizerOptions()
        with.stem = stem
        with.markStopwords = stopwords
        var without = with
        without.keepNormalizedForms = false
        let a = Tokenizer(options: with), b = Tokenizer(options: without)
        let texts = seedCorpus.map(\.text) + ["Песков’s «фейк» 10,5 млн WAS Was was", "café’s naïve 北朝鮮の兵士 한국어 The THE"]
        var outB = TokenizedText()
        for text in texts + texts {  // twice: the second pass reads b's normalization cache
            let x = a.tokenize(text)
            b.tokenize(text, into: &outB)
            #expect(outB.normalized.isEmpty && outB.tokens.allSatisfy { $0.normRange.isEmpty })
            #expect(x.tokens.map { [$0.start, $0.end, Int($0.kind.rawValue), $0.isStopword ? 1 : 0] }
                    == outB.tokens.map { [$0.start, $0.end, Int($0.kind.rawValue), $0.isStopword ? 1 : 0] })
            #expect(x.tokens.map(\.hash) == outB.tokens.map(\.hash))
        }
    }

    /// The fast paths for alphabetic scripts and Hangul agree with ICU where scripts meet.
    @Test(arguments: [
        "perl에 2004년에 이전4 a.한 한.a 한'a 한’한 1,한 한1", "Песков’s «фейк» 10,5 млн", "ΣΊΣΥΦΟΣ·a", "café’s naïve",
        "Łódź 1.3 км", "x—y «z» ‹w›", "א״ב", "Kn-23 ракета", "한국어\u{0301} 한",
    ])
    func mixedScriptSamplesMatchICU(text: String) {
        var icuOptions = TokenizerOptions()
        icuOptions.fastPaths = false
        let fast = tokenizer.tokenize(text), icu = Tokenizer(options: icuOptions).tokenize(text)
        #expect(fast.tokens == icu.tokens && fast.normalized == icu.normalized, "\(text)")
    }

    /// Random Unicode with combining marks, emoji, controls and invalid bytes never crashes, and
    /// every token's range is in bounds, increasing and non-empty.
    @Test func randomBytesNeverBreakInvariants() {
        var rng = SplitMix64(seed: 42)
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("Z".utf8), Array("7".utf8), Array(" ".utf8), Array("\n".utf8), Array(".".utf8),
            Array("'".utf8), Array(",".utf8), Array("\u{301}".utf8), Array("\u{200D}".utf8), Array("👩‍👩‍👧".utf8),
            Array("🇺🇦".utf8), Array("é".utf8), Array("ж".utf8), Array("한".utf8), Array("中".utf8), Array("ア".utf8),
            Array("ก".utf8), Array("한국".utf8), Array("ㄱ".utf8), Array("’".utf8), Array("—".utf8), Array("\u{00A0}".utf8), Array("\u{FEFF}".utf8),
            Array("Ж".utf8), Array("ω".utf8), Array("ß".utf8), Array("·".utf8), Array("«".utf8), Array("٣".utf8),
            Array("א".utf8), Array("ا".utf8), Array("ـ".utf8), Array("‘".utf8), Array("„".utf8), Array("\u{2028}".utf8),
            [0xFF], [0xC3], [0xE2, 0x80], [0xED, 0xA0, 0x80], [0x00], [0xF4, 0x90, 0x80, 0x80],
        ]
        var out = TokenizedText()
        for _ in 0..<5000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...30, using: &rng) { bytes += pieces.randomElement(using: &rng)! }
            bytes.withUnsafeBufferPointer { tokenizer.tokenize($0, into: &out) }
            var last = 0
            for token in out.tokens {
                #expect(token.start >= last && token.start < token.end && token.end <= bytes.count)
                last = token.end
            }
            // The same bytes through ICU alone give the same tokens.
            var icuOptions = TokenizerOptions()
            icuOptions.fastPaths = false
            var icuOut = TokenizedText()
            bytes.withUnsafeBufferPointer { Tokenizer(options: icuOptions).tokenize($0, into: &icuOut) }
            #expect(icuOut.tokens == out.tokens && icuOut.normalized == out.normalized)
        }
    }
}
