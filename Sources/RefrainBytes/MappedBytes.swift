#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Read-only bytes: a file mapped into memory, or an array copied into memory. Immutable once
/// made, so it is safe to share across threads; read it with a ``CheckedReader``.
public final class MappedBytes: @unchecked Sendable {
    /// The bytes (empty for an empty file).
    public let buffer: UnsafeRawBufferPointer
    /// The file mapped, or the name given to bytes held in memory.
    public let path: String
    private let allocated: Bool

    /// Bytes held in memory (copied), named `path` in errors.
    public init(bytes: [UInt8], path: String = "<memory>") {
        allocated = true
        self.path = path
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        bytes.withUnsafeBytes { if let src = $0.baseAddress { p.copyMemory(from: src, byteCount: bytes.count) } }
        buffer = UnsafeRawBufferPointer(start: p, count: bytes.count)
    }

    /// Maps the file at `path` read-only; the error's reason is the system's.
    public init(mapping path: String) throws(ByteReadError) {
        self.path = path
        allocated = false
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ByteReadError(path: path, offset: 0, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ByteReadError(path: path, offset: 0, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ByteReadError(path: path, offset: 0, reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else {
            buffer = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw ByteReadError(path: path, offset: 0, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        buffer = UnsafeRawBufferPointer(start: p, count: size)
    }

    deinit {
        guard let base = buffer.baseAddress else {
            return
        }
        if allocated { UnsafeMutableRawPointer(mutating: base).deallocate() } else { munmap(UnsafeMutableRawPointer(mutating: base), buffer.count) }
    }

    /// The number of bytes.
    public var count: Int { buffer.count }

    /// A reader over all the bytes, errors naming ``path``.
    public var reader: CheckedReader { CheckedReader(buffer, path: path) }
}
