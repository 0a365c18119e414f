#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import RefrainCorpus

/// Talk goes to standard error; data goes to standard output or --output.
enum Console {
    /// Writes a line to standard error.
    static func warn(_ message: String) {
        var line = message
        line.append("\n")
        _ = line.withCString { fputs($0, stderr) }
    }

    /// Whether standard error is a terminal (progress lines only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes data to standard output.
    static func write(_ text: String) {
        _ = text.withCString { fputs($0, stdout) }
    }

    /// Overwrites the current progress line on standard error (terminals only).
    static func progress(_ message: String) {
        guard stderrIsTerminal else { return }
        _ = "\r\u{1B}[K\(message)".withCString { fputs($0, stderr) }
    }

    /// Clears a progress line.
    static func endProgress() {
        guard stderrIsTerminal else { return }
        _ = "\r\u{1B}[K".withCString { fputs($0, stderr) }
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

/// Runs `body`, turning corpus and I/O errors into a one-line message and exit code 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CorpusError {
        Console.warn("error: \(error)")
        throw ExitStatus.runtimeError
    }
}
