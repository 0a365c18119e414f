import ArgumentParser
import Foundation
import RefrainCorpus
import RefrainText
import RefrainBytes

/// `refrain tokenize`: print each document's tokens, for inspection.
struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print each document's tokens with their byte offsets and normalized forms.",
        discussion: """
        Tokens are ICU word segments (words and numbers) with UTF-8 byte offsets, half-open: \
        slicing the document's bytes with start..<end gives the surface form. norm is the form \
        used for matching (NFKC, case-folded, typographic quotes and dashes folded).

        Examples:
          refrain tokenize Corpora/dprk-ukraine-2024
          refrain tokenize --format json --stem --stopwords Corpora/dprk-ukraine-2024/000_f49b0cf1a968be6d.txt
          echo '{"id":"q","text":"Kremlin’s “fake news”"}' | refrain tokenize --format json -
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: text (one token per line) or json (one object per document per line).")
    var format: Format = .text

    @Flag(help: "Replace normalized forms with English stems.")
    var stem = false

    @Flag(name: .customLong("stopwords"), help: "Mark English stopwords (json: \"stop\": true).")
    var markStopwords = false

    @Flag(help: "Remove diacritics from normalized forms (café → cafe).")
    var foldDiacritics = false

    @Flag(help: "Leave number tokens out.")
    var noNumbers = false

    @Flag(help: "Print no warnings or summary on standard error.")
    var quiet = false

    func validate() throws { try input.requirePaths() }

    func run() throws {
        var options = TokenizerOptions()
        options.stem = stem
        options.markStopwords = markStopwords
        options.foldDiacritics = foldDiacritics
        options.keepNumbers = !noNumbers
        let tokenizer = Tokenizer(options: options)
        let reader = input.makeReader(quiet: quiet)
        var tokens = TokenizedText()
        try reportingErrors {
            while let document = try reader.next() {
                var text = document.text
                let line = text.withUTF8 { bytes -> String in
                    tokenizer.tokenize(bytes, into: &tokens)
                    return format == .json ? jsonLine(document, bytes, tokens) : textLines(document, bytes, tokens)
                }
                Console.write(line)
            }
        }
        Console.summary(reader.summary, quiet: quiet)
    }

    private func surface(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Token) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[token.range]), as: UTF8.self)
    }

    private func textLines(_ document: Document, _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: TokenizedText) -> String {
        var out = "# \(document.id) (\(tokens.count) tokens)\n"
        for (i, token) in tokens.tokens.enumerated() {
            out += "\(token.start)\t\(token.end)\t\(token.kind)\t\(surface(bytes, token))\t\(tokens.normalizedString(i))"
            out += token.isStopword ? "\tstop\n" : "\n"
        }
        return out
    }

    private func jsonLine(_ document: Document, _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: TokenizedText) -> String {
        var out = "{\"doc\":\(JSONString.quoted(document.id)),\"tokens\":["
        for (i, token) in tokens.tokens.enumerated() {
            if i > 0 { out += "," }
            out += "{\"text\":\(JSONString.quoted(surface(bytes, token))),\"norm\":\(JSONString.quoted(tokens.normalizedString(i)))"
            out += ",\"start\":\(token.start),\"end\":\(token.end),\"kind\":\"\(token.kind)\""
            if markStopwords { out += ",\"stop\":\(token.isStopword)" }
            out += "}"
        }
        return out + "]}\n"
    }
}
