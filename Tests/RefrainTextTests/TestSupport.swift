import Foundation
import RefrainTestSupport

/// The repository's `Corpora/` folder.
let corporaURL = Repository.corpora

/// The seed corpus: five news articles on one story, by file name.
let seedCorpus: [(name: String, text: String)] = Repository.seedTexts

