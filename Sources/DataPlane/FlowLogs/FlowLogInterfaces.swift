import Addressing
import CloudModel

/// What flow logs need to know of the cloud: the network interfaces that carry traffic (those of instances the data
/// plane hosts), which flow logs cover each one, and what a record says of an interface.
///
/// Built from a state snapshot after each change; a flow log covers the interfaces of its VPC, its subnet, or the one
/// interface it was created for (`ResourceType`).
struct FlowLogInterfaces: Sendable {
    /// One interface, as its records describe it.
    struct Interface: Sendable, Hashable {
        let id: String
        let accountId: String
        let region: String
        let vpcId: String
        let subnetId: String
        let instanceId: String?
        let availabilityZoneId: String?
        /// The primary private IPv4 address: what a record shows for traffic that reached the interface at a public one.
        let primaryAddress: IPAddress
        let addresses: [IPAddress]
    }

    private(set) var interfaces: [String: Interface] = [:]
    /// By VPC, the interface holding each private address.
    private(set) var byAddress: [String: [IPAddress: String]] = [:]
    /// Every flow log, by id.
    private(set) var flowLogs: [String: FlowLog] = [:]
    /// By flow log id, the interfaces it covers.
    private(set) var covered: [String: Set<String>] = [:]
    /// The region of each VPC that has a hosted interface (inter-region peering tells itself apart by it).
    private(set) var regionOfVpc: [String: String] = [:]

    init() {}

    /// The interfaces of `hostedInterfaceIds` in `state`, and the flow logs of every account and region.
    init(state: CloudState, hostedInterfaceIds: Set<String>) {
        var zoneIds: [String: String] = [:]
        for region in state.regions.values {
            for subnet in region.subnets.values { zoneIds[subnet.id] = subnet.availabilityZoneId }
        }
        var interfaces: [Interface] = []
        var flowLogs: [FlowLog] = []
        for region in state.regions.values {
            for interface in region.networkInterfaces.values where hostedInterfaceIds.contains(interface.id) {
                interfaces.append(
                    Interface(
                        id: interface.id, accountId: interface.scope.account, region: interface.scope.region, vpcId: interface.interfaceVpcId,
                        subnetId: interface.subnetId, instanceId: interface.attachedInstanceId, availabilityZoneId: zoneIds[interface.subnetId],
                        primaryAddress: .v4(interface.primaryPrivateIp),
                        addresses: interface.privateIpAddresses.map(IPAddress.v4) + interface.ipv6Addresses.map(IPAddress.v6)))
            }
            flowLogs += region.flowLogs.values
        }
        self.init(interfaces: interfaces, flowLogs: flowLogs)
    }

    init(interfaces: [Interface], flowLogs: [FlowLog]) {
        for interface in interfaces {
            self.interfaces[interface.id] = interface
            for address in interface.addresses { byAddress[interface.vpcId, default: [:]][address] = interface.id }
            regionOfVpc[interface.vpcId] = interface.region
        }
        for flowLog in flowLogs {
            self.flowLogs[flowLog.id] = flowLog
            covered[flowLog.id] = Set(interfaces.filter { [$0.id, $0.subnetId, $0.vpcId].contains(flowLog.resourceId) }.map(\.id))
        }
    }

    /// The interface of `vpcId` holding `address`, if one is hosted.
    func interface(at address: IPAddress, in vpcId: String) -> Interface? {
        byAddress[vpcId]?[address].flatMap { interfaces[$0] }
    }

    /// Whether any flow log covers `interfaceId`: traffic of other interfaces is not worth counting.
    func isLogged(_ interfaceId: String) -> Bool {
        covered.values.contains { $0.contains(interfaceId) }
    }
}
