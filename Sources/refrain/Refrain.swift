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

enum RefrainVersion {
    static let string = "0.1.0"
}
