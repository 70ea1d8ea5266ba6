import CloudModel
import Foundation
import Persistence
import Synchronization

// What a command worked out aside (`CloudService.performAside`) read, the stamp that says whether what it changed is
// still right, and what it changed.

/// What a region looked like to a command worked out aside (`CloudService.performAside`).
struct ScopeView: Sendable {
    let base: CloudState
    let laid: PendingChanges
    let scope: AccountRegion
    let now: Date
    let stamp: ScopeStamp
}

/// What a command worked out aside changes, what they touch, the same changes laid over the view's state, and their
/// rows as the store keeps them, written aside too (nil when the store writes none).
///
/// The laid changes are handed over to the write queue (`Handover`), not shared with it: the queue lays the changes of
/// every command after them on the same layer, and a layer still held here too would be copied whole first (3,000
/// resources after a launch, for the first command of any account queued behind it).
struct WorkedOut: Sendable {
    let changes: [ResourceChange]
    let summary: ChangeSummary
    let laid: Handover<PendingChanges>
    let rows: [RowBody?]?
}

/// A value for whoever takes it first (`take()`): after that, nothing here holds it.
final class Handover<Value: Sendable>: Sendable {
    private let value: Mutex<Value?>

    init(_ value: Value) { self.value = Mutex(value) }

    /// The value, the first time; nil after.
    func take() -> Value? {
        value.withLock { value in
            defer { value = nil }
            return value
        }
    }
}

/// Which writes a view of one region has seen: changes worked out on the view are still right while none of these moved
/// (a public address handed out is also checked against the shared pool).
struct ScopeStamp: Sendable, Equatable {
    var epoch: UInt64
    var writes: UInt64
    var publicIpWrites: UInt64
}
