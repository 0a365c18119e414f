import CFuzzDriver
import Foundation

// refrain-fuzz TARGET [libFuzzer flags and corpus directories]
// refrain-fuzz TARGET --seeds DIR    writes the target's seed inputs (from Corpora/) into DIR

// The target is also taken from REFRAIN_FUZZ_TARGET (set for child processes libFuzzer forks
// with -jobs, whose arguments lack the name).
var arguments = CommandLine.arguments
if let name = ProcessInfo.processInfo.environment["REFRAIN_FUZZ_TARGET"], arguments.count < 2 || arguments[1] != name {
    arguments.insert(name, at: 1)
}
guard arguments.count >= 2, let target = FuzzTargets.all.first(where: { $0.name == arguments[1] }) else {
    let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: refrain-fuzz TARGET [libFuzzer options] [corpus…] | TARGET --seeds DIR\ntargets: \(names)\n".utf8))
    exit(2)
}
if arguments.count == 4 && arguments[2] == "--seeds" {
    let directory = arguments[3]
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let seeds = target.seeds()
    for (k, seed) in seeds.enumerated() {
        try Data(seed).write(to: URL(fileURLWithPath: directory).appendingPathComponent(String(format: "seed-%04d", k)))
    }
    print("\(target.name): \(seeds.count) seeds in \(directory)")
    exit(0)
}
selectedTarget = target
setenv("REFRAIN_FUZZ_TARGET", target.name, 1)

/// Hands libFuzzer the arguments without the target name.
func runDriver() -> Int32 {
    var cArguments: [UnsafeMutablePointer<CChar>?] = ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) } + [nil]
    var count = Int32(cArguments.count - 1)
    return cArguments.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var argv = buffer.baseAddress
        return LLVMFuzzerRunDriver(&count, &argv) { data, size in fuzzOneInput(data, size) }
    }
}
exit(runDriver())
