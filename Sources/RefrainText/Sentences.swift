/// Sentence segmentation with ICU's sentence break iterator, reporting byte ranges.
///
/// News text is often hard-wrapped, and ICU ends a sentence at every line break; so a single line
/// break inside a paragraph is read as a space (on a scratch copy of the same length, so offsets
/// are unchanged) and sentences never cross a paragraph boundary. Not thread-safe: one per thread.
public final class SentenceSegmenter {
    private let iterator: BreakIterator
    private var scratch: ContiguousArray<UInt8> = []

    /// A segmenter using ICU's rules for `locale` ("" = root, suitable for most languages).
    public init(locale: String = "") {
        iterator = BreakIterator(.sentence, locale: locale)
    }

    /// Sentence byte ranges of `bytes`, trimmed of whitespace, within the paragraphs found by `mode`.
    public func sentences(in bytes: UnsafeBufferPointer<UInt8>, mode: ParagraphMode = .blankLines) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for paragraph in Paragraphs.ranges(in: bytes, mode: mode) {
            appendSentences(in: bytes, paragraph: paragraph, to: &result)
        }
        return result
    }

    /// Sentence byte ranges of `text` (see ``sentences(in:mode:)-(UnsafeBufferPointer<UInt8>,_)``).
    public func sentences(in text: String, mode: ParagraphMode = .blankLines) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { sentences(in: $0, mode: mode) }
    }

    /// Appends the sentences of one paragraph (`paragraph` is a byte range of `bytes`) to `result`.
    public func appendSentences(in bytes: UnsafeBufferPointer<UInt8>, paragraph: Range<Int>, to result: inout [Range<Int>]) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[paragraph]))
        scratch.withUnsafeMutableBufferPointer { copy in
            for k in copy.indices where copy[k] == 0x0A || copy[k] == 0x0D { copy[k] = 0x20 }
            let view = UnsafeBufferPointer(copy)
            iterator.setText(view)
            var previous = 0
            while let boundary = iterator.next() {
                let s = Paragraphs.firstContent(view, previous, boundary)
                let e = Paragraphs.lastContent(view, s, boundary)
                if s < e { result.append((paragraph.lowerBound + s)..<(paragraph.lowerBound + e)) }
                previous = boundary
            }
        }
    }
}
