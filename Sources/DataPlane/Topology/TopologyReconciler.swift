import Addressing
import Foundation
import Logging

/// Makes the host hold what a `DataPlaneTopology` asks for, changing only what differs from what it made before.
///
/// Used from one thread at a time (the data plane's reconciling queue). Each host, router and link is made or removed
/// as a unit; one that fails is logged and left out of `built`, so the next change tries it again.
final class TopologyReconciler {
    let internetNamespace: String
    let ownership: NamespaceOwnership
    let logger: Logger
    /// What exists on the host now.
    private(set) var hosts: [String: InstanceHost] = [:]
    private(set) var routers: [String: VpcRouter] = [:]
    /// Interface indexes of each router's links, by VPC id.
    private(set) var indexes: [String: LinkIndexes] = [:]
    private var rulesets: [String: String] = [:]
    private var internetRoutes: [IPAddress: String] = [:]
    private var internetReady = false

    /// The internet namespace's own addresses: the three documentation ranges (RFC 5737), every address of them local.
    static let internetRanges = ["192.0.2.1/24", "198.51.100.1/24", "203.0.113.1/24"]
    /// The address the internet namespace sends from.
    static let internetSource = "192.0.2.1"
    /// The internet's IPv6 hosts: RFC 9637's documentation range, all local in the internet namespace, and the address
    /// it sends from (RFC 3849's 2001:db8::/32 is where VPCs' IPv6 blocks come from).
    static let internetIpv6Range = "3fff::/20"
    static let internetIpv6Source = "3fff::1"

    init(internetNamespace: String, ownership: NamespaceOwnership, logger: Logger) {
        self.internetNamespace = internetNamespace
        self.ownership = ownership
        self.logger = logger
    }

    /// What went wrong in the last `apply` (for `/_localvpc/health`); empty when everything was made.
    private(set) var problems: [String] = []

    /// Brings the host to `desired`; returns the instances whose namespaces were made now.
    func apply(_ desired: DataPlaneTopology) -> [InstanceHost] {
        problems = []
        attempt("the internet namespace") { try makeInternet() }
        for (id, host) in hosts where desired.hosts[id] != host {
            if let wanted = desired.hosts[id], wanted.vpcId == host.vpcId, routers[host.vpcId] != nil {
                attempt("instance \(id)'s interfaces") { try updateHost(host, to: wanted) }
            } else {
                removeHost(host)
            }
        }
        for (id, router) in routers where desired.routers[id] == nil { removeRouter(router) }
        for (id, router) in routers {
            let wanted = Set(desired.routers[id]?.links.map(\.name) ?? [])
            for link in router.links where !wanted.contains(link.name) && !link.leadsToInstance { removeLink(link, from: id) }
        }
        for (id, router) in desired.routers where routers[id] == nil {
            attempt("router \(id)") { try makeRouter(router) }
        }
        var made: [InstanceHost] = []
        for (id, host) in desired.hosts where hosts[id] == nil && routers[host.vpcId] != nil {
            attempt("instance \(id)") {
                try makeHost(host)
                made.append(host)
            }
        }
        for (id, router) in desired.routers where routers[id] != nil {
            for link in router.links where routers[id]?.link(named: link.name) == nil && !link.leadsToInstance {
                attempt("link \(link.name) of \(id)") { try makeLink(link, in: id) }
            }
        }
        for (id, router) in desired.routers where routers[id] != nil { routers[id]?.publicAddresses = router.publicAddresses }
        for (id, router) in routers { attempt("the ruleset of \(id)") { try applyRuleset(of: router) } }
        attempt("the internet's routes") { try routeInternet(to: desired) }
        return made
    }

    /// Removes everything this reconciler made (at shutdown, and after a reset of the cloud).
    func removeEverything() {
        _ = apply(DataPlaneTopology())
        if internetReady {
            try? NetworkNamespace.delete(internetNamespace)
            ownership.release(internetNamespace)
            internetReady = false
            internetRoutes = [:]
        }
    }

    // MARK: The internet

    private func makeInternet() throws {
        guard !internetReady else { return }
        try makeNamespace(internetNamespace)
        let addresses = Self.internetRanges.map { "address add \($0) dev lo" }
        try sysctl(internetNamespace, Self.noDuplicateAddressDetection + ["net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"])
        try ip(
            internetNamespace,
            ["link set lo up"] + addresses + [
                "address add \(Self.internetIpv6Source)/128 dev lo", "route add local \(Self.internetIpv6Range) dev lo",
            ])
        // Every address of 3fff::/20 is local, but IPv6 binds only to configured addresses unless told otherwise (IPv4
        // binds to any local address): so a server on the internet may listen on any of them, e.g. 3fff::10.
        try sysctl(internetNamespace, ["net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1", "net.ipv6.ip_nonlocal_bind=1"])
        internetReady = true
    }

