#if os(Linux)
    import Glibc
#endif

/// When the kernel tests can run, and names for what they make.
enum KernelTestEnvironment {
    /// Namespaces, queues and conntrack need Linux and root (CI runs the data-plane tests as root).
    static let isRootOnLinux: Bool = {
        #if os(Linux)
            getuid() == 0
        #else
            false
        #endif
    }()

    /// Whether to run the measurements for the kernel layer's report (`LOCALVPC_KERNEL_MEASURE=1`): they print
    /// figures and take a while, so ordinary runs skip them.
    static let measures: Bool = {
        #if os(Linux)
            isRootOnLinux && getenv("LOCALVPC_KERNEL_MEASURE").map { String(cString: $0) } == "1"
        #else
            false
        #endif
    }()

    /// `lvpc-kt-<random>`: ours, and unique, since other engineers' tests make namespaces at the same time.
    static func uniquePrefix() -> String {
        "lvpc-kt-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }
}
