/// Options for ``Tokenizer``.
public struct TokenizerOptions: Sendable, Hashable {
    /// Remove diacritics from normalized forms ("café" → "cafe"). Default: false.
    public var foldDiacritics: Bool = false
    /// Keep number tokens ("10,000", "1.3"). Default: true.
    public var keepNumbers: Bool = true
    /// Replace each normalized form by its English stem (for fuzzy matching). Default: false.
    public var stem: Bool = false
    /// Set ``Token/isStopword`` from the English stopword list. Default: false.
    public var markStopwords: Bool = false
    /// Use the fast paths (they yield exactly ICU's tokens; off only for differential tests).
    public var fastPaths: Bool = true
    /// Keep each token's normalized form in ``TokenizedText/normalized``. Off, tokens still carry
    /// the hash of their normalized form (and stopword flag) but an empty ``Token/normRange``,
    /// which saves a copy per token for consumers that need only hashes, such as word shingles.
    /// Default: true.
    public var keepNormalizedForms: Bool = true

    /// The defaults.
    public init() {}
}

/// Splits UTF-8 text into word and number tokens with exact byte offsets and normalized forms.
///
/// Segmentation is ICU's word break iterator (UAX #29 plus dictionary segmentation for Chinese,
/// Japanese and Thai) run directly over the UTF-8 bytes; segments whose rule status marks them as
/// words or numbers become tokens. Runs between whitespace made only of plain ASCII or of
/// alphabetic scripts such as Cyrillic and Greek take a byte-level fast path (``ASCIIWords``,
/// ``UnicodeWords``) that applies the same rules and yields exactly the tokens ICU would, several
/// times faster; everything else goes to ICU. Normalized forms of non-ASCII words are cached.
///
/// A tokenizer is not thread-safe: use one per thread. It allocates nothing per token once the
/// reused ``TokenizedText`` has grown to size.
public final class Tokenizer {
    /// The options this tokenizer applies.
    public let options: TokenizerOptions
    private let normalizer: Normalizer
    private let words = BreakIterator(.word)
    private var cache = NormalizationCache()
    private var scratch = ContiguousArray<UInt8>(repeating: 0, count: 1024)
    private let stemmer = EnglishStemmer()
    private let stopwords = StopwordList.english

    /// A tokenizer with `options`.
    public init(options: TokenizerOptions = TokenizerOptions()) {
        self.options = options
        self.normalizer = Normalizer(foldDiacritics: options.foldDiacritics)
    }

    /// Tokenizes `text` into a fresh ``TokenizedText`` (convenience; allocates).
    public func tokenize(_ text: String) -> TokenizedText {
        var out = TokenizedText()
        tokenize(text, into: &out)
        return out
    }

    /// Tokenizes `text`, replacing the contents of `output`.
    public func tokenize(_ text: String, into output: inout TokenizedText) {
        var text = text
        text.withUTF8 { tokenize($0, into: &output) }
    }

