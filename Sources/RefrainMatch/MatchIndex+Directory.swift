import Foundation

extension MatchIndex {
    /// Whether `path` is an index directory (one holding ``manifestName``), so a command given a
    /// single path can search it instead of indexing the path as a corpus.
    public static func isIndex(at path: String) -> Bool {
        FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(manifestName))
    }
}
