import Foundation
import RefrainCorpus
import RefrainText
import Testing
@testable import RefrainDedupe
import RefrainSketch

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

    @Test func paragraphLevelWriteDedupedCutsTheCoveredParagraphsAndKeepsTheRestByteForByte() throws {
        let output = NSTemporaryDirectory() + "refrain-seed-deduped-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try DedupeEngine(options: options { $0.level = .paragraph }).run {
            CorpusReaderSource(reader: CorpusReader(inputs: [seedCorpus], options: undated))
        }
        let edits = result.edits
        let summary = try CorpusWriter.write(inputs: [seedCorpus], edit: edits.edit, to: output)
        let docs = try readAll([seedCorpus], options: undated)
        let written = try readAll([output])
        // No article is all duplicates: all five are written, each a shorter copy or untouched.
        #expect(written.map(\.id) == docs.map(\.id))
        #expect(summary.documentsEdited == edits.changedDocuments && summary.documentsEmptied == 0)
        var removed = Set<Int>()
        for c in result.clusters {
            for m in c.members where result.removes(m, representative: c.representative) { removed.insert(m.unit) }
        }
        // Each cluster's representative stays; every removed paragraph is one the cluster repeats.
        for c in result.clusters { #expect(!removed.contains(c.representative)) }
        #expect(removed.count >= 5)
        // Invariant: each written document's paragraphs are its own less the removed ones, in order, byte for byte.
        for (d, w) in zip(docs, written) {
            let record = result.documents[d.ordinal]
            let bytes = Array(d.text.utf8)
            let expected = (record.firstUnit..<(record.firstUnit + record.unitCount)).filter { !removed.contains($0) }.map {
                String(decoding: bytes[result.units[$0].start..<result.units[$0].end], as: UTF8.self)
            }
            let got = Paragraphs.ranges(in: w.text).map { r in String(decoding: Array(w.text.utf8)[r], as: UTF8.self) }
            #expect(got == expected, "\(d.id)")
            if edits.edit(d) == .keep { #expect(w.text == d.text) }
        }
        // The four paragraphs the Kyiv Independent republished are left once, in 001 (the longer
        // Moscow paragraph holds 004's one-sentence version, so 004's goes, not 001's).
        let texts = Dictionary(uniqueKeysWithValues: written.map { (($0.id as NSString).lastPathComponent, $0.text) })
        for opening in ["The group of North Korean soldiers arrived", "There have also been reports of North Korean military",
                        "The two countries signed a mutual defense pact", "Moscow and Pyongyang have deepened military cooperation"] {
            #expect(texts[Self.kyiv001]?.contains(opening) == true, "\(opening) stays in 001")
            #expect(texts[Self.kyiv004]?.contains(opening) == false, "\(opening) leaves 004")
        }
        #expect(texts[Self.kyiv001]?.contains("In recent weeks, claims of a more direct North Korean presence") == true)
    }

    @Test func sharedKyivIndependentParagraphsClusterAndOthersDoNot() throws {
        let docs = try readAll(seedFiles, options: undated)
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

    @Test(arguments: DedupeLevel.allCases)
    func membersCarryTheExactTextOfTheirRangesBesideTheirExcerpts(level: DedupeLevel) throws {
        var docs = try readAll(seedFiles)
        // A document-level cluster: 004 again with a word changed.
        var copy = docs[4]
        copy.text = copy.text.replacingOccurrences(of: "likely sending", with: "probably sending")
        copy.id = "copy"
        copy.ordinal = 5
        docs.append(copy)
        let result = try DedupeEngine(options: options { $0.level = level }).run(documents: docs)
        #expect(!result.clusters.isEmpty)
        for c in result.clusters {
            for m in c.members {
                let u = result.units[m.unit]
                let bytes = Array(docs[u.document].text.utf8)
                // The exact text: the whole paragraph, or the document's first bytes.
                let end = level == .paragraph ? u.end : u.start + m.text.utf8.count
                #expect(level == .document || m.text.utf8.count == u.length)
                #expect(end <= u.end)
                #expect(m.text == String(decoding: bytes[u.start..<end], as: UTF8.self))
                // The excerpt shows that text, whitespace collapsed.
                let collapsed = m.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                let excerpt = m.excerpt.hasSuffix("…") ? String(m.excerpt.dropLast()) : m.excerpt
                #expect(!excerpt.isEmpty)
                #expect(level == .paragraph ? collapsed.hasPrefix(excerpt) : collapsed == excerpt)
                if level == .document { #expect(m.excerpt.hasSuffix("…") == (end < u.end)) }
            }
        }
    }

    @Test func boilerplateDetectionFindsTheChromeAndKeepsTheSharedParagraphs() throws {
        let docs = try readAll(seedFiles)
        let result = try DedupeEngine(options: options { $0.level = .paragraph; $0.boilerplate = true }).run(documents: docs)
        let signUp = "Thank you for signing up for this newsletter. We’ve sent you a confirmation email."
        let found = Dictionary(uniqueKeysWithValues: result.boilerplate.map { ($0.text, $0) })
        // The three examples, and the "Editors' Picks" heading both Kyiv Independent pages
        // carry after their articles; nothing else (no line of an article).
        #expect(Set(found.keys) == ["Subscribe", "* indicates required", signUp, "Editors' Picks"])
        #expect(found["Subscribe"]?.rule == .repeats && found["Subscribe"]?.occurrences == 8)
        #expect(found["* indicates required"]?.rule == .repeats && found["* indicates required"]?.maxRepeats == 11)
        // The sign-up line closes only the two Kyiv Independent pages: two documents, in their frames.
        #expect(found[signUp]?.rule == .frame)
        #expect(found[signUp]?.docs == [Self.kyiv001, Self.kyiv004].map { seedCorpus + "/" + $0 })
        #expect(found[signUp]?.documents == 2 && found[signUp]?.occurrences == 2)
        // The seeds have no source field and were given as files of one directory: one source.
        #expect(result.boilerplate.allSatisfy { $0.source == seedCorpus })
        #expect(result.counts.boilerplateLines == result.boilerplate.count)

        // The four shared paragraphs (and the quote 001 shares with 003) still cluster; the sign-up
        // line no longer does.
        let clusters = Self.describe(result, docs)
        for opening in ["The group of North Korean soldiers", "There have also been reports", "The two countries signed",
                        "Moscow and Pyongyang have deepened"] {
            let matching = clusters.filter { c in c.contains { $0.text.hasPrefix(opening) } }
            #expect(matching.count == 1 && matching.first.map { $0.map(\.doc).sorted() } == [Self.kyiv001, Self.kyiv004], "\(opening)")
        }
        #expect(clusters.count == 5)
        #expect(!clusters.contains { c in c.contains { $0.text.contains("Thank you for signing up") } })
        // No paragraph of an article lost a word: only units holding a boilerplate line changed.
        let plain = try DedupeEngine(options: options { $0.level = .paragraph }).run(documents: docs)
        #expect(plain.units.count == result.units.count)
        for (u, (a, b)) in zip(plain.units, result.units).enumerated() where a.tokens != b.tokens {
            let text = String(decoding: Array(docs[a.document].text.utf8)[a.start..<a.end], as: UTF8.self)
            let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.contains { found[$0] != nil }, "unit \(u) lost tokens: \(text.prefix(80))")
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
