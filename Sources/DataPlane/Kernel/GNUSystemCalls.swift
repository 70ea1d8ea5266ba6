#if os(Linux)
    import Glibc

    /// glibc functions that Swift's Glibc module does not export (C declares them only under `_GNU_SOURCE`), looked up
    /// once by name.
    enum GNUSystemCalls {
        /// `CLONE_NEWNET` from `<sched.h>`.
        static let cloneNewNetwork: Int32 = 0x4000_0000
        /// `MFD_CLOEXEC` from `<sys/mman.h>`.
        static let memoryFileCloseOnExec: UInt32 = 1

        /// `int setns(int fd, int nstype)`: moves the calling thread into the namespace `fd` refers to.
        static let setns: @convention(c) (Int32, Int32) -> Int32 = function(named: "setns")
        /// `int unshare(int flags)`: moves the calling thread into new namespaces.
        static let unshare: @convention(c) (Int32) -> Int32 = function(named: "unshare")
        /// `int pipe2(int fds[2], int flags)`: a pipe whose ends are close-on-exec from the start (no window in which
        /// a program spawned by another thread could inherit them).
        static let pipe2: @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32 = function(named: "pipe2")
        /// `int memfd_create(const char *name, unsigned int flags)`: an anonymous file in memory.
        static let memoryFileCreate: @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32 = function(named: "memfd_create")

        /// `int eventfd(unsigned int initval, int flags)`: a counter to ring a poll awake; its flags `EFD_NONBLOCK` and
        /// `EFD_CLOEXEC` are `O_NONBLOCK` and `O_CLOEXEC` by definition.
        static let eventfd: @convention(c) (UInt32, Int32) -> Int32 = function(named: "eventfd")

        private static func function<Function>(named name: String) -> Function {
            guard let symbol = dlsym(nil, name) else { fatalError("the C library has no \(name)") }
            return unsafeBitCast(symbol, to: Function.self)
        }
    }
#endif
