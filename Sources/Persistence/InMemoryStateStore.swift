public import CloudModel
import Synchronization

/// A store that keeps nothing across runs: for tests, and for `serve --ephemeral`.
public final class InMemoryStateStore: StateStore {
    private let state = Mutex(CloudState())

    public init() {}

    public func load() throws -> CloudState { state.withLock { $0 } }
    public func commit(_ changes: [ResourceChange]) throws { state.withLock { $0.apply(changes) } }
    public func reset() throws { state.withLock { $0 = CloudState() } }
}
