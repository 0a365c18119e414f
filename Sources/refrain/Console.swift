#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
private typealias Glibc = Darwin
#endif
import ArgumentParser
import RefrainCorpus
import RefrainMatch

/// Talk goes to standard error; data goes to standard output or --output.
enum Console {
    /// Writes a line to standard error.
    static func warn(_ message: String) {
        writeAll(2, message + "\n")
    }

    /// Writes all of `text` to file descriptor `fd` (unbuffered: each call is one or more write(2)s).
    static func writeAll(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 { if errno == EINTR { continue } else { return } }
                offset += n
            }
        }
    }

    /// Whether standard error is a terminal (progress lines only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes data to standard output.
    static func write(_ text: String) {
        writeAll(1, text)
    }

    /// Overwrites the current progress line on standard error (terminals only).
    static func progress(_ message: String) {
        guard stderrIsTerminal else { return }
        writeAll(2, "\r\u{1B}[K\(message)")
    }

    /// Clears a progress line.
    static func endProgress() {
        guard stderrIsTerminal else { return }
        writeAll(2, "\r\u{1B}[K")
    }

    /// `12.3 of 45.6 MB (27%)` for the first `documents` documents where the input size is
    /// known, else `12.3 MB`.
    static func describe(_ read: ReadProgress, documents: Int) -> String {
        let mb = { (bytes: Int) in String(format: "%.1f", Double(bytes) / 1_000_000) }
        let done = read.bytes(forDocuments: documents)
        guard let total = read.total, let fraction = read.fraction(forDocuments: documents) else { return "\(mb(done)) MB" }
        return "\(mb(done)) of \(mb(total)) MB (\(Int(fraction * 100))%)"
    }

    /// Prints the end-of-run account of what was read and skipped.
    static func summary(_ summary: ReadSummary, quiet: Bool) {
        if !quiet { warn("read: \(summary)") }
    }
}

/// The documented exit codes.
enum ExitStatus {
    /// Runtime error: unreadable input, malformed data, I/O failure.
    static let runtimeError = ExitCode(1)
    /// Usage error: bad options or arguments.
    static let usageError = ExitCode(2)
    /// `--fail-on-match` and something matched.
    static let matchFound = ExitCode(3)
}

/// Runs `body`, turning corpus, index and I/O errors into a one-line message and exit code 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CorpusError {
        Console.error(error)
        throw ExitStatus.runtimeError
    } catch let error as MatchIndexError {
        Console.warn("error: \(error)")
        throw ExitStatus.runtimeError
    }
}

extension Console {
    /// Prints `error: <error>`, with a hint where the fix is a flag away.
    static func error(_ error: CorpusError) {
        var message = "error: \(error)"
        switch error {
        case .malformedLine(let file, 1, _, _) where file == "<stdin>":
            message += " (standard input is read as JSON Lines; for plain text give --stdin-format text)"
        case .lineTooLong:
            message += " (raise it with --max-line-bytes, or skip such lines with --skip-bad-lines)"
        case .fileTooLarge:
            message += " (skip such files with --skip-bad-lines)"
        default:
            break
        }
        warn(message)
    }
}

/// Counted nouns: `1 document`, `2 documents`.
enum Plural {
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

/// Wall time per stage on standard error, when the environment sets `REFRAIN_TIMINGS=1`: a
/// developer's aid for benchmarks (it prints even with `--quiet`).
final class StageTimings: @unchecked Sendable {
    // Safety: the engine calls progress on the thread that runs the command.
    private var current: (stage: String, since: UInt64)?
    private let start: UInt64

    private init() { start = StageTimings.now() }

    /// A recorder when `REFRAIN_TIMINGS` is `1`, else nil.
    static func fromEnvironment() -> StageTimings? {
        getenv("REFRAIN_TIMINGS").map { String(cString: $0) } == "1" ? StageTimings() : nil
    }

    /// Marks the start of `stage` (repeated calls for the same stage are progress, not a new stage).
    func enter(_ stage: String) {
        if current?.stage == stage { return }
        close()
        current = (stage, StageTimings.now())
    }

    /// Ends the last stage and prints the total.
    func finish() {
        close()
        line("total", StageTimings.now() - start)
    }

    private func close() {
        guard let current else { return }
        line(current.stage, StageTimings.now() - current.since)
        self.current = nil
    }

    private func line(_ stage: String, _ nanoseconds: UInt64) {
        let ms = nanoseconds / 1_000_000
        let fraction = String(ms % 1000)
        let padded = stage + String(repeating: " ", count: max(0, 12 - stage.count))
        Console.warn("timings: \(padded) \(ms / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s")
    }

    private static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}
