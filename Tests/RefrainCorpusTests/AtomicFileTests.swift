import Foundation
import Testing
@testable import RefrainCorpus

@Suite struct AtomicFileTests {
    @Test func writeCreatesTheFileAndLeavesNoTemporary() throws {
        let dir = try TemporaryDirectory()
        let path = dir.url("out.txt")
        try AtomicFile.write(Data("hello".utf8), to: path)
        #expect(try dir.listing() == ["out.txt"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
        // Replacing keeps exactly one file with the new content.
        try AtomicFile.write("replaced", to: path)
        #expect(try dir.listing() == ["out.txt"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "replaced")
        // A lazily generated sequence (no contiguous storage) works too.
        try AtomicFile.write((0..<100_000).lazy.map { UInt8(truncatingIfNeeded: $0) }, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0) }))
    }

    @Test func streamingWriterIsInvisibleUntilCommit() throws {
        let dir = try TemporaryDirectory()
        let path = dir.url("big.bin")
        let writer = try AtomicFileWriter(path: path)
        var expected: [UInt8] = []
        for round in 0..<200 {
            let piece = [UInt8](repeating: UInt8(round), count: round * 37)
            try writer.write(piece)
            expected += piece
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try dir.listing().count == 1)
        #expect(try dir.listing().first?.hasPrefix(".big.bin.tmp-") == true)
        #expect(writer.bytesWritten == expected.count)
        try writer.commit()
        #expect(try dir.listing() == ["big.bin"])
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == expected)
        #expect(throws: CorpusError.self) { try writer.write("too late") }
    }

    @Test func abortAndAbandonLeaveNothingAndKeepTheOldFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.url("keep.txt")
        try AtomicFile.write("original", to: path)
        let writer = try AtomicFileWriter(path: path)
        try writer.write("partial")
        writer.abort()
        writer.abort()
        do {
            let abandoned = try AtomicFileWriter(path: path)
            try abandoned.write("also partial")
        }
        #expect(try dir.listing() == ["keep.txt"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "original")
    }

    @Test func unwritableDestinationIsAWriteError() throws {
        let dir = try TemporaryDirectory()
        let path = dir.url("missing-dir/out.txt")
        let error = #expect(throws: CorpusError.self) { try AtomicFile.write("x", to: path) }
        #expect(error?.path == path)
        #expect(error?.description.contains("cannot write") == true)
    }
}
