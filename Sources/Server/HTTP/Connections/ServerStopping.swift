import Synchronization

/// The server has begun to stop: what an answer that would never end by itself (the console's event stream) waits
/// for, so that its connection closes at once instead of at the shutdown timeout.
///
/// An answer runs in a task of its connection's, outside the service group's tasks, so it cannot hear of the shutdown
/// through `withGracefulShutdownHandler`; the connections, which do hear of it, tell it here.
final class ServerStopping: Sendable {
    private struct Listeners {
        var stopped = false
        var next = 0
        var actions: [Int: @Sendable () -> Void] = [:]
    }

    private let listeners = Mutex(Listeners())

    /// Runs `action` once when the server begins to stop (at once if it has): the returned key removes it.
    func onStop(_ action: @escaping @Sendable () -> Void) -> Int? {
        let key: Int? = listeners.withLock { listeners in
            guard !listeners.stopped else { return nil }
            listeners.next += 1
            listeners.actions[listeners.next] = action
            return listeners.next
        }
        if key == nil { action() }
        return key
    }

    /// Forgets the action `key` names (its answer ended first).
    func remove(_ key: Int?) {
        guard let key else { return }
        _ = listeners.withLock { $0.actions.removeValue(forKey: key) }
    }

    /// The server begins to stop: every action waiting runs, once.
    func stop() {
        let actions = listeners.withLock { listeners in
            listeners.stopped = true
            defer { listeners.actions = [:] }
            return Array(listeners.actions.values)
        }
        for action in actions { action() }
    }
}
