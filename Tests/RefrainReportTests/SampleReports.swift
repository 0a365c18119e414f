import Foundation
import RefrainCorpus
@testable import RefrainReport
import RefrainSketch
import Testing

/// Writes the seed corpus's reports as files for people to look at (Scripts/screenshot-report.sh
/// uses it while a command cannot write HTML itself). Runs only when `REFRAIN_REPORT_SAMPLES`
/// names a directory.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["REFRAIN_REPORT_SAMPLES"] != nil))
struct SampleReports {
    static var directory: String { ProcessInfo.processInfo.environment["REFRAIN_REPORT_SAMPLES"] ?? "" }

    @Test func writeDedupeSamples() throws {
        for level in DedupeLevel.allCases {
            var options = DedupeOptions()
            options.level = level
            let report = DedupeReport(result: try DedupeEngine(options: options).run(documents: seedDocuments))
            for format in ReportFormat.allCases {
                let path = (Self.directory as NSString).appendingPathComponent("dedupe-\(level.rawValue).\(format.fileExtension)")
                try ReportWriter(format: format, destination: .file(path)).write(report, documents: ReportDocuments(seedDocuments))
                #expect(FileManager.default.fileExists(atPath: path))
            }
        }
    }
}
