import RefrainText

/// The on-disk format of a ``MatchIndex``, version 2.
///
/// An index is a directory:
/// - `refrain-index.json`, the manifest: `{"format": "refrain-index", "version": 2,
///   "terms": {"stem", "stopwords", "foldDiacritics"}, "documents": N, "segments": [{"name",
///   "documents", "firstDocument"}]}`. It is written last and replaced atomically, so it only
///   ever names complete segments.
/// - for each segment `seg-NNNNNN`, two files written once and never changed:
///   `seg-NNNNNN.docs` and `seg-NNNNNN.post`.
///
/// Integers are little-endian. A string is a `u32` byte length (`0xFFFFFFFF` for none) and its
/// UTF-8 bytes. A varint is LEB128 (7 bits a byte, low bits first, high bit set on all but the
/// last byte).
///
/// **Documents file** (`.docs`): a 64-byte header — magic `RFDOCS01`, `u32` version, `u32`
/// document count, `u64` offset of the offset table, `u64` offset of the term table, `u64`
/// number of terms in the term table, zero padding — then one record per document; then,
/// 8-byte aligned, the offset table: one `u64` record offset per document plus the table's own
/// offset as an end marker; then, 8-byte aligned, the term table: one `u64` term hash per
/// segment term, numbered from 0 in order of first occurrence in the segment.
///
/// A record: id, text, source, date, url, title, origin path (strings), `u32` origin line
/// (`0xFFFFFFFF` for none), `u32` token count `n`, `u32` distinct term count `k`, `u32` byte
/// length `L` of the token stream; then `k` varints, the segment term numbers of the
/// document's distinct terms in order of first occurrence (the document's local term numbers
/// 0..<k); then the token stream, `L` bytes, three varints per token in text order: `local
/// term number << 1 | stopword bit`, the token's start minus the previous token's end (the
/// first token: its start), and its length in bytes. So a query aligns stored terms and never
/// re-tokenizes a document; a record costs about 4 bytes per token plus 2–3 per distinct term.
///
/// **Postings file** (`.post`): a 64-byte header — magic `RFPOST01`, `u32` version, `u32`
/// document count, `u64` key count, `u64` keys offset, `u64` postings offset, `u64` postings
/// length, zero padding — then the keys, sorted by key, 24 bytes each: `u64` key, `u64` offset
/// of its list within the postings, `u32` document frequency, `u32` list length in bytes; then
/// the postings: for each key, its segment-local document numbers, ascending, as varints of
/// the gaps (the first number as is).
///
/// A key is the ``StableHash`` mix of a content term's hash (a unigram key), or of two
/// neighbouring content terms' hashes with stopwords between them skipped (a bigram key),
/// each with its own seed. Term hashes are ``StableHash`` of the normalized, optionally stemmed
/// token (``Token/hash``), so they are the same on every machine and run.
/// Global document numbers are `firstDocument` plus the local number.
///
/// Files are the same bytes whatever the number of threads that built them.
///
/// Version history: 1 had no term data in records (queries re-tokenized every candidate) and a
/// 16-byte documents header.
public enum IndexFormat {
    /// The format version this build writes and reads.
    public static let version = 2
    static let docsMagic: [UInt8] = Array("RFDOCS01".utf8)
    static let postingsMagic: [UInt8] = Array("RFPOST01".utf8)
    static let headerSize = 64
    static let keySize = 24
}

/// Index keys: rare single terms and pairs of neighbouring content terms.
enum Features {
    @inline(__always) static func unigram(_ t: UInt64) -> UInt64 { StableHash.mix(t, seed: 0x756E_6967_7261_6D31) }
    @inline(__always) static func bigram(_ a: UInt64, _ b: UInt64) -> UInt64 {
        StableHash.mix(a &* 0x9E37_79B9_7F4A_7C15 ^ b, seed: 0x6269_6772_616D_3031)
    }

    /// The distinct features of `terms`, sorted: a unigram for every content term, and a bigram
    /// for every pair of consecutive content terms (stopwords between them skipped).
    static func of(_ terms: TermSequence, into out: inout [UInt64]) {
        out.removeAll(keepingCapacity: true)
        var previous: UInt64? = nil
        for i in 0..<terms.count where !terms.isStopword[i] {
            let t = terms.terms[i]
            out.append(unigram(t))
            if let p = previous { out.append(bigram(p, t)) }
            previous = t
        }
        out.sort()
        var w = 0
        for r in 0..<out.count where r == 0 || out[r] != out[r - 1] {
            out[w] = out[r]
            w += 1
        }
        out.removeLast(out.count - w)
    }
}
