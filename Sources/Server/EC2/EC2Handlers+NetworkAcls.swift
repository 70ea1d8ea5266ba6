import Addressing
import CloudModel
import EC2Protocol

extension EC2Handlers {
    func describeNetworkAcls(_ request: EC2.DescribeNetworkAclsRequest, context: Context) async throws -> EC2.DescribeNetworkAclsResult {
        let (page, _) = try await describe(
            NetworkAcl.self, context, dryRun: request.dryRun, ids: request.networkAclIds, filters: request.filters,
            maxResults: request.maxResults, nextToken: request.nextToken)
        return EC2.DescribeNetworkAclsResult(networkAcls: page.items.map(EC2.NetworkAcl.init), nextToken: page.nextToken)
    }
}

extension EC2.NetworkAcl {
    init(_ acl: NetworkAcl) {
        self.init(
            associations: acl.associations.map {
                EC2.NetworkAclAssociation(networkAclAssociationId: $0.id, networkAclId: acl.id, subnetId: $0.subnetId)
            },
            entries: acl.entries.map(EC2.NetworkAclEntry.init), isDefault: acl.isDefault, networkAclId: acl.id, tags: acl.tags.wire,
            vpcId: acl.aclVpcId, ownerId: acl.scope.account)
    }
}

extension EC2.NetworkAclEntry {
    init(_ entry: CloudModel.NetworkAclEntry) {
        self.init(
            cidrBlock: entry.cidrBlock.ipv4?.description, egress: entry.egress,
            icmpTypeCode: entry.icmpType.map { EC2.IcmpTypeCode(code: entry.icmpCode, type: $0) }, ipv6CidrBlock: entry.cidrBlock.ipv6?.description,
            portRange: entry.portRange.map { EC2.PortRange(from: $0.lowerBound, to: $0.upperBound) }, protocol: entry.ipProtocol,
            ruleAction: entry.ruleAction.rawValue, ruleNumber: entry.ruleNumber)
    }
}
