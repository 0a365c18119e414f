import RefrainCorpus

/// The documents a report refers to, by id: what the HTML renderer shows passages within.
///
/// Reports carry offsets and short texts, not whole documents; to show each variant inside its
/// paragraph, the HTML renderer looks the document up here. Without a document the page still
/// shows the reported text, just without its surroundings. When ids repeat, the first document
/// read wins. Holds each text once as UTF-8 bytes.
public struct ReportDocuments: Sendable {
    /// One document and its text's UTF-8 bytes.
    public struct Entry: Sendable {
        /// The document.
        public var document: Document
        /// `document.text` as UTF-8; report offsets index these bytes.
        public var bytes: [UInt8]
    }

    private var entries: [String: Entry] = [:]

    /// No documents.
    public init() {}

    /// The given documents.
    public init(_ documents: some Sequence<Document>) {
        for document in documents { add(document) }
    }

    /// Adds `document` unless a document with its id is already there.
    public mutating func add(_ document: Document) {
        guard entries[document.id] == nil else { return }
        entries[document.id] = Entry(document: document, bytes: Array(document.text.utf8))
    }

    /// The document with `id`, if present.
    public subscript(id: String) -> Entry? { entries[id] }

    /// Number of documents held.
    public var count: Int { entries.count }

    /// Whether no documents are held.
    public var isEmpty: Bool { entries.isEmpty }

    /// Reads `reader` to the end, keeping only the documents whose id is in `ids`: a second pass
    /// over a big corpus that holds just what a report shows.
    public static func read(_ reader: CorpusReader, keeping ids: Set<String>) throws(CorpusError) -> ReportDocuments {
        var documents = ReportDocuments()
        while let document = try reader.next() {
            if ids.contains(document.id) { documents.add(document) }
        }
        return documents
    }
}
