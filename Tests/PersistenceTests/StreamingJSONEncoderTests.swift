import CloudModel
import Foundation
import Persistence
import TestSupport
import Testing

struct StreamingJSONEncoderTests {
    /// A cloud with every kind of resource the store keeps, most of them in more than one shape.
    static func richCloud() throws -> CloudState {
        var cloud = TestCloud()
        let peer = AccountRegion(account: "222222222222", region: "eu-west-1")
        let vpcTags = [
            TagSpecification(resourceType: "vpc", tags: [Tag(key: "Name", value: "quote \" back\\slash\ttab é 🚀"), Tag(key: "empty", value: "")])
        ]
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true, tagSpecifications: vpcTags) }
        let peerVpc = try cloud.run(in: peer) { try $0.createVpc(cidrBlock: "10.1.0.0/16") }
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24") }
        let gateway = try cloud.run { try $0.createInternetGateway() }
        try cloud.run { try $0.attachInternetGateway(gateway.id, vpcId: vpc.id) }
        let peering = try cloud.run {
            try $0.createVpcPeeringConnection(
                vpcId: vpc.id, peerVpcId: peerVpc.id, peerOwnerId: peer.account, peerRegion: peer.region,
                tagSpecifications: [TagSpecification(resourceType: "vpc-peering-connection", tags: [Tag(key: "side", value: "requester")])])
        }
        try cloud.run(in: peer) { _ = try $0.acceptVpcPeeringConnection(peering.id) }
        let table = try #require(cloud.state[TestCloud.scope].routeTables.values.first { $0.vpcId == vpc.id })
        try cloud.run { try $0.createRoute(table.id, destination: "0.0.0.0/0", target: .gateway(gateway.id)) }
        try cloud.run { try $0.createRoute(table.id, destination: "10.1.0.0/16", target: .vpcPeeringConnection(peering.id)) }
        let egressOnly = try cloud.run {
            try $0.createEgressOnlyInternetGateway(
                vpcId: vpc.id, clientToken: "eigw-token",
                tagSpecifications: [TagSpecification(resourceType: "egress-only-internet-gateway", tags: [Tag(key: "Name", value: "out")])])
        }
        try cloud.run { try $0.createRoute(table.id, destination: "2600:1f18::/32", target: .egressOnlyInternetGateway(egressOnly.id)) }
        let options = try cloud.run {
            try $0.createDhcpOptions(
                [("domain-name", ["corp.example"]), ("domain-name-servers", ["10.0.0.2", "AmazonProvidedDNS"]), ("netbios-node-type", ["2"])],
                tagSpecifications: [TagSpecification(resourceType: "dhcp-options", tags: [Tag(key: "Name", value: "corp")])])
        }
        try cloud.run { try $0.associateDhcpOptions(options.id, vpcId: vpc.id) }
        let vpnGateway = try cloud.run {
            try $0.createVpnGateway(
                type: "ipsec.1", amazonSideAsn: 4_200_000_000, availabilityZone: "us-east-1a",
                tagSpecifications: [TagSpecification(resourceType: "vpn-gateway", tags: [Tag(key: "Name", value: "vgw")])])
        }
        _ = try cloud.run { try $0.attachVpnGateway(vpnGateway.id, vpcId: vpc.id) }
        try cloud.run { try $0.enableVgwRoutePropagation(routeTableId: table.id, gatewayId: vpnGateway.id) }
        let customerGateway = try cloud.run {
            try $0.createCustomerGateway(.init(type: "ipsec.1", ipAddress: "203.0.113.12", bgpAsnExtended: 4_200_000_001, deviceName: "edge"))
        }
        try cloud.run { try $0.deleteCustomerGateway(customerGateway.id) }
        _ = try cloud.run { try $0.createCustomerGateway(.init(type: "ipsec.1", ipAddress: "203.0.113.13")) }
        let prefixList = try cloud.run {
            try $0.createManagedPrefixList(
                .init(
                    name: "offices", addressFamily: "IPv4", maxEntries: 5, entries: [("198.51.100.0/24", "HQ"), ("203.0.113.0/24", nil)],
                    clientToken: "pl-token",
                    tagSpecifications: [TagSpecification(resourceType: "prefix-list", tags: [Tag(key: "Name", value: "offices")])]))
        }
        _ = try cloud.run { try $0.modifyManagedPrefixList(prefixList.id, .init(currentVersion: 1, removeEntries: ["203.0.113.0/24"])) }
        try cloud.run { try $0.createRoute(table.id, destination: .prefixList(prefixList.id), target: .gateway(gateway.id)) }
        let group = try cloud.run { try $0.createSecurityGroup(name: "web", description: "web", vpcId: vpc.id) }
        _ = try cloud.run {
            try $0.authorizeSecurityGroup(
                .ingress, groupId: group.id, groupName: nil,
                permissions: [
                    IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: [("203.0.113.7/32", "admin")]),
                    IpPermission(ipProtocol: "-1", groups: [.init(groupId: group.id)]),
                    IpPermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [(prefixList.id, "offices"), ("pl-63a5400a", nil)]),
                ])
        }
        let instance = try cloud.run {
            try $0.runInstances(
                InstanceLaunch(
                    imageId: "ami-12345678", subnetId: subnet.id, securityGroupIds: [group.id], associatePublicIpAddress: true,
                    tagSpecifications: [TagSpecification(resourceType: "instance", tags: [Tag(key: "Name", value: "web")])]))
        }[0]
        let address = try cloud.run { try $0.allocateAddress(tags: ["Name": "eip"]) }
        _ = try cloud.run {
            try $0.associateAddress(address, instanceId: instance.id, networkInterfaceId: nil, privateIpAddress: nil, allowReassociation: false)
        }
        let natAddress = try cloud.run { try $0.allocateAddress() }
        let secondNatAddress = try cloud.run { try $0.allocateAddress() }
        _ = try cloud.run {
            try $0.createNatGateway(
                .init(subnetId: subnet.id, allocationId: natAddress.id, secondaryAllocationIds: [secondNatAddress.id]), tags: ["Name": "nat"])
        }
        var templateData = LaunchTemplateData()
        templateData.imageId = "ami-12345678"
        templateData.blockDeviceMappings = [LaunchTemplateData.BlockDevice()]
        _ = try cloud.run { [templateData] in try $0.createLaunchTemplate(name: "web", description: "v1", data: templateData, clientToken: nil) }
        let path = try cloud.run {
            try $0.createNetworkInsightsPath(
                NetworkInsightsPathRequest(source: instance.id, destination: gateway.id, ipProtocol: "tcp", destinationPort: 443), tags: [:])
        }
        let component = AnalysisComponent(id: instance.id, arn: "arn:aws:ec2:us-east-1:111111111111:instance/\(instance.id)", name: "web")
        let findings = AnalysisFindings(
            networkPathFound: false,
            forwardPath: [
                AnalysisPathComponent(
                    sequenceNumber: 1, component: component, vpc: AnalysisComponent(id: vpc.id), subnet: AnalysisComponent(id: subnet.id),
                    routeTableRoute: AnalysisRouteTableRoute(
                        destinationCidr: "0.0.0.0/0", gatewayId: gateway.id, vpcPeeringConnectionId: nil, origin: "CreateRoute", state: "active"),
                    securityGroupRule: AnalysisSecurityGroupRule(
                        cidr: nil, direction: "egress", securityGroupId: group.id, portRange: nil, ipProtocol: "all"))
            ],
            explanations: [AnalysisExplanation(code: "ENI_SG_RULES_MISMATCH", direction: "egress", onReturnPath: true, component: component)])
        try cloud.run { $0.recordNetworkInsightsAnalysis(of: path, findings: findings, clientToken: "token", tags: ["Name": "one"]) }
        _ = try cloud.run {
            try $0.addKeyPair(
                name: "deploy", keyType: .ed25519, fingerprint: "UD1qJqD3n6qj0nmqh5gPE0c4uHCTyS5Qe5h1Ovx2Nro=",
                publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKsPnX0cyw6c deploy",
                tagSpecifications: [TagSpecification(resourceType: "key-pair", tags: [Tag(key: "Name", value: "deploy")])])
        }
        _ = try cloud.run {
            try $0.createFlowLogs(
                FlowLogRequest(
                    resourceType: "VPC", resourceIds: [vpc.id], trafficType: "ALL", destinationType: "s3", logDestination: "arn:aws:s3:::logs/vpc",
                    s3Options: .init(fileFormat: "parquet"), clientToken: "fl-token",
                    tagSpecifications: [TagSpecification(resourceType: "vpc-flow-log", tags: [Tag(key: "Name", value: "audit")])]))
        }
        // A gateway endpoint (its route), an interface endpoint (its interface) and a deleted endpoint.
        _ = try cloud.run {
            try $0.createVpcEndpoint(
                VpcEndpointRequest(vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.s3", routeTableIds: [table.id], clientToken: "e-token"))
        }
        let interfaceEndpoint = try cloud.run {
            try $0.createVpcEndpoint(
                VpcEndpointRequest(
                    vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.sqs", type: .interface, subnets: [.init(subnetId: subnet.id)],
                    privateDnsEnabled: false, tags: ["Name": "queue"]))
        }
        #expect(interfaceEndpoint.subnetInterfaces.count == 1)
        let deleted = try cloud.run { try $0.createVpcEndpoint(VpcEndpointRequest(vpcId: vpc.id, serviceName: "com.amazonaws.us-east-1.dynamodb")) }
        _ = try cloud.run { try $0.deleteVpcEndpoints([deleted.id]) }
        // A transit gateway, its default route table with a static route, a VPC attachment and a peering request.
        var gatewayOptions = TransitGateway.Options()
        gatewayOptions.cidrBlocks = ["192.0.2.0/24"]
        let transitGateway = try cloud.run { try $0.createTransitGateway(description: "hub", options: gatewayOptions, tags: ["Name": "hub"]) }
        let attachment = try cloud.run {
            try $0.createTransitGatewayVpcAttachment(
                transitGatewayId: transitGateway.id, vpcId: vpc.id, subnetIds: [subnet.id], options: .init(), tags: [:])
        }
        let defaultTable = try #require(transitGateway.associationDefaultRouteTableId)
        _ = try cloud.run { try $0.createTransitGatewayRoute(defaultTable, destination: "10.0.0.0/8", attachmentId: attachment.id, blackhole: false) }
        _ = try cloud.run {
            try $0.createTransitGatewayPeeringAttachment(
                transitGatewayId: transitGateway.id, peerTransitGatewayId: "tgw-0123456789abcdef0", peerAccountId: "222222222222",
                peerRegion: "us-west-2", tags: [:])
        }
        return cloud.state
    }

    /// The same JSON document, whatever the key order or number spelling.
    static func sameDocument(_ a: Data, _ b: Data) throws -> Bool {
        let left = try JSONSerialization.jsonObject(with: a, options: [.fragmentsAllowed]) as? NSObject
        let right = try JSONSerialization.jsonObject(with: b, options: [.fragmentsAllowed]) as? NSObject
        return left != nil && left == right
    }

    @Test func everyKindOfResourceReadsBackAsItselfAndMatchesJSONEncoder() throws {
        let resources = try Self.richCloud().regions.values.flatMap(\.resources)
        let kinds = Set(resources.map(\.kind))
        #expect(kinds.count == 28, "the fixture has every kind: \(kinds.sorted())")
        for resource in resources {
            let fast = try StreamingJSONEncoder().encode(resource)
            #expect(try JSONDecoder().decode(Resource.self, from: fast) == resource, "\(resource.kind) \(resource.id)")
            #expect(try Self.sameDocument(fast, JSONEncoder().encode(resource)), "\(resource.kind): \(String(decoding: fast, as: UTF8.self))")
        }
    }

    struct Scalars: Codable, Equatable {
        var int8: Int8 = -8
        var uint8: UInt8 = 255
        var int16: Int16 = -16_000
        var uint16: UInt16 = 65_535
        var int32: Int32 = .min
        var uint32: UInt32 = .max
        var int64: Int64 = .min
        var uint64: UInt64 = .max
        var uint: UInt = 7
        var float: Float = 0.1
        var double: Double = -1.25e-300
        var whole: Double = 3
        var date = Date(timeIntervalSince1970: 1_800_000_000.123_456)
        var missing: String? = nil
        var present: String? = "x"
        var control = "\u{0}\u{1}\u{1F}\r\n/"
        var byInt: [Int: String] = [1: "one", -2: "minus two"]
        var byKey: [Bool: Int] = [true: 1]
        var nested: [[String: [Int]]] = [["a": []], [:]]
        var empty = Empty()
        var choice = Choice.pair(1, label: "l")
        var plain = Choice.none
    }

    struct Empty: Codable, Equatable {}

    enum Choice: Codable, Equatable {
        case none
        case pair(Int, label: String)
    }

    @Test func scalarsContainersAndEnumsMatchJSONEncoder() throws {
        let value = Scalars()
        let fast = try StreamingJSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(Scalars.self, from: fast) == value)
        #expect(try Self.sameDocument(fast, JSONEncoder().encode(value)), "\(String(decoding: fast, as: UTF8.self))")
    }

    struct WithData: Encodable { var data = Data([1, 2]) }
    struct WithURL: Encodable { var url = URL(string: "https://example.com")! }
    struct WithNaN: Encodable { var value = Double.nan }
    struct TwoContainers: Encodable {
        func encode(to encoder: any Encoder) throws {
            var first = encoder.unkeyedContainer()
            try first.encode(1)
            var second = encoder.unkeyedContainer()
            try second.encode(2)
        }
    }
    struct WritesAfterClosing: Encodable {
        enum Keys: String, CodingKey { case a, b }
        func encode(to encoder: any Encoder) throws {
            var outer = encoder.container(keyedBy: Keys.self)
            var inner = outer.nestedUnkeyedContainer(forKey: .a)
            try outer.encode(1, forKey: .b)
            try inner.encode(2)
        }
    }

    /// What it leaves to JSONEncoder, it refuses, rather than writing something else.
    @Test func whatItDoesNotSupportItRefuses() {
        #expect(throws: StreamingJSONEncoder.Unsupported.self) { try StreamingJSONEncoder().encode(WithData()) }
        #expect(throws: StreamingJSONEncoder.Unsupported.self) { try StreamingJSONEncoder().encode(WithURL()) }
        #expect(throws: StreamingJSONEncoder.Unsupported.self) { try StreamingJSONEncoder().encode(WithNaN()) }
        #expect(throws: StreamingJSONEncoder.Unsupported.self) { try StreamingJSONEncoder().encode(TwoContainers()) }
        #expect(throws: StreamingJSONEncoder.Unsupported.self) { try StreamingJSONEncoder().encode(WritesAfterClosing()) }
    }
}
