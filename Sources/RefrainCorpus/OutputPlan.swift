import Foundation

/// The outputs of one run, checked against its inputs and the file system before any work starts.
///
/// A run that reads for minutes and then cannot write its report, or writes its result over its
/// own input, loses the run or the data. ``check()`` refuses, before anything is read:
/// - an output that is one of the inputs: the same file after following symbolic links (same
///   device and inode, so hard links count too), or, for a directory output, the input tree itself
///   or a directory inside it;
/// - an output that would be read as a document of an input tree next time (a `.txt`/`.md` file,
///   or a text-tree directory, inside the tree);
/// - two outputs at one place;
/// - an output whose parent directory does not exist, is not a directory or is not writable.
///   Missing parents are never created, for every output alike: a typing mistake in a path
///   should fail, not grow a directory tree somewhere unexpected;
/// - a file output that is an existing directory, and a directory output that is a file or a
///   non-empty directory.
///
/// ``removeStaleTemporaries()`` then removes what killed runs left beside the outputs.
public struct OutputPlan: Sendable {
    /// One output of the run.
    public struct Output: Sendable, Hashable {
        /// What the output is, for messages: e.g. `"report"`, `"deduplicated corpus"`.
        public var role: String
        /// The path as given.
        public var path: String
        /// Whether the output is a directory (a text tree) rather than a file.
        public var isDirectory: Bool

        /// Creates an output.
        public init(role: String, path: String, isDirectory: Bool = false) {
            self.role = role
            self.path = path
            self.isDirectory = isDirectory
        }
    }

    /// The inputs as given (`-` is standard input).
    public var inputs: [String]
    /// The outputs; standard output (`-`) is not one.
    public var outputs: [Output]

    /// Creates a plan.
    public init(inputs: [String], outputs: [Output]) {
        self.inputs = inputs
        self.outputs = outputs.filter { $0.path != "-" }
    }

    /// The output a deduplicated (or otherwise filtered) copy of `inputs` is written to by
    /// ``CorpusWriter``: a file for JSON Lines inputs, a directory for text inputs. For text
    /// inputs the file names the copy will use are listed (file metadata only), so that two
    /// documents bound for one name (`a/x.txt b/x.txt`, trees sharing a relative path) fail now
    /// rather than after the run.
    /// - Throws: ``CorpusError/unreadable(path:reason:)`` for a missing input,
    ///   ``CorpusError/invalidOutput(path:reason:)`` when the inputs mix the two kinds or two
    ///   documents would be written to one file.
    public static func corpusOutput(
        role: String = "deduplicated corpus", path: String, inputs: [String], options: ReaderOptions
    ) throws(CorpusError) -> Output {
        var resolved: [CorpusInput] = []
        for input in inputs { resolved.append(try CorpusInput.resolve(input, options: options)) }
        let kinds = Set(resolved.map(\.isJSONLines))
        if kinds.count > 1 {
            throw CorpusError.invalidOutput(path: path, reason: "the inputs mix JSON Lines and text files; filter each kind separately")
        }
        if kinds == [false] {
            var names = Set<String>()
            let context = ReadContext(options: options, warn: { _ in })
            for input in resolved {
                var batch: [String] = []
                switch input {
                case .tree(let root): batch = try TextTree.enumerate(root: root, context: context).map(\.relativePath)
                case .textFile(let file, _): batch = [CorpusReader.lastComponent(file)]
                case .stdin: batch = ["stdin.txt"]  // or stdin.txt.gz: one name either way
                case .jsonLines: break
                }
                for name in batch where !names.insert(name).inserted {
                    throw CorpusError.invalidOutput(
                        path: path, reason: "two documents would be written to the same file \(name); copy the inputs into one tree first")
                }
            }
        }
        return Output(role: role, path: path, isDirectory: kinds == [false])
    }

    /// Throws ``CorpusError/invalidOutput(path:reason:)`` for the first output that cannot be
    /// written as planned (see ``OutputPlan``). Reads nothing but file metadata.
    public func check() throws(CorpusError) {
        var seen: [(output: Output, place: String, identity: FileIdentity?)] = []
        for output in outputs {
            let path = output.path
            func refuse(_ reason: String) -> CorpusError {
                CorpusError.invalidOutput(path: path, reason: "the \(output.role) " + reason)
            }
            guard !path.isEmpty else { throw refuse("needs a path") }
            let (parent, name) = AtomicFileWriter.split(Self.trimmingSlashes(path))
            var parentInfo = stat()
            guard stat(parent, &parentInfo) == 0 else {
                throw refuse("cannot go into \(parent): \(String(cString: strerror(errno))) (missing directories are not created)")
            }
            guard parentInfo.st_mode & S_IFMT == S_IFDIR else { throw refuse("cannot go into \(parent): not a directory") }
            guard access(parent, W_OK | X_OK) == 0 else {
                throw refuse("cannot go into \(parent): \(String(cString: strerror(errno)))")
            }
            var info = stat()
            let identity: FileIdentity? = stat(path, &info) == 0 ? FileIdentity(info) : nil
            if identity != nil {
                let isDirectory = info.st_mode & S_IFMT == S_IFDIR
                if isDirectory && !output.isDirectory { throw refuse("is a file, and \(path) is a directory") }
                if output.isDirectory && !isDirectory { throw refuse("is a directory of text files, and \(path) is a file") }
                if output.isDirectory, let entries = try? FileManager.default.contentsOfDirectory(atPath: path), !entries.isEmpty {
                    throw refuse("goes into a directory that is empty or does not exist, and \(path) is not empty")
                }
            }
            let place = Self.join(Self.realPath(parent), name)
            for input in inputs where input != "-" {
                var inputInfo = stat()
                guard stat(input, &inputInfo) == 0 else { continue }  // the reader reports missing inputs
                if let identity, identity == FileIdentity(inputInfo) {
                    throw refuse("would replace the input \(input) (the same file)")
                }
                guard inputInfo.st_mode & S_IFMT == S_IFDIR else { continue }
                let root = Self.realPath(input)
                let inside = place == root || place.hasPrefix(root.hasSuffix("/") ? root : root + "/")
                if inside && (output.isDirectory || CorpusInput.classify(name).map({ if case .text = $0 { true } else { false } }) == true) {
                    throw refuse("lies inside the input tree \(input) and would be read as part of it")
                }
            }
            for other in seen where other.place == place || (identity != nil && other.identity == identity) {
                throw refuse("and the \(other.output.role) would both be written to \(path)")
            }
            seen.append((output, place, identity))
        }
    }

    /// Removes the temporary files and directories (see ``TemporaryName``) that runs killed
    /// before their rename left beside each output, skipping those of processes still running.
    /// Returns the paths removed. Errors are ignored: a leftover that cannot be removed stays.
    @discardableResult
    public func removeStaleTemporaries() -> [String] {
        var removed: [String] = []
        for output in outputs {
            let (parent, name) = AtomicFileWriter.split(Self.trimmingSlashes(output.path))
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { continue }
            for entry in entries.sorted() {
                guard let pid = TemporaryName.owner(of: entry, for: name), TemporaryName.isDead(pid) else { continue }
                let path = Self.join(parent, entry)
                if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(path) }
            }
        }
        return removed
    }

    /// A file's identity: device and inode.
    struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    static func trimmingSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return String(path)
    }

    static func join(_ directory: String, _ name: String) -> String { AtomicFileWriter.join(directory, name) }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
