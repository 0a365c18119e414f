import RefrainBytes

/// Short, single-line excerpts of unit text for reports.
public enum Excerpt {
    /// The first `characters` Unicode scalars of `bytes` with whitespace runs collapsed to one
    /// space, followed by "…" when cut.
    public static func make(_ bytes: UnsafeBufferPointer<UInt8>, characters: Int) -> String {
        makeWithEnd(bytes, characters: characters).excerpt
    }

    /// The excerpt of ``make(_:characters:)`` and the end of the bytes it shows: one past its last
    /// character when it was cut, `bytes.count` when it shows everything. `bytes[..<end]` is the
    /// exact text behind the excerpt.
    public static func makeWithEnd(_ bytes: UnsafeBufferPointer<UInt8>, characters: Int) -> (excerpt: String, end: Int) {
        var out: [UInt8] = []
        var shownEnd = 0
        out.reserveCapacity(min(bytes.count, characters * 2))
        var scalars = 0
        var pendingSpace = false
        var cut = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                pendingSpace = !out.isEmpty
                i += 1
                continue
            }
            if scalars >= characters { cut = true; break }
            if pendingSpace {
                out.append(0x20)
                scalars += 1
                pendingSpace = false
                if scalars >= characters { cut = true; break }
            }
            let length = UTF8Scalars.sequenceLength(lead: b)
            let end = min(i + length, bytes.count)
            out.append(contentsOf: bytes[i..<end])
            scalars += 1
            i = end
            shownEnd = end
        }
        var text = decodeTruncated(out)
        if cut { text += "…" }
        return (text, cut ? shownEnd : bytes.count)
    }

    /// Decodes UTF-8 that may end inside a character, dropping the incomplete tail.
    public static func decodeTruncated(_ bytes: [UInt8]) -> String {
        var end = bytes.count
        // Back up over at most three continuation bytes to the last lead byte; drop it if incomplete.
        var k = end - 1
        var continuation = 0
        while k >= 0 && continuation < 3 && UTF8Scalars.isContinuation(bytes[k]) { k -= 1; continuation += 1 }
        if k >= 0 && bytes[k] >= 0xC0 {
            let need = UTF8Scalars.sequenceLength(lead: bytes[k])
            if continuation + 1 < need { end = k }
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