    private func routeInternet(to desired: DataPlaneTopology) throws {
        let wanted = desired.internetRoutes.filter { address, link in
            routers.values.contains { $0.link(named: link) != nil }
        }
        var commands: [String] = []
        for (address, link) in internetRoutes where wanted[address] != link {
            commands.append("route del \(address)/\(address.isIPv6 ? 128 : 32) dev \(link)")
        }
        for (address, link) in wanted where internetRoutes[address] != link {
            commands.append(
                address.isIPv6
                    ? "route replace \(address)/128 via \(LinkAddress.ipv6NextHop) dev \(link) src \(Self.internetIpv6Source)"
                    : "route replace \(address)/32 via \(LinkAddress.nextHop) dev \(link) onlink src \(Self.internetSource)")
        }
        guard !commands.isEmpty else { return }
        try ip(internetNamespace, commands, force: true)
        internetRoutes = wanted
    }

    // MARK: Routers

    private func makeRouter(_ router: VpcRouter) throws {
        let namespace = router.namespace
        try makeNamespace(namespace)
        do {
            try ip(namespace, ["link set lo up"])
            try sysctl(namespace, Self.noDuplicateAddressDetection)
            try sysctl(
                namespace,
                [
                    "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                    // Instances see their subnet as on-link and ask for each other's addresses: the router answers for them,
                    // so even traffic inside a subnet passes through it (and its first packet through the evaluator).
                    "net.ipv4.conf.default.proxy_arp=1", "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.default.send_redirects=0",
                    // With policy rules (the marks' tables), the kernel checks every forwarded packet's source with a second
                    // full route lookup, only to refuse a source that is one of the router's own addresses; the evaluator
                    // already refuses a source the sending interface does not hold (source/destination check).
                    "net.ipv4.conf.all.accept_local=1",
                ])
            for rule in RouterRuleset.queueRules {
                _ = try KernelCommand.run("iptables-nft", rule, namespace: namespace)
                _ = try KernelCommand.run("ip6tables-nft", rule, namespace: namespace)
            }
        } catch {
            try? NetworkNamespace.delete(namespace)
            ownership.release(namespace)
            throw error
        }
        routers[router.vpcId] = VpcRouter(vpcId: router.vpcId, links: [], publicAddresses: router.publicAddresses)
        indexes[router.vpcId] = LinkIndexes()
        rulesets[router.vpcId] = nil
    }

    private func removeRouter(_ router: VpcRouter) {
        for link in router.links where !link.leadsToInstance { removeLink(link, from: router.vpcId) }
        try? NetworkNamespace.delete(router.namespace)
        ownership.release(router.namespace)
        routers[router.vpcId] = nil
        indexes[router.vpcId] = nil
        rulesets[router.vpcId] = nil
    }

    private func applyRuleset(of router: VpcRouter) throws {
        let text = RouterRuleset(router: router, indexes: indexes[router.vpcId]?.byName ?? [:]).text
        guard rulesets[router.vpcId] != text else { return }
        _ = try KernelCommand.run("nft", ["-f", "-"], input: text, namespace: router.namespace)
        rulesets[router.vpcId] = text
    }

    // MARK: Instances

    private func makeHost(_ host: InstanceHost) throws {
        guard var router = routers[host.vpcId], var routerIndexes = indexes[host.vpcId] else { return }
        try makeNamespace(host.namespace)
        do {
            try sysctl(host.namespace, Self.noDuplicateAddressDetection)
            var routerCommands: [String] = []
            var hostCommands = ["link set lo up"]
            for interface in host.interfaces {
                let (toRouter, toHost) = try plug(interface, into: host, router: router, indexes: &routerIndexes)
                routerCommands += toRouter
                hostCommands += toHost
                router.links.append(RouterLink(destination: .networkInterface(interface.networkInterfaceId), mtu: HostInterface.mtu))
            }
            try ip(router.namespace, routerCommands)
            try answerAtOnce(router.namespace, host.interfaces)
            try ip(host.namespace, hostCommands)
        } catch {
            removeHost(host)
            throw error
        }
        routers[host.vpcId] = router
        indexes[host.vpcId] = routerIndexes
        hosts[host.instanceId] = host
    }

