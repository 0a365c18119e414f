#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Read-only bytes: a file mapped into memory, or an array built in memory. Immutable once
/// made, so it is safe to share across threads.
final class ByteStore: @unchecked Sendable {
    let base: UnsafeRawPointer?
    let count: Int
    private let allocated: Bool
    private let mappedLength: Int

    /// Bytes held in memory (copied).
    init(bytes: [UInt8]) {
        count = bytes.count
        mappedLength = 0
        allocated = true
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        bytes.withUnsafeBytes { if let src = $0.baseAddress { p.copyMemory(from: src, byteCount: bytes.count) } }
        base = UnsafeRawPointer(p)
    }

    /// Maps the file at `path` read-only.
    init(mapping path: String) throws(MatchIndexError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        allocated = false
        count = size
        mappedLength = size
        if size == 0 {
            base = nil
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw .unreadable(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(p)
    }

    deinit {
        if allocated, let base { UnsafeMutableRawPointer(mutating: base).deallocate() }
        if mappedLength > 0, let base { munmap(UnsafeMutableRawPointer(mutating: base), mappedLength) }
    }

    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    @inline(__always) func u32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: base!.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always) func u64(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: base!.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always) func bytes(_ offset: Int, _ length: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base!.advanced(by: offset).assumingMemoryBound(to: UInt8.self), count: length)
    }
}

/// Little-endian binary writing into a growing byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func varint(_ v: UInt32) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    mutating func string(_ s: String?) {
        guard var s else { u32(UInt32.max); return }
        s.withUTF8 { u32(UInt32($0.count)); bytes.append(contentsOf: $0) }
    }
    mutating func patch64(_ offset: Int, _ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { raw in for k in 0..<8 { bytes[offset + k] = raw[k] } }
    }
    func read64(_ offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
        return v
    }
    mutating func pad(to alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}

/// Writes `bytes` to `path` atomically: into a temporary file beside it, then renamed over it.
/// Writes straight from the array (no copy).
func writeFileAtomically(_ bytes: [UInt8], to path: String) throws(MatchIndexError) {
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
    var failure: String? = nil
    bytes.withUnsafeBytes { raw in
        var done = 0
        while done < raw.count {
            let n = write(fd, raw.baseAddress!.advanced(by: done), min(raw.count - done, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                return
            }
            done += n
        }
    }
    if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
    if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
        unlink(temporary)
        throw .unwritable(path: path, reason: failure)
    }
}
