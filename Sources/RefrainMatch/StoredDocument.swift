import RefrainText

/// A document as the index stores it.
public struct StoredDocument: Sendable, Hashable {
    /// Position of the document in the index (0-based, across all segments, in the order added).
    public var number: Int
    /// The document's id (see ``Document/id``).
    public var id: String
    /// The text.
    public var text: String
    /// Optional metadata.
    public var source: String?
    /// Optional date, as written in the input.
    public var date: String?
    /// Optional URL.
    public var url: String?
    /// Optional title.
    public var title: String?
    /// The file it was read from.
    public var path: String
    /// The line for JSON Lines records.
    public var line: Int?

    /// Creates a stored document.
    public init(number: Int, id: String, text: String, source: String? = nil, date: String? = nil, url: String? = nil,
                title: String? = nil, path: String = "", line: Int? = nil) {
        self.number = number
        self.id = id
        self.text = text
        self.source = source
        self.date = date
        self.url = url
        self.title = title
        self.path = path
        self.line = line
    }
}
