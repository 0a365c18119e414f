import Foundation
import RefrainText
@testable import RefrainCorpus
import RefrainMatch

extension FuzzTargets {
    /// The tokenizer: offsets inside the text and ordered, and the ASCII fast path giving
    /// exactly ICU's tokens.
    static let tokenizer = FuzzTarget(name: "tokenizer", run: { input in
        var fastOptions = TokenizerOptions()
        fastOptions.fastPaths = true
        var icuOptions = fastOptions
        icuOptions.fastPaths = false
        var fast = TokenizedText(), icu = TokenizedText()
        Tokenizers.fast.tokenize(input, into: &fast)
        Tokenizers.icu.tokenize(input, into: &icu)
        var previous = 0
        for i in 0..<fast.count {
            let t = fast.tokens[i]
            check(t.start >= previous && t.start < t.end && t.end <= input.count, "token \(i) at \(t.range) of \(input.count) bytes")
            previous = t.end
        }
        check(fast.count == icu.count, "fast path gives \(fast.count) tokens, ICU \(icu.count)")
        for i in 0..<fast.count {
            let a = fast.tokens[i], b = icu.tokens[i]
            check(a.range == b.range && a.kind == b.kind && fast.normalizedString(i) == icu.normalizedString(i),
                  "token \(i): fast \(a.range) \(a.kind) \(fast.normalizedString(i)), ICU \(b.range) \(b.kind) \(icu.normalizedString(i))")
        }
        var stemmed = TermTokenizer(options: TermOptions(stem: true, stopwords: true, foldDiacritics: true)).terms(of: String(decoding: input, as: UTF8.self))
        for i in 0..<stemmed.count { check(stemmed.starts[i] <= stemmed.ends[i], "term \(i)") }
        stemmed.removeAll()
    }, seeds: {
        corpusParagraphs.prefix(40).map { Array($0.utf8) } + [
            "don't stop e.g. 10,000 troops 1.3 million U.S. officials rock'n'roll $435 million C++ foo@bar.com http://x.y/z?a=1",
            "Zürich café naïve — “quoted” ‘single’ «guillemets» 北朝鮮 군인 Ёлка",
        ].map { Array($0.utf8) }
    })

