import Foundation
import Testing
import RefrainText
import RefrainTestSupport

/// `word<TAB>stem` pairs from the reference Snowball implementation
/// (regenerate with Scripts/make-stemmer-fixture.py).
private let porter2Vocabulary: [(word: String, stem: String)] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/porter2-vocabulary.tsv")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line in
        if line.hasPrefix("#") { return nil }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 2 else { return nil }
        return (String(fields[0]), String(fields[1]))
    }
}()

/// Stems `word` through the in-place buffer API, with guard bytes after the word, and
/// checks the contract: the result is no longer than the input and nothing past the
/// word is written.
private func stemInPlace(_ word: [UInt8]) -> [UInt8] {
    let stemmer = EnglishStemmer()
    let guardByte: UInt8 = 0xA5
    var buffer = word + [UInt8](repeating: guardByte, count: 8)
    let newCount = buffer.withUnsafeMutableBufferPointer { stemmer.stem($0, count: word.count) }
    #expect(newCount >= 0 && newCount <= word.count, "stem of \(word) grew to \(newCount) bytes")
    #expect(buffer[word.count...].allSatisfy { $0 == guardByte }, "stem of \(word) wrote past the word")
    return Array(buffer[0..<min(max(newCount, 0), word.count)])
}

@Suite struct StemmerTests {
    let stemmer = EnglishStemmer()

    @Test func matchesReferenceImplementationOnRealVocabulary() {
        // The fixture holds the seed corpus's words plus a dictionary sample; an empty or
        // truncated fixture must fail rather than pass vacuously.
        #expect(porter2Vocabulary.count > 3000)
        var mismatches: [String] = []
        for (word, expected) in porter2Vocabulary {
            let got = stemmer.stem(word)
            if got != expected { mismatches.append("\(word): got \(got), want \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(20))")
    }

    @Test func bufferAPIAgreesWithStringAPIAndNeverGrows() {
        for (word, expected) in porter2Vocabulary {
            let stem = stemInPlace(Array(word.utf8))
            #expect(String(decoding: stem, as: UTF8.self) == expected, "\(word)")
        }
    }

    @Test func randomByteStringsNeverGrowOrWritePastTheWord() {
        // Letters weighted towards vowels, y, doubles and suffix letters, plus apostrophes,
        // digits, hyphens and (rejected) non-ASCII and upper-case bytes.
        let alphabet = Array("aeiouyybcdglmnrsstwxz'-1".utf8) + [0xC3, 0xA9, UInt8(ascii: "Y")]
        var rng = SplitMix64(seed: 0x5EED_57E3)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...14, using: &rng)
            let word = (0..<length).map { _ in alphabet.randomElement(using: &rng)! }
            _ = stemInPlace(word)
        }
    }

