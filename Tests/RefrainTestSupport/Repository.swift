import Foundation

/// Paths inside the repository the tests run from, found from this file's location
/// (`Tests/RefrainTestSupport/`), so tests work from any working directory.
public enum Repository {
    /// The package root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // RefrainTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    /// `Corpora/`, the real text the tests use.
    public static let corpora: URL = root.appendingPathComponent("Corpora")

    /// The seed corpus directory: five news articles on one story (`Corpora/dprk-ukraine-2024`).
    public static let seedCorpus: URL = corpora.appendingPathComponent("dprk-ukraine-2024")

    /// The seed corpus's article files (its `.txt` files, not its README), full paths in name order.
    public static var seedFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seedCorpus.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { seedCorpus.appendingPathComponent($0).path }
    }

    /// The seed corpus's articles as (file name, text), in name order; a file that cannot be read
    /// stops the test run with its path.
    public static let seedTexts: [(name: String, text: String)] = seedFiles.map { path in
        do {
            return ((path as NSString).lastPathComponent, try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            fatalError("cannot read the seed corpus file \(path): \(error)")
        }
    }
}
