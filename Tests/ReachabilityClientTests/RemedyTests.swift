import ReachabilityClient
import Testing

/// `localvpc doctor`'s fixes, worked out from AWS's explanation fields alone (and, where AWS leaves a field out,
/// from the two ends of the path), and the exact AWS CLI command for each.
struct RemedyTests {
    static let web = Endpoint(kind: .instance, id: "i-0aaaaaaaaaaaaaaaa", name: "web", address: "10.0.1.5", vpcId: "vpc-a")
    static let db = Endpoint(kind: .instance, id: "i-0bbbbbbbbbbbbbbbb", name: "db", address: "172.16.1.9", vpcId: "vpc-b")

    static func context(_ ipProtocol: String = "tcp", port: Int? = 22, taken: Set<Int> = []) -> Remedy.Context {
        Remedy.Context(traffic: .init(ipProtocol: ipProtocol, port: port), source: web, destination: db, takenAclRuleNumbers: taken)
    }

    static func finding(_ code: String, _ component: String, returnPath: Bool = false, _ fill: (inout Finding) -> Void = { _ in }) -> Finding {
        var finding = Finding(code: code, componentId: component, onReturnPath: returnPath)
        fill(&finding)
        return finding
    }

    @Test(arguments: [
        // LocalVPC's fields: the table, the peer's block, the peering.
        (
            finding("NO_ROUTE_TO_DESTINATION", "rtb-1") {
                $0.routeTableId = "rtb-1"
                $0.cidrs = ["172.16.0.0/16"]
                $0.vpcPeeringConnectionId = "pcx-1"
            }, context(),
            "aws ec2 create-route --route-table-id rtb-1 --destination-cidr-block 172.16.0.0/16 --vpc-peering-connection-id pcx-1"
        ),
        // AWS leaving out the block: the reply's route goes back to the source's address.
        (
            finding("NO_ROUTE_TO_DESTINATION", "rtb-2", returnPath: true) { $0.vpcPeeringConnectionId = "pcx-1" }, context(),
            "aws ec2 create-route --route-table-id rtb-2 --destination-cidr-block 10.0.1.5/32 --vpc-peering-connection-id pcx-1"
        ),
        (
            finding("NO_ROUTE_TO_DESTINATION", "rtb-3") {
                $0.cidrs = ["0.0.0.0/0"]
                $0.internetGatewayId = "igw-1"
            }, context(),
            "aws ec2 create-route --route-table-id rtb-3 --destination-cidr-block 0.0.0.0/0 --gateway-id igw-1"
        ),
        (
            finding("ENI_SG_RULES_MISMATCH", "sg-1") {
                $0.direction = "ingress"
                $0.protocols = ["icmp"]
                $0.portRanges = [[-1, -1]]
                $0.cidrs = ["10.0.0.0/16"]
            }, context("icmp", port: nil),
            "aws ec2 authorize-security-group-ingress --group-id sg-1 --ip-permissions 'IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=10.0.0.0/16}]'"
        ),
        // AWS naming only the groups: the traffic's protocol and port, from the source's address.
        (
            finding("SG_HAS_NO_RULES", "eni-9") {
                $0.direction = "ingress"
                $0.securityGroupId = "sg-2"
            }, context(),
            "aws ec2 authorize-security-group-ingress --group-id sg-2 --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.1.5/32}]'"
        ),
        (
            finding("ENI_SG_RULES_MISMATCH", "sg-3") { $0.direction = "egress" }, context("udp", port: nil),
            "aws ec2 authorize-security-group-egress --group-id sg-3 --ip-permissions 'IpProtocol=udp,FromPort=0,ToPort=65535,IpRanges=[{CidrIp=172.16.1.9/32}]'"
        ),
        // The reply denied on its way out of the destination's subnet: ephemeral ports back to the source, numbered
        // below the deny and clear of the numbers in use.
        (
            finding("SUBNET_ACL_RESTRICTION", "acl-1", returnPath: true) {
                $0.direction = "egress"
                $0.aclRuleNumber = 100
                $0.aclRuleAction = "deny"
            }, context(taken: [99, 100]),
            "aws ec2 create-network-acl-entry --network-acl-id acl-1 --egress --rule-number 98 --protocol 6 --port-range From=1024,To=65535 --cidr-block 10.0.1.5/32 --rule-action allow"
        ),
        (
            finding("SUBNET_ACL_RESTRICTION", "acl-2") {
                $0.networkAclId = "acl-2"
                $0.direction = "ingress"
                $0.protocols = ["1"]
                $0.cidrs = ["10.0.1.5/32"]
            }, context("icmp", port: nil, taken: [100, 32767]),
            "aws ec2 create-network-acl-entry --network-acl-id acl-2 --ingress --rule-number 32766 --protocol 1 --icmp-type-code Type=-1,Code=-1 --cidr-block 10.0.1.5/32 --rule-action allow"
        ),
        (
            finding("BAD_STATE_ROUTE", "rtb-1") {
                $0.vpcPeeringConnectionId = "pcx-7"
                $0.state = "pending-acceptance"
            }, context(),
            "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-7"
        ),
        (
            finding("BAD_STATE", "i-0bbbbbbbbbbbbbbbb") { $0.state = "stopped" }, context(),
            "aws ec2 start-instances --instance-ids i-0bbbbbbbbbbbbbbbb"
        ),
        (
            finding("IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS", "eni-1"), context(),
            "aws ec2 associate-address --network-interface-id eni-1 --allocation-id \"$(aws ec2 allocate-address --query AllocationId --output text)\""
        ),
        // Transit gateways: the route to the gateway, the association, the propagation, the blackhole's replacement.
        (
            finding("NO_ROUTE_TO_DESTINATION", "rtb-4") {
                $0.cidrs = ["10.3.0.0/16"]
                $0.transitGatewayId = "tgw-1"
            }, context(),
            "aws ec2 create-route --route-table-id rtb-4 --destination-cidr-block 10.3.0.0/16 --transit-gateway-id tgw-1"
        ),
        (
            finding("TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION", "tgw-attach-1") { $0.transitGatewayRouteTableId = "tgw-rtb-1" }, context(),
            "aws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-1 --transit-gateway-attachment-id tgw-attach-1"
        ),
        (
            finding("TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT", "tgw-rtb-1") { $0.transitGatewayAttachmentId = "tgw-attach-3" }, context(),
            "aws ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id tgw-rtb-1 "
                + "--transit-gateway-attachment-id tgw-attach-3"
        ),
        (
            finding("TGW_RTB_BAD_STATE_ROUTE", "tgw-rtb-1") {
                $0.transitGatewayAttachmentId = "tgw-attach-3"
                $0.cidrs = ["10.3.0.0/16"]
            }, context(),
            "aws ec2 replace-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-1 --destination-cidr-block 10.3.0.0/16 "
                + "--transit-gateway-attachment-id tgw-attach-3"
        ),
    ])
    func fixCommands(_ finding: Finding, _ context: Remedy.Context, _ command: String) {
        #expect(Remedy.remedy(for: finding, context: context)?.awsCommand() == command)
    }

