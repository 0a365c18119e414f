/// JSON string escaping on UTF-8 bytes: the one escaper every writer of JSON in Refrain uses
/// (the report encoder, the deduplicated JSON Lines writer, `refrain tokenize`).
///
/// It writes what Foundation's `JSONEncoder` writes: `"` and `\` escaped with a backslash;
/// the control characters U+0000–U+001F as `\n`, `\r`, `\t`, `\b`, `\f`, else `\u00xx` in
/// lowercase hex; `/`, DEL, U+2028/U+2029 and all other bytes (UTF-8 included) as they are.
/// The bytes are not validated: valid UTF-8 in gives valid UTF-8 out.
public enum JSONString {
    /// Appends the escaped contents of `utf8` (without quotes) to `out`.
    @inlinable
    public static func appendEscaped<Output: RangeReplaceableCollection<UInt8>>(
        _ utf8: UnsafeBufferPointer<UInt8>, to out: inout Output
    ) {
        var start = 0
        for i in 0..<utf8.count {
            let byte = utf8[i]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
            start = i + 1
            out.append(0x5C)
            switch byte {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                // `byte` < 0x20, so the high hex digit is 0 or 1.
                let low = byte & 0x0F
                out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, 0x30 + (byte >> 4), low < 10 ? 0x30 + low : 0x57 + low])
            }
        }
        if start < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
    }

    /// Appends `text` as a quoted JSON string to `out`.
    @inlinable
    public static func appendQuoted<Output: RangeReplaceableCollection<UInt8>>(_ text: String, to out: inout Output) {
        var text = text
        out.append(0x22)
        text.withUTF8 { appendEscaped($0, to: &out) }
        out.append(0x22)
    }

    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
