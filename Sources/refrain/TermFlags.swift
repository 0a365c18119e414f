import ArgumentParser
import RefrainMatch

/// Term options shared by `find`, `quotes` and `index`.
struct TermFlags: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Stem English words so inflected forms match (sanction, sanctioned).")
    var stem = true

    @Flag(inversion: .prefixedNo, help: "Give English stopwords a low weight and keep them out of the index keys.")
    var stopwords = true

    @Option(help: ArgumentHelp("How paragraphs are found for quotes: auto (blank lines if any, else every line), blank-lines or line-breaks.", valueName: "mode"))
    var paragraphs: QuoteParagraphMode = QuoteExtractionOptions().paragraphMode

    var options: TermOptions { TermOptions(stem: stem, stopwords: stopwords) }
    var paragraphMode: QuoteParagraphMode { paragraphs }
}
