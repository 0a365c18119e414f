#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
private typealias Glibc = Darwin
#endif
import ArgumentParser
import RefrainCorpus

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
