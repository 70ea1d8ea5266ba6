import CloudModel
import Foundation
import Testing

@testable import Server

/// The VPC endpoint handlers in-process, with the query strings the AWS CLI sends and the XML it reads: empty lists
/// where an endpoint's type uses none (clients read `routeTableIdSet` of every endpoint), the route an endpoint makes,
/// `Unsuccessful` items, and the service list's names once per name.
struct VpcEndpointHandlersTests {
    let ec2: InProcessEC2

    init() throws {
        ec2 = try InProcessEC2()
    }

    func vpcAndTable() async throws -> (vpc: String, table: String) {
        let created = try await ec2.call("Action=CreateVpc&CidrBlock=10.0.0.0%2F16")
        let vpc = try #require(created.firstText(of: "vpcId"))
        let tables = try await ec2.call("Action=DescribeRouteTables&Filter.1.Name=vpc-id&Filter.1.Value.1=\(vpc)")
        return (vpc, try #require(tables.firstText(of: "routeTableId")))
    }

    @Test func aGatewayEndpointAndItsRoute() async throws {
        let (vpc, table) = try await vpcAndTable()
        let created = try await ec2.call(
            "Action=CreateVpcEndpoint&VpcId=\(vpc)&ServiceName=com.amazonaws.eu-west-1.s3&RouteTableId.1=\(table)&ClientToken=tok")
        let id = try #require(created.firstText(of: "vpcEndpointId"))
        #expect(created.contains("<vpcEndpointType>Gateway</vpcEndpointType>") && created.contains("<state>available</state>"))
        #expect(created.contains("<routeTableIdSet><item>\(table)</item></routeTableIdSet><subnetIdSet/><groupSet/>"))
        #expect(created.contains("<networkInterfaceIdSet/><dnsEntrySet/>") && created.contains("<clientToken>tok</clientToken>"))
        let described = try await ec2.call("Action=DescribeRouteTables&RouteTableId.1=\(table)")
        let list = try #require(
            try await ec2.call("Action=DescribePrefixLists&Filter.1.Name=prefix-list-name&Filter.1.Value.1=com.amazonaws.eu-west-1.s3")
                .firstText(of: "prefixListId"))
        #expect(described.contains("<destinationPrefixListId>\(list)</destinationPrefixListId><gatewayId>\(id)</gatewayId>"))
        let deleted = try await ec2.call("Action=DeleteVpcEndpoints&VpcEndpointId.1=\(id)&VpcEndpointId.2=vpce-0123456789abcdef0")
        #expect(
            deleted.contains(
                "<unsuccessful><item><error><code>InvalidVpcEndpoint.NotFound</code><message>The vpcEndpoint ID &apos;vpce-0123456789abcdef0&apos; "
                    + "does not exist</message></error><resourceId>vpce-0123456789abcdef0</resourceId></item></unsuccessful>"))
        let again = try await ec2.call("Action=DescribeRouteTables&RouteTableId.1=\(table)")
        #expect(!again.contains("destinationPrefixListId"))
    }

    @Test func anInterfaceEndpointIsPendingWithItsInterfacesAndDnsNames() async throws {
        let (vpc, _) = try await vpcAndTable()
        let subnet = try #require(
            try await ec2.call("Action=CreateSubnet&VpcId=\(vpc)&CidrBlock=10.0.1.0%2F24&AvailabilityZone=eu-west-1a").firstText(of: "subnetId"))
        let created = try await ec2.call(
            "Action=CreateVpcEndpoint&VpcId=\(vpc)&VpcEndpointType=Interface&ServiceName=com.amazonaws.eu-west-1.sqs&SubnetId.1=\(subnet)"
                + "&PrivateDnsEnabled=false")
        #expect(created.contains("<state>pending</state>") && created.contains("<routeTableIdSet/><subnetIdSet><item>\(subnet)</item>"))
        #expect(created.contains("<privateDnsEnabled>false</privateDnsEnabled><requesterManaged>false</requesterManaged>"))
        #expect(created.contains("-eu-west-1a.sqs.eu-west-1.vpce.amazonaws.com</dnsName><hostedZoneId>Z"))
        let interface = try #require(created.range(of: #"eni-[0-9a-f]{17}"#, options: .regularExpression).map { String(created[$0]) })
        let described = try await ec2.call("Action=DescribeNetworkInterfaces&NetworkInterfaceId.1=\(interface)")
        #expect(described.contains("<interfaceType>vpc_endpoint</interfaceType>") && described.contains("<requesterManaged>true</requesterManaged>"))
    }

    @Test func servicesAreNamedOnceAndDetailedPerType() async throws {
        let answer = try await ec2.call("Action=DescribeVpcEndpointServices&ServiceName.1=com.amazonaws.eu-west-1.dynamodb")
        #expect(answer.contains("<serviceNameSet><item>com.amazonaws.eu-west-1.dynamodb</item></serviceNameSet>"))
        #expect(answer.contains("<serviceType><item><serviceType>Gateway</serviceType></item></serviceType>"))
        #expect(answer.contains("<serviceType><item><serviceType>Interface</serviceType></item></serviceType>"))
        #expect(answer.contains("<owner>amazon</owner>") && answer.contains("<tagSet/>"))
        await #expect(throws: EC2Error.invalidServiceName("com.amazonaws.eu-west-1.nope")) {
            try await ec2.call("Action=DescribeVpcEndpointServices&ServiceName.1=com.amazonaws.eu-west-1.nope")
        }
    }
}
