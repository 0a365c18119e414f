/// A fixed set of stopwords ("the", "of", "don't", ...) with allocation-free lookup over
/// UTF-8 bytes.
///
/// Get the standard English list as ``english``, or build your own with
/// ``init(_:)``. Words are stored as given, so they must already be in the form the
/// tokenizer produces (NFKC-normalized, lower-cased, ASCII `'` for apostrophes).
///
/// Lookup hashes the bytes once (64-bit FNV-1a) and probes an open-addressing table
/// sized to at most half full, then compares the candidate's bytes, so a hash collision
/// can never produce a false match. It costs O(length of the word) and never allocates.
public struct StopwordList: Sendable {
    /// The words' bytes, back to back, in sorted byte order.
    @usableFromInline internal let bytes: ContiguousArray<UInt8>
    /// For word `k`: where its bytes start in ``bytes`` and how many there are.
    @usableFromInline internal let offsets: ContiguousArray<UInt32>
    @usableFromInline internal let lengths: ContiguousArray<UInt8>
    /// Open-addressing slots: the hash of the word stored there (0 marks an empty slot;
    /// stored hashes are forced non-zero).
    @usableFromInline internal let slotHashes: ContiguousArray<UInt64>
    /// Open-addressing slots: the index of the word stored there.
    @usableFromInline internal let slotWords: ContiguousArray<UInt16>
    /// The longest word's length in bytes; longer inputs are rejected without hashing.
    @usableFromInline internal let maxLength: Int

    /// Builds a list from `words`, dropping duplicates and empty strings.
    ///
    /// - Parameter words: Normalized, lower-cased words, each at most 255 UTF-8 bytes;
    ///   at most 65,535 distinct words.
    /// - Complexity: O(n log n) for n words, once; lookups are O(word length).
    public init<S: Sequence>(_ words: S) where S.Element == String {
        var unique = Set<[UInt8]>()
        for word in words where !word.isEmpty {
            let utf8 = Array(word.utf8)
            precondition(utf8.count <= Int(UInt8.max), "stopword longer than 255 bytes: \(word)")
            unique.insert(utf8)
        }
        // Sorted so the layout (and ``words``) is deterministic.
        let sorted = unique.sorted { $0.lexicographicallyPrecedes($1) }
        precondition(sorted.count <= Int(UInt16.max), "too many stopwords")

        var bytes = ContiguousArray<UInt8>()
        var offsets = ContiguousArray<UInt32>()
        var lengths = ContiguousArray<UInt8>()
        var maxLength = 0
        for word in sorted {
            offsets.append(UInt32(bytes.count))
            lengths.append(UInt8(word.count))
            bytes.append(contentsOf: word)
            maxLength = max(maxLength, word.count)
        }

        var capacity = 16
        while capacity < sorted.count * 2 { capacity *= 2 }
        var slotHashes = ContiguousArray<UInt64>(repeating: 0, count: capacity)
        var slotWords = ContiguousArray<UInt16>(repeating: 0, count: capacity)
        let mask = capacity - 1
        for (index, word) in sorted.enumerated() {
            let hash = word.withUnsafeBufferPointer { StopwordList.hash($0) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slotHashes[slot] != 0 { slot = (slot + 1) & mask }
            slotHashes[slot] = hash
            slotWords[slot] = UInt16(index)
        }

        self.bytes = bytes
        self.offsets = offsets
        self.lengths = lengths
        self.slotHashes = slotHashes
        self.slotWords = slotWords
        self.maxLength = maxLength
    }

    /// The number of distinct words in the list.
    public var count: Int { offsets.count }

    /// The words, in sorted byte order. Allocates; meant for inspection and tests.
    public var words: [String] {
        (0..<count).map { k in
            let start = Int(offsets[k])
            return String(decoding: bytes[start..<start + Int(lengths[k])], as: UTF8.self)
        }
    }

    /// Whether `word` (normalized, lower-cased UTF-8) is in the list.
    ///
    /// Allocation-free; O(`word.count`).
    @inlinable
    public func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = word.count
        guard n > 0, n <= maxLength else { return false }
        let hash = StopwordList.hash(word)
        return slotHashes.withUnsafeBufferPointer { hashes in
            let mask = hashes.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let stored = hashes[slot]
                if stored == 0 { return false }
                if stored == hash && matches(word, wordIndex: Int(slotWords[slot])) { return true }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Whether `word` is in the list; a convenience for tests and cold paths.
    public func contains(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { contains($0) }
    }

    /// Byte-for-byte comparison of `word` with stored word `wordIndex`.
    @inlinable
    internal func matches(_ word: UnsafeBufferPointer<UInt8>, wordIndex: Int) -> Bool {
        let length = Int(lengths[wordIndex])
        guard length == word.count else { return false }
        let start = Int(offsets[wordIndex])
        return bytes.withUnsafeBufferPointer { stored in
            for j in 0..<length where stored[start + j] != word[j] {
                return false
            }
            return true
        }
    }

    /// 64-bit FNV-1a over the bytes, forced non-zero so 0 can mark an empty slot.
    @inlinable
    internal static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in word {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        return h == 0 ? 1 : h
    }
}

extension StopwordList {
    /// The Snowball project's English stopword list (174 words): pronouns, forms of
    /// "be", "have" and "do", the auxiliaries would/should/could/ought, contractions
    /// with an ASCII apostrophe ("don't", "it's", "let's"), articles, and common
    /// prepositions, conjunctions and adverbs.
    ///
    /// Like that list it leaves out "will", "can", "may", "might" and "must" (homonyms
    /// of nouns), "us" (clashes with "US"), and "mine".
    public static let english = StopwordList([
        // Personal pronouns and their possessive and reflexive forms.
        "i", "me", "my", "myself",
        "we", "our", "ours", "ourselves",
        "you", "your", "yours", "yourself", "yourselves",
        "he", "him", "his", "himself",
        "she", "her", "hers", "herself",
        "it", "its", "itself",
        "they", "them", "their", "theirs", "themselves",
        // Demonstratives and interrogatives.
        "what", "which", "who", "whom", "this", "that", "these", "those",
        // be, have, do.
        "am", "is", "are", "was", "were", "be", "been", "being",
        "have", "has", "had", "having",
        "do", "does", "did", "doing",
        // Auxiliaries without a common noun homonym.
        "would", "should", "could", "ought",
        // Pronoun + verb contractions.
        "i'm", "you're", "he's", "she's", "it's", "we're", "they're",
        "i've", "you've", "we've", "they've",
        "i'd", "you'd", "he'd", "she'd", "we'd", "they'd",
        "i'll", "you'll", "he'll", "she'll", "we'll", "they'll",
        // Verb + negation.
        "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't",
        "doesn't", "don't", "didn't",
        // Auxiliary + negation.
        "won't", "wouldn't", "shan't", "shouldn't", "can't", "cannot", "couldn't", "mustn't",
        // Other contractions.
        "let's", "that's", "who's", "what's", "here's", "there's", "when's", "where's",
        "why's", "how's",
        // Articles.
        "a", "an", "the",
        // Conjunctions.
        "and", "but", "if", "or", "because", "as", "until", "while",
        // Prepositions and particles.
        "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
        "during", "before", "after", "above", "below", "to", "from", "up", "down", "in",
        "out", "on", "off", "over", "under",
        // Adverbs and determiners.
        "again", "further", "then", "once",
        "here", "there", "when", "where", "why", "how",
        "all", "any", "both", "each", "few", "more", "most", "other", "some", "such",
        "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very",
    ])
}
