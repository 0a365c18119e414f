import RefrainBytes
import RefrainTestSupport
import Testing

@Suite("UTF-8 scanning")
struct UTF8ScalarsTests {
    /// Random bytes biased towards UTF-8's interesting lead and continuation bytes.
    static func randomBytes(_ count: Int, _ rng: inout SplitMix64) -> [UInt8] {
        let interesting: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x90, 0x8F]
        return (0..<count).map { _ in
            rng.next() % 3 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : interesting[Int(rng.next() % UInt64(interesting.count))]
        }
    }

    /// Decoding scalar by scalar, replacing as the scanner says, gives what the standard library's
    /// decoder gives, on random damaged bytes.
    @Test func decodingAgreesWithTheStandardLibrary() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let bytes = Self.randomBytes(Int(rng.next() % 24), &rng)
            let expected = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars.map(\.value))
            var got: [UInt32] = []
            bytes.withUnsafeBufferPointer { b in
                var i = 0
                while i < b.count {
                    if let (scalar, length) = UTF8Scalars.decode(b, at: i, end: b.count) {
                        #expect(length == UTF8Scalars.sequenceLength(lead: b[i]))
                        got.append(scalar)
                        i += length
                    } else {
                        got.append(0xFFFD)
                        i += UTF8Scalars.maximalSubpartLength(b.baseAddress!, i, b.count)
                    }
                }
            }
            #expect(got == expected, "\(bytes)")
        }
    }

    @Test func validationFindsTheFirstIllFormedByteAndCountsReplacements() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<2_000 {
            let bytes = Self.randomBytes(Int(rng.next() % 40), &rng)
            let decoded = String(decoding: bytes, as: UTF8.self)
            let found = bytes.withUnsafeBufferPointer { UTF8Scalars.firstIllFormed($0) }
            let valid = Array(decoded.utf8) == bytes
            #expect((found == nil) == valid, "\(bytes)")
            if let found, !decoded.unicodeScalars.contains("\u{FFFD}") == false {
                // Every replacement U+FFFD that was not in the input is one ill-formed subpart.
                let inputFFFD = String(decoding: bytes, as: UTF8.self).unicodeScalars.count { $0 == "\u{FFFD}" }
                #expect(found.count <= inputFFFD)
                let prefix = Array(bytes[..<found.offset])
                #expect(String(validating: prefix, as: UTF8.self) != nil, "the bytes before the first error are valid")
            }
        }
    }

    @Test func wellFormedEdgeCases() {
        func decode(_ bytes: [UInt8]) -> UInt32? {
            bytes.withUnsafeBufferPointer { UTF8Scalars.decode($0, at: 0, end: $0.count)?.scalar }
        }
        #expect(decode([0x24]) == 0x24)
        #expect(decode([0xC2, 0xA2]) == 0xA2)
        #expect(decode([0xE2, 0x80, 0xA6]) == 0x2026)
        #expect(decode([0xF0, 0x9F, 0x98, 0x80]) == 0x1F600)
        #expect(decode([0xF4, 0x8F, 0xBF, 0xBF]) == 0x10FFFF)
        #expect(decode([0xC0, 0xAF]) == nil, "overlong")
        #expect(decode([0xE0, 0x80, 0xAF]) == nil, "overlong")
        #expect(decode([0xED, 0xA0, 0x80]) == nil, "surrogate")
        #expect(decode([0xF4, 0x90, 0x80, 0x80]) == nil, "above U+10FFFF")
        #expect(decode([0xE2, 0x80]) == nil, "cut short")
        #expect(decode([0x80]) == nil, "a lone continuation byte")
        #expect([UInt8]().withUnsafeBufferPointer { UTF8Scalars.decode($0, at: 0, end: 0) } == nil)
        #expect([UInt8]([0x80]).withUnsafeBufferPointer { UTF8Scalars.decodeReplacing($0, at: 0, end: 1) } == (0xFFFD, 1))
    }
}
