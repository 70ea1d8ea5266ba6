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

    func createNetworkAcl(_ request: EC2.CreateNetworkAclRequest, context: Context) async throws -> EC2.CreateNetworkAclResult {
        let acl = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createNetworkAcl(
                vpcId: request.vpcId, tagSpecifications: TagSpecification.from(request.tagSpecifications), clientToken: request.clientToken)
        }
        return EC2.CreateNetworkAclResult(networkAcl: EC2.NetworkAcl(acl), clientToken: request.clientToken)
    }

    func deleteNetworkAcl(_ request: EC2.DeleteNetworkAclRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteNetworkAcl(request.networkAclId)
        }
    }

    func createNetworkAclEntry(_ request: EC2.CreateNetworkAclEntryRequest, context: Context) async throws {
        let entry = request.entry
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createNetworkAclEntry(request.networkAclId, entry)
        }
    }

    func replaceNetworkAclEntry(_ request: EC2.ReplaceNetworkAclEntryRequest, context: Context) async throws {
        let entry = request.entry
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.replaceNetworkAclEntry(request.networkAclId, entry)
        }
    }

    func deleteNetworkAclEntry(_ request: EC2.DeleteNetworkAclEntryRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteNetworkAclEntry(request.networkAclId, ruleNumber: request.ruleNumber, egress: request.egress)
        }
    }

    func replaceNetworkAclAssociation(
        _ request: EC2.ReplaceNetworkAclAssociationRequest,
        context: Context
    ) async throws -> EC2.ReplaceNetworkAclAssociationResult {
        let association = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.replaceNetworkAclAssociation(associationId: request.associationId, networkAclId: request.networkAclId)
        }
        return EC2.ReplaceNetworkAclAssociationResult(newAssociationId: association.id)
    }
}

extension EC2.NetworkAcl {
    init(_ acl: NetworkAcl) {
        self.init(
            associations: acl.associations.map {
                EC2.NetworkAclAssociation(networkAclAssociationId: $0.id, networkAclId: acl.id, subnetId: $0.subnetId)
            },
            entries: acl.orderedEntries.map(EC2.NetworkAclEntry.init), isDefault: acl.isDefault, networkAclId: acl.id, tags: acl.tags.wire,
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

/// The members CreateNetworkAclEntry and ReplaceNetworkAclEntry share: the entry they write.
protocol NetworkAclEntryParameters {
    var ruleNumber: Int { get }
    var egress: Bool { get }
    var `protocol`: String { get }
    var ruleAction: String { get }
    var cidrBlock: String? { get }
    var ipv6CidrBlock: String? { get }
    var icmpTypeCode: EC2.IcmpTypeCode? { get }
    var portRange: EC2.PortRange? { get }
}

extension NetworkAclEntryParameters {
    /// The model's request, unvalidated: the rules about it live in CloudModel.
    var entry: NetworkAclEntryRequest {
        NetworkAclEntryRequest(
            ruleNumber: ruleNumber, egress: egress, ipProtocol: `protocol`, ruleAction: ruleAction, cidrBlock: cidrBlock,
            ipv6CidrBlock: ipv6CidrBlock, fromPort: portRange?.from, toPort: portRange?.to, icmpType: icmpTypeCode?.type,
            icmpCode: icmpTypeCode?.code)
    }
}

extension EC2.CreateNetworkAclEntryRequest: NetworkAclEntryParameters {}
extension EC2.ReplaceNetworkAclEntryRequest: NetworkAclEntryParameters {}
