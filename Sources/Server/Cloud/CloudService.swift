public import CloudModel
public import Persistence
import Synchronization

/// The one place the cloud's state changes: commands run here one at a time, are made durable, then applied.
///
/// Writers are serialised by the actor. Readers never wait behind a write's disk I/O: `snapshot()` copies the
/// current state (a value, so the copy is cheap and never changes under the reader) out of a mutex held only
/// for the copy and for applying an already-durable change.
public actor CloudService {
    public let clock: CloudClock
    public let configuration: CloudConfiguration
    private let store: any StateStore
    private let current: Mutex<CloudState>

    /// Loads the state from `store`.
    public init(store: any StateStore, clock: CloudClock = CloudClock(), configuration: CloudConfiguration = CloudConfiguration()) throws {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.current = Mutex(try store.load())
    }

    /// The state now, for reading. Never waits for the actor, except on a region's first use, when its
    /// default VPC must be made (and made durable) first.
    public nonisolated func snapshot(for scope: AccountRegion) async throws -> CloudState {
        let state = snapshot()
        if state[scope].isActivated { return state }
        return try await activate(scope)
    }

    /// The state now, without activating anything.
    public nonisolated func snapshot() -> CloudState { current.withLock { $0 } }

    /// Runs `command` against the state of `scope`, makes its changes durable, applies them, and returns its result.
    ///
    /// With `dryRun`, the command is checked in full and then `DryRunOperation` is thrown instead of committing:
    /// exactly AWS's "would have succeeded". A command that throws changes nothing.
    public func perform<Result: Sendable>(
        in scope: AccountRegion,
        dryRun: Bool = false,
        _ command: @Sendable (inout Transaction) throws(EC2Error) -> Result
    ) throws -> Result {
        _ = try activate(scope)
        return try commit(scope, dryRun: dryRun, command)
    }

    /// Makes `scope`'s default VPC on its first use; the state afterwards.
    private func activate(_ scope: AccountRegion) throws -> CloudState {
        if !snapshot()[scope].isActivated {
            try commit(scope) { transaction in transaction.activateRegion() }
        }
        return snapshot()
    }

    /// Forgets every resource of every account and region, and sets the clock back to real time.
    public func reset() throws {
        try store.reset()
        current.withLock { $0 = CloudState() }
        clock.reset()
    }

    private func commit<Result>(
        _ scope: AccountRegion,
        dryRun: Bool = false,
        _ command: (inout Transaction) throws(EC2Error) -> Result
    ) throws -> Result {
        // The transaction (and its reference to the old state) ends with this closure, so applying the
        // changes below mutates the state in place instead of copying it.
        let (result, changes) = try { () throws -> (Result, [ResourceChange]) in
            var transaction = Transaction(base: snapshot(), scope: scope, now: clock.now(), configuration: configuration)
            let result = try command(&transaction)
            return (result, transaction.changes)
        }()
        if dryRun { throw EC2Error.dryRunOperation }
        try store.commit(changes)
        current.withLock { $0.apply(changes) }
        return result
    }
}
