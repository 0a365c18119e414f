import Testing
@testable import RefrainMatch

@Suite struct TermNumbersTests {
    @Test func numbersTermsInOrderOfFirstSightThroughGrowthAndReset() {
        var table = TermNumbers(capacity: 4)
        var reference: [UInt64: UInt32] = [:]
        var state: UInt64 = 1
        var keys: [UInt64] = []
        for k in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Every third key repeats an earlier one; low bits collide often (multiples of 1024).
            let key = k % 3 == 2 && !keys.isEmpty ? keys[Int(state >> 40) % keys.count] : (state >> 10) << 10
            keys.append(key)
            let expected = reference[key] ?? UInt32(reference.count)
            reference[key] = expected
            #expect(table.number(key) == expected)
        }
        #expect(table.count == reference.count)
        #expect(table.terms.enumerated().allSatisfy { reference[$0.element] == UInt32($0.offset) })
        table.reset()
        #expect(table.count == 0)
        #expect(table.number(keys[5]) == 0)
        #expect(table.number(keys[0]) == (keys[0] == keys[5] ? 0 : 1))
        #expect(table.number(keys[5]) == 0)
    }
}