    /// JSON Lines (and, by name, text) files through the public corpus reader: small chunks and
    /// a small line limit, with and without skipping bad lines. Origins stay inside the file.
    static let jsonl = FuzzTarget(name: "jsonl", run: { input in
        let path = scratchFile("input.jsonl", input)
        for skip in [false, true] {
            var options = ReaderOptions()
            options.skipBadLines = skip
            options.readChunkBytes = 61
            options.maxLineBytes = 4096
            readAll(path, options, size: input.count)
        }
    }, seeds: {
        var seeds: [[UInt8]] = []
        for (k, p) in corpusParagraphs.prefix(24).enumerated() {
            let object: [String: Any] = ["id": "p\(k)", "text": p, "source": "seed", "date": "2024-10-0\(k % 9 + 1)"]
            let line = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            seeds.append(Array(line) + [0x0A] + Array(#"{"id":"x","text":"caf\u00e9 \ud83d\ude00 \"q\" \\ end"}"#.utf8))
        }
        seeds.append(Array("\u{FEFF}{\"text\": \"bom\"}\r\n{\"text\": \"\"}\n\n{\"id\": 3}\n{\"text\": \"\\ud800 lone\"}".utf8))
        return seeds
    })

    /// The gzip decoder on raw input (single and concatenated members, damaged ones), and a
    /// round trip: what the encoder writes decodes to the input.
    static let gzip = FuzzTarget(name: "gzip", run: { input in
        _ = try? decodeAll(Array(input))
        var encoded: [UInt8] = []
        do {
            let encoder = try GzipEncoder(path: "<fuzz>") { chunk in encoded.append(contentsOf: chunk) }
            try encoder.write(UnsafeRawBufferPointer(input))
            try encoder.finish()
        } catch {
            check(false, "encoding failed: \(error)")
        }
        let decoded: [UInt8]
        do { decoded = try decodeAll(encoded) } catch { check(false, "decoding what was encoded failed: \(error)"); return }
        check(decoded.elementsEqual(input), "round trip changed \(input.count) bytes into \(decoded.count)")
    }, seeds: {
        func gz(_ s: String) -> [UInt8] {
            var out: [UInt8] = []
            let e = try! GzipEncoder(path: "<seed>") { out.append(contentsOf: $0) }
            var s = s
            s.withUTF8 { try! e.write(UnsafeRawBufferPointer($0)) }
            try! e.finish()
            return out
        }
        var seeds = corpusTexts.map { gz($0) }
        seeds.append(gz("one\n") + gz("two\n"))
        seeds.append(Array(gz(corpusTexts.first ?? "x").dropLast(9)))
        seeds.append(gz("") + [0x00, 0x00, 0x1F])
        return seeds
    })

    /// Quote extraction and attribution: every range inside the text and ordered, segments
    /// inside the quote's marks, cues inside the text.
    static let quotes = FuzzTarget(name: "quotes", run: { input in
        let quotes = Tokenizers.quoteReader.quotes(in: input)
        for q in quotes {
            check(!q.segments.isEmpty, "a quote without segments")
            var previous = q.segments[0].lowerBound
            for s in q.segments {
                check(s.lowerBound >= previous && s.upperBound <= input.count, "segment \(s) of \(input.count) bytes")
                previous = s.upperBound
            }
            check(q.markedRange.lowerBound >= 0 && q.markedRange.upperBound <= input.count, "marks \(q.markedRange)")
            check(q.sentenceRange.upperBound <= input.count && q.paragraphRange.upperBound <= input.count, "sentence or paragraph range")
            if let a = q.attribution {
                check(a.cue.lowerBound >= 0 && a.cue.upperBound <= input.count, "cue \(a.cue) of \(input.count) bytes")
                check(a.confidence >= 0 && a.confidence <= 1, "confidence \(a.confidence)")
            }
        }
    }, seeds: {
        corpusTexts.map { Array($0.utf8) } + corpusParagraphs.prefix(40).map { Array($0.utf8) } + [
            "“We will win,” Zelensky said. “Not now”, he added — ‘maybe’. He said: \"it's over\"",
            "«Nous gagnerons», a déclaré le ministre. „Wir“, sagte sie. 「はい」と彼は言った。",
            "Ana Ruiz released the following statement:\n\nWe will win.\n\nWe will “not” stop.”\n\nAna Ruiz, Acme",
            "The crowd chanted “murderers” as Lopez, calling it a “disgrace,” said the plan was “dead”, the judge said.\n\nVous avez gagné.\n— Ana Ruiz (@ana) May 1, 2024\n\nThey added, \"All is well.",
        ].map { Array($0.utf8) }
    })
}

/// Shared per-process instances (each target runs on one thread).
enum Tokenizers {
    nonisolated(unsafe) static let fast: Tokenizer = {
        var o = TokenizerOptions()
        o.fastPaths = true
        return Tokenizer(options: o)
    }()
    nonisolated(unsafe) static let icu: Tokenizer = {
        var o = TokenizerOptions()
        o.fastPaths = false
        return Tokenizer(options: o)
    }()
    nonisolated(unsafe) static let quoteReader = QuoteReader()
}

/// Reads every document of `path`, checking the origins.
func readAll(_ path: String, _ options: ReaderOptions, size: Int) {
    let reader = CorpusReader(inputs: [path], options: options, warn: { _ in })
    var n = 0
    while n < 10_000 {
        guard let d = try? reader.next() else { return }
        check(d.origin.byteOffset >= 0 && d.origin.byteOffset + d.origin.byteCount <= size, "origin \(d.origin) of \(size) bytes")
        n += 1
    }
}

/// Bytes in memory as a byte source.
final class MemorySource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var storedBytesRead: Int { offset }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int {
        let n = min(buffer.count, bytes.count - offset, 7919)
        bytes.withUnsafeBytes { src in buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}

/// Everything `gzip` decodes to.
func decodeAll(_ gzip: [UInt8]) throws(CorpusError) -> [UInt8] {
    let decoder = try GzipDecoder(input: MemorySource(gzip), path: "<fuzz>", chunkBytes: 4096, warn: { _ in })
    var out: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 3001, alignment: 8)
    defer { buffer.deallocate() }
    while true {
        let n = try decoder.read(into: buffer)
        if n == 0 { return out }
        out.append(contentsOf: buffer[0..<n])
        check(out.count <= 64 << 20, "decoded more than 64 MiB")
    }
}