    /// Follows an instance whose interfaces or addresses changed (an interface attached or detached, an address
    /// assigned or unassigned) without restarting it: what runs inside goes on.
    private func updateHost(_ old: InstanceHost, to new: InstanceHost) throws {
        guard var router = routers[new.vpcId], var routerIndexes = indexes[new.vpcId] else { return }
        let before = Dictionary(uniqueKeysWithValues: old.interfaces.map { ($0.networkInterfaceId, $0) })
        let after = Dictionary(uniqueKeysWithValues: new.interfaces.map { ($0.networkInterfaceId, $0) })
        var routerCommands: [String] = []
        var hostCommands: [String] = []
        var plugged: [HostInterface] = []
        for interface in old.interfaces {
            guard let now = after[interface.networkInterfaceId], now.isSameLink(as: interface) else {
                // Detached (or moved to another device index): its link goes, with its routes.
                let link = interface.routerLinkName
                routerCommands.append("link del \(link)")
                if let index = routerIndexes[link] { routerCommands.append("rule del fwmark \(index) lookup \(LinkIndexes.table(of: index))") }
                routerIndexes.release(link)
                router.links.removeAll { $0.name == link }
                continue
            }
            let (gone, added) = (
                Set(interface.privateIpAddresses).subtracting(now.privateIpAddresses),
                Set(now.privateIpAddresses).subtracting(interface.privateIpAddresses)
            )
            for address in gone {
                routerCommands.append("route del \(address)/32 dev \(interface.routerLinkName)")
                hostCommands.append("address del \(address)/\(interface.subnet.prefixLength) dev \(interface.name)")
            }
            for address in added {
                routerCommands.append("route add \(address)/32 dev \(interface.routerLinkName)")
                hostCommands.append("address add \(address)/\(interface.subnet.prefixLength) dev \(interface.name)")
            }
            for address in Set(interface.ipv6Addresses).subtracting(now.ipv6Addresses) {
                routerCommands.append("route del \(address)/128 dev \(interface.routerLinkName)")
                hostCommands.append("address del \(address)/128 dev \(interface.name)")
            }
            for address in Set(now.ipv6Addresses).subtracting(interface.ipv6Addresses) {
                routerCommands.append("route add \(address)/128 dev \(interface.routerLinkName)")
                hostCommands.append("address add \(address)/128 dev \(interface.name) nodad")
            }
        }
        for interface in new.interfaces where before[interface.networkInterfaceId].map({ !$0.isSameLink(as: interface) }) ?? true {
            let (toRouter, toHost) = try plug(interface, into: new, router: router, indexes: &routerIndexes)
            routerCommands += toRouter
            hostCommands += toHost
            router.links.append(RouterLink(destination: .networkInterface(interface.networkInterfaceId), mtu: HostInterface.mtu))
            plugged.append(interface)
        }
        try ip(router.namespace, routerCommands, force: true)
        try answerAtOnce(router.namespace, plugged)
        try ip(new.namespace, hostCommands, force: true)
        routers[new.vpcId] = router
        indexes[new.vpcId] = routerIndexes
        hosts[new.instanceId] = new
    }

    /// The commands that give an instance one interface: a veth pair from the router (`lvpc-e…`, the router's
    /// address there the subnet's base + 1, routes to the interface's addresses, the table replies to it are routed
    /// by) to `eth<device index>` in the instance, with the interface's MAC, addresses and, for eth0, the default route.
    private func plug(_ interface: HostInterface, into host: InstanceHost, router: VpcRouter, indexes: inout LinkIndexes) throws -> (
        router: [String], host: [String]
    ) {
        let link = interface.routerLinkName
        let index = try indexes.allocate(link)
        let table = LinkIndexes.table(of: index)
        var routerCommands = [
            "link add \(link) index \(index) address \(LinkAddress.mac(of: link, in: router.namespace)) mtu \(HostInterface.mtu) type veth "
                + "peer name \(interface.name) netns \(host.namespace) address \(interface.macAddress) mtu \(HostInterface.mtu)",
            "link set \(link) up",
            "address add \(interface.gateway)/32 dev \(link)",
            "address add \(HostInterface.ipv6Gateway)/64 dev \(link) nodad",
            "rule add fwmark \(index) lookup \(table)",
            "route add default dev \(link) table \(table)",
            "route add ::/0 dev \(link) table \(table)",
        ]
        routerCommands += interface.privateIpAddresses.map { "route add \($0)/32 dev \(link)" }
        routerCommands += interface.ipv6Addresses.map { "route add \($0)/128 dev \(link)" }
        var hostCommands = ["link set \(interface.name) up"]
        hostCommands += interface.privateIpAddresses.map { "address add \($0)/\(interface.subnet.prefixLength) dev \(interface.name)" }
        hostCommands += interface.ipv6Addresses.map { "address add \($0)/128 dev \(interface.name) nodad" }
        if interface.deviceIndex == 0 {
            hostCommands.append("route add default via \(interface.gateway) dev \(interface.name)")
            if !interface.ipv6Addresses.isEmpty { hostCommands.append("route add ::/0 via \(HostInterface.ipv6Gateway) dev \(interface.name)") }
        }
        return (routerCommands, hostCommands)
    }

