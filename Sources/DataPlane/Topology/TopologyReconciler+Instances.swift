import Addressing
import Foundation

/// An instance's namespace and its links to the router: made, changed in place, removed.
extension TopologyReconciler {
    func makeHost(_ host: InstanceHost) throws {
        guard var router = routers[host.vpcId], var routerIndexes = indexes[host.vpcId] else { return }
        try makeNamespace(host.namespace)
        do {
            try host.resolvConf?.write(namespace: host.namespace)
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
        attachFastPath(host.interfaces, router: router, indexes: routerIndexes)
        routers[host.vpcId] = router
        indexes[host.vpcId] = routerIndexes
        hosts[host.instanceId] = host
    }

    /// Follows an instance whose interfaces or addresses changed (an interface attached or detached, an address
    /// assigned or unassigned) without restarting it: what runs inside goes on.
    func updateHost(_ old: InstanceHost, to new: InstanceHost) throws {
        guard var router = routers[new.vpcId], var routerIndexes = indexes[new.vpcId] else { return }
        if new.resolvConf != old.resolvConf {
            if let resolvConf = new.resolvConf {
                try resolvConf.write(namespace: new.namespace)
            } else {
                NamespaceResolvConf.remove(namespace: new.namespace)
            }
        }
        let before = Dictionary(uniqueKeysWithValues: old.interfaces.map { ($0.networkInterfaceId, $0) })
        let after = Dictionary(uniqueKeysWithValues: new.interfaces.map { ($0.networkInterfaceId, $0) })
        var routerCommands: [String] = []
        var hostCommands: [String] = []
        var plugged: [HostInterface] = []
        for interface in old.interfaces {
            guard let now = after[interface.networkInterfaceId], now.isSameLink(as: interface) else {
                // Detached (or moved to another device index): its link goes, with its routes.
                let link = interface.routerLinkName
                fastPath?.detach(namespace: router.namespace, link: link)
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
        attachFastPath(plugged, router: router, indexes: routerIndexes)
        routers[new.vpcId] = router
        indexes[new.vpcId] = routerIndexes
        hosts[new.instanceId] = new
    }

    /// The commands that give an instance one interface: a veth pair from the router (`lvpc-e…`, the router's
    /// address there the subnet's base + 1, routes to the interface's addresses, the table replies to it are routed
    /// by) to `eth<device index>` in the instance, with the interface's MAC, addresses and, for eth0, the default route.
    func plug(_ interface: HostInterface, into host: InstanceHost, router: VpcRouter, indexes: inout LinkIndexes) throws -> (
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

    /// Puts the fast path's program on the router's end of each interface's link.
    func attachFastPath(_ interfaces: [HostInterface], router: VpcRouter, indexes: LinkIndexes) {
        for interface in interfaces {
            let link = interface.routerLinkName
            guard let index = indexes[link] else { continue }
            fastPath?.attach(
                namespace: router.namespace, link: link, index: index, mtu: HostInterface.mtu,
                nearMac: LinkAddress.mac(of: link, in: router.namespace),
                farMac: interface.macAddress)
        }
    }

    /// The router answers ARP for an instance's subnet neighbours at once: Linux delays proxy answers by up to 0.8 s
    /// unless told not to (per link: a namespace other than the host's has no default for it).
    func answerAtOnce(_ namespace: String, _ interfaces: [HostInterface]) throws {
        guard !interfaces.isEmpty else { return }
        try sysctl(namespace, interfaces.map { "net.ipv4.neigh.\($0.routerLinkName).proxy_delay=0" })
    }

    /// Deleting the namespace deletes its links, and their router ends with them (and the routes through them).
    func removeHost(_ host: InstanceHost) {
        endProcesses(in: host.namespace)
        try? NetworkNamespace.delete(host.namespace)
        NamespaceResolvConf.remove(namespace: host.namespace)
        ownership.release(host.namespace)
        hosts[host.instanceId] = nil
        guard var router = routers[host.vpcId] else { return }
        var commands: [String] = []
        for interface in host.interfaces {
            fastPath?.detach(namespace: router.namespace, link: interface.routerLinkName)
            if let index = indexes[host.vpcId]?[interface.routerLinkName] {
                commands.append("rule del fwmark \(index) lookup \(LinkIndexes.table(of: index))")
            }
            indexes[host.vpcId]?.release(interface.routerLinkName)
            router.links.removeAll { $0.name == interface.routerLinkName }
        }
        try? ip(router.namespace, commands, force: true)
        routers[host.vpcId] = router
    }
}
