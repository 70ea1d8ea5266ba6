import Addressing
public import CloudModel
public import Foundation

/// The one function that decides whether traffic flows: built once over a snapshot of the cloud, then asked
/// about any number of packets or paths.
///
/// It walks what AWS walks: security group egress → subnet ACL out → the subnet's route table (longest prefix
/// match) → peering, transit gateway or internet gateway → subnet ACL in → security group ingress, and the return path
/// (groups are stateful, ACLs are not, the reply follows the replier's route table). Building it indexes
/// the state so each question costs lookups, not scans.
public struct Evaluator: Sendable {
    let state: CloudState
    let now: Date
    let scope: AccountRegion
    let region: RegionState
    /// Every security group of every account and region (rules may refer to a peer account's groups).
    let groupsById: [String: SecurityGroup]
    /// Every interface by VPC and private address, IPv4 or IPv6 (a peering may lead to another account or region).
    let interfacesByPrivateIp: [String: [IPAddress: NetworkInterface]]
    /// Public address → the interface and private address it maps to (Elastic or auto-assigned).
    let interfacesByPublicIp: [IPv4Address: (interface: NetworkInterface, privateIp: IPv4Address)]
    /// Interface → private IPv4 address → the public address it goes out as (its Elastic IP, else the one AWS gave it).
    let publicIpsByInterface: [String: [IPv4Address: IPv4Address]]
    /// Every private address (IPv4 or IPv6) of every VPC → an interface holding it, for a destination the sender's own
    /// VPC and its route do not explain (so that the walk can say which VPC it is in).
    let anyInterfaceByPrivateIp: [IPAddress: NetworkInterface]
    /// Each subnet's route table: its explicit one, else its VPC's main one.
    let routeTableBySubnet: [String: RouteTable]
    let routeTries: [String: IPv4PrefixTrie<Int>]
    let ipv6RouteTries: [String: IPv6PrefixTrie<Int>]
    /// Each subnet's ACL entries, per direction, in rule-number order.
    let aclBySubnet: [String: (acl: NetworkAcl, inbound: [NetworkAclEntry], outbound: [NetworkAclEntry])]
    /// The interfaces in each security group, for rules that refer to groups.
    let membersByGroup: [String: Set<String>]
    let interfacesById: [String: NetworkInterface]
    let vpcsById: [String: Vpc]
    /// The instances that are not running (stopped, stopping, pending, …): the only ones a walk needs to look at.
    let instancesNotRunning: [String: Instance]
    let gatewayByVpc: [String: InternetGateway]
    let natGatewaysById: [String: NatGateway]
    /// VPC → peer VPC → the connection between them that carries traffic now.
    let activePeerings: [String: [String: VpcPeeringConnection]]
    /// VPC → peer VPC → the pending or active connection between them (the one a fix can route through).
    let livePeerings: [String: [String: VpcPeeringConnection]]
    /// Transit gateways, their attachments and their route tables' routes.
    let transitGateways: TransitGatewayRouting

