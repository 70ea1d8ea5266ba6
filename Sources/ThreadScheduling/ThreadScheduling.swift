import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How LocalVPC's own threads are named and scheduled: the ones every request waits for (the event loops, the cloud's
/// thread, the store writer's and the hand-back thread), the long-read threads, and the data plane's flow deciders.
///
/// Under load the two cores are busy with long work (the long-read threads at nice 10, other processes at 0). The
/// kernel's fair scheduler (EEVDF) lets a thread that wakes preempt that work only when its deadline comes first, which
/// with the default slice (1.4 ms on this project's machine) it often does not: the cloud's thread, woken with a write
/// to answer, waited up to 5 ms for a core (`perf sched latency`). A short slice (Linux 6.12 and later) gives its
/// wakeups an earlier deadline, so they run at once and yield sooner.
///
/// Short slices do not help a thread that was preempted and waits in a core's queue: the fair scheduler looks at that
/// queue again only when the running thread sleeps or at the next tick (4 ms at this machine's 250 Hz), and the other
/// core, going idle for moments at a time, does not pull it over (`perf sched`, 2026-12-06: the cloud's thread,
/// preempted by the hand-back thread, waited 3.96 ms behind an event loop copying a 5 MB answer while the other core
/// was idle). So where the process may (root, or `CAP_SYS_NICE`, and `serve --realtime auto`), those threads run at
/// real-time priority (`SCHED_FIFO`): ahead of every fair-scheduled thread, and moved at once to a core running only
/// such threads when theirs is taken. Their work is short by design (long work runs on the long-read threads), and the
/// kernel keeps a share of every second for fair-scheduled threads whatever they do. Threads and processes they start
/// are fair-scheduled again (`SCHED_FLAG_RESET_ON_FORK`).
public enum ThreadScheduling {
    /// The slice asked for, in nanoseconds: the kernel's minimum.
    static let shortSlice: UInt64 = 100_000

    /// Whether the threads every request waits for may ask for real-time priority (`serve --realtime`). Off unless
    /// `serve` says so, which it does before it starts them; tests that start those threads themselves leave it off.
    public static func allowRealtime(_ allowed: Bool) { realtimeAllowed.store(allowed, ordering: .relaxed) }

    /// How many threads run at real-time priority now.
    public static var realtimeThreadCount: Int { realtimeThreads.load(ordering: .relaxed) }

    private static let realtimeAllowed = Atomic<Bool>(false)
    private static let realtimeThreads = Atomic<Int>(0)

    /// The real-time priority of the event loops; the cloud's, the store's and the hand-back threads' is one above,
    /// so that their short parts of a request preempt a loop writing a long answer.
    static let loopPriority: UInt32 = 1

    /// Names the calling thread `name` in the kernel and sets its nice value: raised above the event loops (below 0),
    /// it is one every write waits for and is scheduled promptly (``requestPromptScheduling(niceness:realtimePriority:realtimeAllowed:)``, one
    /// real-time priority above the loops'); otherwise (long reads, the flow deciders) the kernel's default slices,
    /// whoever started it. A process that may not raise its priority keeps the one it has.
    public static func prepareCurrentThread(named name: String, niceness: Int32) {
        #if canImport(Glibc)
            // On Linux the nice value is per thread: `who` 0 is the calling thread alone (setpriority(2), BUGS).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            // Foundation keeps `Thread.name` to itself on Linux; the kernel's name is what `top -H`, `perf` and
            // /proc/PID/task/*/comm show (at most 15 characters: a longer one is refused).
            if let setName: @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32 = glibcFunction(named: "pthread_setname_np") {
                _ = setName(pthread_self(), name)
            }
        #endif
        if niceness < 0 {
            requestPromptScheduling(niceness: niceness, realtimePriority: loopPriority + 1)
        } else {
            requestDefaultSlices(niceness: niceness)
        }
    }

    /// Schedules the calling event loop promptly (``requestPromptScheduling(niceness:realtimePriority:realtimeAllowed:)``), at the
    /// loops' nice value and real-time priority.
    public static func requestPromptScheduling() { requestPromptScheduling(niceness: 0, realtimePriority: loopPriority) }

