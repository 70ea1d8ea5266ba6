#if os(Linux)
    import DataPlane
    import Glibc

    /// Three namespaces of ours, a → r → b, the shape of the data plane: a router in the middle deciding each new flow.
    ///
    /// a (10.201.1.2, fd00:201:1::2) and b (10.201.2.2, fd00:201:2::2) each have a veth to r, which forwards between them. With `queueing`, r queues
    /// the first packet of every flow that has no mark yet to netfilter queue 0 (the mechanism the data plane relies on);
    /// either way an nft table in r copies a new packet's mark into its conntrack entry and drops flows marked
    /// ``droppingMark`` (so r tracks connections: a namespace without a conntrack rule tracks none). ``remove()`` deletes
    /// all three (call it in a `defer`).
    struct RoutedNamespaces {
        static let aAddress = "10.201.1.2"
        static let bAddress = "10.201.2.2"
        static let aIPv6Address = "fd00:201:1::2"
        static let bIPv6Address = "fd00:201:2::2"
        static let droppingMark: UInt32 = 0xDEAD

        let a: String
        let r: String
        let b: String

        /// Makes the namespaces, their links and routes; removes what it made when a step fails.
        init(queueing: Bool = true) throws {
            let prefix = KernelTestEnvironment.uniquePrefix()
            (a, r, b) = ("\(prefix)-a", "\(prefix)-r", "\(prefix)-b")
            do {
                try build(queueing: queueing)
            } catch {
                remove()
                throw error
            }
        }

        /// Deletes the three namespaces; their links go with them.
        func remove() {
            for name in [a, r, b] { try? NetworkNamespace.delete(name) }
        }

        /// The index of r's veth to a, as a packet from a arrives on it.
        func routerInterfaceTowardA() throws -> UInt32 {
            try NetworkNamespace.withEntered(r) { if_nametoindex("lvpc-ra") }
        }

        private func build(queueing: Bool) throws {
            for name in [a, r, b] {
                try NetworkNamespace.create(name)
                // Without duplicate address detection, IPv6 works as soon as a link is up (with it, the link-local addresses
                // stay tentative for a second or two, and the first pings find no neighbour).
                try KernelCommand.run("sysctl", ["-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"], namespace: name)
            }
            // Each veth is made inside its namespace and its peer sent straight to r: nothing touches the host's own.
            try KernelCommand.run(
                "ip", ["-batch", "-"],
                input: """
                    link set lo up
                    link add lvpc-a0 type veth peer name lvpc-ra netns \(r)
                    link set lvpc-a0 up
                    addr add \(Self.aAddress)/24 dev lvpc-a0
                    addr add \(Self.aIPv6Address)/64 dev lvpc-a0 nodad
                    route add default via 10.201.1.1
                    route add default via fd00:201:1::1
                    """, namespace: a)
            try KernelCommand.run(
                "ip", ["-batch", "-"],
                input: """
                    link set lo up
                    link add lvpc-b0 type veth peer name lvpc-rb netns \(r)
                    link set lvpc-b0 up
                    addr add \(Self.bAddress)/24 dev lvpc-b0
                    addr add \(Self.bIPv6Address)/64 dev lvpc-b0 nodad
                    route add default via 10.201.2.1
                    route add default via fd00:201:2::1
                    """, namespace: b)
            try KernelCommand.run(
                "ip", ["-batch", "-"],
                input: """
                    link set lo up
                    link set lvpc-ra up
                    link set lvpc-rb up
                    addr add 10.201.1.1/24 dev lvpc-ra
                    addr add 10.201.2.1/24 dev lvpc-rb
                    addr add fd00:201:1::1/64 dev lvpc-ra nodad
                    addr add fd00:201:2::1/64 dev lvpc-rb nodad
                    """, namespace: r)
            try KernelCommand.run("sysctl", ["-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"], namespace: r)
            if queueing {
                for program in ["iptables-nft", "ip6tables-nft"] {
                    try KernelCommand.run(
                        program,
                        [
                            "-t", "mangle", "-A", "PREROUTING", "-m", "conntrack", "--ctstate", "NEW", "-m", "mark", "--mark", "0", "-j", "NFQUEUE",
                            "--queue-num", "0",
                        ],
                        namespace: r)
                }
            }
            try KernelCommand.run(
                "nft", ["-f", "-"],
                input: """
                    table inet lvpc-verdicts {
                        chain prerouting {
                            type filter hook prerouting priority mangle + 1; policy accept;
                            ct state new meta mark != 0 ct mark set meta mark
                            ct mark \(Self.droppingMark) drop
                        }
                    }
                    """, namespace: r)
        }
    }
#endif
