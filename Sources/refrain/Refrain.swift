import ArgumentParser
import Foundation

/// `refrain`: find text that repeats.
@main
struct Refrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refrain",
        abstract: "Find text that repeats: near-duplicate documents and paragraphs, and quote variants across outlets.",
        discussion: """
        Exit codes: 0 success; 1 runtime error (unreadable input, malformed data, I/O failure); \
        2 usage error; 3 matches found with --fail-on-match.
        Data goes to stdout (or --output), diagnostics and progress to stderr.
        """,
        version: RefrainVersion.string,
        subcommands: [Tokenize.self, Dedupe.self, Find.self, Quotes.self, Index.self]
    )
}

extension Refrain {
    /// Parses and runs a subcommand, mapping usage errors to exit code 2 (swift-argument-parser
    /// uses 64) so the codes match the documentation.
    static func main() {
        tuneAllocator()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Console.warn(fullMessage(for: error))
                Foundation.exit(ExitStatus.usageError.rawValue)
            }
            exit(withError: error)
        }
    }
}

extension Refrain {
    /// Worker threads allocate and free a batch's worth of memory at a time; glibc's defaults
    /// grow each thread's heap a page range at a time (an `mprotect` call each, thousands a run)
    /// and hand the top back as soon as it is free. Growing by 16 MiB and keeping up to 32 MiB
    /// free cuts those calls to a few dozen; at most four heaps (the run has that many busy
    /// threads) bound what is kept to 4 × 48 MiB however the threads interleave.
    static func tuneAllocator() {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which the Glibc module does not export; the option
        // numbers are glibc's ABI (M_TRIM_THRESHOLD -1, M_TOP_PAD -2, M_ARENA_MAX -8).
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        _ = mallopt(-8, 4)
        _ = mallopt(-2, 16 << 20)
        _ = mallopt(-1, 32 << 20)
        #endif
    }
}

enum RefrainVersion {
    static let string = "0.1.0"
}
