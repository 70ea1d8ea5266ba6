import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// NAT gateways: what provisioning needs (else `failed` with AWS's code), the interface and addresses a gateway holds,
/// and what deleting it frees.
struct NatGatewayRulesTests {
    /// A VPC with a public subnet (its internet gateway attached unless asked otherwise) and an Elastic IP.
    struct PublicSubnet {
        var cloud = TestCloud()
        let vpcId: String
        let subnet: Subnet
        let allocationId: String

        init(internetGateway: Bool = true, subnetBlock: String = "10.0.0.0/24") throws {
            vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
            let vpcId = vpcId
            subnet = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: subnetBlock) }
            if internetGateway {
                let gateway = try cloud.run { try $0.createInternetGateway() }.id
                try cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcId) }
            }
            allocationId = try cloud.run { try $0.allocateAddress() }.id
        }

        mutating func create(_ request: Transaction.NatGatewayRequest) throws -> NatGateway {
            try cloud.run { try $0.createNatGateway(request) }
        }

        var region: RegionState { cloud.state[TestCloud.scope] }
    }

    @Test func aPublicGatewayHoldsAnInterfaceInItsSubnetWithTheElasticIp() throws {
        var f = try PublicSubnet()
        let gateway = try f.create(.init(subnetId: f.subnet.id, allocationId: f.allocationId))
        #expect(gateway.state == .available && gateway.failure == nil)
        let interface = try #require(gateway.networkInterfaceId.flatMap { f.region.networkInterfaces[$0] })
        #expect(interface.interfaceType == .natGateway && interface.requesterManaged && interface.groupIds.isEmpty)
        #expect(interface.subnetId == f.subnet.id && f.subnet.cidrBlock!.contains(interface.primaryPrivateIp))
        let address = try #require(f.region.addresses[f.allocationId])
        #expect(address.association?.networkInterfaceId == interface.id)
        #expect(gateway.primaryPublicIp == address.publicIp)
    }

    /// What AWS only finds out while provisioning: the call succeeds and the gateway shows `failed` with the reason.
    @Test(arguments: ["Gateway.NotAttached", "InvalidAllocationID.NotFound", "Resource.AlreadyAssociated", "InsufficientFreeAddressesInSubnet"])
    func whatCannotBeProvisionedFailsTheGateway(code: String) throws {
        var f = try PublicSubnet(
            internetGateway: code != "Gateway.NotAttached", subnetBlock: code == "InsufficientFreeAddressesInSubnet" ? "10.0.0.0/28" : "10.0.0.0/24")
        var allocationId = f.allocationId
        switch code {
        case "InvalidAllocationID.NotFound": allocationId = "eipalloc-0123456789abcdef0"
        case "Resource.AlreadyAssociated": _ = try f.create(.init(subnetId: f.subnet.id, allocationId: allocationId))
        case "InsufficientFreeAddressesInSubnet":
            let subnetId = f.subnet.id
            _ = try f.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", maxCount: 11, subnetId: subnetId)) }
        default: break
        }
        let interfacesBefore = f.region.networkInterfaces.count
        let gateway = try f.create(.init(subnetId: f.subnet.id, allocationId: allocationId))
        #expect(gateway.state == .failed && gateway.failure?.code == code)
        #expect(gateway.addresses.isEmpty && f.region.networkInterfaces.count == interfacesBefore)
        // A failed gateway fades after about an hour.
        f.cloud.now = f.cloud.now.addingTimeInterval(NatGateway.visibleAfterEnd + 1)
        #expect(!f.region.natGateways[gateway.id]!.isVisible(at: f.cloud.now))
    }

    @Test(arguments: [-1, 32, Int(Int32.max) + 1, Int.max])
    func aSecondaryAddressCountOutside1To31IsRefusedAtOnce(count: Int) throws {
        var f = try PublicSubnet()
        let subnetId = f.subnet.id
        let request = Transaction.NatGatewayRequest(subnetId: subnetId, connectivityType: .private, secondaryPrivateIpAddressCount: count)
        #expect(f.cloud.error { try $0.createNatGateway(request) }?.code == "InvalidParameterValue")
        #expect(f.region.natGateways.isEmpty)
    }

    @Test func aPublicGatewayNeedsAnElasticIpAndAPrivateOneTakesNone() throws {
        var f = try PublicSubnet()
        let (subnetId, allocationId) = (f.subnet.id, f.allocationId)
        #expect(f.cloud.error { try $0.createNatGateway(.init(subnetId: subnetId)) }?.code == "MissingParameter")
        #expect(
            f.cloud.error { try $0.createNatGateway(.init(subnetId: subnetId, connectivityType: .private, allocationId: allocationId)) }?.code
                == "InvalidParameterCombination")
        #expect(f.cloud.error { try $0.createNatGateway(.init(subnetId: "subnet-0123456789abcdef0")) }?.code == "InvalidSubnetID.NotFound")
        let privateGateway = try f.create(.init(subnetId: subnetId, connectivityType: .private, secondaryPrivateIpAddressCount: 2))
        #expect(privateGateway.state == .available && privateGateway.addresses.count == 3)
        #expect(privateGateway.addresses.allSatisfy { $0.publicIp == nil } && privateGateway.addresses.map(\.isPrimary) == [true, false, false])
    }

    @Test func secondaryElasticIpsMapToSecondaryAddresses() throws {
        var f = try PublicSubnet()
        let secondary = try f.cloud.run { try $0.allocateAddress() }.id
        let gateway = try f.create(
            .init(
                subnetId: f.subnet.id, allocationId: f.allocationId, secondaryAllocationIds: [secondary], secondaryPrivateIpAddresses: ["10.0.0.50"]))
        #expect(gateway.addresses.map(\.privateIp.description).last == "10.0.0.50")
        #expect(f.region.addresses[secondary]?.association?.privateIpAddress.description == "10.0.0.50")
    }

    @Test func aClientTokenAnswersTheFirstGateway() throws {
        var f = try PublicSubnet()
        let first = try f.create(.init(subnetId: f.subnet.id, allocationId: f.allocationId, clientToken: "t-1"))
        let again = try f.create(.init(subnetId: f.subnet.id, allocationId: f.allocationId, clientToken: "t-1"))
        #expect(first.id == again.id && f.region.natGateways.count == 1)
    }

    @Test func theInterfaceAndItsAddressBelongToTheGateway() throws {
        var f = try PublicSubnet()
        let gateway = try f.create(.init(subnetId: f.subnet.id, allocationId: f.allocationId))
        let interfaceId = gateway.networkInterfaceId!
        let associationId = gateway.addresses[0].associationId
        #expect(f.cloud.error { try $0.deleteNetworkInterface(interfaceId) }?.code == "OperationNotPermitted")
        #expect(f.cloud.error { try $0.disassociateAddress(associationId: associationId, publicIp: nil) }?.code == "OperationNotPermitted")
        let subnetId = f.subnet.id
        #expect(f.cloud.error { try $0.deleteSubnet(subnetId) }?.code == "DependencyViolation")
    }

    @Test func deletingFreesTheInterfaceAndTheElasticIpAndBlackholesItsRoutes() throws {
        var f = try PublicSubnet()
        let gateway = try f.create(.init(subnetId: f.subnet.id, allocationId: f.allocationId))
        let vpcId = f.vpcId
        let table = try f.cloud.run { try $0.createRouteTable(vpcId: vpcId) }
        let id = gateway.id
        try f.cloud.run { try $0.createRoute(table.id, destination: "0.0.0.0/0", target: .natGateway(id)) }
        #expect(f.cloud.state.state(of: f.region.routeTables[table.id]!.routes.last!, in: table, at: f.cloud.now) == .active)
        let deleted = try f.cloud.run { try $0.deleteNatGateway(id) }
        #expect(deleted.state == .deleted && f.region.networkInterfaces[gateway.networkInterfaceId!] == nil)
        #expect(f.region.addresses[f.allocationId]?.association == nil)
        #expect(f.cloud.state.state(of: f.region.routeTables[table.id]!.routes.last!, in: table, at: f.cloud.now) == .blackhole)
        #expect(f.cloud.error { _ = try $0.deleteNatGateway(id) } != nil)
        let subnetId = f.subnet.id
        try f.cloud.run { try $0.deleteSubnet(subnetId) }
        f.cloud.now = f.cloud.now.addingTimeInterval(NatGateway.visibleAfterEnd + 1)
        #expect(!f.region.natGateways[id]!.isVisible(at: f.cloud.now))
    }

    @Test func routesNameAGatewayOfTheirOwnVpc() throws {
        var f = try PublicSubnet()
        let gateway = try f.create(.init(subnetId: f.subnet.id, allocationId: f.allocationId))
        let other = try f.cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.id
        let table = try f.cloud.run { try $0.createRouteTable(vpcId: other) }.id
        let id = gateway.id
        #expect(f.cloud.error { try $0.createRoute(table, destination: "0.0.0.0/0", target: .natGateway(id)) }?.code == "InvalidParameterValue")
        #expect(
            f.cloud.error { try $0.createRoute(table, destination: "0.0.0.0/0", target: .natGateway("nat-0123456789abcdef0")) }?.code
                == "NatGatewayNotFound")
    }
}
