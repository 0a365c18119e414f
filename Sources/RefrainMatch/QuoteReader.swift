/// Extraction and attribution together: the attributed quotes of a text.
///
/// Not thread-safe (it owns a ``QuoteExtractor``): use one per thread.
public final class QuoteReader {
    /// The extractor in use.
    public let extractor: QuoteExtractor
    /// The attributor in use.
    public let attributor: SpeakerAttributor

    /// A reader with the given options (defaults: ``QuoteExtractionOptions()``, ``AttributionOptions()``).
    public init(extraction: QuoteExtractionOptions = QuoteExtractionOptions(), attribution: AttributionOptions = AttributionOptions()) {
        extractor = QuoteExtractor(options: extraction)
        attributor = SpeakerAttributor(options: attribution)
    }

    /// The quotes of UTF-8 `bytes`, attributed.
    public func quotes(in bytes: UnsafeBufferPointer<UInt8>) -> [Quote] {
        let quotes = extractor.extract(from: bytes)
        return attributor.attribute(quotes, in: bytes, paragraphMode: extractor.options.paragraphMode)
    }

    /// The quotes of `text`, attributed.
    public func quotes(in text: String) -> [Quote] {
        var text = text
        return text.withUTF8 { quotes(in: $0) }
    }
}
