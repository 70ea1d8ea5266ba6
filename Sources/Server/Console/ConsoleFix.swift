import CloudModel
import Reachability

/// A fix the evaluator proposes for a blocked path, as the console applies it: the EC2 calls that make it (in the
/// account and Region owning what they change), and the AWS CLI line that does the same, as `localvpc doctor` prints.
///
/// The console applies a fix by making these calls through the EC2 API, as every change it makes.
struct ConsoleFix: Sendable, Hashable {
    struct Call: Sendable, Hashable {
        let action: String
        /// Query parameters; a value `$AllocationId` stands for the `allocationId` the previous call answered.
        let parameters: [String: String]
    }

    let code: String
    let command: String
    let account: String
    let region: String
    let calls: [Call]

    /// The calls for `fix`, nil when it has no API form (a route to a `local` or endpoint target).
    init?(_ fix: Fix, code: String, owner: AccountRegion) {
        self.code = code
        account = owner.account
        region = owner.region
        switch fix {
        case .createRoute(let table, let destination, let target):
            let destinationKey = destination.contains(":") ? "DestinationIpv6CidrBlock" : "DestinationCidrBlock"
            let targetKey: String
            let targetId: String
            switch target {
            case .internetGateway(let id): (targetKey, targetId) = ("GatewayId", id)
            case .vpcPeeringConnection(let id): (targetKey, targetId) = ("VpcPeeringConnectionId", id)
            case .natGateway(let id): (targetKey, targetId) = ("NatGatewayId", id)
            case .egressOnlyInternetGateway(let id): (targetKey, targetId) = ("EgressOnlyInternetGatewayId", id)
            case .transitGateway(let id): (targetKey, targetId) = ("TransitGatewayId", id)
            case .local, .vpcEndpoint: return nil
            }
            calls = [Call(action: "CreateRoute", parameters: ["RouteTableId": table, destinationKey: destination, targetKey: targetId])]
            command =
                "aws ec2 create-route --route-table-id \(table) --\(Self.cliName(destinationKey)) \(destination) --\(Self.cliName(targetKey)) \(targetId)"
        case .authorizeIngress(let group, let ipProtocol, let from, let to, let cidr),
            .authorizeEgress(let group, let ipProtocol, let from, let to, let cidr):
            let egress = if case .authorizeEgress = fix { true } else { false }
            var parameters = ["GroupId": group, "IpPermissions.1.IpProtocol": ipProtocol]
            var permission = "IpProtocol=\(ipProtocol)"
            if let from {
                parameters["IpPermissions.1.FromPort"] = String(from)
                parameters["IpPermissions.1.ToPort"] = String(to ?? from)
                permission += ",FromPort=\(from),ToPort=\(to ?? from)"
            }
            if cidr.contains(":") {
                parameters["IpPermissions.1.Ipv6Ranges.1.CidrIpv6"] = cidr
                permission += ",Ipv6Ranges=[{CidrIpv6=\(cidr)}]"
            } else {
                parameters["IpPermissions.1.IpRanges.1.CidrIp"] = cidr
                permission += ",IpRanges=[{CidrIp=\(cidr)}]"
            }
            let action = egress ? "AuthorizeSecurityGroupEgress" : "AuthorizeSecurityGroupIngress"
            calls = [Call(action: action, parameters: parameters)]
            command = "aws ec2 authorize-security-group-\(egress ? "egress" : "ingress") --group-id \(group) --ip-permissions '\(permission)'"
        case .createAclEntry(let acl, let number, let egress, let protocolNumber, let ports, let cidr):
            var parameters = [
                "NetworkAclId": acl, "RuleNumber": String(number), "Egress": String(egress), "Protocol": String(protocolNumber),
                "RuleAction": "allow",
                cidr.contains(":") ? "Ipv6CidrBlock" : "CidrBlock": cidr,
            ]
            var extra = ""
            if protocolNumber == 1 || protocolNumber == 58 {
                parameters["Icmp.Type"] = "-1"
                parameters["Icmp.Code"] = "-1"
                extra = " --icmp-type-code Type=-1,Code=-1"
            } else if let ports {
                parameters["PortRange.From"] = String(ports.lowerBound)
                parameters["PortRange.To"] = String(ports.upperBound)
                extra = " --port-range From=\(ports.lowerBound),To=\(ports.upperBound)"
            }
            calls = [Call(action: "CreateNetworkAclEntry", parameters: parameters)]
            command =
                "aws ec2 create-network-acl-entry --network-acl-id \(acl) --\(egress ? "egress" : "ingress") --rule-number \(number) "
                + "--protocol \(protocolNumber)\(extra) --\(cidr.contains(":") ? "ipv6-cidr-block" : "cidr-block") \(cidr) --rule-action allow"
        case .acceptPeering(let id):
            calls = [Call(action: "AcceptVpcPeeringConnection", parameters: ["VpcPeeringConnectionId": id])]
            command = "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(id)"
        case .associatePublicAddress(let interface):
            calls = [
                Call(action: "AllocateAddress", parameters: ["Domain": "vpc"]),
                Call(action: "AssociateAddress", parameters: ["NetworkInterfaceId": interface, "AllocationId": "$AllocationId"]),
            ]
            command =
                "aws ec2 associate-address --network-interface-id \(interface) --allocation-id \"$(aws ec2 allocate-address --query AllocationId --output text)\""
        case .startInstance(let id):
            calls = [Call(action: "StartInstances", parameters: ["InstanceId.1": id])]
            command = "aws ec2 start-instances --instance-ids \(id)"
        case .associateTransitGatewayRouteTable(let table, let attachment), .enableTransitGatewayRouteTablePropagation(let table, let attachment):
            let (action, verb) =
                if case .associateTransitGatewayRouteTable = fix {
                    ("AssociateTransitGatewayRouteTable", "associate-transit-gateway-route-table")
                } else {
                    ("EnableTransitGatewayRouteTablePropagation", "enable-transit-gateway-route-table-propagation")
                }
            calls = [Call(action: action, parameters: ["TransitGatewayRouteTableId": table, "TransitGatewayAttachmentId": attachment])]
            command = "aws ec2 \(verb) --transit-gateway-route-table-id \(table) --transit-gateway-attachment-id \(attachment)"
        case .replaceTransitGatewayRoute(let table, let destination, let attachment):
            calls = [
                Call(
                    action: "ReplaceTransitGatewayRoute",
                    parameters: ["TransitGatewayRouteTableId": table, "DestinationCidrBlock": destination, "TransitGatewayAttachmentId": attachment])
            ]
            command =
                "aws ec2 replace-transit-gateway-route --transit-gateway-route-table-id \(table) --destination-cidr-block \(destination) "
                + "--transit-gateway-attachment-id \(attachment)"
        }
    }

