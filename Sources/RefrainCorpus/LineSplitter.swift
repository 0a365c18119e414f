import Foundation

/// Splits a ``ByteSource`` into `\n`-terminated lines, reading a chunk at a time.
///
/// Memory stays bounded by the longest accepted line plus one chunk: a line longer than
/// `maxLineBytes` is reported as ``Line/tooLong(number:offset:)`` as soon as that many bytes are
/// buffered without a newline, and ``skipRestOfLine()`` then discards it without buffering.
final class LineSplitter {
    enum Line {
        /// A line without its `\n` (a trailing `\r` is kept). Valid until the next call.
        case line(bytes: UnsafeBufferPointer<UInt8>, number: Int, offset: Int)
        /// A line longer than the limit; its bytes have not all been read.
        case tooLong(number: Int, offset: Int)
        case end
    }

    private let source: ByteSource
    private let chunkBytes: Int
    private let maxLineBytes: Int
    private var buffer: UnsafeMutableRawBufferPointer
    /// Unconsumed data is `buffer[start..<end]`; `buffer[start..<scanned]` holds no newline.
    private var start = 0
    private var end = 0
    private var scanned = 0
    private var sourceEnded = false
    /// Stream offset of `buffer[start]`.
    private var startOffset = 0
    private(set) var lineNumber = 0
    /// Decompressed bytes taken from the source.
    private(set) var bytesConsumed = 0

    init(source: ByteSource, chunkBytes: Int, maxLineBytes: Int) {
        self.source = source
        self.chunkBytes = max(chunkBytes, 16)
        self.maxLineBytes = min(max(maxLineBytes, 1), Int.max / 4)
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: self.chunkBytes, alignment: 16)
    }

    deinit { buffer.deallocate() }

    func next() throws(CorpusError) -> Line {
        while true {
            if scanned < end, let base = buffer.baseAddress,
                let hit = memchr(base + scanned, 0x0A, end - scanned)
            {
                let newline = base.distance(to: hit)
                let length = newline - start
                if length > maxLineBytes { return .tooLong(number: lineNumber + 1, offset: startOffset) }
                lineNumber += 1
                let line = UnsafeBufferPointer(start: (base + start).assumingMemoryBound(to: UInt8.self), count: length)
                let offset = startOffset
                startOffset += length + 1
                start = newline + 1
                scanned = start
                return .line(bytes: line, number: lineNumber, offset: offset)
            }
            scanned = end
            if end - start > maxLineBytes {
                return .tooLong(number: lineNumber + 1, offset: startOffset)
            }
            if sourceEnded {
                guard start < end else { return .end }
                let length = end - start
                lineNumber += 1
                let line = UnsafeBufferPointer(
                    start: (buffer.baseAddress! + start).assumingMemoryBound(to: UInt8.self), count: length)
                let offset = startOffset
                startOffset += length
                start = end
                scanned = end
                return .line(bytes: line, number: lineNumber, offset: offset)
            }
            try fill()
        }
    }

    /// After ``Line/tooLong(number:offset:)``: discards that line through its newline (or the end
    /// of the stream), reading on in chunks without keeping its bytes.
    func skipRestOfLine() throws(CorpusError) {
        lineNumber += 1
        while true {
            if start < end, let base = buffer.baseAddress, let hit = memchr(base + start, 0x0A, end - start) {
                let newline = base.distance(to: hit)
                startOffset += newline + 1 - start
                start = newline + 1
                scanned = start
                return
            }
            startOffset += end - start
            start = 0
            end = 0
            scanned = 0
            if sourceEnded { return }
            let got = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, chunkBytes)]))
            bytesConsumed += got
            end = got
            if got == 0 { sourceEnded = true }
        }
    }

    /// Reads more bytes, first moving pending data to the front and growing the buffer if full.
    private func fill() throws(CorpusError) {
        if start > 0 {
            let pending = end - start
            if pending > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, pending) }
            scanned -= start
            end = pending
            start = 0
        }
        if buffer.count - end < chunkBytes / 2 {
            // Doubling amortises copies; the cap keeps a pathological line's buffer near the limit.
            let cap = maxLineBytes + chunkBytes + 1
            let grown = UnsafeMutableRawBufferPointer.allocate(
                byteCount: min(max(buffer.count * 2, end + chunkBytes), cap), alignment: 16)
            if end > 0 { grown.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end) }
            buffer.deallocate()
            buffer = grown
        }
        let got = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        bytesConsumed += got
        end += got
        if got == 0 { sourceEnded = true }
    }
}