    /// The router answers ARP for an instance's subnet neighbours at once: Linux delays proxy answers by up to 0.8 s
    /// unless told not to (per link: a namespace other than the host's has no default for it).
    private func answerAtOnce(_ namespace: String, _ interfaces: [HostInterface]) throws {
        guard !interfaces.isEmpty else { return }
        try sysctl(namespace, interfaces.map { "net.ipv4.neigh.\($0.routerLinkName).proxy_delay=0" })
    }

    /// Deleting the namespace deletes its links, and their router ends with them (and the routes through them).
    private func removeHost(_ host: InstanceHost) {
        endProcesses(in: host.namespace)
        try? NetworkNamespace.delete(host.namespace)
        ownership.release(host.namespace)
        hosts[host.instanceId] = nil
        guard var router = routers[host.vpcId] else { return }
        var commands: [String] = []
        for interface in host.interfaces {
            if let index = indexes[host.vpcId]?[interface.routerLinkName] {
                commands.append("rule del fwmark \(index) lookup \(LinkIndexes.table(of: index))")
            }
            indexes[host.vpcId]?.release(interface.routerLinkName)
            router.links.removeAll { $0.name == interface.routerLinkName }
        }
        try? ip(router.namespace, commands, force: true)
        routers[host.vpcId] = router
    }

    // MARK: Peering and internet links

    private func makeLink(_ link: RouterLink, in vpcId: String) throws {
        guard let router = routers[vpcId] else { return }
        switch link.destination {
        case .networkInterface: return
        case .vpcPeeringConnection(_, let peerVpcId):
            // Made once, from the side whose VPC id sorts first, with both ends configured.
            guard let peer = routers[peerVpcId], vpcId < peerVpcId else { return }
            let here = try allocate(link.name, in: vpcId)
            let there = try allocate(link.name, in: peerVpcId)
            let create =
                "link add \(link.name) index \(here) address \(LinkAddress.mac(of: link.name, in: router.namespace)) mtu \(link.mtu) type veth "
                + "peer name \(link.name) netns \(peer.namespace) index \(there) address \(LinkAddress.mac(of: link.name, in: peer.namespace)) mtu \(link.mtu)"
            do {
                try ip(router.namespace, [create] + Self.routedBy(link.name, index: here, farEnd: LinkAddress.mac(of: link.name, in: peer.namespace)))
                try ip(peer.namespace, Self.routedBy(link.name, index: there, farEnd: LinkAddress.mac(of: link.name, in: router.namespace)))
            } catch {
                try? ip(router.namespace, ["link del \(link.name)"], force: true)
                indexes[vpcId]?.release(link.name)
                indexes[peerVpcId]?.release(link.name)
                throw error
            }
            routers[vpcId]?.links.append(link)
            if case .vpcPeeringConnection(let id, _) = link.destination {
                routers[peerVpcId]?.links.append(RouterLink(destination: .vpcPeeringConnection(id, peerVpcId: vpcId), mtu: link.mtu))
            }
        case .internetGateway, .natGateway, .egressOnlyInternetGateway:
            let index = try allocate(link.name, in: vpcId)
            let create =
                "link add \(link.name) index \(index) address \(LinkAddress.mac(of: link.name, in: router.namespace)) mtu \(link.mtu) type veth "
                + "peer name \(link.name) netns \(internetNamespace) address \(LinkAddress.mac(of: link.name, in: internetNamespace)) mtu \(link.mtu)"
            do {
                try ip(
                    router.namespace, [create] + Self.routedBy(link.name, index: index, farEnd: LinkAddress.mac(of: link.name, in: internetNamespace))
                )
                try ip(
                    internetNamespace,
                    [
                        "link set \(link.name) up",
                        "neigh replace \(LinkAddress.nextHop) lladdr \(LinkAddress.mac(of: link.name, in: router.namespace)) dev \(link.name) nud permanent",
                        "neigh replace \(LinkAddress.ipv6NextHop) lladdr \(LinkAddress.mac(of: link.name, in: router.namespace)) dev \(link.name) nud permanent",
                    ])
            } catch {
                try? ip(router.namespace, ["link del \(link.name)"], force: true)
                indexes[vpcId]?.release(link.name)
                throw error
            }
            routers[vpcId]?.links.append(link)
        }
    }