    /// Tokenizes UTF-8 `bytes`, replacing the contents of `output`. Invalid UTF-8 is tolerated
    /// (ICU reads it as U+FFFD); offsets always index `bytes`.
    public func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout TokenizedText) {
        output.removeAll()
        guard bytes.count > 0 else { return }
        precondition(bytes.count < Int(UInt32.max), "texts over 4 GiB are not supported")
        if !options.fastPaths {
            tokenizeICU(bytes, from: 0, to: bytes.count, into: &output)
            return
        }
        // Split at ASCII whitespace, which always separates segments. Whitespace-free runs whose
        // code points all have a fast class (plain ASCII, alphabetic scripts, joining and breaking
        // punctuation) take the fast path; the rest are gathered into regions for ICU. An ICU region
        // starts at the whitespace before it, so marks that attach to a space stay with it as in
        // ICU. A fast run between two slow ones stays inside the region: restarting ICU costs more
        // than it saves on it.
        let n = bytes.count
        var i = 0
        var icuStart = -1          // start of the open ICU region
        var icuEnd = 0             // end of its last slow run
        var pendingStart = 0       // first fast run after icuEnd
        var pendingRuns = 0
        UnicodeWords.classes.withUnsafeBufferPointer { table in
            while i < n {
                let spaceStart = i
                while i < n && ASCIIWords.isSpace(bytes[i]) { i += 1 }
                if i == n { break }
                let runStart = i
                var ascii = true   // every byte is ASCII with a fast class
                var fast = true    // every code point has a fast class
                while i < n {
                    // Eight bytes at a time up to the first one that needs a look: most runs
                    // are plain ASCII words (other scripts go byte by byte: every lead byte
                    // needs a look).
                    if i + 8 <= n && bytes[i] < 0x80 {
                        let mask = ASCIIWords.attentionMask(UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self))
                        if mask == 0 { i += 8; continue }
                        i += mask.trailingZeroBitCount >> 3
                    }
                    let b = bytes[i]
                    if b < 0x80 {
                        if ASCIIWords.isSpace(b) { break }
                        if ASCIIWords.needsICU(b) { ascii = false; fast = false }
                        i += 1
                    } else {
                        ascii = false
                        let (c, length) = UnicodeWords.classify(bytes, i, n, table)
                        if c == UnicodeWords.icu { fast = false }
                        i += length
                    }
                }
                if !fast {
                    if icuStart < 0 { icuStart = spaceStart }
                    icuEnd = i
                    pendingRuns = 0
                } else if icuStart < 0 {
                    scanFast(bytes, from: runStart, to: i, ascii: ascii, classes: table, into: &output)
                } else {
                    if pendingRuns == 0 { pendingStart = runStart }
                    pendingRuns += 1
                    if pendingRuns > Self.fastRunsKeptInICU {
                        tokenizeICU(bytes, from: icuStart, to: icuEnd, into: &output)
                        icuStart = -1
                        pendingRuns = 0
                        scanFast(bytes, from: pendingStart, to: i, ascii: false, classes: table, into: &output)
                    }
                }
            }
            if icuStart >= 0 {
                tokenizeICU(bytes, from: icuStart, to: icuEnd, into: &output)
                if pendingRuns > 0 { scanFast(bytes, from: pendingStart, to: n, ascii: false, classes: table, into: &output) }
            }
        }
    }

    /// How many fast runs in a row an open ICU region absorbs before the fast path takes over.
    static let fastRunsKeptInICU = 1

    // MARK: - Paths

    @inline(__always)
    private func scanFast(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, ascii: Bool, classes: UnsafeBufferPointer<UInt8>, into output: inout TokenizedText) {
        if ascii {
            ASCIIWords.scan(bytes, from: start, to: end, classes: classes) { s, e, isWord in
                if !isWord && !options.keepNumbers { return }
                emitASCII(bytes, s, e, isWord ? .word : .number, into: &output)
            }
        } else {
            UnicodeWords.scan(bytes, from: start, to: end, classes: classes) { s, e, isWord, isASCII in
                if !isWord && !options.keepNumbers { return }
                if isASCII {
                    emitASCII(bytes, s, e, isWord ? .word : .number, into: &output)
                } else {
                    emitUnicode(bytes, s, e, isWord ? .word : .number, into: &output)
                }
            }
        }
    }

    private func tokenizeICU(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into output: inout TokenizedText) {
        let region = UnsafeBufferPointer(rebasing: bytes[start..<end])
        words.setText(region)
        var previous = 0
        while let boundary = words.next() {
            let status = words.ruleStatus
            defer { previous = boundary }
            let kind: TokenKind
            switch status {
            case 100..<200: kind = .number
            case 200..<300: kind = .word
            case 300..<400: kind = .kana
            case 400..<500: kind = .ideograph
            default: continue
            }
            if kind == .number && !options.keepNumbers { continue }
            let s = start + previous, e = start + boundary
            var ascii = true
            for k in s..<e where bytes[k] >= 0x80 { ascii = false; break }
            if ascii {
                emitASCII(bytes, s, e, kind, into: &output)
            } else {
                emitUnicode(bytes, s, e, kind, into: &output)
            }
        }
    }

    @inline(__always)
    private func emitASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ kind: TokenKind, into output: inout TokenizedText) {
        guard options.keepNormalizedForms else {
            let length = e - s
            if length <= 16 && !options.markStopwords && !options.stem {
                // Hash the lower-cased word straight from the text.
                let hash = StableHash.hashLowercasedASCII(UnsafeRawPointer(bytes.baseAddress! + s), count: length)
                let end = output.normalized.count
                output.tokens.append(Token(start: s, end: e, normStart: end, normEnd: end, hash: hash, kind: kind))
                return
            }
            // Lower-case into a stack buffer, hash it there, store nothing.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { lowered in
                for k in 0..<length { lowered[k] = ASCIIWords.lower(bytes[s + k]) }
                let form = UnsafeMutableBufferPointer(rebasing: lowered[0..<length])
                let judged = judge(form, kind)
                let end = output.normalized.count
                output.tokens.append(Token(start: s, end: e, normStart: end, normEnd: end, hash: judged.hash, kind: kind,
                                           isStopword: judged.stop))
            }
            return
        }
        let normStart = output.normalized.count
        output.normalized.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<e]))
        output.normalized.withUnsafeMutableBufferPointer { norm in
            for k in normStart..<norm.count { norm[k] = ASCIIWords.lower(norm[k]) }
        }
        finish(s, e, normStart, kind, into: &output)
    }

    private func emitUnicode(_ bytes: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ kind: TokenKind, into output: inout TokenizedText) {
        let surface = UnsafeBufferPointer(rebasing: bytes[s..<e])
        let normStart = output.normalized.count
        let key = StableHash.hash(surface, seed: 0x5eed)
        if !options.stem, let hash = cache.lookup(surface, key: key, appendingTo: &output.normalized) {
            var normEnd = output.normalized.count
            let stop = options.markStopwords && output.normalized.withUnsafeBufferPointer {
                stopwords.contains(UnsafeBufferPointer(rebasing: $0[normStart..<normEnd]))
            }
            if !options.keepNormalizedForms {
                output.normalized.removeLast(normEnd - normStart)
                normEnd = normStart
            }
            output.tokens.append(Token(start: s, end: e, normStart: normStart, normEnd: normEnd, hash: hash, kind: kind, isStopword: stop))
            return
        }
        normalizer.appendUnicode(surface, to: &output.normalized, scratch: &scratch)
        if !options.stem {
            // Cached before `finish`, which may drop the form.
            output.normalized.withUnsafeBufferPointer {
                let norm = UnsafeBufferPointer(rebasing: $0[normStart...])
                cache.store(surface, key: key, norm: norm, normHash: StableHash.hash(norm))
            }
        }
        finish(s, e, normStart, kind, into: &output)
    }

    @inline(__always)
    private func finish(_ s: Int, _ e: Int, _ normStart: Int, _ kind: TokenKind, into output: inout TokenizedText) {
        let normEnd = output.normalized.count
        let judged = output.normalized.withUnsafeMutableBufferPointer { buffer in
            judge(UnsafeMutableBufferPointer(rebasing: buffer[normStart..<normEnd]), kind)
        }
        // Stemming shortened the form in place; without kept forms, drop it altogether.
        let kept = options.keepNormalizedForms ? judged.length : 0
        output.normalized.removeLast(normEnd - normStart - kept)
        output.tokens.append(Token(start: s, end: e, normStart: normStart, normEnd: normStart + kept, hash: judged.hash,
                                   kind: kind, isStopword: judged.stop))
    }

    /// The hash, stopword flag and final length of the normalized form `form`, which is stemmed in
    /// place first when the options say so (stopwords are judged before stemming: "was" is one,
    /// its stem "wa" is not).
    @inline(__always)
    private func judge(_ form: UnsafeMutableBufferPointer<UInt8>, _ kind: TokenKind) -> (hash: UInt64, stop: Bool, length: Int) {
        let stop = options.markStopwords && stopwords.contains(UnsafeBufferPointer(form))
        let length = options.stem && kind == .word ? stemmer.stem(form, count: form.count) : form.count
        return (StableHash.hash(UnsafeBufferPointer(rebasing: form[0..<length])), stop, length)
    }
}
