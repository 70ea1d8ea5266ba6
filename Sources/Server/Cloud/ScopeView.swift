import CloudModel
import Foundation
import Persistence

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

/// What a command worked out aside changes, the same changes laid over the view's state, and their rows as the store
/// keeps them, written aside too (nil when the store writes none).
struct WorkedOut: Sendable {
    let changes: [ResourceChange]
    let laid: PendingChanges
    let rows: [RowBody?]?
}

/// Which writes a view of one region has seen: changes worked out on the view are still right while none of these moved
/// (a public address handed out is also checked against the shared pool).
struct ScopeStamp: Sendable, Equatable {
    var epoch: UInt64
    var writes: UInt64
    var publicIpWrites: UInt64
}
