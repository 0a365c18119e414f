import RefrainBytes

/// What ``CorpusWriter/write(inputs:options:edit:to:warn:)`` writes of one document.
public enum DocumentEdit: Sendable, Hashable {
    /// The document as it was read, byte for byte.
    case keep
    /// Nothing of the document.
    case drop
    /// The document with these byte ranges of its ``Document/text`` (UTF-8 offsets; any order,
    /// overlapping or touching ranges are merged) taken out. A document left with nothing but
    /// whitespace is dropped, and counted as emptied.
    case remove([Range<Int>])

    /// `text`'s UTF-8 without `ranges`. Ranges are clamped to the text and widened to whole
    /// Unicode scalars, so the result is valid UTF-8 whatever the ranges.
    public static func removing(_ ranges: [Range<Int>], from text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { bytes -> [UInt8] in
            let n = bytes.count
            @inline(__always) func isContinuation(_ i: Int) -> Bool { i < n && UTF8Scalars.isContinuation(bytes[i]) }
            var cuts = ranges.compactMap { r -> Range<Int>? in
                var lower = min(max(r.lowerBound, 0), n), upper = min(max(r.upperBound, 0), n)
                while lower > 0 && isContinuation(lower) { lower -= 1 }
                while isContinuation(upper) { upper += 1 }
                return lower < upper ? lower..<upper : nil
            }
            cuts.sort { $0.lowerBound < $1.lowerBound }
            var out: [UInt8] = []
            out.reserveCapacity(n)
            var at = 0
            for cut in cuts {
                if cut.lowerBound > at { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[at..<cut.lowerBound])) }
                at = max(at, cut.upperBound)
            }
            if at < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[at..<n])) }
            return out
        }
    }

    /// Whether `bytes` hold only ASCII whitespace (or nothing).
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
    }

    /// `bytes` as the contents of a JSON string (without the quotes), escaped by
    /// ``JSONString`` as the reports are.
    static func jsonStringContents(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16 + 8)
        bytes.withUnsafeBufferPointer { JSONString.appendEscaped($0, to: &out) }
        return out
    }
}
