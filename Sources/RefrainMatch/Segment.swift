import RefrainBytes

/// A read-only view of one segment's two files, every read bounds-checked.
///
/// Opening checks the headers, the table bounds and the whole offset table (8 bytes a document:
/// every record lies inside the records area, in order), so a record's window is sound; the
/// rest is checked when read: every string length against its record, every term number
/// against the term table, every token's range against the document's text, every posting
/// list against the postings and every document number in it against the segment. A damaged
/// file throws ``MatchIndexError/corrupt(path:offset:reason:)`` naming the file and offset.
final class Segment: @unchecked Sendable {
    // Safe to share: the bytes are immutable and the readers are values over them.
    private let docsFile: MappedBytes
    private let postingsFile: MappedBytes
    private let docs: CheckedReader
    private let postings: CheckedReader
    let documentCount: Int
    let firstDocument: Int
    private let featureCount: Int
    private let keysOffset: Int
    private let blobOffset: Int
    private let blobLength: Int
    private let tableOffset: Int
    private let termsOffset: Int
    private let termCount: Int

    init(docs docsFile: MappedBytes, postings postingsFile: MappedBytes, firstDocument: Int) throws(MatchIndexError) {
        self.docsFile = docsFile
        self.postingsFile = postingsFile
        self.firstDocument = firstDocument
        let docs = docsFile.reader, postings = postingsFile.reader
        self.docs = docs
        self.postings = postings
        let header = IndexFormat.headerSize
        let versions: (Int, Int)
        do throws(ByteReadError) {
            var d = docs
            try d.expect(magic: IndexFormat.docsMagic, "a Refrain documents file")
            var p = postings
            try p.expect(magic: IndexFormat.postingsMagic, "a Refrain postings file")
            guard docs.contains(0, count: header) else { throw docs.error("header cut off (\(docs.end) bytes)", at: docs.end) }
            guard postings.contains(0, count: header) else { throw postings.error("header cut off (\(postings.end) bytes)", at: postings.end) }
            versions = (Int(try docs.load(at: 8, as: UInt32.self)), Int(try postings.load(at: 8, as: UInt32.self)))
        } catch {
            throw MatchIndexError(error)
        }
        guard versions.0 == IndexFormat.version else { throw .unsupportedVersion(path: docs.path, version: versions.0) }
        guard versions.1 == IndexFormat.version else { throw .unsupportedVersion(path: postings.path, version: versions.1) }
        do throws(ByteReadError) {
            // Documents: the offset table (one entry a document and an end marker) after the
            // records, the term table after it.
            documentCount = Int(try docs.load(at: 12, as: UInt32.self))
            tableOffset = try docs.count(at: 16, atMost: docs.end - 8 * (documentCount + 1), "offset table offset")
            guard tableOffset >= header else { throw docs.error("offset table offset \(tableOffset) inside the header", at: 16) }
            let tableEnd = tableOffset + 8 * (documentCount + 1)
            termsOffset = try docs.count(at: 24, atMost: docs.end, "term table offset")
            guard termsOffset >= tableEnd else { throw docs.error("term table offset \(termsOffset) inside the offset table", at: 24) }
            termCount = try docs.count(at: 32, atMost: (docs.end - termsOffset) / 8, "term count")
            var previous = header
            for i in 0...documentCount {
                let at = tableOffset + 8 * i
                let o = try docs.count(at: at, atMost: tableOffset, "record offset")
                guard o >= previous else { throw docs.error("record offset \(o) before the previous record (\(previous))", at: at) }
                previous = o
            }
            guard previous == tableOffset else { throw docs.error("records end at \(previous), not at the offset table", at: tableEnd - 8) }

            // Postings: the key table, then the lists.
            guard Int(try postings.load(at: 12, as: UInt32.self)) == documentCount else {
                throw postings.error("document count differs from the documents file", at: 12)
            }
            featureCount = try postings.count(at: 16, atMost: postings.end / IndexFormat.keySize, "key count")
            keysOffset = try postings.count(at: 24, atMost: postings.end, "keys offset")
            guard keysOffset >= header else { throw postings.error("keys offset \(keysOffset) inside the header", at: 24) }
            blobOffset = try postings.count(at: 32, atMost: postings.end, "postings offset")
            guard featureCount <= (blobOffset - keysOffset) / IndexFormat.keySize else {
                throw postings.error("\(featureCount) keys do not fit before the postings at \(blobOffset)", at: 16)
            }
            blobLength = try postings.count(at: 40, atMost: postings.end - blobOffset, "postings length")
        } catch {
            throw MatchIndexError(error)
        }
    }