    /// Indexes `state` as `scope` sees it at `now`.
    public init(state: CloudState, scope: AccountRegion, at now: Date) {
        self.state = state
        self.now = now
        self.scope = scope
        region = state[scope]
        var byPrivate: [String: [IPAddress: NetworkInterface]] = [:]
        var byPublic: [IPv4Address: (NetworkInterface, IPv4Address)] = [:]
        var publicByInterface: [String: [IPv4Address: IPv4Address]] = [:]
        var anyByPrivate: [IPAddress: NetworkInterface] = [:]
        var members: [String: Set<String>] = [:]
        var groups: [String: SecurityGroup] = [:]
        var allInterfaces: [String: NetworkInterface] = [:]
        for other in state.regions.values {
            for group in other.securityGroups.values { groups[group.id] = group }
            for interface in other.networkInterfaces.values { allInterfaces[interface.id] = interface }
        }
        for interface in allInterfaces.values {
            for address in interface.privateIpAddresses { byPrivate[interface.interfaceVpcId, default: [:]][.v4(address)] = interface }
            for address in interface.ipv6Addresses { byPrivate[interface.interfaceVpcId, default: [:]][.v6(address)] = interface }
            if let publicIp = interface.autoPublicIp {
                byPublic[publicIp] = (interface, interface.primaryPrivateIp)
                publicByInterface[interface.id, default: [:]][interface.primaryPrivateIp] = publicIp
            }
            for group in interface.groupIds { members[group, default: []].insert(interface.id) }
        }
        for address in state.regions.values.lazy.flatMap(\.addresses.values) {
            if let association = address.association, let interface = allInterfaces[association.networkInterfaceId] {
                byPublic[address.publicIp] = (interface, association.privateIpAddress)
                // An Elastic IP wins over the address AWS gave at launch.
                publicByInterface[interface.id, default: [:]][association.privateIpAddress] = address.publicIp
            }
        }
        for addresses in byPrivate.values {
            for (address, interface) in addresses { anyByPrivate[address] = interface }
        }
        var tableBySubnet: [String: RouteTable] = [:]
        var mainByVpc: [String: RouteTable] = [:]
        var tries: [String: IPv4PrefixTrie<Int>] = [:]
        var ipv6Tries: [String: IPv6PrefixTrie<Int>] = [:]
        for table in state.regions.values.lazy.flatMap(\.routeTables.values) {
            for association in table.associations {
                if let subnetId = association.subnetId { tableBySubnet[subnetId] = table }
                if association.main { mainByVpc[table.tableVpcId] = table }
            }
            (tries[table.id], ipv6Tries[table.id]) = Self.routeTries(of: table, in: state)
        }
        var aclBySubnet: [String: (NetworkAcl, [NetworkAclEntry], [NetworkAclEntry])] = [:]
        for acl in state.regions.values.lazy.flatMap(\.networkAcls.values) {
            let sorted = acl.entries.sorted { $0.ruleNumber < $1.ruleNumber }
            let entries = (acl, sorted.filter { !$0.egress }, sorted.filter(\.egress))
            for association in acl.associations { aclBySubnet[association.subnetId] = entries }
        }
        for subnet in state.regions.values.lazy.flatMap(\.subnets.values) where tableBySubnet[subnet.id] == nil {
            tableBySubnet[subnet.id] = mainByVpc[subnet.subnetVpcId]
        }
        interfacesByPrivateIp = byPrivate
        interfacesByPublicIp = byPublic
        publicIpsByInterface = publicByInterface
        anyInterfaceByPrivateIp = anyByPrivate
        routeTableBySubnet = tableBySubnet
        routeTries = tries
        ipv6RouteTries = ipv6Tries
        self.aclBySubnet = aclBySubnet
        membersByGroup = members
        groupsById = groups
        interfacesById = allInterfaces
        var vpcs: [String: Vpc] = [:]
        var instances: [String: Instance] = [:]
        var gateways: [String: InternetGateway] = [:]
        var natGateways: [String: NatGateway] = [:]
        var peerings: [String: [String: VpcPeeringConnection]] = [:]
        var live: [String: [String: VpcPeeringConnection]] = [:]
        for other in state.regions.values {
            for vpc in other.vpcs.values { vpcs[vpc.id] = vpc }
            for instance in other.instances.values where instance.state != .running { instances[instance.id] = instance }
            for gateway in other.internetGateways.values { if let vpc = gateway.attachedVpcId { gateways[vpc] = gateway } }
            for gateway in other.natGateways.values where gateway.state == .available { natGateways[gateway.id] = gateway }
            for peering in other.vpcPeeringConnections.values where peering.status(at: now).isLive {
                live[peering.requester.vpcId, default: [:]][peering.accepter.vpcId] = peering
                live[peering.accepter.vpcId, default: [:]][peering.requester.vpcId] = peering
                guard peering.status(at: now).carriesTraffic else { continue }
                peerings[peering.requester.vpcId, default: [:]][peering.accepter.vpcId] = peering
                peerings[peering.accepter.vpcId, default: [:]][peering.requester.vpcId] = peering
            }
        }
        vpcsById = vpcs
        instancesNotRunning = instances
        gatewayByVpc = gateways
        natGatewaysById = natGateways
        activePeerings = peerings
        livePeerings = live
        transitGateways = TransitGatewayRouting(state: state, at: now)
    }

    /// The longest-prefix-match tries of a table's routes, IPv4 and IPv6, each block leading to its route's index.
    ///
    /// A route to a prefix list stands for each of the list's current entries. Where such an entry is exactly a block
    /// another route names, the route to the block wins: AWS ranks routes by longest prefix, then static routes (to a
    /// block) before prefix list routes. Between two prefix lists with the same entry, the earlier route wins (AWS
    /// documents no order between them).
    static func routeTries(of table: RouteTable, in state: CloudState) -> (IPv4PrefixTrie<Int>, IPv6PrefixTrie<Int>) {
        var trie = IPv4PrefixTrie<Int>()
        var ipv6Trie = IPv6PrefixTrie<Int>()
        for (index, route) in table.routes.enumerated() {
            switch route.destination {
            case .cidr(.v4(let block)): trie.insert(block, value: index)
            case .cidr(.v6(let block)): ipv6Trie.insert(block, value: index)
            case .prefixList: continue
            }
        }
        for (index, route) in table.routes.enumerated() {
            guard let id = route.destination.prefixListId, let list = state.prefixList(id, seenFrom: table.scope) else { continue }
            for entry in list.entries {
                switch entry.cidr {
                case .v4(let block): if trie.exactMatch(block) == nil { trie.insert(block, value: index) }
                case .v6(let block): if ipv6Trie.exactMatch(block) == nil { ipv6Trie.insert(block, value: index) }
                }
            }
        }
        return (trie, ipv6Trie)
    }

    /// The connection carrying traffic between two VPCs now, if there is one.
    func activePeering(between a: String, _ b: String) -> VpcPeeringConnection? {
        activePeerings[a]?[b]
    }

    /// The interface an endpoint stands for, when it stands for one of this region's interfaces.
    func interface(for endpoint: PathEndpoint) -> NetworkInterface? {
        switch endpoint {
        case .instance(let id): region.instances[id].flatMap { region.networkInterfaces[$0.primaryNetworkInterfaceId] }
        case .networkInterface(let id): interfacesById[id]
        case .address(let address):
            address.ipv4.flatMap { interfacesByPublicIp[$0]?.interface } ?? interfacesByPrivateIp.values.lazy.compactMap { $0[address] }.first
        case .internetGateway: nil
        }
    }

    /// The public address of an interface's primary private address, if it has one.
    func publicIp(of interface: NetworkInterface) -> IPv4Address? {
        state.publicIp(of: interface)
    }

    /// The public address an interface's private address `address` goes out to the internet as, if it has one.
    func publicIp(of interface: NetworkInterface, at address: IPAddress) -> IPv4Address? {
        address.ipv4.flatMap { publicIpsByInterface[interface.id]?[$0] }
    }
}