    /// Schedules the calling thread, one every request waits for, to run as soon as it wakes: real-time priority
    /// `realtimePriority` when allowed (``allowRealtime(_:)``) and the process may, else short slices at `niceness` (or
    /// the nice value it has, if it may not take that one). Older kernels accept short slices and ignore them; where a
    /// call is refused or missing, nothing changes.
    static func requestPromptScheduling(
        niceness: Int32, realtimePriority: UInt32, realtimeAllowed allowed: Bool = realtimeAllowed.load(ordering: .relaxed)
    ) {
        requestSlices(of: shortSlice, niceness: niceness)
        if allowed, requestRealtime(priority: realtimePriority) { realtimeThreads.add(1, ordering: .relaxed) }
    }

    /// Asks for the kernel's default slices again: a thread inherits its creator's, and long work started from an event
    /// loop must not wake as promptly as the loop does.
    static func requestDefaultSlices(niceness: Int32 = 0) { requestSlices(of: 0, niceness: niceness) }

    /// `SCHED_FIFO` at `priority`, reset to the fair scheduler in threads and processes the thread starts. False where
    /// the process may not (no `CAP_SYS_NICE`, no real-time budget for its control group) or elsewhere than Linux.
    private static func requestRealtime(priority: UInt32) -> Bool {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            var attributes = SchedulingAttributes(niceness: 0, runtime: 0)
            attributes.policy = 1  // SCHED_FIFO
            attributes.flags = 1  // SCHED_FLAG_RESET_ON_FORK
            attributes.priority = priority
            return setAttributes(&attributes) == 0
        #else
            return false
        #endif
    }

    private static func requestSlices(of nanoseconds: UInt64, niceness: Int32) {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            var attributes = SchedulingAttributes(niceness: niceness, runtime: nanoseconds)
            if setAttributes(&attributes) != 0 {
                // Not allowed to raise the priority: keep the nice value the thread has.
                attributes.niceness = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
                _ = setAttributes(&attributes)
            }
        #endif
    }

    #if os(Linux) && (arch(x86_64) || arch(arm64))
        /// `struct sched_attr` (`SCHED_ATTR_SIZE_VER0`, 48 bytes).
        private struct SchedulingAttributes {
            var size: UInt32 = 48
            var policy: UInt32 = 0
            var flags: UInt64 = 0
            var niceness: Int32
            var priority: UInt32 = 0
            /// For `SCHED_OTHER`: the slice the thread asks for. For `SCHED_FIFO`, `priority` is what counts.
            var runtime: UInt64
            var deadline: UInt64 = 0
            var period: UInt64 = 0

            init(niceness: Int32, runtime: UInt64) {
                self.niceness = niceness
                self.runtime = runtime
            }
        }

        /// `sched_setattr(0, attributes, 0)` for the calling thread. glibc has no wrapper for it and Swift cannot call the
        /// variadic `syscall`, so it is called through a pointer of fixed arity: on x86-64 and arm64 Linux, a variadic
        /// callee reads integer arguments from the same registers.
        private static func setAttributes(_ attributes: inout SchedulingAttributes) -> Int {
            guard let call = systemCall else { return -1 }
            #if arch(x86_64)
                let number = 314
            #else
                let number = 274
            #endif
            return withUnsafePointer(to: &attributes) { call(number, 0, UnsafeRawPointer($0), 0) }
        }

        private static let systemCall: (@convention(c) (Int, Int32, UnsafeRawPointer, UInt32) -> Int)? = glibcFunction(named: "syscall")
    #endif

    #if canImport(Glibc)
        /// A C library function that Swift's Glibc module does not export (declared only under `_GNU_SOURCE`, or
        /// variadic), looked up by name; nil if it is missing.
        private static func glibcFunction<Function>(named name: String) -> Function? {
            dlsym(dlopen(nil, RTLD_NOW), name).map { unsafeBitCast($0, to: Function.self) }
        }
    #endif
}
