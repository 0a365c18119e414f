/// Escaping of text for HTML element content, attribute values and inline JSON.
///
/// Every piece of corpus text (document text, ids, speakers, outlets, dates) goes through one of
/// these before it reaches a page, so text such as `<script>` or `"a" & 'b'` shows as written
/// and never runs or breaks the markup.
public enum HTMLEscaping {
    /// Escapes `&`, `<`, `>`, `"` and `'` as character references. Safe in element content and
    /// in quoted attribute values. Cost: one pass over the UTF-8 bytes; returns `text` unchanged
    /// (no copy) when nothing needs escaping.
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes `bytes` (UTF-8, possibly cut mid-character at either end: incomplete sequences
    /// become U+FFFD) for element content.
    public static func escape(_ bytes: ArraySlice<UInt8>) -> String {
        escape(String(decoding: bytes, as: UTF8.self))
    }

    /// Makes JSON text safe inside `<script type="application/json">`: `<`, `>` and `&` become
    /// `\u003c`, `\u003e` and `\u0026`, and U+2028/U+2029 become `\u2028`/`\u2029`. The result
    /// parses to the same JSON value (those characters only occur inside JSON strings), and no
    /// `</script>` or `<!--` can appear in it.
    public static func scriptSafeJSON(_ json: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(json.underestimatedCount + 64)
        var iterator = json.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case 0x3C: out.append(contentsOf: "\\u003c".utf8)
            case 0x3E: out.append(contentsOf: "\\u003e".utf8)
            case 0x26: out.append(contentsOf: "\\u0026".utf8)
            case 0xE2:
                // U+2028 is E2 80 A8, U+2029 is E2 80 A9.
                guard let second = iterator.next() else { out.append(byte); break }
                guard second == 0x80, let third = iterator.next() else {
                    out.append(byte)
                    out.append(second)
                    break
                }
                if third == 0xA8 {
                    out.append(contentsOf: "\\u2028".utf8)
                } else if third == 0xA9 {
                    out.append(contentsOf: "\\u2029".utf8)
                } else {
                    out.append(contentsOf: [byte, second, third])
                }
            default:
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
