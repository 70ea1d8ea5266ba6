public import CloudModel
import Synchronization

/// A store that keeps nothing across runs: for tests, and for `serve --ephemeral`.
public final class InMemoryStateStore: StateStore {
    private let state = Mutex(CloudState())
    private let clockOffset = Mutex<Double>(0)

    public init() {}

    public func load() throws -> CloudState { state.withLock { $0 } }
    public func commit(_ changes: [ResourceChange]) throws { state.withLock { $0.apply(changes) } }
    public func reset() throws {
        state.withLock { $0 = CloudState() }
        clockOffset.withLock { $0 = 0 }
    }
    public func loadClockOffset() throws -> Double { clockOffset.withLock { $0 } }
    public func saveClockOffset(_ offset: Double) throws { clockOffset.withLock { $0 = offset } }
}
