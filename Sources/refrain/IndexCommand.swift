import ArgumentParser

// Placeholder until the command lands.
struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet available)")
    func run() throws { throw CleanExit.message("not yet available") }
}
