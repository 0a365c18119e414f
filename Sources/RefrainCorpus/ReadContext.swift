/// State shared by the readers of one ``CorpusReader``: options, the running summary, warnings.
final class ReadContext {
    let options: ReaderOptions
    var summary = ReadSummary()
    private let warnHandler: @Sendable (CorpusWarning) -> Void

    init(options: ReaderOptions, warn: @escaping @Sendable (CorpusWarning) -> Void) {
        self.options = options
        self.warnHandler = warn
    }

    func warn(_ warning: CorpusWarning) {
        summary.warnings += 1
        warnHandler(warning)
    }
}
