public import EC2Client

extension Remedy {
    /// Makes the change with the calls the AWS CLI command would make (and, for a start, waits until it runs).
    public func apply(using client: EC2Client) async throws {
        switch self {
        case .createRoute(let table, let cidr, let peering, let gateway):
            let target = peering.map { ("VpcPeeringConnectionId", $0) } ?? ("GatewayId", gateway ?? "")
            let destination = Self.isIPv6(cidr) ? "DestinationIpv6CidrBlock" : "DestinationCidrBlock"
            _ = try await client.call("CreateRoute", [("RouteTableId", table), (destination, cidr), target])
        case .authorizeSecurityGroup(let egress, let group, let ipProtocol, let from, let to, let cidr):
            let range = Self.isIPv6(cidr) ? "IpPermissions.1.Ipv6Ranges.1.CidrIpv6" : "IpPermissions.1.IpRanges.1.CidrIp"
            var parameters = [("GroupId", group), ("IpPermissions.1.IpProtocol", ipProtocol), (range, cidr)]
            if let from { parameters += [("IpPermissions.1.FromPort", String(from)), ("IpPermissions.1.ToPort", String(to ?? from))] }
            _ = try await client.call(egress ? "AuthorizeSecurityGroupEgress" : "AuthorizeSecurityGroupIngress", parameters)
        case .createNetworkAclEntry(let acl, let number, let egress, let protocolNumber, let from, let to, let cidr):
            var parameters = [
                ("NetworkAclId", acl), ("RuleNumber", String(number)), ("Protocol", protocolNumber), ("RuleAction", "allow"),
                ("Egress", egress ? "true" : "false"), (Self.isIPv6(cidr) ? "Ipv6CidrBlock" : "CidrBlock", cidr),
            ]
            if protocolNumber == "1" || protocolNumber == "58" {
                parameters += [("Icmp.Type", String(from ?? -1)), ("Icmp.Code", String(to ?? -1))]
            } else if let from {
                parameters += [("PortRange.From", String(from)), ("PortRange.To", String(to ?? from))]
            }
            _ = try await client.call("CreateNetworkAclEntry", parameters)
        case .acceptVpcPeeringConnection(let id):
            _ = try await client.call("AcceptVpcPeeringConnection", [("VpcPeeringConnectionId", id)])
        case .startInstance(let id):
            _ = try await client.call("StartInstances", [("InstanceId.1", id)])
            try await waitUntilRunning(id, client)
        case .allowDnsResolutionFromRemoteVpc(let id, let side):
            let options = side == "requester" ? "RequesterPeeringConnectionOptions" : "AccepterPeeringConnectionOptions"
            _ = try await client.call(
                "ModifyVpcPeeringConnectionOptions", [("VpcPeeringConnectionId", id), ("\(options).AllowDnsResolutionFromRemoteVpc", "true")])
        case .enableVpcAttribute(let vpcId, let attribute):
            let member = attribute == "enableDnsSupport" ? "EnableDnsSupport" : "EnableDnsHostnames"
            _ = try await client.call("ModifyVpcAttribute", [("VpcId", vpcId), ("\(member).Value", "true")])
        case .enableResourceNameDnsRecord(let subnetId, let ipv6):
            let member = ipv6 ? "EnableResourceNameDnsAAAARecordOnLaunch" : "EnableResourceNameDnsARecordOnLaunch"
            _ = try await client.call("ModifySubnetAttribute", [("SubnetId", subnetId), ("\(member).Value", "true")])
        case .createRouteToTransitGateway(let table, let cidr, let gateway):
            _ = try await client.call("CreateRoute", [("RouteTableId", table), ("DestinationCidrBlock", cidr), ("TransitGatewayId", gateway)])
        case .associateTransitGatewayRouteTable(let table, let attachment):
            _ = try await client.call(
                "AssociateTransitGatewayRouteTable", [("TransitGatewayRouteTableId", table), ("TransitGatewayAttachmentId", attachment)])
        case .enableTransitGatewayRouteTablePropagation(let table, let attachment):
            _ = try await client.call(
                "EnableTransitGatewayRouteTablePropagation", [("TransitGatewayRouteTableId", table), ("TransitGatewayAttachmentId", attachment)])
        case .replaceTransitGatewayRoute(let table, let cidr, let attachment):
            _ = try await client.call(
                "ReplaceTransitGatewayRoute",
                [("TransitGatewayRouteTableId", table), ("DestinationCidrBlock", cidr), ("TransitGatewayAttachmentId", attachment)])
        case .associateElasticIp(let interface):
            let allocated = try await client.call("AllocateAddress", [("Domain", "vpc")])
            _ = try await client.call(
                "AssociateAddress", [("AllocationId", allocated.text("allocationId") ?? ""), ("NetworkInterfaceId", interface)])
        }
    }

    private func waitUntilRunning(_ id: String, _ client: EC2Client) async throws {
        for _ in 0..<120 {
            let page = try await client.call("DescribeInstances", [("InstanceId.1", id)])
            let state = page.items("reservationSet").first?.items("instancesSet").first?.text("instanceState/name")
            if state == "running" { return }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}
