import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// Interface endpoints: one requester-managed interface per subnet and zone, the VPC's default group, private DNS and
/// its conditions, the DNS names, modifications, and what deleting frees.
struct InterfaceEndpointRulesTests {
    /// The AWS code `body` fails with, or nil when it succeeds.
    static func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? EC2Error)?.code ?? "\(error)"
        }
    }

    @Test func eachSubnetGetsARequesterManagedInterfaceWithTheDefaultGroup() throws {
        var f = try EndpointVpc()
        let endpoint = try f.interfaceEndpoint()
        #expect(endpoint.subnetIds == [f.subnetA, f.subnetB] && endpoint.networkInterfaceIds.count == 2)
        let defaultGroup = f.region.securityGroups.values.first { $0.groupVpcId == f.vpcId && $0.isDefault }!.id
        #expect(endpoint.groupIds == [defaultGroup])
        for member in endpoint.subnetInterfaces {
            let interface = try #require(f.region.networkInterfaces[member.networkInterfaceId])
            #expect(interface.interfaceType == .vpcEndpoint && interface.requesterManaged && interface.status == "in-use")
            #expect(interface.interfaceDescription == "VPC Endpoint Interface \(endpoint.id)")
            #expect(interface.subnetId == member.subnetId && interface.groupIds == [defaultGroup] && interface.attachment == nil)
            #expect(f.region.subnets[member.subnetId]!.cidrBlock!.contains(interface.primaryPrivateIp))
        }
        #expect(endpoint.state(at: f.cloud.now) == .pending)
        #expect(endpoint.state(at: f.cloud.now + VpcEndpoint.transitionTime) == .available)
    }

    @Test func oneSubnetPerZoneAndSubnetsOfTheEndpointsVpc() throws {
        var f = try EndpointVpc()
        let before = f.cloud.state
        let sameZone = [f.subnetA, f.otherSubnetA]
        let vpcId = f.vpcId
        let request = VpcEndpointRequest(
            vpcId: vpcId, serviceName: EndpointVpc.service("ssm"), type: .interface, subnets: sameZone.map { .init(subnetId: $0) })
        #expect(f.cloud.error { try $0.createVpcEndpoint(request) }?.code == "DuplicateSubnetsInSameZone")
        let otherVpc = try f.cloud.run { try $0.createVpc(cidrBlock: "10.9.0.0/16") }.id
        let foreign = try f.cloud.run { try $0.createSubnet(vpcId: otherVpc, cidrBlock: "10.9.1.0/24") }.id
        #expect(
            f.cloud.error {
                try $0.createVpcEndpoint(
                    .init(vpcId: vpcId, serviceName: EndpointVpc.service("ssm"), type: .interface, subnets: [.init(subnetId: foreign)]))
            }?.code == "InvalidParameter")
        #expect(
            f.cloud.error {
                try $0.createVpcEndpoint(
                    .init(vpcId: vpcId, serviceName: EndpointVpc.service("ssm"), type: .interface, routeTableIds: ["rtb-0123456789abcdef0"]))
            }?.code == "InvalidParameter")
        #expect(f.region.networkInterfaces.count == before[TestCloud.scope].networkInterfaces.count, "no interface was left behind")
    }

    @Test func privateDnsNeedsTheVpcsDnsAttributesAndNoOtherEndpointAnsweringTheName() throws {
        var withoutHostnames = try EndpointVpc(dnsHostnames: false)
        #expect(Self.code { _ = try withoutHostnames.interfaceEndpoint() } == "InvalidParameter")
        #expect(try withoutHostnames.interfaceEndpoint(privateDns: false).privateDnsEnabled == false)

        var f = try EndpointVpc()
        let endpoint = try f.interfaceEndpoint()
        #expect(endpoint.privateDnsEnabled, "private DNS is on by default for AWS services that have a private name")
        #expect(Self.code { _ = try f.interfaceEndpoint() } == "InvalidParameter", "the name ssm.us-east-1.amazonaws.com is taken")
        #expect(try f.interfaceEndpoint(privateDns: false).privateDnsEnabled == false, "a second endpoint without private DNS is fine")
    }

    @Test func dnsEntriesNameTheRegionalZonalAndPrivateNames() throws {
        var f = try EndpointVpc()
        let endpoint = try f.interfaceEndpoint()
        let service = try #require(endpoint.service)
        let names = endpoint.dnsEntries(of: service).map(\.dnsName)
        let stem = "\(endpoint.id)-\(endpoint.dnsSuffix)"
        #expect(
            names == [
                "\(stem).ssm.us-east-1.vpce.amazonaws.com", "\(stem)-us-east-1a.ssm.us-east-1.vpce.amazonaws.com",
                "\(stem)-us-east-1b.ssm.us-east-1.vpce.amazonaws.com", "ssm.us-east-1.amazonaws.com",
            ])
        #expect(endpoint.dnsEntries(of: service).prefix(3).allSatisfy { $0.hostedZoneId == "Z7HUB22UULQXV" })
        #expect(endpoint.dnsSuffix.count == 8 && endpoint.dnsSuffix.allSatisfy { $0.isLowercase || $0.isNumber })
        // S3's names start with a wildcard, for the bucket, and S3's private DNS is off unless asked.
        let s3 = try f.interfaceEndpoint("s3", subnets: [f.subnetA])
        #expect(!s3.privateDnsEnabled && s3.dnsEntries(of: s3.service!).allSatisfy { $0.dnsName.hasPrefix("*.\(s3.id)-") })
    }

    /// S3's private DNS for an interface endpoint by default answers only resolvers outside the VPC, which needs the
    /// VPC's own traffic to have a gateway endpoint.
    @Test func s3PrivateDnsNeedsAGatewayEndpointUnlessItAnswersTheVpcToo() throws {
        var f = try EndpointVpc()
        #expect(Self.code { _ = try f.interfaceEndpoint("s3", privateDns: true) } == "InvalidParameter")
        let vpcId = f.vpcId
        let everyone = VpcEndpointRequest(
            vpcId: vpcId, serviceName: EndpointVpc.service("s3"), type: .interface, subnets: [.init(subnetId: f.subnetA)],
            privateDnsEnabled: true, privateDnsOnlyForInboundResolverEndpoint: false)
        #expect(try f.cloud.run { try $0.createVpcEndpoint(everyone) }.privateDnsOnlyForInboundResolverEndpoint == false)
        var g = try EndpointVpc()
        _ = try g.gatewayEndpoint()
        #expect(try g.interfaceEndpoint("s3", privateDns: true).privateDnsOnlyForInboundResolverEndpoint == true)
    }

    @Test func modifyingAddsAndRemovesSubnetsAndGroups() throws {
        var f = try EndpointVpc()
        let endpoint = try f.interfaceEndpoint(subnets: [f.subnetA])
        let vpcId = f.vpcId
        let group = try f.cloud.run { try $0.createSecurityGroup(name: "endpoints", description: "endpoints", vpcId: vpcId) }.id
        let oldInterface = endpoint.networkInterfaceIds[0]
        let (id, subnetA, otherSubnetA, subnetB) = (endpoint.id, f.subnetA, f.otherSubnetA, f.subnetB)
        let defaultGroup = endpoint.groupIds[0]
        try f.cloud.run {
            try $0.modifyVpcEndpoint(
                id,
                VpcEndpointModification(
                    addSubnets: [.init(subnetId: otherSubnetA), .init(subnetId: subnetB)], removeSubnetIds: [subnetA], addSecurityGroupIds: [group],
                    removeSecurityGroupIds: [defaultGroup]))
        }
        let modified = f.region.vpcEndpoints[id]!
        #expect(modified.subnetIds == [otherSubnetA, subnetB] && modified.groupIds == [group])
        #expect(f.region.networkInterfaces[oldInterface] == nil, "the removed subnet's interface is gone")
        #expect(modified.networkInterfaceIds.allSatisfy { f.region.networkInterfaces[$0]?.groupIds == [group] })
        // A zone already served, the last group removed, and route tables are refused, and change nothing.
        let before = f.cloud.state
        let refused: [(VpcEndpointModification, String)] = [
            (VpcEndpointModification(addSubnets: [.init(subnetId: subnetA)]), "DuplicateSubnetsInSameZone"),
            (VpcEndpointModification(removeSecurityGroupIds: [group]), "InvalidParameter"),
            (VpcEndpointModification(addRouteTableIds: [f.routeTableId]), "InvalidParameter"),
            (VpcEndpointModification(removeSubnetIds: [subnetA]), "InvalidParameter"),
            (VpcEndpointModification(policyDocument: "[]"), "InvalidPolicyDocument"),
        ]
        for (change, code) in refused {
            #expect(f.cloud.error { try $0.modifyVpcEndpoint(id, change) }?.code == code, "\(change)")
        }
        #expect(f.cloud.state == before)
    }

    @Test func theEndpointsInterfacesBelongToIt() throws {
        var f = try EndpointVpc()
        let endpoint = try f.interfaceEndpoint(subnets: [f.subnetA])
        let (interface, subnetA) = (endpoint.networkInterfaceIds[0], f.subnetA)
        #expect(f.cloud.error { try $0.deleteNetworkInterface(interface) }?.code == "OperationNotPermitted")
        #expect(f.cloud.error { try $0.modifyNetworkInterfaceAttribute(interface, .sourceDestCheck(false)) }?.code == "OperationNotPermitted")
        #expect(f.cloud.error { try $0.deleteSubnet(subnetA) }?.code == "DependencyViolation")
        let vpcId = f.vpcId
        let custom = try f.cloud.run { try $0.createSecurityGroup(name: "custom", description: "custom", vpcId: vpcId) }.id
        try f.cloud.run { try $0.modifyVpcEndpoint(endpoint.id, VpcEndpointModification(addSecurityGroupIds: [custom])) }
        #expect(f.cloud.error { try $0.deleteSecurityGroup(id: custom, name: nil) }?.code == "DependencyViolation")
        // Deleting the endpoint frees its interfaces and so the subnet.
        _ = try f.cloud.run { try $0.deleteVpcEndpoints([endpoint.id]) }
        #expect(f.region.networkInterfaces[interface] == nil)
        #expect(f.region.vpcEndpoints[endpoint.id]!.state(at: f.cloud.now) == .deleting)
        #expect(f.region.vpcEndpoints[endpoint.id]!.state(at: f.cloud.now + VpcEndpoint.transitionTime) == .deleted)
        try f.cloud.run { try $0.deleteSubnet(subnetA) }
    }

    @Test func dualstackEndpointsHoldAnIpv6AddressInEachSubnet() throws {
        var f = try EndpointVpc()
        let vpcId = f.vpcId
        #expect(
            f.cloud.error {
                try $0.createVpcEndpoint(.init(vpcId: vpcId, serviceName: EndpointVpc.service("ssm"), type: .interface, ipAddressType: .dualstack))
            }?.code == "InvalidParameter", "SSM answers over IPv4 only")
        #expect(
            f.cloud.error {
                try $0.createVpcEndpoint(
                    .init(
                        vpcId: vpcId, serviceName: EndpointVpc.service("ec2"), type: .interface, subnets: [.init(subnetId: f.subnetA)],
                        ipAddressType: .dualstack))
            }?.code == "InvalidParameter", "the subnet has no IPv6 block")
        #expect(
            f.cloud.error {
                try $0.createVpcEndpoint(.init(vpcId: vpcId, serviceName: EndpointVpc.service("ec2"), type: .interface, ipAddressType: .ipv6))
            }?.code == "UnsupportedOperation")
    }

    @Test func aClientTokenAnswersTheEndpointItMade() throws {
        var f = try EndpointVpc()
        let vpcId = f.vpcId
        let request = VpcEndpointRequest(
            vpcId: vpcId, serviceName: EndpointVpc.service("dynamodb"), routeTableIds: [f.routeTableId], clientToken: "t-1")
        let first = try f.cloud.run { try $0.createVpcEndpoint(request) }
        let second = try f.cloud.run { try $0.createVpcEndpoint(request) }
        #expect(first.id == second.id && f.region.vpcEndpoints.count == 1)
        var other = request
        other.serviceName = EndpointVpc.service("s3")
        #expect(f.cloud.error { try $0.createVpcEndpoint(other) }?.code == "IdempotentParameterMismatch")
    }
}
