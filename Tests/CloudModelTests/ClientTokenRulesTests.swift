import CloudModel
import TestSupport
import Testing

/// A create repeating an earlier request's `ClientToken` answers what that request made and changes nothing; the
/// same token with other parameters is `IdempotentParameterMismatch` ("Ensuring idempotency", the EC2 API reference).
struct ClientTokenRulesTests {
    /// The subnet's VPC (10.0.0.0/16) and another (10.1.0.0/16), for a request that names the other.
    struct Fixture {
        var subnet: SubnetFixture
        let otherVpcId: String

        init() throws {
            subnet = try SubnetFixture()
            otherVpcId = try subnet.cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.id
        }

        var cloud: TestCloud {
            get { subnet.cloud }
            set { subnet.cloud = newValue }
        }
        var vpcId: String { subnet.vpcId }
        var subnetId: String { subnet.subnetId }
        var state: RegionState { subnet.region }
    }

    @Test func fingerprintsOfDifferentListsDiffer() {
        #expect(IdempotentRequest.fingerprint(["a,b"]) != IdempotentRequest.fingerprint(["a", "b"]))
        #expect(IdempotentRequest.fingerprint([nil]) != IdempotentRequest.fingerprint([""]))
        #expect(IdempotentRequest.fingerprint(["a", nil]) == IdempotentRequest.fingerprint(["a", nil]))
    }

    @Test func routeTablesAndNetworkAcls() throws {
        var f = try Fixture()
        let (vpc, other) = (f.vpcId, f.otherVpcId)
        let table = try f.cloud.run { try $0.createRouteTable(vpcId: vpc, clientToken: "t") }
        let tables = f.state.routeTables.count
        #expect(try f.cloud.run { try $0.createRouteTable(vpcId: vpc, clientToken: "t") }.id == table.id)
        #expect(f.state.routeTables.count == tables)
        #expect(f.cloud.error { try $0.createRouteTable(vpcId: other, clientToken: "t") }?.code == "IdempotentParameterMismatch")
        #expect(f.state.routeTables.count == tables)
        #expect(try f.cloud.run { try $0.createRouteTable(vpcId: vpc) }.id != table.id, "no token: a new table each time")

        let acl = try f.cloud.run { try $0.createNetworkAcl(vpcId: vpc, clientToken: "t") }
        #expect(try f.cloud.run { try $0.createNetworkAcl(vpcId: vpc, clientToken: "t") }.id == acl.id, "tokens are per operation")
        #expect(f.cloud.error { try $0.createNetworkAcl(vpcId: other, clientToken: "t") }?.code == "IdempotentParameterMismatch")
    }

    @Test func networkInterfacesCompareEveryParameter() throws {
        var f = try Fixture()
        let request = Transaction.InterfaceRequest(subnetId: f.subnetId, description: "one", secondaryPrivateIpAddressCount: 1, clientToken: "t")
        let first = try f.cloud.run { try $0.createNetworkInterface(request) }
        let available = f.cloud.state.availableIpAddressCount(of: f.state.subnets[f.subnetId]!)
        #expect(try f.cloud.run { try $0.createNetworkInterface(request) } == first)
        #expect(f.cloud.state.availableIpAddressCount(of: f.state.subnets[f.subnetId]!) == available, "no address is drawn again")
        var other = request
        other.secondaryPrivateIpAddressCount = 2
        #expect(f.cloud.error { try $0.createNetworkInterface(other) }?.code == "IdempotentParameterMismatch")
        #expect(f.state.networkInterfaces.count == 1)
    }

    @Test func namedSecondaryAddressesAreTakenBeforeAnyIsDrawn() throws {
        var f = try Fixture()
        // 10.0.1.4 is the first free address: drawn first, the primary would have taken the one the request names.
        let request = Transaction.InterfaceRequest(subnetId: f.subnetId, secondaryPrivateIpAddressCount: 1, secondaryPrivateIpAddresses: ["10.0.1.4"])
        let interface = try f.cloud.run { try $0.createNetworkInterface(request) }
        #expect(interface.privateIpAddresses.map(\.description) == ["10.0.1.5", "10.0.1.4", "10.0.1.6"])
    }

