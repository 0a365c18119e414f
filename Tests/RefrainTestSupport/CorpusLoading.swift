import RefrainCorpus

/// Reads every document of `inputs` the way the CLI does, with `options`; warnings go to `warn`.
public func readAllDocuments(
    _ inputs: [String], options: ReaderOptions = ReaderOptions(), warn: @escaping @Sendable (CorpusWarning) -> Void = { _ in }
) throws(CorpusError) -> (documents: [Document], summary: ReadSummary) {
    let reader = CorpusReader(inputs: inputs, options: options, warn: warn)
    var documents: [Document] = []
    while let document = try reader.next() { documents.append(document) }
    return (documents, reader.summary)
}
