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
}