    /// Up, and the table its flows are routed by: everything to the far end (a permanent neighbour, no ARP).
    private static func routedBy(_ link: String, index: Int32, farEnd mac: String) -> [String] {
        let table = LinkIndexes.table(of: index)
        return [
            "link set \(link) up",
            "neigh replace \(LinkAddress.nextHop) lladdr \(mac) dev \(link) nud permanent",
            "neigh replace \(LinkAddress.ipv6NextHop) lladdr \(mac) dev \(link) nud permanent",
            "rule add fwmark \(index) lookup \(table)",
            "route add default via \(LinkAddress.nextHop) dev \(link) onlink table \(table)",
            "route add ::/0 via \(LinkAddress.ipv6NextHop) dev \(link) table \(table)",
        ]
    }

    private func removeLink(_ link: RouterLink, from vpcId: String) {
        guard let router = routers[vpcId], router.link(named: link.name) != nil else { return }
        var commands = ["link del \(link.name)"]
        if let index = indexes[vpcId]?[link.name] { commands.append("rule del fwmark \(index) lookup \(LinkIndexes.table(of: index))") }
        try? ip(router.namespace, commands, force: true)
        indexes[vpcId]?.release(link.name)
        routers[vpcId]?.links.removeAll { $0.name == link.name }
        if case .vpcPeeringConnection(_, let peerVpcId) = link.destination, let peer = routers[peerVpcId] {
            var peerCommands = ["link del \(link.name)"]
            if let index = indexes[peerVpcId]?[link.name] { peerCommands.append("rule del fwmark \(index) lookup \(LinkIndexes.table(of: index))") }
            try? ip(peer.namespace, peerCommands, force: true)
            indexes[peerVpcId]?.release(link.name)
            routers[peerVpcId]?.links.removeAll { $0.name == link.name }
        }
    }

    private func allocate(_ link: String, in vpcId: String) throws -> Int32 {
        guard var routerIndexes = indexes[vpcId] else { throw DataPlaneError.unavailable("no router for \(vpcId)") }
        let index = try routerIndexes.allocate(link)
        indexes[vpcId] = routerIndexes
        return index
    }

    // MARK: Commands

    /// Kills what runs inside an instance (its user data's servers, what `instance exec` left behind): a stopped
    /// instance runs nothing, and a process would keep the namespace alive.
    private func endProcesses(in namespace: String) {
        guard let pids = try? KernelCommand.run("ip", ["netns", "pids", namespace]) else { return }
        for pid in pids.split(separator: "\n").compactMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }) where pid != getpid() {
            kill(pid, SIGKILL)
        }
    }

    private func makeNamespace(_ name: String) throws {
        try NetworkNamespace.create(name)
        ownership.claim(name)
    }

    /// Runs `ip` commands in a namespace; a policy rule (`rule …`, IPv4 by default) is given to IPv6 as well, so a flow's
    /// mark routes it whatever its family.
    private func ip(_ namespace: String, _ commands: [String], force: Bool = false) throws {
        guard !commands.isEmpty else { return }
        let options = ["-n", namespace] + (force ? ["-force"] : []) + ["-batch", "-"]
        _ = try KernelCommand.run("ip", options, input: commands.joined(separator: "\n") + "\n")
        let rules = commands.filter { $0.hasPrefix("rule ") }
        if !rules.isEmpty { _ = try KernelCommand.run("ip", ["-6"] + options, input: rules.joined(separator: "\n") + "\n") }
    }

    /// Addresses usable at once (no duplicate address detection: nothing else on these links can hold them).
    private static let noDuplicateAddressDetection = ["net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]

    private func sysctl(_ namespace: String, _ settings: [String]) throws {
        _ = try KernelCommand.run("sysctl", ["-q", "-w"] + settings, namespace: namespace)
    }

    private func attempt(_ what: String, _ body: () throws -> Void) {
        do {
            try body()
        } catch {
            logger.error("data plane: could not make \(what): \(error)")
            problems.append("could not make \(what): \(error)")
        }
    }
}

extension RouterLink {
    /// Whether the link is an instance's: those come and go with their instance's namespace.
    var leadsToInstance: Bool {
        if case .networkInterface = destination { return true }
        return false
    }
}
