#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
private typealias Glibc = Darwin
#endif
import RefrainDedupe

/// Raw bytes in and out for the stage-stream modes (`--stream`, `--verify-stream`, `--report-stream`).
extension Console {
    /// An I/O failure of a stream mode, as a message.
    struct StreamIOError: Error, CustomStringConvertible {
        var description: String
    }

    /// All of file descriptor `fd` (standard input, or an opened file named `name`).
    static func readAll(_ fd: Int32, name: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StageStreamError(path: name, offset: bytes.count, reason: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    static func readStandardInput() throws -> [UInt8] { try readAll(0, name: "<stdin>") }

    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw StageStreamError(path: path, offset: 0, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        return try readAll(fd, name: path)
    }

    /// Writes all of `bytes` to standard output; a closed pipe or full disk is an error, never a short stream.
    static func writeStandardOutput(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(1, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StageStreamError(path: "<stdout>", offset: offset, reason: "write failed: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }
}
