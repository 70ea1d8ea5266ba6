import CloudModel
import EC2Protocol

extension EC2Handlers {
    func describeSecurityGroupRules(
        _ request: EC2.DescribeSecurityGroupRulesRequest,
        context: Context
    ) async throws -> EC2.DescribeSecurityGroupRulesResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(
            ids: request.securityGroupRuleIds ?? [], filters: try Filter.from(request.filters), maxResults: request.maxResults,
            nextToken: request.nextToken)
        let page = try state.describeSecurityGroupRules(in: context.scope, query: query)
        return EC2.DescribeSecurityGroupRulesResult(
            securityGroupRules: page.items.map { EC2.SecurityGroupRule($0.rule, of: $0.group, isEgress: $0.isEgress) }, nextToken: page.nextToken)
    }

    func modifySecurityGroupRules(_ request: EC2.ModifySecurityGroupRulesRequest, context: Context) async throws -> EC2.ModifySecurityGroupRulesResult
    {
        let updates = request.securityGroupRules.map { update in
            SecurityGroupRuleUpdate(
                ruleId: update.securityGroupRuleId,
                rule: update.securityGroupRule.map {
                    SecurityGroupRuleRequest(
                        ipProtocol: $0.ipProtocol, fromPort: $0.fromPort, toPort: $0.toPort, cidrIpv4: $0.cidrIpv4, cidrIpv6: $0.cidrIpv6,
                        prefixListId: $0.prefixListId, referencedGroupId: $0.referencedGroupId, description: $0.description)
                })
        }
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifySecurityGroupRules(groupId: request.groupId, updates: updates)
        }
        return EC2.ModifySecurityGroupRulesResult(return: true)
    }

    func updateSecurityGroupRuleDescriptionsIngress(
        _ request: EC2.UpdateSecurityGroupRuleDescriptionsIngressRequest,
        context: Context
    ) async throws -> EC2.UpdateSecurityGroupRuleDescriptionsIngressResult {
        try await updateDescriptions(.ingress, context, request)
        return EC2.UpdateSecurityGroupRuleDescriptionsIngressResult(return: true)
    }

    func updateSecurityGroupRuleDescriptionsEgress(
        _ request: EC2.UpdateSecurityGroupRuleDescriptionsEgressRequest,
        context: Context
    ) async throws -> EC2.UpdateSecurityGroupRuleDescriptionsEgressResult {
        try await updateDescriptions(.egress, context, request)
        return EC2.UpdateSecurityGroupRuleDescriptionsEgressResult(return: true)
    }

    private func updateDescriptions(
        _ direction: Transaction.RuleDirection,
        _ context: Context,
        _ request: some RuleDescriptionParameters
    ) async throws {
        let permissions = (request.ipPermissions ?? []).map(\.model)
        let descriptions = (request.securityGroupRuleDescriptions ?? []).map {
            SecurityGroupRuleDescription(ruleId: $0.securityGroupRuleId, description: $0.description)
        }
        let (groupId, groupName) = (request.groupId, request.groupName)
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.updateSecurityGroupRuleDescriptions(
                direction, groupId: groupId, groupName: groupName, permissions: permissions, descriptions: descriptions)
        }
    }
}

/// The members UpdateSecurityGroupRuleDescriptionsIngress and …Egress share.
protocol RuleDescriptionParameters: Sendable {
    var dryRun: Bool? { get }
    var groupId: String? { get }
    var groupName: String? { get }
    var ipPermissions: [EC2.IpPermission]? { get }
    var securityGroupRuleDescriptions: [EC2.SecurityGroupRuleDescription]? { get }
}

extension EC2.UpdateSecurityGroupRuleDescriptionsIngressRequest: RuleDescriptionParameters {}
extension EC2.UpdateSecurityGroupRuleDescriptionsEgressRequest: RuleDescriptionParameters {}
