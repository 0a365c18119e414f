#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies a run's inputs without reading them: each path with its size and modification
/// time, and the reader options. A work directory records it, and is reused only when it matches.
public enum InputFingerprint {
    /// The fingerprint of `paths` read with `options`: a line `path|size|seconds.nanoseconds` per
    /// path (just the path for `-` and for a path that cannot be stat'ed), then the options.
    /// Cost: one `stat` per path; directory trees are fingerprinted by the directory's own entry.
    public static func of(_ paths: [String], options: ReaderOptions) -> String {
        paths.map { path -> String in
            var info = stat()
            guard path != "-", stat(path, &info) == 0 else { return path }
            #if canImport(Darwin)
            let modified = info.st_mtimespec
            #else
            let modified = info.st_mtim
            #endif
            return "\(path)|\(info.st_size)|\(modified.tv_sec).\(modified.tv_nsec)"
        }.joined(separator: "\n") + "\n" + "\(options)"
    }
}
