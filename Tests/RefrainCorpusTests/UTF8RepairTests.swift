import Foundation
import Testing
import RefrainTestSupport
@testable import RefrainCorpus

@Suite struct UTF8RepairTests {
    private func validate(_ bytes: [UInt8]) -> UTF8Repair.Report? {
        bytes.withUnsafeBufferPointer { UTF8Repair.validate($0) }
    }

    private func repaired(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { UTF8Repair.repairedBytes($0) }
    }

    @Test func validInputHasNoReport() {
        #expect(validate([]) == nil)
        #expect(validate(Array("plain ASCII that is longer than eight bytes".utf8)) == nil)
        #expect(validate(Array("é中😀\u{10FFFF}\u{FFFD}".utf8)) == nil)
    }

    /// The example of Unicode Table 3-8 (U+FFFD for maximal subparts).
    @Test func maximalSubpartsFollowTheUnicodeExample() {
        let input: [UInt8] = [0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64]
        let expected = "a\u{FFFD}\u{FFFD}\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}d"
        #expect(repaired(input) == Array(expected.utf8))
        #expect(validate(input) == UTF8Repair.Report(firstOffset: 1, count: 6))
    }

    @Test func surrogatesOverlongsAndOutOfRangeAreInvalid() {
        #expect(validate([0xED, 0xA0, 0x80])?.count == 3)       // encoded surrogate: 3 subparts
        #expect(validate([0xC0, 0xAF])?.count == 2)             // overlong '/'
        #expect(validate([0xE0, 0x80, 0xAF])?.count == 3)       // overlong
        #expect(validate([0xF4, 0x90, 0x80, 0x80])?.count == 4) // > U+10FFFF
        #expect(validate([0xF0, 0x9F, 0x98])?.count == 1)       // truncated 4-byte: one subpart
        #expect(validate(Array("0123456789".utf8) + [0xFF])?.firstOffset == 10)
    }

    /// Property: on random bytes, the validator and the repair agree with Swift's own decoder.
    @Test func agreesWithStringDecodingOnRandomBytes() {
        var generator = SplitMix64(seed: 3)
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<5000 {
            let length = Int(generator.next() % 24)
            let bytes = (0..<length).map { _ in
                generator.next() % 3 == 0 ? UInt8(truncatingIfNeeded: generator.next())
                    : interesting[Int(generator.next() % UInt64(interesting.count))]
            }
            if bytes.indices.contains(where: { bytes[$0...].starts(with: [0xEF, 0xBF, 0xBD]) }) { continue }
            let swift = String(decoding: bytes, as: UTF8.self)
            #expect(repaired(bytes) == Array(swift.utf8), "\(bytes)")
            let report = validate(bytes)
            let isValid = String(bytes: bytes, encoding: .utf8) != nil
            #expect((report == nil) == isValid, "\(bytes)")
            if let report {
                // Every replacement the decoder made is one counted subpart (the input had no U+FFFD).
                let replacements = swift.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
                #expect(report.count == replacements, "\(bytes)")
                let prefix = Array(bytes[..<report.firstOffset])
                #expect(String(bytes: prefix, encoding: .utf8) != nil)
            }
        }
    }
}
