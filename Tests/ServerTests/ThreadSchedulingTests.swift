#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    @testable import ThreadScheduling

    /// The threads every request waits for run at real-time priority when `serve --realtime auto` allows it and the
    /// process may (root), and the threads and processes they start do not.
    @Suite struct ThreadSchedulingTests {
        /// `sched_getscheduler`'s flag for a policy that threads and processes started by the thread do not inherit.
        private static let resetOnFork: Int32 = 0x4000_0000

        /// The scheduling policy of a new thread after it asks for prompt scheduling, and of a thread it then starts.
        private static func policies(realtimeAllowed: Bool) -> (asked: Int32, started: Int32) {
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var asked: Int32 = -1
            nonisolated(unsafe) var started: Int32 = -1
            let thread = Thread {
                ThreadScheduling.requestPromptScheduling(niceness: 0, realtimePriority: 1, realtimeAllowed: realtimeAllowed)
                asked = sched_getscheduler(0)
                let childDone = DispatchSemaphore(value: 0)
                let child = Thread {
                    started = sched_getscheduler(0)
                    childDone.signal()
                }
                child.start()
                childDone.wait()
                done.signal()
            }
            thread.start()
            done.wait()
            return (asked, started)
        }

        @Test func aThreadEveryRequestWaitsForRunsAtRealtimePriorityWhenAllowed() {
            let (asked, started) = Self.policies(realtimeAllowed: true)
            if geteuid() == 0 {
                #expect(asked & ~Self.resetOnFork == SCHED_FIFO)
                #expect(asked & Self.resetOnFork != 0)
            } else {
                // Not permitted: the fair scheduler, as before, and nothing fails.
                #expect(asked == SCHED_OTHER)
            }
            // What it starts is fair-scheduled (a long-read thread, a command the data plane runs).
            #expect(started == SCHED_OTHER)
        }

        @Test func withoutPermissionFromServeItStaysFairScheduled() {
            let (asked, started) = Self.policies(realtimeAllowed: false)
            #expect(asked == SCHED_OTHER)
            #expect(started == SCHED_OTHER)
        }
    }
#endif
