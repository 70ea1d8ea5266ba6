import Addressing
import CloudModel
import DataPlane
import TestSupport
import Testing

/// What the host should hold for a state: one namespace per running instance, one router per VPC with something
/// running, links for active peerings and gateways; nothing for stopped instances or dead peerings.
struct DataPlaneTopologyTests {
    @Test func instancesAreHostsBehindTheirVpcsRouter() throws {
        let pair = try PeeredPair()
        let topology = DataPlaneTopology(state: pair.cloud.state, at: pair.cloud.now)
        #expect(Set(topology.hosts.keys) == [pair.instanceA.id, pair.instanceB.id])
        let host = try #require(topology.hosts[pair.instanceA.id])
        #expect(host.namespace == "lvpc-\(pair.instanceA.id)")
        let interface = try #require(host.interfaces.first)
        let eni = pair.interface(of: pair.instanceA)
        #expect(interface.name == "eth0")
        #expect(interface.macAddress == eni.macAddress)
        #expect(interface.privateIpAddresses == eni.privateIpAddresses)
        #expect(interface.gateway == IPv4Address(10, 0, 1, 1))
        #expect(interface.subnet.description == "10.0.1.0/24")
        let router = try #require(topology.routers[pair.vpcA.id])
        #expect(router.namespace == "lvpc-\(pair.vpcA.id)")
        #expect(router.links.map(\.destination) == [.networkInterface(eni.id)])
        #expect(router.links.allSatisfy { $0.name.hasPrefix("lvpc-") && $0.name.utf8.count <= 15 })
        // The Amazon DNS server: the VPC's primary block's base + 2.
        #expect(router.resolverAddress == VpcServiceAddress.resolver(ofPrimaryBlock: pair.vpcA.cidrBlock))
        #expect(router.resolverAddress == IPv4Address(value: pair.vpcA.cidrBlock.network.value + 2))
    }

    @Test func anActivePeeringLinksTheTwoRouters() throws {
        var pair = try PeeredPair()
        try pair.peer(accept: false)
        var topology = DataPlaneTopology(state: pair.cloud.state, at: pair.cloud.now)
        #expect(topology.routers[pair.vpcA.id]?.links.count == 1, "a pending peering carries nothing")
        let id = try #require(pair.peeringId)
        try pair.cloud.run { _ = try $0.acceptVpcPeeringConnection(id) }
        topology = DataPlaneTopology(state: pair.cloud.state, at: pair.cloud.now)
        let a = try #require(topology.routers[pair.vpcA.id]?.links.first { $0.destination == .vpcPeeringConnection(id, peerVpcId: pair.vpcB.id) })
        let b = try #require(topology.routers[pair.vpcB.id]?.links.first { $0.destination == .vpcPeeringConnection(id, peerVpcId: pair.vpcA.id) })
        #expect(a.name == b.name)
        #expect(a.mtu == 9001)
        try pair.cloud.run { try $0.deleteVpcPeeringConnection(id) }
        topology = DataPlaneTopology(state: pair.cloud.state, at: pair.cloud.now)
        #expect(topology.routers[pair.vpcA.id]?.links.count == 1)
    }

    @Test func stoppedInstancesAreNotHostsAndEmptyVpcsHaveNoRouter() throws {
        var pair = try PeeredPair()
        let id = pair.instanceB.id
        try pair.cloud.run { _ = try $0.stopInstances([id]) }
        let topology = DataPlaneTopology(state: pair.cloud.state, at: pair.cloud.now)
        #expect(topology.hosts[id] == nil)
        #expect(topology.routers[pair.vpcB.id] == nil)
    }

    @Test func anInternetGatewayTranslatesPublicAddresses() throws {
        var pair = try PeeredPair()
        let vpc = pair.vpcA.id
        let eni = pair.interface(of: pair.instanceA)
        let gateway = try pair.cloud.run { try $0.createInternetGateway() }.id
        try pair.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpc) }
        let allocation = try pair.cloud.run { try $0.allocateAddress() }
        let eniId = eni.id
        try pair.cloud.run {
            _ = try $0.associateAddress(allocation, instanceId: nil, networkInterfaceId: eniId, privateIpAddress: nil, allowReassociation: true)
        }
        let topology = DataPlaneTopology(state: pair.cloud.state, at: pair.cloud.now)
        let router = try #require(topology.routers[vpc])
        #expect(router.links.contains { $0.destination == .internetGateway(gateway) && $0.mtu == 1500 })
        #expect(router.publicAddresses == [allocation.publicIp: eni.primaryPrivateIp])
        #expect(topology.internetRoutes[.v4(allocation.publicIp)] == DataPlaneNames.link(.internetGateway, gateway))
    }
}
