import CZlib
import Foundation

// zlib is called directly (through the CZlib shim) rather than through a wrapper library:
// streaming a file needs zlib's own return codes (Z_STREAM_END to follow concatenated gzip
// members as `gzip -d` does, Z_BUF_ERROR at end of input to tell a truncated file from a
// complete one), and the chunks go straight between our buffers and zlib's.

/// Decompresses a gzip stream read from another ``ByteSource``.
///
/// Handles multi-member files (`cat a.gz b.gz`), as `gzip -d` does. A truncated stream or corrupt
/// data is a ``CorpusError/corruptGzip(path:reason:)``; zero padding after the last member is
/// ignored, other trailing bytes are ignored with a ``CorpusWarning/Kind/trailingGzipData`` warning.
final class GzipDecoder: ByteSource {
    private let input: ByteSource
    private let path: String
    private let warn: (CorpusWarning) -> Void
    private let stream: UnsafeMutablePointer<z_stream>
    private let inputBuffer: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    /// True between members: the previous member ended and no new one has started.
    private var betweenMembers = true
    private var anyMember = false
    private var finished = false
    private var decodedOffset = 0

    var storedBytesRead: Int { input.storedBytesRead }

    init(
        input: ByteSource, path: String, chunkBytes: Int = 256 << 10,
        warn: @escaping (CorpusWarning) -> Void
    ) throws(CorpusError) {
        self.input = input
        self.path = path
        self.warn = warn
        self.inputBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkBytes, 4096), alignment: 16)
        self.stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 window bits + 16: expect a gzip header and trailer.
        let rc = refrain_inflate_init2(stream, 15 + 16)
        guard rc == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            inputBuffer.deallocate()
            throw CorpusError.corruptGzip(path: path, reason: "cannot initialise zlib (code \(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        inputBuffer.deallocate()
    }

    private func refill() throws(CorpusError) {
        guard !inputEnded, stream.pointee.avail_in == 0 else { return }
        let got = try input.read(into: inputBuffer)
        if got == 0 {
            inputEnded = true
        }
        stream.pointee.next_in = inputBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(got)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0, !finished else { return 0 }
        let capacity = min(buffer.count, Int(UInt32.max))
        stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(capacity)
        while Int(stream.pointee.avail_out) == capacity {
            try refill()
            if stream.pointee.avail_in == 0 && inputEnded {
                if betweenMembers {
                    finished = true
                    break
                }
                throw CorpusError.corruptGzip(
                    path: path, reason: "unexpected end of file after \(decodedOffset) decompressed bytes (truncated?)")
            }
            if betweenMembers {
                // Another member must start with the gzip magic; zero padding is tolerated.
                let next = stream.pointee.next_in!
                if next[0] == 0 {
                    var k = 0
                    let available = Int(stream.pointee.avail_in)
                    while k < available && next[k] == 0 { k += 1 }
                    if k == available {
                        stream.pointee.avail_in = 0
                        continue
                    }
                }
                if next[0] != 0x1F && anyMember {
                    let offset = input.storedBytesRead - Int(stream.pointee.avail_in)
                    warn(CorpusWarning(
                        kind: .trailingGzipData, file: path, byteOffset: offset,
                        message: "ignored bytes after the end of the gzip data"))
                    finished = true
                    break
                }
                if anyMember { inflateReset(stream) }
                betweenMembers = false
                anyMember = true
            }
            let rc = inflate(stream, Z_NO_FLUSH)
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_STREAM_END:
                betweenMembers = true
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                throw CorpusError.corruptGzip(path: path, reason: "\(message) after \(decodedOffset) decompressed bytes")
            }
        }
        let produced = capacity - Int(stream.pointee.avail_out)
        decodedOffset += produced
        return produced
    }
}

/// Compresses bytes to gzip and hands the output to a sink (an ``AtomicFileWriter``).
final class GzipEncoder {
    private let stream: UnsafeMutablePointer<z_stream>
    private let outputBuffer: UnsafeMutableRawBufferPointer
    private let sink: (UnsafeRawBufferPointer) throws(CorpusError) -> Void
    private let path: String

    init(path: String, level: Int32 = 6, sink: @escaping (UnsafeRawBufferPointer) throws(CorpusError) -> Void) throws(CorpusError) {
        self.path = path
        self.sink = sink
        self.outputBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        self.stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = refrain_deflate_init2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        guard rc == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            outputBuffer.deallocate()
            throw CorpusError.writeFailed(path: path, reason: "cannot initialise zlib (code \(rc))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        outputBuffer.deallocate()
    }

    /// Compresses `bytes`, passing full output buffers to the sink.
    func write(_ bytes: UnsafeRawBufferPointer) throws(CorpusError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let piece = min(bytes.count - offset, Int(UInt32.max))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = UInt32(piece)
            try pump(flush: Z_NO_FLUSH)
            offset += piece
        }
    }

    /// Flushes the remaining output and the gzip trailer.
    func finish() throws(CorpusError) {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try pump(flush: Z_FINISH)
    }

    private func pump(flush: Int32) throws(CorpusError) {
        while true {
            stream.pointee.next_out = outputBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(outputBuffer.count)
            let rc = deflate(stream, flush)
            let produced = outputBuffer.count - Int(stream.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: outputBuffer[..<produced])) }
            switch rc {
            case Z_STREAM_END:
                return
            case Z_OK, Z_BUF_ERROR:
                // Done with this input once zlib left output space unused and consumed all input.
                if flush != Z_FINISH && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { return }
            default:
                throw CorpusError.writeFailed(path: path, reason: "zlib deflate failed (code \(rc))")
            }
        }
    }
}
