import Foundation
import Testing
import RefrainCorpus
import RefrainMatch
import RefrainTestSupport

/// The labelled news dev set (`Corpora/news-dev`, see its README): articles nobody wrote the
/// rules on (the `b-` stories are held back from rule writing), scored with the definitions of
/// `Scripts/eval-quotes.py` (issue 12's table), each story clustered on its own.
enum DevSet {
    struct Label {
        var doc: String
        var span: Range<Int>
        var speaker: String?
        var speaksForOrganisation: Bool
        var group: String?
    }

    struct Figures {
        var labels = 0, found = 0, withSpeaker = 0, right = 0
        var attributed = 0, nonSpeakers = 0
        var pairs = 0, pairsClustered = 0, falseMerges = 0
        var recall: Double { Double(found) / Double(max(1, labels)) }
        var accuracy: Double { Double(right) / Double(max(1, withSpeaker)) }
        var nonSpeakerRate: Double { Double(nonSpeakers) / Double(max(1, attributed)) }
        var pairRecall: Double { Double(pairsClustered) / Double(max(1, pairs)) }
    }

    static let directory = Repository.corpora.appendingPathComponent("news-dev")

    static func lines(_ url: URL) -> [[String: Any]] {
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    static let particles: Set<String> = ["al", "el", "bin", "ibn", "van", "von", "der", "den", "de", "la", "le", "da", "du", "di", "del", "dos", "y"]

    /// Case- and accent-folded words of a name, particles aside.
    static func words(_ name: String) -> Set<String> {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var seq: [String] = []
        var cur = ""
        for ch in folded {
            if ch.isLetter || ch.isNumber { cur.append(ch) } else {
                if !cur.isEmpty { seq.append(cur) }
                cur = ""
            }
        }
        if !cur.isEmpty { seq.append(cur) }
        // Initials written with periods are one word: "J.D. Vance" = "JD Vance".
        var out = Set<String>()
        var run = ""
        var runCount = 0
        func flush() {
            if runCount > 0 { out.insert(run) }
            run = ""
            runCount = 0
        }
        for w in seq {
            if w.count == 1 { run += w; runCount += 1; continue }
            flush()
            out.insert(w)
        }
        flush()
        if out.count > 1 { out.remove("s") }   // a possessive's s
        return out.subtracting(particles)
    }

    /// One speaker: the words of one name are all among the other's ("Peskov" / "Dmitry Peskov").
    static func sameSpeaker(_ a: String, _ b: String) -> Bool {
        let wa = words(a), wb = words(b)
        return !wa.isEmpty && !wb.isEmpty && (wa.isSubset(of: wb) || wb.isSubset(of: wa))
    }

    /// The figures over the stories whose slug starts with one of `prefixes`.
    static func figures(prefixes: [String]) throws -> Figures {
        var total = Figures()
        let stories = ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("stories").path)) ?? [])
            .filter { name in name.hasSuffix(".jsonl") && prefixes.contains { name.hasPrefix($0) } }.sorted()
        for story in stories {
            let docs = lines(directory.appendingPathComponent("stories").appendingPathComponent(story))
            let labels: [Label] = lines(directory.appendingPathComponent("labels").appendingPathComponent(story)).compactMap { l in
                guard let doc = l["doc"] as? String, let s = l["start"] as? Int, let e = l["end"] as? Int else { return nil }
                let kind = l["speaker_kind"] as? String
                let speaker = (kind == "person" || kind == "organisation") ? l["speaker"] as? String : nil
                return Label(doc: doc, span: s..<max(s, e), speaker: speaker, speaksForOrganisation: kind == "organisation", group: l["group"] as? String)
            }
            let corpus = docs.enumerated().map { k, d in
                Document(ordinal: k, id: d["id"] as? String ?? "\(story):\(k)", text: d["text"] as? String ?? "", origin: .init(path: story))
            }
            let clusters = try QuoteClusterer(index: MatchIndex(documents: corpus)).cluster()
            score(labels, clusters, into: &total)
        }
        return total
    }

    static func score(_ labels: [Label], _ clusters: [QuoteCluster], into f: inout Figures) {
        struct Found { var cluster: Int; var segments: [Range<Int>]; var names: [String]; var organisation: Bool }
        var byDoc: [String: [Found]] = [:]
        for (c, cluster) in clusters.enumerated() {
            for v in cluster.variants {
                let a = v.quote.attribution
                let names = [a?.speaker, a == nil ? nil : cluster.speaker].compactMap { $0 }
                byDoc[v.documentID, default: []].append(Found(cluster: c, segments: v.quote.segments, names: names,
                                                              organisation: a.map { $0.kind != .person } ?? false))
            }
        }
        let storySpeakers = labels.compactMap(\.speaker)
        var match: [Int: Found] = [:]
        for (i, l) in labels.enumerated() {
            f.labels += 1
            let best = byDoc[l.doc]?.max { a, b in
                a.segments.reduce(0) { $0 + $1.clamped(to: l.span).count } < b.segments.reduce(0) { $0 + $1.clamped(to: l.span).count }
            }
            guard let best, best.segments.contains(where: { $0.overlaps(l.span) }) else { continue }
            f.found += 1
            match[i] = best
            if let want = l.speaker {
                f.withSpeaker += 1
                if best.names.contains(where: { sameSpeaker($0, want) }) { f.right += 1 }
            }
        }
        for found in byDoc.values.joined() where !found.names.isEmpty {
            f.attributed += 1
            if !found.names.contains(where: { n in storySpeakers.contains { sameSpeaker(n, $0) } }) { f.nonSpeakers += 1 }
        }
        var groups: [String: [Int]] = [:]
        for (i, l) in labels.enumerated() { if let g = l.group { groups[g, default: []].append(i) } }
        for members in groups.values {
            for x in members.indices { for y in members.indices where y > x && labels[members[x]].doc != labels[members[y]].doc {
                f.pairs += 1
                if let a = match[members[x]], let b = match[members[y]], a.cluster == b.cluster { f.pairsClustered += 1 }
            } }
        }
        var speakersOf: [Int: [String]] = [:]
        for (i, found) in match {
            guard let speaker = labels[i].speaker else { continue }
            // An organisation's statement in its spokesperson's cluster is an allowed join.
            if labels[i].speaksForOrganisation && found.organisation { continue }
            speakersOf[found.cluster, default: []].append(speaker)
        }
        for names in speakersOf.values where names.contains(where: { !sameSpeaker($0, names[0]) }) { f.falseMerges += 1 }
    }
}

