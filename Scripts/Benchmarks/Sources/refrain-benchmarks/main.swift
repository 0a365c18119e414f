import Dispatch
import Foundation
import RefrainText

// Usage: refrain-benchmarks tokenizer [--repeat N] DIR-OR-FILE...
//        refrain-benchmarks differential DIR-OR-FILE...
// Prints, for each input set, MB/s of raw ICU word-break iteration and of the full tokenizer
// (segmentation + normalization + offsets + hashes), on 1 and 2 threads, in one run.

struct Corpus {
    var name: String
    var documents: [[UInt8]]
    var bytes: Int { documents.reduce(0) { $0 + $1.count } }
}

func loadCorpus(_ path: String) -> Corpus {
    var files: [String] = []
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        let enumerator = FileManager.default.enumerator(atPath: path)!
        while let entry = enumerator.nextObject() as? String {
            if !entry.hasPrefix("."), entry.hasSuffix(".txt") || entry.hasSuffix(".md") { files.append(path + "/" + entry) }
        }
        files.sort()
    } else {
        files = [path]
    }
    // Split big files into documents of about 16 KB at line breaks, as a corpus would hold them.
    var documents: [[UInt8]] = []
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        let bytes = [UInt8](data)
        var start = 0
        while start < bytes.count {
            var end = min(bytes.count, start + 16_384)
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            documents.append(Array(bytes[start..<end]))
            start = end
        }
    }
    return Corpus(name: path, documents: documents)
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs `work(document index, worker)` over all documents on `threads` threads; best of `repeats`.
func measure(_ corpus: Corpus, threads: Int, repeats: Int, makeWorker: () -> (UnsafeBufferPointer<UInt8>) -> Int) -> (mbps: Double, units: Int) {
    // Each worker is used by exactly one thread.
    nonisolated(unsafe) let workers = (0..<threads).map { _ in makeWorker() }
    var best = Double.infinity
    var units = 0
    for _ in 0..<repeats {
        nonisolated(unsafe) let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: threads)
        counts.initialize(repeating: 0)
        let time = seconds {
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var n = 0
                var i = t
                while i < corpus.documents.count {
                    n += corpus.documents[i].withUnsafeBufferPointer { workers[t]($0) }
                    i += threads
                }
                counts[t] = n
            }
        }
        units = counts.reduce(0, +)
        counts.deallocate()
        best = min(best, time)
    }
    return (Double(corpus.bytes) / 1e6 / best, units)
}

func tokenizerBenchmark(_ paths: [String], repeats: Int) {
    print("ICU \(icuVersion); best of \(repeats); MB/s over UTF-8 bytes")
    print("corpus".padding(toLength: 28, withPad: " ", startingAt: 0) + "   MB   raw ICU 1t   full 1t  ratio   raw ICU 2t   full 2t  ratio  full 2t/1t  tokens")
    for path in paths {
        let corpus = loadCorpus(path)
        guard corpus.bytes > 0 else { print("\(path): no text"); continue }
        let raw = { () -> (UnsafeBufferPointer<UInt8>) -> Int in
            let b = WordBoundaries()
            return { bytes in
                var words = 0
                b.forEachSegment(in: bytes) { _, status in if status >= 100 { words += 1 } }
                return words
            }
        }
        let full = { () -> (UnsafeBufferPointer<UInt8>) -> Int in
            let t = Tokenizer()
            var out = TokenizedText()
            return { bytes in
                t.tokenize(bytes, into: &out)
                return out.count
            }
        }
        let raw1 = measure(corpus, threads: 1, repeats: repeats, makeWorker: raw)
        let full1 = measure(corpus, threads: 1, repeats: repeats, makeWorker: full)
        let raw2 = measure(corpus, threads: 2, repeats: repeats, makeWorker: raw)
        let full2 = measure(corpus, threads: 2, repeats: repeats, makeWorker: full)
        let name = URL(fileURLWithPath: path).lastPathComponent
        print(String(format: "%@ %6.1f   %10.1f %9.1f %5.2fx   %10.1f %9.1f %5.2fx  %9.2fx  %d (ICU words %d)",
                     name.padding(toLength: 28, withPad: " ", startingAt: 0), Double(corpus.bytes) / 1e6,
                     raw1.mbps, full1.mbps, full1.mbps / raw1.mbps, raw2.mbps, full2.mbps, full2.mbps / raw2.mbps,
                     full2.mbps / full1.mbps, full1.units, raw1.units))
    }
}

/// Differential check: the tokenizer with its fast paths against ICU alone, token by token
/// (ranges, kinds and normalized forms), over every document.
func differentialCheck(_ paths: [String]) {
    var icuOnly = TokenizerOptions()
    icuOnly.fastPaths = false
    let fast = Tokenizer(), reference = Tokenizer(options: icuOnly)
    var a = TokenizedText(), b = TokenizedText()
    for path in paths {
        let corpus = loadCorpus(path)
        var tokens = 0, mismatches = 0
        for document in corpus.documents {
            document.withUnsafeBufferPointer { bytes in
                fast.tokenize(bytes, into: &a)
                reference.tokenize(bytes, into: &b)
            }
            tokens += b.count
            if a.tokens != b.tokens || a.normalized != b.normalized {
                mismatches += 1
                if mismatches <= 3 {
                    let i = (0..<min(a.count, b.count)).first { a.tokens[$0] != b.tokens[$0] } ?? min(a.count, b.count)
                    let show = { (t: TokenizedText) in i < t.count ? "\(t.tokens[i].range) \(t.normalizedString(i))" : "end" }
                    print("  mismatch in \(path) document: fast \(show(a)) vs ICU \(show(b))")
                }
            }
        }
        print("differential \(URL(fileURLWithPath: path).lastPathComponent): \(corpus.documents.count) documents, \(tokens) ICU tokens, \(mismatches) documents differ")
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
var repeats = 3
if let i = arguments.firstIndex(of: "--repeat"), i + 1 < arguments.count {
    repeats = Int(arguments[i + 1]) ?? 3
    arguments.removeSubrange(i...(i + 1))
}
guard let command = arguments.first else {
    print("usage: refrain-benchmarks tokenizer [--repeat N] DIR-OR-FILE...\n       refrain-benchmarks differential DIR-OR-FILE...")
    exit(2)
}
switch command {
case "tokenizer": tokenizerBenchmark(Array(arguments.dropFirst()), repeats: repeats)
case "differential": differentialCheck(Array(arguments.dropFirst()))
default:
    print("unknown benchmark \(command)")
    exit(2)
}
