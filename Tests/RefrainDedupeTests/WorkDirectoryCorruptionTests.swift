import Foundation
import RefrainCorpus
import Testing
import RefrainTestSupport
@testable import RefrainDedupe

/// A damaged work directory (same manifest, bytes changed) must give a ``DedupeError`` naming
/// the file and the byte offset or line, never a trap or an out-of-bounds read when a run
/// resumes from it.
@Suite struct WorkDirectoryCorruptionTests {
    static let corpus = plantedCorpus(unique: 40).documents

    /// A complete work directory of the planted corpus.
    func workDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "refrain-work-corrupt-\(UUID().uuidString)"
        _ = try DedupeEngine(options: options(), workDirectory: dir, inputFingerprint: "v1").run(documents: Self.corpus)
        return dir
    }

    /// The error a resumed run throws, as text (an issue if it succeeds).
    func resumeError(_ dir: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do {
            _ = try DedupeEngine(options: options(), workDirectory: dir, inputFingerprint: "v1").run(documents: Self.corpus)
            Issue.record("resumed from a damaged work directory", sourceLocation: sourceLocation)
        } catch {
            return "\(error)"
        }
        return nil
    }

    func edit(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func put(_ v: UInt64, _ bytes: inout [UInt8], _ at: Int, width: Int) {
        for k in 0..<width { bytes[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(k))) }
    }

    @Test func unitCountsOf2To63AndMoreAreRefused() throws {
        let dir = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try edit(dir + "/units.bin") { put(1 << 63, &$0, 8, width: 8) }
        let e = resumeError(dir)
        #expect(e?.contains("units.bin") == true && e?.contains("at byte 8") == true, "\(e ?? "")")
    }

    @Test func unitsOutsideTheirDocumentAreRefused() throws {
        let dir = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Unit 3's end (bytes 16 + 32·3 + 16) far past its document's text.
        try edit(dir + "/units.bin") { put(0xFFFF_FF00, &$0, 16 + 32 * 3 + 16, width: 4) }
        var e = resumeError(dir)
        #expect(e?.contains("units.bin") == true && e?.contains("at byte \(16 + 32 * 3 + 8)") == true, "\(e ?? "")")
        // And its document number past the documents.
        let other = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        try edit(other + "/units.bin") { put(9999, &$0, 16 + 32 * 5 + 8, width: 4) }
        e = resumeError(other)
        #expect(e?.contains("units.bin") == true && e?.contains("not inside document") == true, "\(e ?? "")")
    }

    @Test func truncatedOrMislabelledSignaturesAreRefused() throws {
        let dir = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try edit(dir + "/signatures.bin") { $0.removeLast(5) }
        var e = resumeError(dir)
        #expect(e?.contains("signatures.bin") == true, "\(e ?? "")")
        let other = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        try edit(other + "/signatures.bin") { put(1_000_000, &$0, 8, width: 4) }
        e = resumeError(other)
        #expect(e?.contains("signatures.bin") == true && e?.contains("MinHash values a unit") == true, "\(e ?? "")")
    }

    @Test func candidatePairsOutsideTheUnitsAreRefused() throws {
        let dir = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var size = 0
        try edit(dir + "/candidates.bin") { bytes in
            size = bytes.count
            if bytes.count >= 48 { put(UInt64(5) << 32 | 0xFFFF_FFF0, &bytes, 40, width: 8) }
        }
        try #require(size >= 48, "the planted corpus has candidate pairs")
        var e = resumeError(dir)
        #expect(e?.contains("candidates.bin") == true && e?.contains("at byte 40") == true, "\(e ?? "")")
        // A pair count larger than the file.
        let other = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        try edit(other + "/candidates.bin") { put(UInt64(1) << 62, &$0, 8, width: 8) }
        e = resumeError(other)
        #expect(e?.contains("candidates.bin") == true && e?.contains("at byte 8") == true, "\(e ?? "")")
    }

    @Test func verifiedPairsOutsideTheUnitsAreRefused() throws {
        let dir = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/pairs.jsonl"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"b\":", with: "\"b\":9999").write(toFile: path, atomically: true, encoding: .utf8)
        let e = resumeError(dir)
        #expect(e?.contains("pairs.jsonl") == true && e?.contains("line 1") == true, "\(e ?? "")")
    }

    @Test func shingleRecordsRunningPastTheFileAreRefused() throws {
        let dir = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The first record's fingerprint count (at byte 8) claims 2³² − 1 fingerprints.
        try edit(dir + "/shingles.bin") { put(0xFFFF_FFFF, &$0, 8, width: 4) }
        let e = resumeError(dir)
        #expect(e?.contains("shingles.bin") == true && e?.contains("at byte") == true, "\(e ?? "")")
    }

    @Test func documentRowsOutOfStepWithTheUnitsAreRefused() throws {
        let dir = try workDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/documents.jsonl"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"first_unit\":1,", with: "\"first_unit\":100000,").write(toFile: path, atomically: true, encoding: .utf8)
        let e = resumeError(dir)
        #expect(e?.contains("documents.jsonl") == true && e?.contains("line 2") == true, "\(e ?? "")")
    }
}
