/// Lets go of large values on a thread of its own, at the long reads' priority: a state of the cloud that was replaced,
/// what a command worked out aside, a layer of pending changes emptied.
///
/// Whoever drops the last reference to a replaced state frees every table only it held: after a launch of 1,000
/// instances, a copy of the region's tables, thousands of resources. On the cloud's actor that took a third of its time
/// under a background of launches, in pieces of milliseconds that every other account's writes waited behind (`perf`,
/// README "Fairness under load"). Handed over here, the actor's part is a reference count.
enum Reclaimer {
    private static let thread: ExecutorThreads<@Sendable () -> Void> = {
        let thread = ExecutorThreads<@Sendable () -> Void>(count: 1, name: "localvpc-drop", niceness: 10)
        thread.start { release in release() }
        return thread
    }()

    /// Drops `value` on the reclaiming thread: the caller must hold no other reference to it, or its own is the one
    /// dropped last, where it is.
    static func release<Value: Sendable>(_ value: consuming Value) {
        let item = Item(value)
        thread.enqueue { item.drop() }
    }

    /// The value, held until the reclaiming thread drops it.
    private final class Item<Value: Sendable>: @unchecked Sendable {
        // @unchecked Sendable: `value` is set once, then touched only by the reclaiming thread.
        private var value: Value?

        init(_ value: consuming Value) { self.value = value }

        func drop() { value = nil }
    }
}
