import CICU

/// An ICU break iterator over UTF-8 bytes (word or sentence), reporting byte offsets.
///
/// Not thread-safe: one per thread. The bytes given to ``setText(_:)`` are not copied and must
/// stay valid while iterating.
final class BreakIterator {
    enum Kind { case word, sentence }

    private let handle: OpaquePointer

    init(_ kind: Kind, locale: String = "") {
        var error = [CChar](repeating: 0, count: 64)
        let opened = refrain_breaker_open(kind == .word ? Int32(REFRAIN_BREAK_WORD) : Int32(REFRAIN_BREAK_SENTENCE), locale, &error, 64)
        guard let opened else {
            // ICU's data ships with libicu; failing here means the installation is broken.
            let name = error.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            fatalError("ICU break iterator could not be opened: \(name)")
        }
        handle = opened
    }

    deinit { refrain_breaker_close(handle) }

    /// Points the iterator at `bytes`; offsets returned by ``next()`` are relative to its start.
    func setText(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = refrain_breaker_set_text(handle, bytes.baseAddress, Int64(bytes.count))
    }

    /// The next boundary, or nil at the end.
    @inline(__always)
    func next() -> Int? {
        let n = refrain_breaker_next(handle)
        return n < 0 ? nil : Int(n)
    }

    /// The rule status of the segment ending at the current boundary.
    @inline(__always)
    var ruleStatus: Int32 { refrain_breaker_rule_status(handle) }
}

/// ICU's version, e.g. "72.1".
public var icuVersion: String { String(cString: refrain_icu_version()) }

/// Raw ICU word segmentation over UTF-8: every boundary and its rule status, with no
/// normalization or filtering. For inspection and as the baseline the tokenizer is measured
/// against. Not thread-safe: one per thread.
public final class WordBoundaries {
    private let iterator = BreakIterator(.word)

    /// A word-boundary iterator for the root locale.
    public init() {}

    /// Calls `body(end, ruleStatus)` for each segment of `bytes`; returns the number of segments.
    @discardableResult
    public func forEachSegment(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, Int32) -> Void) -> Int {
        iterator.setText(bytes)
        var count = 0
        while let end = iterator.next() {
            body(end, iterator.ruleStatus)
            count += 1
        }
        return count
    }
}
