/// A change that would let blocked traffic through: shown as the AWS CLI command that makes it, and applied with
/// the same API calls by `localvpc doctor --apply`.
public enum Remedy: Sendable, Hashable {
    /// A route to the destination's block in the table that lacks one, via the peering or the gateway.
    case createRoute(routeTableId: String, destinationCidr: String, vpcPeeringConnectionId: String?, gatewayId: String?)
    /// A security-group rule admitting the traffic (ingress) or letting it out (egress).
    case authorizeSecurityGroup(egress: Bool, groupId: String, ipProtocol: String, fromPort: Int?, toPort: Int?, cidr: String)
    /// An ACL allow rule numbered before whatever denies the traffic.
    case createNetworkAclEntry(
        networkAclId: String, ruleNumber: Int, egress: Bool, protocolNumber: String, fromPort: Int?, toPort: Int?, cidr: String)
    /// Accepting the peering a route waits on.
    case acceptVpcPeeringConnection(id: String)
    /// Starting the instance that answers nothing while stopped.
    case startInstance(id: String)
    /// An Elastic IP for the interface that needs a public address.
    case associateElasticIp(networkInterfaceId: String)
    /// `AllowDnsResolutionFromRemoteVpc` on one side of a peering: that side's public names resolve to private
    /// addresses for the other side's instances.
    case allowDnsResolutionFromRemoteVpc(peeringId: String, side: String)
    /// A VPC DNS attribute on (`enableDnsSupport`, `enableDnsHostnames`).
    case enableVpcAttribute(vpcId: String, attribute: String)
    /// A subnet's resource-name record on (`EnableResourceNameDnsARecordOnLaunch` or its AAAA twin).
    case enableResourceNameDnsRecord(subnetId: String, ipv6: Bool)
    /// A route to the destination's block through the transit gateway both VPCs are attached to.
    case createRouteToTransitGateway(routeTableId: String, destinationCidr: String, transitGatewayId: String)
    /// The attachment associated with a transit gateway route table, which then routes what enters by it.
    case associateTransitGatewayRouteTable(routeTableId: String, attachmentId: String)
    /// The attachment's VPC blocks propagated into the transit gateway route table.
    case enableTransitGatewayRouteTablePropagation(routeTableId: String, attachmentId: String)
    /// A blackhole static route of a transit gateway route table pointed at the attachment instead.
    case replaceTransitGatewayRoute(routeTableId: String, destinationCidr: String, attachmentId: String)

    /// The AWS CLI command that makes the change; `suffix` carries the caller's `--region`/`--endpoint-url`/`--profile`.
    public func awsCommand(suffix: String = "") -> String {
        let tail = suffix.isEmpty ? "" : " " + suffix
        switch self {
        case .createRoute(let table, let cidr, let peering, let gateway):
            let target = peering.map { "--vpc-peering-connection-id \($0)" } ?? "--gateway-id \(gateway ?? "?")"
            let destination = Self.isIPv6(cidr) ? "--destination-ipv6-cidr-block" : "--destination-cidr-block"
            return "aws ec2 create-route --route-table-id \(table) \(destination) \(cidr) \(target)\(tail)"
        case .authorizeSecurityGroup(let egress, let group, let ipProtocol, let from, let to, let cidr):
            var permission = "IpProtocol=\(ipProtocol)"
            if let from { permission += ",FromPort=\(from),ToPort=\(to ?? from)" }
            permission += Self.isIPv6(cidr) ? ",Ipv6Ranges=[{CidrIpv6=\(cidr)}]" : ",IpRanges=[{CidrIp=\(cidr)}]"
            return "aws ec2 authorize-security-group-\(egress ? "egress" : "ingress") --group-id \(group) --ip-permissions '\(permission)'\(tail)"
        case .createNetworkAclEntry(let acl, let number, let egress, let protocolNumber, let from, let to, let cidr):
            var ports = ""
            if protocolNumber == "1" || protocolNumber == "58" {
                ports = " --icmp-type-code Type=\(from ?? -1),Code=\(to ?? -1)"
            } else if let from {
                ports = " --port-range From=\(from),To=\(to ?? from)"
            }
            return "aws ec2 create-network-acl-entry --network-acl-id \(acl) --\(egress ? "egress" : "ingress") --rule-number \(number) "
                + "--protocol \(protocolNumber)\(ports) \(Self.isIPv6(cidr) ? "--ipv6-cidr-block" : "--cidr-block") \(cidr) --rule-action allow\(tail)"
        case .acceptVpcPeeringConnection(let id):
            return "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(id)\(tail)"
        case .startInstance(let id):
            return "aws ec2 start-instances --instance-ids \(id)\(tail)"
        case .allowDnsResolutionFromRemoteVpc(let id, let side):
            return "aws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id \(id) "
                + "--\(side)-peering-connection-options AllowDnsResolutionFromRemoteVpc=true\(tail)"
        case .enableVpcAttribute(let vpcId, let attribute):
            let flag = attribute == "enableDnsSupport" ? "--enable-dns-support" : "--enable-dns-hostnames"
            return "aws ec2 modify-vpc-attribute --vpc-id \(vpcId) \(flag) '{\"Value\":true}'\(tail)"
        case .enableResourceNameDnsRecord(let subnetId, let ipv6):
            return "aws ec2 modify-subnet-attribute --subnet-id \(subnetId) --enable-resource-name-dns-\(ipv6 ? "aaaa" : "a")-record-on-launch\(tail)"
        case .createRouteToTransitGateway(let table, let cidr, let gateway):
            return "aws ec2 create-route --route-table-id \(table) --destination-cidr-block \(cidr) --transit-gateway-id \(gateway)\(tail)"
        case .associateTransitGatewayRouteTable(let table, let attachment):
            return "aws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id \(table) "
                + "--transit-gateway-attachment-id \(attachment)\(tail)"
        case .enableTransitGatewayRouteTablePropagation(let table, let attachment):
            return "aws ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id \(table) "
                + "--transit-gateway-attachment-id \(attachment)\(tail)"
        case .replaceTransitGatewayRoute(let table, let cidr, let attachment):
            return "aws ec2 replace-transit-gateway-route --transit-gateway-route-table-id \(table) --destination-cidr-block \(cidr) "
                + "--transit-gateway-attachment-id \(attachment)\(tail)"
        case .associateElasticIp(let interface):
            return "aws ec2 associate-address --network-interface-id \(interface) "
                + "--allocation-id \"$(aws ec2 allocate-address --query AllocationId --output text\(tail))\"\(tail)"
        }
    }

    /// Whether a block is IPv6: the API names IPv6 blocks in parameters of their own.
    static func isIPv6(_ cidr: String) -> Bool { cidr.contains(":") }
}
