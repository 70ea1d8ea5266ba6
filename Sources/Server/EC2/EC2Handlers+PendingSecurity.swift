import CloudModel
import EC2Protocol

enum NotYetServed {
    static func operation(_ name: String) -> EC2Error {
        EC2Error(code: "UnsupportedOperation", message: "\(name) is not served by LocalVPC yet.")
    }
}

// TEMPORARY while the security-group rules and network ACL API is written: these operations answer an explicit AWS-style error, never a fake
// success. This file is deleted as the operations are implemented, before the work lands.
extension EC2Handlers {
    func describeSecurityGroupRules(_ request: EC2.DescribeSecurityGroupRulesRequest, context: Context) async throws
        -> EC2.DescribeSecurityGroupRulesResult
    {
        throw NotYetServed.operation("describeSecurityGroupRules")
    }

    func modifySecurityGroupRules(_ request: EC2.ModifySecurityGroupRulesRequest, context: Context) async throws -> EC2.ModifySecurityGroupRulesResult
    {
        throw NotYetServed.operation("modifySecurityGroupRules")
    }

    func updateSecurityGroupRuleDescriptionsIngress(_ request: EC2.UpdateSecurityGroupRuleDescriptionsIngressRequest, context: Context) async throws
        -> EC2.UpdateSecurityGroupRuleDescriptionsIngressResult
    {
        throw NotYetServed.operation("updateSecurityGroupRuleDescriptionsIngress")
    }

    func updateSecurityGroupRuleDescriptionsEgress(_ request: EC2.UpdateSecurityGroupRuleDescriptionsEgressRequest, context: Context) async throws
        -> EC2.UpdateSecurityGroupRuleDescriptionsEgressResult
    {
        throw NotYetServed.operation("updateSecurityGroupRuleDescriptionsEgress")
    }

    func createNetworkAcl(_ request: EC2.CreateNetworkAclRequest, context: Context) async throws -> EC2.CreateNetworkAclResult {
        throw NotYetServed.operation("createNetworkAcl")
    }

    func deleteNetworkAcl(_ request: EC2.DeleteNetworkAclRequest, context: Context) async throws {
        throw NotYetServed.operation("deleteNetworkAcl")
    }

    func createNetworkAclEntry(_ request: EC2.CreateNetworkAclEntryRequest, context: Context) async throws {
        throw NotYetServed.operation("createNetworkAclEntry")
    }

    func replaceNetworkAclEntry(_ request: EC2.ReplaceNetworkAclEntryRequest, context: Context) async throws {
        throw NotYetServed.operation("replaceNetworkAclEntry")
    }

    func deleteNetworkAclEntry(_ request: EC2.DeleteNetworkAclEntryRequest, context: Context) async throws {
        throw NotYetServed.operation("deleteNetworkAclEntry")
    }

    func replaceNetworkAclAssociation(_ request: EC2.ReplaceNetworkAclAssociationRequest, context: Context) async throws
        -> EC2.ReplaceNetworkAclAssociationResult
    {
        throw NotYetServed.operation("replaceNetworkAclAssociation")
    }
}
