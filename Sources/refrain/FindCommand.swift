import ArgumentParser

// Placeholder until the command lands.
struct Find: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet available)")
    func run() throws { throw CleanExit.message("not yet available") }
}