    /// Binary search for `feature`: its key's offset in the postings file, or nil.
    @inline(__always)
    private func key(_ feature: UInt64) throws(ByteReadError) -> Int? {
        var lo = 0, hi = featureCount
        while lo < hi {
            let mid = (lo + hi) >> 1
            let at = keysOffset + mid * IndexFormat.keySize
            let f = try postings.load(at: at, as: UInt64.self)
            if f < feature { lo = mid + 1 } else if f > feature { hi = mid } else { return at }
        }
        return nil
    }

    /// How many of this segment's documents hold `feature` (as its key says: at most the
    /// segment's documents). Reads only the key table, checked when the segment was opened.
    func documentFrequency(_ feature: UInt64) -> Int {
        // Cannot fail: the key table lies inside the file (checked at open).
        guard let key = try? key(feature), let df = try? postings.load(at: key + 16, as: UInt32.self) else { return 0 }
        return min(Int(df), documentCount)
    }

    /// Calls `body` with each global document number holding `feature`, ascending.
    @inline(__always)
    func forEachDocument(_ feature: UInt64, _ body: (Int) -> Void) throws(MatchIndexError) {
        do throws(ByteReadError) {
            guard let key = try key(feature) else { return }
            let start = try postings.count(at: key + 8, atMost: blobLength, "posting list offset")
            let length = Int(try postings.load(at: key + 20, as: UInt32.self))
            guard length <= blobLength - start else {
                throw postings.error("posting list of \(length) bytes at \(start) runs past the postings (\(blobLength) bytes)", at: key + 20)
            }
            var list = try postings.window(at: blobOffset + start, count: length)
            var doc = -1
            while !list.isAtEnd {
                let at = list.offset
                let v = Int(try list.varint())
                // Gaps after the first number are positive: the list is strictly ascending.
                doc = doc < 0 ? v : (v > 0 ? doc + v : documentCount)
                guard doc < documentCount else {
                    throw list.error("document number \(doc) in a posting list of a segment of \(documentCount) documents", at: at)
                }
                body(firstDocument + doc)
            }
        } catch {
            throw MatchIndexError(error)
        }
    }

    /// The record of local document `local` (its window of the documents file).
    private func record(_ local: Int) throws(ByteReadError) -> CheckedReader {
        // The offset table was checked when the segment was opened.
        let o = Int(try docs.load(at: tableOffset + 8 * local, as: UInt64.self))
        let end = Int(try docs.load(at: tableOffset + 8 * (local + 1), as: UInt64.self))
        return try docs.window(at: o, count: end - o)
    }

    /// The id of local document `local`.
    func id(_ local: Int) throws(MatchIndexError) -> String {
        do throws(ByteReadError) {
            var r = try record(local)
            return try r.indexString().map { String(decoding: $0, as: UTF8.self) } ?? ""
        } catch {
            throw MatchIndexError(error)
        }
    }

    /// The text bytes of local document `local` (no copy).
    func textBytes(_ local: Int) throws(MatchIndexError) -> UnsafeBufferPointer<UInt8> {
        do throws(ByteReadError) {
            var r = try record(local)
            _ = try r.indexString()
            return try r.indexString() ?? UnsafeBufferPointer(start: nil, count: 0)
        } catch {
            throw MatchIndexError(error)
        }
    }

    /// The record of local document `local` with the cursor at its token count (after its
    /// strings and line), and the byte length of its text.
    private func counts(_ local: Int) throws(ByteReadError) -> (reader: CheckedReader, textLength: Int) {
        var r = try record(local)
        _ = try r.indexString()
        let textLength = try r.indexString()?.count ?? 0
        for _ in 0..<5 { _ = try r.indexString() }
        try r.skip(4)
        return (r, textLength)
    }

    /// Number of tokens of local document `local`.
    func tokenCount(_ local: Int) throws(MatchIndexError) -> Int {
        do throws(ByteReadError) {
            var r = try counts(local).reader
            return Int(try r.next(UInt32.self))
        } catch {
            throw MatchIndexError(error)
        }
    }

