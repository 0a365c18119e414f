import Testing
import Foundation
import RefrainMatch

@Test func debugDumpSeedQuotes() {
    guard ProcessInfo.processInfo.environment["REFRAIN_DUMP"] != nil else { return }
    let extractor = QuoteExtractor()
    let attributor = SpeakerAttributor()
    for (id, text) in Seed.documents {
        let quotes = attributor.attribute(extractor.extract(from: text), in: text)
        print("=== \(id)")
        for q in quotes {
            let a = q.attribution.map { "\($0.speaker) [\($0.kind.rawValue), \($0.method.rawValue), \($0.confidence)] cue=\(slice(text, $0.cue))" } ?? "-"
            print("  d\(q.depth) \(q.kind.rawValue) p\(q.paragraph) s\(q.sentence) split=\(q.segments.count) term=\(q.isTerminated) rep=\(q.isRepaired): \(q.statement(in: text).prefix(70)) -> \(a)")
        }
    }
}
