import Addressing

#if canImport(Glibc)
    import Glibc
#endif

/// A socket bound to an address inside one of LocalVPC's namespaces: made by a thread that entered the namespace, it
/// stays there after the thread leaves, so a server in the host's process answers inside the namespace.
enum NamespaceSocket {
    enum Transport: Sendable, Hashable {
        case udp, tcp
    }

    /// A socket of `transport` bound to `address`:`port` in `namespace` (listening, for TCP), non-blocking, close-on-exec.
    /// The caller owns the descriptor. The address need not be configured yet (`IP_FREEBIND`).
    static func bound(_ transport: Transport, address: IPAddress, port: UInt16, in namespace: String) throws -> Int32 {
        #if os(Linux)
            try NetworkNamespace.withEntered(namespace) { try bound(transport, address: address, port: port) }
        #else
            throw KernelError.notSupported("sockets in network namespaces")
        #endif
    }

    #if os(Linux)
        private static func bound(_ transport: Transport, address: IPAddress, port: UInt16) throws -> Int32 {
            let family = address.isIPv6 ? AF_INET6 : AF_INET
            let kind = (transport == .udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)) | Int32(SOCK_NONBLOCK.rawValue)
            let descriptor = socket(family, kind | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { throw KernelError.systemCall("socket", errorNumber: errno) }
            do {
                var yes: Int32 = 1
                let size = socklen_t(MemoryLayout<Int32>.size)
                setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, size)
                if address.isIPv6 {
                    setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &yes, size)
                    setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_FREEBIND, &yes, size)
                } else {
                    setsockopt(descriptor, Int32(IPPROTO_IP), IP_FREEBIND, &yes, size)
                }
                try bind(descriptor, to: address, port: port)
                if transport == .tcp, listen(descriptor, 128) != 0 { throw KernelError.systemCall("listen", errorNumber: errno) }
                return descriptor
            } catch {
                close(descriptor)
                throw error
            }
        }

        private static func bind(_ descriptor: Int32, to address: IPAddress, port: UInt16) throws {
            let result: Int32
            if address.isIPv6 {
                var socketAddress = sockaddr_in6()
                socketAddress.sin6_family = sa_family_t(AF_INET6)
                socketAddress.sin6_port = port.bigEndian
                guard inet_pton(AF_INET6, address.description, &socketAddress.sin6_addr) == 1 else {
                    throw KernelError.systemCall("inet_pton(\(address))", errorNumber: EINVAL)
                }
                result = withUnsafePointer(to: &socketAddress) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
                }
            } else {
                var socketAddress = sockaddr_in()
                socketAddress.sin_family = sa_family_t(AF_INET)
                socketAddress.sin_port = port.bigEndian
                guard inet_pton(AF_INET, address.description, &socketAddress.sin_addr) == 1 else {
                    throw KernelError.systemCall("inet_pton(\(address))", errorNumber: EINVAL)
                }
                result = withUnsafePointer(to: &socketAddress) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
            }
            guard result == 0 else { throw KernelError.systemCall("bind(\(address) port \(port))", errorNumber: errno) }
        }
    #endif
}
