import Foundation
import RefrainMatch
import RefrainTestSupport

/// The seed corpus (``Repository/seedCorpus``).
enum Seed {
    static let directory: URL = Repository.seedCorpus

    /// File names, sorted.
    static var names: [String] { Repository.seedTexts.map(\.name) }

    /// The text of the document whose name starts with `prefix` ("000").
    static func text(_ prefix: String) -> String {
        Repository.seedTexts.first { $0.name.hasPrefix(prefix) }!.text
    }

    /// All documents as (id, text).
    static var documents: [(id: String, text: String)] {
        Repository.seedTexts.map { ($0.name, $0.text) }
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
