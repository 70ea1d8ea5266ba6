import Foundation
import ThreadScheduling

/// Work of ours and the threads that run it: `enqueue` from any thread, and each thread waits for items and runs them
/// in order, at its own scheduling priority. Shared by the cloud's thread (`CloudExecutor`) and the long-read threads
/// (`LongReadExecutor`), whose items are jobs, and by the store writer's thread (`StoreWriter`), the hand-back thread
/// (`LongReadExecutor.run`) and the reclaiming thread (`Reclaimer`), whose items are closures.
final class ExecutorThreads<Item: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `items` and `isFinishing` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var items: [Item] = []
    private var isFinishing = false

    let count: Int
    let name: String
    let niceness: Int32
    let marker: String?

    /// `count` threads named `name` and the thread's number (at most 15 characters in all: Linux refuses a longer name,
    /// and the thread keeps its creator's), at the nice value `niceness`; `marker`, if given, is set in each thread's
    /// dictionary, so code can tell it runs there.
    init(count: Int, name: String, niceness: Int32, marker: String? = nil) {
        self.count = count
        self.name = name
        self.niceness = niceness
        self.marker = marker
    }

    /// Starts the threads, each running the items it takes with `run` (for jobs: the executor, once it exists, runs
    /// them on itself), until `finish`.
    func start(_ run: @escaping @Sendable (Item) -> Void) {
        for index in 0..<count {
            let threadName = count == 1 ? name : "\(name)-\(index)"
            let thread = Thread { [self] in
                if let marker { Thread.current.threadDictionary[marker] = true }
                ThreadScheduling.prepareCurrentThread(named: threadName, niceness: niceness)
                while let item = next() { run(item) }
            }
            thread.name = threadName
            thread.start()
        }
    }

    /// Queues `item`, and wakes a thread after letting go of the lock: woken while the lock is held, a thread of higher
    /// priority than the caller (the cloud's, woken by a long-read thread) would preempt the caller inside it and then
    /// wait for it, as long as the caller waits for a core (tens of milliseconds under load, measured).
    func enqueue(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.unlock()
        condition.signal()
    }

    /// Lets the threads end once they have run what is queued now.
    func finish() {
        condition.lock()
        isFinishing = true
        condition.broadcast()
        condition.unlock()
    }

    /// The oldest item, once there is one; nil when the threads are to end.
    private func next() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty {
            if isFinishing { return nil }
            condition.wait()
        }
        return items.removeFirst()
    }
}
