import Foundation

/// Writes whole files atomically: readers of the path see the old file or the complete new one,
/// never a partial file.
///
/// The bytes go to a hidden temporary file in the same directory (`.<name>.tmp-<pid>-<random>`,
/// see ``TemporaryName``), which is flushed to disk with `fsync` and then renamed over the
/// destination; the directory is synced too. A process killed before the rename leaves the
/// temporary file, which ``OutputPlan/removeStaleTemporaries()`` of the next run into that
/// directory removes. On any failure the temporary file is removed and ``CorpusError/writeFailed(path:reason:)``
/// is thrown. The new file gets the usual permissions (`0666` minus the umask). A device or a
/// pipe at the path (`/dev/null`, a FIFO) is written in place instead: renaming over it would
/// replace the device node.
public enum AtomicFile {
    /// Atomically replaces the file at `path` with `bytes` (e.g. `Data`, `[UInt8]`, `string.utf8`).
    public static func write(_ bytes: some Sequence<UInt8>, to path: String) throws(CorpusError) {
        let writer = try AtomicFileWriter(path: path)
        do throws(CorpusError) {
            try writer.write(bytes)
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Atomically replaces the file at `path` with the UTF-8 bytes of `string`.
    public static func write(_ string: String, to path: String) throws(CorpusError) {
        try write(string.utf8, to: path)
    }
}

/// A streaming writer for big outputs that appear atomically when done.
///
/// Call ``write(_:)-(UnsafeRawBufferPointer)`` any number of times, then ``commit()`` to move the
/// file into place, or ``abort()`` to discard it. A writer dropped without either is aborted, so
/// an error thrown half-way leaves no trace. Writes are buffered (64 KiB).
/// ``commit()`` is ``prepare()`` then ``publish()``: a caller that writes several files as one
/// result prepares them all and publishes them together (see ``OutputCommit``).
/// Not thread-safe.
public final class AtomicFileWriter: StagedOutput {
    /// The destination path.
    public let path: String
    /// Bytes written so far.
    public private(set) var bytesWritten = 0
    /// Where the bytes go until ``commit()`` or ``publish()``.
    public let temporaryPath: String
    private let durable: Bool
    private var fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var buffered = 0
    private var finished = false
    private var prepared = false
    /// Whether ``path`` is a device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO), written in
    /// place: renaming a file over it would replace the device node.
    private let direct: Bool

    /// Creates the temporary file beside `path`.
    /// - Parameters:
    ///   - path: the file to create or replace on ``commit()``.
    ///   - durable: `fsync` the file and its directory on commit (default). Turn off only for
    ///     scratch outputs where surviving a power loss does not matter.
    public init(path: String, durable: Bool = true) throws(CorpusError) {
        self.path = path
        self.durable = durable
        var existing = stat()
        let kind = stat(path, &existing) == 0 ? existing.st_mode & S_IFMT : 0
        if kind == S_IFCHR || kind == S_IFIFO {
            let fd = Foundation.open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw CorpusError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
            self.fd = fd
            self.temporaryPath = path
            self.direct = true
            self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
            return
        }
        self.direct = false
        let (directory, name) = Self.split(path)
        var attempt = 0
        var fd: Int32 = -1
        var temporary = ""
        repeat {
            temporary = Self.join(directory, TemporaryName.make(for: name))
            fd = Foundation.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            attempt += 1
        } while fd < 0 && errno == EEXIST && attempt < 16
        guard fd >= 0 else {
            throw CorpusError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
        self.fd = fd
        self.temporaryPath = temporary
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
    }

    deinit {
        if !finished { abort() }
        buffer.deallocate()
    }

    /// Appends raw bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(CorpusError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard !finished && !prepared else { throw CorpusError.writeFailed(path: path, reason: "writer already committed or aborted") }
        bytesWritten += bytes.count
        if buffered + bytes.count <= buffer.count {
            (buffer.baseAddress! + buffered).copyMemory(from: base, byteCount: bytes.count)
            buffered += bytes.count
            return
        }
        try flush()
        if bytes.count >= buffer.count {
            try writeThrough(base, bytes.count)
        } else {
            buffer.baseAddress!.copyMemory(from: base, byteCount: bytes.count)
            buffered = bytes.count
        }
    }

    /// Appends a sequence of bytes (`Data`, `[UInt8]`, `string.utf8`, ...).
    public func write(_ bytes: some Sequence<UInt8>) throws(CorpusError) {
        let contiguous = bytes.withContiguousStorageIfAvailable { storage -> Result<Void, CorpusError> in
            Result { () throws(CorpusError) in try write(UnsafeRawBufferPointer(storage)) }
        }
        if let contiguous {
            try contiguous.get()
            return
        }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(16 << 10)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 16 << 10 {
                try chunk.withUnsafeBytes { raw -> Result<Void, CorpusError> in
                    Result { () throws(CorpusError) in try write(raw) }
                }.get()
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try chunk.withUnsafeBytes { raw -> Result<Void, CorpusError> in
            Result { () throws(CorpusError) in try write(raw) }
        }.get()
    }

    /// Appends the UTF-8 bytes of `string`.
    public func write(_ string: String) throws(CorpusError) {
        var string = string
        try string.withUTF8 { raw -> Result<Void, CorpusError> in
            Result { () throws(CorpusError) in try write(UnsafeRawBufferPointer(raw)) }
        }.get()
    }

    /// Flushes, syncs and renames the file into place. After this the writer is finished.
    public func commit() throws(CorpusError) {
        try prepare()
        try publish()
    }

    /// Flushes and syncs the temporary file and closes it: everything but the rename. After
    /// this only ``publish()`` or ``abort()`` may be called.
    public func prepare() throws(CorpusError) {
        guard !finished && !prepared else { throw CorpusError.writeFailed(path: path, reason: "writer already committed or aborted") }
        do throws(CorpusError) {
            try flush()
            if durable && !direct && fsync(fd) != 0 { throw failure("fsync") }
            let closed = close(fd)
            fd = -1
            if closed != 0 { throw failure("close") }
        } catch {
            abort()
            throw error
        }
        prepared = true
    }

    /// Renames the prepared file over ``path`` (and syncs the directory). After this the writer
    /// is finished.
    public func publish() throws(CorpusError) {
        guard prepared && !finished else { throw CorpusError.writeFailed(path: path, reason: "writer not prepared, or already finished") }
        if direct {
            finished = true
            return
        }
        if rename(temporaryPath, path) != 0 {
            let error = failure("rename")
            abort()
            throw error
        }
        finished = true
        if durable {
            let directory = Foundation.open(Self.split(path).directory, O_RDONLY | O_CLOEXEC)
            if directory >= 0 {
                _ = fsync(directory)
                close(directory)
            }
        }
    }

    /// Discards everything written and removes the temporary file. Safe to call more than once.
    public func abort() {
        guard !finished else { return }
        finished = true
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if !direct { unlink(temporaryPath) }
    }

    private func failure(_ operation: String) -> CorpusError {
        CorpusError.writeFailed(path: path, reason: "\(operation): \(String(cString: strerror(errno)))")
    }

    private func flush() throws(CorpusError) {
        guard buffered > 0 else { return }
        let count = buffered
        buffered = 0
        try writeThrough(UnsafeRawPointer(buffer.baseAddress!), count)
    }

    private func writeThrough(_ base: UnsafeRawPointer, _ count: Int) throws(CorpusError) {
        var done = 0
        while done < count {
            let wrote = Foundation.write(fd, base + done, count - done)
            if wrote < 0 {
                if errno == EINTR { continue }
                let error = failure("write")
                abort()
                throw error
            }
            done += wrote
        }
    }

    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
