import Foundation
import Testing
@testable import RefrainText

@Suite struct SegmentationTests {
    func slices(_ text: String, _ ranges: [Range<Int>]) -> [String] {
        let bytes = Array(text.utf8)
        return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func paragraphsSplitOnBlankLinesAndTrim() {
        let text = "  First line\nstill first.\n\n \t\nSecond.\r\n\r\nThird  "
        #expect(slices(text, Paragraphs.ranges(in: text)) == ["First line\nstill first.", "Second.", "Third"])
        #expect(slices(text, Paragraphs.ranges(in: text, mode: .lineBreaks)) == ["First line", "still first.", "Second.", "Third"])
        #expect(Paragraphs.ranges(in: "").isEmpty && Paragraphs.ranges(in: "\n \n").isEmpty)
    }

    @Test func seedParagraphsSliceBack() {
        let text = seedCorpus.first { $0.name.hasPrefix("004") }!.text
        let paragraphs = slices(text, Paragraphs.ranges(in: text))
        #expect(paragraphs.contains("The two countries signed a mutual defense pact during Russian President Vladimir Putin's visit to Pyongyang earlier this year."))
        #expect(paragraphs.allSatisfy { !$0.isEmpty && $0.first!.isWhitespace == false && $0.last!.isWhitespace == false })
    }

    @Test func sentencesIgnoreHardWrapsButNotParagraphs() {
        let text = seedCorpus.first { $0.name.hasPrefix("000") }!.text
        let sentences = slices(text, SentenceSegmenter().sentences(in: text))
        // The headline has no blank line after it, so it joins the first sentence; the wrap does not split it.
        #expect(sentences.contains { $0.hasSuffix("The Kremlin on Thursday dismissed a claim by Seoul that North Korean soldiers were likely to\nbe fighting alongside Russian troops in Ukraine.") })
        #expect(sentences.contains("South Korean Defense Minister Kim Yong-hyun told lawmakers Tuesday that the report was\nprobably correct."))
        #expect(sentences.contains { $0.hasPrefix("\"This seems like yet another fake news story,\" Kremlin spokesman Dmitry Peskov") })
    }

    @Test func sentencesSplitAbbreviationsSensibly() {
        let text = "Lt. Col. Charlie Dietz spoke. U.S. officials agreed! Did they? Yes."
        let s = slices(text, SentenceSegmenter().sentences(in: text))
        #expect(s.count >= 3)
        #expect(s.last == "Yes.")
        #expect(s.joined(separator: " ") == text)
    }
}
