import Testing
@testable import RefrainDedupe

@Suite("Dedupe run plan")
struct RunPlanTests {
    /// A plan built from the given pieces.
    static func plan(
        inputs: Int = 0, shards: [String] = [], stopAfter: DedupeRunPlan.Stage? = nil, part: StagePart = .whole,
        candidates: [String] = [], pairs: [String] = [], workDir: String? = nil, writesDeduped: Bool = false,
        html: Bool = false, boilerplate: Bool = false
    ) -> DedupeRunPlan {
        var p = DedupeRunPlan()
        p.inputCount = inputs
        p.shards = shards
        p.stopAfter = stopAfter
        p.part = part
        p.candidateParts = candidates
        p.pairParts = pairs
        p.workDirectory = workDir
        p.writesDeduped = writesDeduped
        p.htmlReport = html
        p.boilerplate = boilerplate
        return p
    }

    /// The message a refused plan gives, or nil when it is accepted.
    static func refusal(_ plan: DedupeRunPlan) -> String? {
        do {
            _ = try plan.action()
            return nil
        } catch .invalidOption(let message) {
            return message
        } catch {
            return "\(error)"
        }
    }

    @Test func everyAcceptedCombinationSaysWhatToRun() throws {
        let half = try #require(StagePart(index: 1, count: 2))
        #expect(try Self.plan(inputs: 1).action() == .corpus)
        #expect(try Self.plan(inputs: 2, workDir: "w", writesDeduped: true, html: true, boilerplate: true).action() == .corpus)
        #expect(try Self.plan(inputs: 1, stopAfter: .signatures, workDir: "w").action() == .signatures)
        #expect(try Self.plan(shards: ["a", "b"]).action() == .shards)
        #expect(try Self.plan(shards: ["a"], stopAfter: .candidates, part: half, workDir: "c1").action() == .candidates(half))
        #expect(try Self.plan(shards: ["a"], stopAfter: .pairs, part: half, candidates: ["c0", "c1"], workDir: "p1").action() == .pairs(half))
        #expect(try Self.plan(shards: ["a"], pairs: ["p0", "p1"]).action() == .clusterPairs)
        #expect(DedupeRunPlan.Action.corpus.writesReport && DedupeRunPlan.Action.clusterPairs.writesReport)
        #expect(!DedupeRunPlan.Action.signatures.writesReport && !DedupeRunPlan.Action.pairs(half).writesReport)
    }

    @Test func everyRefusedCombinationNamesTheOptions() throws {
        let half = try #require(StagePart(index: 1, count: 2))
        let cases: [(DedupeRunPlan, String)] = [
            (Self.plan(), "give at least one input path"),
            (Self.plan(inputs: 1, stopAfter: .candidates, workDir: "w"), "work on --shard directories"),
            (Self.plan(inputs: 1, candidates: ["c"]), "work on --shard directories"),
            (Self.plan(inputs: 1, pairs: ["p"]), "work on --shard directories"),
            (Self.plan(inputs: 1, shards: ["a"]), "either input paths or --shard directories"),
            (Self.plan(shards: ["a"], workDir: "w"), "--work-dir goes with it only for --stop-after candidates or pairs"),
            (Self.plan(shards: ["a"], writesDeduped: true), "--write-deduped needs the corpus"),
            (Self.plan(shards: ["a"], html: true), "an HTML report shows the documents' text"),
            (Self.plan(inputs: 1, stopAfter: .signatures), "--stop-after signatures writes to --work-dir"),
            (Self.plan(shards: ["a"], stopAfter: .candidates), "--stop-after candidates writes to --work-dir"),
            (Self.plan(shards: ["a"], stopAfter: .signatures, workDir: "w"), "--work-dir goes with it only"),
            (Self.plan(inputs: 1, part: half), "--part goes with --stop-after candidates or pairs"),
            (Self.plan(inputs: 1, stopAfter: .signatures, part: half, workDir: "w"), "--part goes with"),
            (Self.plan(shards: ["a"], stopAfter: .pairs, workDir: "w"), "give it every --candidates directory"),
            (Self.plan(shards: ["a"], stopAfter: .candidates, candidates: ["c"], workDir: "w"), "--candidates only to it"),
            (Self.plan(shards: ["a"], candidates: ["c"]), "--candidates only to it"),
            (Self.plan(shards: ["a"], stopAfter: .candidates, pairs: ["p"], workDir: "w"), "no --stop-after goes with them"),
            (Self.plan(inputs: 1, stopAfter: .signatures, workDir: "w", boilerplate: true), "--boilerplate counts lines across the whole corpus"),
            (Self.plan(shards: ["a"], boilerplate: true), "--boilerplate counts lines"),
        ]
        for (plan, expected) in cases {
            let message = Self.refusal(plan)
            #expect(message?.contains(expected) == true, "\(plan): \(message ?? "accepted")")
        }
    }

    /// The run plan decides before the engine: what it accepts the engine can run, and the
    /// signature stage refuses boilerplate on its own too (a library caller may skip the plan).
    @Test func theEngineAgreesWithThePlanOnBoilerplate() {
        var options = DedupeOptions()
        options.boilerplate = true
        let engine = DedupeEngine(options: options)
        #expect(throws: DedupeError.self) {
            try engine.runSignatures(open: { DocumentArraySource([]) })
        }
    }
}
