import Foundation
import RefrainBytes
import RefrainSketch

/// The shingle fingerprints, excerpt and exact text of every unit, appended once by the signature
/// stage and read back by the verification, containment and cluster stages, held in memory up to
/// a budget and spilled to a file beyond it, so a document-level run keeps signatures, not
/// shingle sets, in memory.
///
/// Verification compares 32-bit *fingerprints* of the 64-bit shingle hashes (their high halves):
/// half the bytes to write and read back, the cost that dominated the stage. Two distinct shingles
/// share a fingerprint with probability 2⁻³²; a unit pair of `n` and `m` shingles therefore expects
/// about `n·m / 2³²` spurious shared fingerprints (0.002 for two 3,000-shingle documents), each
/// moving their Jaccard by at most `1 / |A ∪ B|`.
///
/// Exact duplicates: the signature stage stores the fingerprints of the first unit with a given
/// content hash only (``SignatureTables``); later copies get an empty record, since every stage
/// reads the sets of group leaders only.
///
/// File format `shingles.bin`, version 3 (little-endian):
/// - header: the 8 bytes `RFSHNG03`;
/// - one record per unit, in unit order, each 8-byte aligned: `UInt32` fingerprint count `n`,
///   `UInt32` excerpt byte count `e`, `UInt32` text byte count `t`, `UInt32` 0, `n × UInt32`
///   fingerprints in text order (repeats kept), zero padding to a multiple of 8, `e` bytes of
///   UTF-8 excerpt, `t` bytes of UTF-8 exact text (see ``ClusterMember/text``), zero padding to a
///   multiple of 8.
///
/// Record offsets are kept in memory (8 bytes per unit). Appends come from one thread; once
/// appending is over, reads may come from any number of threads (`pread`).
package final class ShingleStore: @unchecked Sendable {
    /// The magic bytes that start a shingle file.
    package static let magic: [UInt8] = Array("RFSHNG03".utf8)

    /// The fingerprint verification compares for a 64-bit shingle hash.
    @inlinable @inline(__always)
    package static func fingerprint(_ shingle: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: shingle >> 32) }

    private var offsets: [UInt64] = []
    private var buffer: ContiguousArray<UInt8> = []
    private var flushed: UInt64 = 0
    private var descriptor: Int32 = -1
    private let memoryBudget: Int
    private let directory: String?
    private let removeOnClose: Bool
    /// Where spilled records live, once something was spilled (or persisted).
    package private(set) var path: String?
    /// The stores of shards read as one (see ``init(concatenating:)``), with their first units.
    private var parts: [(store: ShingleStore, firstUnit: Int)] = []

    /// A store that keeps up to `memoryBudget` bytes in memory and spills the rest to
    /// `directory/shingles.bin`; when `directory` is nil, to an anonymous file (created in a fresh
    /// temporary directory and unlinked at once, so it disappears with the process).
    package init(memoryBudget: Int = 32 << 20, directory: String? = nil) {
        self.memoryBudget = max(memoryBudget, 1 << 16)
        self.directory = directory
        self.removeOnClose = directory == nil
        buffer.reserveCapacity(min(self.memoryBudget, 4 << 20) + (64 << 10))
        buffer.append(contentsOf: ShingleStore.magic)
    }

    /// Opens a complete shingle file written by an earlier run (read-only use), rebuilding the
    /// record offsets; fails unless it holds exactly `units` well-formed records.
    package init(existing file: String, units: Int) throws(DedupeError) {
        memoryBudget = 1 << 16
        directory = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        removeOnClose = false
        path = file
        descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else { throw .workFile(path: file, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .workFile(path: file, reason: String(cString: strerror(errno))) }
        let size = UInt64(info.st_size)
        flushed = size
        // The records are walked once with the checked reader: every record's three lengths
        // must fit before the next, so later reads (`pread` at these offsets) stay inside.
        do throws(ByteReadError) {
            let mapped = try MappedBytes(mapping: file)
            guard UInt64(mapped.count) == size else { throw ByteReadError(path: file, offset: mapped.count, reason: "changed size while opened") }
            try withExtendedLifetime(mapped) { () throws(ByteReadError) in
                var r = mapped.reader
                try r.expect(magic: ShingleStore.magic, "a version 3 shingle file")
                offsets.reserveCapacity(min(units, r.remaining / 16))
                while !r.isAtEnd {
                    let at = r.offset
                    let n = Int(try r.next(UInt32.self)), e = Int(try r.next(UInt32.self)), t = Int(try r.next(UInt32.self))
                    try r.skip(4)
                    guard offsets.count < units else { throw r.error("more than the \(units) records expected", at: at) }
                    offsets.append(UInt64(at))
                    try r.skip(Int(ShingleStore.padded(UInt64(4 * n))))
                    try r.skip(Int(ShingleStore.padded(UInt64(e + t))))
                }
            }
        } catch {
            throw .workFile(path: file, reason: "at byte \(error.offset): \(error.reason)")
        }
        guard offsets.count == units else {
            throw .workFile(path: file, reason: "holds \(offsets.count) records, expected \(units)")
        }
        buffer = []
    }

    /// The stores of consecutive shards read back as one, units numbered across them in order
    /// (read-only: for a run that merges shards' signature stages).
    package init(concatenating stores: [ShingleStore]) {
        memoryBudget = 1 << 16
        directory = nil
        removeOnClose = false
        buffer = []
        var first = 0
        for store in stores {
            parts.append((store, first))
            first += store.count
        }
    }

    /// The shard store holding `unit`, and the unit's index there.
    private func part(_ unit: Int) -> (store: ShingleStore, unit: Int) {
        var lo = 0, hi = parts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if parts[mid].firstUnit <= unit { lo = mid } else { hi = mid - 1 }
        }
        return (parts[lo].store, unit - parts[lo].firstUnit)
    }

    @inline(__always)
    static func padded(_ bytes: UInt64) -> UInt64 { (bytes + 7) & ~7 }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// The number of units stored.
    package var count: Int { parts.last.map { $0.firstUnit + $0.store.count } ?? offsets.count }

    /// Total bytes of the record stream (header included).
    package var byteCount: UInt64 { flushed + UInt64(buffer.count) }

    /// Appends the record of the next unit: `fingerprints` (see ``fingerprint(_:)``) in text order,
    /// its excerpt and its exact text.
    package func append(fingerprints: UnsafeBufferPointer<UInt32>, excerpt: String, text: String) throws(DedupeError) {
        precondition(parts.isEmpty, "a concatenated store is read-only")
        offsets.append(byteCount)
        var excerpt = excerpt
        var text = text
        let e = excerpt.utf8.count, t = text.utf8.count
        var head: (UInt32, UInt32, UInt32, UInt32) = (
            UInt32(fingerprints.count).littleEndian, UInt32(e).littleEndian, UInt32(t).littleEndian, 0)
        withUnsafeBytes(of: &head) { buffer.append(contentsOf: $0) }
        if UInt32(1).littleEndian == 1 {
            buffer.append(contentsOf: UnsafeRawBufferPointer(fingerprints))
        } else {
            for x in fingerprints { withUnsafeBytes(of: x.littleEndian) { buffer.append(contentsOf: $0) } }
        }
        pad()
        excerpt.withUTF8 { buffer.append(contentsOf: UnsafeRawBufferPointer($0)) }
        text.withUTF8 { buffer.append(contentsOf: UnsafeRawBufferPointer($0)) }
        pad()
        if buffer.count >= memoryBudget { try flush() }
    }

    /// Zero bytes up to the next multiple of 8 (the buffer starts at a multiple of 8 of the stream).
    private func pad() {
        let extra = Int(ShingleStore.padded(UInt64(buffer.count))) - buffer.count
        if extra > 0 { buffer.append(contentsOf: repeatElement(0, count: extra)) }
    }

    /// Writes what is in memory to the file (creating it), e.g. to persist a work directory.
    package func flush() throws(DedupeError) {
        guard !buffer.isEmpty else { return }
        if descriptor < 0 { try openFile() }
        let written = buffer.withUnsafeBytes { raw -> Bool in
            // Words are stored little-endian already.
            var done = 0
            while done < raw.count {
                let n = write(descriptor, raw.baseAddress! + done, raw.count - done)
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        guard written else { throw .writeFailed(path: path ?? "shingles.bin", reason: String(cString: strerror(errno))) }
        flushed += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    private func openFile() throws(DedupeError) {
        let dir: String
        if let directory {
            dir = directory
        } else {
            var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("refrain-dedupe-XXXXXX").utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
                throw .writeFailed(path: NSTemporaryDirectory(), reason: String(cString: strerror(errno)))
            }
            dir = String(cString: made)
        }
        let file = (dir as NSString).appendingPathComponent("shingles.bin")
        path = file
        descriptor = open(file, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(path: file, reason: String(cString: strerror(errno))) }
        if removeOnClose {
            // A private spill: remove its name at once, so nothing is left behind even if the
            // process is killed; the open descriptor keeps the data.
            unlink(file)
            rmdir(dir)
        }
    }

    /// Reads `count` bytes at stream offset `offset` into `into`.
    private func read(_ offset: UInt64, _ count: Int, into out: UnsafeMutableRawBufferPointer) {
        var done = 0
        var offset = offset
        if offset < flushed {
            let fromFile = min(count, Int(flushed - offset))
            while done < fromFile {
                let n = pread(descriptor, out.baseAddress! + done, fromFile - done, off_t(offset) + off_t(done))
                precondition(n > 0, "cannot read back \(path ?? "shingles.bin"): \(String(cString: strerror(errno)))")
                done += n
            }
            offset += UInt64(fromFile)
        }
        if done < count {
            let start = Int(offset - flushed)
            buffer.withUnsafeBytes { b in
                // Byte offsets past `flushed` index the buffer.
                (out.baseAddress! + done).copyMemory(from: b.baseAddress! + start, byteCount: count - done)
            }
        }
    }

    private func recordLength(_ unit: Int) -> Int {
        let end = unit + 1 < offsets.count ? offsets[unit + 1] : byteCount
        return Int(end - offsets[unit])
    }

    /// The record of `unit`: its fingerprints in text order, its excerpt and its exact text.
    package func record(_ unit: Int) -> (fingerprints: ContiguousArray<UInt32>, excerpt: String, text: String) {
        if !parts.isEmpty {
            let (store, local) = part(unit)
            return store.record(local)
        }
        let length = recordLength(unit)
        return withUnsafeTemporaryAllocation(byteCount: length, alignment: 8) { raw in
            read(offsets[unit], length, into: raw)
            let n = Int(UInt32(littleEndian: raw.load(fromByteOffset: 0, as: UInt32.self)))
            let e = Int(UInt32(littleEndian: raw.load(fromByteOffset: 4, as: UInt32.self)))
            let t = Int(UInt32(littleEndian: raw.load(fromByteOffset: 8, as: UInt32.self)))
            let fingerprints = ShingleStore.fingerprints(UnsafeRawBufferPointer(rebasing: raw[16..<(16 + 4 * n)]))
            let base = 16 + Int(ShingleStore.padded(UInt64(4 * n)))
            let excerpt = String(decoding: UnsafeRawBufferPointer(rebasing: raw[base..<(base + e)]), as: UTF8.self)
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: raw[(base + e)..<(base + e + t)]), as: UTF8.self)
            return (fingerprints, excerpt, text)
        }
    }

    /// The fingerprint set of `unit`: sorted, repeats removed. Reads only the fingerprints.
    /// Empty for an exact duplicate that is not its group's first unit (see the type's notes).
    package func shingleSet(_ unit: Int) -> ContiguousArray<UInt32> {
        if !parts.isEmpty {
            let (store, local) = part(unit)
            return store.shingleSet(local)
        }
        var head = (UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        withUnsafeMutableBytes(of: &head) { read(offsets[unit], 16, into: $0) }
        let n = Int(UInt32(littleEndian: head.0))
        guard n > 0 else { return [] }
        var s = withUnsafeTemporaryAllocation(byteCount: 4 * n, alignment: 8) { raw in
            read(offsets[unit] + 16, 4 * n, into: raw)
            return ShingleStore.fingerprints(UnsafeRawBufferPointer(raw))
        }
        SortedSets.sortUniqueHashes(&s)
        return s
    }

    private static func fingerprints(_ raw: UnsafeRawBufferPointer) -> ContiguousArray<UInt32> {
        let n = raw.count / 4
        // Not for 0: the initializer then writes the count into the shared empty-array
        // singleton, a data race (ThreadSanitizer) when two threads do it at once.
        guard n > 0 else { return [] }
        return ContiguousArray<UInt32>(unsafeUninitializedCapacity: n) { out, count in
            for i in 0..<n { out[i] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
            count = n
        }
    }

    /// The excerpt of `unit`.
    package func excerpt(_ unit: Int) -> String { record(unit).excerpt }

    /// The excerpt and the exact text of `unit`.
    package func annotation(_ unit: Int) -> (excerpt: String, text: String) {
        let r = record(unit)
        return (r.excerpt, r.text)
    }
}
