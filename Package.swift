// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Refrain",
    platforms: [.macOS(.v13)],
    products: [
        .library(
            name: "Refrain",
            targets: ["RefrainBytes", "RefrainText", "RefrainCorpus", "RefrainSketch", "RefrainDedupe", "RefrainMatch", "RefrainReport"]
        ),
        .library(name: "RefrainText", targets: ["RefrainText"]),
        .executable(name: "refrain", targets: ["refrain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        // The only code that includes ICU headers; exports stable, unversioned names.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        // The only code that includes zlib's header (the system's zlib1g-dev); wraps its init macros.
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // Byte primitives every layer shares, each written once: UTF-8 scanning and decoding, JSON
        // string escaping (and the checked binary reader/writer). No dependencies.
        .target(name: "RefrainBytes"),
        // Unicode text: tokenizer, normalization, sentences, paragraphs, stemming, stopwords, hashing.
        .target(name: "RefrainText", dependencies: ["CICU", "RefrainBytes"]),
        // Deterministic parallel loops over work items, shared by the engines.
        .target(name: "RefrainParallel"),
        // Documents and where they come from: readers (txt trees, JSONL, gzip, stdin) and writers.
        .target(name: "RefrainCorpus", dependencies: ["CZlib", "RefrainBytes"]),
        // Sketch primitives: shingles, MinHash, LSH parameters, sorted sets, candidate pairs, union-find.
        .target(name: "RefrainSketch", dependencies: ["RefrainText", "RefrainBytes"]),
        // The dedupe pipeline: options, stages (signatures, banding, containment, verification,
        // clusters), work directories, the shingle store, boilerplate, edits, the engine.
        .target(
            name: "RefrainDedupe",
            dependencies: ["RefrainSketch", "RefrainText", "RefrainCorpus", "RefrainParallel", "RefrainBytes"]
        ),
        // Quotes: extraction, attribution, n-gram index, alignment, variant clusters.
        .target(name: "RefrainMatch", dependencies: ["RefrainText", "RefrainCorpus", "RefrainParallel", "RefrainBytes"]),
        // Reports: Codable models with a schema version, JSON / JSONL / HTML renderers.
        .target(
            name: "RefrainReport",
            dependencies: ["RefrainText", "RefrainCorpus", "RefrainDedupe", "RefrainMatch", "RefrainParallel", "RefrainBytes"],
            exclude: ["Schemas"]
        ),
        // The command-line tool: orchestration only.
        .executableTarget(
            name: "refrain",
            dependencies: [
                "RefrainBytes", "RefrainText", "RefrainCorpus", "RefrainSketch", "RefrainDedupe", "RefrainMatch",
                "RefrainReport", "RefrainParallel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test support, shared by the test targets only (no product ships it): a JSON value and
        // JSON Schema validator, a seeded generator, repository paths and corpus loaders.
        .target(name: "RefrainTestSupport", dependencies: ["RefrainCorpus"], path: "Tests/RefrainTestSupport"),
        .testTarget(name: "RefrainBytesTests", dependencies: ["RefrainBytes", "RefrainTestSupport"]),
        .testTarget(name: "RefrainTextTests", dependencies: ["RefrainText", "RefrainTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RefrainCorpusTests", dependencies: ["RefrainCorpus", "RefrainTestSupport"]),
        .testTarget(name: "RefrainSketchTests", dependencies: ["RefrainSketch", "RefrainText", "RefrainTestSupport"]),
        .testTarget(
            name: "RefrainDedupeTests",
            dependencies: ["RefrainDedupe", "RefrainSketch", "RefrainText", "RefrainCorpus", "RefrainTestSupport"]
        ),
        .testTarget(name: "RefrainMatchTests", dependencies: ["RefrainMatch", "RefrainCorpus", "RefrainTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RefrainReportTests",
            dependencies: ["RefrainReport", "RefrainDedupe", "RefrainMatch", "RefrainCorpus", "RefrainTestSupport"]
        ),
        // Runs the built `refrain` (a dependency, so it is built first): exit codes, option rules, help snapshots.
        .testTarget(name: "RefrainCLITests", dependencies: ["refrain", "RefrainCorpus", "RefrainTestSupport"], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
