import Foundation
import RefrainCorpus
@testable import RefrainReport
import RefrainMatch
import RefrainDedupe
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

    @Test func writeFindSamples() throws {
        let report = try FindReportFormatTests.report("another bit of fake news")
        for format in ReportFormat.allCases {
            let path = (Self.directory as NSString).appendingPathComponent("find.\(format.fileExtension)")
            try ReportWriter(format: format, destination: .file(path)).write(report, documents: ReportDocuments(seedDocuments))
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func writeQuotesSamples() throws {
        let report = QuotesReportFormatTests.seed
        for format in ReportFormat.allCases {
            let path = (Self.directory as NSString).appendingPathComponent("quotes.\(format.fileExtension)")
            try ReportWriter(format: format, destination: .file(path)).write(report, documents: ReportDocuments(seedDocuments))
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    /// The seed corpus with the outlets and dates its README gives (where certain), to see the
    /// timeline on real dates.
    @Test func writeDatedQuotesSample() throws {
        let metadata: [String: (source: String?, date: String?)] = [
            "000_f49b0cf1a968be6d.txt": (nil, "2024-10-10"),
            "001_716e6fbc3db45469.txt": ("The Kyiv Independent", "2024-10-10"),
            "003_dfa434782f7f7181.txt": ("Washington Examiner", nil),
            "004_dddc448aae3c46ab.txt": ("The Kyiv Independent", "2024-10-08"),
        ]
        let documents = seedDocuments.filter { $0.id.hasSuffix(".txt") }.map { document -> Document in
            var document = document
            document.source = metadata[document.id]?.source
            document.date = metadata[document.id]?.date
            return document
        }
        let report = try QuotesReportFormatTests.report(documents, minVariants: 2)
        let path = (Self.directory as NSString).appendingPathComponent("quotes-dated.html")
        try ReportWriter(format: .html, destination: .file(path)).write(report, documents: ReportDocuments(documents))
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
