import Addressing
import CloudModel
import TestSupport
import Testing

struct AddressRulesTests {
    struct Fixture {
        var cloud = TestCloud()
        let vpcId: String
        let instance: Instance
        let address: Address

        init(withGateway: Bool = true) throws {
            vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
            let vpcId = vpcId
            let subnetId = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24") }.id
            instance = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnetId)) }[0]
            address = try cloud.run { try $0.allocateAddress() }
            if withGateway {
                let gateway = try cloud.run { try $0.createInternetGateway() }.id
                try cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcId) }
            }
        }

        mutating func associate(allowReassociation: Bool = false) -> EC2Error? {
            let (address, instance) = (address, instance)
            return cloud.error { transaction in
                let current = try transaction.findAddress(allocationId: address.id, publicIp: nil, for: .associate)
                _ = try transaction.associateAddress(
                    current, instanceId: instance.id, networkInterfaceId: nil, privateIpAddress: nil, allowReassociation: allowReassociation)
            }
        }
    }

    @Test func anAddressNeedsAnInternetGatewayInTheVpc() throws {
        var f = try Fixture(withGateway: false)
        #expect(f.associate()?.code == "Gateway.NotAttached")
    }

    @Test func reassociationMustBeAllowedAndReleaseWaitsForDisassociation() throws {
        var f = try Fixture()
        #expect(f.associate() == nil)
        #expect(f.associate()?.code == "Resource.AlreadyAssociated")
        #expect(f.associate(allowReassociation: true) == nil)
        let address = f.address
        #expect(
            f.cloud.error { try $0.releaseAddress(try $0.findAddress(allocationId: address.id, publicIp: nil, for: .release)) }?.code
                == "InvalidIPAddress.InUse")
        let associationId = f.cloud.state[TestCloud.scope].addresses[address.id]!.association!.associationId
        try f.cloud.run { try $0.disassociateAddress(associationId: associationId, publicIp: nil) }
        try f.cloud.run { try $0.releaseAddress(try $0.findAddress(allocationId: address.id, publicIp: nil, for: .release)) }
        #expect(!f.cloud.state.publicIpsInUse.contains(address.publicIp), "a released address goes back to the pool")
    }

    /// A VPC address is named by its id: a public IP alone is refused for each call, and nothing changes.
    @Test func aPublicIpAloneIsRefusedInAWSsWords() throws {
        var f = try Fixture()
        #expect(f.associate() == nil)
        let publicIp = f.address.publicIp.description
        #expect(f.cloud.error { try $0.findAddress(allocationId: nil, publicIp: publicIp, for: .associate) }?.code == "InvalidParameterCombination")
        #expect(f.cloud.error { try $0.findAddress(allocationId: nil, publicIp: publicIp, for: .release) }?.code == "InvalidParameterValue")
        #expect(f.cloud.error { try $0.disassociateAddress(associationId: nil, publicIp: publicIp) }?.code == "InvalidParameterValue")
        #expect(f.cloud.error { try $0.disassociateAddress(associationId: nil, publicIp: "198.51.100.9") }?.code == "InvalidAddress.NotFound")
        #expect(f.cloud.state[TestCloud.scope].addresses[f.address.id]?.association != nil)
    }

    /// The addresses in use are kept as changes are applied (the old version of a resource found where it is stored):
    /// after every step they are exactly those the stored resources hold.
    @Test func theAddressesInUseFollowEveryChange() throws {
        var f = try Fixture()
        func check(_ step: String) {
            let held = Set(f.cloud.state.regions.values.flatMap { $0.resources.flatMap(\.publicIps) })
            #expect(f.cloud.state.publicIpsInUse == held, "after \(step)")
        }
        check("the launch and the allocation")
        #expect(f.associate() == nil)
        check("the association")
        #expect(f.associate(allowReassociation: true) == nil)
        check("the reassociation")
        let (address, instance) = (f.address, f.instance)
        let associationId = f.cloud.state[TestCloud.scope].addresses[address.id]!.association!.associationId
        try f.cloud.run { try $0.disassociateAddress(associationId: associationId, publicIp: nil) }
        check("the disassociation")
        try f.cloud.run { try $0.releaseAddress(try $0.findAddress(allocationId: address.id, publicIp: nil, for: .release)) }
        check("the release")
        _ = try f.cloud.run { try $0.terminateInstances([instance.id]) }
        check("the termination")
    }

    @Test func mappedAddressesKeepTheGatewayAttached() throws {
        var f = try Fixture()
        #expect(f.associate() == nil)
        let gateway = f.cloud.state[TestCloud.scope].internetGateways.values.first { $0.attachedVpcId == f.vpcId }!.id
        let vpcId = f.vpcId
        #expect(f.cloud.error { try $0.detachInternetGateway(gateway, vpcId: vpcId) }?.code == "DependencyViolation")
    }

    @Test func terminationDisassociatesButKeepsTheAllocation() throws {
        var f = try Fixture()
        #expect(f.associate() == nil)
        let id = f.instance.id
        try f.cloud.run { _ = try $0.terminateInstances([id]) }
        let address = f.cloud.state[TestCloud.scope].addresses[f.address.id]
        #expect(address != nil && address?.association == nil)
    }
}
