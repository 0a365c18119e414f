import Testing
import Foundation
import RefrainMatch

/// Inputs the fuzz targets (Scripts/Fuzz) found crashing, each kept as the case it broke.
@Suite struct FuzzRegressionTests {
    /// Quote reader: an unterminated quote after a closed one at the end of a paragraph made an
    /// inverted range (found by `Scripts/fuzz.sh quotes`, 13 bytes after minimizing).
    @Test func quoteReaderSurvivesAnUnterminatedQuoteAtAParagraphEnd() {
        let text = "'l,'said\"A\n\"\""
        let quotes = QuoteReader().quotes(in: text)
        for q in quotes {
            #expect(q.range.lowerBound <= q.range.upperBound && q.range.upperBound <= text.utf8.count)
            if let a = q.attribution { #expect(a.cue.upperBound <= text.utf8.count) }
        }
    }

    /// Quote reader: a Japanese cue after 」と holding bytes that are not UTF-8 measured its
    /// length on the decoded string (three bytes per replacement character) and ran the cue
    /// past the end of the text (found by `Scripts/fuzz.sh quotes`, 209 bytes; reduced).
    @Test func japaneseCueOverInvalidUTF8StaysInTheText() {
        let bytes = Array("「はい」と".utf8) + [0xBD, 0xE5, 0xC5] + Array("は言った。".utf8)
        let quotes = bytes.withUnsafeBufferPointer { QuoteReader().quotes(in: $0) }
        #expect(!quotes.isEmpty)
        for q in quotes {
            #expect(q.markedRange.upperBound <= bytes.count)
            if let a = q.attribution { #expect(a.cue.lowerBound >= 0 && a.cue.upperBound <= bytes.count && a.cue.lowerBound <= a.cue.upperBound) }
        }
    }

    /// Attribution: a Japanese cue (「…」と NAME は言った) with invalid UTF-8 in the name measured
    /// its length in decoded text, where each bad byte is a three-byte U+FFFD, so the cue ran
    /// past the end (found by `Scripts/fuzz.sh quotes`, 101 bytes).
    @Test func japaneseCueWithInvalidBytesStaysInsideTheText() {
        var bytes = Array("„Wir“, sagte sie. 「はい」とe".utf8)
        bytes += [0xBD, 0xBC]
        bytes += Array("は言った。".utf8)
        let quotes = bytes.withUnsafeBufferPointer { QuoteReader().quotes(in: $0) }
        #expect(!quotes.isEmpty)
        for q in quotes {
            #expect(q.markedRange.upperBound <= bytes.count)
            if let a = q.attribution { #expect(a.cue.lowerBound >= 0 && a.cue.upperBound <= bytes.count && a.cue.lowerBound <= a.cue.upperBound) }
        }
    }
}
