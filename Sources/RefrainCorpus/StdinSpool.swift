import Foundation

/// Standard input, copied once to an anonymous temporary file so it can be read more than once.
///
/// A corpus is read twice when ``CorpusWriter/writeFiltered(inputs:options:keep:to:warn:)``
/// writes a filtered copy (the second pass must see the same bytes), but a pipe can be read only
/// once. So the first time any reader in the process opens `-`, all of standard input is copied
/// to a file in the temporary directory, which is unlinked at once: it takes disk space while
/// the process runs and disappears when the process exits, even on a crash. Every later reader
/// of `-` reads that copy from its own offset.
final class StdinSpool: @unchecked Sendable {
    /// The process's standard input.
    static let shared = StdinSpool(source: STDIN_FILENO)

    private let source: Int32
    private let lock = NSLock()
    private var state: State = .notCopied

    private enum State {
        case notCopied
        case copied(fd: Int32, size: Int)
        case failed(CorpusError)
    }

    /// A spool for `source`, a readable descriptor (tests use a pipe or a file).
    init(source: Int32) {
        self.source = source
    }

    /// Copies the source the first time; returns a reader of the copy from its start.
    func open() throws(CorpusError) -> FileByteSource {
        lock.lock()
        defer { lock.unlock() }
        switch state {
        case .copied(let fd, _):
            return FileByteSource(descriptor: fd, ownsDescriptor: false, displayPath: Self.displayName)
        case .failed(let error):
            throw error
        case .notCopied:
            do throws(CorpusError) {
                let (fd, size) = try copySource()
                state = .copied(fd: fd, size: size)
                return FileByteSource(descriptor: fd, ownsDescriptor: false, displayPath: Self.displayName)
            } catch {
                state = .failed(error)
                throw error
            }
        }
    }

    /// The name standard input goes by in ids, origins, warnings and errors.
    static let displayName = "<stdin>"

    private func copySource() throws(CorpusError) -> (Int32, Int) {
        let directory = NSTemporaryDirectory()
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString)
        template.removeLast()
        template.append(contentsOf: Array("refrain-stdin-XXXXXX".utf8CString))
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CorpusError.unreadable(
                path: Self.displayName, reason: "cannot create a spool file in \(directory): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let got = Foundation.read(source, buffer, chunk)
            if got < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                throw CorpusError.unreadable(path: Self.displayName, reason: reason)
            }
            if got == 0 { break }
            var written = 0
            while written < got {
                let w = Foundation.write(fd, buffer + written, got - written)
                if w < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw CorpusError.unreadable(path: Self.displayName, reason: "cannot spool standard input: \(reason)")
                }
                written += w
            }
            total += got
        }
        return (fd, total)
    }
}
