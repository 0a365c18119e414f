import CICU

/// The matching form of text: NFKC with Unicode case folding, typographic variants folded
/// (’ ‘ ʼ → ', “ ” „ « » → ", – — → -), and optionally diacritics removed.
///
/// "Kremlin’s" and "Kremlin's" normalize alike, as do "ＦＡＫＥ" and "fake". Plain ASCII takes a
/// table-driven fast path; everything else goes through ICU.
public struct Normalizer: Sendable {
    /// Whether to remove combining marks after decomposition ("café" → "cafe").
    public var foldDiacritics: Bool

    /// A normalizer; diacritics are kept unless `foldDiacritics`.
    public init(foldDiacritics: Bool = false) {
        self.foldDiacritics = foldDiacritics
    }

    /// ASCII lower-casing table; also folds the ASCII grave accent used as a quote mark.
    @usableFromInline static let asciiFold: [UInt8] = (0..<256).map { b -> UInt8 in
        if b >= 65 && b <= 90 { return UInt8(b + 32) }
        if b == 0x60 { return 0x27 }
        return UInt8(b)
    }

    /// Appends the normalized form of `source` to `output`.
    @inlinable
    public func append(_ source: UnsafeBufferPointer<UInt8>, to output: inout ContiguousArray<UInt8>) {
        var ascii = true
        for b in source where b >= 0x80 { ascii = false; break }
        if ascii {
            Normalizer.asciiFold.withUnsafeBufferPointer { table in
                for b in source { output.append(table[Int(b)]) }
            }
        } else {
            appendUnicode(source, to: &output)
        }
    }

    @usableFromInline
    func appendUnicode(_ source: UnsafeBufferPointer<UInt8>, to output: inout ContiguousArray<UInt8>) {
        var scratch = ContiguousArray<UInt8>(repeating: 0, count: source.count * 3 + 16)
        appendUnicode(source, to: &output, scratch: &scratch)
    }

    /// Like ``appendUnicode(_:to:)`` with a caller-owned scratch buffer, which grows as needed:
    /// a tokenizer keeps one so the hot path never allocates.
    func appendUnicode(_ source: UnsafeBufferPointer<UInt8>, to output: inout ContiguousArray<UInt8>, scratch: inout ContiguousArray<UInt8>) {
        let flags: Int32 = foldDiacritics ? Int32(REFRAIN_NORMALIZE_FOLD_DIACRITICS) : 0
        while true {
            let capacity = scratch.count
            let needed = scratch.withUnsafeMutableBufferPointer { out in
                refrain_normalize(source.baseAddress, Int32(source.count), out.baseAddress!, Int32(capacity), flags)
            }
            if needed < 0 {
                // ICU failed (it does not on valid input): keep the bytes rather than lose the token.
                output.append(contentsOf: source)
                return
            }
            if Int(needed) <= capacity {
                scratch.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<Int(needed)])) }
                return
            }
            scratch = ContiguousArray(repeating: 0, count: Int(needed) + 16)
        }
    }

    /// The normalized form of a string (cold path).
    public func normalize(_ text: String) -> String {
        var out = ContiguousArray<UInt8>()
        var copy = text
        copy.withUTF8 { append($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
