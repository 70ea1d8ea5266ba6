import CloudModel
import Foundation
import Testing

@testable import Server

/// The handlers of issue 11's gateways in-process, with the query strings the AWS CLI sends and the XML it reads.
struct GatewayHandlersTests {
    let ec2: InProcessEC2

    init() throws {
        ec2 = try InProcessEC2()
    }

    func vpcId() async throws -> String {
        let created = try await ec2.call("Action=CreateVpc&CidrBlock=10.0.0.0%2F16&AmazonProvidedIpv6CidrBlock=true")
        return try #require(created.firstText(of: "vpcId"))
    }

    @Test func egressOnlyInternetGatewayAndItsRoute() async throws {
        let vpc = try await vpcId()
        let created = try await ec2.call("Action=CreateEgressOnlyInternetGateway&VpcId=\(vpc)&ClientToken=abc")
        #expect(created.contains("<clientToken>abc</clientToken>"))
        #expect(created.contains("<attachmentSet><item><state>attached</state><vpcId>\(vpc)</vpcId></item></attachmentSet>"))
        let gateway = try #require(created.firstText(of: "egressOnlyInternetGatewayId"))
        let tables = try await ec2.call("Action=DescribeRouteTables&Filter.1.Name=vpc-id&Filter.1.Value.1=\(vpc)")
        let table = try #require(tables.firstText(of: "routeTableId"))
        _ = try await ec2.call(
            "Action=CreateRoute&RouteTableId=\(table)&DestinationIpv6CidrBlock=%3A%3A%2F0&EgressOnlyInternetGatewayId=\(gateway)")
        let described = try await ec2.call("Action=DescribeRouteTables&RouteTableId.1=\(table)")
        #expect(described.contains("<egressOnlyInternetGatewayId>\(gateway)</egressOnlyInternetGatewayId>"))
        await #expect(throws: EC2Error.self) {
            try await ec2.call(
                "Action=CreateRoute&RouteTableId=\(table)&DestinationCidrBlock=0.0.0.0%2F0&EgressOnlyInternetGatewayId=\(gateway)")
        }
        let deleted = try await ec2.call("Action=DeleteEgressOnlyInternetGateway&EgressOnlyInternetGatewayId=\(gateway)")
        #expect(deleted.contains("<returnCode>true</returnCode>"))
    }

    @Test func dhcpOptionsAreListedAsAwsListsThem() async throws {
        let created = try await ec2.call(
            "Action=CreateDhcpOptions&DhcpConfiguration.1.Key=domain-name-servers&DhcpConfiguration.1.Value.1=10.2.5.1"
                + "&DhcpConfiguration.1.Value.2=10.2.5.2")
        #expect(
            created.contains(
                "<dhcpConfigurationSet><item><key>domain-name-servers</key><valueSet><item><value>10.2.5.1</value></item>"
                    + "<item><value>10.2.5.2</value></item></valueSet></item></dhcpConfigurationSet>"))
        let vpc = try await vpcId()
        _ = try await ec2.call("Action=AssociateDhcpOptions&DhcpOptionsId=default&VpcId=\(vpc)")
        let described = try await ec2.call("Action=DescribeVpcs&VpcId.1=\(vpc)")
        #expect(described.contains("<dhcpOptionsId>default</dhcpOptionsId>"))
    }

    @Test func vpnGatewayAttachmentAndPropagation() async throws {
        let vpc = try await vpcId()
        let created = try await ec2.call("Action=CreateVpnGateway&Type=ipsec.1")
        let gateway = try #require(created.firstText(of: "vpnGatewayId"))
        let attached = try await ec2.call("Action=AttachVpnGateway&VpnGatewayId=\(gateway)&VpcId=\(vpc)")
        #expect(attached.contains("<attachment><vpcId>\(vpc)</vpcId><state>attached</state></attachment>"))
        let tables = try await ec2.call("Action=DescribeRouteTables&Filter.1.Name=vpc-id&Filter.1.Value.1=\(vpc)")
        let table = try #require(tables.firstText(of: "routeTableId"))
        _ = try await ec2.call("Action=EnableVgwRoutePropagation&RouteTableId=\(table)&GatewayId=\(gateway)")
        let described = try await ec2.call("Action=DescribeRouteTables&RouteTableId.1=\(table)")
        #expect(described.contains("<propagatingVgwSet><item><gatewayId>\(gateway)</gatewayId></item></propagatingVgwSet>"))
    }
}
