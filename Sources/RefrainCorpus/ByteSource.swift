import Foundation

/// A stream of bytes read front to back: a file, the standard-input spool, or a gzip decoder.
protocol ByteSource: AnyObject {
    /// Fills a prefix of `buffer` and returns its length; 0 means the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int
    /// Bytes consumed from the underlying storage so far (compressed size for gzip).
    var storedBytesRead: Int { get }
}

/// Reads a file descriptor with `pread` from its own offset, so several readers can share one
/// descriptor (the standard-input spool) without disturbing each other.
final class FileByteSource: ByteSource {
    let fd: Int32
    let ownsDescriptor: Bool
    /// The name used in errors.
    let displayPath: String
    private(set) var offset: Int = 0
    var storedBytesRead: Int { offset }

    init(descriptor: Int32, ownsDescriptor: Bool, displayPath: String) {
        self.fd = descriptor
        self.ownsDescriptor = ownsDescriptor
        self.displayPath = displayPath
    }

    /// Opens `path` for reading. Throws ``CorpusError/unreadable(path:reason:)`` on failure.
    static func open(_ path: String, displayPath: String? = nil) throws(CorpusError) -> FileByteSource {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CorpusError.unreadable(path: displayPath ?? path, reason: String(cString: strerror(errno)))
        }
        return FileByteSource(descriptor: fd, ownsDescriptor: true, displayPath: displayPath ?? path)
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let got = pread(fd, base, buffer.count, off_t(offset))
            if got >= 0 {
                offset += got
                return got
            }
            if errno == EINTR { continue }
            throw CorpusError.unreadable(path: displayPath, reason: String(cString: strerror(errno)))
        }
    }

    /// The file's size from `fstat`, or nil when unknown.
    func size() -> Int? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}

extension ByteSource {
    /// Reads the whole stream into memory, refusing more than `limit` bytes.
    /// Returns nil (having read only `limit + 1` bytes) when the stream is larger.
    func readAll(limit: Int, sizeHint: Int?) throws(CorpusError) -> [UInt8]? {
        var bytes = [UInt8]()
        var capacity = min(max(sizeHint ?? 64 << 10, 1 << 12) + 1, limit + 1)
        var count = 0
        while true {
            if count == capacity {
                if capacity > limit { return nil }
                capacity = min(capacity * 2, limit + 1)
            }
            if bytes.count < capacity { bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count)) }
            let got = try bytes.withUnsafeMutableBytes { raw -> Result<Int, CorpusError> in
                Result { () throws(CorpusError) in
                    try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[count..<capacity]))
                }
            }.get()
            if got == 0 { break }
            count += got
            if count > limit { return nil }
        }
        bytes.removeSubrange(count...)
        return bytes
    }
}