    /// The stored terms of local document `local`, replacing `out`'s contents.
    func terms(_ local: Int, into out: inout DocumentTerms) throws(MatchIndexError) {
        out.removeAll()
        do throws(ByteReadError) {
            var (r, textLength) = try counts(local)
            let countsAt = r.offset
            let n = Int(try r.next(UInt32.self)), k = Int(try r.next(UInt32.self)), length = Int(try r.next(UInt32.self))
            // Counts bounded by the bytes they take (a term number is at least 1 byte, a token
            // 3), so a damaged count cannot ask for a huge allocation.
            guard k <= n, k <= r.remaining, length <= r.remaining, n <= length / 3 else {
                throw r.error("token counts \(n), \(k), \(length) do not fit the record (\(r.remaining) bytes left)", at: countsAt)
            }
            out.distinct.reserveCapacity(k)
            for _ in 0..<k {
                let at = r.offset
                let t = Int(try r.varint())
                guard t < termCount else { throw r.error("term number \(t) of \(termCount)", at: at) }
                out.distinct.append(try docs.load(at: termsOffset + 8 * t, as: UInt64.self))
            }
            var stream = try r.window(count: length)
            out.ids.reserveCapacity(n)
            out.isStopword.reserveCapacity(n)
            out.starts.reserveCapacity(n)
            out.ends.reserveCapacity(n)
            var previousEnd = 0
            for _ in 0..<n {
                let at = stream.offset
                let code = try stream.varint()
                let start = previousEnd + Int(try stream.varint())
                let stop = start + Int(try stream.varint())
                guard Int(code >> 1) < k else { throw stream.error("local term number \(code >> 1) of \(k)", at: at) }
                guard stop <= textLength else { throw stream.error("token ends at \(stop), past the text (\(textLength) bytes)", at: at) }
                out.ids.append(code >> 1)
                out.isStopword.append(code & 1 != 0)
                out.starts.append(UInt32(start))
                out.ends.append(UInt32(stop))
                previousEnd = stop
            }
        } catch {
            out.removeAll()
            throw MatchIndexError(error)
        }
    }

    /// Local document `local` in full.
    func document(_ local: Int) throws(MatchIndexError) -> StoredDocument {
        do throws(ByteReadError) {
            var r = try record(local)
            func field() throws(ByteReadError) -> String? { try r.indexString().map { String(decoding: $0, as: UTF8.self) } }
            let id = try field() ?? ""
            let text = try field() ?? ""
            let source = try field(), date = try field(), url = try field(), title = try field()
            let path = try field() ?? ""
            let line = try r.next(UInt32.self)
            return StoredDocument(number: firstDocument + local, id: id, text: text, source: source, date: date, url: url,
                                  title: title, path: path, line: line == UInt32.max ? nil : Int(line))
        } catch {
            throw MatchIndexError(error)
        }
    }
}

extension CheckedReader {
    /// A string as the index stores it (see ``IndexFormat``): `u32` byte length, `0xFFFFFFFF`
    /// for none, then the bytes.
    @inline(__always)
    mutating func indexString() throws(ByteReadError) -> UnsafeBufferPointer<UInt8>? {
        let length = try next(UInt32.self)
        return length == UInt32.max ? nil : try bytes(Int(length))
    }
}

/// A document's terms as the index stores them: its distinct terms, and per token the local
/// number of its term, its stopword flag and its byte range.
struct DocumentTerms {
    /// Term hashes by local number (order of first occurrence).
    var distinct = ContiguousArray<UInt64>()
    /// Per token: the local number of its term.
    var ids = ContiguousArray<UInt32>()
    /// Per token: whether it is a stopword.
    var isStopword = ContiguousArray<Bool>()
    /// Per token: byte offset of its first byte.
    var starts = ContiguousArray<UInt32>()
    /// Per token: byte offset one past its last byte.
    var ends = ContiguousArray<UInt32>()

    var count: Int { ids.count }

    mutating func removeAll() {
        distinct.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        isStopword.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// The terms as a ``TermSequence`` (replacing `out`'s contents).
    func sequence(into out: inout TermSequence) {
        out.removeAll()
        out.terms.reserveCapacity(count)
        for id in ids { out.terms.append(distinct[Int(id)]) }
        out.starts.append(contentsOf: starts)
        out.ends.append(contentsOf: ends)
        out.isStopword.append(contentsOf: isStopword)
    }
}
