import RefrainCorpus
import RefrainMatch

extension ReportDocuments {
    /// The documents numbered `numbers` in `index` (those a find or quotes report shows), in
    /// number order, for the HTML page to show each passage inside its paragraph.
    /// - Throws: ``RefrainMatch/MatchIndexError`` when the index is damaged.
    public init(_ numbers: Set<Int>, in index: MatchIndex) throws(MatchIndexError) {
        self.init(try numbers.sorted().map { n throws(MatchIndexError) in
            let d = try index.document(n)
            return Document(ordinal: n, id: d.id, text: d.text, source: d.source, date: d.date, url: d.url, title: d.title,
                            origin: .init(path: d.path, line: d.line))
        })
    }
}
