import Foundation
import Synchronization
import Testing

@testable import Server

/// `Reclaimer` frees what it is given on its own thread, not the caller's; `Handover` gives its value once.
struct ReclaimerTests {
    /// Where a `Freed` was freed.
    private final class Record: Sendable {
        let thread = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)

        var freedOn: String? { thread.withLock { $0 } }
    }

    /// Tells its record on which thread it was freed.
    private final class Freed: Sendable {
        let record: Record

        init(_ record: Record) { self.record = record }

        deinit {
            record.thread.withLock { $0 = Thread.current.name }
            record.done.signal()
        }
    }

    @Test func aReleasedValueIsFreedOnTheReclaimingThread() {
        let record = Record()
        Reclaimer.release(Freed(record))
        #expect(record.done.wait(timeout: .now() + 10) == .success)
        #expect(record.freedOn == "localvpc-drop")
        #expect(Thread.current.name != "localvpc-drop")
    }

    @Test func theCallersLastReferenceGoesLast() {
        let record = Record()
        // The same value kept by the caller meanwhile: whoever lets go last frees it, here the caller.
        var kept: Freed? = Freed(record)
        Reclaimer.release(kept!)
        #expect(record.done.wait(timeout: .now() + 0.2) == .timedOut, "not freed while the caller holds it")
        kept = nil
        #expect(record.done.wait(timeout: .now() + 10) == .success)
        #expect(record.freedOn != "localvpc-drop")
    }

    @Test func aHandoverGivesItsValueOnce() {
        let handover = Handover([1, 2, 3])
        #expect(handover.take() == [1, 2, 3])
        #expect(handover.take() == nil)
    }
}
