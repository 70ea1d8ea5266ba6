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
public enum ThreadScheduling {
    /// The slice asked for, in nanoseconds: the kernel's minimum.
    static let shortSlice: UInt64 = 100_000

    /// Names the calling thread `name` in the kernel and sets its nice value: raised above the event loops (below 0),
    /// it is one every write waits for and gets short slices; otherwise (long reads, the flow deciders) the kernel's
    /// default slices, whoever started it. A process that may not raise its priority keeps the one it has.
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
        if niceness < 0 { requestShortSlices(niceness: niceness) } else { requestDefaultSlices(niceness: niceness) }
    }

    /// Asks the kernel for short slices for the calling thread, at `niceness` (or the nice value it has, if it may not
    /// take that one). Older kernels accept and ignore it; where the call is refused or missing, nothing changes.
    public static func requestShortSlices(niceness: Int32 = 0) { requestSlices(of: shortSlice, niceness: niceness) }

    /// Asks for the kernel's default slices again: a thread inherits its creator's, and long work started from an event
    /// loop must not wake as promptly as the loop does.
    public static func requestDefaultSlices(niceness: Int32 = 0) { requestSlices(of: 0, niceness: niceness) }

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
        /// `struct sched_attr` (`SCHED_ATTR_SIZE_VER0`, 48 bytes), for `SCHED_OTHER`.
        private struct SchedulingAttributes {
            var size: UInt32 = 48
            var policy: UInt32 = 0
            var flags: UInt64 = 0
            var niceness: Int32
            var priority: UInt32 = 0
            /// For `SCHED_OTHER`: the slice the thread asks for.
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
