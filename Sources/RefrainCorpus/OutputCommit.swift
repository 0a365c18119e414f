import Foundation

/// An output written in full under a temporary name, waiting to be renamed into place.
///
/// ``AtomicFileWriter`` (after ``AtomicFileWriter/prepare()``) and ``CorpusWriter/StagedCorpus``
/// are staged outputs; ``OutputCommit`` publishes several of them as one run's result.
public protocol StagedOutput: AnyObject {
    /// The final path.
    var path: String { get }
    /// Where the complete output waits (a file or a directory beside ``path``).
    var temporaryPath: String { get }
    /// Renames the temporary output over ``path``.
    func publish() throws(CorpusError)
    /// Removes the temporary output. Safe to call more than once, and after ``publish()``.
    func abort()
}

/// Publishes the outputs of one run together, marked with the run's id.
///
/// Every output is first written in full under a temporary name (see ``TemporaryName``); only
/// then are they renamed into place, in the order given: callers put the report last, so that a
/// report always describes a corpus that is in place. Each output carries the run id in the
/// extended attribute ``attributeName`` (set on the temporary file before its rename), so a
/// reader can tell whether a report and a corpus come from the same run without reading them,
/// and the report's bytes stay a pure function of the input and options.
///
/// What a kill can leave: before the first rename, the old outputs and temporary files (removed
/// by the next run into those directories); after the last, the new outputs. Between two
/// renames (two system calls, microseconds apart) a kill leaves the new corpus beside the old
/// report, told apart by their run ids. Where the file system keeps no extended attributes the
/// outputs carry no id, and the order of the renames is the only guarantee.
public struct OutputCommit: Sendable {
    /// The extended attribute holding the run id: `user.refrain.run`.
    public static let attributeName = "user.refrain.run"

    /// This run's id: 32 lower-case hex digits, random.
    public let runID: String

    /// A commit with a fresh random run id.
    public init() {
        runID = (0..<2).map { _ in
            let hex = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// A commit with the given run id (for tests).
    public init(runID: String) { self.runID = runID }

    /// Marks every output with the run id, then renames them into place in order. On a failure
    /// the outputs not yet published are removed and the error is thrown.
    public func publish(_ outputs: [any StagedOutput]) throws(CorpusError) {
        var index = 0
        defer { for output in outputs[index...] { output.abort() } }
        for output in outputs { Self.setRunID(runID, on: output.temporaryPath) }
        while index < outputs.count {
            try outputs[index].publish()
            index += 1
        }
    }

    /// The run id recorded on the file or directory at `path`, if any.
    public static func runID(at path: String) -> String? {
        guard let get = XAttr.get else { return nil }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { get(path, attributeName, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Records `runID` on `path`; silently nothing where extended attributes are not supported.
    static func setRunID(_ runID: String, on path: String) {
        guard let set = XAttr.set else { return }
        var value = runID
        value.withUTF8 { bytes in _ = set(path, attributeName, bytes.baseAddress, bytes.count, 0) }
    }
}

/// `getxattr(2)` and `setxattr(2)`, looked up in the C library (Swift's Glibc module does not
/// export `<sys/xattr.h>`); nil where the system has none.
private enum XAttr {
    #if os(Linux)
    typealias Get = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
    typealias Set = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32
    static let get: Get? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "getxattr").map { unsafeBitCast($0, to: Get.self) }
    static let set: Set? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setxattr").map { unsafeBitCast($0, to: Set.self) }
    #else
    static let get: ((UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int)? = { path, name, value, size in
        getxattr(path, name, value, size, 0, 0)
    }
    static let set: ((UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32)? = { path, name, value, size, flags in
        setxattr(path, name, value, size, 0, flags)
    }
    #endif
}
