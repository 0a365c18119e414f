import Foundation
import RefrainCorpus
import Testing
@testable import RefrainSketch

@Suite("Seed corpus at paragraph level")
struct SeedCorpusTests {
    static let kyiv001 = "001_716e6fbc3db45469.txt"
    static let kyiv004 = "004_dddc448aae3c46ab.txt"

    /// (document id, first words of the unit) for each member of each cluster.
    static func describe(_ result: DedupeResult, _ docs: [Document]) -> [[(doc: String, text: String, member: ClusterMember)]] {
        result.clusters.map { c in
            c.members.map { m in
                let u = result.units[m.unit]
                let d = docs[u.document]
                let bytes = Array(d.text.utf8)[u.start..<u.end]
                return ((d.id as NSString).lastPathComponent, String(decoding: bytes, as: UTF8.self), m)
            }
        }
    }

    @Test func sharedKyivIndependentParagraphsClusterAndOthersDoNot() throws {
        let docs = try readAll(seedFiles)
        #expect(docs.count == 5)
        let result = try DedupeEngine(options: options { $0.level = .paragraph }).run(documents: docs)
        let clusters = Self.describe(result, docs)
        let shared = [
            "The group of North Korean soldiers arrived in the Russian-held part of Ukraine",
            "There have also been reports of North Korean military or police personnel",
            "The two countries signed a mutual defense pact",
            "Moscow and Pyongyang have deepened military cooperation",
        ]
        for opening in shared {
            let matching = clusters.filter { c in c.contains { $0.text.hasPrefix(opening) } }
            #expect(matching.count == 1, "one cluster for \(opening)")
            guard let cluster = matching.first else { continue }
            // Exactly one paragraph from each of the two Kyiv Independent articles.
            #expect(cluster.map(\.doc).sorted() == [Self.kyiv001, Self.kyiv004], "members of \(opening)")
            #expect(cluster.allSatisfy { $0.text.hasPrefix(opening) })
        }
        // The Moscow paragraph: 004 has only the first sentence of 001's paragraph, so it matches by
        // containment (its Jaccard is well below the threshold).
        let moscow = clusters.first { c in c.contains { $0.text.hasPrefix(shared[3]) } }!
        let short = moscow.first { $0.doc == Self.kyiv004 }!
        let long = moscow.first { $0.doc == Self.kyiv001 }!
        #expect(long.member.isRepresentative)  // longest wins when there are no dates
        #expect(short.member.match == .containment)
        #expect(short.member.similarity == 1.0)
        #expect(long.text.count > short.text.count + 50)
        let pair = result.pairs.first { p in
            Set([p.a, p.b]) == Set([long.member.unit, short.member.unit])
        }
        #expect(pair?.match == .containment)
        let j = SortedSets.jaccard(
            Array(Shingler().shingles(of: long.text, tokenizer: .init()).sortedUnique()),
            Array(Shingler().shingles(of: short.text, tokenizer: .init()).sortedUnique()))
        #expect(j < 0.6)

        // Paragraphs that only resemble each other ("When asked about a recent report..." in 001,
        // "Asked about a recent report..." in 004) stay apart.
        #expect(!clusters.contains { c in c.contains { $0.text.hasPrefix("When asked about a recent report") } })
        #expect(!clusters.contains { c in c.contains { $0.text.hasPrefix("Asked about a recent report") } })
        // Every member of every cluster meets the threshold against its representative.
        for c in clusters { for m in c { #expect(m.member.similarity >= 0.8, "\(m.doc): \(m.text.prefix(60))") } }
        // Besides the four, exactly two more clusters: the quote 001 shares with 003, and the
        // newsletter sign-up chrome of the two Kyiv Independent pages.
        #expect(clusters.count == 6)
        #expect(clusters.contains { c in
            Set(c.map(\.doc)) == ["001_716e6fbc3db45469.txt", "003_dfa434782f7f7181.txt"]
                && c.allSatisfy { $0.text.dropFirst().hasPrefix("This might even be a driving factor") }
        })
        #expect(clusters.contains { c in c.contains { $0.text.hasPrefix("Thank you for signing up for this newsletter") } })
    }

    @Test func memberRangesSliceBackToTheirExcerpts() throws {
        let docs = try readAll(seedFiles)
        let result = try DedupeEngine(options: options { $0.level = .paragraph }).run(documents: docs)
        #expect(!result.clusters.isEmpty)
        for c in result.clusters {
            for m in c.members {
                let u = result.units[m.unit]
                let text = String(decoding: Array(docs[u.document].text.utf8)[u.start..<u.end], as: UTF8.self)
                let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                let excerpt = m.excerpt.hasSuffix("…") ? String(m.excerpt.dropLast()) : m.excerpt
                #expect(collapsed.hasPrefix(excerpt))
                #expect(!excerpt.isEmpty)
            }
        }
    }

    @Test func boilerplateDetectionListsRepeatedChromeAndKeepsTheSharedParagraphs() throws {
        let docs = try readAll(seedFiles)
        let result = try DedupeEngine(options: options { $0.level = .paragraph; $0.boilerplate = true }).run(documents: docs)
        let texts = result.boilerplate.map(\.text)
        #expect(texts.contains("Subscribe"))
        #expect(texts.contains("* indicates required"))
        // Article paragraphs shared by two documents are not boilerplate (default: 3 documents).
        #expect(!texts.contains { $0.hasPrefix("The two countries signed") })
        #expect(result.counts.boilerplateLines == result.boilerplate.count)
        let clustered = Self.describe(result, docs).flatMap { $0.map(\.text) }
        for opening in ["The group of North Korean soldiers", "There have also been reports", "The two countries signed",
                        "Moscow and Pyongyang have deepened"] {
            #expect(clustered.contains { $0.hasPrefix(opening) }, "\(opening)")
        }
    }
}

extension Array where Element == UInt64 {
    func sortedUnique() -> ContiguousArray<UInt64> {
        var s = ContiguousArray(self)
        SortedSets.sortUnique(&s)
        return s
    }
}
