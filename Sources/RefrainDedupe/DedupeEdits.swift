import RefrainCorpus

/// What a dedupe leaves of each document when the corpus is written back (`--write-deduped`):
/// stage 5, from the clusters to the output corpus. Get one from ``DedupeResult/edits`` and hand
/// ``edit(_:)`` to ``RefrainCorpus/CorpusWriter/write(inputs:options:edit:to:warn:)``.
///
/// - Document level: every cluster member but the representative (``DedupeResult/removedOrdinals``)
///   is dropped; every other document is written as read.
/// - Paragraph level: the paragraphs ``DedupeResult/removes(_:representative:)`` selects
///   are cut out of their documents, each run of them with the whitespace up to the line of the
///   next paragraph (from the end of the previous paragraph, for a run that ends the document), so
///   every other byte of the text stays. A document left with no paragraph is left out by the
///   writer, and counted.
///
/// A document whose length differs from the one the dedupe read (the input changed between the
/// passes) is written as read: nothing is cut from text the ranges no longer describe.
public struct DedupeEdits: Sendable {
    let level: DedupeLevel
    let dropped: Set<Int>
    /// Paragraph level: for each changed document's ordinal, its record and the sorted unit
    /// indices to cut.
    let cuts: [Int: (record: DocumentRecord, units: [Int])]
    let units: [DedupeUnit]

    init(_ result: DedupeResult) {
        level = result.options.level
        units = result.units
        guard level == .paragraph else {
            dropped = result.removedOrdinals
            cuts = [:]
            return
        }
        dropped = []
        var removed: [Int: [Int]] = [:]
        for c in result.clusters {
            for m in c.members where result.removes(m, representative: c.representative) {
                removed[result.units[m.unit].document, default: []].append(m.unit)
            }
        }
        var cuts: [Int: (record: DocumentRecord, units: [Int])] = [:]
        for (document, list) in removed {
            let record = result.documents[document]
            cuts[record.ordinal] = (record, list.sorted())
        }
        self.cuts = cuts
    }

    /// Documents the output changes: dropped, or with paragraphs cut.
    public var changedDocuments: Int { dropped.count + cuts.count }

    /// What to write of `document` (as read again, with the ordinal the dedupe saw).
    public func edit(_ document: Document) -> DocumentEdit {
        if dropped.contains(document.ordinal) { return .drop }
        guard let (record, removed) = cuts[document.ordinal], document.text.utf8.count == record.length else { return .keep }
        var text = document.text
        let ranges = text.withUTF8 { bytes in cutRanges(record: record, removed: removed, bytes: bytes) }
        return .remove(ranges)
    }

    /// The byte ranges that take `removed` (sorted units of `record`) out of the text `bytes`.
    func cutRanges(record: DocumentRecord, removed: [Int], bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let first = record.firstUnit, last = record.firstUnit + record.unitCount - 1
        // Where the line holding `offset` starts, if only spaces and tabs precede it there.
        func lineStart(_ offset: Int) -> Int {
            var i = offset
            while i > 0 && (bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09) { i -= 1 }
            return i == 0 || bytes[i - 1] == 0x0A ? i : offset
        }
        var ranges: [Range<Int>] = []
        var k = 0
        while k < removed.count {
            // A run of consecutive units u...v.
            let u = removed[k]
            var v = u
            while k + 1 < removed.count && removed[k + 1] == v + 1 { k += 1; v += 1 }
            k += 1
            if v < last {
                ranges.append(lineStart(units[u].start)..<lineStart(units[v + 1].start))
            } else if u > first {
                ranges.append(units[u - 1].end..<units[v].end)
            } else {
                ranges.append(units[u].start..<units[v].end)
            }
        }
        return ranges
    }
}
