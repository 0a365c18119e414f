import Foundation
import Testing
import RefrainText

@Suite struct StopwordTests {
    let english = StopwordList.english

    private func contains(bytes word: String) -> Bool {
        Array(word.utf8).withUnsafeBufferPointer { english.contains($0) }
    }

    @Test func englishListIsTheSnowballList() {
        #expect(english.count == 174)
        #expect(english.words.count == english.count)
        #expect(english.words == english.words.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for word in ["the", "a", "i", "of", "and", "yourselves", "themselves", "ought", "cannot", "very"] {
            #expect(english.contains(word), "\(word)")
        }
    }

    @Test func contractionsUseTheAsciiApostrophe() {
        for word in ["don't", "it's", "let's", "won't", "shouldn't", "i'm", "they'll", "how's"] {
            #expect(english.contains(word), "\(word)")
            #expect(contains(bytes: word))
        }
        #expect(!english.contains("dont"))
        #expect(!english.contains("don’t"))  // curly apostrophe: normalization's job
    }

    @Test func contentWordsAndHomonymsAreNotStopwords() {
        for word in ["kremlin", "troops", "will", "can", "may", "might", "must", "us", "mine",
                     "said", "korea", "theirself", "ours'", "th", "thee", "them'"] {
            #expect(!english.contains(word), "\(word)")
        }
    }

    @Test func lookupIsExactOnBytes() {
        #expect(!english.contains(""))
        #expect(!english.contains("The"))  // input is expected lower-cased
        #expect(!english.contains("the "))
        #expect(!english.contains(" the"))
        #expect(!english.contains("thé"))
        // Every prefix and extension of a stopword that is not itself one is rejected.
        let words = Set(english.words)
        for word in english.words {
            let bytes = Array(word.utf8)
            for cut in 1..<bytes.count {
                let prefix = String(decoding: bytes[0..<cut], as: UTF8.self)
                #expect(english.contains(prefix) == words.contains(prefix), "\(prefix)")
            }
            #expect(!english.contains(word + "x"))
            #expect(!english.contains(word + "'"))
        }
    }

    @Test func bufferAndStringLookupsAgreeOnTheCorpus() {
        // The seed corpus's words, lower-cased with straight apostrophes.
        var seen = 0
        var stopwords = 0
        for (_, text) in seedCorpus {
            let lowered = text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
            for word in lowered.split(whereSeparator: { !($0.isLetter || $0 == "'") }) {
                let w = String(word)
                let viaString = english.contains(w)
                #expect(viaString == contains(bytes: w), "\(w)")
                seen += 1
                if viaString { stopwords += 1 }
            }
        }
        // News prose is full of function words: a broken table would find none.
        #expect(seen > 1000)
        #expect(stopwords * 5 > seen)
    }

    @Test func customListsDropDuplicatesAndEmptyWords() {
        let list = StopwordList(["der", "die", "das", "die", "", "und"])
        #expect(list.count == 4)
        #expect(list.words == ["das", "der", "die", "und"])
        #expect(list.contains("die") && list.contains("und"))
        #expect(!list.contains("the") && !list.contains(""))
        let empty = StopwordList([String]())
        #expect(empty.count == 0 && !empty.contains("a"))
    }

    @Test func largeListsStayExact() {
        // Many words, so the probe sequences collide and wrap around the table.
        let many = (0..<5000).map { "w\($0)" }
        let list = StopwordList(many)
        #expect(list.count == 5000)
        #expect(many.allSatisfy(list.contains))
        #expect(!(5000..<6000).map { "w\($0)" }.contains(where: list.contains))
    }
}
