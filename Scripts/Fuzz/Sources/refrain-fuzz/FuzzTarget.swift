import Foundation
import RefrainCorpus

/// One fuzz target: what it runs on each input, and the seed inputs it starts from.
struct FuzzTarget {
    var name: String
    /// Runs one input. Errors the input causes are expected; a broken invariant traps.
    var run: (UnsafeBufferPointer<UInt8>) -> Void
    /// Seed inputs made from `Corpora/`.
    var seeds: () -> [[UInt8]]
}

enum FuzzTargets {
    static let all: [FuzzTarget] = [tokenizer, jsonl, gzip, quotes, index, workdir]
}

/// Stops the run with `message` when `condition` fails: libFuzzer (under ASan) records the
/// input that broke it.
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

/// The repository, found from this file's path.
let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The texts of `Corpora/` (every `.txt` file), sorted by path.
let corpusTexts: [String] = {
    var texts: [(String, String)] = []
    let root = repository.appendingPathComponent("Corpora")
    if let walker = FileManager.default.enumerator(atPath: root.path) {
        for case let path as String in walker where path.hasSuffix(".txt") {
            if let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) { texts.append((path, text)) }
        }
    }
    return texts.sorted { $0.0 < $1.0 }.map(\.1)
}()

/// The corpus texts' paragraphs (blank-line separated), non-empty.
let corpusParagraphs: [String] = corpusTexts.flatMap { text in
    text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
}

/// A scratch directory for this process.
let scratch: String = {
    let path = NSTemporaryDirectory() + "refrain-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

/// Writes `bytes` to `name` in the scratch directory; its path.
func scratchFile(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let path = scratch + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(buffer: bytes))
    return path
}

/// Inputs that hold several files: records of `u8` slot, `u32` little-endian length, bytes.
enum Container {
    static func encode(_ files: [(slot: UInt8, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for (slot, bytes) in files {
            out.append(slot)
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: bytes)
        }
        return out
    }

    /// The records of `input` (a cut-off last record keeps what is there).
    static func decode(_ input: UnsafeBufferPointer<UInt8>) -> [(slot: UInt8, bytes: [UInt8])] {
        var out: [(UInt8, [UInt8])] = []
        var i = 0
        while i < input.count {
            let slot = input[i]
            i += 1
            var length = 0
            for k in 0..<4 where i + k < input.count { length |= Int(input[i + k]) << (8 * k) }
            i = min(input.count, i + 4)
            let end = min(input.count, i + length)
            out.append((slot, Array(input[i..<end])))
            i = end
        }
        return out
    }
}

/// The target `main` selected. libFuzzer's runtime refers to this entry point, so it is
/// defined too; the driver passes the same function to `LLVMFuzzerRunDriver`.
var selectedTarget: FuzzTarget? = nil

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selectedTarget?.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
