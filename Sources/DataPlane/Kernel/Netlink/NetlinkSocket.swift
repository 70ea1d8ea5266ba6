#if os(Linux)
    import Glibc
#endif

/// A raw `NETLINK_NETFILTER` socket made inside a network namespace, so that the kernel answers it about that
/// namespace only (its queues, its connection tracking table), whichever namespace the thread is in later.
///
/// A plain value around the descriptor: its owner (``NetfilterQueue``, or one ``Conntrack`` call) decides when it is
/// closed and serializes its use.
struct NetlinkSocket {
    /// `NETLINK_NETFILTER` from `<linux/netlink.h>`, which Glibc's module does not export.
    private static let netfilterProtocol: Int32 = 12

    /// What one ``receive(into:)`` found.
    enum Reception {
        /// A datagram of this many bytes is at the start of the buffer.
        case datagram(Int)
        /// Nothing is waiting (`EAGAIN`).
        case empty
        /// The kernel dropped messages because the socket's buffer was full (`ENOBUFS`); the socket still works.
        case overflow
    }

    let descriptor: Int32

    /// Opens a non-blocking, close-on-exec socket inside `namespace` (the calling thread's own namespace when nil),
    /// bound to a port id the kernel picks; `receiveBufferSize` is forced past the system's limit when root.
    static func open(namespace: String?, receiveBufferSize: Int? = nil) throws -> NetlinkSocket {
        #if os(Linux)
            let descriptor =
                if let namespace {
                    try NetworkNamespace.withEntered(namespace) { try makeDescriptor() }
                } else {
                    try makeDescriptor()
                }
            let socket = NetlinkSocket(descriptor: descriptor)
            do {
                if let receiveBufferSize { try socket.setReceiveBuffer(receiveBufferSize) }
                try socket.bindToKernelChosenPort()
            } catch {
                socket.close()
                throw error
            }
            return socket
        #else
            throw KernelError.notSupported("a netlink socket")
        #endif
    }

    /// Sends one datagram (one or more messages) to the kernel, which handles it before `send` returns.
    func send(_ bytes: [UInt8]) throws {
        #if os(Linux)
            while true {
                let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
                if sent >= 0 { return }
                if errno == EINTR { continue }
                throw KernelError.systemCall("send (netlink)", errorNumber: errno)
            }
        #else
            throw KernelError.notSupported("a netlink socket")
        #endif
    }

    /// Reads one datagram into `buffer` without waiting.
    func receive(into buffer: inout [UInt8]) throws -> Reception {
        #if os(Linux)
            while true {
                let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_TRUNC)) }
                if received > buffer.count {
                    throw KernelError.malformedNetlink("a datagram of \(received) bytes does not fit the \(buffer.count)-byte buffer")
                }
                if received >= 0 { return .datagram(received) }
                switch errno {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: return .empty
                case ENOBUFS: return .overflow
                case let number: throw KernelError.systemCall("recv (netlink)", errorNumber: number)
                }
            }
        #else
            throw KernelError.notSupported("a netlink socket")
        #endif
    }

    /// Waits until a datagram is waiting or `timeoutMilliseconds` pass; true when one is.
    func waitReadable(timeoutMilliseconds: Int32) throws -> Bool {
        #if os(Linux)
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while true {
                let ready = poll(&entry, 1, timeoutMilliseconds)
                if ready >= 0 { return ready > 0 }
                if errno != EINTR { throw KernelError.systemCall("poll (netlink)", errorNumber: errno) }
            }
        #else
            throw KernelError.notSupported("a netlink socket")
        #endif
    }

    /// Sends `request` and reads the kernel's answers to it until its acknowledgement (`NLM_F_ACK`) or, for a dump,
    /// `NLMSG_DONE`; `answer` sees each message answering it, `unrelated` every other message read meanwhile (name
    /// both closures at the call: a trailing closure would be `answer`).
    ///
    /// Throws the kernel's error when it refused the request, and a timeout when it said nothing for
    /// `timeoutMilliseconds`.
    func exchange(
        _ request: [UInt8], sequence: UInt32, describedAs description: String, timeoutMilliseconds: Int32 = 5000,
        answer: (NetlinkMessage) throws -> Void = { _ in }, unrelated: (NetlinkMessage) throws -> Void = { _ in }
    ) throws {
        try send(request)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            guard try waitReadable(timeoutMilliseconds: timeoutMilliseconds) else {
                throw KernelError.malformedNetlink("no answer to \(description) within \(timeoutMilliseconds) ms")
            }
            switch try receive(into: &buffer) {
            case .empty: continue
            case .overflow: throw KernelError.malformedNetlink("the answers to \(description) overflowed the socket's buffer")
            case .datagram(let count):
                for message in NetlinkMessage.messages(in: buffer[..<count]) {
                    guard message.sequence == sequence else {
                        try unrelated(message)
                        continue
                    }
                    if let errorNumber = message.errorNumber {
                        if errorNumber == 0 { return }
                        throw KernelError.netlink(description, errorNumber: errorNumber)
                    }
                    if message.type == NetlinkMessage.done {
                        let status = message.payload.nativeInteger(at: 0, as: Int32.self) ?? 0
                        if status < 0 { throw KernelError.netlink(description, errorNumber: -status) }
                        return
                    }
                    try answer(message)
                }
            }
        }
    }

    /// Closes the descriptor; the socket must not be used afterwards.
    func close() {
        #if os(Linux)
            _ = Glibc.close(descriptor)
        #endif
    }

    #if os(Linux)
        private static func makeDescriptor() throws -> Int32 {
            let type = Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
            let descriptor = socket(AF_NETLINK, type, netfilterProtocol)
            guard descriptor >= 0 else { throw KernelError.systemCall("socket(AF_NETLINK, NETLINK_NETFILTER)", errorNumber: errno) }
            return descriptor
        }

        private func setReceiveBuffer(_ size: Int) throws {
            var value = Int32(clamping: size)
            let length = socklen_t(MemoryLayout<Int32>.size)
            if setsockopt(descriptor, SOL_SOCKET, SO_RCVBUFFORCE, &value, length) == 0 { return }
            // Without CAP_NET_ADMIN, the ordinary option (capped by net.core.rmem_max) is the best there is.
            guard setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &value, length) == 0 else {
                throw KernelError.systemCall("setsockopt(SO_RCVBUF)", errorNumber: errno)
            }
        }

        /// Binds to port id 0, which lets the kernel choose a unique one (struct sockaddr_nl, built by hand).
        private func bindToKernelChosenPort() throws {
            var address: [UInt8] = []
            address.appendNative(UInt16(AF_NETLINK))
            address.appendNative(UInt16(0))  // padding
            address.appendNative(UInt32(0))  // port id: the kernel's choice
            address.appendNative(UInt32(0))  // no multicast groups
            let result = address.withUnsafeBytes {
                bind(descriptor, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
            }
            guard result == 0 else { throw KernelError.systemCall("bind (netlink)", errorNumber: errno) }
        }
    #endif
}
