import Testing
@testable import RefrainDedupe

@Suite("Excerpts")
struct ExcerptTests {
    @Test func excerptsAreShortSingleLineAndCutAtCharacters() {
        let text = "  Ünïcödé   text\nwith\tlines ’quotes’ and more words after that  "
        var t = text
        let e = t.withUTF8 { Excerpt.make($0, characters: 20) }
        #expect(e == "Ünïcödé text with li…")
        let whole = t.withUTF8 { Excerpt.make($0, characters: 200) }
        #expect(whole == "Ünïcödé text with lines ’quotes’ and more words after that")
        #expect(Excerpt.decodeTruncated(Array("añ".utf8).dropLast()) == "a")
    }
}
