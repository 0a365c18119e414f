import Dispatch
import Foundation

/// Runs independent work items on a fixed number of threads.
///
/// Items are handed out dynamically (a locked counter), so uneven items balance, but each item's
/// output goes to its own slot: results never depend on the thread count or on timing.
enum Parallel {
    /// Calls `body(item, worker)` for every `item` in `0..<count`, on up to `threads` threads;
    /// `worker` in `0..<threads` identifies the calling thread's slot for per-thread scratch state
    /// (no two concurrent calls share a `worker`).
    static func forEach(count: Int, threads: Int, _ body: (_ item: Int, _ worker: Int) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for item in 0..<count { body(item, 0) }
            return
        }
        let counter = Counter()
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while true {
                    let item = counter.next()
                    if item >= count { break }
                    box.value(item, worker)
                }
            }
        }
    }

    /// Maps `0..<count` to results in order, computed on up to `threads` threads.
    static func map<T>(count: Int, threads: Int, _ transform: (_ item: Int, _ worker: Int) -> T) -> [T] {
        var slots = [T?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedBox(buffer)
            forEach(count: count, threads: threads) { item, worker in
                out.value[item] = transform(item, worker)
            }
        }
        return slots.map { $0! }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            let v = value
            value += 1
            return v
        }
    }
}

/// Carries a value across a concurrency boundary the compiler cannot check; every use documents
/// why it is safe (distinct slots, or state handed from one thread to the next).
struct UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
