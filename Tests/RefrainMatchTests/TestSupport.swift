import Foundation
import RefrainMatch

/// The seed corpus, found from this file's path.
enum Seed {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpora/dprk-ukraine-2024")

    /// File names, sorted.
    static let names: [String] = {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0.hasSuffix(".txt") }.sorted()
    }()

    /// The text of the document whose name starts with `prefix` ("000").
    static func text(_ prefix: String) -> String {
        let name = names.first { $0.hasPrefix(prefix) }!
        return try! String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// All documents as (id, text).
    static var documents: [(id: String, text: String)] {
        names.map { ($0, try! String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }
}

/// The exact bytes of `range` in `text`.
func slice(_ text: String, _ range: Range<Int>) -> String {
    String(decoding: Array(text.utf8)[range], as: UTF8.self)
}

import RefrainCorpus

extension Seed {
    /// The seed corpus as documents, in file order.
    static var corpus: [Document] {
        documents.enumerated().map { k, d in Document(ordinal: k, id: d.id, text: d.text, origin: .init(path: d.id)) }
    }

    /// An in-memory index of the seed corpus.
    static func index() -> MatchIndex { MatchIndex(documents: corpus) }
}
