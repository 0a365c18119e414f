// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Refrain",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Refrain", targets: ["RefrainText", "RefrainCorpus", "RefrainSketch", "RefrainMatch", "RefrainReport"]),
        .library(name: "RefrainText", targets: ["RefrainText"]),
        .executable(name: "refrain", targets: ["refrain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        // The only code that includes ICU headers; exports stable, unversioned names.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        // Unicode text: tokenizer, normalization, sentences, paragraphs, stemming, stopwords, hashing.
        .target(name: "RefrainText", dependencies: ["CICU"]),
        // Byte-level primitives shared by the readers and writers: bounds-checked binary reading
        // (errors with file and offset), binary writing, varints. No dependencies.
        .target(name: "RefrainBytes"),
        // Deterministic parallel loops over work items, shared by the engines.
        .target(name: "RefrainParallel"),
        // Documents and where they come from: readers (txt trees, JSONL, gzip, stdin) and writers.
        .target(name: "RefrainCorpus", dependencies: [.product(name: "CompressNIO", package: "compress-nio")]),
        // Near-duplicate detection: shingles, MinHash, LSH, verification, clusters, the dedupe stages.
        .target(name: "RefrainSketch", dependencies: ["RefrainText", "RefrainCorpus", "RefrainParallel", "RefrainBytes"]),
        // Quotes: extraction, attribution, n-gram index, alignment, variant clusters.
        .target(name: "RefrainMatch", dependencies: ["RefrainText", "RefrainCorpus", "RefrainParallel", "RefrainBytes"]),
        // Reports: Codable models with a schema version, JSON / JSONL / HTML renderers.
        .target(name: "RefrainReport", dependencies: ["RefrainSketch", "RefrainMatch", "RefrainCorpus", "RefrainParallel"], exclude: ["Schemas"]),
        // The command-line tool: orchestration only.
        .executableTarget(
            name: "refrain",
            dependencies: [
                "RefrainText", "RefrainCorpus", "RefrainSketch", "RefrainMatch", "RefrainReport", "RefrainParallel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "RefrainTextTests", dependencies: ["RefrainText"], exclude: ["Fixtures"]),
        .testTarget(name: "RefrainCorpusTests", dependencies: ["RefrainCorpus"]),
        .testTarget(name: "RefrainSketchTests", dependencies: ["RefrainSketch"]),
        .testTarget(name: "RefrainMatchTests", dependencies: ["RefrainMatch"], exclude: ["Fixtures"]),
        .testTarget(name: "RefrainReportTests", dependencies: ["RefrainReport"]),
    ],
    swiftLanguageModes: [.v6]
)
