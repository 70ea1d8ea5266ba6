#if os(Linux)
    import Glibc
#endif

/// Waits until any of several file descriptors (a namespace's ``NetfilterQueue``s) can be read, with a bell
/// another thread can ring to end the wait early: when the set of queues changes, or at shutdown.
///
/// `poll` over the descriptors given to each ``wait(on:timeoutMilliseconds:)`` plus an `eventfd` for the bell, so
/// the set can change from one wait to the next with no registration to keep in step. Sendable without
/// `@unchecked`: its only state is the eventfd's number, fixed at creation; the kernel serializes the rest.
public final class FileDescriptorWaiter: Sendable {
    private let bell: Int32

    /// Creates the waiter and its eventfd.
    public init() throws {
        #if os(Linux)
            bell = GNUSystemCalls.eventfd(0, O_NONBLOCK | O_CLOEXEC)
            guard bell >= 0 else { throw KernelError.systemCall("eventfd", errorNumber: errno) }
        #else
            throw KernelError.notSupported("waiting on netfilter queues")
        #endif
    }

    deinit {
        #if os(Linux)
            _ = close(bell)
        #endif
    }

    /// Waits until at least one of `descriptors` can be read, ``wake()`` is called, or `timeoutMilliseconds` pass
    /// (-1: no limit), and returns the readable ones (those in error or hung up too, so their reader sees why).
    ///
    /// Returns an empty list on a timeout, on a wake-up, and when a signal interrupted the wait. A ``wake()`` that
    /// came while nobody was waiting ends the next wait at once, so none is lost.
    public func wait(on descriptors: [Int32], timeoutMilliseconds: Int32) throws -> [Int32] {
        #if os(Linux)
            var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            entries.append(pollfd(fd: bell, events: Int16(POLLIN), revents: 0))
            guard poll(&entries, nfds_t(entries.count), timeoutMilliseconds) >= 0 else {
                if errno == EINTR { return [] }
                throw KernelError.systemCall("poll", errorNumber: errno)
            }
            if entries.removeLast().revents != 0 {
                var count: UInt64 = 0
                _ = read(bell, &count, MemoryLayout<UInt64>.size)  // resets the eventfd's counter to 0
            }
            return entries.filter { $0.revents != 0 }.map(\.fd)
        #else
            throw KernelError.notSupported("waiting on netfilter queues")
        #endif
    }

    /// Ends the current wait, or the next one if none is in progress; safe from any thread.
    public func wake() {
        #if os(Linux)
            var one: UInt64 = 1
            _ = write(bell, &one, MemoryLayout<UInt64>.size)
        #endif
    }
}