    /// `DestinationCidrBlock` → `destination-cidr-block`: the CLI's name of a parameter.
    static func cliName(_ parameter: String) -> String {
        var name = ""
        for character in parameter {
            if character.isUppercase, !name.isEmpty { name += "-" }
            name += character.lowercased()
        }
        return name
    }

    /// The account and Region that may make `fix`: the accepter's for a peering to accept, else the owner of what it
    /// changes (a route table, group, ACL, interface or instance), found in `state`; `scope` when none is found.
    static func owner(of fix: Fix, in state: CloudState, default scope: AccountRegion) -> AccountRegion {
        let id: String
        switch fix {
        case .acceptPeering(let peering):
            let found = state.regions.values.lazy.compactMap { $0.vpcPeeringConnections[peering] }.first
            return found?.accepter.scope ?? scope
        case .createRoute(let table, _, _): id = table
        case .authorizeIngress(let group, _, _, _, _), .authorizeEgress(let group, _, _, _, _): id = group
        case .createAclEntry(let acl, _, _, _, _, _): id = acl
        case .associatePublicAddress(let interface): id = interface
        case .startInstance(let instance): id = instance
        case .associateTransitGatewayRouteTable(let table, _), .enableTransitGatewayRouteTablePropagation(let table, _),
            .replaceTransitGatewayRoute(let table, _, _):
            id = table
        }
        if state[scope].resource(id) != nil { return scope }
        return state.regions.first { $0.value.resource(id) != nil }?.key ?? scope
    }

    var json: [String: any Sendable] {
        [
            "code": code, "command": command, "account": account, "region": region,
            "calls": calls.map { ["action": $0.action, "parameters": $0.parameters] as [String: any Sendable] },
        ]
    }
}
