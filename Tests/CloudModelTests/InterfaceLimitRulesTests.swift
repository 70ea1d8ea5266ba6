import CloudModel
import TestSupport
import Testing

/// An instance's type bounds its interfaces and their addresses (DescribeInstanceTypes' `NetworkInfo`): t3.micro
/// takes 2 interfaces of 2 IPv4 and 2 IPv6 addresses each, m5.large 3 of 10. An interface on no instance may hold as
/// many as the largest type allows.
struct InterfaceLimitRulesTests {
    typealias Fixture = SubnetFixture

    @Test func limitsComeFromTheInstanceTypeCatalogue() {
        let micro = InterfaceLimits(instanceType: "t3.micro")
        #expect((micro.interfaces, micro.ipv4AddressesPerInterface, micro.ipv6AddressesPerInterface) == (2, 2, 2))
        let large = InterfaceLimits(instanceType: "m5.large")
        #expect((large.interfaces, large.ipv4AddressesPerInterface, large.ipv6AddressesPerInterface) == (3, 10, 10))
        let small = InterfaceLimits(instanceType: "m1.small")
        #expect(small.ipv4AddressesPerInterface == 4)
        #expect(small.ipv6AddressesPerInterface == InterfaceLimits.largest.ipv6AddressesPerInterface, "a type without IPv6: not modelled")
        #expect(InterfaceLimits(instanceType: "no.such-type") == .largest, "a type the catalogue does not describe")
    }

    @Test func attachingBeyondTheTypesInterfacesIsRefusedAndChangesNothing() throws {
        var f = try Fixture()
        let instanceId = try f.launch("t3.micro").id
        let first = try f.interface().id
        let second = try f.interface().id
        try f.cloud.run { _ = try $0.attachNetworkInterface(first, instanceId: instanceId, deviceIndex: 1) }
        let error = f.cloud.error { try $0.attachNetworkInterface(second, instanceId: instanceId, deviceIndex: 2) }
        #expect(error?.code == "AttachmentLimitExceeded")
        #expect(error?.message == "Interface count 3 exceeds the limit for t3.micro")
        #expect(f.region.networkInterfaces[second]?.attachment == nil)
    }

    @Test func attachingAnInterfaceWithMoreAddressesThanTheTypeAllowsIsRefused() throws {
        var f = try Fixture()
        let instanceId = try f.launch("t3.micro").id
        let crowded = try f.interface(secondaries: 2)
        let error = f.cloud.error { try $0.attachNetworkInterface(crowded.id, instanceId: instanceId, deviceIndex: 1) }
        #expect(error?.code == "InvalidInterface.IpAddressLimitExceeded")
        #expect(error?.message == "Address count 3 on interface-\(crowded.id.dropFirst(4)) exceeds the limit for t3.micro")
        #expect(f.region.networkInterfaces[crowded.id]?.attachment == nil)
        let fits = try f.interface(secondaries: 1).id
        try f.cloud.run { _ = try $0.attachNetworkInterface(fits, instanceId: instanceId, deviceIndex: 1) }
    }

    @Test func assigningFollowsTheTypeOfTheInstanceTheInterfaceIsOn() throws {
        var f = try Fixture()
        let instance = try f.launch("t3.micro")
        let primary = f.cloud.state.primaryInterface(of: instance)!.id
        try f.cloud.run { _ = try $0.assignPrivateIpAddresses(primary, addresses: [], count: 1) }
        #expect(f.cloud.error { try $0.assignPrivateIpAddresses(primary, addresses: [], count: 1) }?.code == "PrivateIpAddressLimitExceeded")
        #expect(
            f.cloud.error { try $0.assignPrivateIpAddresses(primary, addresses: ["10.0.1.200"], count: nil) }?.code == "PrivateIpAddressLimitExceeded"
        )
        #expect(f.region.networkInterfaces[primary]?.privateIpAddresses.count == 2)
        let loose = try f.interface().id
        try f.cloud.run { _ = try $0.assignPrivateIpAddresses(loose, addresses: [], count: Transaction.secondaryPrivateIpAddressesPerInterface) }
        #expect(f.region.networkInterfaces[loose]?.privateIpAddresses.count == 50, "on no instance: the largest type's 50")
    }

    @Test func aLaunchAsksForNoMoreAddressesThanItsTypeAllows() throws {
        var f = try Fixture()
        func code(_ type: String, _ configure: (inout InstanceLaunch) -> Void) -> String? {
            do {
                _ = try f.launch(type, configure)
                return nil
            } catch { return (error as? EC2Error)?.code ?? "\(error)" }
        }
        #expect(code("t3.micro") { $0.secondaryPrivateIpAddressCount = 2 } == "PrivateIpAddressLimitExceeded")
        #expect(
            code("t3.micro") {
                $0.secondaryPrivateIpAddressCount = 1; $0.secondaryPrivateIpAddresses = ["10.0.1.20"]
            } == "PrivateIpAddressLimitExceeded")
        #expect(code("t3.micro") { $0.ipv6AddressCount = 3 } == "Ipv6AddressLimitExceeded")
        #expect(f.region.instances.isEmpty)
        let crowded = try f.interface(secondaries: 2).id
        #expect(code("t3.micro") { $0.networkInterfaceId = crowded } == "InvalidInterface.IpAddressLimitExceeded")
        #expect(f.region.instances.isEmpty && f.region.networkInterfaces[crowded]?.attachment == nil)
        #expect(code("m5.large") { $0.secondaryPrivateIpAddressCount = 9 } == nil)
    }
}

extension SubnetFixture {
    /// A new interface in the subnet with `secondaries` secondary addresses, on no instance.
    fileprivate mutating func interface(secondaries: Int = 0) throws -> NetworkInterface {
        let request = Transaction.InterfaceRequest(subnetId: subnetId, secondaryPrivateIpAddressCount: secondaries)
        return try cloud.run { try $0.createNetworkInterface(request) }
    }
}
