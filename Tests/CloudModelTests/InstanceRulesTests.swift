import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

struct InstanceRulesTests {
    /// A VPC with a /28 subnet (11 usable addresses) that maps public addresses.
    struct Fixture {
        var cloud = TestCloud()
        let vpc: Vpc
        let subnet: Subnet

        init(mapPublicIp: Bool = false) throws {
            vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
            let vpcId = vpc.id
            var subnet = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/28") }
            if mapPublicIp {
                let id = subnet.id
                try cloud.run { try $0.modifySubnetAttribute(id, .mapPublicIpOnLaunch(true)) }
                subnet = cloud.state[TestCloud.scope].subnets[id]!
            }
            self.subnet = subnet
        }

        mutating func launch(_ count: Int = 1, _ configure: (inout InstanceLaunch) -> Void = { _ in }) throws -> [Instance] {
            var launch = InstanceLaunch(imageId: "ami-12345678", minCount: 1, maxCount: count, subnetId: subnet.id)
            configure(&launch)
            let request = launch
            return try cloud.run { try $0.runInstances(request) }
        }

        func interface(of instance: Instance) -> NetworkInterface { cloud.state.primaryInterface(of: instance)! }
    }

    /// A count of -1 once divided the free addresses by zero and the largest counts overflowed: each trapped, ending the
    /// server. Bounded first, every one is an error and nothing is launched.
    @Test(arguments: [-1, -2, 50, Int.max / 2, Int.max])
    func aSecondaryAddressCountOutOfRangeIsRefused(count: Int) throws {
        var f = try Fixture()
        #expect(throws: EC2Error.self) {
            _ = try f.launch(2) {
                $0.minCount = 2; $0.secondaryPrivateIpAddressCount = count
            }
        }
        #expect(f.cloud.state[TestCloud.scope].instances.isEmpty)
    }

    @Test func namedSecondaryAddressesAreKeptAndNeedOneInstance() throws {
        var f = try Fixture()
        let instance = try f.launch {
            $0.privateIpAddress = "10.0.1.5"; $0.secondaryPrivateIpAddresses = ["10.0.1.6", "10.0.1.7"]
        }[0]
        #expect(f.interface(of: instance).privateIpAddresses.map(\.description) == ["10.0.1.5", "10.0.1.6", "10.0.1.7"])
        #expect(throws: EC2Error.self) { _ = try f.launch(2) { $0.secondaryPrivateIpAddresses = ["10.0.1.8"] } }
    }

    @Test func privateAddressesAreNeverReservedNeverTwiceAndTheSubnetCountFollows() throws {
        var f = try Fixture()
        let instances = try f.launch(20)
        #expect(instances.count == 11, "a /28 has 16 addresses, 5 reserved: MaxCount is trimmed to what fits")
        let addresses = instances.map { f.interface(of: $0).primaryPrivateIp }
        #expect(Set(addresses).count == 11)
        #expect(addresses.allSatisfy { !SubnetAddressing.isReserved($0, in: f.subnet.cidrBlock!) })
        #expect(f.cloud.state.availableIpAddressCount(of: f.subnet) == 0)
        #expect(throws: EC2Error.self) { try f.launch() }
        let first = instances[0].id
        try f.cloud.run { _ = try $0.terminateInstances([first]) }
        #expect(f.cloud.state.availableIpAddressCount(of: f.subnet) == 1, "the primary interface goes with its instance")
    }

    @Test(
        arguments: [
            ("10.0.1.4", nil), ("10.0.1.0", "InvalidParameterValue"), ("10.0.1.1", "InvalidParameterValue"), ("10.0.1.15", "InvalidParameterValue"),
            ("10.0.2.4", "InvalidParameterValue"), ("not-an-ip", "InvalidParameterValue"),
        ] as [(String, String?)])
    func aRequestedPrivateAddressMustBeUsable(address: String, expectedCode: String?) throws {
        var f = try Fixture()
        var error: EC2Error?
        do { _ = try f.launch { $0.privateIpAddress = address } } catch let caught as EC2Error { error = caught }
        #expect(error?.code == expectedCode)
    }

    @Test func aTakenAddressIsInUse() throws {
        var f = try Fixture()
        _ = try f.launch { $0.privateIpAddress = "10.0.1.9" }
        #expect(throws: EC2Error(code: "InvalidIPAddress.InUse", message: "Address 10.0.1.9 is in use.")) {
            try f.launch { $0.privateIpAddress = "10.0.1.9" }
        }
    }

    @Test func publicAddressesComeFromThePoolAndGoOnStop() throws {
        var f = try Fixture(mapPublicIp: true)
        let instance = try f.launch()[0]
        let pool = IPv4CIDR("198.18.0.0/15")!
        let first = try #require(f.interface(of: instance).autoPublicIp)
        #expect(pool.contains(first))
        let id = instance.id
        let stopped = try f.cloud.run { try $0.stopInstances([id]) }
        #expect(stopped.map(\.current) == [.stopping])
        #expect(f.interface(of: instance).autoPublicIp == nil)
        let started = try f.cloud.run { try $0.startInstances([id]) }
        #expect(started.map(\.current) == [.pending])
        #expect(f.interface(of: instance).autoPublicIp.map(pool.contains) == true)
    }

    @Test(
        arguments: [
            (InstanceState.running, "start", nil), (.running, "stop", nil), (.stopped, "stop", nil), (.stopped, "start", nil),
            (.terminated, "start", "IncorrectInstanceState"), (.terminated, "stop", "IncorrectInstanceState"),
            (.terminated, "reboot", nil), (.terminated, "terminate", nil),  // "Requests to reboot terminated instances are ignored."
        ] as [(InstanceState, String, String?)])
    func lifecycleRefusals(from state: InstanceState, action: String, expectedCode: String?) throws {
        var f = try Fixture()
        let id = try f.launch()[0].id
        if state == .stopped { try f.cloud.run { _ = try $0.stopInstances([id]) } }
        if state == .terminated { try f.cloud.run { _ = try $0.terminateInstances([id]) } }
        let error = f.cloud.error { transaction in
            switch action {
            case "start": _ = try transaction.startInstances([id])
            case "stop": _ = try transaction.stopInstances([id])
            case "reboot": try transaction.rebootInstances([id])
            default: _ = try transaction.terminateInstances([id])
            }
        }
        #expect(error?.code == expectedCode)
    }

    @Test func terminatedInstancesStayVisibleForAnHour() throws {
        var f = try Fixture()
        let id = try f.launch()[0].id
        try f.cloud.run { _ = try $0.terminateInstances([id]) }
        f.cloud.now += 3599
        #expect(f.cloud.error { _ = try $0.terminateInstances([id]) } == nil)
        f.cloud.now += 2
        #expect(f.cloud.error { _ = try $0.terminateInstances([id]) }?.code == "InvalidInstanceID.NotFound")
    }

    @Test func aClientTokenMakesTheLaunchIdempotent() throws {
        var f = try Fixture()
        let first = try f.launch(2) { $0.clientToken = "token-1" }
        let again = try f.launch(2) { $0.clientToken = "token-1" }
        #expect(first.map(\.id) == again.map(\.id))
        #expect(throws: EC2Error.self) { try f.launch(3) { $0.clientToken = "token-1" } }
    }

    @Test func groupsMustBeInTheSubnetsVpcAndDefaultToItsDefaultGroup() throws {
        var f = try Fixture()
        let instance = try f.launch()[0]
        let defaultGroup = f.cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId == f.vpc.id && $0.isDefault }!
        #expect(f.interface(of: instance).groupIds == [defaultGroup.id])
        let otherVpcGroup = f.cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId != f.vpc.id }!.id
        #expect(throws: EC2Error.self) { try f.launch { $0.securityGroupIds = [otherVpcGroup] } }
    }

    @Test func instanceTypeAndUserDataChangeOnlyWhileStopped() throws {
        var f = try Fixture()
        let id = try f.launch()[0].id
        #expect(f.cloud.error { try $0.modifyInstanceAttribute(id, .instanceType("t3.large")) }?.code == "IncorrectInstanceState")
        try f.cloud.run { _ = try $0.stopInstances([id]) }
        try f.cloud.run { try $0.modifyInstanceAttribute(id, .instanceType("t3.large")) }
        #expect(f.cloud.state[TestCloud.scope].instances[id]?.instanceType == "t3.large")
    }
}
