import Foundation

/// The names of the temporary files and directories Refrain writes beside an output before
/// renaming them into place: `.<name>.tmp-<pid>-<random>`.
///
/// The leading dot hides them from listings and from the text-tree reader; the process id tells
/// a later run whether the writer is still alive, so that it removes only what a dead (killed)
/// run left behind, never the file a concurrent run is still writing (see
/// ``OutputPlan/removeStaleTemporaries()``).
public enum TemporaryName {
    /// A fresh temporary name for an output called `name`, owned by this process.
    public static func make(for name: String) -> String {
        ".\(name).tmp-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
    }

    /// The id of the process that made `entry`, when `entry` is a temporary name for `name`.
    public static func owner(of entry: String, for name: String) -> pid_t? {
        let prefix = ".\(name).tmp-"
        guard entry.hasPrefix(prefix) else { return nil }
        let rest = entry.dropFirst(prefix.count)
        guard let dash = rest.firstIndex(of: "-"), rest.index(after: dash) < rest.endIndex,
            let pid = pid_t(rest[..<dash]), pid > 0,
            rest[rest.index(after: dash)...].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        return pid
    }

    /// Whether process `pid` is gone (so a temporary file it made will never be renamed).
    /// A process that exists but belongs to another user counts as alive.
    static func isDead(_ pid: pid_t) -> Bool {
        kill(pid, 0) != 0 && errno == ESRCH
    }
}
