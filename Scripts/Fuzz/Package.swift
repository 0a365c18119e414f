// swift-tools-version: 6.0
// Fuzz targets for Refrain's parsers, outside the main package so the root manifest and
// `swift test` are untouched. Build and run with ../fuzz.sh (libFuzzer + AddressSanitizer).
import PackageDescription

let package = Package(
    name: "RefrainFuzz",
    dependencies: [.package(name: "Refrain", path: "../..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver (the runtime comes with -sanitize=fuzzer).
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "refrain-fuzz",
            dependencies: ["CFuzzDriver", .product(name: "Refrain", package: "Refrain")]
        ),
    ],
    // Swift 5 mode: the harness is single-threaded glue around C callbacks and globals.
    swiftLanguageModes: [.v5]
)
