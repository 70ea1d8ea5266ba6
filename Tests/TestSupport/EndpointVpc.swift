public import CloudModel

/// A VPC ready for endpoints: 10.0.0.0/16 with DNS hostnames on (private DNS needs them), two subnets in
/// `us-east-1a` and a third in `us-east-1b`, and a route table associated with the first subnet.
public struct EndpointVpc {
    public var cloud = TestCloud()
    public let vpcId: String
    /// 10.0.1.0/24 in us-east-1a (associated with `routeTableId`), 10.0.2.0/24 in us-east-1a, 10.0.3.0/24 in us-east-1b.
    public let subnetA: String
    public let otherSubnetA: String
    public let subnetB: String
    public let routeTableId: String

    public init(dnsHostnames: Bool = true) throws {
        vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
        let vpcId = vpcId
        if dnsHostnames { try cloud.run { try $0.modifyVpcAttribute(vpcId, .enableDnsHostnames, to: true) } }
        subnetA = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1a") }.id
        otherSubnetA = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.2.0/24", availabilityZone: "us-east-1a") }.id
        subnetB = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.3.0/24", availabilityZone: "us-east-1b") }.id
        routeTableId = try cloud.run { try $0.createRouteTable(vpcId: vpcId) }.id
        let (routeTableId, subnetA) = (routeTableId, subnetA)
        try cloud.run { _ = try $0.associateRouteTable(routeTableId, subnetId: subnetA) }
    }

    /// `com.amazonaws.us-east-1.<service>`.
    public static func service(_ suffix: String) -> String { "com.amazonaws.us-east-1.\(suffix)" }

    /// A gateway endpoint to `service` (S3 by default) in `routeTableIds` (the fixture's table by default).
    public mutating func gatewayEndpoint(_ suffix: String = "s3", routeTableIds: [String]? = nil) throws -> VpcEndpoint {
        let request = VpcEndpointRequest(vpcId: vpcId, serviceName: Self.service(suffix), routeTableIds: routeTableIds ?? [routeTableId])
        return try cloud.run { try $0.createVpcEndpoint(request) }
    }

    /// An interface endpoint to `service` in `subnets` (the fixture's us-east-1a and us-east-1b subnets by default).
    public mutating func interfaceEndpoint(
        _ suffix: String = "ssm", subnets: [String]? = nil, groups: [String] = [], privateDns: Bool? = nil
    ) throws -> VpcEndpoint {
        let request = VpcEndpointRequest(
            vpcId: vpcId, serviceName: Self.service(suffix), type: .interface,
            subnets: (subnets ?? [subnetA, subnetB]).map { VpcEndpointRequest.SubnetChoice(subnetId: $0) }, securityGroupIds: groups,
            privateDnsEnabled: privateDns)
        return try cloud.run { try $0.createVpcEndpoint(request) }
    }

    public var region: RegionState { cloud.state[TestCloud.scope] }
}
