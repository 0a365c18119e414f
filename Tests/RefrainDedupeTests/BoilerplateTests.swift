import Foundation
import RefrainCorpus
import Testing
import RefrainTestSupport
@testable import RefrainDedupe

@Suite("Boilerplate detection")
struct BoilerplateTests {
    static let signUp = "Thank you for signing up for this newsletter. We've sent you a confirmation email."
    static let navigation = "Home News Sport Newsletters Store"

    static func document(_ ordinal: Int, _ id: String, _ paragraphs: [String], source: String? = "site") -> Document {
        Document(ordinal: ordinal, id: id, text: paragraphs.joined(separator: "\n\n"), source: source, origin: .init(path: "t"))
    }

    /// Random article paragraphs: three 12-word sentences each, so each is a content line.
    static func paragraphs(_ count: Int, _ rng: inout SplitMix64) -> [String] {
        (0..<count).map { _ in randomText(words: 36, rng: &rng) }
    }

    static func run(_ documents: [Document], _ configure: (inout DedupeOptions) -> Void = { _ in }) throws -> DedupeResult {
        try DedupeEngine(options: options { $0.boilerplate = true; configure(&$0) }).run(documents: documents)
    }

    /// Texts of the units in each cluster.
    static func clusteredTexts(_ result: DedupeResult, _ documents: [Document]) -> [[String]] {
        result.clusters.map { c in
            c.members.map { m in
                let u = result.units[m.unit]
                return String(decoding: Array(documents[u.document].text.utf8)[u.start..<u.end], as: UTF8.self)
            }
        }
    }

    @Test func lineShapeCountsWordsAndSentenceEnds() {
        func shape(_ s: String) -> (Int, Bool) {
            var s = s
            return s.withUTF8 { let m = LineShape.measure($0); return (m.words, m.sentenceEnd) }
        }
        #expect(shape(Self.signUp) == (14, true))
        #expect(shape("Subscribe") == (1, false))
        #expect(shape("* indicates required") == (2, false))
        #expect(shape("Editors' Picks") == (2, false))
        #expect(shape("by Nate Ostiller — October 10, 2024 5:01 PM 2 min read") == (11, false))
        #expect(shape("\"This might even be a driving factor,\" he said.") == (9, true))
        #expect(shape("“It is over,” the minister said. “Done.”") == (7, true))
        #expect(shape("Is it over?) no") == (4, true))
        #expect(shape("version 2.0 of the file") == (5, false))
        #expect(shape("北京大学是中国著名的综合性大学。") == (15, true))
    }

    @Test func sourcesAreTheSourceFieldElseTheInputReadFrom() throws {
        func name(id: String, path: String, line: Int? = nil, source: String? = nil) -> String {
            BoilerplateScope.name(of: Document(ordinal: 0, id: id, text: "", source: source, origin: .init(path: path, line: line)))
        }
        #expect(name(id: "a/b.txt", path: "corpus/a/b.txt", source: "Kyiv Independent") == "Kyiv Independent")
        #expect(name(id: "a/b.txt", path: "corpus/a/b.txt") == "corpus")
        #expect(name(id: "b.txt", path: "corpus/b.txt") == "corpus")
        #expect(name(id: "b.txt", path: "/b.txt") == "/")
        #expect(name(id: "x-17", path: "dump.jsonl", line: 4) == "dump.jsonl")
        #expect(name(id: "dump.jsonl:4", path: "dump.jsonl", line: 4) == "dump.jsonl")
        #expect(name(id: "dir/page.txt", path: "dir/page.txt") == "dir")  // a text file given directly
        #expect(name(id: "page.txt", path: "page.txt") == ".")
        #expect(name(id: "<stdin>", path: "<stdin>") == "<stdin>")
        // A duplicate id renamed by the reader (`#n`) still names its tree.
        #expect(name(id: "a/b.txt#2", path: "corpus/a/b.txt") == "corpus")
        #expect(name(id: "a/b.txt#2#3", path: "corpus/a/b.txt") == "corpus")
        #expect(name(id: "b#1.txt", path: "corpus/b#1.txt") == "corpus")

        // The readers' ids and paths follow that convention: two trees are two sources.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("refrain-scope-\(getpid())")
        defer { try? FileManager.default.removeItem(at: base) }
        for tree in ["one", "two/"] {
            let dir = base.appendingPathComponent(tree).appendingPathComponent("sub")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try "text".write(to: dir.appendingPathComponent("p.txt"), atomically: true, encoding: .utf8)
        }
        let one = base.appendingPathComponent("one").path, two = base.appendingPathComponent("two").path + "/"
        let documents = try readAll([one, two, one + "/sub/p.txt"])
        #expect(documents.map(BoilerplateScope.name(of:)) == [one, base.appendingPathComponent("two").path, one + "/sub"])
    }

