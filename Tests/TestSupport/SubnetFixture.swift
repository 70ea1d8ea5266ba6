public import CloudModel

/// A VPC (10.0.0.0/16) with one subnet (10.0.1.0/24), for rules about what is launched or made in a subnet.
public struct SubnetFixture {
    public var cloud = TestCloud()
    public let vpcId: String
    public let subnetId: String

    public init() throws {
        let vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
        self.vpcId = vpcId
        subnetId = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24") }.id
    }

    /// The test region's state.
    public var region: RegionState { cloud.state[TestCloud.scope] }

    /// Launches one instance of `instanceType` in the subnet; `configure` changes the launch first.
    public mutating func launch(_ instanceType: String = "t3.micro", _ configure: (inout InstanceLaunch) -> Void = { _ in }) throws -> Instance {
        var launch = InstanceLaunch(imageId: "ami-12345678", instanceType: instanceType, subnetId: subnetId)
        configure(&launch)
        let request = launch
        return try cloud.run { try $0.runInstances(request) }[0]
    }

    public func instance(_ id: String) -> Instance { region.instances[id]! }
}
