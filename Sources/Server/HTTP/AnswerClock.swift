import Synchronization

/// Whether the answer a request is rendering read the clock: a group reference's or a route's state through a
/// peering or a transit gateway attachment, which time moves without a change to the state. `DescribeAnswerCache`
/// keeps the answers of its `clockFreeActions` only when they did not. `QueryEndpoint` binds one to each request it
/// may keep the answer of; the handlers say when they read the clock.
final class AnswerClock: Sendable {
    @TaskLocal static var current: AnswerClock?

    private let read = Atomic(false)

    /// Whether the answer read the clock.
    var wasRead: Bool { read.load(ordering: .relaxed) }

    /// The answer being rendered reads the clock (when there is one: not every request's answer may be kept).
    static func markRead() {
        current?.read.store(true, ordering: .relaxed)
    }
}
