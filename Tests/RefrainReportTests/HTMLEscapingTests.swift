import Foundation
import RefrainCorpus
import RefrainTestSupport
@testable import RefrainReport
import RefrainDedupe
import Testing

@Suite struct HTMLEscapingTests {
    static let hostile = """
        Breaking: officials said <script>alert(1)</script> was "never" seen & 'denied' it.

        A second paragraph with <img src=x onerror=alert(2)> and AT&T's "quotes" & more <b>bold</b> text here.
        """

    /// Two near-identical hostile documents, so dedupe clusters them and the page shows both.
    static var documents: [Document] {
        [
            Document(ordinal: 0, id: "<b>a&b\".txt", text: hostile, source: "Outlet <i>One</i> & Co", date: "2024-10-08",
                     origin: .init(path: "a")),
            Document(ordinal: 1, id: "second'<doc>.txt", text: hostile + " Extra words.", source: "\"Two\"", date: "2024-10-09",
                     origin: .init(path: "b")),
        ]
    }

    static func page() throws -> String {
        var options = DedupeOptions()
        options.level = .paragraph
        let report = DedupeReport(result: try DedupeEngine(options: options).run(documents: documents))
        #expect(report.clusters.count >= 1)
        return String(decoding: try ReportWriter.render(report, as: .html, documents: ReportDocuments(documents)), as: UTF8.self)
    }

    @Test func corpusTextNeverBecomesMarkup() throws {
        let html = try Self.page()
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>bold"))
        #expect(!html.contains("<i>One"))
        #expect(!html.contains("<doc>"))
        // The only script elements are the page's own: the embedded report and the page script.
        #expect(html.components(separatedBy: "<script").count - 1 == 2)
        #expect(html.components(separatedBy: "</script>").count - 1 == 2)
        // The text is still there, escaped, so a reader sees exactly what the document says.
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("AT&amp;T"))
        #expect(html.contains("&quot;never&quot;"))
        #expect(html.contains("&#39;denied&#39;"))
        #expect(html.contains("&lt;b&gt;a&amp;b&quot;.txt"))
        #expect(html.contains("Outlet &lt;i&gt;One&lt;/i&gt; &amp; Co"))
    }

    @Test func embeddedJSONCannotCloseItsScriptElement() throws {
        let html = try Self.page()
        let json = try #require(embeddedJSON(html))
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        #expect(json.contains("\\u003cscript\\u003ealert(1)"))
        let value = try JSONValue.parse(json)
        #expect(value["clusters"]?.arrayValue?.first?["members"]?.arrayValue?.first?["excerpt"]?.stringValue?
            .contains("<script>alert(1)</script>") == true, "the embedded JSON decodes to the original text")
    }

    @Test func contentSecurityPolicyAllowsOnlyThePageScript() throws {
        let html = try Self.page()
        #expect(html.contains("default-src 'none'"))
        #expect(html.contains("script-src 'sha256-\(HTMLAssets.scriptHash)'"))
    }

    @Test func escapesEveryMarkupCharacter() {
        #expect(HTMLEscaping.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTMLEscaping.escape("plain – text ✓") == "plain – text ✓")
        #expect(HTMLEscaping.scriptSafeJSON(Array("{\"a\":\"</script><!-- & \u{2028}\"}".utf8))
            == #"{"a":"\u003c/script\u003e\u003c!-- \u0026 \u2028"}"#)
    }

    @Test func scriptHashIsTheSHA256OfTheScript() {
        // Known answers (FIPS 180-4 examples).
        #expect(SHA256.base64(SHA256.digest(Array("abc".utf8))) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        #expect(SHA256.base64(SHA256.digest([])) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.base64(SHA256.digest(long)) == "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=")
    }
}