    @Test(arguments: [
        ("skis", "ski"), ("skies", "sky"), ("sky", "sky"),
        ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"), ("early", "earli"),
        ("only", "onli"), ("singly", "singl"),
        ("news", "news"), ("howe", "howe"), ("atlas", "atlas"), ("cosmos", "cosmos"),
        ("bias", "bias"), ("andes", "andes"),
    ])
    func exceptionalFormsMapToFixedStems(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test(arguments: [("dying", "die"), ("lying", "lie"), ("tying", "tie"), ("vying", "vie"),
                      ("flying", "fli"), ("skiing", "ski")])
    func shortYingVerbsBecomeIe(word: String, stem: String) {
        #expect(stemmer.stem(word) == stem)
    }

    @Test func stepOneBExceptionsKeepTheirEnding() {
        for word in ["inning", "outing", "canning", "herring", "earring", "evening",
                     "proceed", "exceed", "succeed"] {
            #expect(stemmer.stem(word) == word)
        }
        // Their inflections still lose the plural or -ing/-ed ...
        #expect(stemmer.stem("innings") == "inning")
        #expect(stemmer.stem("evenings") == "evening")
        #expect(stemmer.stem("proceeding") == "proceed")
        #expect(stemmer.stem("exceeded") == "exceed")
        // ... and look-alikes that are longer words are stemmed normally.
        #expect(stemmer.stem("dinning") == "din")
    }

    @Test func specialPrefixesSetRegionOne() {
        #expect(stemmer.stem("generously") == "generous")
        #expect(stemmer.stem("communication") == "communic")
        #expect(stemmer.stem("community") == "communiti")
        #expect(stemmer.stem("arsenal") == "arsenal")
        #expect(stemmer.stem("university") == "universiti")
        #expect(stemmer.stem("emergency") == "emergenc")
        #expect(stemmer.stem("organic") == "organic")
        #expect(stemmer.stem("international") == "internat")
        #expect(stemmer.stem("pasted") == "paste")
        #expect(stemmer.stem("later") == "later")
    }

    @Test func inflectionsOfOneWordShareAStem() {
        #expect(Set(["sanctions", "sanctioned", "sanctioning", "sanction"].map(stemmer.stem)) == ["sanction"])
        #expect(stemmer.stem("hopping") == "hop")
        #expect(stemmer.stem("hoped") == "hope")
        #expect(stemmer.stem("added") == "add")
        #expect(stemmer.stem("caresses") == "caress")
        #expect(stemmer.stem("ties") == "tie")
        #expect(stemmer.stem("cries") == "cri")
        #expect(stemmer.stem("gaps") == "gap")
        #expect(stemmer.stem("gas") == "gas")
    }

    @Test func apostrophesArePossessivesOrLeadingElisions() {
        #expect(stemmer.stem("kremlin's") == "kremlin")
        #expect(stemmer.stem("kremlin'") == "kremlin")
        #expect(stemmer.stem("kremlin's'") == "kremlin")
        #expect(stemmer.stem("'kremlin's") == "kremlin")
        #expect(stemmer.stem("'tis") == "tis")
        #expect(stemmer.stem("o'clock") == "o'clock")
        #expect(stemmer.stem("north-korean's") == "north-korean")
    }

    @Test func emptyAndShortWordsAreUnchanged() {
        #expect(stemInPlace([]) == [])
        for word in ["a", "i", "s", "y", "is", "as", "us", "ab", "ox", "'s", "yy"] {
            #expect(stemmer.stem(word) == word)
        }
        // Three letters is enough to be stemmed.
        #expect(stemmer.stem("cry") == "cri")
        #expect(stemmer.stem("by") == "by")
    }

    @Test func consonantalYIsMarkedAndRestored() {
        #expect(stemmer.stem("yyy") == "yyy")
        #expect(stemmer.stem("yyyy") == "yyyi")
        #expect(stemmer.stem("yayy") == "yayi")
        #expect(stemmer.stem("sayyy") == "sayyy")
        #expect(stemmer.stem("say") == "say")
        #expect(stemmer.stem("yes") == "yes")
        // No marker leaks into the output.
        for (word, _) in porter2Vocabulary {
            #expect(!stemmer.stem(word).utf8.contains(UInt8(ascii: "Y")), "\(word)")
        }
    }

    @Test func nonASCIIAndUpperCaseWordsAreReturnedUnchanged() {
        for word in ["café", "naïve", "zürich's", "києва", "東京", "Running", "KREMLIN'S", "hopping\u{301}"] {
            #expect(stemmer.stem(word) == word)
            #expect(stemInPlace(Array(word.utf8)) == Array(word.utf8))
        }
    }

    @Test func digitsAndHyphensCountAsConsonants() {
        #expect(stemmer.stem("2024") == "2024")
        #expect(stemmer.stem("1990s") == "1990s")
        #expect(stemmer.stem("covid-19") == "covid-19")
    }

    @Test func stemsOnlyThePrefixNamedByCount() {
        // "hopping" followed by unrelated bytes: only the first 7 bytes are the word.
        var buffer = Array("hoppingXYZ".utf8)
        let n = buffer.withUnsafeMutableBufferPointer { stemmer.stem($0, count: 7) }
        #expect(String(decoding: buffer[0..<n], as: UTF8.self) == "hop")
        #expect(String(decoding: buffer[7...], as: UTF8.self) == "XYZ")
    }
}
