import RefrainCorpus
import RefrainParallel

/// Where ``QuoteFinder`` and ``QuoteClusterer`` take their documents from: an index directory
/// written by ``MatchIndex/write(to:termOptions:segmentDocuments:threads:next:)``, or inputs
/// read and indexed in memory.
///
/// ```swift
/// let source = MatchSource(inputs: ["news.jsonl"], termOptions: TermOptions(stem: false))
/// let opened = try source.open { warning in print(warning) }
/// let matches = try QuoteFinder(index: opened.index).find("fake news")
/// ```
///
/// A source whose only input is an index directory (``MatchIndex/isIndex(at:)``) opens that
/// index, so one path argument can name either a corpus or an index.
public struct MatchSource: Sendable, Hashable {
    /// The index directory to open; nil to read ``inputs`` (or open the index that is their only
    /// path).
    public var index: String?
    /// Files, directories of text files, JSON Lines files, or `-` for standard input, read in
    /// order (see ``RefrainCorpus/CorpusReader``). Not read when there is an index to open.
    public var inputs: [String]
    /// How the inputs are read. Default ``RefrainCorpus/ReaderOptions/init()``.
    public var reader: ReaderOptions
    /// How terms are made when the inputs are indexed in memory. An index on disk keeps the
    /// options it was built with (see ``Opened/termOptionsDiffer``). Default ``TermOptions/init()``.
    public var termOptions: TermOptions
    /// Threads that tokenize the inputs; the index is the same for any count. Default: every core.
    public var threads: Int

    /// A source; the defaults read nothing.
    public init(
        index: String? = nil, inputs: [String] = [], reader: ReaderOptions = ReaderOptions(),
        termOptions: TermOptions = TermOptions(), threads: Int = Parallel.allCores
    ) {
        self.index = index
        self.inputs = inputs
        self.reader = reader
        self.termOptions = termOptions
        self.threads = threads
    }

    /// The index directory ``open(warn:progress:)`` opens: ``index``, else the only input when it
    /// is an index directory, else nil (the inputs are read). Looks at the file system.
    public var indexDirectory: String? {
        if let index { return index }
        if inputs.count == 1, MatchIndex.isIndex(at: inputs[0]) { return inputs[0] }
        return nil
    }

    /// Every path the source names, the inputs then the index: what a run's outputs must not
    /// replace (see ``RefrainCorpus/OutputPlan``).
    public var paths: [String] { inputs + (index.map { [$0] } ?? []) }

    /// An opened source: the index to search, and what it took to get it.
    public struct Opened: Sendable {
        /// The index: the one on disk, or the inputs' documents numbered in read order from 0.
        public var index: MatchIndex
        /// What reading the inputs found (documents, skips, repairs); nil when an index directory
        /// was opened.
        public var readSummary: ReadSummary?
        /// Whether the index on disk was built with other term options than the source asks for;
        /// the index's own are in use (``MatchIndex/termOptions``). Always false for inputs.
        public var termOptionsDiffer: Bool
    }

    /// Opens ``indexDirectory``, or, when there is none, reads every input to the end and indexes
    /// the documents in memory on ``threads`` threads (the whole corpus is held in memory).
    /// - Parameters:
    ///   - warn: called with each repair or skip the reader reports (see
    ///     ``RefrainCorpus/CorpusReader``); not called for an index.
    ///   - progress: called on the calling thread after each document read, with the number read
    ///     so far; not called for an index.
    /// - Throws: ``MatchIndexError`` when the index cannot be opened or is damaged;
    ///   ``RefrainCorpus/CorpusError`` when an input cannot be read (the read stops there).
    public func open(
        warn: @escaping @Sendable (CorpusWarning) -> Void = { _ in }, progress: (Int) -> Void = { _ in }
    ) throws -> Opened {
        if let directory = indexDirectory {
            let index = try MatchIndex.open(directory)
            return Opened(index: index, readSummary: nil, termOptionsDiffer: index.termOptions != termOptions)
        }
        let reader = CorpusReader(inputs: inputs, options: self.reader, warn: warn)
        var documents: [Document] = []
        while let document = try reader.next() {
            documents.append(document)
            progress(documents.count)
        }
        let index = MatchIndex(documents: documents, termOptions: termOptions, threads: threads)
        return Opened(index: index, readSummary: reader.summary, termOptionsDiffer: false)
    }
}