/// Floors under the dev-set figures (measured 2026-12-04 with `Scripts/eval-quotes.py --split`: accuracy 0.852, non-speakers 0.028, pairs 0.656;
/// raise them as the figures rise, never lower them to make a change pass).
@Suite struct DevSetFloorTests {
    @Test func devSetFiguresHoldTheirFloors() throws {
        try #require(FileManager.default.fileExists(atPath: DevSet.directory.path), "Corpora/news-dev is missing")
        let all = try DevSet.figures(prefixes: ["a-", "b-"])
        print("news-dev: \(all.labels) labels, recall \(all.recall), accuracy \(all.accuracy) (\(all.right)/\(all.withSpeaker)), non-speakers \(all.nonSpeakerRate), variant pairs \(all.pairRecall) (\(all.pairsClustered)/\(all.pairs)), false merges \(all.falseMerges)")
        #expect(all.labels >= 700)
        #expect(all.recall >= DevSetFloorTests.floors.recall)
        #expect(all.accuracy >= DevSetFloorTests.floors.accuracy)
        #expect(all.nonSpeakerRate <= DevSetFloorTests.floors.nonSpeakers)
        #expect(all.pairRecall >= DevSetFloorTests.floors.pairs)
        #expect(all.falseMerges <= DevSetFloorTests.floors.falseMerges)
    }

    // Re-measured at each merge; each floor sits a little under the figure it holds.
    static let floors = (recall: 0.965, accuracy: 0.865, nonSpeakers: 0.035, pairs: 0.69, falseMerges: 0)

    @Test func speakerMatchingFollowsTheEvalDefinition() {
        #expect(DevSet.sameSpeaker("Peskov", "Dmitry Peskov"))
        #expect(DevSet.sameSpeaker("Pedro Sánchez", "pedro sanchez"))
        #expect(DevSet.sameSpeaker("Omar al-Hassan", "Hassan"))
        #expect(!DevSet.sameSpeaker("Jenni Hermoso", "Luis Rubiales"))
        #expect(!DevSet.sameSpeaker("", "Luis Rubiales"))
        #expect(DevSet.sameSpeaker("J.D. Vance", "JD Vance"))
        #expect(!DevSet.sameSpeaker("Mary K. Chen", "Mary Chen Kay"))
    }
}
