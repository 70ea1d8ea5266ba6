public import CloudModel
import Synchronization

/// Reading the state: snapshots, which never wait for the actor; the change feed; and, on a store other servers share,
/// catching up with what they acknowledged before a read.
extension CloudService {
    /// The state now, for reading. Never waits for the actor, except on a region's first use, when its
    /// default VPC must be made (and made durable) first.
    public nonisolated func snapshot(for scope: AccountRegion) async throws -> CloudState {
        try await catchUpBeforeReading()
        let state = snapshot()
        if state[scope].isActivated { return state }
        return try await activate(scope)
    }

    /// The state now, without activating anything.
    public nonisolated func snapshot() -> CloudState { current.read() }

    /// The change feed: every batch applied from now on, with its state version, in order. Read the state the batch
    /// led to with `snapshot()` (it may already include later batches). With `latestOnly`, batches a slow follower
    /// has not read yet are replaced by the newest one.
    public nonisolated func changes(latestOnly: Bool = false) -> AsyncStream<CommittedBatch> { feed.follow(latestOnly: latestOnly) }

    /// The version of the state now: the number of batches applied since the server started.
    public nonisolated var stateVersion: UInt64 { feed.version }

    /// Whether other servers append to the same store (`serve --database-url`).
    public nonisolated var isShared: Bool { readCatchUp != nil }

    /// On a shared store, catches up with what other servers acknowledged before now, so that a read started now sees
    /// it: asks the store for its latest version (one round trip, shared by the reads that arrive meanwhile) and reads
    /// what this server has not applied yet, if anything. Nothing to do on a store only this server writes.
    public nonisolated func catchUpBeforeReading() async throws {
        guard let readCatchUp else { return }
        let latest = try await readCatchUp.latestVersion()
        if latest > appliedVersion.withLock({ $0 }) { try await synchronize() }
    }
}
