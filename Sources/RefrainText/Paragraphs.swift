/// How a text is split into paragraphs.
public enum ParagraphMode: String, Sendable, Codable, CaseIterable {
    /// Paragraphs are separated by one or more blank (whitespace-only) lines. The default.
    case blankLines = "blank-lines"
    /// Every line break ends a paragraph (text whose paragraphs are single lines).
    case lineBreaks = "line-breaks"
}

/// Paragraph segmentation with byte ranges.
public enum Paragraphs {
    /// The byte ranges of the paragraphs of `bytes`, in order, each trimmed of surrounding
    /// whitespace; whitespace-only stretches yield nothing. Cost: one pass over the bytes.
    public static func ranges(in bytes: UnsafeBufferPointer<UInt8>, mode: ParagraphMode = .blankLines) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let n = bytes.count
        var paragraphStart = -1   // first non-space byte of the open paragraph
        var lastContentEnd = 0    // one past its last non-space byte
        var lineStart = 0
        var i = 0
        while i <= n {
            if i == n || bytes[i] == 0x0A {
                // A line ends here: is it blank?
                var blank = true
                var k = lineStart
                while k < i {
                    let b = bytes[k]
                    if !(b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C) { blank = false; break }
                    k += 1
                }
                if blank || mode == .lineBreaks {
                    if !blank {
                        if paragraphStart < 0 { paragraphStart = firstContent(bytes, lineStart, i) }
                        lastContentEnd = lastContent(bytes, lineStart, i)
                    }
                    if paragraphStart >= 0 { result.append(paragraphStart..<lastContentEnd) }
                    paragraphStart = -1
                } else {
                    if paragraphStart < 0 { paragraphStart = firstContent(bytes, lineStart, i) }
                    lastContentEnd = lastContent(bytes, lineStart, i)
                }
                lineStart = i + 1
            }
            i += 1
        }
        if paragraphStart >= 0 { result.append(paragraphStart..<lastContentEnd) }
        return result
    }

    /// The byte ranges of the paragraphs of `text` (see ``ranges(in:mode:)-(UnsafeBufferPointer<UInt8>,_)``).
    public static func ranges(in text: String, mode: ParagraphMode = .blankLines) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { ranges(in: $0, mode: mode) }
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    static func firstContent(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var k = from
        while k < to && isSpace(bytes[k]) { k += 1 }
        return k
    }

    static func lastContent(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var k = to
        while k > from && isSpace(bytes[k - 1]) { k -= 1 }
        return k
    }
}
