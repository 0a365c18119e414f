import Dispatch
import Foundation

/// Runs independent work items on a fixed number of threads, deterministically.
///
/// Items are claimed dynamically in small chunks (a locked counter), so uneven items balance;
/// each item writes only its own result slot, so results never depend on the thread count or
/// on timing. Per-thread scratch state (tokenizers, aligners, caches) is indexed by the
/// `worker` number a call receives: no two concurrent calls share one.
public enum Parallel {
    /// The number of threads engines use when not told otherwise: every active core (at least 1).
    public static var allCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body(item, worker)` for every `item` in `0..<count` on up to `threads` threads
    /// (the calling thread is one of them), `worker` in `0..<threads`. With one thread, or one
    /// item, everything runs on the calling thread in item order.
    public static func forEach(count: Int, threads: Int, chunk: Int = 1, _ body: (_ item: Int, _ worker: Int) -> Void) {
        guard count > 0 else { return }
        let chunk = max(1, chunk)
        let workers = max(1, min(threads, (count + chunk - 1) / chunk))
        if workers == 1 {
            for item in 0..<count { body(item, 0) }
            return
        }
        let counter = ChunkCounter(chunk: chunk)
        withoutActuallyEscaping(body) { body in
            // Safe: each item is claimed by exactly one thread, and `worker` slots are disjoint.
            let box = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while true {
                    let start = counter.claim()
                    if start >= count { break }
                    for item in start..<min(count, start + chunk) { box.value(item, worker) }
                }
            }
        }
    }

    /// `transform` of each item of `0..<count`, in item order, computed on up to `threads` threads.
    /// If `transform` throws, `map` throws the error of the lowest item that failed (so the
    /// error, like the results, does not depend on the thread count; every item still runs).
    public static func map<T, E: Error>(
        count: Int, threads: Int, chunk: Int = 1, _ transform: (_ item: Int, _ worker: Int) throws(E) -> T
    ) throws(E) -> [T] {
        guard count > 0 else { return [] }
        var slots = [Result<T, E>?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { buffer in
            // Safe: item `i` writes slot `i` only.
            let out = Unchecked(buffer)
            forEach(count: count, threads: threads, chunk: chunk) { item, worker in
                do throws(E) {
                    out.value[item] = .success(try transform(item, worker))
                } catch {
                    out.value[item] = .failure(error)
                }
            }
        }
        var results: [T] = []
        results.reserveCapacity(count)
        for slot in slots {
            switch slot! {
            case .success(let v): results.append(v)
            case .failure(let e): throw e
            }
        }
        return results
    }

    /// Hands out chunk starts: 0, chunk, 2·chunk, …
    private final class ChunkCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let chunk: Int
        init(chunk: Int) { self.chunk = chunk }
        func claim() -> Int {
            lock.lock()
            defer { lock.unlock() }
            let v = next
            next += chunk
            return v
        }
    }
}

/// Carries a value across a concurrency boundary the compiler cannot check; each use says why
/// it is safe (disjoint slots, or per-worker state).
package struct Unchecked<T>: @unchecked Sendable {
    /// The value carried.
    package var value: T
    /// Wraps `value`.
    package init(_ value: T) { self.value = value }
}
