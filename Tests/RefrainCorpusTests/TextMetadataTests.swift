import Foundation
import Testing
@testable import RefrainCorpus

@Suite struct TextMetadataTests {
    @Test func headerBlockFillsMetadataAndMarksWhereTheBodyStarts() throws {
        let dir = try TemporaryDirectory()
        let header = "Source: Daily Wire Service\ndate: 10 October 2024\nURL: https://www.example.org/a/1\ntitle: Kremlin: no comment\n\n"
        let body = "MOSCOW — \"No comment,\" the spokesman said.\n"
        try dir.write("a.txt", header + body)
        let (documents, summary) = try readAll([dir.path])
        let d = try #require(documents.first)
        #expect(d.source == "Daily Wire Service")
        #expect(d.date == "2024-10-10")
        #expect(d.url == "https://www.example.org/a/1")
        #expect(d.title == "Kremlin: no comment")
        // The text is the file as read; the body starts past the blank line.
        #expect(d.text == header + body)
        #expect(d.bodyOffset == header.utf8.count)
        #expect(summary.warnings == 0)
    }

    @Test func headerEndsAtTheFirstOtherLineAndNeedsAKnownKey() {
        let f = TextMetadata.read("source: Wire\nKYIV — The first paragraph.\n")
        #expect(f.source == "Wire")
        #expect(f.bodyOffset == "source: Wire\n".utf8.count)
        // Unknown keys, an empty value, or a leading blank line: no header.
        for text in ["author: Jane\n\nBody.", "source:\n\nBody.", "\nsource: Wire\n\nBody.", "Note: this is prose.\n"] {
            let none = TextMetadata.read(text)
            #expect(none.bodyOffset == 0, "\(text)")
            #expect(none.source == nil)
        }
        // A header alone, with CRLF line ends and a date kept as written when it does not parse.
        let crlf = TextMetadata.read("date: sometime in autumn\r\nsource: Wire\r\n")
        #expect(crlf.date == "sometime in autumn")
        #expect(crlf.source == "Wire")
        #expect(crlf.bodyOffset == "date: sometime in autumn\r\nsource: Wire\r\n".utf8.count)
    }

    @Test func commonDatelineFormsAreRead() {
        let cases: [(String, String?)] = [
            ("by Nate Ostiller and The Kyiv Independent news desk October 10, 2024 5:01 PM 2 min read", "2024-10-10"),
            (" date 2024-10-10 Skip to content", "2024-10-10"),
            ("Published 10 Oct, 2024 03:09pm", "2024-10-10"),
            ("MOSCOW, Oct. 10, 2024 (Reuters) — The Kremlin said", "2024-10-10"),
            ("Updated: Thursday, Sept. 5, 2024", "2024-09-05"),
            ("2024-10-16T08:00:00Z", "2024-10-16"),
            ("By Jane Roe", nil),
            // A date in running text, or a photo caption, is not a dateline.
            ("In this Saturday, Oct. 10, 2015, file photo, soldiers march", nil),
            ("The talks of October 10, 2024 failed.", nil),
            ("MOSCOW, Oct 10 (Reuters) -", nil),   // no year
            ("February 30, 2024", "2024-02-30"),   // the form is read as written; no calendar check
            ("Octember 10, 2024", nil),
        ]
        for (line, want) in cases { #expect(TextMetadata.dateline(line) == want, "\(line)") }
    }

    @Test func seedCorpusDatelinesGiveTheDatesOfItsReadme() throws {
        let (documents, _) = try readAll([seedCorpusPath])
        let dates = Dictionary(uniqueKeysWithValues: documents.map { (String($0.id.prefix(3)), $0.date) })
        // 001 and 004 carry a dateline or byline date; 003's only date is a 2015 photo caption.
        #expect(dates["001"] == "2024-10-10")
        #expect(dates["004"] == "2024-10-08")
        #expect(dates["000"] == .some(nil))
        #expect(dates["002"] == .some(nil))
        #expect(dates["003"] == .some(nil))
        #expect(documents.allSatisfy { $0.bodyOffset == 0 && $0.source == nil })
    }

    @Test func metadataReadingCanBeTurnedOff() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.txt", "source: Wire\n\nOctober 10, 2024\nBody.")
        var options = ReaderOptions()
        options.readTextMetadata = false
        let (documents, _) = try readAll([dir.path], options: options)
        #expect(documents.first?.source == nil)
        #expect(documents.first?.date == nil)
        #expect(documents.first?.bodyOffset == 0)
    }

    @Test func jsonLinesTextIsNotParsedForHeaders() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.jsonl", #"{"id": "a", "text": "source: Wire\n\nOctober 10, 2024\nBody."}"# + "\n")
        let (documents, _) = try readAll([dir.url("a.jsonl")])
        #expect(documents.first?.source == nil)
        #expect(documents.first?.date == nil)
        #expect(documents.first?.bodyOffset == 0)
    }

    @Test func arbitraryBytesNeverTrap() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("source:date:url:title: \n\r\t0123456789-,.OctoberMay By MOSCOW é\u{2014}".utf8)
        for _ in 0..<2000 {
            let n = Int.random(in: 0..<200, using: &rng)
            let bytes = (0..<n).map { _ in Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng) }
            let text = String(decoding: bytes, as: UTF8.self)
            let f = TextMetadata.read(text)
            #expect(f.bodyOffset >= 0 && f.bodyOffset <= text.utf8.count)
        }
    }
}