    @Test func volumesNatGatewaysPrefixListsAndLaunchTemplates() throws {
        var f = try Fixture()
        let volume = Transaction.VolumeRequest(size: 8)
        let made = try f.cloud.run { try $0.createVolume(volume, availabilityZone: "us-east-1a", clientToken: "t") }
        #expect(try f.cloud.run { try $0.createVolume(volume, availabilityZone: "us-east-1a", clientToken: "t") }.id == made.id)
        #expect(
            f.cloud.error { try $0.createVolume(.init(size: 9), availabilityZone: "us-east-1a", clientToken: "t") }?.code
                == "IdempotentParameterMismatch")
        #expect(f.state.volumes.count == 1)

        let nat = Transaction.NatGatewayRequest(subnetId: f.subnetId, connectivityType: .private, clientToken: "t")
        let gateway = try f.cloud.run { try $0.createNatGateway(nat) }
        #expect(try f.cloud.run { try $0.createNatGateway(nat) }.id == gateway.id)
        var moreAddresses = nat
        moreAddresses.secondaryPrivateIpAddressCount = 1
        #expect(f.cloud.error { try $0.createNatGateway(moreAddresses) }?.code == "IdempotentParameterMismatch")

        let list = Transaction.ManagedPrefixListRequest(name: "offices", addressFamily: "IPv4", maxEntries: 5, clientToken: "t")
        let madeList = try f.cloud.run { try $0.createManagedPrefixList(list) }
        #expect(try f.cloud.run { try $0.createManagedPrefixList(list) }.id == madeList.id)
        var larger = list
        larger.maxEntries = 6
        #expect(f.cloud.error { try $0.createManagedPrefixList(larger) }?.code == "IdempotentParameterMismatch")

        var data = LaunchTemplateData()
        data.instanceType = "t3.micro"
        let template = try f.cloud.run { try $0.createLaunchTemplate(name: "web", description: nil, data: data, clientToken: "t") }
        #expect(try f.cloud.run { try $0.createLaunchTemplate(name: "web", description: nil, data: data, clientToken: "t") }.id == template.id)
        data.instanceType = "t3.large"
        #expect(
            f.cloud.error { try $0.createLaunchTemplate(name: "web", description: nil, data: data, clientToken: "t") }?.code
                == "IdempotentParameterMismatch")
    }

    @Test func launchTemplateVersions() throws {
        var f = try Fixture()
        var data = LaunchTemplateData()
        data.instanceType = "t3.micro"
        let template = try f.cloud.run { try $0.createLaunchTemplate(name: "web", description: nil, data: data, clientToken: nil) }
        data.instanceType = "t3.small"
        let (_, version) = try f.cloud.run {
            try $0.createLaunchTemplateVersion(id: template.id, name: nil, sourceVersion: nil, description: nil, data: data, clientToken: "t")
        }
        let (_, again) = try f.cloud.run {
            try $0.createLaunchTemplateVersion(id: nil, name: "web", sourceVersion: nil, description: nil, data: data, clientToken: "t")
        }
        #expect(again == version, "by name or by id, the same template: the retry answers the version it made")
        #expect(f.state.launchTemplates[template.id]?.versions.map(\.number) == [1, 2])
        data.instanceType = "t3.large"
        #expect(
            f.cloud.error {
                try $0.createLaunchTemplateVersion(id: template.id, name: nil, sourceVersion: nil, description: nil, data: data, clientToken: "t")
            }?.code == "IdempotentParameterMismatch")
        #expect(f.state.launchTemplates[template.id]?.versions.map(\.number) == [1, 2])
    }

    @Test func vpcEndpointsCompareEveryParameter() throws {
        var f = try Fixture()
        let main = try #require(f.state.routeTables.values.first { $0.vpcId == f.vpcId })
        let request = VpcEndpointRequest(vpcId: f.vpcId, serviceName: "com.amazonaws.us-east-1.s3", clientToken: "t")
        let endpoint = try f.cloud.run { try $0.createVpcEndpoint(request) }
        #expect(try f.cloud.run { try $0.createVpcEndpoint(request) }.id == endpoint.id)
        var withTable = request
        withTable.routeTableIds = [main.id]
        #expect(f.cloud.error { try $0.createVpcEndpoint(withTable) }?.code == "IdempotentParameterMismatch")
        #expect(f.state.vpcEndpoints.count == 1)
    }
}
