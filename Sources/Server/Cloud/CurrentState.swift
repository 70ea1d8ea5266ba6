import CloudModel
import Dispatch
import Synchronization

/// The state readers see now: replaced by the cloud's actor, and changed by whoever applies a durable batch (the store
/// writer's thread, right after writing it), one at a time.
///
/// Readers copy it out under the lock: a value, so the copy costs a reference count. Changing it while a reader holds a
/// copy makes every table the change touches copy itself first (copy on write). Done under the lock, that copy would
/// hold every reader as long: tens of milliseconds for a launch of 1,000 instances into a region of 20,000, while a
/// describe holds an older state. So changes are applied to a copy outside the lock, and only the finished state is
/// swapped in; the state it replaces is released outside the lock, on the reclaiming thread (`Reclaimer`): after a
/// large batch, freeing the tables only it held takes milliseconds, which the caller (the cloud's actor) would spend
/// with every write waiting.
final class CurrentState: Sendable {
    private let state: Mutex<CloudState>

    init(_ state: CloudState) { self.state = Mutex(state) }

    /// The state now.
    func read() -> CloudState { state.withLock { $0 } }

    /// Makes `new` the state now.
    func replace(with new: CloudState) {
        // The old state is returned, and released after the lock is given back.
        let old = state.withLock { state in
            defer { state = new }
            return state
        }
        // Consumed, not copied: a copy kept here until the end of this function could be the last one left.
        Reclaimer.release(consume old)
    }

    /// Applies durable changes: the caller applies one batch at a time, in the journal's order.
    func apply(_ changes: [ResourceChange]) {
        var next = read()
        next.apply(changes)
        replace(with: next)
    }

    /// The state now with `changes` applied, made on a thread of its own (`applier`), for the caller to swap in with
    /// `replace(with:)` once they are durable; the caller applies one batch at a time, in the journal's order.
    func applying(_ changes: [ResourceChange]) async -> CloudState {
        await applying(changes, to: read())
    }

    /// `state` with `changes` applied, made on the applier's thread.
    func applying(_ changes: [ResourceChange], to state: CloudState) async -> CloudState {
        await withCheckedContinuation { continuation in
            Self.applier.async {
                var next = state
                next.apply(changes)
                continuation.resume(returning: next)
            }
        }
    }

    /// Where `applying(_:)` applies: neither an event loop nor the store writer's thread, so that it runs while they do.
    private static let applier = DispatchQueue(label: "localvpc.state-applier")
}
