import Addressing
import CloudModel
import EC2Protocol

extension EC2Handlers {
    func describeSecurityGroups(_ request: EC2.DescribeSecurityGroupsRequest, context: Context) async throws -> EC2.DescribeSecurityGroupsResult {
        var ids = request.groupIds ?? []
        if let names = request.groupNames, !names.isEmpty {
            // By name, AWS looks in the default VPC only.
            let state = try await snapshot(context, dryRun: request.dryRun)
            let region = state[context.scope]
            let defaultVpc = region.vpcs.values.first(where: \.isDefault)?.id
            for name in names {
                guard let group = region.securityGroups.values.first(where: { $0.groupName == name && $0.groupVpcId == defaultVpc }) else {
                    throw EC2Error(
                        code: "InvalidGroup.NotFound", message: "The security group '\(name)' does not exist in default VPC '\(defaultVpc ?? "none")'"
                    )
                }
                ids.append(group.id)
            }
        }
        let (page, _) = try await describe(
            SecurityGroup.self, context, dryRun: request.dryRun, ids: ids, filters: request.filters, maxResults: request.maxResults,
            nextToken: request.nextToken)
        return EC2.DescribeSecurityGroupsResult(nextToken: page.nextToken, securityGroups: page.items.map(EC2.SecurityGroup.init))
    }
}

extension EC2.SecurityGroup {
    init(_ group: SecurityGroup) {
        self.init(
            groupId: group.id, ipPermissionsEgress: EC2.IpPermission.grouping(group.egress), tags: group.tags.wire, vpcId: group.groupVpcId,
            securityGroupArn: "arn:aws:ec2:\(group.scope.region):\(group.scope.account):security-group/\(group.id)", ownerId: group.scope.account,
            groupName: group.groupName, description: group.groupDescription, ipPermissions: EC2.IpPermission.grouping(group.ingress))
    }
}

extension EC2.IpPermission {
    /// AWS reports rules grouped by protocol and port range, each group listing its sources.
    static func grouping(_ rules: [SecurityGroupRule]) -> [EC2.IpPermission] {
        var permissions: [EC2.IpPermission] = []
        for rule in rules {
            let index =
                permissions.firstIndex { $0.ipProtocol == rule.ipProtocol && $0.fromPort == rule.fromPort && $0.toPort == rule.toPort }
                ?? {
                    permissions.append(
                        EC2.IpPermission(
                            ipProtocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort, userIdGroupPairs: [], ipRanges: [],
                            ipv6Ranges: [], prefixListIds: []))
                    return permissions.count - 1
                }()
            switch rule.peer {
            case .ipv4(let block): permissions[index].ipRanges?.append(EC2.IpRange(description: rule.description, cidrIp: block.description))
            case .ipv6(let block): permissions[index].ipv6Ranges?.append(EC2.Ipv6Range(description: rule.description, cidrIpv6: block.description))
            case .group(let id, let userId):
                permissions[index].userIdGroupPairs?.append(EC2.UserIdGroupPair(description: rule.description, userId: userId, groupId: id))
            }
        }
        return permissions
    }
}
