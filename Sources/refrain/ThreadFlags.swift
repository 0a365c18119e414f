import ArgumentParser
import RefrainParallel

/// `--threads`, shared by `find`, `quotes` and `index`.
struct ThreadFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Worker threads (default: every core). Results are the same for any count.", valueName: "n"))
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// The thread count to use.
    var count: Int { threads ?? Parallel.allCores }
}