    @Test func chromeOnManyPagesOfASourceIsLeftOutOfThemAll() throws {
        var rng = SplitMix64(seed: 8)
        let chrome = ["Subscribe to our newsletter", "* indicates required", Self.signUp]
        var docs: [Document] = []
        // Six short articles (two sentences) from one outlet, each wrapped in the same chrome.
        for i in 0..<6 {
            let body = randomText(words: 24, rng: &rng)
            docs.append(Self.document(i, "kyiv-\(i)", [chrome[0], body] + chrome[1...], source: "kyiv"))
        }
        let without = try DedupeEngine(options: options { $0.threshold = 0.15 }).run(documents: docs)
        #expect(!without.clusters.isEmpty)  // chrome dominates these short pages
        let with = try Self.run(docs) { $0.threshold = 0.15 }
        #expect(with.clusters.isEmpty)
        #expect(with.boilerplate.count == 3)
        #expect(with.boilerplate.allSatisfy {
            $0.source == "kyiv" && $0.documents == 6 && $0.occurrences == 6 && $0.maxRepeats == 1
                && $0.docs == (0..<6).map { "kyiv-\($0)" }
        })
        // Short lines held by three documents or more are boilerplate wherever they stand; the
        // sign-up sentence (a content line) because it closes every page.
        let rules = Dictionary(uniqueKeysWithValues: with.boilerplate.map { ($0.text, $0.rule) })
        #expect(rules == [chrome[0]: .documents, chrome[1]: .documents, chrome[2]: .frame])
        #expect(with.counts.boilerplateLines == 3)
        // A page that is nothing but navigation is a boilerplate unit: kept, never matched.
        let bare = docs + [Self.document(6, "bare", Array(chrome[..<2]), source: "kyiv")]
        let r = try Self.run(bare)
        #expect(r.units.last?.status == .boilerplate && r.counts.boilerplateUnits == 1)
        // Lines are counted per source: the same chrome on two pages of another outlet, each
        // with more article than chrome, is not left out by the many-documents rule there.
        let other = docs + (0..<2).map { Self.document(6 + $0, "other-\($0)", [chrome[0]] + Self.paragraphs(2, &rng), source: "other") }
        let o = try Self.run(other)
        #expect(o.boilerplate.filter { $0.source == "other" }.map(\.rule) == [.frame])
    }

    @Test func chromeInTheFrameOfTwoPagesIsLeftOutButTheParagraphTheyShareIsNot() throws {
        var rng = SplitMix64(seed: 21)
        let shared = randomText(words: 36, rng: &rng)
        let x = Self.paragraphs(3, &rng), y = Self.paragraphs(3, &rng)
        let docs = [
            Self.document(0, "x", [Self.navigation, "Headline of the first story", x[0], x[1], shared, x[2], Self.signUp]),
            Self.document(1, "y", [Self.navigation, "Headline of the second story", y[0], shared, y[1], y[2], "Most popular", Self.signUp]),
        ]
        let result = try Self.run(docs) { $0.level = .paragraph }
        #expect(result.boilerplate.map(\.text).sorted() == [Self.navigation, Self.signUp])
        #expect(result.boilerplate.allSatisfy { $0.rule == .frame && $0.docs == ["x", "y"] && $0.source == "site" })
        #expect(Self.clusteredTexts(result, docs) == [[shared, shared]])
        // Without detection the sign-up line and the navigation cluster too.
        let plain = try DedupeEngine(options: options { $0.level = .paragraph }).run(documents: docs)
        #expect(Self.clusteredTexts(plain, docs).count == 3)
    }

    @Test func aParagraphAtTheEdgeOfOnePageButInsideAnotherIsNotChrome() throws {
        var rng = SplitMix64(seed: 34)
        let shared = randomText(words: 36, rng: &rng)
        let x = Self.paragraphs(2, &rng), y = Self.paragraphs(2, &rng)
        let docs = [
            // In x the shared paragraph comes before x's own content: x's frame.
            Self.document(0, "x", [Self.navigation, shared, x[0], x[1], Self.signUp]),
            Self.document(1, "y", [Self.navigation, y[0], shared, y[1], Self.signUp]),
        ]
        let result = try Self.run(docs) { $0.level = .paragraph }
        #expect(result.boilerplate.map(\.text).sorted() == [Self.navigation, Self.signUp])
        #expect(Self.clusteredTexts(result, docs) == [[shared, shared]])
    }

    @Test func aParagraphRepublishedInThreeArticlesStays() throws {
        var rng = SplitMix64(seed: 13)
        let shared = randomText(words: 36, rng: &rng)
        let docs = (0..<3).map { i in
            let own = Self.paragraphs(2, &rng)
            return Self.document(i, "article-\(i)", [Self.navigation, own[0], shared, own[1], Self.signUp])
        }
        let result = try Self.run(docs) { $0.level = .paragraph }
        // The navigation is held by three documents; the sign-up sentence closes all three; the
        // shared paragraph is a content line inside each article (the documents rule would need
        // thirty documents for it).
        #expect(Dictionary(uniqueKeysWithValues: result.boilerplate.map { ($0.text, $0.rule) })
            == [Self.navigation: .documents, Self.signUp: .frame])
        #expect(Self.clusteredTexts(result, docs) == [[shared, shared, shared]])
    }

    @Test func nearCopiesKeepWhatTheyShare() throws {
        var rng = SplitMix64(seed: 55)
        let body = Self.paragraphs(5, &rng)
        var b = body, c = body
        b[1] = edited(b[1], edits: 1, rng: &rng)
        c[3] = edited(c[3], edits: 1, rng: &rng)
        let other = Self.paragraphs(3, &rng)
        let docs = [
            Self.document(0, "a", [Self.navigation] + body + [Self.signUp]),
            Self.document(1, "b", [Self.navigation] + b + [Self.signUp]),
            Self.document(2, "c", [Self.navigation] + c + [Self.signUp]),
            Self.document(3, "d", [Self.navigation] + other + [Self.signUp]),
        ]
        let plain = try DedupeEngine(options: options()).run(documents: docs)
        let with = try Self.run(docs)
        // The three copies still form one cluster: they are near copies, so what they share around
        // their edits is not taken for a frame, and they keep their lines; only the fourth page
        // loses the navigation all four share.
        #expect(plain.clusters.map { $0.members.map(\.unit) } == [[0, 1, 2]])
        #expect(with.clusters.map { $0.members.map(\.unit) } == [[0, 1, 2]])
        #expect(with.boilerplate.map(\.text) == [Self.navigation])
        #expect(with.boilerplate.first?.docs == ["d"] && with.boilerplate.first?.rule == .documents)
    }

    @Test func identicalDocumentsCountOnce() throws {
        var rng = SplitMix64(seed: 89)
        let page = [Self.navigation] + Self.paragraphs(3, &rng) + [Self.signUp]
        let docs = (0..<3).map { Self.document($0, "copy-\($0)", page) }
        let result = try Self.run(docs)
        #expect(result.boilerplate.isEmpty)
        #expect(result.clusters.count == 1 && result.clusters[0].members.count == 3)
    }

    @Test func theRepeatsRuleCanBeTurnedOff() throws {
        var rng = SplitMix64(seed: 3)
        let text = (["Subscribe", "Subscribe", "Subscribe"] + [randomText(words: 24, rng: &rng)]).joined(separator: "\n")
        let docs = [Document(ordinal: 0, id: "p", text: text, origin: .init(path: "p"))]
        #expect(try Self.run(docs).boilerplate.map(\.rule) == [.repeats])
        #expect(try Self.run(docs).boilerplate.first?.maxRepeats == 3)
        #expect(try Self.run(docs) { $0.boilerplateMinRepeats = 0 }.boilerplate.isEmpty)
    }

    @Test func detectionIsTheSameForEveryThreadCountAndBatchSize() throws {
        let docs = try readAll(seedFiles)
        let reference = try DedupeEngine(options: options { $0.level = .paragraph; $0.boilerplate = true; $0.threads = 1 })
            .run { DocumentArraySource(docs, batch: 1) }
        for threads in [2, 3] {
            let other = try DedupeEngine(options: options { $0.level = .paragraph; $0.boilerplate = true; $0.threads = threads })
                .run { DocumentArraySource(docs, batch: 2) }
            #expect(other.boilerplate == reference.boilerplate)
            #expect(other.clusters == reference.clusters)
        }
    }
}
