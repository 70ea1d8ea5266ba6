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
    /// Carries accepted flows past the routers' stacks; told of every router and of every link it can carry by.
    let fastPath: FastPath?
    /// What exists on the host now (changed only by the reconciler and its extensions).
    var hosts: [String: InstanceHost] = [:]
    var routers: [String: VpcRouter] = [:]
    /// Interface indexes of each router's links, by VPC id.
    var indexes: [String: LinkIndexes] = [:]
    /// By transit gateway id: the gateways' namespaces, with the attachments whose links exist.
    var transitGateways: [String: TransitGatewayRouter] = [:]
    /// By transit gateway id: what its namespace's routing tables and rules hold, and each route table's number.
    var transitGatewayTables: [String: TransitGatewayTables] = [:]
    var transitGatewayTableNumbers: [String: [String: Int32]] = [:]
    private var rulesets: [String: String] = [:]
    private var internetRoutes: [IPAddress: String] = [:]
    private(set) var internetReady = false

    /// The internet namespace's own addresses: the three documentation ranges (RFC 5737), every address of them local.
    static let internetRanges = ["192.0.2.1/24", "198.51.100.1/24", "203.0.113.1/24"]
    /// The address the internet namespace sends from.
    static let internetSource = "192.0.2.1"
    /// The internet's IPv6 hosts: RFC 9637's documentation range, all local in the internet namespace, and the address
    /// it sends from (RFC 3849's 2001:db8::/32 is where VPCs' IPv6 blocks come from).
    static let internetIpv6Range = "3fff::/20"
    static let internetIpv6Source = "3fff::1"

    init(internetNamespace: String, ownership: NamespaceOwnership, logger: Logger, fastPath: FastPath? = nil) {
        self.internetNamespace = internetNamespace
        self.ownership = ownership
        self.logger = logger
        self.fastPath = fastPath
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
        for (id, gateway) in transitGateways where desired.transitGateways[id] == nil { removeTransitGateway(gateway) }
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
        for (id, gateway) in desired.transitGateways where transitGateways[id] == nil {
            attempt("transit gateway \(id)") { try makeTransitGateway(gateway) }
        }
        for (id, router) in desired.routers where routers[id] != nil {
            for link in router.links where routers[id]?.link(named: link.name) == nil && !link.leadsToInstance {
                attempt("link \(link.name) of \(id)") { try makeLink(link, in: id) }
            }
        }
        reconcilePeeringLinks(desired.transitGateways)
        for (id, router) in desired.routers where routers[id] != nil { routers[id]?.publicAddresses = router.publicAddresses }
        for (id, router) in routers { attempt("the ruleset of \(id)") { try applyRuleset(of: router) } }
        for (id, gateway) in desired.transitGateways where transitGateways[id] != nil {
            attempt("the route tables of \(id)") { try applyTables(of: gateway) }
        }
        attempt("the internet's routes") { try routeInternet(to: desired) }
        return made
    }

    /// Removes everything this reconciler made (at shutdown, and after a reset of the cloud).
    func removeEverything() {
        _ = apply(DataPlaneTopology())
        if internetReady {
            try? NetworkNamespace.delete(internetNamespace)
            NamespaceResolvConf.remove(namespace: internetNamespace)
            ownership.release(internetNamespace)
            internetReady = false
            internetRoutes = [:]
        }
    }

    // MARK: The internet

    func makeInternet() throws {
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
        // The internet's own resolver (`AmazonDnsServer.internetAddress`) answers public names with public addresses.
        try NamespaceResolvConf(nameservers: [AmazonDnsServer.internetAddress.description], search: []).write(namespace: internetNamespace)
        internetReady = true
    }

    func routeInternet(to desired: DataPlaneTopology) throws {
        let wanted = desired.internetRoutes.filter { address, link in
            routers.values.contains { $0.link(named: link) != nil }
        }
        var commands: [String] = []
        // A route whose link is gone went with it (the internet's end of a veth goes with the router's): only routes
        // through links that still exist are deleted, so removing a router never asks for a device that is no more.
        let linkExists = { (link: String) in self.routers.values.contains { $0.link(named: link) != nil } }
        for (address, link) in internetRoutes where wanted[address] != link && linkExists(link) {
            commands.append("route del \(address)/\(address.isIPv6 ? 128 : 32) dev \(link)")
        }
        for (address, link) in wanted where internetRoutes[address] != link {
            commands.append(
                address.isIPv6
                    ? "route replace \(address)/128 via \(LinkAddress.ipv6NextHop) dev \(link) src \(Self.internetIpv6Source)"
                    : "route replace \(address)/32 via \(LinkAddress.nextHop) dev \(link) onlink src \(Self.internetSource)")
        }
        guard !commands.isEmpty else {
            internetRoutes = wanted
            return
        }
        try ip(internetNamespace, commands, force: true)
        internetRoutes = wanted
    }

    // MARK: Routers

    func makeRouter(_ router: VpcRouter) throws {
        let namespace = router.namespace
        try makeNamespace(namespace)
        do {
            let services = VpcServiceAddress.all(vpcResolver: router.resolverAddress).map { address in
                address.isIPv6 ? "address add \(address)/128 dev lo nodad" : "address add \(address)/32 dev lo"
            }
            try ip(namespace, ["link set lo up"] + services)
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
            // Packets and bytes per flow, each way, for flow logs: counted only for entries made once it is on, so it
            // is set before any link exists (the queue rules above loaded conntrack, which makes the setting appear).
            // Liberal TCP tracking: the fast path carries most of a connection past conntrack, whose idea of the
            // sequence window would otherwise call its next packet through the router (a FIN, say) out of window.
            try sysctl(namespace, ["net.netfilter.nf_conntrack_acct=1", "net.netfilter.nf_conntrack_tcp_be_liberal=1"])
        } catch {
            try? NetworkNamespace.delete(namespace)
            ownership.release(namespace)
            throw error
        }
        routers[router.vpcId] = VpcRouter(
            vpcId: router.vpcId, links: [], publicAddresses: router.publicAddresses, resolverAddress: router.resolverAddress)
        indexes[router.vpcId] = LinkIndexes()
        fastPath?.addRouter(namespace: namespace)
        rulesets[router.vpcId] = nil
    }

    func removeRouter(_ router: VpcRouter) {
        for link in router.links where !link.leadsToInstance { removeLink(link, from: router.vpcId) }
        fastPath?.removeRouter(namespace: router.namespace)
        try? NetworkNamespace.delete(router.namespace)
        ownership.release(router.namespace)
        routers[router.vpcId] = nil
        indexes[router.vpcId] = nil
        rulesets[router.vpcId] = nil
    }

    func applyRuleset(of router: VpcRouter) throws {
        let text = RouterRuleset(router: router, indexes: indexes[router.vpcId]?.byName ?? [:]).text
        guard rulesets[router.vpcId] != text else { return }
        _ = try KernelCommand.run("nft", ["-f", "-"], input: text, namespace: router.namespace)
        rulesets[router.vpcId] = text
    }

    // MARK: Commands

    /// Kills what runs inside an instance (its user data's servers, what `instance exec` left behind): a stopped
    /// instance runs nothing, and a process would keep the namespace alive.
    func endProcesses(in namespace: String) {
        guard let pids = try? KernelCommand.run("ip", ["netns", "pids", namespace]) else { return }
        for pid in pids.split(separator: "\n").compactMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }) where pid != getpid() {
            kill(pid, SIGKILL)
        }
    }

    func makeNamespace(_ name: String) throws {
        try NetworkNamespace.create(name)
        ownership.claim(name)
    }

    /// Runs `ip` commands in a namespace; a policy rule (`rule …`, IPv4 by default) is given to IPv6 as well, so a flow's
    /// mark routes it whatever its family.
    func ip(_ namespace: String, _ commands: [String], force: Bool = false) throws {
        guard !commands.isEmpty else { return }
        let options = ["-n", namespace] + (force ? ["-force"] : []) + ["-batch", "-"]
        _ = try KernelCommand.run("ip", options, input: commands.joined(separator: "\n") + "\n")
        let rules = commands.filter { $0.hasPrefix("rule ") }
        if !rules.isEmpty { _ = try KernelCommand.run("ip", ["-6"] + options, input: rules.joined(separator: "\n") + "\n") }
    }

    /// Addresses usable at once (no duplicate address detection: nothing else on these links can hold them).
    static let noDuplicateAddressDetection = ["net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]

    func sysctl(_ namespace: String, _ settings: [String]) throws {
        _ = try KernelCommand.run("sysctl", ["-q", "-w"] + settings, namespace: namespace)
    }

    func attempt(_ what: String, _ body: () throws -> Void) {
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
