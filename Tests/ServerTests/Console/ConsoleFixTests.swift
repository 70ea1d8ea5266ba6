import CloudModel
import Reachability
import Testing

@testable import Server

/// The evaluator's fixes as the console applies them: the EC2 calls, and the AWS CLI line `doctor` would print.
struct ConsoleFixTests {
    static let scope = AccountRegion(account: "111111111111", region: "eu-west-1")

    @Test(
        arguments: [
            (
                Fix.createRoute(routeTableId: "rtb-1", destination: "10.5.0.0/16", target: .vpcPeeringConnection("pcx-1")), "CreateRoute",
                ["RouteTableId": "rtb-1", "DestinationCidrBlock": "10.5.0.0/16", "VpcPeeringConnectionId": "pcx-1"],
                "aws ec2 create-route --route-table-id rtb-1 --destination-cidr-block 10.5.0.0/16 --vpc-peering-connection-id pcx-1"
            ),
            (
                Fix.createRoute(routeTableId: "rtb-1", destination: "::/0", target: .internetGateway("igw-1")), "CreateRoute",
                ["RouteTableId": "rtb-1", "DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-1"],
                "aws ec2 create-route --route-table-id rtb-1 --destination-ipv6-cidr-block ::/0 --gateway-id igw-1"
            ),
            (
                Fix.authorizeIngress(groupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidr: "10.0.0.0/16"),
                "AuthorizeSecurityGroupIngress",
                [
                    "GroupId": "sg-1", "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "22", "IpPermissions.1.ToPort": "22",
                    "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/16",
                ],
                "aws ec2 authorize-security-group-ingress --group-id sg-1 --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/16}]'"
            ),
            (
                Fix.createAclEntry(networkAclId: "acl-1", ruleNumber: 99, egress: true, protocolNumber: 1, portRange: nil, cidr: "10.0.0.0/16"),
                "CreateNetworkAclEntry",
                [
                    "NetworkAclId": "acl-1", "RuleNumber": "99", "Egress": "true", "Protocol": "1", "RuleAction": "allow", "CidrBlock": "10.0.0.0/16",
                    "Icmp.Type": "-1", "Icmp.Code": "-1",
                ],
                "aws ec2 create-network-acl-entry --network-acl-id acl-1 --egress --rule-number 99 --protocol 1 --icmp-type-code Type=-1,Code=-1 "
                    + "--cidr-block 10.0.0.0/16 --rule-action allow"
            ),
            (
                Fix.acceptPeering(vpcPeeringConnectionId: "pcx-9"), "AcceptVpcPeeringConnection", ["VpcPeeringConnectionId": "pcx-9"],
                "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-9"
            ),
            (Fix.startInstance(instanceId: "i-1"), "StartInstances", ["InstanceId.1": "i-1"], "aws ec2 start-instances --instance-ids i-1"),
            (
                Fix.createRoute(routeTableId: "rtb-1", destination: "10.3.0.0/16", target: .transitGateway("tgw-1")), "CreateRoute",
                ["RouteTableId": "rtb-1", "DestinationCidrBlock": "10.3.0.0/16", "TransitGatewayId": "tgw-1"],
                "aws ec2 create-route --route-table-id rtb-1 --destination-cidr-block 10.3.0.0/16 --transit-gateway-id tgw-1"
            ),
            (
                Fix.associateTransitGatewayRouteTable(routeTableId: "tgw-rtb-1", attachmentId: "tgw-attach-1"), "AssociateTransitGatewayRouteTable",
                ["TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayAttachmentId": "tgw-attach-1"],
                "aws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-1 --transit-gateway-attachment-id tgw-attach-1"
            ),
            (
                Fix.enableTransitGatewayRouteTablePropagation(routeTableId: "tgw-rtb-1", attachmentId: "tgw-attach-2"),
                "EnableTransitGatewayRouteTablePropagation",
                ["TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayAttachmentId": "tgw-attach-2"],
                "aws ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id tgw-rtb-1 --transit-gateway-attachment-id tgw-attach-2"
            ),
            (
                Fix.replaceTransitGatewayRoute(routeTableId: "tgw-rtb-1", destination: "10.2.0.0/16", attachmentId: "tgw-attach-2"),
                "ReplaceTransitGatewayRoute",
                ["TransitGatewayRouteTableId": "tgw-rtb-1", "DestinationCidrBlock": "10.2.0.0/16", "TransitGatewayAttachmentId": "tgw-attach-2"],
                "aws ec2 replace-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-1 --destination-cidr-block 10.2.0.0/16 "
                    + "--transit-gateway-attachment-id tgw-attach-2"
            ),
        ] as [(Fix, String, [String: String], String)])
    func eachFixIsTheCallsThatMakeIt(fix: Fix, action: String, parameters: [String: String], command: String) throws {
        let made = try #require(ConsoleFix(fix, code: "X", owner: Self.scope))
        #expect(made.calls == [ConsoleFix.Call(action: action, parameters: parameters)])
        #expect(made.command == command)
        #expect(made.account == "111111111111" && made.region == "eu-west-1")
    }

    @Test func aPublicAddressIsAllocatedThenAssociated() throws {
        let made = try #require(ConsoleFix(.associatePublicAddress(networkInterfaceId: "eni-1"), code: "X", owner: Self.scope))
        #expect(made.calls.map(\.action) == ["AllocateAddress", "AssociateAddress"])
        #expect(made.calls[1].parameters["AllocationId"] == "$AllocationId")
    }

    @Test func aRouteToALocalTargetHasNoCall() {
        #expect(ConsoleFix(.createRoute(routeTableId: "rtb-1", destination: "10.0.0.0/16", target: .local), code: "X", owner: Self.scope) == nil)
    }
}
