public import CloudModel
import Foundation
import Synchronization

/// The cloud's change feed: every follower gets its own stream of committed batches, in version order.
///
/// Publishing never waits for a follower: each stream buffers what its follower has not read yet.
final class ChangeFeed: Sendable {
    private struct Followers {
        var version: UInt64 = 0
        var continuations: [UUID: AsyncStream<CommittedBatch>.Continuation] = [:]
    }

    private let followers = Mutex(Followers())

    /// The version of the last batch published.
    var version: UInt64 { followers.withLock { $0.version } }

    /// A new stream of the batches published from now on; it ends when the follower stops iterating.
    ///
    /// A follower that reads the state itself and only needs to know that it changed keeps only the latest batch
    /// it has not read (`latestOnly`), so a burst of changes costs it one look.
    func follow(latestOnly: Bool = false) -> AsyncStream<CommittedBatch> {
        let (stream, continuation) = AsyncStream<CommittedBatch>.makeStream(bufferingPolicy: latestOnly ? .bufferingNewest(1) : .unbounded)
        let id = UUID()
        continuation.onTermination = { [weak self] _ in _ = self?.followers.withLock { $0.continuations.removeValue(forKey: id) } }
        followers.withLock { $0.continuations[id] = continuation }
        return stream
    }

    /// Publishes a batch under the next version.
    func publish(_ changes: [ResourceChange], isReset: Bool = false) {
        followers.withLock { followers in
            followers.version += 1
            let batch = CommittedBatch(version: followers.version, changes: changes, isReset: isReset)
            for continuation in followers.continuations.values { continuation.yield(batch) }
        }
    }

    /// Ends every follower's stream (at shutdown).
    func finish() {
        let continuations = followers.withLock { $0.continuations.values }
        for continuation in continuations { continuation.finish() }
    }
}
