/// What a token is made of, from ICU's word-break rule status.
public enum TokenKind: UInt8, Sendable, Codable {
    /// Letters (Latin, Cyrillic, Hangul, ...), possibly with digits: "Kremlin's", "Kn-23" is two tokens.
    case word = 0
    /// Digits with their internal separators: "10,000", "1.3".
    case number = 1
    /// Kana, from ICU's dictionary segmentation of Japanese.
    case kana = 2
    /// Ideographs (Chinese characters, Japanese kanji), segmented by ICU's dictionary.
    case ideograph = 3
}

/// One token: where it stands in the original text and its normalized form.
///
/// Offsets are UTF-8 byte offsets into the text that was tokenized, half-open: slicing the
/// original bytes with `start..<end` gives the exact surface form. The normalized form lives in
/// the owning ``TokenizedText``'s `normalized` buffer at `normStart..<normEnd`.
/// Texts are limited to 2 GiB so that a token fits in 32 bytes.
public struct Token: Sendable, Hashable {
    @usableFromInline var _start: UInt32
    @usableFromInline var _end: UInt32
    @usableFromInline var _normStart: UInt32
    @usableFromInline var _normEnd: UInt32
    /// A ``StableHash`` of the normalized form: equal forms, equal hashes.
    public var hash: UInt64
    /// What the token is made of.
    public var kind: TokenKind
    /// Whether the normalized form is a stopword (set only when the tokenizer marks stopwords).
    public var isStopword: Bool

    @inlinable
    init(start: Int, end: Int, normStart: Int, normEnd: Int, hash: UInt64, kind: TokenKind, isStopword: Bool = false) {
        _start = UInt32(truncatingIfNeeded: start)
        _end = UInt32(truncatingIfNeeded: end)
        _normStart = UInt32(truncatingIfNeeded: normStart)
        _normEnd = UInt32(truncatingIfNeeded: normEnd)
        self.hash = hash
        self.kind = kind
        self.isStopword = isStopword
    }

    /// Byte offset of the first byte in the original text.
    @inlinable public var start: Int { Int(_start) }
    /// Byte offset one past the last byte in the original text.
    @inlinable public var end: Int { Int(_end) }
    /// The byte range in the original text.
    @inlinable public var range: Range<Int> { start..<end }
    /// The byte range of the normalized form in ``TokenizedText/normalized``.
    @inlinable public var normRange: Range<Int> { Int(_normStart)..<Int(_normEnd) }
}

/// The tokens of one text and the bytes of their normalized forms, in reusable storage.
///
/// Reuse one value across documents (``Tokenizer/tokenize(_:into:)`` clears it): its buffers keep
/// their capacity, so tokenizing allocates nothing once they are large enough.
public struct TokenizedText: Sendable {
    /// Tokens in text order.
    public var tokens: ContiguousArray<Token> = []
    /// Normalized forms of all tokens, back to back (see ``Token/normRange``).
    public var normalized: ContiguousArray<UInt8> = []

    /// An empty value.
    public init() {}

    /// Removes all tokens, keeping capacity.
    public mutating func removeAll() {
        tokens.removeAll(keepingCapacity: true)
        normalized.removeAll(keepingCapacity: true)
    }

    /// The number of tokens.
    @inlinable public var count: Int { tokens.count }

    /// The normalized form of token `index` as a string (cold path: allocates).
    public func normalizedString(_ index: Int) -> String {
        normalized.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[tokens[index].normRange]), as: UTF8.self) }
    }

    /// All normalized forms as strings (cold path: for tests and inspection).
    public var normalizedStrings: [String] { (0..<count).map(normalizedString) }

    /// Calls `body` with the normalized bytes of token `index`.
    @inlinable
    public func withNormalizedBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = tokens[index].normRange
        return try normalized.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[r])) }
    }
}
