import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// A subnet's addresses in use and an interface's Elastic IPs are read through the region's subnet and interface
/// indexes (a describe of every subnet or instance stays linear): after every kind of change they answer what a scan
/// of every interface and address answers, and the indexes equal those of a region rebuilt from its resources.
struct SubnetAndInterfaceIndexTests {
    struct Fixture {
        var cloud = TestCloud()
        let scope = TestCloud.scope
        let subnets: [Subnet]

        init() throws {
            let vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true) }.id
            let vpc = cloud.state.get(Vpc.self, vpcId, in: TestCloud.scope)!
            var subnets: [Subnet] = []
            for index in 1...2 {
                let block = IPv6CIDR(address: vpc.ipv6Blocks[0].network, prefixLength: 64)!.canonical
                let ipv6 = index == 1 ? block.description : nil
                subnets.append(try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.\(index).0/24", ipv6CidrBlock: ipv6) })
            }
            self.subnets = subnets
            let gateway = try cloud.run { try $0.createInternetGateway() }.id
            try cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcId) }
        }

        var region: RegionState { cloud.state[scope] }

        /// Every subnet's free count and every interface's Elastic IPs, against a scan, and the indexes against a rebuild.
        func check(_ step: String) {
            for subnet in subnets {
                let used = region.networkInterfaces.values.filter { $0.subnetId == subnet.id }.reduce(0) { $0 + $1.privateIpAddresses.count }
                let expected = SubnetAddressing.usableAddressCount(in: subnet.cidrBlock!) - used
                #expect(cloud.state.availableIpAddressCount(of: subnet) == expected, "\(subnet.cidrBlock!) after \(step)")
            }
            for interface in region.networkInterfaces.values {
                let mapped = region.addresses.values.filter { $0.association?.networkInterfaceId == interface.id }
                #expect(Set(cloud.state.elasticIps(of: interface).map(\.id)) == Set(mapped.map(\.id)), "\(interface.id) after \(step)")
                for privateIp in interface.privateIpAddresses {
                    let expected = mapped.first { $0.association?.privateIpAddress == privateIp }
                    #expect(cloud.state.elasticIp(of: interface, privateIp: privateIp)?.id == expected?.id, "\(privateIp) after \(step)")
                }
            }
            var rebuilt = CloudState()
            rebuilt.apply(region.resources.map { ResourceChange.put($0) })
            #expect(rebuilt[scope].idsBySubnet == region.idsBySubnet, "after \(step)")
            #expect(rebuilt[scope].idsByNetworkInterface == region.idsByNetworkInterface, "after \(step)")
        }

        mutating func associate(_ address: Address, interface: NetworkInterface, privateIp: IPv4Address) throws {
            try cloud.run { transaction in
                let current = try transaction.findAddress(allocationId: address.id, publicIp: nil, for: .associate)
                _ = try transaction.associateAddress(
                    current, instanceId: nil, networkInterfaceId: interface.id, privateIpAddress: privateIp.description, allowReassociation: true)
            }
        }
    }

    @Test func aSubnetsAddressesInUseFollowEveryChange() throws {
        var f = try Fixture()
        let (first, second) = (f.subnets[0].id, f.subnets[1].id)
        f.check("creating the subnets")
        let launched = try f.cloud.run {
            try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", minCount: 3, maxCount: 3, subnetId: first, secondaryPrivateIpAddressCount: 1))
        }
        f.check("a launch of three instances with a secondary address each")
        let interface = try f.cloud.run { try $0.createNetworkInterface(.init(subnetId: second)) }
        f.check("an interface of its own")
        _ = try f.cloud.run { try $0.assignPrivateIpAddresses(interface.id, addresses: [], count: 2) }
        f.check("two secondary addresses assigned")
        let secondary = f.region.networkInterfaces[interface.id]!.privateIpAddresses[1].description
        try f.cloud.run { try $0.unassignPrivateIpAddresses(interface.id, addresses: [secondary]) }
        f.check("one unassigned")
        _ = try f.cloud.run { try $0.terminateInstances([launched[0].id]) }
        f.check("a termination")
        #expect(f.cloud.error { try $0.deleteSubnet(second) }?.code == "DependencyViolation", "the interface holds one of its addresses")
        try f.cloud.run { try $0.deleteNetworkInterface(interface.id) }
        f.check("the interface deleted")
        #expect(f.cloud.error { try $0.deleteSubnet(second) } == nil)
    }

    @Test func anIpv6AddressInUseIsRefusedWhetherStoredOrWrittenByTheSameCommand() throws {
        var f = try Fixture()
        let subnet = f.subnets[0].id
        let launched = try f.cloud.run {
            try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", minCount: 20, maxCount: 20, subnetId: subnet, ipv6AddressCount: 2))
        }
        let addresses = launched.flatMap { f.cloud.state.primaryInterface(of: $0)!.ipv6Addresses }
        #expect(Set(addresses).count == 40, "an address handed out twice within one launch")
        let stored = addresses[7].description
        #expect(f.cloud.error { try $0.createNetworkInterface(.init(subnetId: subnet, ipv6Addresses: [stored])) }?.code == "InvalidIPAddress.InUse")
        let fresh = IPv6Address(bits: addresses[0].bits ^ 0xffff).description
        let error = f.cloud.error { transaction in
            _ = try transaction.createNetworkInterface(.init(subnetId: subnet, ipv6Addresses: [fresh]))
            _ = try transaction.createNetworkInterface(.init(subnetId: subnet, ipv6Addresses: [fresh]))
        }
        #expect(error?.code == "InvalidIPAddress.InUse", "the second interface of one command takes the first one's address")
        f.check("the refusals")
    }

    @Test func anInterfacesElasticIpsFollowEveryChange() throws {
        var f = try Fixture()
        let subnet = f.subnets[0].id
        let launched = try f.cloud.run {
            try $0.runInstances(
                InstanceLaunch(imageId: "ami-12345678", minCount: 2, maxCount: 2, subnetId: subnet, secondaryPrivateIpAddressCount: 1))
        }
        let interfaces = launched.map { f.cloud.state.primaryInterface(of: $0)! }
        let addresses = try (0..<3).map { _ in try f.cloud.run { try $0.allocateAddress() } }
        f.check("allocating three addresses")
        try f.associate(addresses[0], interface: interfaces[0], privateIp: interfaces[0].privateIpAddresses[0])
        try f.associate(addresses[1], interface: interfaces[0], privateIp: interfaces[0].privateIpAddresses[1])
        f.check("two addresses on one interface")
        #expect(f.cloud.state.elasticIps(of: interfaces[0]).count == 2)
        try f.associate(addresses[2], interface: interfaces[0], privateIp: interfaces[0].privateIpAddresses[0])
        f.check("a third address taking the primary address's place")
        #expect(f.region.addresses[addresses[0].id]!.association == nil, "the address it replaced is disassociated")
        try f.associate(addresses[1], interface: interfaces[1], privateIp: interfaces[1].privateIpAddresses[0])
        f.check("an address moved to the other interface")
        let associationId = f.region.addresses[addresses[2].id]!.association!.associationId
        try f.cloud.run { try $0.disassociateAddress(associationId: associationId, publicIp: nil) }
        f.check("a disassociation")
        _ = try f.cloud.run { try $0.terminateInstances([launched[1].id]) }
        f.check("terminating the instance that held an address")
        #expect(f.region.addresses[addresses[1].id]!.association == nil)
    }

    @Test func aTransactionSeesTheAssociationsItMade() throws {
        var f = try Fixture()
        let subnet = f.subnets[0].id
        let interface = try f.cloud.run { try $0.createNetworkInterface(.init(subnetId: subnet)) }
        let address = try f.cloud.run { try $0.allocateAddress() }
        try f.cloud.run { transaction in
            #expect(transaction.all(Address.self, associatedWith: interface.id).isEmpty)
            let current = try transaction.findAddress(allocationId: address.id, publicIp: nil, for: .associate)
            _ = try transaction.associateAddress(
                current, instanceId: nil, networkInterfaceId: interface.id, privateIpAddress: nil, allowReassociation: false)
            #expect(transaction.all(Address.self, associatedWith: interface.id).map(\.id) == [address.id])
            #expect(transaction.all(NetworkInterface.self, inSubnet: subnet).map(\.id) == [interface.id])
            try transaction.deleteNetworkInterface(interface.id)
            #expect(transaction.all(Address.self, associatedWith: interface.id).isEmpty, "deleting the interface disassociates it")
            #expect(transaction.all(NetworkInterface.self, inSubnet: subnet).isEmpty)
        }
        f.check("associating and deleting in one command")
    }
}