    @Test(arguments: [
        finding("PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "pcx-1"),
        finding("NO_ROUTE_TO_DESTINATION", "rtb-1") { $0.cidrs = ["172.16.0.0/16"] },
        finding("BAD_STATE_ROUTE", "rtb-1") { $0.vpcPeeringConnectionId = "pcx-1" },
        finding("SUBNET_ACL_RESTRICTION", "acl-1"),
        finding("MORE_SPECIFIC_ROUTE", "rtb-1"),
        finding("TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION", "tgw-attach-1"),
        finding("TGW_RTB_BAD_STATE_ROUTE", "tgw-rtb-1") { $0.transitGatewayAttachmentId = "tgw-attach-3" },
        finding("TGW_ROUTE_AZ_RESTRICTION", "tgw-attach-1"),
    ])
    func noFixIsKnownWithoutWhatItNeeds(_ finding: Finding) {
        #expect(Remedy.remedy(for: finding, context: Self.context()) == nil)
    }

    @Test func commandsActWhereTheDoctorDid() {
        let remedy = Remedy.startInstance(id: "i-1")
        #expect(
            remedy.awsCommand(suffix: "--region eu-west-1 --endpoint-url http://127.0.0.1:4566")
                == "aws ec2 start-instances --instance-ids i-1 --region eu-west-1 --endpoint-url http://127.0.0.1:4566")
    }
}
