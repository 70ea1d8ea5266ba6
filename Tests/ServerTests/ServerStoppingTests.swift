import Synchronization
import Testing

@testable import Server

/// `ServerStopping`: what waits for the server to stop runs once when it does, at once when it already has, and not at
/// all once removed.
struct ServerStoppingTests {
    final class Count: Sendable {
        let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var now: Int { value.withLock { $0 } }
    }

    @Test func aWaitingActionRunsOnceWhenTheServerStops() {
        let stopping = ServerStopping()
        let (kept, removed) = (Count(), Count())
        _ = stopping.onStop { kept.add() }
        let key = stopping.onStop { removed.add() }
        stopping.remove(key)
        #expect(kept.now == 0)
        stopping.stop()
        stopping.stop()
        #expect(kept.now == 1)
        #expect(removed.now == 0)
    }

    @Test func anActionAddedAfterTheStopRunsAtOnce() {
        let stopping = ServerStopping()
        stopping.stop()
        let late = Count()
        let key = stopping.onStop { late.add() }
        #expect(key == nil)
        #expect(late.now == 1)
    }
}
