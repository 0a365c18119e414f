// swift-tools-version: 6.0
// Benchmarks live outside the main package so `swift test` stays fast; build with -c release.
import PackageDescription

let package = Package(
    name: "RefrainBenchmarks",
    dependencies: [.package(name: "Refrain", path: "../..")],
    targets: [
        .executableTarget(
            name: "refrain-benchmarks",
            dependencies: [.product(name: "RefrainText", package: "Refrain")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
