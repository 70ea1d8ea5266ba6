import Addressing

/// Refusals about security groups and their rules, in AWS's codes and words.
extension EC2Error {
    /// `InvalidPermission.Duplicate`: a rule that allows the same traffic from the same peer already exists.
    public static func duplicatePermission(_ rule: SecurityGroupRule) -> EC2Error {
        let peer: String
        switch rule.peer {
        case .ipv4(let block): peer = block.description
        case .ipv6(let block): peer = block.description
        case .group(let id, _, _): peer = id
        case .prefixList(let id): peer = id
        }
        let ports = rule.fromPort.map { ", from port: \($0), to port: \(rule.toPort ?? $0)" } ?? ""
        return EC2Error(
            code: "InvalidPermission.Duplicate",
            message: "the specified rule \"peer: \(peer), \(rule.ipProtocol.uppercased())\(ports), ALLOW\" already exists")
    }

    /// `InvalidPermission.NotFound`, worded as AWS words it for Revoke and UpdateSecurityGroupRuleDescriptions.
    public static let permissionNotFound = EC2Error(
        code: "InvalidPermission.NotFound", message: "The specified rule does not exist in this security group.")

    /// `InvalidSecurityGroupRuleId.NotFound` for a rule id that is not a rule of the group (or of any group).
    public static func securityGroupRuleNotFound(_ ids: [String]) -> EC2Error {
        ResourceIdKind.securityGroupRule.notFound(ids)
    }

    /// `InvalidGroup.NotFound` for a group looked up by name in the default VPC.
    public static func securityGroupNameNotFound(_ name: String, defaultVpcId: String?) -> EC2Error {
        EC2Error(code: "InvalidGroup.NotFound", message: "The security group '\(name)' does not exist in default VPC '\(defaultVpcId ?? "none")'")
    }
}

extension ResourceIdKind {
    /// Security group rules (`sgr-…`): `InvalidSecurityGroupRuleId.NotFound` / `.Malformed`.
    public static let securityGroupRule = ResourceIdKind(
        prefix: .securityGroupRule, noun: "security group rule", notFoundCode: "InvalidSecurityGroupRuleId.NotFound",
        malformedCode: "InvalidSecurityGroupRuleId.Malformed")
}
