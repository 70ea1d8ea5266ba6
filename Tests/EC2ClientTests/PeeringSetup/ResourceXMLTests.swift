import EC2Client
import Foundation
import PeeringSetup
import Testing

/// Reading described resources from EC2's XML (element names as botocore's model has them).
struct ResourceXMLTests {
    static func item(_ xml: String) throws -> XMLTree {
        try #require(XMLTree(parsing: Data(xml.utf8)))
    }

    @Test func vpcWithSecondaryBlocksAndName() throws {
        let vpc = Vpc(
            xml: try Self.item(
                """
                <item><vpcId>vpc-1</vpcId><ownerId>111111111111</ownerId><cidrBlock>10.0.0.0/16</cidrBlock>
                <cidrBlockAssociationSet>
                  <item><cidrBlock>10.0.0.0/16</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item>
                  <item><cidrBlock>10.1.0.0/16</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item>
                  <item><cidrBlock>10.2.0.0/16</cidrBlock><cidrBlockState><state>disassociated</state></cidrBlockState></item>
                </cidrBlockAssociationSet>
                <tagSet><item><key>env</key><value>x</value></item><item><key>Name</key><value>VPC1</value></item></tagSet></item>
                """))
        #expect(vpc == Vpc(vpcId: "vpc-1", ownerId: "111111111111", cidrBlocks: ["10.0.0.0/16", "10.1.0.0/16"], name: "VPC1"))
        #expect(vpc.label == "vpc-1 (VPC1)")
    }

    @Test func routeTableWithAssociationsAndTargets() throws {
        let table = RouteTable(
            xml: try Self.item(
                """
                <item><routeTableId>rtb-1</routeTableId><vpcId>vpc-1</vpcId>
                <associationSet>
                  <item><routeTableAssociationId>rtbassoc-1</routeTableAssociationId><main>true</main><associationState><state>associated</state></associationState></item>
                  <item><main>false</main><subnetId>subnet-1</subnetId><associationState><state>associated</state></associationState></item>
                  <item><main>false</main><subnetId>subnet-2</subnetId><associationState><state>disassociated</state></associationState></item>
                </associationSet>
                <routeSet>
                  <item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state></item>
                  <item><destinationCidrBlock>172.16.0.0/16</destinationCidrBlock><vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId><state>blackhole</state></item>
                  <item><destinationIpv6CidrBlock>::/0</destinationIpv6CidrBlock><egressOnlyInternetGatewayId>eigw-1</egressOnlyInternetGatewayId></item>
                </routeSet></item>
                """))
        #expect(table.isMain)
        #expect(table.subnetIds == ["subnet-1"])
        #expect(table.route(to: "172.16.0.0/16") == Route(destinationCidrBlock: "172.16.0.0/16", target: "pcx-1", state: "blackhole"))
        #expect(table.routes.last?.target == "eigw-1")
        #expect(table.routes.last?.destinationCidrBlock == nil)
    }

    @Test func securityGroupIngress() throws {
        let group = SecurityGroup(
            xml: try Self.item(
                """
                <item><groupId>sg-1</groupId><groupName>default</groupName><vpcId>vpc-1</vpcId>
                <ipPermissions>
                  <item><ipProtocol>-1</ipProtocol><groups><item><groupId>sg-1</groupId></item></groups><ipRanges/></item>
                  <item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort>
                    <ipRanges><item><cidrIp>10.1.0.0/16</cidrIp><description>x</description></item></ipRanges></item>
                </ipPermissions>
                <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissionsEgress>
                </item>
                """))
        #expect(
            group.ingress == [
                IpPermission(ipProtocol: "-1", cidrIps: []), IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIps: ["10.1.0.0/16"]),
            ])
    }

    @Test func peeringConnectionBothSides() throws {
        let connection = VpcPeeringConnection(
            xml: try Self.item(
                """
                <item><vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId>
                <requesterVpcInfo><ownerId>111111111111</ownerId><vpcId>vpc-a</vpcId><region>us-east-1</region><cidrBlock>10.0.0.0/16</cidrBlock>
                  <cidrBlockSet><item><cidrBlock>10.0.0.0/16</cidrBlock></item><item><cidrBlock>10.5.0.0/16</cidrBlock></item></cidrBlockSet></requesterVpcInfo>
                <accepterVpcInfo><ownerId>222222222222</ownerId><vpcId>vpc-b</vpcId><region>eu-west-1</region><cidrBlock>172.16.0.0/16</cidrBlock></accepterVpcInfo>
                <status><code>failed</code><message>Overlapping CIDR blocks</message></status></item>
                """))
        #expect(connection.status == "failed")
        #expect(connection.statusMessage == "Overlapping CIDR blocks")
        #expect(
            connection.requester == VpcInfo(vpcId: "vpc-a", ownerId: "111111111111", region: "us-east-1", cidrBlocks: ["10.0.0.0/16", "10.5.0.0/16"]))
        #expect(connection.peer(of: "vpc-a").cidrBlocks == ["172.16.0.0/16"])
        #expect(connection.joins("vpc-b", "vpc-a"))
        #expect(!connection.joins("vpc-a", "vpc-c"))
    }
}
