import Dispatch
import Persistence

/// Asks a shared store for its latest version on behalf of the reads that start meanwhile: one question in flight at a
/// time, answering every read that arrived before it was asked.
///
/// A read that arrives while a question is in flight cannot take its answer (the question may have left before the
/// change the read must see was acknowledged): it waits for the next one, asked as soon as the current one is answered,
/// together with every other read that arrived meanwhile. So a burst of reads costs two round trips, not one each.
actor ReadCatchUp {
    private let store: any StateStore
    /// The store is blocking: it is asked on a thread of its own, never the event loops'.
    private let queue = DispatchQueue(label: "localvpc.store-reader")
    private var waiting: [CheckedContinuation<UInt64, any Error>] = []
    private var asking = false

    init(store: any StateStore) {
        self.store = store
    }

    /// The store's latest version, asked after this call began.
    func latestVersion() async throws -> UInt64 {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(continuation)
            if !asking {
                asking = true
                Task { await ask() }
            }
        }
    }

    private func ask() async {
        while !waiting.isEmpty {
            let answered = waiting
            waiting.removeAll()
            let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<UInt64, any Error>, Never>) in
                queue.async { [store] in continuation.resume(returning: Result { try store.latestVersion() }) }
            }
            for continuation in answered { continuation.resume(with: result) }
        }
        asking = false
    }
}
