public import Addressing
import Foundation

/// The packets EC2 Instance Connect sends before it opens a session: a TCP connection from the internet to the
/// instance's public address on port 22, through its internet gateway, group and network ACL, as the data plane
/// decides them. Nothing needs to run in the instance: the probe listens on port 22 there itself while it knocks
/// (unless something already listens).
public enum InstanceConnectProbe {
    /// Whether a connection from `internetNamespace` to `publicIp`:22 reaches the instance in `instanceNamespace`
    /// within `timeout` seconds.
    public static func connects(from internetNamespace: String, to publicIp: IPv4Address, in instanceNamespace: String, timeout: Double = 3) throws
        -> Bool
    {
        #if os(Linux)
            let listener = try NetworkNamespace.withEntered(instanceNamespace) { try listen(port: 22) }
            defer { if let listener { close(listener) } }
            let client = try NetworkNamespace.withEntered(internetNamespace) {
                socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            }
            guard client >= 0 else { throw KernelError.systemCall("socket", errorNumber: errno) }
            defer { close(client) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(22).bigEndian
            address.sin_addr.s_addr = publicIp.value.bigEndian
            let started = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if started == 0 { return true }
            guard errno == EINPROGRESS else { return false }
            var descriptor = pollfd(fd: client, events: Int16(POLLOUT), revents: 0)
            guard poll(&descriptor, 1, Int32(timeout * 1000)) == 1 else { return false }
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(client, SOL_SOCKET, SO_ERROR, &failure, &length)
            return failure == 0
        #else
            throw KernelError.notSupported("probing an instance")
        #endif
    }

    #if os(Linux)
        /// A socket listening on `port` on every address, or nil when something listens there already.
        private static func listen(port: UInt16) throws -> Int32? {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard listener >= 0 else { throw KernelError.systemCall("socket", errorNumber: errno) }
            var yes: Int32 = 1
            setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(port).bigEndian
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, Glibc.listen(listener, 4) == 0 else {
                let failure = errno
                close(listener)
                if failure == EADDRINUSE { return nil }
                throw KernelError.systemCall("listening on port \(port)", errorNumber: failure)
            }
            return listener
        }
    #endif
}
