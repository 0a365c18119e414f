import ArgumentParser
import RefrainCorpus
import RefrainDedupe
import RefrainMatch
import RefrainReport
import RefrainSketch
import RefrainText

// The libraries' option enums, parsed by their raw values, so `--help` lists the allowed values
// and a wrong one is a usage error naming them. The conformances live here, where the argument
// parser is a dependency; the libraries do not know about it.
extension DedupeLevel: ExpressibleByArgument {}
extension KeepRule: ExpressibleByArgument {}
extension VerifyMode: ExpressibleByArgument {}
extension ShingleKind: ExpressibleByArgument {}
extension MinHashScheme: ExpressibleByArgument {}
extension ParagraphMode: ExpressibleByArgument {}
extension QuoteParagraphMode: ExpressibleByArgument {}
extension ReaderOptions.StdinFormat: ExpressibleByArgument {}
extension DedupeRunPlan.Stage: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

extension StagePart: ExpressibleByArgument {
    /// Parses `i/n` with `0 <= i < n`.
    public init?(argument: String) { self.init(argument) }
    public var defaultValueDescription: String { description }
}
