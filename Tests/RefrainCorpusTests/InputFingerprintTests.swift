import Foundation
import RefrainCorpus
import Testing

@Suite("Input fingerprint")
struct InputFingerprintTests {
    @Test func changesWithTheFileAndTheOptionsAndNotOtherwise() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("a.txt", "first text")
        let options = ReaderOptions()
        let first = InputFingerprint.of([path], options: options)
        #expect(first == InputFingerprint.of([path], options: options), "the same file and options give the same fingerprint")
        #expect(first.hasPrefix("\(path)|10|"), "path, size in bytes, modification time")

        var other = options
        other.textField = "body"
        #expect(InputFingerprint.of([path], options: other) != first)

        try directory.write("a.txt", "a longer second text")
        #expect(InputFingerprint.of([path], options: options) != first)
    }

    @Test func standardInputAndMissingPathsAreNamedOnly() {
        let missing = "/nonexistent-\(UUID().uuidString).jsonl"
        let fingerprint = InputFingerprint.of(["-", missing], options: ReaderOptions())
        #expect(fingerprint.hasPrefix("-\n\(missing)\n"))
    }
}
